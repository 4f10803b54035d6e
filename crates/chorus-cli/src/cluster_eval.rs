//! `chorus cluster-eval`: how well the stories of a dataset are recovered from their articles,
//! pooled and shuffled (undated), or spread over time as a dated stream (`--dated`).

use crate::cluster::{embed_articles, ClusterTuning};
use crate::dated_stream::DatedOptions;
use anyhow::{bail, Context, Result};
use chorus::cluster::batch::{cluster_batch, Linkage};
use chorus::cluster::metrics::{score, ClusterScores};
use chorus::cluster::{ClusterEvent, ClusterOptions, Clusterer, StoryCluster, StreamArticle};
use chorus::ingest::stories_from_jsonl;
use clap::Args;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args)]
pub struct ClusterEvalArgs {
    /// A dataset of stories (JSON lines with "documents"), such as Multi-News.
    data: PathBuf,
    /// Seed of the shuffle that pools the stories' articles into one stream.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    #[command(flatten)]
    tuning: ClusterTuning,
    /// Times the stream is clustered for the speed figure.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Fail when B-cubed F1 over all articles is below this.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Fail when B-cubed F1 over the articles with text (those the clusterer can place) is
    /// below this.
    #[arg(long)]
    min_f1_with_text: Option<f64>,
    /// List the gold stories that were split or joined.
    #[arg(long)]
    verbose: bool,
    /// Also cluster the articles in a batch, all at once (average, complete and single link,
    /// each cut at its best threshold): the ceiling of the representation the stream uses.
    #[arg(long)]
    batch: bool,
    /// Weigh sentence embeddings of each article's lead as well as its terms (needs
    /// `chorus model install`).
    #[arg(long)]
    embeddings: bool,
    /// The model directory (default: where `chorus model install` puts it).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Lay the stories out in time instead (a dated stream: each story given a start over
    /// `--days`, its articles over half a day to three days, and stories about one subject planted days
    /// or weeks apart, which must stay separate) and score that (Multi-News+ .jsonl.gz or
    /// Multi-News-200).
    #[arg(long)]
    dated: bool,
    /// With --dated: days the stories are spread over.
    #[arg(long, default_value_t = DatedOptions::default().days)]
    days: u32,
    /// With --dated: share of the stories planted in threads of one subject.
    #[arg(long, default_value_t = DatedOptions::default().thread_share)]
    thread_share: f64,
    /// With --dated: use the first N stories of the dataset only (0: all).
    #[arg(long, default_value_t = 0)]
    stories: usize,
    /// With --dated: write the stream as `chorus cluster` input (JSON lines with the gold
    /// story as "story") to this file.
    #[arg(long)]
    write_stream: Option<PathBuf>,
    /// Score a real dated collection instead: DATA is a directory of JSON-lines files of
    /// articles ({"id", "title"?, "text", "date" or "published", "publisher" or "outlet"?}, such
    /// as PolNeAR's), clustered in publication order, and this file says which articles report
    /// the same event (article id, tab, event label). Measures precision; fails on a story that
    /// holds an article the file does not list.
    #[arg(long)]
    events: Option<PathBuf>,
    /// With --dated or --events: fail when B-cubed precision (articles with text) is below this.
    #[arg(long)]
    min_precision: Option<f64>,
    /// With --dated: fail when B-cubed recall (articles with text) is below this.
    #[arg(long)]
    min_recall: Option<f64>,
}

impl ClusterEvalArgs {
    fn dated_args(&self) -> crate::dated_eval::DatedEvalArgs {
        crate::dated_eval::DatedEvalArgs {
            data: self.data.clone(),
            layout: DatedOptions {
                seed: self.seed,
                days: self.days,
                thread_share: self.thread_share,
                ..Default::default()
            },
            stories: self.stories,
            rounds: self.rounds,
            write_stream: self.write_stream.clone(),
            min_precision: self.min_precision,
            min_recall: self.min_recall,
            verbose: self.verbose,
        }
    }
}

/// SplitMix64: a fixed, documented sequence, so a seed names the same shuffle everywhere.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// The articles of a dataset's stories pooled and shuffled: (gold story index, article).
pub fn pooled_stream(data: &Path, seed: u64) -> Result<Vec<(usize, StreamArticle)>> {
    let bytes = std::fs::read(data).with_context(|| format!("cannot read {}", data.display()))?;
    let mut pool = Vec::new();
    for (i, js) in stories_from_jsonl(&data.display().to_string(), &bytes)
        .into_iter()
        .enumerate()
    {
        let js = js.with_context(|| format!("{}: story {}", data.display(), i + 1))?;
        for a in js.story.articles {
            pool.push((
                i,
                StreamArticle {
                    id: Some(format!(
                        "{}#{}",
                        js.story.id.as_deref().unwrap_or("?"),
                        a.id
                    )),
                    meta: a.meta,
                    text: a.text,
                    embedding: None,
                },
            ));
        }
    }
    if pool.is_empty() {
        bail!("{}: no articles", data.display());
    }
    SplitMix64(seed).shuffle(&mut pool);
    Ok(pool)
}

/// Each article's final story after a whole stream; `None` for articles without text.
pub fn cluster_stream(opts: &ClusterOptions, articles: &[StreamArticle]) -> Vec<Option<u64>> {
    run_stream(opts, articles).0
}

/// Each article's final story after a whole stream (`None` for articles without text), and the
/// stories as they closed.
pub fn run_stream(
    opts: &ClusterOptions,
    articles: &[StreamArticle],
) -> (Vec<Option<u64>>, Vec<StoryCluster>) {
    let mut c = Clusterer::new(opts.clone());
    let mut story_of = vec![None; articles.len()];
    let mut closed = Vec::new();
    let mut record = |events: Vec<ClusterEvent>| {
        for e in events {
            if let ClusterEvent::Closed(s) = e {
                for m in &s.articles {
                    story_of[m.seq as usize - 1] = Some(s.story);
                }
                closed.push(s);
            }
        }
    };
    for a in articles {
        record(c.push(a.clone()));
    }
    record(c.finish());
    (story_of, closed)
}

pub fn cmd_cluster_eval(a: ClusterEvalArgs) -> Result<()> {
    let opts = a.tuning.options()?;
    // The model first: a missing one is found before the data is read.
    let embedder = crate::model::embedder_if(a.embeddings, a.model.as_deref())?;
    if let Some(events) = &a.events {
        return crate::dated_eval::eval_events(&a.data, events, &opts, a.min_precision, a.verbose);
    }
    if a.dated {
        return crate::dated_eval::eval_dated(&a.dated_args(), &opts);
    }
    let pool = pooled_stream(&a.data, a.seed)?;
    let (gold, mut articles): (Vec<usize>, Vec<StreamArticle>) = pool.into_iter().unzip();
    let mut embed_secs = None;
    if let Some(embedder) = embedder {
        let t0 = Instant::now();
        embed_articles(&embedder, &mut articles);
        embed_secs = Some(t0.elapsed().as_secs_f64());
    }
    let t0 = Instant::now();
    let mut predicted = Vec::new();
    for _ in 0..a.rounds.max(1) {
        predicted = cluster_stream(&opts, &articles);
    }
    let secs = t0.elapsed().as_secs_f64() / a.rounds.max(1) as f64;
    let (labels, s, t) = score_stories(&gold, &predicted);
    let with_text = predicted.iter().filter(|p| p.is_some()).count();
    let n_gold = gold.iter().collect::<std::collections::HashSet<_>>().len();
    let n_pred = labels
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .len();
    if a.verbose {
        report_errors(&gold, &labels, &articles);
    }
    println!(
        "{} articles of {n_gold} stories, shuffled (seed {}); {n_pred} stories found, {} articles without text (a story each)",
        articles.len(),
        a.seed,
        gold.len() - with_text
    );
    print_scores(&s, &t, articles.len() as f64 / secs, a.rounds);
    if let Some(e) = embed_secs {
        println!(
            "embeddings: {:.0} articles/s ({} threads), computed once before clustering",
            articles.len() as f64 / e,
            std::thread::available_parallelism().map_or(1, usize::from)
        );
    }
    if a.batch {
        report_batch(&gold, &articles, &opts)?;
    }
    for (min, what, s) in [
        (a.min_f1, "all articles", s),
        (a.min_f1_with_text, "articles with text", t),
    ] {
        if let Some(min) = min.filter(|&min| s.bcubed_f1 < min) {
            bail!("B-cubed F1 on {what} {:.4} is below {min}", s.bcubed_f1);
        }
    }
    Ok(())
}

/// Prints B-cubed and ARI over all articles and over those with text, and the speed.
pub fn print_scores(all: &ClusterScores, with_text: &ClusterScores, per_sec: f64, rounds: usize) {
    for (what, s) in [("all articles", all), ("articles with text", with_text)] {
        println!(
            "{what:<19} B-cubed precision {:.4} recall {:.4} F1 {:.4}; adjusted Rand index {:.4}",
            s.bcubed_precision, s.bcubed_recall, s.bcubed_f1, s.adjusted_rand
        );
    }
    println!(
        "{per_sec:.0} articles/s on one thread (mean of {} rounds)",
        rounds.max(1)
    );
}

/// Scores a clustering of the pooled articles: each one's label (an article without text is
/// a story of its own: nothing says where it belongs), then B-cubed and ARI over all articles
/// and over those with text.
pub fn score_stories(
    gold: &[usize],
    predicted: &[Option<u64>],
) -> (Vec<(u64, usize)>, ClusterScores, ClusterScores) {
    let labels: Vec<(u64, usize)> = predicted
        .iter()
        .enumerate()
        .map(|(i, p)| p.map_or((0, i), |s| (s, 0)))
        .collect();
    let with_text: Vec<usize> = (0..gold.len())
        .filter(|&i| predicted[i].is_some())
        .collect();
    let t = score(
        &with_text.iter().map(|&i| gold[i]).collect::<Vec<_>>(),
        &with_text.iter().map(|&i| labels[i]).collect::<Vec<_>>(),
    );
    let s = score(gold, &labels);
    (labels, s, t)
}

/// Batch clustering of the same articles with the same vectors, every linkage cut where the
/// gold stories score best: what the representation allows.
fn report_batch(gold: &[usize], articles: &[StreamArticle], opts: &ClusterOptions) -> Result<()> {
    println!(
        "batch: every article at once, IDF of the whole set, cut where articles with text score best (chosen with the gold stories in hand)"
    );
    for linkage in [Linkage::Average, Linkage::Complete, Linkage::Single] {
        let dendrogram = cluster_batch(articles, opts, linkage)?;
        let (cut, s, t) = (1..=60)
            .map(|k| {
                let cut = k as f32 / 100.0;
                let labels: Vec<Option<u64>> = dendrogram
                    .cut(cut)
                    .into_iter()
                    .map(|l| l.map(|l| l as u64))
                    .collect();
                let (_, s, t) = score_stories(gold, &labels);
                (cut, s, t)
            })
            .max_by(|x, y| x.2.bcubed_f1.total_cmp(&y.2.bcubed_f1))
            .expect("sixty cuts");
        println!(
            "  {:<8} link, cut {cut:.2}: all articles F1 {:.4}; with text precision {:.4} recall {:.4} F1 {:.4}",
            format!("{linkage:?}").to_lowercase(),
            s.bcubed_f1,
            t.bcubed_precision,
            t.bcubed_recall,
            t.bcubed_f1
        );
    }
    Ok(())
}

/// Gold stories split across predicted ones, and predicted stories that join gold ones.
fn report_errors(gold: &[usize], predicted: &[(u64, usize)], articles: &[StreamArticle]) {
    let mut by_gold: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    let mut by_pred: FxHashMap<(u64, usize), Vec<usize>> = FxHashMap::default();
    for (i, (&g, &p)) in gold.iter().zip(predicted).enumerate() {
        by_gold.entry(g).or_default().push(i);
        by_pred.entry(p).or_default().push(i);
    }
    let label = |i: usize| {
        let head: String = articles[i]
            .text
            .split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ");
        format!("{} \"{head}\"", articles[i].id.as_deref().unwrap_or("?"))
    };
    let mut gold_ids: Vec<_> = by_gold.keys().copied().collect();
    gold_ids.sort_unstable();
    for g in gold_ids {
        let members = &by_gold[&g];
        let parts: std::collections::BTreeSet<(u64, usize)> =
            members.iter().map(|&i| predicted[i]).collect();
        if parts.len() > 1 {
            println!("SPLIT gold story {g} into {} stories:", parts.len());
            for &i in members {
                let (story, _) = predicted[i];
                let story = if story == 0 {
                    "no text".to_string()
                } else {
                    story.to_string()
                };
                println!("    [{story}] {}", label(i));
            }
        }
    }
    let mut pred_ids: Vec<_> = by_pred.keys().copied().collect();
    pred_ids.sort_unstable();
    for p in pred_ids {
        let members = &by_pred[&p];
        let golds: std::collections::BTreeSet<usize> = members.iter().map(|&i| gold[i]).collect();
        if golds.len() > 1 {
            println!("JOINED {} gold stories in story {}:", golds.len(), p.0);
            for &i in members {
                println!("    (gold {}) {}", gold[i], label(i));
            }
        }
    }
}
