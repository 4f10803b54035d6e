//! `chorus` for Python: the library, not the CLI. Values cross as Python objects made from the
//! same JSON the CLI prints (so a brief here and `chorus brief -f json` are one format); long
//! calls release the GIL, and `brief_many` spreads stories over all cores.

use chorus::ingest::stories_from_jsonl;
use chorus::{make_brief, render, Brief, BriefOptions, Budget, Format, Story};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use serde::Serialize;

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

fn options(method: &str, words: Option<usize>, sentences: Option<usize>) -> PyResult<BriefOptions> {
    let budget = match (words, sentences) {
        (Some(_), Some(_)) => return Err(error("give words or sentences, not both")),
        (_, Some(n)) => Budget::Sentences(n),
        (Some(n), None) => Budget::Words(n),
        (None, None) => Budget::Words(250),
    };
    let opts = BriefOptions {
        method: method.to_string(),
        budget,
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
) -> PyResult<Brief> {
    let opts = options(method, words, sentences)?;
    let story = story_of(py, articles, id)?;
    py.allow_threads(|| make_brief(&story, &opts))
        .map_err(error)
}

/// The brief of one story: a dict with the summary, quotes, facts, entities, timeline, coverage,
/// sources and warnings (the JSON of `chorus brief -f json`).
#[pyfunction]
#[pyo3(signature = (articles, method="ilp", words=None, sentences=None, id=None))]
fn brief(
    py: Python<'_>,
    articles: &Bound<'_, PyAny>,
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
    id: Option<&str>,
) -> PyResult<PyObject> {
    let b = brief_of(py, articles, (method, words, sentences), id)?;
    to_py(py, &b)
}

/// The brief as the CLI prints it with `-f json` (or `md`, `text`), byte for byte.
#[pyfunction]
#[pyo3(signature = (articles, method="ilp", words=None, sentences=None, id=None, format="json"))]
fn brief_text(
    py: Python<'_>,
    articles: &Bound<'_, PyAny>,
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
    id: Option<&str>,
    format: &str,
) -> PyResult<String> {
    let format: Format = format.parse().map_err(error)?;
    let b = brief_of(py, articles, (method, words, sentences), id)?;
    Ok(render(&b, format))
}

/// Briefs of many stories (each a list of articles), on all cores. A story that cannot be
/// summarised gives `{"error": message}` in its place.
#[pyfunction]
#[pyo3(signature = (stories, method="ilp", words=None, sentences=None))]
fn brief_many(
    py: Python<'_>,
    stories: &Bound<'_, PyAny>,
    method: &str,
    words: Option<usize>,
    sentences: Option<usize>,
) -> PyResult<Vec<PyObject>> {
    let opts = options(method, words, sentences)?;
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
        ..options(method, Some(words), None)?
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
}

fn event_dicts(
    py: Python<'_>,
    events: &[chorus::cluster::ClusterEvent],
) -> PyResult<Vec<PyObject>> {
    events.iter().map(|e| to_py(py, &e.line())).collect()
}

#[pymethods]
impl PyClusterer {
    /// `window_hours`: a story closes when nothing new has come for this long (publication
    /// time); `window_articles`: or for this many articles; `threshold`: how alike an article
    /// must be to join a story. Unset, the CLI's defaults.
    #[new]
    #[pyo3(signature = (window_hours=None, window_articles=None, threshold=None))]
    fn new(
        window_hours: Option<f64>,
        window_articles: Option<u64>,
        threshold: Option<f32>,
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
        let json: String = py
            .import("json")?
            .call_method1("dumps", (object,))
            .map_err(|e| error(format!("an article is a string or a dict of strings: {e}")))?
            .extract()?;
        let mut warnings = Vec::new();
        let parsed =
            chorus::cluster::stream::stream_article_from_json(json.as_bytes(), &mut warnings)
                .map_err(|e| error(format!("not an article: {e}")))?;
        let warn = py.import("warnings")?;
        for w in warnings {
            warn.call_method1("warn", (w,))?;
        }
        let events = py.allow_threads(|| clusterer.push(parsed));
        event_dicts(py, &events)
    }

    /// Ends the stream: every open story closes; returns those events.
    fn close(&mut self, py: Python<'_>) -> PyResult<Vec<PyObject>> {
        let Some(clusterer) = self.inner.take() else {
            return Err(error("the stream is closed"));
        };
        let events = py.allow_threads(|| clusterer.finish());
        event_dicts(py, &events)
    }
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
    m.add_class::<PyClusterer>()?;
    Ok(())
}
