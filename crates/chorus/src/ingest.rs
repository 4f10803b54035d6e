//! Ingest: bytes in, `Story` out. Plain text, HTML pages (the article and its metadata found by
//! `chorus-html`), JSON lines (`{"documents": [...]}` with optional per-article metadata, text or
//! HTML, or the Multi-News `|||||` form). No file system or network access: the caller hands over
//! bytes and a name for each input.

use crate::error::ChorusError;
use serde::{Deserialize, Serialize};

/// One article of a story, as received.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Article {
    /// Stable source id within the story: 1-based, in input order ("[1]" in the brief).
    pub id: usize,
    /// Where it came from: a file name, "stdin", or "doc N" within a JSON line.
    pub name: String,
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// The full text, every span in the brief points into it.
    #[serde(skip)]
    pub text: String,
    /// For an HTML page: what extraction left out of `text`, with the reason.
    #[serde(skip)]
    pub page_dropped: Vec<chorus_html::Dropped>,
}

/// What is known of an article besides its text (all optional; blank values are dropped).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ArticleMeta {
    #[serde(default, alias = "headline", skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(
        default,
        alias = "source",
        alias = "site",
        alias = "publisher",
        skip_serializing_if = "Option::is_none"
    )]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, alias = "date", skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
}

impl ArticleMeta {
    pub fn without_blanks(self) -> ArticleMeta {
        let keep = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        ArticleMeta {
            title: keep(self.title),
            outlet: keep(self.outlet),
            url: keep(self.url),
            published: keep(self.published),
            authors: self
                .authors
                .into_iter()
                .filter(|a| !a.trim().is_empty())
                .collect(),
        }
    }
}

/// An HTML page's article, ready to become an [`Article`].
pub struct PageArticle {
    pub text: String,
    pub meta: ArticleMeta,
    pub dropped: Vec<chorus_html::Dropped>,
}

/// True when an input is an HTML page: by its name (`.html`, `.htm`, `.xhtml`) or its opening.
pub fn is_html(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    [".html", ".htm", ".xhtml"]
        .iter()
        .any(|e| lower.ends_with(e))
        || chorus_html::looks_like_html(bytes)
}

/// The article in an HTML page, with its metadata. `url` is where it came from (the fallback
/// canonical URL), `http_charset` the charset of its HTTP `Content-Type`, when fetched.
pub fn article_from_html(
    bytes: &[u8],
    url: Option<&str>,
    http_charset: Option<&str>,
) -> Result<PageArticle, chorus_html::HtmlError> {
    let page = chorus_html::parse_page(bytes, &chorus_html::PageOptions { http_charset, url })?;
    let text = page.text();
    let m = page.meta;
    Ok(PageArticle {
        text,
        meta: ArticleMeta {
            title: m.title,
            outlet: m.site_name,
            url: m.canonical_url,
            published: m.published,
            authors: m.authors,
        }
        .without_blanks(),
        dropped: page.dropped,
    })
}

/// Several articles about one story.
#[derive(Debug, Clone, Default)]
pub struct Story {
    pub id: Option<String>,
    pub articles: Vec<Article>,
    /// Problems that did not stop ingest (lossy decoding, skipped empty articles).
    pub warnings: Vec<String>,
}

/// The most articles one story may have; the rest are skipped with a warning (bounded memory).
pub const MAX_ARTICLES: usize = 500;

/// The largest input one article may have; beyond it the text is cut at a line break.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

/// Decodes bytes as UTF-8, replacing invalid sequences and reporting it.
pub fn decode(bytes: &[u8], name: &str, warnings: &mut Vec<String>) -> String {
    // UTF-16 text names itself with its byte-order mark.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return chorus_html::decode::decode(bytes, None).text.into_owned();
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            warnings.push(format!(
                "{name}: invalid UTF-8, decoded with replacement characters"
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// Builds an article from raw text, cutting oversized input and dropping NUL / control bytes
/// that would only confuse later stages.
pub fn article_from_text(
    id: usize,
    name: &str,
    text: String,
    warnings: &mut Vec<String>,
) -> Article {
    let mut text = text;
    if text.len() > MAX_ARTICLE_BYTES {
        let mut cut = MAX_ARTICLE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let at_line = text[..cut]
            .rfind('\n')
            .filter(|&p| p > cut / 2)
            .unwrap_or(cut);
        warnings.push(format!(
            "{name}: {} bytes, only the first {} are read",
            text.len(),
            at_line
        ));
        text.truncate(at_line);
    }
    if text.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        text = text
            .chars()
            .map(|c| {
                if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    // "�?" is a closing ” that went through a wrong decoding (a byte with no character in the
    // code page became a replacement character and a question mark). Quotation marks must pair
    // for quotations to be found; the repair keeps the byte length, so spans keep their place.
    if text.contains("\u{FFFD}?") {
        text = text.replace("\u{FFFD}?", "\u{201D} ");
    }
    Article {
        id,
        name: name.to_string(),
        meta: ArticleMeta::default(),
        text,
        page_dropped: Vec::new(),
    }
}

/// One input of a story: a file's or a fetched page's bytes.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// A file name, "stdin", or the URL it was fetched from.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Where a fetched page came from.
    pub url: Option<String>,
    /// The HTTP `Content-Type` of a fetched page (its charset decodes the page).
    pub content_type: Option<String>,
}

/// A story from several inputs, one article each, in the order given: plain text or HTML pages
/// (recognised by name, content type or content).
pub fn story_from_inputs(inputs: &[Input]) -> Result<Story, ChorusError> {
    let mut story = Story::default();
    for input in inputs {
        let html_type = input
            .content_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        if html_type || is_html(&input.name, &input.bytes) {
            let charset = input
                .content_type
                .as_deref()
                .and_then(chorus_html::decode::charset_param);
            let page = article_from_html(&input.bytes, input.url.as_deref(), charset);
            push_page(&mut story, &input.name, page);
            continue;
        }
        // A binary file (an executable, an image) is not an article, whatever its name.
        let bom = [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"]
            .iter()
            .any(|m| input.bytes.starts_with(m));
        if !bom && chorus_html::decode::looks_binary(&input.bytes) {
            story.warnings.push(format!(
                "{}: not text (the bytes look binary), skipped",
                input.name
            ));
            continue;
        }
        let text = decode(&input.bytes, &input.name, &mut story.warnings);
        push_article(&mut story, &input.name, text, None);
    }
    finish(story, || {
        inputs
            .iter()
            .map(|i| i.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// A story from several files' bytes (name, bytes), one article each; see [`story_from_inputs`].
pub fn story_from_texts(inputs: &[(String, Vec<u8>)]) -> Result<Story, ChorusError> {
    let inputs: Vec<Input> = inputs
        .iter()
        .map(|(name, bytes)| Input {
            name: name.clone(),
            bytes: bytes.clone(),
            ..Input::default()
        })
        .collect();
    story_from_inputs(&inputs)
}

/// A story from one text that holds several articles separated by `|||||` (Multi-News).
pub fn story_from_multinews(name: &str, bytes: &[u8]) -> Result<Story, ChorusError> {
    let mut story = Story::default();
    let text = decode(bytes, name, &mut story.warnings);
    for (i, part) in text.split("|||||").enumerate() {
        push_article(
            &mut story,
            &format!("{name} doc {}", i + 1),
            part.to_string(),
            None,
        );
    }
    finish(story, || name.to_string())
}

/// Adds an extracted page (or a warning when it could not be read) to the story.
pub fn push_page(story: &mut Story, name: &str, page: Result<PageArticle, chorus_html::HtmlError>) {
    match page {
        Ok(p) => {
            if p.text.trim().is_empty() {
                story.warnings.push(format!(
                    "{name}: no article text found in the page, skipped"
                ));
                return;
            }
            push_article(story, name, p.text, Some(p.meta));
            if let Some(a) = story.articles.last_mut().filter(|a| a.name == name) {
                a.page_dropped = p.dropped;
            }
        }
        Err(e) => story.warnings.push(format!("{name}: {e}, skipped")),
    }
}

fn push_article(story: &mut Story, name: &str, text: String, meta: Option<ArticleMeta>) {
    if text.trim().is_empty() {
        story.warnings.push(format!("{name}: empty, skipped"));
        return;
    }
    if story.articles.len() >= MAX_ARTICLES {
        if !story
            .warnings
            .iter()
            .any(|w| w.contains("articles in one story"))
        {
            story.warnings.push(format!(
                "{name}: more than {MAX_ARTICLES} articles in one story; the rest are skipped"
            ));
        }
        return;
    }
    let id = story.articles.len() + 1;
    let mut article = article_from_text(id, name, text, &mut story.warnings);
    if let Some(m) = meta {
        article.meta = m.without_blanks();
    }
    story.articles.push(article);
}

/// Given metadata first, the page's own for what is missing.
pub fn merge_meta(given: ArticleMeta, page: ArticleMeta) -> ArticleMeta {
    let given = given.without_blanks();
    ArticleMeta {
        title: given.title.or(page.title),
        outlet: given.outlet.or(page.outlet),
        url: given.url.or(page.url),
        published: given.published.or(page.published),
        authors: if given.authors.is_empty() {
            page.authors
        } else {
            given.authors
        },
    }
}

fn finish(story: Story, what: impl Fn() -> String) -> Result<Story, ChorusError> {
    if story.articles.is_empty() {
        // Why each input was skipped goes with the error: it is all there is to say.
        let mut what = what();
        if !story.warnings.is_empty() {
            what = format!("{what} ({})", story.warnings.join("; "));
        }
        return Err(ChorusError::EmptyInput(what));
    }
    Ok(story)
}

/// A document given as an object in a JSON line.
#[derive(Deserialize)]
struct DocumentObject {
    #[serde(default)]
    text: Option<String>,
    /// The page's HTML, when the article is given as a page.
    #[serde(default)]
    html: Option<String>,
    #[serde(flatten)]
    meta: ArticleMeta,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DocumentField {
    /// Multi-News: one string with `|||||` between articles.
    Joined(String),
    List(Vec<DocumentItem>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DocumentItem {
    Text(String),
    WithMeta(DocumentObject),
}

#[derive(Deserialize)]
struct StoryLine {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(alias = "document", alias = "articles")]
    documents: DocumentField,
    #[serde(default)]
    summaries: Option<Vec<String>>,
}

/// One story parsed from one JSON line, with its reference summaries when the line has them.
pub struct JsonStory {
    pub story: Story,
    pub summaries: Vec<String>,
}

/// Parses one JSON line (`line_no` is 1-based and only used in messages).
pub fn story_from_json_line(
    source: &str,
    line_no: usize,
    line: &str,
) -> Result<JsonStory, ChorusError> {
    let parsed: StoryLine = serde_json::from_str(line).map_err(|e| ChorusError::BadJson {
        source: source.to_string(),
        line: line_no,
        message: e.to_string(),
    })?;
    let id = parsed.id.map(|v| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    let label = id.clone().unwrap_or_else(|| format!("{source}:{line_no}"));
    let mut story = Story {
        id: id.clone(),
        ..Story::default()
    };
    match parsed.documents {
        DocumentField::Joined(s) => {
            for (i, part) in s.split("|||||").enumerate() {
                push_article(
                    &mut story,
                    &format!("{label} doc {}", i + 1),
                    part.to_string(),
                    None,
                );
            }
        }
        DocumentField::List(items) => {
            for (i, item) in items.into_iter().enumerate() {
                let name = format!("{label} doc {}", i + 1);
                match item {
                    DocumentItem::Text(t) if chorus_html::looks_like_html(t.as_bytes()) => {
                        push_page(
                            &mut story,
                            &name,
                            article_from_html(t.as_bytes(), None, None),
                        )
                    }
                    DocumentItem::Text(t) => push_article(&mut story, &name, t, None),
                    DocumentItem::WithMeta(d) => match (d.text, d.html) {
                        (None, Some(html)) => {
                            let page =
                                article_from_html(html.as_bytes(), d.meta.url.as_deref(), None)
                                    .map(|mut p| {
                                        // Metadata given beside the page wins over what the page says.
                                        p.meta = merge_meta(d.meta, p.meta);
                                        p
                                    });
                            push_page(&mut story, &name, page)
                        }
                        (text, _) => {
                            push_article(&mut story, &name, text.unwrap_or_default(), Some(d.meta))
                        }
                    },
                }
            }
        }
    }
    let story = finish(story, || label.clone())?;
    Ok(JsonStory {
        story,
        summaries: parsed.summaries.unwrap_or_default(),
    })
}

/// Parses JSON lines: one result per non-blank line, so one bad line does not stop the rest.
pub fn stories_from_jsonl(source: &str, bytes: &[u8]) -> Vec<Result<JsonStory, ChorusError>> {
    let mut warnings = Vec::new();
    let text = decode(bytes, source, &mut warnings);
    let mut out: Vec<Result<JsonStory, ChorusError>> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| story_from_json_line(source, i + 1, l))
        .collect();
    if let Some(Ok(first)) = out.first_mut() {
        first.story.warnings.extend(warnings);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binary_file_is_not_an_article() {
        let story = story_from_texts(&[
            (
                "a.out".into(),
                b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0".to_vec(),
            ),
            (
                "b.txt".into(),
                b"The ferry left the harbour at noon on Tuesday.".to_vec(),
            ),
        ])
        .unwrap();
        assert_eq!(story.articles.len(), 1);
        assert!(
            story.warnings[0].contains("a.out: not text"),
            "{:?}",
            story.warnings
        );
        // UTF-16 text carries NULs but is text.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "The ferry left at noon."
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let story = story_from_texts(&[("c.txt".into(), utf16)]).unwrap();
        assert!(story.articles[0].text.contains("ferry"));
    }

    #[test]
    fn json_line_with_metadata_and_plain_strings() {
        let line = r#"{"id": 7, "documents": [{"text": "A ferry ran aground.", "outlet": "Harbour Post", "published": "2026-03-02"}, "Second text."]}"#;
        let s = story_from_json_line("in.jsonl", 1, line).unwrap().story;
        assert_eq!(s.id.as_deref(), Some("7"));
        assert_eq!(s.articles.len(), 2);
        assert_eq!(s.articles[0].meta.outlet.as_deref(), Some("Harbour Post"));
        assert_eq!(s.articles[1].id, 2);
        assert_eq!(s.articles[1].text, "Second text.");
    }

    #[test]
    fn multinews_string_is_split_on_bars() {
        let line =
            r#"{"documents": "one story ||||| another view |||||   ", "summaries": ["ref"]}"#;
        let js = story_from_json_line("mn", 3, line).unwrap();
        assert_eq!(
            js.story.articles.len(),
            2,
            "the blank third part is skipped"
        );
        assert_eq!(js.summaries, vec!["ref".to_string()]);
        assert!(js.story.warnings.iter().any(|w| w.contains("empty")));
    }

    #[test]
    fn bad_json_names_the_line() {
        let err = story_from_json_line("x.jsonl", 12, "{not json")
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("x.jsonl") && err.to_string().contains("12"),
            "{err}"
        );
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_warning() {
        let s = story_from_texts(&[("bad.txt".into(), b"Caf\xe9 owners met.".to_vec())]).unwrap();
        assert!(s.articles[0].text.contains('\u{FFFD}'));
        assert!(s.warnings[0].contains("bad.txt"));
    }

    #[test]
    fn empty_input_is_an_error_naming_it() {
        let err = story_from_texts(&[("blank.txt".into(), b"  \n ".to_vec())])
            .err()
            .unwrap();
        assert!(err.to_string().contains("blank.txt"));
    }

    #[test]
    fn article_count_is_bounded() {
        let inputs: Vec<(String, Vec<u8>)> = (0..MAX_ARTICLES + 20)
            .map(|i| (format!("f{i}"), b"A line of text.".to_vec()))
            .collect();
        let s = story_from_texts(&inputs).unwrap();
        assert_eq!(s.articles.len(), MAX_ARTICLES);
        assert_eq!(
            s.warnings
                .iter()
                .filter(|w| w.contains("articles in one story"))
                .count(),
            1
        );
    }

    #[test]
    fn oversized_article_is_cut() {
        let big = "word ".repeat(MAX_ARTICLE_BYTES / 4);
        let mut w = Vec::new();
        let a = article_from_text(1, "big", big, &mut w);
        assert!(a.text.len() <= MAX_ARTICLE_BYTES);
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn a_closing_mark_broken_by_decoding_is_repaired_in_place() {
        let broken = "“It was a long night,\u{FFFD}? Ada Moss said. Was it?".to_string();
        let a = article_from_text(1, "m", broken.clone(), &mut Vec::new());
        assert_eq!(
            a.text,
            "“It was a long night,\u{201D}  Ada Moss said. Was it?"
        );
        assert_eq!(a.text.len(), broken.len(), "byte offsets keep their place");
    }
}
