//! `chorus clean-eval`: what cleaning keeps and what it loses, on real text it was not written
//! against. Every set reports its drops by reason (spans and words), so a rule change is seen on
//! all of them at once; each set adds the figure it is good for:
//!
//! - seeds (a directory of articles, one story): the share of prose-like lines each source loses;
//! - Multi-News-200 (JSON lines): the same, over all its stories;
//! - Multi-News+ (`.jsonl.gz`, one split): articles of 100 words or more of which nothing is kept,
//!   and stories refused as all junk;
//! - L3S-GN1 as plain text: each annotated page rendered to its visible lines (one block a line,
//!   no markup), each line labelled by the gold annotation, cleaned as one article, and scored per
//!   line: recall of article-body lines, share of non-content lines removed;
//! - PolNeAR (JSON lines of clean news articles): kept sentences that still open with a dateline
//!   (an independent probe, not the cleaner's rule), and what is dropped from text that is all
//!   article.

mod l3s;
use crate::check::{junk_probe, prose_loss, ProseLoss};
use crate::input::{gunzip, read_maybe_gz, read_stories};
use anyhow::{bail, Context, Result};
use chorus::clean::DropReason;
use chorus::ingest::{stories_from_jsonl, story_from_texts};
use chorus::represent::budget_words;
use chorus::Story;
use chorus_html::dom::{Dom, NodeKind};
use clap::Args;
use l3s::l3s;
#[cfg(test)]
use l3s::render_lines;
use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct CleanEvalArgs {
    /// A directory of articles forming one story (the seeds).
    #[arg(long)]
    seeds: Option<PathBuf>,
    /// A JSON-lines file of stories with full-length articles (Multi-News-200).
    #[arg(long)]
    multinews: Option<PathBuf>,
    /// A Multi-News+ split (`.jsonl.gz`).
    #[arg(long)]
    multinews_plus: Option<PathBuf>,
    /// Read only the first N stories of the Multi-News+ split.
    #[arg(long)]
    stories: Option<usize>,
    /// The L3S-GN1 folder (l3s_gn1.jsonl, annotated_html/).
    #[arg(long)]
    l3s: Option<PathBuf>,
    /// A PolNeAR split (`.jsonl` or `.jsonl.gz`).
    #[arg(long)]
    polnear: Option<PathBuf>,
    /// Print up to this many examples of each kind of loss.
    #[arg(long, default_value_t = 0)]
    list: usize,
    /// Write each article's kept sentences (JSON lines: story, source, kept) to this file, to
    /// compare two versions of the cleaner.
    #[arg(long)]
    dump: Option<PathBuf>,
    /// Fail when the seeds' worst source loses a larger share of its prose-like lines.
    #[arg(long)]
    max_seed_prose_loss: Option<f64>,
    /// Fail when L3S-GN1 body-line recall is below this.
    #[arg(long)]
    min_l3s_recall: Option<f64>,
    /// Fail when a larger share of Multi-News+ articles of 100 words or more keep nothing.
    #[arg(long)]
    max_empty_share: Option<f64>,
    /// Fail when a larger share of the Multi-News+ articles of 100 words or more that its vote
    /// calls part of their story keep nothing.
    #[arg(long)]
    max_related_empty_share: Option<f64>,
    /// Fail when more PolNeAR kept sentences than this open with a dateline.
    #[arg(long)]
    max_datelines: Option<usize>,
}

pub fn cmd_clean_eval(a: CleanEvalArgs) -> Result<()> {
    let mut failed = Vec::new();
    let mut any = false;
    if let Some(dir) = &a.seeds {
        any = true;
        let stories = read_stories(std::slice::from_ref(dir), false)?;
        let stories: Vec<Story> = stories
            .into_iter()
            .map(|s| s.map(|js| js.story))
            .collect::<Result<_, _>>()?;
        let t = tally_stories("seeds", &stories, a.list, None);
        if t.overlaps > 0 {
            failed.push(format!(
                "{} dropped spans overlap kept text in the seeds",
                t.overlaps
            ));
        }
        if let (Some(max), Some(worst)) = (a.max_seed_prose_loss, t.worst_prose_loss()) {
            if worst > max {
                failed.push(format!(
                    "a seed source lost {:.1}% of its prose-like lines (at most {:.1}% allowed)",
                    100.0 * worst,
                    100.0 * max
                ));
            }
        }
    }
    if let Some(path) = &a.multinews {
        any = true;
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let stories = parse_stories(path, &bytes, None)?;
        let t = tally_stories("Multi-News-200", &stories, a.list, None);
        if t.overlaps > 0 {
            failed.push(format!(
                "{} dropped spans overlap kept text in Multi-News-200",
                t.overlaps
            ));
        }
        if let Some(out) = &a.dump {
            dump_kept(&stories, out)?;
        }
    }
    if let Some(path) = &a.multinews_plus {
        any = true;
        let bytes = gunzip(path)?;
        let stories = parse_stories(path, &bytes, a.stories)?;
        let unrelated = unrelated_documents(&bytes)?;
        let t = tally_stories("Multi-News+", &stories, a.list, Some(&unrelated));
        if t.overlaps > 0 {
            failed.push(format!(
                "{} dropped spans overlap kept text in Multi-News+",
                t.overlaps
            ));
        }
        let share = t.empty_share();
        if let Some(out) = &a.dump {
            dump_kept(&stories, out)?;
        }
        let related = t.long_related_empty as f64 / t.long_related.max(1) as f64;
        if let Some(max) = a.max_related_empty_share.filter(|&m| related > m) {
            failed.push(format!(
                "{:.2}% of the Multi-News+ articles of 100 words or more that belong to their story keep nothing (at most {:.2}%)",
                100.0 * related,
                100.0 * max
            ));
        }
        if let Some(max) = a.max_empty_share {
            if share > max {
                failed.push(format!(
                    "{:.2}% of Multi-News+ articles of 100 words or more keep nothing (at most {:.2}%)",
                    100.0 * share,
                    100.0 * max
                ));
            }
        }
    }
    if let Some(dir) = &a.l3s {
        any = true;
        let recall = l3s(dir, a.list)?;
        if let Some(min) = a.min_l3s_recall {
            if recall < min {
                failed.push(format!(
                    "L3S-GN1 body-line recall {recall:.4} is below {min}"
                ));
            }
        }
    }
    if let Some(path) = &a.polnear {
        any = true;
        let datelines = polnear(path, a.list)?;
        if let Some(max) = a.max_datelines {
            if datelines > max {
                failed.push(format!(
                    "{datelines} PolNeAR kept sentences open with a dateline (at most {max})"
                ));
            }
        }
    }
    if !any {
        bail!("give at least one of --seeds, --multinews, --multinews-plus, --l3s, --polnear");
    }
    if !failed.is_empty() {
        bail!("{}", failed.join("; "));
    }
    Ok(())
}

/// The stories of a JSON-lines file (the first `limit`); a story that cannot be built (all its
/// documents empty) is counted and reported, not fatal.
fn parse_stories(path: &Path, bytes: &[u8], limit: Option<usize>) -> Result<Vec<Story>> {
    let name = path.display().to_string();
    let mut text = std::str::from_utf8(bytes).context("not UTF-8")?;
    if let Some(n) = limit {
        let cut = text
            .match_indices('\n')
            .nth(n.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        text = &text[..cut];
    }
    let mut stories = Vec::new();
    let mut unreadable = 0;
    for s in stories_from_jsonl(&name, text.as_bytes()) {
        match s {
            Ok(js) => stories.push(js.story),
            Err(_) => unreadable += 1,
        }
    }
    if unreadable > 0 {
        println!("{name}: {unreadable} lines held no readable story (every document empty)");
    }
    Ok(stories)
}

fn dump_kept(stories: &[Story], out: &Path) -> Result<()> {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?,
    );
    for story in stories {
        let analysis = chorus::analyse(story, &Default::default());
        for (article, clean) in story.articles.iter().zip(&analysis.cleaned) {
            let kept: Vec<&str> = clean
                .sentences
                .iter()
                .map(|(_, r)| &article.text[r.clone()])
                .collect();
            let line = serde_json::json!({"story": story.id, "source": article.id, "kept": kept});
            writeln!(f, "{line}")?;
        }
    }
    Ok(())
}

/// Words and spans dropped, by reason.
#[derive(Default)]
struct Drops {
    by_reason: BTreeMap<DropReason, (usize, usize)>,
}

impl Drops {
    fn add(&mut self, reason: DropReason, words: usize) {
        let e = self.by_reason.entry(reason).or_default();
        e.0 += 1;
        e.1 += words;
    }

    fn line(&self) -> String {
        self.by_reason
            .iter()
            .map(|(r, (n, w))| format!("{} {n} ({w} w)", r.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Default)]
struct Tally {
    articles: usize,
    words: usize,
    kept_words: usize,
    drops: Drops,
    prose: Vec<(String, ProseLoss)>,
    /// Articles of 100 words or more, and those of them that keep nothing.
    long_articles: usize,
    long_empty: Vec<String>,
    /// Of the long articles, those Multi-News+'s vote calls part of their story, and those of
    /// them that keep nothing: real articles emptied by cleaning.
    long_related: usize,
    long_related_empty: usize,
    /// Stories left with no sentence at all (refused as all junk).
    refused: Vec<String>,
    /// Dropped spans that overlap a kept sentence or structure line (the invariant says none).
    overlaps: usize,
    /// Kept sentences, and those the junk probe (`chorus check`'s phrases) flags.
    sentences: usize,
    junk_left: Vec<String>,
}

impl Tally {
    fn empty_share(&self) -> f64 {
        self.long_empty.len() as f64 / self.long_articles.max(1) as f64
    }

    fn worst_prose_loss(&self) -> Option<f64> {
        self.prose
            .iter()
            .filter(|(_, p)| p.lines > 0)
            .map(|(_, p)| p.share())
            .max_by(f64::total_cmp)
    }
}

/// Cleans every story, tallies drops and prose-line loss, and prints the summary.
/// Multi-News+'s vote: per story id, the (0-based) documents judged unrelated to the story.
fn unrelated_documents(bytes: &[u8]) -> Result<HashMap<String, HashSet<usize>>> {
    #[derive(serde::Deserialize)]
    struct Votes {
        id: String,
        #[serde(default)]
        irrelevant: Vec<usize>,
    }
    let mut out = HashMap::new();
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let v: Votes = serde_json::from_slice(line).context("a Multi-News+ line")?;
        out.insert(v.id, v.irrelevant.into_iter().collect());
    }
    Ok(out)
}

/// The 0-based document index of an article read from a JSON line ("… doc N").
fn document_index(name: &str) -> Option<usize> {
    name.rsplit_once(" doc ")?
        .1
        .parse::<usize>()
        .ok()?
        .checked_sub(1)
}

fn tally_stories(
    label: &str,
    stories: &[Story],
    list: usize,
    unrelated: Option<&HashMap<String, HashSet<usize>>>,
) -> Tally {
    let mut t = Tally::default();
    for story in stories {
        let analysis = chorus::analyse(story, &Default::default());
        if analysis.sentences.is_empty() {
            t.refused.push(story.id.clone().unwrap_or_default());
        }
        for s in &analysis.sentences {
            t.sentences += 1;
            if junk_probe().is_match(&s.text) {
                t.junk_left.push(format!(
                    "{} [{}]: {}",
                    story.id.as_deref().unwrap_or("?"),
                    s.source,
                    snippet(&s.text, 160)
                ));
            }
        }
        for (article, clean) in story.articles.iter().zip(&analysis.cleaned) {
            t.articles += 1;
            let words = budget_words(&article.text);
            t.words += words;
            if words >= 100 {
                t.long_articles += 1;
                // Whether the vote calls it part of its story (a real article, not a notice).
                let related = unrelated.and_then(|u| {
                    let votes = u.get(story.id.as_deref()?)?;
                    Some(!votes.contains(&document_index(&article.name)?))
                });
                if related == Some(true) {
                    t.long_related += 1;
                    t.long_related_empty += usize::from(clean.sentences.is_empty());
                }
                if clean.sentences.is_empty() {
                    let reasons: Vec<&str> =
                        clean.dropped.iter().map(|d| d.reason.as_str()).collect();
                    t.long_empty.push(format!(
                        "{} [{}] ({}): {}",
                        story.id.as_deref().unwrap_or("?"),
                        article.id,
                        reasons.join(","),
                        snippet(&article.text, 200)
                    ));
                }
            }
            t.kept_words += clean
                .sentences
                .iter()
                .map(|(_, r)| budget_words(&article.text[r.clone()]))
                .sum::<usize>();
            for d in &clean.dropped {
                t.drops.add(d.reason, budget_words(&d.text));
            }
            t.overlaps += kept_drop_overlaps(clean);
            let name = match &story.id {
                Some(id) => format!("{id} [{}]", article.id),
                None => article.name.clone(),
            };
            t.prose.push((name, prose_loss(article, clean)));
        }
    }
    println!(
        "{label}: {} stories, {} articles, {} words, {:.1}% kept",
        stories.len(),
        t.articles,
        t.words,
        100.0 * t.kept_words as f64 / t.words.max(1) as f64
    );
    println!("  dropped: {}", t.drops.line());
    if t.overlaps > 0 {
        println!(
            "  BROKEN INVARIANT: {} dropped spans overlap kept text",
            t.overlaps
        );
    }
    println!(
        "  kept sentences the junk probe flags: {} of {}",
        t.junk_left.len(),
        t.sentences
    );
    for j in t.junk_left.iter().take(list) {
        println!("    junk left: {j}");
    }
    println!(
        "  articles of 100 words or more keeping nothing: {} of {} ({:.2}%); stories refused as all junk: {}",
        t.long_empty.len(),
        t.long_articles,
        100.0 * t.empty_share(),
        t.refused.len()
    );
    if t.long_related > 0 {
        println!(
            "  of them the vote calls part of their story: {} of {} keep nothing ({:.2}%; the rest are crawl notices and other pages the vote calls unrelated)",
            t.long_related_empty,
            t.long_related,
            100.0 * t.long_related_empty as f64 / t.long_related as f64
        );
    }
    for e in t.long_empty.iter().take(list) {
        println!("    {e}");
    }
    if !t.refused.is_empty() && list > 0 {
        println!("    refused: {}", t.refused.join(" "));
    }
    let (lines, lost): (usize, usize) = t
        .prose
        .iter()
        .fold((0, 0), |(l, d), (_, p)| (l + p.lines, d + p.lost.len()));
    let mut worst: Vec<&(String, ProseLoss)> =
        t.prose.iter().filter(|(_, p)| !p.lost.is_empty()).collect();
    worst.sort_by(|a, b| b.1.share().total_cmp(&a.1.share()));
    println!(
        "  prose-like lines lost: {lost} of {lines} ({:.2}%); sources losing any: {}",
        100.0 * lost as f64 / lines.max(1) as f64,
        worst.len()
    );
    for (name, p) in worst.iter().take(list.max(3)) {
        println!(
            "    {name}: {} of {} lost ({:.0}%)",
            p.lost.len(),
            p.lines,
            100.0 * p.share()
        );
        for (line, reason) in p.lost.iter().take(list) {
            println!("      [{reason}] {}", snippet(line, 160));
        }
    }
    t
}

fn snippet(s: &str, max: usize) -> String {
    let s = chorus::features::normalize_space(s);
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Dropped spans that overlap kept text (sentences or structure).
fn kept_drop_overlaps(clean: &chorus::clean::CleanArticle) -> usize {
    clean
        .dropped
        .iter()
        .filter(|d| {
            clean
                .sentences
                .iter()
                .map(|(_, r)| r)
                .chain(&clean.structure)
                .any(|r| r.start < d.end && d.start < r.end)
        })
        .count()
}

/// A dateline at the start of a sentence, as news agencies and papers write it: a place in
/// capitals and/or an agency in brackets, then a dash ("WASHINGTON (AP) —", "NAIROBI, Oct. 23
/// (Xinhua) --", "CAIRO—", "Washington (CNN)"). Written apart from the cleaner's rule, to check it.
fn dateline_probe() -> Regex {
    Regex::new(concat!(
        r"^(?:[A-Z][A-Za-z.'’-]*(?:[ ,]+[A-Za-z0-9][A-Za-z0-9.'’-]*){0,5},?\s*)?",
        r"(?:\(\s*(?:AP|Reuters|AFP|UPI|Xinhua|CNN|Bloomberg|dpa|The Hill|CNSNews\.com)\s*\)",
        r"|^[A-Z]{2}[A-Z.'’ -]*(?:, [A-Z][A-Za-z.]+)*(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:—|–|―|--|_|-)\s)"
    ))
    .expect("valid probe")
}

/// PolNeAR: kept sentences opening with a dateline, and what is dropped from all-article text.
/// Returns the dateline count.
fn polnear(path: &Path, list: usize) -> Result<usize> {
    let bytes = read_maybe_gz(path)?;
    let probe = dateline_probe();
    let mut drops = Drops::default();
    let (mut articles, mut sentences, mut datelines) = (0usize, 0usize, 0usize);
    let (mut words, mut kept_words) = (0usize, 0usize);
    let mut examples: Vec<String> = Vec::new();
    let mut dropped_examples: BTreeMap<DropReason, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&bytes).lines() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).context("bad PolNeAR line")?;
        let text = v["text"].as_str().unwrap_or("");
        let id = v["id"].as_str().unwrap_or("?").to_string();
        let Ok(story) = story_from_texts(&[(id.clone(), text.as_bytes().to_vec())]) else {
            continue;
        };
        articles += 1;
        let analysis = chorus::analyse(&story, &Default::default());
        let clean = &analysis.cleaned[0];
        words += budget_words(&story.articles[0].text);
        for d in &clean.dropped {
            drops.add(d.reason, budget_words(&d.text));
            let e = dropped_examples.entry(d.reason).or_default();
            if e.len() < list {
                e.push(format!("{id}: {}", snippet(&d.text, 140)));
            }
        }
        for s in &analysis.sentences {
            sentences += 1;
            kept_words += budget_words(&s.text);
            if probe.is_match(&s.text) {
                datelines += 1;
                if examples.len() < list {
                    examples.push(format!("{id}: {}", snippet(&s.text, 120)));
                }
            }
        }
    }
    println!(
        "PolNeAR {} ({articles} articles): {sentences} kept sentences, {datelines} open with a dateline; {:.2}% of words kept",
        path.display(),
        100.0 * kept_words as f64 / words.max(1) as f64
    );
    println!("  dropped: {}", drops.line());
    for e in &examples {
        println!("    dateline left: {e}");
    }
    for (reason, ex) in &dropped_examples {
        for e in ex {
            println!("    dropped ({}): {e}", reason.as_str());
        }
    }
    Ok(datelines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_lines_carry_the_label_of_most_of_their_text() {
        let html = r#"<html><head><title>T</title><script>x()</script></head><body>
            <div><span class="x-nc-sel1">Big headline</span></div>
            <p><span class="x-nc-sel2">The body text runs on</span> with <a>a link</a></p>
            <ul><li>Home</li><li style="display: none">hidden</li></ul>
            <p>Short <span class="x-nc-sel2">and a long body part</span></p></body></html>"#;
        let lines = render_lines(html);
        assert_eq!(
            lines,
            vec![
                ("Big headline".to_string(), 1),
                ("The body text runs on with a link".to_string(), 2),
                ("Home".to_string(), 0),
                ("Short and a long body part".to_string(), 2),
            ]
        );
    }

    #[test]
    fn the_dateline_probe_finds_wire_datelines_and_leaves_prose() {
        let p = dateline_probe();
        for s in [
            "WASHINGTON (AP) — The Senate voted.",
            "WASHINGTON (AP) _ The Senate voted.",
            "NAIROBI, October 23 (Xinhua) -- Kenya said.",
            "HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party.",
            "CAIRO— Egypt said.",
            "MOSCOW — Secretary of State met.",
            "WASHINGTON ― Donald Trump said.",
            "Washington (CNN) The president said.",
        ] {
            assert!(p.is_match(s), "{s}");
        }
        for s in [
            "By one vote, the coalition lost.",
            "The Senate voted on Tuesday.",
            "NATO said it would act.",
            "U.S. officials (who spoke anonymously) said so.",
        ] {
            assert!(!p.is_match(s), "{s}");
        }
    }
}
