//! `chorus serve`: Chorus over HTTP. A JSON API to create, read, list and delete briefs, a web
//! page (served from the binary, no CDN) to do the same by hand, and SQLite (WAL) underneath.
//!
//! The pipeline is CPU work of milliseconds; fetching URLs and SQLite are blocking. All of it
//! runs on tokio's blocking threads, at most a few briefs at a time (the rest wait), so the async
//! threads stay free to answer `/health`, the page and reads.

pub mod briefs;
pub mod db;
pub mod error;
pub mod guard;

use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use briefs::{ArticleIn, BriefRequest};
use chorus_fetch::FetchOptions;
use db::Db;
use error::ApiError;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The OpenAPI description of the API, served at `/openapi.json` (a test keeps it true).
pub const OPENAPI: &str = include_str!("openapi.json");

const INDEX_HTML: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const APP_CSS: &str = include_str!("web/app.css");
const FAVICON: &str = include_str!("web/favicon.svg");

/// Scripts, styles and requests from this server only; no inline script, no plugins, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// The SQLite file; `None` keeps everything in memory (tests).
    pub db: Option<PathBuf>,
    /// Largest request body accepted (413 beyond).
    pub max_body: usize,
    /// Longest a request may take (408 beyond).
    pub request_timeout: Duration,
    /// How fetched URLs are bounded; its total timeout should stay under `request_timeout`.
    pub fetch: FetchOptions,
    /// Briefs built at the same time; further requests wait their turn.
    pub workers: usize,
    /// The sentence-embedding model, for requests that ask for `embeddings`.
    pub embedder: Option<chorus::embed::Embedder>,
    /// Names (and `host:port` values) the server answers to besides its own address and, on
    /// loopback, `localhost`: a request whose `Host` is none of them is refused.
    pub allowed_hosts: Vec<String>,
    /// When set, every request but `/health` must carry it (see `guard`).
    pub token: Option<String>,
    /// The most bytes the stored briefs may take; a brief that would go beyond is refused (507)
    /// — or, with `delete_oldest`, the oldest briefs make room for it.
    pub max_db_bytes: Option<u64>,
    pub delete_oldest: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: Some(PathBuf::from("chorus.db")),
            max_body: 32 << 20,
            request_timeout: Duration::from_secs(60),
            // The server fetches for its clients: public addresses only.
            fetch: FetchOptions {
                policy: chorus_fetch::FetchPolicy::public_only(),
                ..FetchOptions::default()
            },
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            embedder: None,
            allowed_hosts: Vec::new(),
            token: None,
            max_db_bytes: None,
            delete_oldest: false,
        }
    }
}

/// Briefs waiting for a worker beyond which a new one is turned away (429), per worker: at a
/// few milliseconds a brief, a full queue is a wait of a fraction of a second, while a flood is
/// refused before it is queued.
const QUEUE_PER_WORKER: usize = 64;

/// Request bodies held in memory at once, in multiples of the largest body: beyond it a new
/// upload is turned away (429) before it is read.
const BODIES_IN_FLIGHT: usize = 4;

#[derive(Clone)]
pub struct AppState {
    db: Arc<Db>,
    config: Arc<Config>,
    /// Workers for briefs (fetching and the pipeline): `Config::workers` permits.
    work: Arc<Semaphore>,
    /// Briefs waiting for a worker.
    queued: Arc<std::sync::atomic::AtomicUsize>,
    /// Reads of the store and `/health`: apart from the brief workers, so that briefs in
    /// progress (slow fetches) never hold them up.
    reads: Arc<Semaphore>,
    /// Bytes of request bodies in memory, in KiB.
    bodies: Arc<Semaphore>,
}

/// A kind of blocking work, and the pool it waits in.
#[derive(Clone, Copy)]
enum Pool {
    Briefs,
    Reads,
}

impl AppState {
    pub fn new(config: Config) -> anyhow::Result<AppState> {
        let db = match &config.db {
            Some(path) => Db::open(path)?,
            None => Db::in_memory()?,
        };
        let workers = config.workers.max(1);
        let body_kib = (config.max_body / 1024 + 1) * BODIES_IN_FLIGHT;
        Ok(AppState {
            db: Arc::new(db),
            work: Arc::new(Semaphore::new(workers)),
            queued: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
            reads: Arc::new(Semaphore::new(workers.max(2) * 2)),
            bodies: Arc::new(Semaphore::new(body_kib.min(Semaphore::MAX_PERMITS))),
            config: Arc::new(config),
        })
    }

    /// Runs blocking work (the pipeline, fetching, SQLite) on a blocking thread, a few at a time.
    /// The permit travels with the work: a request that times out does not free it while its
    /// work runs on, so no more work runs than there are permits. Briefs beyond the queue's
    /// length are turned away at once (429, try again shortly).
    async fn blocking<T: Send + 'static>(
        &self,
        pool: Pool,
        f: impl FnOnce(&Db, &Config) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        use std::sync::atomic::Ordering;
        let permit = match pool {
            Pool::Reads => self.reads.clone().acquire_owned().await,
            Pool::Briefs => {
                let limit = self.config.workers.max(1) * QUEUE_PER_WORKER;
                if self.work.available_permits() == 0 && self.queued.load(Ordering::SeqCst) >= limit
                {
                    return Err(ApiError::busy(
                        "the server is busy with other briefs; try again shortly",
                    ));
                }
                // Counted while it waits, and uncounted however the wait ends (a request
                // dropped mid-wait — its client gone — included).
                struct Waiting(Arc<std::sync::atomic::AtomicUsize>);
                impl Drop for Waiting {
                    fn drop(&mut self) {
                        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
                self.queued.fetch_add(1, Ordering::SeqCst);
                let _waiting = Waiting(self.queued.clone());
                self.work.clone().acquire_owned().await
            }
        }
        .map_err(|_| ApiError::unavailable("the server is shutting down"))?;
        let (db, config) = (self.db.clone(), self.config.clone());
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f(&db, &config)
        })
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    }
}

/// The whole application: API, page, and the safety layers around them.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body;
    let timeout = state.config.request_timeout;
    let guard = Arc::new(guard::Guard::new(
        state.config.addr,
        &state.config.allowed_hosts,
        state.config.token.clone(),
    ));
    Router::new()
        .route("/", get(page_index))
        .route("/app.js", get(page_js))
        .route("/app.css", get(page_css))
        .route("/favicon.svg", get(page_icon))
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/api/briefs", get(list_briefs))
        .route(
            "/api/briefs/{id}",
            get(get_brief).delete(delete_brief).patch(rename_brief),
        )
        .fallback(not_found)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        // Creating a brief keeps its own time: it stops short of storing once the request's
        // time is up (408, nothing stored), and once stored it is answered 201 — a layer that
        // cut the answer after the commit would have a client store it twice.
        .route("/api/briefs", axum::routing::post(create_brief))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(guard, guard::guard))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(axum::middleware::map_response(json_errors))
}

/// Every error is JSON, as the API's own are: the answers of the layers (413 from the body
/// limit, 408 from the timeout) and of the router (405) get `{"error": …}` too.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
    let mut out = ApiError::new(status, reason).into_response();
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// What one connection may hold.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Longest a client may take to send a request's headers, and to start the next request on
    /// a kept-alive connection: half-open connections (slowloris) are closed after it.
    pub header_read_timeout: Duration,
    /// Connections served at once; beyond it new ones wait to be accepted, so holding
    /// connections open cannot exhaust the server's memory or file descriptors.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 8192,
        }
    }
}

/// Serves until Ctrl-C. `on_listening` gets the bound address (port 0 picks a free one).
pub async fn serve(
    mut config: Config,
    on_listening: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let addr = config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    // The bound address (port 0 picks one) is the one the Host check knows.
    config.addr = listener.local_addr()?;
    let state = AppState::new(config)?;
    on_listening(state.config.addr);
    serve_connections(
        listener,
        router(state),
        ConnectionLimits::default(),
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    )
    .await;
    Ok(())
}

/// The accept loop: hyper with a header-read timeout (axum's own `serve` sets none), a cap on
/// connections, and a graceful stop on `shutdown`.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(_) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Full: wait for a connection to end (the header timeout ends idle ones); new clients
        // wait in the listen backlog meanwhile, a burst is served in turn rather than refused.
        let Ok(permit) = connections.clone().acquire_owned().await else {
            break;
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone().map_request(
            |req: axum::http::Request<hyper::body::Incoming>| req.map(axum::body::Body::new),
        ));
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    // Let the connections in progress finish (a while at most).
    let _ = tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await;
}

async fn page_index() -> Response {
    static_file("text/html; charset=utf-8", INDEX_HTML)
}

async fn page_js() -> Response {
    static_file("text/javascript; charset=utf-8", APP_JS)
}

async fn page_css() -> Response {
    static_file("text/css; charset=utf-8", APP_CSS)
}

async fn page_icon() -> Response {
    static_file("image/svg+xml", FAVICON)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such page or endpoint")
}

async fn health(State(state): State<AppState>) -> Response {
    let counted = state
        .blocking(Pool::Reads, |db, _| {
            Ok((
                db.problem().or_else(|| db.failing_writes()),
                db.read(|s| s.count_stories()),
            ))
        })
        .await;
    let (problem, count) = match counted {
        Ok((problem, Ok(n))) => (problem, Some(n)),
        Ok((problem, Err(e))) => (problem.or(Some(e.message)), None),
        Err(e) => (Some(e.message), None),
    };
    let status = if problem.is_none() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if problem.is_none() { "ok" } else { "degraded" },
        "database": problem.as_deref().unwrap_or("ok"),
        "briefs": count,
        // Whether a brief may ask for sentence embeddings (the page offers them only then).
        "embeddings": state.config.embedder.is_some(),
    });
    (status, Json(body)).into_response()
}

#[derive(Debug, Deserialize)]
struct Page {
    page: Option<usize>,
    per_page: Option<usize>,
}

async fn list_briefs(
    State(state): State<AppState>,
    query: Result<Query<Page>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let page = q.page.unwrap_or(1);
    let per_page = q.per_page.unwrap_or(20);
    if page == 0 || i64::try_from(page).is_err() || !(1..=100).contains(&per_page) {
        return Err(ApiError::bad_request(
            "page is 1 to 9223372036854775807; per_page is 1 to 100",
        ));
    }
    let (items, total) = state
        .blocking(Pool::Reads, move |db, _| {
            // A page beyond any database is empty (not the first page by overflow).
            let offset = (page - 1)
                .checked_mul(per_page)
                .filter(|&o| i64::try_from(o).is_ok());
            let items = match offset {
                Some(offset) => db.read(|s| s.list_stories(per_page, offset))?,
                None => Vec::new(),
            };
            Ok((items, db.read(|s| s.count_stories())?))
        })
        .await?;
    Ok(Json(serde_json::json!({
        "briefs": items,
        "page": page,
        "per_page": per_page,
        "total": total,
    }))
    .into_response())
}

async fn get_brief(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    match state
        .blocking(Pool::Reads, move |db, _| briefs::get(db, id))
        .await?
    {
        Some(b) => Ok(Json(b).into_response()),
        None => Err(ApiError::not_found(format!("no brief {id}"))),
    }
}

async fn delete_brief(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let deleted = state
        .blocking(Pool::Reads, move |db, _| db.write(|s| s.delete_story(id)))
        .await?;
    if deleted {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no brief {id}")))
    }
}

/// `PATCH /api/briefs/{id}` body: the brief's new title.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    title: String,
}

/// Longest title a brief may be given, in characters.
const MAX_TITLE_CHARS: usize = 200;

/// `PATCH /api/briefs/{id}`: a new title (`{"title": …}`, exactly `application/json`); answers
/// the brief as `GET` does.
async fn rename_brief(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if media_type.as_deref() != Some("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the new title as application/json: {\"title\": \"…\"}",
        ));
    }
    let rename: Rename = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("bad JSON: {e}")))?;
    // As the description says (a JSON Schema pattern: JavaScript's idea of white space), then
    // trimmed as Rust sees white space.
    let given = rename.title;
    if given.chars().count() > MAX_TITLE_CHARS || given.chars().all(is_js_space) {
        return Err(ApiError::bad_request(format!(
            "a title is 1 to {MAX_TITLE_CHARS} characters, not all white space"
        )));
    }
    let title = given.trim().to_string();
    if title.is_empty() || title.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "a title is one line, without control characters",
        ));
    }
    let stored = state
        .blocking(Pool::Reads, move |db, _| {
            if db.write(|s| s.set_title(id, &title))? {
                briefs::get(db, id)
            } else {
                Ok(None)
            }
        })
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no brief {id}")))?;
    Ok(Json(stored).into_response())
}

/// White space as JavaScript's `\s` matches it (what the description's patterns mean).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

fn parse_id(id: &str) -> Result<i64, ApiError> {
    id.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request(format!("{id:?} is not a brief id")))
}

/// `POST /api/briefs`: JSON (`BriefRequest`) or a multipart form (the page's upload).
async fn create_brief(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let started = std::time::Instant::now();
    // The body's room in memory, before it is read (its declared length, else the largest).
    let max_body = state.config.max_body;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(max_body)
        .min(max_body);
    let kib = u32::try_from(declared / 1024 + 1).unwrap_or(u32::MAX);
    let body_permit = state
        .bodies
        .clone()
        .try_acquire_many_owned(kib)
        .map_err(|_| ApiError::busy("too many uploads at once; try again shortly"))?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    // The media type exactly, parameters aside: "application/jsonbogus" or no type at all is
    // not JSON (a cross-site form can send those without asking first).
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let timed_out = || {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "the request body did not arrive in time; nothing was stored",
        )
    };
    let time = state.config.request_timeout;
    let request = if media_type == "multipart/form-data" {
        let multipart =
            <Multipart as axum::extract::FromRequest<AppState>>::from_request(req, &state)
                .await
                .map_err(|e| ApiError::bad_request(e.body_text()))?;
        tokio::time::timeout(time, read_form(multipart, max_body))
            .await
            .map_err(|_| timed_out())??
    } else if media_type == "application/json" {
        let bytes = tokio::time::timeout(time, axum::body::to_bytes(req.into_body(), max_body))
            .await
            .map_err(|_| timed_out())?
            .map_err(|_| ApiError::too_large(max_body))?;
        serde_json::from_slice::<BriefRequest>(&bytes)
            .map_err(|e| ApiError::bad_request(format!("bad JSON: {e}")))?
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "send application/json or multipart/form-data, not {:?}",
                content_type
            ),
        ));
    };
    drop(body_permit);
    let gate = Arc::new(briefs::CommitGate::default());
    let work_gate = gate.clone();
    let work = state.blocking(Pool::Briefs, move |db, config| {
        let quota = config.max_db_bytes.map(|max_bytes| briefs::Quota {
            max_bytes,
            delete_oldest: config.delete_oldest,
        });
        briefs::create(
            request,
            db,
            &config.fetch,
            config.embedder.as_ref(),
            Some(&work_gate),
            quota,
        )
    });
    tokio::pin!(work);
    let left = state
        .config
        .request_timeout
        .saturating_sub(started.elapsed());
    let id = match tokio::time::timeout(left, &mut work).await {
        Ok(done) => done?,
        // Out of time before the commit began: 408, and the work will store nothing.
        Err(_) if gate.try_give_up() => {
            return Err(ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "the brief took longer than the request may; nothing was stored",
            ))
        }
        // The commit began in time: its answer is the request's.
        Err(_) => work.await?,
    };
    let stored = state
        .blocking(Pool::Reads, move |db, _| briefs::get(db, id))
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "stored brief vanished"))?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/briefs/{id}"))],
        Json(stored),
    )
        .into_response())
}

/// The page's form: `text` fields (one article each, named by the `name` field before it, if
/// any), `file` uploads, `urls` (one per line), the options `method`, `words`, `sentences`,
/// `embeddings`, and `origin` ("page" marks a brief made on the page).
async fn read_form(mut form: Multipart, max_body: usize) -> Result<BriefRequest, ApiError> {
    let mut req = BriefRequest::default();
    let mut name: Option<String> = None;
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(max_body)
        } else {
            ApiError::bad_request(format!("bad form: {}", e.body_text()))
        }
    };
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let field_name = field.name().unwrap_or("").to_string();
        match field_name.as_str() {
            "file" => {
                let file_name = field.file_name().map(str::to_string);
                let bytes = field.bytes().await.map_err(bad)?;
                if bytes.is_empty() && file_name.as_deref().unwrap_or("").is_empty() {
                    continue; // the page's empty file input
                }
                req.articles.push(ArticleIn {
                    name: file_name,
                    bytes: Some(bytes.to_vec()),
                    ..Default::default()
                });
            }
            "name" => {
                let given = field.text().await.map_err(bad)?;
                name = Some(given.trim().to_string()).filter(|n| !n.is_empty());
            }
            "text" => {
                let text = field.text().await.map_err(bad)?;
                let name = name.take();
                if !text.trim().is_empty() {
                    req.articles.push(ArticleIn {
                        text: Some(text),
                        name,
                        ..Default::default()
                    });
                }
            }
            "origin" => {
                let value = field.text().await.map_err(bad)?;
                req.from_page = match value.trim() {
                    "page" => true,
                    "api" | "" => false,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "origin: {other:?} is neither \"page\" nor \"api\""
                        )))
                    }
                };
            }
            "urls" => {
                let text = field.text().await.map_err(bad)?;
                for url in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    req.articles.push(ArticleIn {
                        url: Some(url.to_string()),
                        ..Default::default()
                    });
                }
            }
            "embeddings" => {
                let value = field.text().await.map_err(bad)?;
                req.embeddings = match value.trim() {
                    "on" | "true" | "yes" => true,
                    "off" | "false" | "no" | "" => false,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "embeddings: {other:?} is neither on / true / yes nor off / false / no"
                        )))
                    }
                };
            }
            "method" | "words" | "sentences" => {
                let value = field.text().await.map_err(bad)?;
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                let number = || {
                    value.parse::<usize>().map_err(|_| {
                        ApiError::bad_request(format!("{field_name}: {value:?} is not a number"))
                    })
                };
                match field_name.as_str() {
                    "method" => req.method = Some(value.to_string()),
                    "words" => req.words = Some(number()?),
                    _ => req.sentences = Some(number()?),
                }
            }
            other => {
                return Err(ApiError::bad_request(format!(
                "unknown form field {other:?} (known: name, text, file, urls, method, words, sentences, embeddings, origin)"
            )))
            }
        }
    }
    Ok(req)
}
