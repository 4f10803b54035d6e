//! `chorus` for Python: the library, not the CLI. Values cross as Python objects made from the
//! same JSON the CLI prints (so a brief here and `chorus brief -f json` are one format); long
//! calls release the GIL, and `brief_many` spreads stories over all cores.

use chorus::cluster::stream::{story_brief, SourceArticle, StoryArticles};
use chorus::embed::Embedder;
use chorus::ingest::stories_from_jsonl;
use chorus::{make_brief, render, Brief, BriefOptions, Budget, Format, Story};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

create_exception!(
    chorus,
    ChorusError,
    PyValueError,
    "Input Chorus cannot use, or an option it does not know; the message says which."
);

fn error(e: impl std::fmt::Display) -> PyErr {
    ChorusError::new_err(e.to_string())
}

/// A Rust value as Python objects, through its JSON.
/// A Python value as JSON text (Python's `json.dumps`); `what` says what it should have been.
fn json_of(py: Python<'_>, value: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    py.import("json")?
        .call_method1("dumps", (value,))
        .map_err(|e| error(format!("{what}: {e}")))?
        .extract()
}

fn to_py<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<PyObject> {
    let text = serde_json::to_string(value).map_err(error)?;
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// Articles (each a string of text or HTML, or a dict with "text" or "html" and "title",
/// "outlet", "url", "published") as a story, read as one JSON line is.
fn story_of(py: Python<'_>, articles: &Bound<'_, PyAny>, id: Option<&str>) -> PyResult<Story> {
    let articles: Bound<'_, PyAny> = if articles.is_instance_of::<pyo3::types::PyString>() {
        PyList::new(py, [articles])?.into_any()
    } else {
        articles.clone()
    };
    let line = PyDict::new(py);
    if let Some(id) = id {
        line.set_item("id", id)?;
    }
    line.set_item("documents", articles)?;
    let json: String = py
        .import("json")?
        .call_method1("dumps", (line,))
        .map_err(|e| error(format!("articles must be strings or dicts of strings: {e}")))?
        .extract()?;
    let mut stories = stories_from_jsonl("articles", json.as_bytes());
    match stories.pop() {
        Some(Ok(js)) if stories.is_empty() => Ok(js.story),
        Some(Err(e)) => Err(error(e)),
        _ => Err(error("articles must be one story")),
    }
}

/// The installed sentence-embedding model as the library's embedder.
struct ModelEmbedder(chorus_embed::MiniLm);

impl chorus::embed::SentenceEmbedder for ModelEmbedder {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.0.embed_or_zeros(texts)
    }
}

/// The embedder `embeddings` asks for: `True` the model `chorus model install` put in place, a
/// path the model in that directory, `None`/`False` none. Each directory is loaded once.
fn embedder_of(embeddings: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Embedder>> {
    let Some(e) = embeddings.filter(|e| !e.is_none()) else {
        return Ok(None);
    };
    let dir = match e.extract::<bool>() {
        Ok(false) => return Ok(None),
        Ok(true) => chorus_embed::default_model_dir(),
        Err(_) => e
            .extract::<std::path::PathBuf>()
            .map_err(|_| error("embeddings is True (the installed model) or a model directory"))?,
    };
    static MODELS: OnceLock<Mutex<HashMap<std::path::PathBuf, Embedder>>> = OnceLock::new();
    let mut models = MODELS
        .get_or_init(Default::default)
        .lock()
        .map_err(|_| error("the embedding models' cache is poisoned"))?;
    if let Some(m) = models.get(&dir) {
        return Ok(Some(m.clone()));
    }
    let model = chorus_embed::MiniLm::load(&dir).map_err(|e| {
        error(format!(
            "no usable embedding model in {} (run `chorus model install`): {e}",
            dir.display()
        ))
    })?;
    let embedder = Embedder(Arc::new(ModelEmbedder(model)));
    models.insert(dir, embedder.clone());
    Ok(Some(embedder))
}

fn options(
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
    embeddings: Option<&Bound<'_, PyAny>>,
) -> PyResult<BriefOptions> {
    let budget = match (words, sentences) {
        (Some(_), Some(_)) => return Err(error("give words or sentences, not both")),
        (_, Some(n)) => Budget::Sentences(n),
        (Some(n), None) => Budget::Words(n),
        (None, None) => Budget::Words(250),
    };
    let opts = BriefOptions {
        method: method.to_string(),
        budget,
        embedder: embedder_of(embeddings)?,
        ..Default::default()
    };
    chorus::brief::validate(&opts).map_err(error)?;
    Ok(opts)
}

/// The brief of articles under the options `brief` and `brief_text` share, the GIL released.
fn brief_of(
    py: Python<'_>,
    articles: &Bound<'_, PyAny>,
    (method, words, sentences): (&str, Option<usize>, Option<usize>),
    id: Option<&str>,
    embeddings: Option<&Bound<'_, PyAny>>,
) -> PyResult<Brief> {
    let opts = options(method, words, sentences, embeddings)?;
    let story = story_of(py, articles, id)?;
    py.allow_threads(|| make_brief(&story, &opts))
        .map_err(error)
}

/// The brief of one story: a dict with the summary, quotes, facts, entities, timeline, coverage,
/// sources and warnings (the JSON of `chorus brief -f json`).
#[pyfunction]
#[pyo3(signature = (articles, method="ilp", words=None, sentences=None, id=None, embeddings=None))]
fn brief(
    py: Python<'_>,
    articles: &Bound<'_, PyAny>,
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
    id: Option<&str>,
    embeddings: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let b = brief_of(py, articles, (method, words, sentences), id, embeddings)?;
    to_py(py, &b)
}

/// The brief as the CLI prints it with `-f json` (or `md`, `text`), byte for byte.
#[pyfunction]
#[pyo3(signature = (articles, method="ilp", words=None, sentences=None, id=None, format="json", embeddings=None))]
#[allow(clippy::too_many_arguments)] // Python's keyword arguments
fn brief_text(
    py: Python<'_>,
    articles: &Bound<'_, PyAny>,
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
    id: Option<&str>,
    format: &str,
    embeddings: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let format: Format = format.parse().map_err(error)?;
    let b = brief_of(py, articles, (method, words, sentences), id, embeddings)?;
    Ok(render(&b, format))
}

/// Briefs of many stories (each a list of articles), on all cores. A story that cannot be
/// summarised gives `{"error": message}` in its place.
#[pyfunction]
#[pyo3(signature = (stories, method="ilp", words=None, sentences=None, embeddings=None))]
fn brief_many(
    py: Python<'_>,
    stories: &Bound<'_, PyAny>,
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
    embeddings: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyObject>> {
    let opts = options(method, words, sentences, embeddings)?;
    let read: Vec<Result<Story, String>> = stories
        .try_iter()?
        .map(|s| {
            s.and_then(|s| story_of(py, &s, None))
                .map_err(|e| e.to_string())
        })
        .collect();
    let briefs: Vec<Result<Brief, String>> = py.allow_threads(|| {
        read.into_par_iter()
            .map(|s| s.and_then(|s| make_brief(&s, &opts).map_err(|e| e.to_string())))
            .collect()
    });
    briefs
        .iter()
        .map(|b| match b {
            Ok(b) => to_py(py, b),
            Err(e) => to_py(py, &serde_json::json!({ "error": e })),
        })
        .collect()
}

#[derive(Serialize)]
struct Span<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Cleaned<'a> {
    title: Option<&'a str>,
    sentences: Vec<Span<'a>>,
    dropped: &'a [chorus::clean::Dropped],
}

/// What cleaning keeps of one plain-text article (its sentences, with byte offsets into the
/// UTF-8 text) and what it drops, with the reason.
#[pyfunction]
fn clean(py: Python<'_>, text: &str) -> PyResult<PyObject> {
    let story = chorus::ingest::story_from_texts(&[("text".to_string(), text.as_bytes().to_vec())])
        .map_err(error)?;
    let analysis = py.allow_threads(|| chorus::analyse(&story, &Default::default()));
    let article_text = &story.articles[0].text;
    let c = &analysis.cleaned[0];
    let out = Cleaned {
        title: c.title.as_deref(),
        sentences: c
            .sentences
            .iter()
            .map(|(_, r)| Span {
                start: r.start,
                end: r.end,
                text: &article_text[r.clone()],
            })
            .collect(),
        dropped: &c.dropped,
    };
    to_py(py, &out)
}

/// A web page's article and metadata (`chorus extract --json`): title, outlet, authors,
/// publication time, the article's blocks and what was dropped.
#[pyfunction]
#[pyo3(signature = (html, url=None))]
fn extract(py: Python<'_>, html: &[u8], url: Option<&str>) -> PyResult<PyObject> {
    let options = chorus_html::PageOptions {
        http_charset: None,
        url,
    };
    let page = py
        .allow_threads(|| chorus_html::parse_page(html, &options))
        .map_err(error)?;
    to_py(py, &page)
}

/// ROUGE-1, -2, -L and -Lsum (precision, recall, F1) of a summary against one or more
/// references, as `chorus rouge` and `chorus eval` compute them.
#[pyfunction]
#[pyo3(signature = (references, hypothesis, stem=true))]
fn rouge(
    py: Python<'_>,
    references: &Bound<'_, PyAny>,
    hypothesis: &str,
    stem: bool,
) -> PyResult<PyObject> {
    let refs: Vec<String> = match references.extract::<String>() {
        Ok(one) => vec![one],
        Err(_) => references.extract()?,
    };
    if refs.is_empty() {
        return Err(error("give at least one reference"));
    }
    let scores = chorus_rouge::Scorer::new(stem).score_multi(&refs, hypothesis);
    to_py(py, &scores)
}

#[derive(Serialize)]
struct StoryScore {
    id: Option<String>,
    summary: String,
    scores: chorus_rouge::Scores,
}

#[derive(Serialize)]
struct Evaluation {
    method: String,
    words: usize,
    stories: usize,
    /// Stories that gave no summary (all junk), scored as an empty one.
    failures: usize,
    /// Lines of the dataset that could not be read, or had no reference.
    skipped: Vec<String>,
    /// Mean F1 × 100 per measure, as `chorus eval` prints it.
    rouge1: f64,
    rouge2: f64,
    #[serde(rename = "rougeL")]
    rouge_l: f64,
    #[serde(rename = "rougeLsum")]
    rouge_lsum: f64,
    per_story: Vec<StoryScore>,
}

/// ROUGE of a method's summaries against a dataset's references, as `chorus eval` scores them:
/// `dataset` is a path to JSON lines (`.jsonl`, `.jsonl.gz`) of `{"id", "documents",
/// "summaries"}`, or a list of such dicts. Stories are briefed on all cores.
#[pyfunction]
#[pyo3(signature = (dataset, method="ilp", words=250, stem=true))]
fn evaluate(
    py: Python<'_>,
    dataset: &Bound<'_, PyAny>,
    method: &str,
    words: usize,
    stem: bool,
) -> PyResult<PyObject> {
    let opts = BriefOptions {
        analyses: false,
        ..options(method, Some(words), None, None)?
    };
    let (name, bytes) = match dataset.extract::<std::path::PathBuf>() {
        Ok(path) => {
            let raw = std::fs::read(&path)
                .map_err(|e| error(format!("cannot read {}: {e}", path.display())))?;
            let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::MultiGzDecoder::new(&raw[..]),
                    &mut out,
                )
                .map_err(|e| error(format!("{}: {e}", path.display())))?;
                out
            } else {
                raw
            };
            (path.display().to_string(), bytes)
        }
        Err(_) => {
            let json = py.import("json")?;
            let mut lines = String::new();
            for story in dataset.try_iter()? {
                let line: String = json.call_method1("dumps", (story?,))?.extract()?;
                lines.push_str(&line);
                lines.push('\n');
            }
            ("dataset".to_string(), lines.into_bytes())
        }
    };
    let mut skipped = Vec::new();
    let mut stories = Vec::new();
    for line in stories_from_jsonl(&name, &bytes) {
        match line {
            Ok(js) if js.summaries.is_empty() => skipped.push(format!(
                "{}: no reference summary",
                js.story.id.unwrap_or_default()
            )),
            Ok(js) => stories.push(js),
            Err(e) => skipped.push(e.to_string()),
        }
    }
    if stories.is_empty() {
        return Err(error(format!("{name} holds no story to evaluate")));
    }
    let per_story: Vec<(StoryScore, bool)> = py.allow_threads(|| {
        stories
            .par_iter()
            // The scorer caches stems in a cell: one per thread.
            .map_init(
                || chorus_rouge::Scorer::new(stem),
                |scorer, js| {
                    let summary = make_brief(&js.story, &opts).ok().map(|b| {
                        b.summary
                            .iter()
                            .map(|s| s.text.as_str())
                            .collect::<Vec<_>>()
                            .join("\n")
                    });
                    let failed = summary.is_none();
                    let summary = summary.unwrap_or_default();
                    let scores = scorer.score_multi(&js.summaries, &summary);
                    let id = js.story.id.clone();
                    (
                        StoryScore {
                            id,
                            summary,
                            scores,
                        },
                        failed,
                    )
                },
            )
            .collect()
    });
    let mean = |m: chorus_rouge::Measure| {
        per_story
            .iter()
            .map(|(s, _)| s.scores.get(m).f1 * 100.0)
            .sum::<f64>()
            / per_story.len() as f64
    };
    let evaluation = Evaluation {
        method: method.to_string(),
        words,
        stories: per_story.len(),
        failures: per_story.iter().filter(|(_, failed)| *failed).count(),
        skipped,
        rouge1: mean(chorus_rouge::Measure::Rouge1),
        rouge2: mean(chorus_rouge::Measure::Rouge2),
        rouge_l: mean(chorus_rouge::Measure::RougeL),
        rouge_lsum: mean(chorus_rouge::Measure::RougeLsum),
        per_story: per_story.into_iter().map(|(s, _)| s).collect(),
    };
    to_py(py, &evaluation)
}

/// Stories from a stream of articles, online: `add` each article as it comes (a dict like a line
/// of `chorus cluster`'s input, or a string of text), `close` at the end. Both return the events
/// they caused as the CLI prints them: `{"type": "article" | "merge" | "story", …}`.
#[pyclass(name = "Clusterer", unsendable)]
struct PyClusterer {
    inner: Option<chorus::cluster::Clusterer>,
    /// With `keep_articles`: the open stories' articles, given with each story as it closes.
    kept: Option<StoryArticles>,
}

/// The events as dicts; with `kept`, each closed story's dict carries `sources`: the articles
/// a brief of it reads (`brief_story`).
fn event_dicts(
    py: Python<'_>,
    events: &[chorus::cluster::ClusterEvent],
    kept: Option<&mut StoryArticles>,
    article: Option<chorus::cluster::StreamArticle>,
) -> PyResult<Vec<PyObject>> {
    let mut sources: Vec<(u64, Vec<SourceArticle>)> = match kept {
        Some(k) => k
            .follow(events, article)
            .into_iter()
            .map(|(s, a)| (s.story, a))
            .collect(),
        None => Vec::new(),
    };
    events
        .iter()
        .map(|e| {
            let d = to_py(py, &e.line())?;
            if let chorus::cluster::ClusterEvent::Closed(s) = e {
                if let Some(at) = sources.iter().position(|(id, _)| *id == s.story) {
                    let (_, a) = sources.swap_remove(at);
                    d.bind(py).set_item("sources", to_py(py, &a)?)?;
                }
            }
            Ok(d)
        })
        .collect()
}

#[pymethods]
impl PyClusterer {
    /// `window_hours`: a story closes when nothing new has come for this long (publication
    /// time); `window_articles`: or for this many articles; `threshold`: how alike an article
    /// must be to join a story. Unset, the CLI's defaults. `keep_articles`: each closed story
    /// comes with `sources`, the articles `brief_story` reads (as `chorus cluster --brief`).
    #[new]
    #[pyo3(signature = (window_hours=None, window_articles=None, threshold=None, keep_articles=false))]
    fn new(
        window_hours: Option<f64>,
        window_articles: Option<u64>,
        threshold: Option<f32>,
        keep_articles: bool,
    ) -> PyResult<Self> {
        let mut opts = chorus::cluster::ClusterOptions::default();
        if let Some(h) = window_hours {
            if !(h.is_finite() && h > 0.0) {
                return Err(error("window_hours must be a positive number"));
            }
            opts.window_secs = (h * 3600.0) as i64;
        }
        if let Some(n) = window_articles {
            opts.window_articles = n.max(1);
        }
        if let Some(t) = threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(error("threshold must be between 0 and 1"));
            }
            opts.threshold = t;
        }
        Ok(PyClusterer {
            inner: Some(chorus::cluster::Clusterer::new(opts)),
            kept: keep_articles.then(StoryArticles::default),
        })
    }

    /// Adds one article; returns the events it caused (its assignment, merges, stories that
    /// closed). What could not be read of it is said as a Python warning.
    fn add(&mut self, py: Python<'_>, article: &Bound<'_, PyAny>) -> PyResult<Vec<PyObject>> {
        let Some(clusterer) = self.inner.as_mut() else {
            return Err(error("the stream is closed"));
        };
        let object = if article.is_instance_of::<pyo3::types::PyString>() {
            let d = PyDict::new(py);
            d.set_item("text", article)?;
            d.into_any()
        } else {
            article.clone()
        };
        let json = json_of(py, &object, "an article is a string or a dict of strings")?;
        let mut warnings = Vec::new();
        let parsed =
            chorus::cluster::stream::stream_article_from_json(json.as_bytes(), &mut warnings)
                .map_err(|e| error(format!("not an article: {e}")))?;
        let warn = py.import("warnings")?;
        for w in warnings {
            warn.call_method1("warn", (w,))?;
        }
        let keep = self.kept.is_some().then(|| parsed.clone());
        let events = py.allow_threads(|| clusterer.push(parsed));
        event_dicts(py, &events, self.kept.as_mut(), keep)
    }

    /// Ends the stream: every open story closes; returns those events.
    fn close(&mut self, py: Python<'_>) -> PyResult<Vec<PyObject>> {
        let Some(clusterer) = self.inner.take() else {
            return Err(error("the stream is closed"));
        };
        let events = py.allow_threads(|| clusterer.finish());
        event_dicts(py, &events, self.kept.as_mut(), None)
    }
}

/// A story that a `Clusterer(keep_articles=True)` closed, briefed as `chorus cluster --brief`
/// writes it: a dict (the JSON of `-f json`), or with `format` ("json", "md", "text") that text
/// byte for byte.
#[pyfunction]
#[pyo3(signature = (story, method="ilp", words=None, sentences=None, format=None, embeddings=None))]
fn brief_story(
    py: Python<'_>,
    story: &Bound<'_, PyAny>,
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
    format: Option<&str>,
    embeddings: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyObject> {
    let opts = options(method, words, sentences, embeddings)?;
    let format = format
        .map(|f| f.parse::<Format>().map_err(error))
        .transpose()?;
    let json = json_of(py, story, "a story is a dict of a closed story")?;
    #[derive(serde::Deserialize)]
    struct ClosedStory {
        story: u64,
        #[serde(default)]
        title: String,
        sources: Option<Vec<SourceArticle>>,
    }
    let closed: ClosedStory =
        serde_json::from_str(&json).map_err(|e| error(format!("not a closed story: {e}")))?;
    let Some(sources) = closed.sources else {
        return Err(error(
            "the story has no `sources`: make the Clusterer with keep_articles=True",
        ));
    };
    let brief = py
        .allow_threads(|| story_brief(closed.story, &closed.title, &sources, &opts))
        .map_err(error)?;
    match format {
        Some(f) => Ok(render(&brief, f).into_pyobject(py)?.into_any().unbind()),
        None => to_py(py, &brief),
    }
}

/// The articles of a WARC file's bytes (gzip'd or not), as `chorus cluster` reads them: every
/// HTTP response holding an HTML page extracted, in file order, as a dict `Clusterer.add` takes
/// (`id`: the URL, `text`, `title`, `published`, …). Returns `{"articles": [...], "skipped":
/// {why: count}, "errors": [...]}`: other records are counted, broken ones reported.
#[pyfunction]
fn read_warc(py: Python<'_>, data: &[u8]) -> PyResult<PyObject> {
    #[derive(Serialize)]
    struct PageArticle {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        text: String,
        #[serde(flatten)]
        meta: chorus::ingest::ArticleMeta,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        warnings: Vec<String>,
    }
    #[derive(Serialize)]
    struct Warc {
        articles: Vec<PageArticle>,
        skipped: std::collections::BTreeMap<String, usize>,
        errors: Vec<String>,
    }
    let out = py.allow_threads(|| {
        let pages = chorus_warc::pages_from_warc(data);
        let articles: Vec<PageArticle> = pages
            .pages
            .iter()
            .map(|page| {
                let mut warnings = Vec::new();
                let a = chorus::cluster::stream::stream_article_from_page(page, &mut warnings);
                PageArticle {
                    id: a.id,
                    text: a.text,
                    meta: a.meta,
                    warnings,
                }
            })
            .collect();
        let mut errors = pages.errors;
        if articles.is_empty() && pages.skipped.is_empty() && errors.is_empty() {
            errors.push("no WARC record could be read in it".to_string());
        }
        Warc {
            articles,
            skipped: pages.skipped,
            errors,
        }
    });
    to_py(py, &out)
}

#[pymodule]
#[pyo3(name = "chorus")]
fn chorus_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ChorusError", m.py().get_type::<ChorusError>())?;
    m.add("METHODS", chorus::METHODS.to_vec())?;
    m.add_function(wrap_pyfunction!(brief, m)?)?;
    m.add_function(wrap_pyfunction!(brief_text, m)?)?;
    m.add_function(wrap_pyfunction!(brief_many, m)?)?;
    m.add_function(wrap_pyfunction!(clean, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(rouge, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(brief_story, m)?)?;
    m.add_function(wrap_pyfunction!(read_warc, m)?)?;
    m.add_class::<PyClusterer>()?;
    Ok(())
}
