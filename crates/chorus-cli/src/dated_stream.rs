//! A dated stream for clustering checks, made from a dataset of undated stories (Multi-News).
//!
//! Each story is given a start time over a span of days and its articles are published within
//! half a day to three days of it, most of them early. Some stories are chained into **threads**: stories about one subject
//! (the most alike by their words, but not so alike that they are one event told twice), started
//! days or weeks apart, as a trial, a war or a series of reports comes back in a real feed. The
//! gold says each story stands alone; a thread's later stories continue its earlier ones.

use crate::cluster_eval::SplitMix64;
use crate::input::read_maybe_gz;
use anyhow::{bail, Context, Result};
use chorus::cluster::StreamArticle;
use chorus::dates::format_timestamp;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::path::Path;

/// How the stream is laid out.
#[derive(Debug, Clone)]
pub struct DatedOptions {
    pub seed: u64,
    /// Days the stories' start times are spread over.
    pub days: u32,
    /// Share of the stories placed in threads.
    pub thread_share: f64,
    /// Hours after a story's start within which its articles are published: each story is
    /// given a spread between the two, some told in a day, some over three.
    pub spread_hours: (f64, f64),
}

impl Default for DatedOptions {
    fn default() -> Self {
        DatedOptions {
            seed: 7,
            days: 120,
            thread_share: 0.3,
            spread_hours: (12.0, 72.0),
        }
    }
}

/// Days between the starts of two successive stories of a thread: the next day's development
/// of a trial, the next week's report, the next month's return of a subject.
const THREAD_GAPS_DAYS: [i64; 8] = [1, 2, 3, 5, 7, 14, 21, 28];
/// Word-vector cosine between two stories at which they are taken to be about one subject...
const SUBJECT_MIN: f32 = 0.2;
/// ... and above which they may be one event told twice (two summaries of one story), which a
/// stream could not be asked to keep apart.
const SUBJECT_MAX: f32 = 0.6;
/// Stories in one thread, at most.
const THREAD_MAX: usize = 4;
/// The stream's day 0: 2021-03-01T00:00:00Z (any date would do).
const DAY0: i64 = 1_614_556_800;

/// The stream: articles in publication order, each with its gold story.
#[derive(Debug, Clone)]
pub struct DatedStream {
    /// (gold story, article); the article's `published` is set.
    pub articles: Vec<(usize, StreamArticle)>,
    /// Threads: their stories in time order (indices into the gold stories).
    pub threads: Vec<Vec<usize>>,
    pub stories: usize,
}

/// One line of the dataset (Multi-News+ or Multi-News-200).
#[derive(Deserialize)]
struct DatasetLine {
    #[serde(default)]
    id: Option<String>,
    documents: Vec<String>,
    /// Documents a vote judged unrelated to the story: left out, since their gold is unknown.
    #[serde(default)]
    irrelevant: Vec<usize>,
}

/// The stories of a dataset: (id, articles' texts), documents judged unrelated and empty ones
/// left out, stories left with none dropped.
pub fn read_stories(path: &Path) -> Result<Vec<(String, Vec<String>)>> {
    let bytes = read_maybe_gz(path)?;
    let mut stories = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let l: DatasetLine = serde_json::from_slice(line)
            .with_context(|| format!("{}: line {}", path.display(), i + 1))?;
        let docs: Vec<String> = l
            .documents
            .into_iter()
            .enumerate()
            .filter(|(k, d)| !l.irrelevant.contains(k) && d.split_whitespace().nth(20).is_some())
            .map(|(_, d)| d)
            .collect();
        if !docs.is_empty() {
            stories.push((l.id.unwrap_or_else(|| format!("story-{}", i + 1)), docs));
        }
    }
    if stories.is_empty() {
        bail!("{}: no stories with text", path.display());
    }
    Ok(stories)
}

/// Lays the stories out in time (see the module's comment).
pub fn dated_stream(stories: &[(String, Vec<String>)], opts: &DatedOptions) -> DatedStream {
    let mut rng = SplitMix64(opts.seed);
    let vectors: Vec<Vec<(u32, f32)>> = word_vectors(stories);
    let threads = plant_threads(&vectors, opts.thread_share, &mut rng);
    let day = 86_400i64;
    let horizon = opts.days.max(1) as i64 * day;
    let mut start = vec![0i64; stories.len()];
    let mut threaded = vec![false; stories.len()];
    for t in &threads {
        let gaps: Vec<i64> = (1..t.len())
            .map(|_| THREAD_GAPS_DAYS[(rng.next_u64() % THREAD_GAPS_DAYS.len() as u64) as usize])
            .collect();
        let span = gaps.iter().sum::<i64>() * day;
        let first = (rng.next_u64() % (horizon - span).max(1) as u64) as i64;
        let mut at = first;
        for (k, &s) in t.iter().enumerate() {
            if k > 0 {
                // The next story starts `gap` days on, at another hour of that day.
                at = (at / day + gaps[k - 1]) * day + (rng.next_u64() % day as u64) as i64;
            }
            start[s] = at;
            threaded[s] = true;
        }
    }
    for (s, st) in start.iter_mut().enumerate() {
        if !threaded[s] {
            *st = (rng.next_u64() % horizon as u64) as i64;
        }
    }
    let uniform = |rng: &mut SplitMix64| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let mut articles: Vec<(i64, u64, usize, StreamArticle)> = Vec::new();
    for (s, (id, docs)) in stories.iter().enumerate() {
        let (lo, hi) = opts.spread_hours;
        let spread = (lo + uniform(&mut rng) * (hi - lo).max(0.0)) * 3600.0;
        for (k, text) in docs.iter().enumerate() {
            // The first article at the start, the others sooner rather than later.
            let u = uniform(&mut rng);
            let offset = if k == 0 { 0 } else { (u * u * spread) as i64 };
            let time = DAY0 + start[s] + offset;
            articles.push((
                time,
                rng.next_u64(),
                s,
                StreamArticle {
                    id: Some(format!("{id}#{}", k + 1)),
                    meta: chorus::ingest::ArticleMeta {
                        published: Some(format_timestamp(time)),
                        ..Default::default()
                    },
                    text: text.clone(),
                    embedding: None,
                },
            ));
        }
    }
    articles.sort_by_key(|a| (a.0, a.1));
    DatedStream {
        articles: articles.into_iter().map(|(_, _, s, a)| (s, a)).collect(),
        threads,
        stories: stories.len(),
    }
}

/// The same stream with the arrival order shuffled within each calendar day: a feed's order
/// within a day is an accident of crawling.
pub fn shuffled_within_days(stream: &DatedStream, seed: u64) -> DatedStream {
    let mut rng = SplitMix64(seed);
    let day_of = |a: &StreamArticle| {
        a.meta
            .published
            .as_deref()
            .and_then(chorus::dates::parse_timestamp)
            .map_or(0, |t| t.div_euclid(86_400))
    };
    let mut out = stream.clone();
    let mut i = 0;
    while i < out.articles.len() {
        let d = day_of(&out.articles[i].1);
        let mut j = i;
        while j < out.articles.len() && day_of(&out.articles[j].1) == d {
            j += 1;
        }
        rng.shuffle(&mut out.articles[i..j]);
        i = j;
    }
    out
}

/// Unit TF-IDF vectors of each story's words (all its articles; lower-cased words of four
/// letters or more), sorted by word id. Deliberately not the clusterer's representation (stems
/// of the title and lead): threads are chosen by what the whole stories say.
fn word_vectors(stories: &[(String, Vec<String>)]) -> Vec<Vec<(u32, f32)>> {
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut counts: Vec<FxHashMap<u32, f32>> = Vec::with_capacity(stories.len());
    let mut df: FxHashMap<u32, u32> = FxHashMap::default();
    for (_, docs) in stories {
        let mut c: FxHashMap<u32, f32> = FxHashMap::default();
        for d in docs {
            for w in d.split(|ch: char| !ch.is_alphabetic()) {
                if w.chars().count() < 4 {
                    continue;
                }
                let n = ids.len() as u32;
                let id = *ids.entry(w.to_lowercase()).or_insert(n);
                *c.entry(id).or_default() += 1.0;
            }
        }
        for &w in c.keys() {
            *df.entry(w).or_default() += 1;
        }
        counts.push(c);
    }
    let n = stories.len() as f32;
    counts
        .into_iter()
        .map(|c| {
            let mut v: Vec<(u32, f32)> = c
                .into_iter()
                .map(|(w, k)| (w, (1.0 + k.ln()) * ((n + 1.0) / (df[&w] as f32 + 1.0)).ln()))
                .collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            v.sort_unstable_by_key(|&(w, _)| w);
            v
        })
        .collect()
}

/// Threads of two to `THREAD_MAX` stories about one subject, until `share` of the stories are
/// in one: a story drawn at random, then the stories nearest to it within the subject band.
fn plant_threads(vectors: &[Vec<(u32, f32)>], share: f64, rng: &mut SplitMix64) -> Vec<Vec<usize>> {
    // Stories by their 20 heaviest words, to find the alike ones without comparing all pairs.
    let mut index: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (s, v) in vectors.iter().enumerate() {
        let mut heavy = v.clone();
        heavy.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(w, _) in heavy.iter().take(20) {
            index.entry(w).or_default().push(s);
        }
    }
    let mut order: Vec<usize> = (0..vectors.len()).collect();
    rng.shuffle(&mut order);
    let target = (share * vectors.len() as f64) as usize;
    let mut used = vec![false; vectors.len()];
    let mut placed = 0;
    let mut threads = Vec::new();
    for &s in &order {
        if placed >= target {
            break;
        }
        if used[s] {
            continue;
        }
        let mut heavy = vectors[s].clone();
        heavy.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut shared: FxHashMap<usize, u32> = FxHashMap::default();
        for &(w, _) in heavy.iter().take(20) {
            for &o in index.get(&w).map(Vec::as_slice).unwrap_or_default() {
                if o != s && !used[o] {
                    *shared.entry(o).or_default() += 1;
                }
            }
        }
        let mut near: Vec<(f32, usize)> = shared
            .into_keys()
            .map(|o| (dot(&vectors[s], &vectors[o]), o))
            .filter(|&(c, _)| (SUBJECT_MIN..SUBJECT_MAX).contains(&c))
            .collect();
        near.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Every pair of the thread in the band, not only each with the first story.
        let want = 2 + (rng.next_u64() % (THREAD_MAX as u64 - 1)) as usize;
        let mut thread = vec![s];
        for &(_, o) in &near {
            if thread.len() == want {
                break;
            }
            if thread
                .iter()
                .all(|&t| dot(&vectors[t], &vectors[o]) < SUBJECT_MAX)
            {
                thread.push(o);
            }
        }
        if thread.len() < 2 {
            continue;
        }
        rng.shuffle(&mut thread);
        for &t in &thread {
            used[t] = true;
        }
        placed += thread.len();
        threads.push(thread);
    }
    threads
}

fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut d) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                d += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stories() -> Vec<(String, Vec<String>)> {
        // Invented words of letters only: story k shares most of its words with story k + 1.
        let name = |n: usize| {
            format!(
                "wor{}{}",
                (b'a' + (n % 26) as u8) as char,
                (b'a' + (n / 26) as u8) as char
            )
        };
        let words = |k: usize| -> String {
            (0..30)
                .map(|i| name((k * 3 + i) % 200))
                .collect::<Vec<_>>()
                .join(" ")
        };
        (0..40)
            .map(|k| (format!("s{k}"), vec![words(k), words(k + 1)]))
            .collect()
    }

    #[test]
    fn the_stream_is_in_time_order_and_threads_are_days_apart() {
        let s = stories();
        let stream = dated_stream(&s, &DatedOptions::default());
        assert_eq!(stream.articles.len(), 80);
        let times: Vec<i64> = stream
            .articles
            .iter()
            .map(|(_, a)| {
                chorus::dates::parse_timestamp(a.meta.published.as_deref().unwrap()).unwrap()
            })
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        let start = |g: usize| {
            stream
                .articles
                .iter()
                .zip(&times)
                .filter(|((s, _), _)| *s == g)
                .map(|(_, &t)| t)
                .min()
                .unwrap()
        };
        for t in &stream.threads {
            assert!(t.len() >= 2 && t.len() <= THREAD_MAX);
            for w in t.windows(2) {
                // Successive stories start on days at least one apart.
                assert!(start(w[1]).div_euclid(86_400) > start(w[0]).div_euclid(86_400));
            }
        }
        // The same seed lays out the same stream.
        let again = dated_stream(&s, &DatedOptions::default());
        assert_eq!(
            stream
                .articles
                .iter()
                .map(|(g, a)| (*g, a.id.clone()))
                .collect::<Vec<_>>(),
            again
                .articles
                .iter()
                .map(|(g, a)| (*g, a.id.clone()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn shuffling_within_days_keeps_each_day_its_articles() {
        let stream = dated_stream(&stories(), &DatedOptions::default());
        let shuffled = shuffled_within_days(&stream, 3);
        let days = |s: &DatedStream| -> Vec<String> {
            s.articles
                .iter()
                .map(|(_, a)| a.meta.published.clone().unwrap()[..10].to_string())
                .collect()
        };
        assert_eq!(days(&stream), days(&shuffled));
        let mut a: Vec<_> = stream.articles.iter().map(|(_, a)| a.id.clone()).collect();
        let mut b: Vec<_> = shuffled
            .articles
            .iter()
            .map(|(_, a)| a.id.clone())
            .collect();
        assert_ne!(a, b, "forty stories over 120 days share a day somewhere");
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
