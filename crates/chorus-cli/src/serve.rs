//! `chorus serve`: the HTTP API and web page (crate `chorus-server`) on a tokio runtime.

use anyhow::{bail, Context, Result};
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
    /// A name or `host:port` other machines use for this server (repeatable); requests naming
    /// any other host are refused. The bound address and, on loopback, `localhost` are implied.
    #[arg(long = "allowed-host")]
    allowed_hosts: Vec<String>,
    /// A secret every request but /health must carry (`Authorization: Bearer …`; the page: open
    /// `/?token=…` once). Required when listening on an address other machines can reach.
    #[arg(long, conflicts_with = "token_file")]
    token: Option<String>,
    /// Read the token from this file (its first line), so it is not in the process list.
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Let clients' URLs reach this machine and private networks (by default the server
    /// fetches public addresses only).
    #[arg(long)]
    allow_private_fetch: bool,
    /// The most the stored briefs may take, in megabytes; a brief beyond it gets 507.
    #[arg(long)]
    max_db_mb: Option<u64>,
    /// With --max-db-mb: delete the oldest briefs to make room instead of refusing new ones.
    #[arg(long, requires = "max_db_mb")]
    delete_oldest: bool,
}

pub fn cmd_serve(a: ServeArgs) -> Result<()> {
    let defaults = chorus_server::Config::default();
    let timeout = Duration::from_secs(a.timeout.max(1));
    let mut fetch = defaults.fetch.clone();
    fetch.total_timeout = fetch.total_timeout.min(timeout * 2 / 3);
    fetch.connect_timeout = fetch.connect_timeout.min(fetch.total_timeout);
    if a.allow_private_fetch {
        fetch.policy = chorus_fetch::FetchPolicy::Anywhere;
    }
    let token = match (&a.token, &a.token_file) {
        (Some(t), _) => Some(t.trim().to_string()),
        (None, Some(path)) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the token file {}", path.display()))?
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string(),
        ),
        (None, None) => None,
    }
    .filter(|t| !t.is_empty());
    if !a.addr.ip().is_loopback() && token.is_none() {
        bail!(
            "listening on {} lets other machines reach the server: give it a --token (or --token-file), \
             or listen on 127.0.0.1",
            a.addr
        );
    }
    if token.as_ref().is_some_and(|t| t.len() < 16) {
        bail!("the token is too short: use at least 16 characters");
    }
    let config = chorus_server::Config {
        addr: a.addr,
        db: Some(a.db.clone()),
        max_body: a.max_body_mb.max(1) << 20,
        request_timeout: timeout,
        fetch,
        workers: a.workers.unwrap_or(defaults.workers),
        embedder: crate::model::embedder_if(a.embeddings || a.model.is_some(), a.model.as_deref())?,
        allowed_hosts: a.allowed_hosts.clone(),
        token,
        max_db_bytes: a.max_db_mb.map(|mb| mb.max(1) << 20),
        delete_oldest: a.delete_oldest,
    };
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
