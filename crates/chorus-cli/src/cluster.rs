//! `chorus cluster`: a stream of articles (JSON lines) into stories, output as they close.

use anyhow::{bail, Context, Result};
use chorus::cluster::stream::{
    story_brief, stream_article_from_json, stream_article_from_page, SourceArticle, StoryArticles,
};
use chorus::cluster::{ClusterEvent, ClusterOptions, Clusterer, StoryCluster, StreamArticle};
use chorus::{render, BriefOptions, Budget, Format};
use chorus_store::{NewArticle, NewStory, Store};
use clap::Args;
use rustc_hash::FxHashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// The clusterer's settings both `cluster` and `cluster-eval` take.
#[derive(Args)]
pub struct ClusterTuning {
    /// Cosine with a story's centroid at which an article joins it.
    #[arg(long, default_value_t = ClusterOptions::default().threshold)]
    threshold: f32,
    /// Cosine between two stories' centroids at which they merge.
    #[arg(long, default_value_t = ClusterOptions::default().merge_threshold)]
    merge_threshold: f32,
    /// Mean cosine between two stories' members at which re-linking merges them (0: never).
    #[arg(long, default_value_t = ClusterOptions::default().relink_threshold)]
    relink_threshold: f32,
    /// A story closes after this many hours of publication time without a new member.
    #[arg(long, default_value_t = ClusterOptions::default().window_secs as f64 / 3600.0)]
    window_hours: f64,
    /// Hours of publication time over which an article's likeness to a story halves (measured
    /// to the story's latest members; 0: time does not weigh).
    #[arg(long, default_value_t = ClusterOptions::default().time_decay_secs as f64 / 3600.0)]
    time_decay_hours: f64,
    /// Cosine between a closing story's heaviest terms and an earlier closed story's at which it
    /// is said to continue it (0: never).
    #[arg(long, default_value_t = ClusterOptions::default().continues_threshold)]
    continues_threshold: f32,
    /// With --embeddings, the share of an article's similarity to a story that comes from them.
    #[arg(long, default_value_t = ClusterOptions::default().embedding_weight)]
    embedding_weight: f32,
}

impl ClusterTuning {
    /// The clusterer's options these settings make (the rest default); a weight outside 0–1 is
    /// refused.
    pub(crate) fn options(&self) -> Result<ClusterOptions> {
        check_weight(self.embedding_weight)?;
        Ok(ClusterOptions {
            threshold: self.threshold,
            merge_threshold: self.merge_threshold,
            relink_threshold: self.relink_threshold,
            window_secs: (self.window_hours * 3600.0) as i64,
            time_decay_secs: (self.time_decay_hours * 3600.0) as i64,
            continues_threshold: self.continues_threshold,
            embedding_weight: self.embedding_weight,
            ..Default::default()
        })
    }
}

#[derive(Args)]
pub struct ClusterArgs {
    /// JSON-lines files of articles in arrival order (`-` or nothing: stdin, read as it comes).
    /// Each line: {"text", "id"?, "title"?, "outlet"?, "url"?, "published"?}.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    tuning: ClusterTuning,
    /// A story closes after this many articles without a new member.
    #[arg(long, default_value_t = ClusterOptions::default().window_articles)]
    window_articles: u64,
    /// Also print a line per article as it is assigned, and per merge.
    #[arg(long)]
    assignments: bool,
    /// Write a brief of each story into this directory as it closes.
    #[arg(long)]
    brief: Option<PathBuf>,
    /// Keep every story (articles, members, brief) in this SQLite store as it closes.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Only brief stories with at least this many distinct sources.
    #[arg(long, default_value_t = 2)]
    brief_min_sources: usize,
    /// Format of the briefs: md, json, text.
    #[arg(long, default_value = "md")]
    brief_format: String,
    /// Selection method of the briefs.
    #[arg(long, default_value = chorus::DEFAULT_METHOD)]
    method: String,
    /// Word budget of the briefs.
    #[arg(long, default_value_t = 250)]
    words: usize,
    /// Weigh sentence embeddings of each article's lead as well as its terms (needs
    /// `chorus model install`; about 20 articles/s on two cores instead of thousands).
    #[arg(long)]
    embeddings: bool,
    /// The model directory (default: where `chorus model install` puts it).
    #[arg(long)]
    model: Option<PathBuf>,
}

/// The longest input line read; a longer one is skipped with an error (bounded memory).
const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// Reads lines of at most `MAX_LINE_BYTES`, skipping the rest of longer ones: `Err(len)`.
fn next_line(
    r: &mut impl BufRead,
    line: &mut Vec<u8>,
) -> std::io::Result<Option<Result<(), usize>>> {
    line.clear();
    let mut skipped = 0usize;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(if line.is_empty() && skipped == 0 {
                None
            } else if skipped > 0 {
                Some(Err(skipped))
            } else {
                Some(Ok(()))
            });
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        let found = done > chunk.len();
        if skipped > 0 || line.len() + chunk.len() > MAX_LINE_BYTES {
            skipped += line.len() + chunk.len();
            line.clear();
        } else {
            line.extend_from_slice(chunk);
        }
        r.consume(done);
        if found {
            return Ok(Some(if skipped > 0 { Err(skipped) } else { Ok(()) }));
        }
    }
}

/// Keeps the articles of open stories, and when a story closes writes its brief (into a
/// directory) and the story itself (into the store).
struct StoryWriter {
    /// Directory and format of the briefs.
    briefs: Option<(PathBuf, Format)>,
    store: Option<(PathBuf, Store)>,
    opts: BriefOptions,
    min_sources: usize,
    articles: StoryArticles,
    briefs_written: usize,
    stories_stored: usize,
}

impl StoryWriter {
    fn close(&mut self, story: &StoryCluster, sources: Vec<SourceArticle>) -> Result<()> {
        let brief = if story.distinct >= self.min_sources && !sources.is_empty() {
            story_brief(story.story, &story.title, &sources, &self.opts)
                .inspect_err(|e| eprintln!("chorus: story {}: no brief: {e}", story.story))
                .ok()
        } else {
            None
        };
        if let (Some((dir, format)), Some(brief)) = (&self.briefs, &brief) {
            let ext = match format {
                Format::Markdown => "md",
                Format::Json => "json",
                Format::Text => "txt",
            };
            let path = dir.join(format!("story-{:06}.{ext}", story.story));
            std::fs::write(&path, render(brief, *format))
                .with_context(|| format!("cannot write {}", path.display()))?;
            self.briefs_written += 1;
        }
        if let Some((path, store)) = &mut self.store {
            let brief_json = brief.as_ref().map(serde_json::to_string).transpose()?;
            let texts: FxHashMap<u64, &str> =
                sources.iter().map(|a| (a.seq, a.text.as_str())).collect();
            let position: FxHashMap<u64, usize> = story
                .articles
                .iter()
                .enumerate()
                .map(|(i, m)| (m.seq, i))
                .collect();
            let articles = story
                .articles
                .iter()
                .map(|m| NewArticle {
                    ext_id: m.id.as_deref(),
                    title: m.meta.title.as_deref(),
                    outlet: m.meta.outlet.as_deref(),
                    url: m.meta.url.as_deref(),
                    published: m.meta.published.as_deref(),
                    text: texts.get(&m.seq).copied(),
                    duplicate_of: m.duplicate_of.and_then(|d| position.get(&d).copied()),
                    similarity: Some(m.similarity),
                })
                .collect();
            store
                .add_story(&NewStory {
                    title: &story.title,
                    first_published: story.first_published.as_deref(),
                    last_published: story.last_published.as_deref(),
                    origin: "cluster",
                    articles,
                    brief: brief_json
                        .as_deref()
                        .map(|j| (self.opts.method.as_str(), j)),
                })
                .with_context(|| {
                    format!("cannot store story {} in {}", story.story, path.display())
                })?;
            self.stories_stored += 1;
        }
        Ok(())
    }

    fn report(&self) -> String {
        let mut out = String::new();
        if let Some((dir, _)) = &self.briefs {
            out += &format!("; {} briefs in {}", self.briefs_written, dir.display());
        }
        if let Some((path, _)) = &self.store {
            out += &format!(
                "; {} stories stored in {}",
                self.stories_stored,
                path.display()
            );
        }
        out
    }
}

/// Where events go: output lines, briefs, counts.
struct Sink<W: Write> {
    out: W,
    assignments: bool,
    writer: Option<StoryWriter>,
    n_empty: u64,
    n_stories: u64,
}

impl<W: Write> Sink<W> {
    fn handle(&mut self, events: Vec<ClusterEvent>, article: Option<StreamArticle>) -> Result<()> {
        for e in &events {
            match e {
                ClusterEvent::Assigned(a) => self.n_empty += u64::from(a.story.is_none()),
                ClusterEvent::Closed(_) => self.n_stories += 1,
                ClusterEvent::Merged { .. } => {}
            }
            if self.assignments || matches!(e, ClusterEvent::Closed(_)) {
                serde_json::to_writer(&mut self.out, &e.line())?;
                self.out.write_all(b"\n")?;
            }
        }
        if let Some(w) = self.writer.as_mut() {
            for (story, sources) in w.articles.follow(&events, article) {
                w.close(story, sources)?;
            }
        }
        // A story is worth seeing when it closes, not when the buffer fills.
        if events.iter().any(|e| matches!(e, ClusterEvent::Closed(_))) || self.assignments {
            self.out.flush()?;
        }
        Ok(())
    }
}

pub fn cmd_cluster(a: ClusterArgs) -> Result<()> {
    let opts = ClusterOptions {
        window_articles: a.window_articles,
        ..a.tuning.options()?
    };
    let embedder = crate::model::embedder_if(a.embeddings, a.model.as_deref())?;
    let writer = if a.brief.is_some() || a.db.is_some() {
        let opts = BriefOptions {
            method: a.method.clone(),
            budget: Budget::Words(a.words),
            ..Default::default()
        };
        chorus::brief::validate(&opts)?;
        let format: Format = a.brief_format.parse().map_err(anyhow::Error::msg)?;
        if let Some(dir) = &a.brief {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let store = match &a.db {
            Some(path) => Some((
                path.clone(),
                Store::open(path)
                    .with_context(|| format!("cannot open the store {}", path.display()))?,
            )),
            None => None,
        };
        Some(StoryWriter {
            briefs: a.brief.clone().map(|d| (d, format)),
            store,
            opts,
            min_sources: a.brief_min_sources,
            articles: StoryArticles::default(),
            briefs_written: 0,
            stories_stored: 0,
        })
    } else {
        None
    };
    let mut clusterer = Clusterer::new(opts);
    let mut sink = Sink {
        out: std::io::BufWriter::new(std::io::stdout().lock()),
        assignments: a.assignments,
        writer,
        n_empty: 0,
        n_stories: 0,
    };
    let inputs: Vec<PathBuf> = if a.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        a.inputs.clone()
    };
    let (mut n_articles, mut n_bad) = (0u64, 0u64);
    let mut line = Vec::new();
    // One article into the stream: embedded when asked, its events to the output.
    let feed =
        |clusterer: &mut Clusterer, sink: &mut Sink<_>, mut article: StreamArticle| -> Result<()> {
            if let Some(e) = &embedder {
                embed_articles(e, std::slice::from_mut(&mut article));
            }
            let keep = sink.writer.is_some().then(|| article.clone());
            let events = clusterer.push(article);
            sink.handle(events, keep)
        };
    for path in &inputs {
        if path.as_os_str() != "-" && chorus_warc::is_warc(path) {
            // A WARC file: its HTML pages, in the order of the file, are the stream's articles.
            let bytes = crate::input::read_file(path)?;
            let pages = chorus_warc::pages_from_warc(&bytes);
            if let Some(line) = pages.summary(&path.display().to_string()) {
                eprintln!("chorus: warning: {line}");
            }
            for page in &pages.pages {
                let mut warnings = Vec::new();
                let article = stream_article_from_page(page, &mut warnings);
                for w in warnings {
                    eprintln!("chorus: {w}");
                }
                n_articles += 1;
                feed(&mut clusterer, &mut sink, article)?;
            }
            continue;
        }
        let mut reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            let f = std::fs::File::open(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Box::new(std::io::BufReader::with_capacity(1 << 16, f))
        };
        let name = path.display();
        let mut line_no = 0;
        while let Some(read) =
            next_line(&mut reader, &mut line).with_context(|| format!("reading {name}"))?
        {
            line_no += 1;
            if let Err(len) = read {
                n_bad += 1;
                eprintln!("chorus: {name}: line {line_no}: skipped, {len} bytes is longer than the {MAX_LINE_BYTES} a line may have");
                continue;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let mut warnings = Vec::new();
            let parsed = stream_article_from_json(&line, &mut warnings);
            for w in warnings {
                eprintln!("chorus: {name}: line {line_no}: {w}");
            }
            match parsed {
                Ok(article) => {
                    n_articles += 1;
                    feed(&mut clusterer, &mut sink, article)?;
                }
                Err(e) => {
                    n_bad += 1;
                    eprintln!("chorus: {name}: line {line_no}: not an article in JSON: {e}");
                }
            }
        }
    }
    sink.handle(clusterer.finish(), None)?;
    sink.out.flush()?;
    eprintln!(
        "chorus: {n_articles} articles into {} stories ({} without text, {n_bad} bad lines){}",
        sink.n_stories,
        sink.n_empty,
        sink.writer
            .as_ref()
            .map(StoryWriter::report)
            .unwrap_or_default()
    );
    Ok(())
}

fn check_weight(w: f32) -> Result<()> {
    if !(0.0..=1.0).contains(&w) {
        bail!("--embedding-weight must be between 0 and 1, not {w}");
    }
    Ok(())
}

/// Gives each article the embedding of its [`embedding_text`](chorus::cluster::embedding_text).
pub fn embed_articles(embedder: &chorus::embed::Embedder, articles: &mut [StreamArticle]) {
    let texts: Vec<String> = articles
        .iter()
        .map(|a| chorus::cluster::embedding_text(a.meta.title.as_deref(), &a.text))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.0.embed(&refs);
    for (a, v) in articles.iter_mut().zip(vectors) {
        a.embedding = Some(v);
    }
}
