//! Who may talk to the server, checked before any handler runs:
//!
//! - the `Host` header must name this server (`Config::allowed_hosts`): a page on another site
//!   that rebinds its own name to this machine's address is refused (DNS rebinding);
//! - a request that changes something (POST, DELETE) must come from this server's own page or
//!   from a client that is not a browser: a browser says where a request comes from
//!   (`Sec-Fetch-Site`, `Origin`), and a page on another origin is refused (CSRF);
//! - with a token (`Config::token`), every request but `/health` must carry it, as
//!   `Authorization: Bearer …` or as the cookie the page gets by opening `/?token=…` once.

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// The cookie that carries the token for the page.
const TOKEN_COOKIE: &str = "chorus_token";

#[derive(Debug)]
pub struct Guard {
    /// `host[:port]` values the server answers to, lower-cased.
    hosts: Vec<String>,
    token: Option<String>,
}

impl Guard {
    /// The hosts a server bound to `addr` answers to: its address and, on loopback or an
    /// unspecified address, `localhost` and the loopback addresses; plus `extra` (names and
    /// addresses other machines use for it). A host without a port stands for port 80.
    pub fn new(addr: SocketAddr, extra: &[String], token: Option<String>) -> Guard {
        let port = addr.port();
        let mut names: Vec<String> = vec![addr.ip().to_string()];
        if addr.ip().is_loopback() || addr.ip().is_unspecified() {
            names.extend(["localhost", "127.0.0.1", "::1"].map(str::to_string));
        }
        let mut hosts = Vec::new();
        for name in names {
            let bracketed = if name.contains(':') {
                format!("[{name}]")
            } else {
                name.clone()
            };
            hosts.push(format!("{bracketed}:{port}"));
            if port == 80 {
                hosts.push(bracketed);
            }
        }
        for h in extra {
            let h = h.trim().to_ascii_lowercase();
            if h.is_empty() {
                continue;
            }
            // A name given without a port answers on the server's port (and bare, on port 80).
            let has_port = h.rsplit_once(':').is_some_and(|(host, p)| {
                !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !host.ends_with(':')
            }) && !(h.starts_with('[') && h.ends_with(']'));
            if has_port {
                hosts.push(h);
            } else {
                hosts.push(format!("{h}:{port}"));
                hosts.push(h);
            }
        }
        hosts.sort();
        hosts.dedup();
        Guard {
            hosts,
            token: token.filter(|t| !t.is_empty()),
        }
    }

    fn allows_host(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    fn token_in(&self, headers: &HeaderMap, token: &str) -> bool {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| same(t.trim(), token));
        let cookie = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .any(|(k, v)| k == TOKEN_COOKIE && same(v, token));
        bearer || cookie
    }
}

/// Equal, compared in time that depends on the length only (a token is not guessed byte by byte).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The `host[:port]` of an `Origin` header (`scheme://host[:port]`), lower-cased.
fn origin_host(origin: &str) -> Option<String> {
    let (scheme, rest) = origin.split_once("://")?;
    let host = rest.split('/').next()?.to_ascii_lowercase();
    // An origin that omits its port uses its scheme's.
    let default = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let has_port = host.rsplit_once(':').is_some_and(|(h, p)| {
        !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':')
    }) && !host.ends_with(']');
    Some(if has_port {
        host
    } else {
        format!("{host}{default}")
    })
}

fn with_default_port(host: &str) -> String {
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(h, p)| !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !host.ends_with(']');
    if has_port {
        host.to_ascii_lowercase()
    } else {
        format!("{}:80", host.to_ascii_lowercase())
    }
}

pub async fn guard(State(g): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    match check(&g, &req) {
        Ok(Some(early)) => early,
        Ok(None) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

/// `Ok(None)`: go on; `Ok(Some(r))`: answer `r` instead (the page's token exchange).
fn check(g: &Guard, req: &Request) -> Result<Option<Response>, ApiError> {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
        .ok_or_else(|| ApiError::bad_request("a Host header is required"))?;
    if !g.allows_host(&host) {
        return Err(ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            format!("this server does not answer to the host {host:?}"),
        ));
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        let site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none");
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let same_origin =
            origin.is_none_or(|o| origin_host(o).is_some_and(|oh| oh == with_default_port(&host)));
        if !matches!(site, "same-origin" | "none") || !same_origin {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "requests that change briefs come from this server's own page or from a client that is not a browser page on another site",
            ));
        }
    }
    let Some(token) = &g.token else {
        return Ok(None);
    };
    if req.uri().path() == "/health" || g.token_in(headers, token) {
        return Ok(None);
    }
    // The page's way in: `/?token=…` once sets the cookie and sends the browser to `/`.
    if req.method() == Method::GET && req.uri().path() == "/" {
        let given = req.uri().query().and_then(|q| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == "token")
                .map(|(_, v)| v.to_string())
        });
        if given.is_some_and(|t| same(&t, token)) {
            let cookie = format!("{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
            let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            return Ok(Some(r));
        }
    }
    let mut r = ApiError::new(
        StatusCode::UNAUTHORIZED,
        "this server needs its token: an Authorization: Bearer header, or open /?token=… once in the browser",
    )
    .into_response();
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    Ok(Some(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_a_loopback_server_and_extra_names() {
        let g = Guard::new(
            "127.0.0.1:8080".parse().unwrap(),
            &["chorus.example".into(), "10.0.0.5:9000".into()],
            None,
        );
        for h in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "chorus.example",
            "chorus.example:8080",
            "10.0.0.5:9000",
        ] {
            assert!(g.allows_host(h), "{h}");
        }
        for h in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "localhost",
            "10.0.0.5:8080",
            "",
        ] {
            assert!(!g.allows_host(h), "{h}");
        }
    }

    #[test]
    fn origins_compare_with_their_default_ports() {
        assert_eq!(
            origin_host("http://127.0.0.1:8080").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            origin_host("http://example.org").as_deref(),
            Some("example.org:80")
        );
        assert_eq!(origin_host("https://[::1]").as_deref(), Some("[::1]:443"));
        assert_eq!(origin_host("null"), None);
        assert_eq!(with_default_port("Example.org"), "example.org:80");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd") && !same("abc", "ab") && !same("", "a"));
    }
}
