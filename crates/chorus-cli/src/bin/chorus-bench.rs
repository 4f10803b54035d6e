//! Speed and memory of each method on one thread: `chorus-bench DATA.jsonl [--method a,b] [--rounds N]`.
//!
//! Each method runs in a fresh child process so its peak resident memory (VmHWM) is its own.
//! Reports stories per second over the whole pipeline after JSON parsing: cleaning, segmentation,
//! features, grouping, selection, ordering and rendering the brief as JSON. `--summary-only`
//! leaves out the analyses (quotes, facts, entities, timeline, coverage): the summary's own cost,
//! as `chorus eval` runs it.
//!
//! `chorus-bench DATA.jsonl --cluster N`: the clusterer over a synthetic stream of N articles made
//! by resampling the dataset's articles (see `synthetic_stream`); articles/s and peak memory.
//!
//! `chorus-bench DATA.jsonl --embed N`: sentence embeddings (all-MiniLM-L6-v2 from the model
//! directory, `$CHORUS_MODEL_DIR` or the user cache) of the dataset's first N sentences, on all
//! cores; sentences/s and peak memory.

use anyhow::{bail, Context, Result};
use chorus::ingest::stories_from_jsonl;
use chorus::{make_brief, render, BriefOptions, Budget, Format};
use std::time::Instant;

// glibc's allocator was 15% of a brief's instructions (3.9 million allocations over
// Multi-News-200); mimalloc serves the same small, short-lived allocations in a fraction of it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: chorus-bench DATA.jsonl [--method a,b] [--rounds N] [--words N] [--summary-only] | DATA.jsonl --cluster N | DATA.jsonl --embed N";

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run_one(data: &str, method: &str, rounds: usize, words: usize, analyses: bool) -> Result<()> {
    let bytes = std::fs::read(data).with_context(|| format!("cannot read {data}"))?;
    let stories: Vec<_> = stories_from_jsonl(data, &bytes)
        .into_iter()
        .filter_map(|r| r.ok())
        .map(|js| js.story)
        .collect();
    let opts = BriefOptions {
        method: method.to_string(),
        budget: Budget::Words(words),
        analyses,
        ..Default::default()
    };
    let mut slowest = std::time::Duration::ZERO;
    let t0 = Instant::now();
    for _ in 0..rounds {
        for s in &stories {
            let t = Instant::now();
            if let Ok(b) = make_brief(s, &opts) {
                std::hint::black_box(render(&b, Format::Json));
            }
            slowest = slowest.max(t.elapsed());
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let n = stories.len() * rounds;
    println!(
        "{:<10} {:>6} stories {:>7.2} s {:>8.0} stories/s {:>7.1} ms slowest {:>7.1} MB peak RSS",
        method,
        n,
        secs,
        n as f64 / secs,
        slowest.as_secs_f64() * 1000.0,
        peak_rss_kib().unwrap_or(0) as f64 / 1024.0,
    );
    Ok(())
}

/// Epochs after which the synthetic vocabulary repeats: far enough apart that the old stories have
/// closed (64 × the dataset's articles > the default window), few enough that the vocabulary stays
/// that of a large news stream rather than growing without end.
const VOCABULARY_EPOCHS: usize = 64;

/// The `i`-th article of the synthetic stream: epoch `i / n` holds every article of the dataset
/// once, in an order shuffled per epoch; every content word carries an epoch mark, so each epoch's
/// copies of a story are a new story with its own vocabulary. Returns (gold story, text).
fn synthetic_article(pool: &[(usize, String)], order: &[usize], i: usize) -> (u64, String) {
    let n = pool.len();
    let epoch = i / n;
    // Rotate the shuffled order per epoch: arrival order differs, content does not.
    let (story, text) = &pool[order[(i % n + epoch * 7919) % n]];
    let mark = {
        let mut e = epoch % VOCABULARY_EPOCHS;
        let mut m = String::from("q");
        loop {
            m.push((b'a' + (e % 26) as u8) as char);
            e /= 26;
            if e == 0 {
                break m;
            }
        }
    };
    // Every run of letters and digits that is a content word gets the mark; function words stay
    // as they are, common to every epoch as in real news.
    let mut out = String::with_capacity(text.len() + text.len() / 3);
    let mut run_start = None;
    let mut lower = String::new();
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), run_start) {
            (true, None) => run_start = Some(at),
            (false, Some(start)) => {
                let run = &text[start..at];
                out.push_str(run);
                lower.clear();
                lower.extend(run.chars().flat_map(char::to_lowercase));
                if run.len() > 1
                    && run.chars().any(char::is_alphabetic)
                    && !chorus::represent::is_stop_word(&lower)
                {
                    out.push_str(&mark);
                }
                run_start = None;
            }
            _ => {}
        }
        if !c.is_alphanumeric() && at < text.len() {
            out.push(c);
        }
    }
    ((epoch * 1000 + story) as u64, out)
}

fn run_cluster(data: &str, n: usize) -> Result<()> {
    use chorus::cluster::{ClusterEvent, ClusterOptions, Clusterer, StreamArticle};
    let bytes = std::fs::read(data).with_context(|| format!("cannot read {data}"))?;
    let pool: Vec<(usize, String)> = stories_from_jsonl(data, &bytes)
        .into_iter()
        .filter_map(|r| r.ok())
        .enumerate()
        .flat_map(|(i, js)| js.story.articles.into_iter().map(move |a| (i, a.text)))
        .collect();
    drop(bytes);
    if pool.is_empty() {
        bail!("{data}: no articles");
    }
    // A fixed shuffle (multiplicative hashing of the index).
    let mut order: Vec<usize> = (0..pool.len()).collect();
    order.sort_by_key(|&i| (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut clusterer = Clusterer::new(ClusterOptions::default());
    // Gold and predicted story per article, for B-cubed (8 bytes an article).
    let mut gold: Vec<u64> = Vec::with_capacity(n);
    let mut predicted: Vec<u64> = vec![0; n];
    let mut record = |events: Vec<ClusterEvent>, closed: &mut usize| {
        for e in events {
            if let ClusterEvent::Closed(s) = e {
                *closed += 1;
                for m in &s.articles {
                    predicted[m.seq as usize - 1] = s.story;
                }
            }
        }
    };
    let (mut busy, mut closed, mut most_open) = (std::time::Duration::ZERO, 0usize, 0usize);
    for i in 0..n {
        let (g, text) = synthetic_article(&pool, &order, i);
        gold.push(g);
        let article = StreamArticle {
            text,
            ..Default::default()
        };
        let t = Instant::now();
        let events = clusterer.push(article);
        busy += t.elapsed();
        record(events, &mut closed);
        most_open = most_open.max(clusterer.open_stories());
        if (i + 1) % 100_000 == 0 {
            eprintln!(
                "{:>9} articles {:>8.0} articles/s {:>6} open stories {:>7.1} MB peak RSS",
                i + 1,
                (i + 1) as f64 / busy.as_secs_f64(),
                clusterer.open_stories(),
                peak_rss_kib().unwrap_or(0) as f64 / 1024.0
            );
        }
    }
    let t = Instant::now();
    let events = clusterer.finish();
    busy += t.elapsed();
    record(events, &mut closed);
    // Peak memory of the stream itself, before scoring builds its tables.
    let stream_rss = peak_rss_kib().unwrap_or(0) as f64 / 1024.0;
    // Articles without text: a story each.
    let mut next = u64::MAX;
    for p in predicted.iter_mut().filter(|p| **p == 0) {
        *p = next;
        next -= 1;
    }
    let s = chorus::cluster::metrics::score(&gold, &predicted);
    println!(
        "cluster: {n} synthetic articles, {closed} stories, at most {most_open} open; {:.0} articles/s on one thread; {:.1} MB peak RSS; B-cubed F1 {:.4} (P {:.4} R {:.4})",
        n as f64 / busy.as_secs_f64(),
        stream_rss,
        s.bcubed_f1,
        s.bcubed_precision,
        s.bcubed_recall
    );
    Ok(())
}

fn run_embed(data: &str, n: usize) -> Result<()> {
    let bytes = std::fs::read(data).with_context(|| format!("cannot read {data}"))?;
    let mut sentences: Vec<String> = Vec::new();
    'stories: for js in stories_from_jsonl(data, &bytes).into_iter().flatten() {
        for a in &js.story.articles {
            for r in chorus::segment::split_sentences(&a.text) {
                sentences.push(a.text[r].split_whitespace().collect::<Vec<_>>().join(" "));
                if sentences.len() == n {
                    break 'stories;
                }
            }
        }
    }
    let dir = chorus_embed::default_model_dir();
    let model = chorus_embed::MiniLm::load(&dir)
        .with_context(|| format!("no model in {} (chorus model install)", dir.display()))?;
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    model.embed(&texts[..texts.len().min(64)])?; // warm up
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let start = Instant::now();
    let vectors = model.embed(&texts)?;
    let took = start.elapsed().as_secs_f64();
    println!(
        "embed: {} sentences ({:.1} words each) in {took:.2} s: {:.1} sentences/s on {} threads; {:.1} MB peak RSS; {} dimensions",
        vectors.len(),
        words as f64 / texts.len().max(1) as f64,
        vectors.len() as f64 / took,
        rayon_threads(),
        peak_rss_kib().unwrap_or(0) as f64 / 1024.0,
        vectors.first().map_or(0, Vec::len)
    );
    Ok(())
}

fn rayon_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data = None;
    let mut methods: Vec<String> = chorus::METHODS.iter().map(|s| s.to_string()).collect();
    let mut rounds = 5;
    let mut words = 250;
    let mut child = false;
    let mut analyses = true;
    let mut cluster = None;
    let mut embed = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--method" => {
                methods = args
                    .get(i + 1)
                    .context("--method needs a value")?
                    .split(',')
                    .map(String::from)
                    .collect();
                i += 1;
            }
            "--rounds" => {
                rounds = args.get(i + 1).context("--rounds needs a value")?.parse()?;
                i += 1;
            }
            "--words" => {
                words = args.get(i + 1).context("--words needs a value")?.parse()?;
                i += 1;
            }
            "--child" => child = true,
            "--summary-only" => analyses = false,
            "--cluster" => {
                cluster = Some(
                    args.get(i + 1)
                        .context("--cluster needs a value")?
                        .parse()?,
                );
                i += 1;
            }
            "--embed" => {
                embed = Some(args.get(i + 1).context("--embed needs a value")?.parse()?);
                i += 1;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other if data.is_none() && !other.starts_with('-') => data = Some(other.to_string()),
            other => bail!("unexpected argument {other:?}\n{USAGE}"),
        }
        i += 1;
    }
    let data = data.context(USAGE)?;
    if let Some(n) = cluster {
        return run_cluster(&data, n);
    }
    if let Some(n) = embed {
        return run_embed(&data, n);
    }
    if child {
        return run_one(&data, &methods[0], rounds, words, analyses);
    }
    println!(
        "one thread, {rounds} rounds over {data}, {words}-word budget{}",
        if analyses { "" } else { ", summary only" }
    );
    let exe = std::env::current_exe()?;
    for m in &methods {
        let status = std::process::Command::new(&exe)
            .args([
                data.as_str(),
                "--method",
                m,
                "--rounds",
                &rounds.to_string(),
                "--words",
                &words.to_string(),
                "--child",
            ])
            .args((!analyses).then_some("--summary-only"))
            .status()?;
        if !status.success() {
            bail!("{m}: benchmark failed");
        }
    }
    Ok(())
}
