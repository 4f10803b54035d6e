//! Briefs as the API sees them: a request (articles as text, HTML, files or URLs, and the CLI's
//! options) turned into a stored brief, and stored briefs read back with their articles.
//! Everything here is blocking (fetching, the pipeline, SQLite) and runs on blocking threads.

use crate::db::Db;
use crate::error::ApiError;
use chorus::embed::Embedder;
use chorus::ingest::{story_from_inputs, Input};
use chorus::{make_brief, BriefOptions, Budget};
use chorus_fetch::{fetch, is_url, FetchOptions};
use chorus_store::{NewArticle, NewStory, StoryRow};
use serde::{Deserialize, Serialize};

/// The most URLs one request may ask the server to fetch.
pub const MAX_URLS: usize = 20;

/// `POST /api/briefs` as JSON (a multipart form is read into the same shape).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefRequest {
    /// At most `chorus::ingest::MAX_ARTICLES`, counted while parsing: a body of many empty
    /// articles is refused before it is built, not after.
    #[serde(deserialize_with = "at_most_max_articles")]
    pub articles: Vec<ArticleIn>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub words: Option<usize>,
    #[serde(default)]
    pub sentences: Option<usize>,
    /// Use sentence embeddings (the server must have been started with a model).
    #[serde(default)]
    pub embeddings: bool,
    /// Made on the page (its form says so), not through the API: stored with origin "page".
    #[serde(skip)]
    pub from_page: bool,
}

fn at_most_max_articles<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<ArticleIn>, D::Error> {
    struct Bounded;
    impl<'de> serde::de::Visitor<'de> for Bounded {
        type Value = Vec<ArticleIn>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(
                f,
                "a list of at most {} articles",
                chorus::ingest::MAX_ARTICLES
            )
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(a) = seq.next_element::<ArticleIn>()? {
                if out.len() == chorus::ingest::MAX_ARTICLES {
                    return Err(serde::de::Error::custom(format!(
                        "more than {} articles; at most {} in one brief",
                        chorus::ingest::MAX_ARTICLES,
                        chorus::ingest::MAX_ARTICLES
                    )));
                }
                out.push(a);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Bounded)
}

/// One article: its `text` or `html`, or only a `url` to fetch; the rest is optional metadata,
/// which overrides what the page says.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleIn {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    /// An uploaded file's bytes (multipart forms only), decoded like a file given to the CLI.
    #[serde(skip)]
    pub bytes: Option<Vec<u8>>,
}

/// A stored brief with what the page needs to show it: its articles' texts, which every span in
/// the brief indexes.
#[derive(Debug, Serialize)]
pub struct StoredBrief {
    #[serde(flatten)]
    pub story: StoryRow,
    /// The brief (the same JSON as `chorus brief -f json`), absent for a stored story without one.
    pub brief: Option<serde_json::Value>,
    pub articles: Vec<ArticleOut>,
}

#[derive(Debug, Serialize)]
pub struct ArticleOut {
    /// The brief's source number (`[1]`, `[2]` …); `None` for a copy left out of the brief.
    pub source: Option<usize>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub text: Option<String>,
    pub duplicate_of: Option<i64>,
}

impl BriefRequest {
    fn options(&self, embedder: Option<&Embedder>) -> Result<BriefOptions, ApiError> {
        let budget = match (self.words, self.sentences) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "give either words or sentences, not both",
                ))
            }
            (_, Some(n)) => Budget::Sentences(n),
            (Some(n), None) => Budget::Words(n),
            (None, None) => Budget::Words(250),
        };
        let mut opts = BriefOptions {
            budget,
            ..Default::default()
        };
        if let Some(m) = &self.method {
            opts.method = m.clone();
        }
        if self.embeddings {
            opts.embedder = Some(embedder.cloned().ok_or_else(|| {
                ApiError::bad_request(
                    "this server has no embedding model: start it with `chorus serve --embeddings` (after `chorus model install`)",
                )
            })?);
        }
        chorus::brief::validate(&opts).map_err(|e| ApiError::bad_request(e.to_string()))?;
        Ok(opts)
    }
}

/// Who decides a request's fate first: the work reaching its commit, or the request's time
/// running out. Exactly one wins, so a brief that is stored is always answered 201, and a
/// request answered 408 has stored nothing (a client that retries never stores it twice).
#[derive(Debug, Default)]
pub struct CommitGate(std::sync::atomic::AtomicU8);

impl CommitGate {
    const OPEN: u8 = 0;
    const COMMITTING: u8 = 1;
    const GIVEN_UP: u8 = 2;

    /// The work may commit (and the answer will wait for it).
    pub fn try_commit(&self) -> bool {
        self.leave_open(Self::COMMITTING)
    }

    /// The request gives up (408); false when the commit has already begun.
    pub fn try_give_up(&self) -> bool {
        self.leave_open(Self::GIVEN_UP)
    }

    /// Moves from open to `to`; false when the other side got there first.
    fn leave_open(&self, to: u8) -> bool {
        use std::sync::atomic::Ordering::SeqCst;
        self.0
            .compare_exchange(Self::OPEN, to, SeqCst, SeqCst)
            .is_ok()
    }
}

/// Builds the brief of the request's articles and stores it with them; returns its id. With a
/// gate, nothing is stored once the request has given up on it.
pub fn create(
    req: BriefRequest,
    db: &Db,
    fetch_options: &FetchOptions,
    embedder: Option<&Embedder>,
    gate: Option<&CommitGate>,
    quota: Option<Quota>,
) -> Result<i64, ApiError> {
    let opts = req.options(embedder)?;
    if req.articles.is_empty() {
        return Err(ApiError::bad_request("no articles: give at least one"));
    }
    if req.articles.len() > chorus::ingest::MAX_ARTICLES {
        return Err(ApiError::bad_request(format!(
            "{} articles; at most {} in one brief",
            req.articles.len(),
            chorus::ingest::MAX_ARTICLES
        )));
    }
    let (inputs, mut warnings) = inputs_of(&req.articles, fetch_options)?;
    let mut story = story_from_inputs(&inputs).map_err(|e| {
        let mut msg = e.to_string();
        for w in &warnings {
            msg.push_str("; ");
            msg.push_str(w);
        }
        ApiError::bad_request(msg)
    })?;
    // Metadata the client gave wins over what the page said.
    for a in &mut story.articles {
        let Some(given) = inputs
            .iter()
            .position(|i| i.name == a.name)
            .map(|i| &req.articles[i])
        else {
            continue;
        };
        let given_value = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        a.meta.title = given_value(&given.title).or(a.meta.title.take());
        a.meta.outlet = given_value(&given.outlet).or(a.meta.outlet.take());
        a.meta.published = given_value(&given.published).or(a.meta.published.take());
    }
    story.warnings.append(&mut warnings);
    let brief = make_brief(&story, &opts).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let brief_json = serde_json::to_string(&brief)
        .map_err(|e| ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let title = story_title(&story, &brief);
    let published: Vec<&str> = story
        .articles
        .iter()
        .filter_map(|a| a.meta.published.as_deref())
        .collect();
    let articles = story
        .articles
        .iter()
        .map(|a| NewArticle {
            ext_id: Some(a.name.as_str()),
            title: a.meta.title.as_deref(),
            outlet: a.meta.outlet.as_deref(),
            url: a.meta.url.as_deref(),
            published: a.meta.published.as_deref(),
            text: Some(a.text.as_str()),
            duplicate_of: None,
            similarity: None,
        })
        .collect();
    if gate.is_some_and(|g| !g.try_commit()) {
        return Err(ApiError::new(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            "the brief took longer than the request may; nothing was stored",
        ));
    }
    if let Some(quota) = quota {
        let incoming =
            brief_json.len() + story.articles.iter().map(|a| a.text.len()).sum::<usize>();
        make_room(db, quota, incoming as u64)?;
    }
    db.write(|store| {
        store.add_story(&NewStory {
            title: &title,
            first_published: published.iter().min().copied(),
            last_published: published.iter().max().copied(),
            origin: if req.from_page { "page" } else { "api" },
            articles,
            brief: Some((opts.method.as_str(), &brief_json)),
        })
    })
}

/// The storage quota of a server: its bytes, and whether the oldest briefs make room.
#[derive(Debug, Clone, Copy)]
pub struct Quota {
    pub max_bytes: u64,
    pub delete_oldest: bool,
}

/// Refuses (507) a brief that would take the store past its quota — or deletes the oldest
/// briefs until it fits. `incoming` is an estimate of what the new brief adds.
fn make_room(db: &Db, quota: Quota, incoming: u64) -> Result<(), ApiError> {
    loop {
        let used = db.read(|s| s.used_bytes())?;
        if used + incoming <= quota.max_bytes {
            return Ok(());
        }
        let oldest = if quota.delete_oldest {
            db.read(|s| s.oldest_story())?
        } else {
            None
        };
        match oldest {
            Some(id) => {
                db.write(|s| s.delete_story(id))?;
            }
            None => {
                return Err(ApiError::new(
                    axum::http::StatusCode::INSUFFICIENT_STORAGE,
                    format!(
                        "the briefs stored take {} MB of the {} MB this server may use; delete some, or start it with --delete-oldest",
                        used >> 20,
                        quota.max_bytes >> 20
                    ),
                ))
            }
        }
    }
}

/// The request's articles as ingest inputs, URLs fetched in parallel; failed URLs become warnings.
fn inputs_of(
    articles: &[ArticleIn],
    fetch_options: &FetchOptions,
) -> Result<(Vec<Input>, Vec<String>), ApiError> {
    let urls = articles
        .iter()
        .filter(|a| a.text.is_none() && a.html.is_none() && a.bytes.is_none())
        .count();
    if urls > MAX_URLS {
        return Err(ApiError::bad_request(format!(
            "{urls} URLs to fetch; at most {MAX_URLS} in one request"
        )));
    }
    let fetched: Vec<Option<Result<Input, String>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = articles
            .iter()
            .map(|a| match (&a.text, &a.html, &a.url) {
                (None, None, Some(url)) if a.bytes.is_none() => Some(scope.spawn(move || {
                    if !is_url(url) {
                        return Err(format!("{url}: not an http(s) URL"));
                    }
                    fetch(url, fetch_options).map_err(|e| format!("{e:#}"))
                })),
                _ => None,
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("fetching failed".to_string()))
                })
            })
            .collect()
    });
    let mut inputs = Vec::new();
    let mut warnings = Vec::new();
    let mut used_names = std::collections::HashSet::new();
    for (i, (a, fetched)) in articles.iter().zip(fetched).enumerate() {
        // A unique name per article, so metadata can be matched back after ingest.
        // Unique names, so metadata can be matched back after ingest; a file keeps its name
        // (its extension tells HTML from text) unless another article has the same one.
        let base = a
            .name
            .clone()
            .or_else(|| a.url.clone())
            .unwrap_or_else(|| format!("article {}", i + 1));
        let name = if used_names.insert(base.clone()) {
            base
        } else {
            format!("{base} ({})", i + 1)
        };
        let input = match (fetched, &a.text, &a.html) {
            _ if a.bytes.is_some() => Input {
                name,
                bytes: a.bytes.clone().unwrap_or_default(),
                url: a.url.clone(),
                content_type: None,
            },
            (Some(Ok(mut input)), _, _) => {
                input.name = name;
                input
            }
            (Some(Err(e)), _, _) => {
                warnings.push(e);
                continue;
            }
            (None, Some(text), _) => Input {
                name,
                bytes: text.clone().into_bytes(),
                url: a.url.clone(),
                content_type: None,
            },
            (None, None, Some(html)) => Input {
                name,
                bytes: html.clone().into_bytes(),
                url: a.url.clone(),
                content_type: Some("text/html".into()),
            },
            (None, None, None) => {
                return Err(ApiError::bad_request(format!(
                    "article {}: give its text, html or url",
                    i + 1
                )))
            }
        };
        inputs.push(input);
    }
    if inputs.is_empty() {
        return Err(ApiError::bad_request(format!(
            "no article could be read: {}",
            warnings.join("; ")
        )));
    }
    Ok((inputs, warnings))
}

/// A title for the list of briefs: the headline most of the articles carry (on a tie, the
/// first), else the summary's opening words, short enough to tell briefs apart at a glance.
fn story_title(story: &chorus::ingest::Story, brief: &chorus::brief::Brief) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in story
        .articles
        .iter()
        .filter_map(|a| a.meta.title.as_deref())
    {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| c.eq_ignore_ascii_case(t)) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    // The first of the most common: max_by_key keeps the last of equals, so walk backwards.
    let headline = counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(t, _)| t.to_string());
    match headline {
        Some(h) => shorten(&h, 160),
        None => brief
            .summary
            .first()
            .map(|s| shorten(&s.text, 90))
            .unwrap_or_else(|| "Untitled story".to_string()),
    }
}

fn shorten(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut: String = s.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// A stored brief by id, with its articles; `None` when there is no such story.
pub fn get(db: &Db, id: i64) -> Result<Option<StoredBrief>, ApiError> {
    let Some(story) = db.read(|s| s.story(id))? else {
        return Ok(None);
    };
    let brief = db.read(|s| s.brief_of(id))?;
    let rows = db.read(|s| s.story_articles(id))?;
    let brief = brief
        .map(|b| serde_json::from_str(&b))
        .transpose()
        .map_err(|e| ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    // Source numbers follow the articles the brief was made from: in order, copies and
    // articles without text left out.
    let mut next_source = 0;
    let articles = rows
        .into_iter()
        .map(|r| {
            let source = (r.duplicate_of.is_none() && r.text.is_some()).then(|| {
                next_source += 1;
                next_source
            });
            ArticleOut {
                source,
                title: r.title,
                outlet: r.outlet,
                url: r.url,
                published: r.published,
                text: r.text,
                duplicate_of: r.duplicate_of,
            }
        })
        .collect();
    Ok(Some(StoredBrief {
        story,
        brief,
        articles,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> ArticleIn {
        ArticleIn {
            text: Some(t.to_string()),
            ..Default::default()
        }
    }

    const A: &str = "The Tolly Ford bridge reopened on Monday after two years of repairs, the county said. Drivers waited in a long queue before the barriers lifted at noon.";
    const B: &str = "Drivers crossed the Tolly Ford bridge on Monday as it reopened after two years of repairs. The work cost 14 million dollars, the county engineer said.";

    #[test]
    fn a_brief_is_stored_with_its_articles_and_read_back() {
        let db = Db::in_memory().unwrap();
        let mut second = text(B);
        second.outlet = Some("Valley Post".into());
        let req = BriefRequest {
            articles: vec![text(A), second],
            words: Some(40),
            ..Default::default()
        };
        let id = create(req, &db, &FetchOptions::default(), None, None, None).unwrap();
        let stored = get(&db, id).unwrap().unwrap();
        assert_eq!(stored.story.origin, "api");
        assert_eq!(stored.articles.len(), 2);
        assert_eq!(stored.articles[1].outlet.as_deref(), Some("Valley Post"));
        assert_eq!(stored.articles[1].source, Some(2));
        let brief = stored.brief.unwrap();
        let first = &brief["summary"][0]["support"][0];
        let source = first["source"].as_u64().unwrap() as usize;
        let (start, end) = (
            first["start"].as_u64().unwrap() as usize,
            first["end"].as_u64().unwrap() as usize,
        );
        let article = stored.articles[source - 1].text.as_deref().unwrap();
        assert!(article[start..end].contains("Tolly Ford"));
        assert!(get(&db, id + 1).unwrap().is_none());
    }

    #[test]
    fn bad_requests_say_what_is_wrong() {
        let db = Db::in_memory().unwrap();
        let fetch = FetchOptions::default();
        let cases: Vec<(BriefRequest, &str)> = vec![
            (BriefRequest::default(), "no articles"),
            (
                BriefRequest {
                    articles: vec![text(A)],
                    method: Some("magic".into()),
                    ..Default::default()
                },
                "unknown method",
            ),
            (
                BriefRequest {
                    articles: vec![text(A)],
                    words: Some(0),
                    ..Default::default()
                },
                "at least 1",
            ),
            (
                BriefRequest {
                    articles: vec![text(A)],
                    words: Some(10),
                    sentences: Some(2),
                    ..Default::default()
                },
                "not both",
            ),
            (
                BriefRequest {
                    articles: vec![ArticleIn::default()],
                    ..Default::default()
                },
                "give its text, html or url",
            ),
            (
                BriefRequest {
                    articles: vec![ArticleIn {
                        url: Some("ftp://example.org/a".into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
                "not an http(s) URL",
            ),
            (
                BriefRequest {
                    articles: vec![text(A)],
                    embeddings: true,
                    ..Default::default()
                },
                "no embedding model",
            ),
            (
                BriefRequest {
                    articles: vec![text("   \n\n  ")],
                    ..Default::default()
                },
                "",
            ),
        ];
        for (req, expected) in cases {
            let e = create(req, &db, &fetch, None, None, None).unwrap_err();
            assert_eq!(e.status, 400, "{}", e.message);
            assert!(e.message.contains(expected), "{}", e.message);
        }
        assert_eq!(db.read(|s| s.count_stories()).unwrap(), 0);
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        assert_eq!(shorten("one two three", 9), "one two…");
        assert_eq!(shorten("short", 9), "short");
    }
}
