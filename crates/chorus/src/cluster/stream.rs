//! A stream's articles and events as JSON: what `chorus cluster` reads and prints, and what the
//! Python `Clusterer` takes and returns, one format for both.

use super::{Assignment, ClusterEvent, StoryCluster, StreamArticle};
use crate::ingest::{article_from_html, article_from_text, merge_meta, ArticleMeta};
use serde::{Deserialize, Serialize};

/// One article as a JSON object: `id`, `text` (or `body`, `content`) or `html`, and metadata
/// (`title`, `outlet`, `url`, `published`, …).
#[derive(Deserialize)]
struct InputArticle {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default, alias = "body", alias = "content")]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(flatten)]
    meta: ArticleMeta,
}

/// An article of the stream from its JSON object (HTML is extracted; text read as an article
/// file is). What could not be used is said in `warnings`; a line that is not such an object
/// is an error.
pub fn stream_article_from_json(
    line: &[u8],
    warnings: &mut Vec<String>,
) -> Result<StreamArticle, String> {
    let text = String::from_utf8_lossy(line);
    let input: InputArticle = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let id = input.id.map(|v| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    let name = id.as_deref().unwrap_or("article");
    let page = match (input.text, input.html) {
        (None, Some(html)) => Some(html),
        (Some(t), None) if chorus_html::looks_like_html(t.as_bytes()) => Some(t),
        (text, _) => {
            let text = article_from_text(0, name, text.unwrap_or_default(), warnings).text;
            return Ok(StreamArticle {
                id,
                meta: input.meta.without_blanks(),
                text,
                embedding: None,
            });
        }
    };
    let html = page.unwrap_or_default();
    let (text, meta) = match article_from_html(html.as_bytes(), input.meta.url.as_deref(), None) {
        Ok(p) => (p.text, merge_meta(input.meta, p.meta)),
        Err(e) => {
            warnings.push(format!("{name}: {e}"));
            (String::new(), input.meta.without_blanks())
        }
    };
    let text = article_from_text(0, name, text, warnings).text;
    Ok(StreamArticle {
        id,
        meta,
        text,
        embedding: None,
    })
}

/// An article of the stream from a web page (a WARC response record, a fetched URL): its
/// HTML extracted; a page with no article says so in `warnings` and gives an empty text.
pub fn stream_article_from_page(
    page: &crate::ingest::Input,
    warnings: &mut Vec<String>,
) -> StreamArticle {
    let charset = page
        .content_type
        .as_deref()
        .and_then(|t| t.split(';').find_map(|p| p.trim().strip_prefix("charset=")))
        .map(|c| c.trim_matches('"'));
    let (text, meta) = match article_from_html(&page.bytes, page.url.as_deref(), charset) {
        Ok(p) => (p.text, p.meta),
        Err(e) => {
            warnings.push(format!("{}: {e}", page.name));
            (String::new(), ArticleMeta::default())
        }
    };
    let text = article_from_text(0, &page.name, text, warnings).text;
    StreamArticle {
        id: Some(page.name.clone()),
        meta: ArticleMeta {
            url: meta.url.clone().or_else(|| page.url.clone()),
            ..meta
        },
        text,
        embedding: None,
    }
}

/// An event as one JSON line: `{"type": "article" | "merge" | "story", …}`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum EventLine<'a> {
    Article(&'a Assignment),
    Merge { from: u64, into: u64 },
    Story(&'a StoryCluster),
}

impl ClusterEvent {
    /// The event as its JSON line.
    pub fn line(&self) -> EventLine<'_> {
        match self {
            ClusterEvent::Assigned(a) => EventLine::Article(a),
            ClusterEvent::Merged { from, into } => EventLine::Merge {
                from: *from,
                into: *into,
            },
            ClusterEvent::Closed(s) => EventLine::Story(s),
        }
    }
}

/// One article of a closed story as a brief reads it: its place in the stream, id, text and
/// metadata. As JSON, `{"seq", "id"?, "text", "title"?, …}`: what the Python `Clusterer` puts in
/// a story's `sources`, and what `brief_story` takes back.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceArticle {
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub text: String,
    #[serde(flatten)]
    pub meta: ArticleMeta,
}

/// The articles of the open stories, kept as the stream goes so that a story can be briefed
/// when it closes: copies left out (a brief reads each source once), at most
/// [`crate::ingest::MAX_ARTICLES`] a story, a merged story's articles moved with it.
#[derive(Default)]
pub struct StoryArticles {
    texts: rustc_hash::FxHashMap<u64, StreamArticle>,
    by_story: rustc_hash::FxHashMap<u64, Vec<u64>>,
}

impl StoryArticles {
    /// Follows the events one pushed article caused (`article`: that article); returns each
    /// story that closed with the articles a brief of it reads, in stream order.
    pub fn follow<'e>(
        &mut self,
        events: &'e [ClusterEvent],
        mut article: Option<StreamArticle>,
    ) -> Vec<(&'e StoryCluster, Vec<SourceArticle>)> {
        let mut closed = Vec::new();
        for e in events {
            match e {
                ClusterEvent::Assigned(a) => {
                    if let Some(article) = article.take() {
                        self.keep(a, article);
                    }
                }
                ClusterEvent::Merged { from, into } => self.merge(*from, *into),
                ClusterEvent::Closed(s) => closed.push(s),
            }
        }
        closed
            .into_iter()
            .map(|s| (s, self.take(s.story)))
            .collect()
    }

    fn keep(&mut self, a: &Assignment, article: StreamArticle) {
        let (Some(story), None) = (a.story, a.duplicate_of) else {
            return; // no text, or a copy
        };
        let seqs = self.by_story.entry(story).or_default();
        if seqs.len() < crate::ingest::MAX_ARTICLES {
            seqs.push(a.seq);
            self.texts.insert(a.seq, article);
        }
    }

    fn merge(&mut self, from: u64, into: u64) {
        let moved = self.by_story.remove(&from).unwrap_or_default();
        let seqs = self.by_story.entry(into).or_default();
        for seq in moved {
            if seqs.len() < crate::ingest::MAX_ARTICLES {
                seqs.push(seq);
            } else {
                self.texts.remove(&seq);
            }
        }
    }

    fn take(&mut self, story: u64) -> Vec<SourceArticle> {
        let mut seqs = self.by_story.remove(&story).unwrap_or_default();
        seqs.sort_unstable();
        seqs.into_iter()
            .filter_map(|seq| {
                self.texts.remove(&seq).map(|a| SourceArticle {
                    seq,
                    id: a.id,
                    text: a.text,
                    meta: a.meta,
                })
            })
            .collect()
    }
}

/// The brief of a closed story from the articles [`StoryArticles`] kept for it: `chorus
/// cluster --brief` and the Python `brief_story` both make it so, byte for byte.
pub fn story_brief(
    story: u64,
    title: &str,
    sources: &[SourceArticle],
    opts: &crate::BriefOptions,
) -> Result<crate::Brief, crate::ChorusError> {
    let mut warnings = Vec::new();
    let articles = sources
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let name = a.id.clone().unwrap_or_else(|| format!("article {}", a.seq));
            let mut article = article_from_text(i + 1, &name, a.text.clone(), &mut warnings);
            article.meta = a.meta.clone();
            article
        })
        .collect();
    let s = crate::Story {
        id: Some(format!("{title} (story {story})")),
        articles,
        warnings,
    };
    crate::make_brief(&s, opts)
}
