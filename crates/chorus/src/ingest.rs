//! Ingest: bytes in, `Story` out. Plain text, JSON lines (`{"documents": [...]}` with optional
//! per-article metadata, or the Multi-News `|||||` form). No file system access: the caller hands
//! over bytes and a name for each input.

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
        skip_serializing_if = "Option::is_none"
    )]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, alias = "date", skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

impl ArticleMeta {
    pub fn without_blanks(self) -> ArticleMeta {
        let keep = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        ArticleMeta {
            title: keep(self.title),
            outlet: keep(self.outlet),
            url: keep(self.url),
            published: keep(self.published),
        }
    }
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
    Article {
        id,
        name: name.to_string(),
        meta: ArticleMeta::default(),
        text,
    }
}

/// A story from several plain-text inputs, one article each, in the order given.
pub fn story_from_texts(inputs: &[(String, Vec<u8>)]) -> Result<Story, ChorusError> {
    let mut story = Story::default();
    for (name, bytes) in inputs {
        let text = decode(bytes, name, &mut story.warnings);
        push_article(&mut story, name, text, None);
    }
    finish(story, || {
        inputs
            .iter()
            .map(|i| i.0.clone())
            .collect::<Vec<_>>()
            .join(", ")
    })
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

fn finish(story: Story, what: impl Fn() -> String) -> Result<Story, ChorusError> {
    if story.articles.is_empty() {
        return Err(ChorusError::EmptyInput(what()));
    }
    Ok(story)
}

/// A document given as an object in a JSON line.
#[derive(Deserialize)]
struct DocumentObject {
    #[serde(default)]
    text: Option<String>,
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
                    DocumentItem::Text(t) => push_article(&mut story, &name, t, None),
                    DocumentItem::WithMeta(d) => {
                        push_article(&mut story, &name, d.text.unwrap_or_default(), Some(d.meta))
                    }
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
}
