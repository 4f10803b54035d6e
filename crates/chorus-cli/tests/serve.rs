//! `chorus serve` as a process: what the API acknowledged survives `kill -9`, an oversized upload
//! is refused without being read, and the server keeps serving.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn start(db: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .parse()
        .unwrap();
    (child, addr)
}

/// One HTTP/1.1 exchange: (status, body).
fn http(addr: SocketAddr, method: &str, path: &str, json: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let body = json.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    read_answer(&mut s)
}

fn read_answer(s: &mut TcpStream) -> (u16, String) {
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn ferry_request() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/ferry");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let articles: Vec<serde_json::Value> = files
        .iter()
        .map(|f| serde_json::json!({ "text": std::fs::read_to_string(f).unwrap() }))
        .collect();
    serde_json::json!({ "articles": articles, "words": 100 }).to_string()
}

#[test]
fn an_acknowledged_brief_survives_kill_9_and_oversized_uploads_are_refused() {
    let dir = std::env::temp_dir().join(format!("chorus-serve-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("chorus.db");

    let (mut server, addr) = start(&db);
    let (status, body) = http(addr, "POST", "/api/briefs", Some(&ferry_request()));
    assert_eq!(status, 201, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = created["id"].as_i64().unwrap();
    // SIGKILL straight after the acknowledgement: no shutdown, no flush.
    server.kill().unwrap();
    server.wait().unwrap();

    let (mut server, addr) = start(&db);
    let (status, body) = http(addr, "GET", &format!("/api/briefs/{id}"), None);
    assert_eq!(status, 200, "{body}");
    let read: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(read["brief"], created["brief"]);

    // A body declared at 1 GB is refused from its headers; the server goes on.
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST /api/briefs HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n"
    )
    .unwrap();
    let _ = s.write_all(&vec![b' '; 64 * 1024]);
    let (status, _) = read_answer(&mut s);
    assert_eq!(status, 413);
    let (status, body) = http(addr, "GET", "/health", None);
    assert_eq!((status, body.contains("\"ok\"")), (200, true), "{body}");
    let (status, _) = http(addr, "POST", "/api/briefs", Some("{not json"));
    assert_eq!(status, 400);

    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_server_other_machines_can_reach_will_not_start_without_a_token() {
    let o = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["serve", "--addr", "0.0.0.0:0", "--db"])
        .arg(std::env::temp_dir().join(format!("chorus-open-{}.db", std::process::id())))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--token"), "{err}");
    let o = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["serve", "--addr", "0.0.0.0:0", "--token", "short", "--db"])
        .arg(std::env::temp_dir().join(format!("chorus-open-{}.db", std::process::id())))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("too short"));
}

/// The server's peak resident memory so far (Linux `VmHWM`), in MB.
fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

#[test]
fn ten_hostile_bodies_at_once_keep_the_server_small() {
    // Before, one 31 MB body of empty articles peaked at 2.1 GB: every article was built
    // before they were counted, and every body was taken in whatever the load.
    let dir = std::env::temp_dir().join(format!("chorus-serve-mem-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (mut server, addr) = start(&dir.join("chorus.db"));
    let mut body = String::from("{\"articles\": [");
    while body.len() < 31 << 20 {
        body.push_str("{},");
    }
    body.push_str("{}]}");
    let body = std::sync::Arc::new(body);
    // Each client writes its body on one thread and reads the answer on another: a server
    // that answers before reading it all (429) is not kept waiting on a blocked writer.
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let body = body.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
                let mut w = s.try_clone().unwrap();
                let writer = std::thread::spawn(move || {
                    let head = format!(
                        "POST /api/briefs HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    );
                    let _ = w.write_all(head.as_bytes());
                    let _ = w.write_all(body.as_bytes());
                });
                let mut head = [0u8; 12];
                let _ = s.read_exact(&mut head);
                let _ = s.shutdown(std::net::Shutdown::Both);
                let _ = writer.join();
                String::from_utf8_lossy(&head[9..12]).parse::<u16>().unwrap_or(0)
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    // Each refused: too many articles (400), or too many uploads at once (429).
    assert!(
        statuses.iter().all(|s| *s == 400 || *s == 429),
        "{statuses:?}"
    );
    let peak = peak_rss_mb(server.id()).expect("Linux /proc");
    eprintln!("statuses {statuses:?}, peak resident memory {peak:.0} MB");
    assert!(peak < 300.0, "peak resident memory {peak:.0} MB");
    let (status, _) = http(addr, "GET", "/health", None);
    assert_eq!(status, 200);
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
