//! `chorus serve`: the HTTP API and web page (crate `chorus-server`) on a tokio runtime.

use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on; the default answers this machine only. Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The SQLite database holding articles and briefs (created if missing).
    #[arg(long, default_value = "chorus.db")]
    db: PathBuf,
    /// Largest request body, in megabytes (larger requests get 413).
    #[arg(long, default_value_t = 32)]
    max_body_mb: usize,
    /// Longest a request may take, in seconds (408 beyond; fetching URLs gets two thirds of it).
    #[arg(long, default_value_t = 60)]
    timeout: u64,
    /// Briefs built at the same time (default: the number of cores).
    #[arg(long)]
    workers: Option<usize>,
    /// Load the sentence-embedding model so requests may ask for `embeddings`.
    #[arg(long)]
    embeddings: bool,
    /// The embedding model directory (default: `chorus model path`); implies --embeddings.
    #[arg(long)]
    model: Option<PathBuf>,
}

pub fn cmd_serve(a: ServeArgs) -> Result<()> {
    let defaults = chorus_server::Config::default();
    let timeout = Duration::from_secs(a.timeout.max(1));
    let mut fetch = defaults.fetch.clone();
    fetch.total_timeout = fetch.total_timeout.min(timeout * 2 / 3);
    fetch.connect_timeout = fetch.connect_timeout.min(fetch.total_timeout);
    let config = chorus_server::Config {
        addr: a.addr,
        db: Some(a.db.clone()),
        max_body: a.max_body_mb.max(1) << 20,
        request_timeout: timeout,
        fetch,
        workers: a.workers.unwrap_or(defaults.workers),
        embedder: crate::model::embedder_if(a.embeddings || a.model.is_some(), a.model.as_deref())?,
    };
    if !a.addr.ip().is_loopback() {
        eprintln!(
            "chorus serve: warning: listening on {}, reachable from other machines; there is no authentication",
            a.addr.ip()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let db = a.db.display().to_string();
    runtime.block_on(chorus_server::serve(config, move |addr| {
        // Tests and scripts read this line to learn the port.
        println!("chorus serve: listening on http://{addr} (database {db})");
        let _ = std::io::stdout().flush();
    }))
}
