//! Fetching pages for `chorus brief`, `chorus clean` and `chorus serve`: a real HTTP client (ureq) with connect and
//! overall timeouts, a size cap, a redirect limit and gzip; one clear error per failed URL.
//!
//! Where the fetch may go is a `FetchPolicy`. The CLI fetches what its user asks; the server,
//! which fetches what its clients ask, fetches public addresses only: every name is resolved once,
//! the addresses that are not public are dropped, and the connection goes to an address that was
//! checked — for the first request and after every redirect (each hop is resolved through the same
//! filter), so no spelling of a host (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`, a name that
//! resolves there, a redirect there) reaches this machine or its network.

mod policy;

use anyhow::{anyhow, Result};
use chorus::ingest::Input;
use std::time::Duration;

pub use policy::{is_public, FetchPolicy};

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    /// The whole request, body included: a server that drips bytes forever is cut off here.
    pub total_timeout: Duration,
    pub max_bytes: u64,
    pub max_redirects: u32,
    /// Which addresses may be fetched.
    pub policy: FetchPolicy,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_bytes: chorus_html::MAX_PAGE_BYTES as u64,
            max_redirects: 5,
            policy: FetchPolicy::Anywhere,
        }
    }
}

pub fn is_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// An HTTP client with these limits. TLS certificates are checked against the system's trust
/// store (where a proxy that re-signs traffic installs its authority), not a bundled list.
pub fn agent(opts: &FetchOptions) -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    let builder = ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.total_timeout))
        .max_redirects(opts.max_redirects)
        .user_agent(concat!("chorus/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls);
    match &opts.policy {
        FetchPolicy::Anywhere => builder.build().into(),
        // No proxy from the environment: the checked address must be the one connected to.
        policy => ureq::Agent::with_parts(
            builder.proxy(None).build(),
            ureq::unversioned::transport::DefaultConnector::default(),
            policy::FilteringResolver::new(policy.clone()),
        ),
    }
}

pub use ureq;

/// Fetches one page. Errors say what went wrong with which URL.
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Input> {
    let agent = agent(opts);
    let mut response = agent.get(url).call().map_err(|e| describe(url, e, opts))?;
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = response
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| describe(url, e, opts))?;
    Ok(Input {
        name: url.to_string(),
        bytes,
        url: Some(url.to_string()),
        content_type,
    })
}

fn describe(url: &str, e: ureq::Error, opts: &FetchOptions) -> anyhow::Error {
    if opts.policy != FetchPolicy::Anywhere {
        // Fetching for others: a refused address, an unknown name, a closed, filtered or
        // resetting port all read the same, so the answers map nothing behind the server.
        return match e {
            ureq::Error::StatusCode(code) => anyhow!("{url}: the server answered HTTP {code}"),
            ureq::Error::BodyExceedsLimit(_) => {
                anyhow!("{url}: the page is larger than {} bytes", opts.max_bytes)
            }
            ureq::Error::TooManyRedirects => {
                anyhow!("{url}: more than {} redirects", opts.max_redirects)
            }
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => anyhow!("{url}: not a web address"),
            _ => anyhow!(
                "{url}: could not be fetched (only public web addresses are fetched by this server)"
            ),
        };
    }
    match e {
        ureq::Error::StatusCode(code) => anyhow!("{url}: the server answered HTTP {code}"),
        ureq::Error::Timeout(_) => anyhow!(
            "{url}: no complete answer within {} s",
            opts.total_timeout.as_secs_f64()
        ),
        ureq::Error::BodyExceedsLimit(_) => {
            anyhow!("{url}: the page is larger than {} bytes", opts.max_bytes)
        }
        ureq::Error::TooManyRedirects => {
            anyhow!("{url}: more than {} redirects", opts.max_redirects)
        }
        other => anyhow!("{url}: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::thread;

    /// A one-purpose server on 127.0.0.1: each connection gets `respond(stream)`.
    fn serve(respond: fn(TcpStream)) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                thread::spawn(move || respond(stream));
            }
        });
        format!("http://{addr}")
    }

    fn read_request(s: &mut TcpStream) -> String {
        let mut buf = [0u8; 4096];
        let n = s.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    fn quick() -> FetchOptions {
        FetchOptions {
            connect_timeout: Duration::from_secs(2),
            total_timeout: Duration::from_millis(1500),
            max_bytes: 64 * 1024,
            max_redirects: 3,
            policy: FetchPolicy::Anywhere,
        }
    }

    /// A target that must never be reached: it counts the connections it gets.
    fn target() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = std::sync::Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        thread::spawn(move || {
            for mut s in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let _ = read_request(&mut s);
                let _ = s.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 16\r\n\r\ninternal secrets",
                );
            }
        });
        (port, hits)
    }

    #[test]
    fn the_public_only_policy_never_reaches_this_machine_in_any_spelling() {
        let (port, hits) = target();
        let opts = FetchOptions {
            policy: FetchPolicy::public_only(),
            ..quick()
        };
        let forms = [
            format!("http://127.0.0.1:{port}/"),
            format!("http://localhost:{port}/"),
            format!("http://[::ffff:127.0.0.1]:{port}/"),
            format!("http://2130706433:{port}/"),
            format!("http://0x7f.1:{port}/"),
            format!("http://0177.0.0.1:{port}/"),
            format!("http://127.1:{port}/"),
            format!("http://user:pass@127.0.0.1:{port}/"),
            format!("http://0.0.0.0:{port}/"),
            format!("HTTP://LOCALHOST:{port}/"),
        ];
        let mut messages = Vec::new();
        for url in &forms {
            let err = fetch(url, &opts).unwrap_err().to_string();
            assert!(!err.contains("internal secrets"), "{err}");
            messages.push(err.replace(url.as_str(), "URL"));
        }
        // A closed port answers exactly as a refused address: nothing to tell ports apart by.
        let closed = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{closed}/");
        messages.push(
            fetch(&url, &opts)
                .unwrap_err()
                .to_string()
                .replace(&url, "URL"),
        );
        messages.dedup();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
        // The CLI's policy fetches what its user asks.
        assert!(fetch(&forms[0], &quick()).is_ok());
    }

    #[test]
    fn a_redirect_to_a_private_address_is_refused_at_every_hop() {
        let (port, hits) = target();
        // The redirector stands in for a public server (allowed by exception); each hop of its
        // redirects goes to the target in another spelling.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let redirector = listener.local_addr().unwrap();
        thread::spawn(move || {
            for mut s in listener.incoming().flatten() {
                let req = read_request(&mut s);
                let to = match req.split_whitespace().nth(1).unwrap_or("/") {
                    "/a" => format!("http://127.0.0.1:{port}/"),
                    "/b" => format!("http://[::1]:{port}/"),
                    "/c" => format!("http://2130706433:{port}/"),
                    _ => "/a".to_string(),
                };
                let reply = format!(
                    "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = s.write_all(reply.as_bytes());
            }
        });
        let opts = FetchOptions {
            policy: FetchPolicy::PublicOnly {
                except: vec![redirector],
            },
            ..quick()
        };
        for path in ["/a", "/b", "/c", "/hop"] {
            let err = fetch(&format!("http://{redirector}{path}"), &opts).unwrap_err();
            assert!(err.to_string().contains("could not be fetched"), "{err}");
        }
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[test]
    fn a_gzipped_latin1_page_arrives_with_its_content_type() {
        let url = serve(|mut s| {
            let req = read_request(&mut s);
            assert!(req.to_ascii_lowercase().contains("accept-encoding: gzip"));
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(b"<html><body><p>Caf\xe9 owners met on Tuesday.</p></body></html>")
                .unwrap();
            let body = gz.finish().unwrap();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\
                 Content-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            s.write_all(head.as_bytes()).unwrap();
            s.write_all(&body).unwrap();
        });
        let input = fetch(&format!("{url}/a"), &quick()).unwrap();
        assert!(input.content_type.unwrap().contains("iso-8859-1"));
        let story = chorus::ingest::story_from_inputs(&[fetch(&url, &quick()).unwrap()]).unwrap();
        assert!(
            story.articles[0].text.contains("Café owners"),
            "{}",
            story.articles[0].text
        );
    }

    #[test]
    fn a_server_that_never_answers_times_out() {
        let url = serve(|mut s| {
            let _ = read_request(&mut s);
            thread::sleep(Duration::from_secs(10));
        });
        let start = std::time::Instant::now();
        let err = fetch(&url, &quick()).unwrap_err().to_string();
        assert!(err.contains("no complete answer"), "{err}");
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn an_endless_body_is_cut_at_the_cap() {
        let url = serve(|mut s| {
            let _ = read_request(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n");
            let chunk = [b'x'; 8192];
            while s.write_all(&chunk).is_ok() {}
        });
        let err = fetch(&url, &quick()).unwrap_err().to_string();
        assert!(
            err.contains("larger than") || err.contains("no complete answer"),
            "{err}"
        );
    }

    #[test]
    fn redirect_loops_and_errors_are_reported_per_url() {
        let url = serve(|mut s| {
            let req = read_request(&mut s);
            let reply = if req.starts_with("GET /missing") {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            } else {
                "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            };
            let _ = s.write_all(reply.as_bytes());
        });
        let err = fetch(&format!("{url}/loop"), &quick())
            .unwrap_err()
            .to_string();
        assert!(err.contains("redirects"), "{err}");
        let err = fetch(&format!("{url}/missing"), &quick())
            .unwrap_err()
            .to_string();
        assert!(err.contains("404"), "{err}");
        // Nothing listens on a port just freed.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        assert!(fetch(&format!("http://127.0.0.1:{port}/"), &quick()).is_err());
        assert!(is_url("HTTPS://example.org") && !is_url("example.html"));
    }
}
