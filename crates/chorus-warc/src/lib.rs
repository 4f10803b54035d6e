//! WARC files (`.warc`, `.warc.gz`: crawls such as Common Crawl's CC-NEWS) as input: every HTTP
//! response record holding an HTML page becomes an article; other records are skipped and
//! counted; a corrupt or truncated record is reported and skipped, and the rest go on. Records
//! are read by the `warc` crate; the HTTP message inside a response record is read here (status
//! line, headers, chunked transfer coding, gzip or deflate content coding).

use chorus::ingest::Input;
use std::collections::BTreeMap;
use std::io::{BufReader, Read};
use warc::{RecordType, WarcHeader, WarcReader};

/// What a WARC file gave.
#[derive(Default, Debug)]
pub struct WarcPages {
    /// The HTML pages, as inputs named by their URL.
    pub pages: Vec<Input>,
    /// Records skipped, by why ("request", "metadata", "response: image/png", "response: 404").
    pub skipped: BTreeMap<String, usize>,
    /// Records that could not be read.
    pub errors: Vec<String>,
}

impl WarcPages {
    /// One line saying what was skipped or broken, for the user (none when nothing was).
    pub fn summary(&self, name: &str) -> Option<String> {
        let skipped: usize = self.skipped.values().sum();
        if self.pages.is_empty() && skipped == 0 && self.errors.is_empty() {
            return Some(format!("{name}: no WARC record could be read in it"));
        }
        if skipped == 0 && self.errors.is_empty() {
            return None;
        }
        let kinds: Vec<String> = self
            .skipped
            .iter()
            .map(|(why, n)| format!("{n} {why}"))
            .collect();
        let mut line = format!(
            "{name}: {} HTML pages read; {skipped} records skipped ({})",
            self.pages.len(),
            kinds.join(", ")
        );
        if !self.errors.is_empty() {
            line.push_str(&format!(
                "; {} could not be read ({})",
                self.errors.len(),
                self.errors.join("; ")
            ));
        }
        Some(line)
    }
}

/// Whether a path names a WARC file.
pub fn is_warc(path: &std::path::Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Unreadable records after which the rest of a file is given up (a file that is not WARC at
/// all would otherwise report every line).
const MAX_ERRORS: usize = 20;

/// The HTML pages of a WARC file's bytes (gzip'd or not).
pub fn pages_from_warc(bytes: &[u8]) -> WarcPages {
    let mut out = WarcPages::default();
    let reader: Box<dyn Read + '_> = if bytes.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(bytes))
    } else {
        Box::new(bytes)
    };
    for record in WarcReader::new(BufReader::new(reader)).iter_records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                // A failed read or an early end leaves nothing more to read in order.
                let fatal = matches!(e, warc::Error::ReadData(_) | warc::Error::UnexpectedEOB);
                out.errors.push(match e {
                    warc::Error::UnexpectedEOB => "the file ends inside a record".to_string(),
                    other => other.to_string(),
                });
                if fatal || out.errors.len() >= MAX_ERRORS {
                    break;
                }
                continue;
            }
        };
        if record.warc_type() != &RecordType::Response {
            *out.skipped
                .entry(record.warc_type().to_string())
                .or_default() += 1;
            continue;
        }
        let url = record.header(WarcHeader::TargetURI).map(|u| u.to_string());
        match html_of_response(record.body()) {
            Ok((html, content_type)) => out.pages.push(Input {
                name: url.clone().unwrap_or_else(|| record.warc_id().to_string()),
                bytes: html,
                url,
                content_type,
            }),
            Err(why) => *out.skipped.entry(format!("response: {why}")).or_default() += 1,
        }
    }
    out
}

/// The HTML body of an HTTP response and its `Content-Type`, or why it is not a page.
fn html_of_response(message: &[u8]) -> Result<(Vec<u8>, Option<String>), String> {
    let Some(end) = message.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Err("no HTTP message".into());
    };
    let head = String::from_utf8_lossy(&message[..end]);
    let body = &message[end + 4..];
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("no HTTP status")?;
    if !(200..300).contains(&status) {
        return Err(format!("status {status}"));
    }
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let content_type = header("content-type");
    if let Some(t) = &content_type {
        let t = t.to_ascii_lowercase();
        if !(t.contains("html") || t.contains("xml")) {
            return Err(t.split(';').next().unwrap_or("").trim().to_string());
        }
    }
    let mut body = body.to_vec();
    if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body).ok_or("broken chunked body")?;
    }
    match header("content-encoding").map(|e| e.to_ascii_lowercase()) {
        Some(e) if e == "gzip" || e == "x-gzip" => {
            body = inflate(flate2::read::MultiGzDecoder::new(&body[..]))?;
        }
        Some(e) if e == "deflate" => body = inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        Some(e) if e != "identity" => return Err(format!("content coding {e}")),
        _ => {}
    }
    if content_type.is_none() && !chorus_html::looks_like_html(&body) {
        return Err("not HTML".into());
    }
    Ok((body, content_type))
}

/// Pages larger than this once decoded are cut (the HTML reader cuts them further).
const MAX_PAGE_BYTES: u64 = 32 * 1024 * 1024;

fn inflate(r: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(MAX_PAGE_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| format!("broken compressed body: {e}"))?;
    Ok(out)
}

/// The body of a chunked transfer coding, or None when it is broken.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined_and_broken_ones_refused() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"ff\r\nshort"), None);
        assert_eq!(dechunk(b"zz\r\n"), None);
    }

    #[test]
    fn responses_that_are_not_pages_say_why() {
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi</p>";
        assert_eq!(html_of_response(page).unwrap().0, b"<p>Hi</p>");
        let missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>No</p>";
        assert_eq!(html_of_response(missing).unwrap_err(), "status 404");
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert_eq!(html_of_response(image).unwrap_err(), "image/png");
        assert!(html_of_response(b"garbage").is_err());
    }

    #[test]
    fn garbage_is_reported_not_a_panic() {
        let out = pages_from_warc(b"not a warc file at all\r\n\r\nmore\r\n\r\n");
        assert!(out.pages.is_empty());
        assert!(!out.errors.is_empty());
        let out = pages_from_warc(&[0x1f, 0x8b, 0, 1, 2, 3]);
        assert!(out.pages.is_empty() && !out.errors.is_empty());
    }
}
