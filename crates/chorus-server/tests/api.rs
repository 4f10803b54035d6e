//! The API in process: every endpoint, its errors, and the OpenAPI description checked against
//! real answers.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use chorus_server::{router, AppState, Config};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::path::PathBuf;
use tower::ServiceExt;

fn example(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/ferry");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn ferry_request() -> Value {
    json!({
        "articles": [
            {"text": example("01_harbour_courier.txt"), "name": "courier.txt", "outlet": "Harbour Courier"},
            {"text": example("02_coastal_wire.txt"), "name": "wire.txt"},
            {"text": example("03_island_radio.txt")},
        ],
        "words": 80
    })
}

fn app_with(config: Config) -> Router {
    router(AppState::new(config).unwrap())
}

fn app() -> Router {
    app_with(Config {
        db: None,
        ..Config::default()
    })
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Answer {
    let headers: Vec<(&str, &str)> = content_type
        .map(|t| ("content-type", t))
        .into_iter()
        .collect();
    send_with(app, method, uri, &headers, body).await
}

/// A request with these headers; `Host` is the in-process server's own (Config::default's
/// address) unless given.
async fn send_with(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req = req.header(header::HOST, "127.0.0.1:8080");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let response = app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Method::GET, uri, None, vec![]).await
}

async fn post_json(app: &Router, body: &Value) -> Answer {
    send(
        app,
        Method::POST,
        "/api/briefs",
        Some("application/json"),
        body.to_string().into_bytes(),
    )
    .await
}

#[tokio::test]
async fn create_read_list_and_delete_a_brief() {
    let app = app();
    let created = post_json(&app, &ferry_request()).await;
    assert_eq!(
        created.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    let brief = created.json();
    let id = brief["id"].as_i64().unwrap();
    assert_eq!(
        created.headers[header::LOCATION],
        format!("/api/briefs/{id}")
    );
    assert_eq!(brief["articles"][0]["outlet"], "Harbour Courier");
    // Every summary sentence's span, read from the returned article text, is the sentence.
    for item in brief["brief"]["summary"].as_array().unwrap() {
        let span = &item["support"][0];
        let article = &brief["articles"][span["source"].as_u64().unwrap() as usize - 1];
        let text = article["text"].as_str().unwrap();
        let (s, e) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        let squeezed: String = text[s..e].split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(squeezed, item["text"].as_str().unwrap());
    }
    assert!(brief["brief"]["summary"].as_array().unwrap().len() >= 2);

    let read = get(&app, &format!("/api/briefs/{id}")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.json()["brief"], brief["brief"]);

    let second = post_json(&app, &ferry_request()).await.json()["id"]
        .as_i64()
        .unwrap();
    let list = get(&app, "/api/briefs?per_page=1").await.json();
    assert_eq!(list["total"], 2);
    assert_eq!(list["briefs"][0]["id"], second, "newest first");
    let page2 = get(&app, "/api/briefs?per_page=1&page=2").await.json();
    assert_eq!(page2["briefs"][0]["id"], id);

    let path = format!("/api/briefs/{id}");
    // A new title, trimmed; the list shows it.
    let json = Some("application/json");
    let renamed = send(
        &app,
        Method::PATCH,
        &path,
        json,
        br#"{"title": "  Ferry aground off Pell Island "}"#.to_vec(),
    )
    .await;
    assert_eq!(
        renamed.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&renamed.body)
    );
    assert_eq!(renamed.json()["title"], "Ferry aground off Pell Island");
    assert_eq!(
        renamed.json()["brief"],
        brief["brief"],
        "only the title changes"
    );
    let listed = get(&app, "/api/briefs?per_page=1&page=2").await.json();
    assert_eq!(
        listed["briefs"][0]["title"],
        "Ferry aground off Pell Island"
    );
    let long = format!(r#"{{"title": "{}"}}"#, "x".repeat(201));
    for (body, content_type, status) in [
        (
            br#"{"title": "   "}"#.to_vec(),
            json,
            StatusCode::BAD_REQUEST,
        ),
        (
            br#"{"title": "\ufeff"}"#.to_vec(),
            json,
            StatusCode::BAD_REQUEST,
        ),
        (
            br#"{"title": "a\u0007b"}"#.to_vec(),
            json,
            StatusCode::BAD_REQUEST,
        ),
        (long.into_bytes(), json, StatusCode::BAD_REQUEST),
        (
            br#"{"title": "x", "other": 1}"#.to_vec(),
            json,
            StatusCode::BAD_REQUEST,
        ),
        (
            br#"{"title": "x"}"#.to_vec(),
            Some("text/plain"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ] {
        let answer = send(&app, Method::PATCH, &path, content_type, body).await;
        assert_eq!(
            answer.status,
            status,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert!(answer.json()["error"].is_string());
    }
    let missing = send(
        &app,
        Method::PATCH,
        "/api/briefs/999999",
        json,
        br#"{"title": "x"}"#.to_vec(),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let deleted = send(&app, Method::DELETE, &path, None, vec![]).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&app, &path).await.status, StatusCode::NOT_FOUND);
    let again = send(&app, Method::DELETE, &path, None, vec![]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "already gone");
    assert_eq!(get(&app, "/health").await.json()["briefs"], 1);
}

#[tokio::test]
async fn a_form_with_pasted_text_and_an_uploaded_page() {
    let app = app();
    let page = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/ferry-html/harbour-courier.html"),
    )
    .unwrap();
    let boundary = "chorusboundary7";
    let mut body = Vec::new();
    let mut field = |name: &str, file: Option<&str>, value: &[u8]| {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        if let Some(f) = file {
            body.extend_from_slice(
                format!("; filename=\"{f}\"\r\nContent-Type: text/html").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    };
    field("origin", None, b"page");
    field("name", None, b"Coastal Wire desk");
    field("text", None, example("02_coastal_wire.txt").as_bytes());
    field("name", None, b"left empty");
    field("text", None, b"   ");
    field("file", Some("harbour-courier.html"), &page);
    field("urls", None, b"\n");
    field("method", None, b"lead");
    field("words", None, b"60");
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let answer = send(
        &app,
        Method::POST,
        "/api/briefs",
        Some(&format!("multipart/form-data; boundary={boundary}")),
        body,
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let brief = answer.json();
    assert_eq!(
        brief["articles"].as_array().unwrap().len(),
        2,
        "the blank text box is skipped"
    );
    assert_eq!(brief["brief"]["method"], "lead");
    // Made on the page, and the pasted article under the name typed before it.
    assert_eq!(brief["origin"], "page");
    assert_eq!(brief["brief"]["sources"][0]["name"], "Coastal Wire desk");
    // The page was read as HTML: its outlet came from its metadata, its markup is gone.
    let page_article = &brief["articles"][1];
    assert!(page_article["outlet"].as_str().is_some(), "{page_article}");
    assert!(!page_article["text"].as_str().unwrap().contains("<p"));
}

#[tokio::test]
async fn bad_requests_get_clear_errors_and_the_server_goes_on() {
    let app = app_with(Config {
        db: None,
        max_body: 64 * 1024,
        ..Config::default()
    });
    // (method, path, content type, body, expected status, words the error must contain)
    type Case<'a> = (
        Method,
        &'a str,
        Option<&'a str>,
        Vec<u8>,
        StatusCode,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (Method::POST, "/api/briefs", Some("application/json"), b"{\"articles\": [".to_vec(), StatusCode::BAD_REQUEST, "bad JSON"),
        (Method::POST, "/api/briefs", Some("application/json"), b"{\"articles\": [], \"colour\": 1}".to_vec(), StatusCode::BAD_REQUEST, "unknown field"),
        (Method::POST, "/api/briefs", Some("application/json"), json!({"articles": [{"text": "A short article about a bridge that reopened on Monday."}], "method": "magic"}).to_string().into_bytes(), StatusCode::BAD_REQUEST, "unknown method"),
        (Method::POST, "/api/briefs", Some("application/json"), json!({"articles": []}).to_string().into_bytes(), StatusCode::BAD_REQUEST, "no articles"),
        (Method::POST, "/api/briefs", Some("text/csv"), b"a,b".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "multipart/form-data"),
        (Method::POST, "/api/briefs", Some("application/json"), vec![b' '; 200 * 1024], StatusCode::PAYLOAD_TOO_LARGE, ""),
        (Method::POST, "/api/briefs", Some("multipart/form-data; boundary=x"), b"--x\r\nnonsense".to_vec(), StatusCode::BAD_REQUEST, "bad form"),
        (Method::POST, "/api/briefs", Some("multipart/form-data; boundary=x"), b"--x\r\nContent-Disposition: form-data; name=\"origin\"\r\n\r\nelsewhere\r\n--x--\r\n".to_vec(), StatusCode::BAD_REQUEST, "is neither \"page\" nor \"api\""),
        (Method::POST, "/api/briefs", Some("multipart/form-data; boundary=x"), b"--x\r\nContent-Disposition: form-data; name=\"embeddings\"\r\n\r\n8536\r\n--x--\r\n".to_vec(), StatusCode::BAD_REQUEST, "embeddings: \"8536\" is neither"),
        (Method::GET, "/api/briefs/abc", None, vec![], StatusCode::BAD_REQUEST, "not a brief id"),
        (Method::GET, "/api/briefs/99", None, vec![], StatusCode::NOT_FOUND, "no brief 99"),
        (Method::GET, "/api/briefs?page=0", None, vec![], StatusCode::BAD_REQUEST, "page is 1 to"),
        (Method::GET, "/api/briefs?per_page=x", None, vec![], StatusCode::BAD_REQUEST, ""),
        (Method::GET, "/nothing/here", None, vec![], StatusCode::NOT_FOUND, "no such page"),
    ];
    for (method, uri, content_type, body, status, message) in cases {
        let answer = send(&app, method.clone(), uri, content_type, body).await;
        assert_eq!(
            answer.status,
            status,
            "{method} {uri}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        if status != StatusCode::PAYLOAD_TOO_LARGE {
            let error = answer.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(error.contains(message), "{method} {uri}: {error}");
        }
    }
    assert_eq!(get(&app, "/health").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_with_a_strict_policy() {
    let app = app();
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let html = String::from_utf8(page.body).unwrap();
    // No inline script or style, nothing from another host.
    assert!(!html.contains("<script>") && !html.contains("<style") && !html.contains(" style="));
    for attr in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(!html.contains(attr), "external resource: {attr}");
    }
    for (path, kind) in [("/app.js", "text/javascript"), ("/app.css", "text/css")] {
        let asset = get(&app, path).await;
        assert_eq!(asset.status, StatusCode::OK);
        assert!(asset.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with(kind));
    }
    let js = String::from_utf8(get(&app, "/app.js").await.body).unwrap();
    assert!(
        !js.contains("innerHTML") && !js.contains("insertAdjacentHTML") && !js.contains("eval(")
    );
}

#[tokio::test]
async fn a_deleted_database_file_refuses_writes_but_keeps_serving() {
    let dir = std::env::temp_dir().join(format!("chorus-server-deleted-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("chorus.db");
    let app = app_with(Config {
        db: Some(db.clone()),
        ..Config::default()
    });
    let id = post_json(&app, &ferry_request()).await.json()["id"]
        .as_i64()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let refused = post_json(&app, &ferry_request()).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.json()["error"]
        .as_str()
        .unwrap()
        .contains("was deleted"));
    let health = get(&app, "/health").await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(health.json()["status"], "degraded");
    assert_eq!(
        get(&app, &format!("/api/briefs/{id}")).await.status,
        StatusCode::OK,
        "reads go on"
    );
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
}

/// The OpenAPI description is kept true: every documented operation answers with a documented
/// status, its JSON validates against the documented schema, and the documented paths are the
/// ones the server has.
#[tokio::test]
async fn the_openapi_description_matches_the_server() {
    let app = app();
    let spec: Value = get(&app, "/openapi.json").await.json();
    assert_eq!(
        spec,
        serde_json::from_str::<Value>(chorus_server::OPENAPI).unwrap()
    );
    let id = post_json(&app, &ferry_request()).await.json()["id"]
        .as_i64()
        .unwrap();

    // Requests that exercise the documented responses.
    let calls: Vec<(&str, Method, String, Option<Value>)> = vec![
        ("/health", Method::GET, "/health".into(), None),
        ("/openapi.json", Method::GET, "/openapi.json".into(), None),
        (
            "/api/briefs",
            Method::GET,
            "/api/briefs?page=1&per_page=5".into(),
            None,
        ),
        (
            "/api/briefs",
            Method::GET,
            "/api/briefs?page=0".into(),
            None,
        ),
        (
            "/api/briefs",
            Method::POST,
            "/api/briefs".into(),
            Some(ferry_request()),
        ),
        (
            "/api/briefs",
            Method::POST,
            "/api/briefs".into(),
            Some(json!({"articles": 3})),
        ),
        (
            "/api/briefs/{id}",
            Method::GET,
            format!("/api/briefs/{id}"),
            None,
        ),
        (
            "/api/briefs/{id}",
            Method::GET,
            "/api/briefs/12345".into(),
            None,
        ),
        (
            "/api/briefs/{id}",
            Method::GET,
            "/api/briefs/x".into(),
            None,
        ),
        (
            "/api/briefs/{id}",
            Method::PATCH,
            format!("/api/briefs/{id}"),
            Some(json!({"title": "The ferry, renamed"})),
        ),
        (
            "/api/briefs/{id}",
            Method::PATCH,
            format!("/api/briefs/{id}"),
            Some(json!({"title": ""})),
        ),
        (
            "/api/briefs/{id}",
            Method::PATCH,
            "/api/briefs/12345".into(),
            Some(json!({"title": "x"})),
        ),
        (
            "/api/briefs/{id}",
            Method::DELETE,
            format!("/api/briefs/{id}"),
            None,
        ),
        (
            "/api/briefs/{id}",
            Method::DELETE,
            format!("/api/briefs/{id}"),
            None,
        ),
    ];
    let mut documented: Vec<(String, String)> = vec![];
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "parameters")
        {
            documented.push((path.clone(), method.to_uppercase()));
        }
    }
    documented.sort();
    let mut exercised: Vec<(String, String)> = calls
        .iter()
        .map(|(p, m, _, _)| (p.to_string(), m.to_string()))
        .collect();
    exercised.sort();
    exercised.dedup();
    assert_eq!(
        documented, exercised,
        "every documented operation is exercised, and only those"
    );

    for (path, method, uri, body) in calls {
        let answer = match body {
            Some(b) => {
                send(
                    &app,
                    method.clone(),
                    &uri,
                    Some("application/json"),
                    b.to_string().into_bytes(),
                )
                .await
            }
            None => send(&app, method.clone(), &uri, None, vec![]).await,
        };
        let op = &spec["paths"][path][method.as_str().to_lowercase()];
        let code = answer.status.as_u16().to_string();
        let mut response = &op["responses"][&code];
        assert!(
            !response.is_null(),
            "{method} {uri} answered {code}, not documented"
        );
        if let Some(r) = response["$ref"].as_str() {
            response = &spec["components"]["responses"][r.rsplit('/').next().unwrap()];
        }
        let Some(schema) = response["content"]["application/json"].get("schema") else {
            continue;
        };
        let mut root = schema.clone();
        root["components"] = spec["components"].clone();
        let validator = jsonschema::validator_for(&root).expect("schema compiles");
        let instance = answer.json();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{method} {uri}: {errors:?}");
        // The schema has teeth: an empty object is not a valid answer.
        assert!(
            !validator.is_valid(&json!({})),
            "{method} {uri}: schema accepts anything"
        );
    }
}

/// A server on 127.0.0.1 that accepts connections and never answers.
fn silent_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = vec![];
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    format!("http://{addr}/story")
}

#[tokio::test]
async fn a_url_that_never_answers_is_a_clear_error_and_the_request_time_is_bounded() {
    let url = silent_server();
    let quick_fetch = chorus_fetch::FetchOptions {
        connect_timeout: std::time::Duration::from_millis(500),
        total_timeout: std::time::Duration::from_millis(700),
        ..Default::default()
    };
    // The fetch gives up first: the article is reported, the others are briefed.
    let app = app_with(Config {
        db: None,
        fetch: quick_fetch.clone(),
        ..Config::default()
    });
    let mut with_url = ferry_request();
    with_url["articles"]
        .as_array_mut()
        .unwrap()
        .push(json!({"url": url}));
    let answer = post_json(&app, &with_url).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let warnings = answer.json()["brief"]["warnings"].to_string();
    assert!(
        warnings.contains("/story: no complete answer"),
        "{warnings}"
    );
    let only_url = post_json(&app, &json!({"articles": [{"url": url}]})).await;
    assert_eq!(only_url.status, StatusCode::BAD_REQUEST);
    assert!(only_url.json()["error"]
        .as_str()
        .unwrap()
        .contains("no article could be read"));

    // The request limit gives up first: 408, and the server goes on.
    let app = app_with(Config {
        db: None,
        request_timeout: std::time::Duration::from_millis(200),
        fetch: chorus_fetch::FetchOptions {
            total_timeout: std::time::Duration::from_secs(2),
            ..quick_fetch
        },
        ..Config::default()
    });
    let started = std::time::Instant::now();
    let answer = post_json(&app, &json!({"articles": [{"url": url}]})).await;
    assert_eq!(answer.status, StatusCode::REQUEST_TIMEOUT);
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    assert_eq!(get(&app, "/health").await.status, StatusCode::OK);
}

/// A stand-in model: every sentence gets the same vector, so everything is one point.
struct SameEmbedder;

impl chorus::embed::SentenceEmbedder for SameEmbedder {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        vec![vec![1.0, 0.0]; texts.len()]
    }
}

#[tokio::test]
async fn embeddings_are_used_when_the_server_has_a_model() {
    let mut request = ferry_request();
    request["embeddings"] = true.into();
    let without = post_json(&app(), &request).await;
    assert_eq!(without.status, StatusCode::BAD_REQUEST);
    // The page asks /health whether to offer embeddings.
    assert_eq!(get(&app(), "/health").await.json()["embeddings"], false);
    assert!(without.json()["error"]
        .as_str()
        .unwrap()
        .contains("no embedding model"));
    let app = app_with(Config {
        db: None,
        embedder: Some(chorus::embed::Embedder(std::sync::Arc::new(SameEmbedder))),
        ..Config::default()
    });
    assert_eq!(get(&app, "/health").await.json()["embeddings"], true);
    let with = post_json(&app, &request).await;
    assert_eq!(with.status, StatusCode::CREATED);
    // Every embedded sentence repeats the first: the summary is one sentence plus what was
    // never embedded, and the plain brief is longer.
    let plain = post_json(&app, &ferry_request()).await;
    let count = |a: &Answer| a.json()["brief"]["summary"].as_array().unwrap().len();
    assert!(
        count(&with) < count(&plain),
        "{} vs {}",
        count(&with),
        count(&plain)
    );
}

/// A loopback server that must never be reached through the API: it counts connections.
fn internal_service() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 2048];
            let _ = s.read(&mut buf);
            let page = "<html><body><p>The internal admin secret is hunter2, the staff wiki said on Monday.</p></body></html>";
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}",
                page.len()
            );
        }
    });
    (port, hits)
}

#[tokio::test]
async fn the_server_never_fetches_this_machine_or_its_network_for_a_client() {
    let (port, hits) = internal_service();
    let app = app();
    let mut req = ferry_request();
    for url in [
        format!("http://127.0.0.1:{port}/"),
        format!("http://localhost:{port}/"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://2130706433:{port}/"),
        format!("http://user:pass@127.0.0.1:{port}/"),
        "http://169.254.169.254/latest/meta-data/".to_string(),
    ] {
        req["articles"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "url": url }));
    }
    let answer = post_json(&app, &req).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let body = String::from_utf8_lossy(&answer.body);
    assert!(!body.contains("hunter2"), "an internal page came back");
    let warnings = answer.json()["brief"]["warnings"].to_string();
    assert_eq!(
        warnings.matches("could not be fetched").count(),
        6,
        "{warnings}"
    );
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_same_site_ones_pass() {
    let app = app();
    let body = ferry_request().to_string().into_bytes();
    let json = ("content-type", "application/json");
    for headers in [
        vec![json, ("origin", "http://evil.example")],
        vec![json, ("origin", "null")],
        vec![json, ("sec-fetch-site", "cross-site")],
        vec![json, ("sec-fetch-site", "same-site")],
        vec![json, ("origin", "http://127.0.0.1:9999")],
    ] {
        let a = send_with(&app, Method::POST, "/api/briefs", &headers, body.clone()).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(a.json()["error"].as_str().unwrap().contains("own page"));
    }
    // A cross-site multipart form (what a page elsewhere can send without asking) too.
    let form = "--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nThe ferry sank off Pell Island on Tuesday, officials said.\r\n--x--\r\n";
    let a = send_with(
        &app,
        Method::POST,
        "/api/briefs",
        &[
            ("content-type", "multipart/form-data; boundary=x"),
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        form.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send_with(
        &app,
        Method::DELETE,
        "/api/briefs/1",
        &[("sec-fetch-site", "cross-site")],
        vec![],
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    // The page itself, and a client that is not a browser, are let through.
    let a = send_with(
        &app,
        Method::POST,
        "/api/briefs",
        &[
            json,
            ("origin", "http://127.0.0.1:8080"),
            ("sec-fetch-site", "same-origin"),
        ],
        body.clone(),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(
        post_json(&app, &ferry_request()).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn only_exact_json_is_read_as_json() {
    let app = app();
    let body = ferry_request().to_string().into_bytes();
    for content_type in [
        None,
        Some("application/jsonbogus"),
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let a = send(
            &app,
            Method::POST,
            "/api/briefs",
            content_type,
            body.clone(),
        )
        .await;
        assert_eq!(
            a.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
    }
    let a = send(
        &app,
        Method::POST,
        "/api/briefs",
        Some("Application/JSON; charset=utf-8"),
        body,
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_host_the_server_does_not_answer_to_is_refused() {
    // A page on another site whose name was rebound to this machine's address sends its own
    // name as the Host.
    let app = app();
    for uri in ["/", "/api/briefs", "/api/briefs/1", "/health"] {
        let a = send_with(
            &app,
            Method::GET,
            uri,
            &[("host", "rebound.example:8080")],
            vec![],
        )
        .await;
        assert_eq!(a.status, StatusCode::MISDIRECTED_REQUEST, "{uri}");
        assert!(a.json()["error"]
            .as_str()
            .unwrap()
            .contains("does not answer"));
    }
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
        let a = send_with(&app, Method::GET, "/api/briefs", &[("host", host)], vec![]).await;
        assert_eq!(a.status, StatusCode::OK, "{host}");
    }
    // Names the operator gives are answered to.
    let app = app_with(Config {
        db: None,
        allowed_hosts: vec!["chorus.newsroom.example".into()],
        ..Config::default()
    });
    let a = send_with(
        &app,
        Method::GET,
        "/api/briefs",
        &[("host", "chorus.newsroom.example")],
        vec![],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn with_a_token_every_request_but_health_carries_it() {
    let token = "correct-horse-battery-staple";
    let app = app_with(Config {
        db: None,
        token: Some(token.into()),
        ..Config::default()
    });
    for uri in ["/", "/app.js", "/api/briefs", "/openapi.json"] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(a.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
    assert_eq!(get(&app, "/health").await.status, StatusCode::OK);
    let bearer = format!("Bearer {token}");
    let a = send_with(
        &app,
        Method::GET,
        "/api/briefs",
        &[("authorization", &bearer)],
        vec![],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = send_with(
        &app,
        Method::GET,
        "/api/briefs",
        &[("authorization", "Bearer correct-horse-battery-stapl")],
        vec![],
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // The page: /?token=… once sets a cookie (script cannot read it) and leaves the token
    // out of the address bar.
    let a = get(&app, &format!("/?token={token}")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let cookie = a.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap();
    let a = send_with(&app, Method::GET, "/", &[("cookie", pair)], vec![]).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/?token=wrong").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn every_error_is_json_and_a_page_past_the_end_is_empty() {
    let app = app_with(Config {
        db: None,
        max_body: 1024,
        ..Config::default()
    });
    let a = send(
        &app,
        Method::PUT,
        "/api/briefs",
        Some("application/json"),
        b"{}".to_vec(),
    )
    .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(a.json()["error"].is_string());
    let a = send(
        &app,
        Method::POST,
        "/api/briefs",
        Some("application/json"),
        vec![b' '; 4096],
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.json()["error"].is_string());
    // Before, (page - 1) × per_page wrapped to the first page.
    let app = self::app();
    assert_eq!(
        post_json(&app, &ferry_request()).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        get(&app, "/api/briefs").await.json()["briefs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let a = get(&app, "/api/briefs?page=9223372036854775808").await;
    assert_eq!(
        a.status,
        StatusCode::BAD_REQUEST,
        "beyond int64, as the description says"
    );
    for page in ["9223372036854775807", "184467440737095517"] {
        let a = get(&app, &format!("/api/briefs?page={page}&per_page=100")).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.json()["briefs"], json!([]), "page {page}");
    }
}

#[tokio::test]
async fn a_request_out_of_time_before_its_commit_stores_nothing() {
    // Before, the timeout answered 408 while the brief's work went on and stored it anyway: a
    // client that retried stored it twice.
    let url = silent_server();
    let app = app_with(Config {
        db: None,
        request_timeout: std::time::Duration::from_millis(300),
        fetch: chorus_fetch::FetchOptions {
            connect_timeout: std::time::Duration::from_millis(500),
            total_timeout: std::time::Duration::from_millis(900),
            ..Default::default()
        },
        ..Config::default()
    });
    let mut req = ferry_request();
    req["articles"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "url": url }));
    let a = post_json(&app, &req).await;
    assert_eq!(a.status, StatusCode::REQUEST_TIMEOUT);
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("nothing was stored"));
    // Long after the fetch gave up and the brief was built, nothing is stored.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(get(&app, "/api/briefs").await.json()["total"], 0);
}

#[tokio::test]
async fn health_and_reads_answer_while_every_worker_waits_on_slow_urls() {
    let url = silent_server();
    let app = app_with(Config {
        db: None,
        workers: 1,
        request_timeout: std::time::Duration::from_secs(10),
        fetch: chorus_fetch::FetchOptions {
            connect_timeout: std::time::Duration::from_secs(3),
            total_timeout: std::time::Duration::from_secs(3),
            ..Default::default()
        },
        ..Config::default()
    });
    let slow = json!({ "articles": [{ "url": url }] });
    let mut busy = Vec::new();
    for _ in 0..2 {
        let (app, slow) = (app.clone(), slow.clone());
        busy.push(tokio::spawn(
            async move { post_json(&app, &slow).await.status },
        ));
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    for uri in ["/health", "/api/briefs"] {
        let started = std::time::Instant::now();
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(
            started.elapsed() < std::time::Duration::from_millis(100),
            "{uri} took {:?}",
            started.elapsed()
        );
    }
    for b in busy {
        assert_eq!(b.await.unwrap(), StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn too_many_articles_are_refused_while_parsing() {
    let app = app();
    let body = format!("{{\"articles\": [{}]}}", vec!["{}"; 501].join(","));
    let a = send(
        &app,
        Method::POST,
        "/api/briefs",
        Some("application/json"),
        body.into_bytes(),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("more than 500 articles"));
}

#[tokio::test]
async fn a_deleted_write_ahead_log_stops_acknowledging_writes() {
    // Before, deleting chorus.db-wal went unnoticed: writes were acknowledged into the unlinked
    // log, and a crash lost every one of them.
    let dir = std::env::temp_dir().join(format!("chorus-server-wal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("chorus.db");
    let app = app_with(Config {
        db: Some(db.clone()),
        ..Config::default()
    });
    assert_eq!(
        post_json(&app, &ferry_request()).await.status,
        StatusCode::CREATED
    );
    let wal = dir.join("chorus.db-wal");
    assert!(
        wal.exists(),
        "SQLite keeps its log while the database is open"
    );
    std::fs::remove_file(&wal).unwrap();
    let refused = post_json(&app, &ferry_request()).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.json()["error"]
        .as_str()
        .unwrap()
        .contains("write-ahead log"));
    let health = get(&app, "/health").await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(health.json()["database"]
        .as_str()
        .unwrap()
        .contains("write-ahead log"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn half_open_connections_are_closed_and_their_number_is_capped() {
    use std::io::{Read, Write};
    // Before, a connection that never finished its headers stayed open for good (axum's serve
    // sets no header timeout), and there was no cap on their number.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = app_with(Config {
        db: None,
        addr,
        ..Config::default()
    });
    let limits = chorus_server::ConnectionLimits {
        header_read_timeout: std::time::Duration::from_millis(400),
        max_connections: 3,
    };
    tokio::spawn(chorus_server::serve_connections(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    let (waited, closed_after, answer) = tokio::task::spawn_blocking(move || {
        let open = || {
            let s = std::net::TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            s
        };
        // Three half-open connections fill the server.
        let started = std::time::Instant::now();
        let mut held: Vec<std::net::TcpStream> = (0..3)
            .map(|_| {
                let mut s = open();
                s.write_all(b"GET /health HTTP/1.1\r\nHost: 127").unwrap();
                s
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(50));
        // A fourth client is served only once they are closed by the header timeout.
        let mut s = open();
        write!(
            s,
            "GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        let waited = started.elapsed();
        for h in &mut held {
            let mut rest = Vec::new();
            let _ = h.read_to_end(&mut rest);
        }
        (waited, started.elapsed(), answer)
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        waited >= std::time::Duration::from_millis(350),
        "the fourth was served before a slot freed: {waited:?}"
    );
    assert!(
        closed_after < std::time::Duration::from_secs(2),
        "half-open connections were kept: {closed_after:?}"
    );
}

#[tokio::test]
async fn the_storage_quota_refuses_or_makes_room() {
    // Before, nothing bounded the database (733 MB a minute under load).
    let app = app_with(Config {
        db: None,
        max_db_bytes: Some(1 << 20),
        ..Config::default()
    });
    let mut refused = None;
    for _ in 0..300 {
        let a = post_json(&app, &ferry_request()).await;
        if a.status != StatusCode::CREATED {
            refused = Some(a);
            break;
        }
    }
    let refused = refused.expect("the quota was reached");
    assert_eq!(refused.status, StatusCode::INSUFFICIENT_STORAGE);
    assert!(refused.json()["error"]
        .as_str()
        .unwrap()
        .contains("--delete-oldest"));
    let stored = get(&app, "/api/briefs").await.json()["total"]
        .as_i64()
        .unwrap();
    assert!(stored > 0);
    // With delete-oldest the newest briefs stay and the oldest make room.
    let app = app_with(Config {
        db: None,
        max_db_bytes: Some(1 << 20),
        delete_oldest: true,
        ..Config::default()
    });
    let mut last = 0;
    for _ in 0..(stored + 20) {
        let a = post_json(&app, &ferry_request()).await;
        assert_eq!(a.status, StatusCode::CREATED);
        last = a.json()["id"].as_i64().unwrap();
    }
    let list = get(&app, "/api/briefs?per_page=100").await.json();
    assert!(list["total"].as_i64().unwrap() <= stored);
    assert_eq!(list["briefs"][0]["id"].as_i64(), Some(last));
    assert_eq!(
        get(&app, "/api/briefs/1").await.status,
        StatusCode::NOT_FOUND
    );
}
