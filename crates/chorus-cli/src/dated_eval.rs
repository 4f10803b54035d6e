//! `chorus cluster-eval --dated`: the clusterer on a dated stream laid out from a dataset's
//! stories ([`crate::dated_stream`]): B-cubed against the stories, the window of silence
//! inside every story found, threads followed through `continues`, and how much shuffling the
//! arrival order within each day changes.

use crate::cluster_eval::{print_scores, run_stream, score_stories};
use crate::dated_stream::{dated_stream, read_stories, shuffled_within_days, DatedOptions};
use anyhow::{bail, Context, Result};
use chorus::cluster::metrics::score;
use chorus::cluster::{ClusterOptions, StoryCluster, StreamArticle};
use chorus::dates::parse_timestamp;
use rustc_hash::FxHashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct DatedEvalArgs {
    pub data: PathBuf,
    pub layout: DatedOptions,
    pub stories: usize,
    pub rounds: usize,
    pub write_stream: Option<PathBuf>,
    pub min_precision: Option<f64>,
    pub min_recall: Option<f64>,
    pub verbose: bool,
}

pub fn eval_dated(a: &DatedEvalArgs, opts: &ClusterOptions) -> Result<()> {
    let mut stories = read_stories(&a.data)?;
    if a.stories > 0 {
        stories.truncate(a.stories);
    }
    let stream = dated_stream(&stories, &a.layout);
    if let Some(path) = &a.write_stream {
        write_stream(path, &stream.articles)?;
    }
    let (gold, articles): (Vec<usize>, Vec<StreamArticle>) =
        stream.articles.iter().cloned().unzip();
    let t0 = Instant::now();
    let mut run = (Vec::new(), Vec::new());
    for _ in 0..a.rounds.max(1) {
        run = run_stream(opts, &articles);
    }
    let secs = t0.elapsed().as_secs_f64() / a.rounds.max(1) as f64;
    let (predicted, closed) = run;
    let (_, all, with_text) = score_stories(&gold, &predicted);
    let threaded: usize = stream.threads.iter().map(Vec::len).sum();
    println!(
        "dated stream (seed {}): {} articles of {} stories over {} days, {} of the stories in {} threads of one subject; window {:.0} h",
        a.layout.seed,
        articles.len(),
        stream.stories,
        a.layout.days,
        threaded,
        stream.threads.len(),
        opts.window_secs as f64 / 3600.0
    );
    println!("{} stories found", closed.len());
    print_scores(&all, &with_text, articles.len() as f64 / secs, a.rounds);

    // Inside every story found, no silence longer than the window.
    let times: Vec<Option<i64>> = articles
        .iter()
        .map(|a| a.meta.published.as_deref().and_then(parse_timestamp))
        .collect();
    let (mut longest_silence, mut longest_span, mut over) = (0i64, 0i64, 0usize);
    for s in &closed {
        let mut t: Vec<i64> = s
            .articles
            .iter()
            .filter_map(|m| times[m.seq as usize - 1])
            .collect();
        t.sort_unstable();
        let silence = t.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        longest_silence = longest_silence.max(silence);
        longest_span = longest_span.max(t.last().unwrap_or(&0) - t.first().unwrap_or(&0));
        over += usize::from(silence > opts.window_secs);
    }
    println!(
        "longest silence inside a story {:.1} h (window {:.0} h; {over} stories over it); longest story {:.1} days",
        longest_silence as f64 / 3600.0,
        opts.window_secs as f64 / 3600.0,
        longest_span as f64 / 86_400.0
    );

    let (links, right, found, due) =
        score_threads(a.verbose, &gold, &predicted, &closed, &stream.threads);
    println!(
        "threads: {links} stories say which story they continue, {right} of them within one planted thread (precision {:.3}); {found} of the {due} later stories of a thread continue an earlier one of it (recall {:.3})",
        ratio(right, links),
        ratio(found, due)
    );

    let shuffled = shuffled_within_days(&stream, a.layout.seed ^ 0x5eed);
    let (gold2, articles2): (Vec<usize>, Vec<StreamArticle>) =
        shuffled.articles.iter().cloned().unzip();
    let (predicted2, _) = run_stream(opts, &articles2);
    let (_, _, with_text2) = score_stories(&gold2, &predicted2);
    // The two clusterings of the same articles, compared with each other.
    let by_id: FxHashMap<&str, Option<u64>> = articles2
        .iter()
        .zip(&predicted2)
        .map(|(a, p)| (a.id.as_deref().unwrap_or(""), *p))
        .collect();
    let (mut first, mut second) = (Vec::new(), Vec::new());
    for (i, (a, p)) in articles.iter().zip(&predicted).enumerate() {
        if let (Some(p), Some(Some(q))) = (p, by_id.get(a.id.as_deref().unwrap_or(""))) {
            first.push((*p, i));
            second.push((*q, i));
        }
    }
    let first_labels: Vec<usize> = first.iter().map(|&(p, _)| p as usize).collect();
    let agreement = score(
        &first_labels,
        &second.iter().map(|&(q, _)| (q, 0)).collect::<Vec<_>>(),
    );
    println!(
        "arrival shuffled within each day: articles with text B-cubed precision {:.4} recall {:.4} F1 {:.4}; the two clusterings agree at B-cubed F1 {:.4}",
        with_text2.bcubed_precision,
        with_text2.bcubed_recall,
        with_text2.bcubed_f1,
        agreement.bcubed_f1
    );
    if a.verbose {
        report_joins(&gold, &predicted, &articles, &times);
    }
    if let Some(min) = a.min_precision.filter(|&m| with_text.bcubed_precision < m) {
        bail!(
            "B-cubed precision on articles with text {:.4} is below {min}",
            with_text.bcubed_precision
        );
    }
    if let Some(min) = a.min_recall.filter(|&m| with_text.bcubed_recall < m) {
        bail!(
            "B-cubed recall on articles with text {:.4} is below {min}",
            with_text.bcubed_recall
        );
    }
    if over > 0 {
        bail!("{over} stories hold a silence longer than the window");
    }
    Ok(())
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Threads followed: (stories that continue one, of them within one planted thread, later
/// thread stories whose story found continues an earlier story of the thread, later thread
/// stories). A story found stands for the gold story most of its articles come from. `verbose`
/// prints up to 25 links outside the planted threads, to read (the streams' other stories have
/// subjects too).
fn score_threads(
    verbose: bool,
    gold: &[usize],
    predicted: &[Option<u64>],
    closed: &[StoryCluster],
    threads: &[Vec<usize>],
) -> (usize, usize, usize, usize) {
    let mut counts: FxHashMap<u64, FxHashMap<usize, usize>> = FxHashMap::default();
    let mut by_gold: FxHashMap<usize, FxHashMap<u64, usize>> = FxHashMap::default();
    for (&g, p) in gold.iter().zip(predicted) {
        if let Some(p) = p {
            *counts.entry(*p).or_default().entry(g).or_default() += 1;
            *by_gold.entry(g).or_default().entry(*p).or_default() += 1;
        }
    }
    let majority = |m: &FxHashMap<usize, usize>| {
        m.iter()
            .max_by_key(|&(g, n)| (*n, std::cmp::Reverse(*g)))
            .map(|(&g, _)| g)
    };
    let gold_of: FxHashMap<u64, usize> = counts
        .iter()
        .filter_map(|(&p, m)| majority(m).map(|g| (p, g)))
        .collect();
    let mut place: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    for (t, stories) in threads.iter().enumerate() {
        for (k, &g) in stories.iter().enumerate() {
            place.insert(g, (t, k));
        }
    }
    let within = |later: u64, earlier: u64| match (
        gold_of.get(&later).and_then(|g| place.get(g)),
        gold_of.get(&earlier).and_then(|g| place.get(g)),
    ) {
        (Some(&(t, k)), Some(&(u, j))) => t == u && j < k,
        _ => false,
    };
    let continues: FxHashMap<u64, u64> = closed
        .iter()
        .filter_map(|s| s.continues.map(|c| (s.story, c)))
        .collect();
    let right = continues.iter().filter(|(&l, &e)| within(l, e)).count();
    if verbose {
        let title: FxHashMap<u64, &str> =
            closed.iter().map(|s| (s.story, s.title.as_str())).collect();
        let mut shown: Vec<(&u64, &u64)> =
            continues.iter().filter(|(&l, &e)| !within(l, e)).collect();
        shown.sort();
        for (l, e) in shown.iter().take(25) {
            let cut = |t: &str| t.split_whitespace().take(14).collect::<Vec<_>>().join(" ");
            println!(
                "LINK outside the planted threads: {} <- {}\n     {}\n     {}",
                e,
                l,
                cut(title[e]),
                cut(title[l])
            );
        }
    }
    let (mut found, mut due) = (0, 0);
    for stories in threads {
        for &g in &stories[1..] {
            due += 1;
            // The story found that holds most of g's articles.
            let main = by_gold.get(&g).and_then(|m| {
                m.iter()
                    .max_by_key(|&(p, n)| (*n, std::cmp::Reverse(*p)))
                    .map(|(&p, _)| p)
            });
            if let Some(p) = main {
                found += usize::from(continues.get(&p).is_some_and(|&e| within(p, e)));
            }
        }
    }
    (continues.len(), right, found, due)
}

/// Stories found that join gold stories, with each article's time.
fn report_joins(
    gold: &[usize],
    predicted: &[Option<u64>],
    articles: &[StreamArticle],
    times: &[Option<i64>],
) {
    let mut by_pred: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (i, p) in predicted.iter().enumerate() {
        if let Some(p) = p {
            by_pred.entry(*p).or_default().push(i);
        }
    }
    let mut ids: Vec<u64> = by_pred.keys().copied().collect();
    ids.sort_unstable();
    for p in ids {
        let members = &by_pred[&p];
        let golds: std::collections::BTreeSet<usize> = members.iter().map(|&i| gold[i]).collect();
        if golds.len() < 2 {
            continue;
        }
        println!("JOINED {} gold stories in story {p}:", golds.len());
        for &i in members {
            let head: String = articles[i]
                .text
                .split_whitespace()
                .take(12)
                .collect::<Vec<_>>()
                .join(" ");
            let when = times[i]
                .map(chorus::dates::format_timestamp)
                .unwrap_or_default();
            println!("    (gold {}) {when} \"{head}\"", gold[i]);
        }
    }
}

/// The stream as `chorus cluster` input, the gold story alongside.
fn write_stream(path: &PathBuf, articles: &[(usize, StreamArticle)]) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for (g, a) in articles {
        let line = serde_json::json!({
            "id": a.id,
            "published": a.meta.published,
            "story": g,
            "text": a.text,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

/// One article of a labelled collection.
#[derive(serde::Deserialize)]
struct CollectionArticle {
    id: String,
    #[serde(default)]
    text: String,
    #[serde(flatten)]
    meta: chorus::ingest::ArticleMeta,
}

/// The articles of every JSON-lines file (`.jsonl`, `.jsonl.gz`) in a directory, in publication
/// order (then by id: the order within a day is not known).
fn read_collection(dir: &Path) -> Result<Vec<StreamArticle>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
        })
        .collect();
    files.sort();
    let mut articles = Vec::new();
    for f in &files {
        let bytes = crate::input::read_maybe_gz(f)?;
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let a: CollectionArticle = serde_json::from_slice(line)
                .with_context(|| format!("{}: line {}", f.display(), i + 1))?;
            articles.push(StreamArticle {
                id: Some(a.id),
                meta: a.meta.without_blanks(),
                text: a.text,
                embedding: None,
            });
        }
    }
    if articles.is_empty() {
        bail!("{}: no JSON-lines files of articles", dir.display());
    }
    let time = |a: &StreamArticle| a.meta.published.as_deref().and_then(parse_timestamp);
    articles.sort_by(|a, b| time(a).cmp(&time(b)).then(a.id.cmp(&b.id)));
    Ok(articles)
}

/// Article id → event label, from a file of `id<TAB>label` lines (`#` comments).
fn read_events(path: &Path) -> Result<FxHashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut events = FxHashMap::default();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((id, label)) = line.split_once('\t') else {
            bail!("{}: line {}: not `id<TAB>event`", path.display(), i + 1);
        };
        events.insert(id.to_string(), label.to_string());
    }
    Ok(events)
}

/// `cluster-eval --events`: a real dated collection clustered in publication order, its stories
/// of two or more articles checked against events read by hand.
pub fn eval_events(
    dir: &Path,
    gold: &Path,
    opts: &ClusterOptions,
    min_precision: Option<f64>,
    verbose: bool,
) -> Result<()> {
    let events = read_events(gold)?;
    let articles = read_collection(dir)?;
    let (_, closed) = run_stream(opts, &articles);
    let times: Vec<Option<i64>> = articles
        .iter()
        .map(|a| a.meta.published.as_deref().and_then(parse_timestamp))
        .collect();
    let id_of = |seq: u64| articles[seq as usize - 1].id.as_deref().unwrap_or("");
    let (mut precision_sum, mut unlabelled, mut multi, mut in_multi) = (0.0, Vec::new(), 0, 0);
    let (mut longest, mut links) = (0i64, 0);
    for s in &closed {
        links += usize::from(s.continues.is_some());
        let members: Vec<u64> = s.articles.iter().map(|m| m.seq).collect();
        if members.len() < 2 {
            precision_sum += members.len() as f64;
            continue;
        }
        multi += 1;
        in_multi += members.len();
        let t: Vec<i64> = members
            .iter()
            .filter_map(|&m| times[m as usize - 1])
            .collect();
        longest = longest.max(t.iter().max().unwrap_or(&0) - t.iter().min().unwrap_or(&0));
        let event = |seq: u64| events.get(id_of(seq)).cloned();
        if members.iter().any(|&m| event(m).is_none()) {
            unlabelled.push(s);
            continue;
        }
        for &m in &members {
            let same = members.iter().filter(|&&o| event(o) == event(m)).count();
            precision_sum += same as f64 / members.len() as f64;
        }
    }
    let labelled_articles: usize =
        articles.len() - unlabelled.iter().map(|s| s.articles.len()).sum::<usize>();
    let precision = precision_sum / labelled_articles.max(1) as f64;
    println!(
        "{} articles from {} in publication order; {} stories found, {multi} of two or more articles ({in_multi} articles), the longest over {:.1} days; {links} continue an earlier story",
        articles.len(),
        dir.display(),
        closed.len(),
        longest as f64 / 86_400.0
    );
    println!(
        "B-cubed precision against the events read by hand: {precision:.4} (recall not measured: only the stories found were read)"
    );
    if !unlabelled.is_empty() {
        for s in &unlabelled {
            println!("UNREAD story {} ({} articles):", s.story, s.articles.len());
            for m in &s.articles {
                let label = events.get(id_of(m.seq)).map_or("?", String::as_str);
                println!(
                    "    {}\t{label}\t{}",
                    id_of(m.seq),
                    m.meta.title.as_deref().unwrap_or("")
                );
            }
        }
        bail!(
            "{} stories hold articles {} does not list: read them and add their events",
            unlabelled.len(),
            gold.display()
        );
    }
    if verbose {
        for s in closed.iter().filter(|s| s.articles.len() > 1) {
            println!("story {}:", s.story);
            for m in &s.articles {
                println!("    {}\t{}", id_of(m.seq), events[id_of(m.seq)]);
            }
        }
    }
    if let Some(min) = min_precision.filter(|&m| precision < m) {
        bail!("B-cubed precision {precision:.4} is below {min}");
    }
    Ok(())
}
