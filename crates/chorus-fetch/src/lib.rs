//! Fetching pages for `chorus brief`, `chorus clean` and `chorus serve`: a real HTTP client (ureq) with connect and
//! overall timeouts, a size cap, a redirect limit and gzip; one clear error per failed URL.

use anyhow::{anyhow, Result};
use chorus::ingest::Input;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    /// The whole request, body included: a server that drips bytes forever is cut off here.
    pub total_timeout: Duration,
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_bytes: chorus_html::MAX_PAGE_BYTES as u64,
            max_redirects: 5,
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
    ureq::Agent::config_builder()
        .timeout_connect(Some(opts.connect_timeout))
        .timeout_global(Some(opts.total_timeout))
        .max_redirects(opts.max_redirects)
        .user_agent(concat!("chorus/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls)
        .build()
        .into()
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
        }
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
