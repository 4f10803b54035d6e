//! HTML pages → article text and metadata, for Chorus's ingest stage.
//!
//! `decode` (bytes → text) → `dom` (a bounded-depth DOM from our tokenizer, `tokenize`) → `meta`
//! (title, outlet, authors, dates, URL, language) and `extract` (the article's blocks, and what
//! was dropped with why). No I/O: fetching pages is the caller's job.

pub mod decode;
pub mod dom;
pub mod extract;
pub mod meta;
mod tokenize;

use serde::Serialize;

pub use decode::EncodingSource;
pub use extract::{Block, BlockKind, Dropped};
pub use meta::PageMeta;

/// An extracted page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub meta: PageMeta,
    /// The article, one block per paragraph, heading or list item.
    pub blocks: Vec<Block>,
    /// What was taken out, with the reason.
    pub dropped: Vec<Dropped>,
    pub encoding: &'static str,
    pub encoding_source: EncodingSource,
}

impl Page {
    /// The article as plain text, blocks separated by blank lines.
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlError {
    /// The bytes are a binary file, not a page.
    Binary,
    /// The input is empty or only whitespace.
    Empty,
}

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HtmlError::Binary => f.write_str("not an HTML page: the bytes look binary"),
            HtmlError::Empty => f.write_str("empty page"),
        }
    }
}

impl std::error::Error for HtmlError {}

/// Options for [`parse_page`].
#[derive(Debug, Clone, Default)]
pub struct PageOptions<'a> {
    /// The `charset` of an HTTP `Content-Type` header, when the page was fetched.
    pub http_charset: Option<&'a str>,
    /// Where the page came from, the fallback canonical URL.
    pub url: Option<&'a str>,
}

/// Pages larger than this are cut (at a tag boundary where possible) before parsing: a news article
/// is far smaller, and this bounds time and memory.
pub const MAX_PAGE_BYTES: usize = 16 << 20;

/// Bytes of a page → its article and metadata. A page with no article gives no blocks, not an
/// error; binary or empty input is an error.
pub fn parse_page(bytes: &[u8], options: &PageOptions) -> Result<Page, HtmlError> {
    let bytes = &bytes[..bytes.len().min(MAX_PAGE_BYTES)];
    let decoded = decode::decode(bytes, options.http_charset);
    if decoded.text.trim().is_empty() {
        return Err(HtmlError::Empty);
    }
    if decoded.source != EncodingSource::Bom && decode::looks_binary(bytes) {
        return Err(HtmlError::Binary);
    }
    let dom = dom::parse(&decoded.text);
    let ld = meta::json_ld_article(&dom);
    let meta = meta::page_meta(&dom, &ld, options.url);
    let ex = extract::extract(&dom, meta.title.as_deref(), ld.body.as_deref());
    Ok(Page {
        meta,
        blocks: ex.blocks,
        dropped: ex.dropped,
        encoding: decoded.encoding,
        encoding_source: decoded.source,
    })
}

/// True when bytes look like an HTML page rather than plain text: a doctype or an `<html>`,
/// `<head>`, `<body>` or `<meta>` tag near the start.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xef || **b == 0xbb || **b == 0xbf)
        .map(u8::to_ascii_lowercase)
        .collect();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return true;
    }
    [&b"<html"[..], b"<head>", b"<body", b"<meta "]
        .iter()
        .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}
