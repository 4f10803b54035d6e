//! `chorus gold`: the analyses scored against the hand-labelled gold sets in `eval/gold/`.
//!
//! Quotes: every span between paired quotation marks in the gold stories is labelled a quotation
//! (`Q`, with the speaker's surname, or `-` when the text names none) or not (`N`: titles, scare
//! quotes, fragments). A quotation Chorus reports matches a gold span in the same article when
//! they overlap by at least half the shorter; matching is one to one. Detection precision is over
//! everything Chorus reports in the gold stories, recall over the gold quotations; speaker
//! accuracy is over matched quotations whose gold speaker is named: Chorus's speaker must end
//! with that surname.
//!
//! Conflicts: every fact Chorus reports from several sources in the gold stories is labelled
//! whether its sources truly disagree (see `eval/gold/README.md`); precision is the share of
//! reported conflicts that are real, recall the share of real ones reported as conflicts.

use anyhow::{bail, Context, Result};
use chorus::facts::FactStatus;
use chorus::ingest::{stories_from_jsonl, story_from_texts};
use chorus::{make_brief, BriefOptions, Story};
use clap::Args;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct GoldArgs {
    /// The Multi-News data the gold stories come from.
    #[arg(long)]
    data: PathBuf,
    /// The seed articles (a directory: one story).
    #[arg(long)]
    seeds: Option<PathBuf>,
    /// Quotation gold set (TSV).
    #[arg(long)]
    quotes: PathBuf,
    /// Conflict gold set (TSV).
    #[arg(long)]
    conflicts: Option<PathBuf>,
    /// Fail when quotation F1 is below this.
    #[arg(long)]
    min_quote_f1: Option<f64>,
    /// Fail when speaker accuracy is below this.
    #[arg(long)]
    min_speaker: Option<f64>,
    /// Fail when conflict precision is below this.
    #[arg(long)]
    min_conflict_precision: Option<f64>,
    /// Paraphrase gold set (TSV): cross-source sentence pairs labelled same point or not.
    #[arg(long)]
    pairs: Option<PathBuf>,
    /// Embedding model for the paraphrase pairs (default: `chorus model path`; skipped with a
    /// note when not installed).
    #[arg(long)]
    model: Option<PathBuf>,
    /// List every miss.
    #[arg(long)]
    verbose: bool,
}

struct GoldQuote {
    doc: usize,
    start: usize,
    end: usize,
    quote: bool,
    speaker: Option<String>,
}

fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

fn load_stories(a: &GoldArgs) -> Result<BTreeMap<String, Story>> {
    let bytes =
        std::fs::read(&a.data).with_context(|| format!("cannot read {}", a.data.display()))?;
    let mut stories = BTreeMap::new();
    for js in stories_from_jsonl(&a.data.display().to_string(), &bytes)
        .into_iter()
        .flatten()
    {
        if let Some(id) = js.story.id.clone() {
            stories.insert(id, js.story);
        }
    }
    if let Some(dir) = &a.seeds {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        files.sort();
        let inputs: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|p| Ok((p.display().to_string(), std::fs::read(p)?)))
            .collect::<Result<_>>()?;
        stories.insert("seeds".to_string(), story_from_texts(&inputs)?);
    }
    Ok(stories)
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    let shared = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let shorter = (a.1 - a.0).min(b.1 - b.0).max(1);
    shared * 2 >= shorter
}

/// Chorus's speaker is the gold one: it ends with the gold surname, or, for a gold name of
/// several words (a family's member: "Todd Hardy", not his wife "Aimee Hardy"), it holds every
/// one of them.
fn surname_matches(system: Option<&str>, gold: &str) -> bool {
    system.is_some_and(|s| {
        let words: Vec<&str> = s.split_whitespace().collect();
        match gold.split_once(' ') {
            None => words
                .last()
                .is_some_and(|last| last.eq_ignore_ascii_case(gold)),
            Some(_) => gold
                .split_whitespace()
                .all(|g| words.iter().any(|w| w.eq_ignore_ascii_case(g))),
        }
    })
}

pub fn cmd_gold(a: GoldArgs) -> Result<()> {
    let stories = load_stories(&a)?;
    let mut gold: BTreeMap<String, Vec<GoldQuote>> = BTreeMap::new();
    for (n, row) in read_tsv(&a.quotes)?.iter().enumerate() {
        if row.len() < 5 {
            bail!("{}: row {}: expected 6 columns", a.quotes.display(), n + 1);
        }
        let speaker = row.get(5).filter(|s| s.as_str() != "-").cloned();
        gold.entry(row[0].clone()).or_default().push(GoldQuote {
            doc: row[1].parse()?,
            start: row[2].parse()?,
            end: row[3].parse()?,
            quote: row[4] == "Q",
            speaker,
        });
    }
    let opts = BriefOptions::default();
    let (mut reported, mut matched, mut gold_quotes, mut misaligned) = (0usize, 0, 0, 0);
    let mut outside = 0usize;
    let (mut named, mut right_speaker) = (0usize, 0usize);
    let mut misses: Vec<String> = Vec::new();
    for (id, spans) in &gold {
        let story = stories
            .get(id)
            .with_context(|| format!("gold story {id} is not in the data"))?;
        // The gold offsets must point just inside quotation marks of the text Chorus reads.
        for g in spans {
            let text = &story.articles[g.doc - 1].text;
            let before = text.get(..g.start).and_then(|t| t.chars().last());
            if !matches!(before, Some('"' | '“' | '‘' | '\'')) {
                misaligned += 1;
            }
        }
        let brief = make_brief(story, &opts).with_context(|| format!("briefing {id}"))?;
        // The gold's candidates are spans of three words or more: a shorter quotation Chorus
        // reports ("“I would,” she said") is outside them, neither right nor wrong here.
        let three_words = |s: &chorus::brief::Support| {
            story.articles[s.source - 1].text[s.start..s.end]
                .split_whitespace()
                .nth(2)
                .is_some()
        };
        let system: Vec<(usize, usize, usize, Option<&str>)> = brief
            .quotes
            .iter()
            .flat_map(|q| {
                q.support
                    .iter()
                    .filter(|s| three_words(s))
                    .map(move |s| (s.source, s.start, s.end, q.speaker.as_deref()))
            })
            .collect();
        outside += brief.quotes.iter().flat_map(|q| &q.support).count() - system.len();
        reported += system.len();
        let mut used = vec![false; system.len()];
        for g in spans.iter().filter(|g| g.quote) {
            gold_quotes += 1;
            let hit = system.iter().enumerate().position(|(k, s)| {
                !used[k] && s.0 == g.doc && overlap((s.1, s.2), (g.start, g.end))
            });
            match hit {
                Some(k) => {
                    used[k] = true;
                    matched += 1;
                    if let Some(sp) = &g.speaker {
                        named += 1;
                        if surname_matches(system[k].3, sp) {
                            right_speaker += 1;
                        } else if a.verbose {
                            misses.push(format!(
                                "{id} [{}] {}..{}: speaker {:?}, gold {sp}",
                                g.doc, g.start, g.end, system[k].3
                            ));
                        }
                    }
                }
                None if a.verbose => misses.push(format!(
                    "{id} [{}] {}..{}: quotation missed",
                    g.doc, g.start, g.end
                )),
                None => {}
            }
        }
        if a.verbose {
            for (k, s) in system.iter().enumerate().filter(|(k, _)| !used[*k]) {
                let _ = k;
                misses.push(format!(
                    "{id} [{}] {}..{}: reported, not a gold quotation",
                    s.0, s.1, s.2
                ));
            }
        }
    }
    let p = matched as f64 / reported.max(1) as f64;
    let r = matched as f64 / gold_quotes.max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let speaker = right_speaker as f64 / named.max(1) as f64;
    for m in &misses {
        println!("{m}");
    }
    println!(
        "quotations: {} gold in {} stories ({} spans misaligned), {reported} reported, {matched} matched ({outside} of under three words not scored)",
        gold_quotes,
        gold.len(),
        misaligned
    );
    println!("quotation detection: precision {p:.3} recall {r:.3} F1 {f1:.3}");
    println!("speaker accuracy: {speaker:.3} ({right_speaker} of {named} matched quotations with a named gold speaker)");
    let mut failed = Vec::new();
    if misaligned > 0 {
        failed.push(format!(
            "{misaligned} gold spans do not sit inside quotation marks"
        ));
    }
    if a.min_quote_f1.is_some_and(|m| f1 < m) {
        failed.push(format!(
            "quotation F1 {f1:.3} is below {}",
            a.min_quote_f1.unwrap_or_default()
        ));
    }
    if a.min_speaker.is_some_and(|m| speaker < m) {
        failed.push(format!(
            "speaker accuracy {speaker:.3} is below {}",
            a.min_speaker.unwrap_or_default()
        ));
    }
    if let Some(path) = &a.conflicts {
        let cp = conflicts(path, &stories, &opts, a.verbose)?;
        if a.min_conflict_precision.is_some_and(|m| cp < m) {
            failed.push(format!(
                "conflict precision {cp:.3} is below {}",
                a.min_conflict_precision.unwrap_or_default()
            ));
        }
    }
    if let Some(path) = &a.pairs {
        paraphrase_pairs(path, &stories, a.model.as_deref(), a.verbose)?;
    }
    if !failed.is_empty() {
        bail!("{}", failed.join("; "));
    }
    Ok(())
}

/// Precision, recall and F1 of yes/no decisions against labels.
fn prf(decisions: &[(bool, bool)]) -> (f64, f64, f64) {
    let tp = decisions.iter().filter(|(p, g)| *p && *g).count() as f64;
    let said = decisions.iter().filter(|(p, _)| *p).count() as f64;
    let real = decisions.iter().filter(|(_, g)| *g).count() as f64;
    let (p, r) = (tp / said.max(1.0), tp / real.max(1.0));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

/// Paraphrase pairs: does Chorus's grouping (TF-IDF cosine, what makes one summary item cite
/// several sources) put the two sentences together, and would the embedding repeat test
/// (cosine above `PARAPHRASE`) call them the same point?
fn paraphrase_pairs(
    path: &Path,
    stories: &BTreeMap<String, Story>,
    model: Option<&Path>,
    verbose: bool,
) -> Result<()> {
    let rows = read_tsv(path)?;
    let embedder = match crate::model::load_model(model) {
        Ok(m) => Some(m),
        Err(e) => {
            println!("paraphrase pairs: embeddings skipped ({e:#})");
            None
        }
    };
    let mut by_story: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for (n, row) in rows.iter().enumerate() {
        if row.len() < 8 {
            bail!("{}: row {}: expected 8 columns", path.display(), n + 1);
        }
        by_story.entry(row[0].as_str()).or_default().push(row);
    }
    let (mut grouped, mut embedded, mut unplaced) = (Vec::new(), Vec::new(), 0);
    for (id, rows) in by_story {
        let story = stories
            .get(id)
            .with_context(|| format!("{}: no story {id} in the data", path.display()))?;
        let analysis = chorus::brief::analyse(story, &chorus::clean::CleanOptions::default());
        let mut group_of = vec![usize::MAX; analysis.sentences.len()];
        for (gi, g) in analysis.groups.iter().enumerate() {
            for &m in &g.members {
                group_of[m] = gi;
            }
        }
        // The sentence at a labelled span: same article, overlapping by half the shorter.
        let find = |doc: &str, start: &str, end: &str| -> Result<Option<usize>> {
            let (doc, span): (usize, (usize, usize)) =
                (doc.parse()?, (start.parse()?, end.parse()?));
            Ok(analysis
                .sentences
                .iter()
                .position(|s| s.source == doc && overlap((s.start, s.end), span)))
        };
        for row in rows {
            let gold = row[7] == "Y";
            let (Some(x), Some(y)) = (
                find(&row[1], &row[2], &row[3])?,
                find(&row[4], &row[5], &row[6])?,
            ) else {
                // A sentence cleaning dropped or split differently: counted, not scored.
                unplaced += 1;
                continue;
            };
            let together = group_of[x] == group_of[y];
            grouped.push((together, gold));
            if let Some(m) = &embedder {
                let v = m.embed(&[&analysis.sentences[x].text, &analysis.sentences[y].text])?;
                let cos = chorus::embed::cosine(&v[0], &v[1]);
                let same = cos > chorus::select::PARAPHRASE;
                embedded.push((cos, gold));
                if verbose && same != gold {
                    println!(
                        "pair {id} {}/{}: gold {} embeddings {same}",
                        row[1], row[4], row[7]
                    );
                }
            }
        }
    }
    let real = grouped.iter().filter(|(_, g)| *g).count();
    println!(
        "paraphrase pairs: {} scored ({real} the same point), {unplaced} not found among the story's sentences",
        grouped.len()
    );
    let (p, r, f) = prf(&grouped);
    println!("  grouping (TF-IDF cosine >= 0.6)    precision {p:.3} recall {r:.3} F1 {f:.3}");
    if !embedded.is_empty() {
        for threshold in [0.7, 0.75, chorus::select::PARAPHRASE, 0.85] {
            let decisions: Vec<(bool, bool)> =
                embedded.iter().map(|&(c, g)| (c > threshold, g)).collect();
            let (p, r, f) = prf(&decisions);
            println!(
                "  embeddings (cosine > {threshold:.2})         precision {p:.3} recall {r:.3} F1 {f:.3}"
            );
        }
    }
    Ok(())
}

/// Whether a fact has a value at the labelled span (source, start, end, …).
fn holds(fact: &chorus::facts::Fact, label: &(usize, usize, usize, bool)) -> bool {
    fact.values.iter().any(|v| {
        v.support
            .iter()
            .any(|s| (s.source, s.start, s.end) == (label.0, label.1, label.2))
    })
}

/// Scores conflicts; returns their precision.
fn conflicts(
    path: &Path,
    stories: &BTreeMap<String, Story>,
    opts: &BriefOptions,
    verbose: bool,
) -> Result<f64> {
    // Rows: story, source, start, end of one value of the fact, and whether the fact is a real
    // conflict (yes/no).
    let rows = read_tsv(path)?;
    let mut labels: BTreeMap<String, Vec<(usize, usize, usize, bool)>> = BTreeMap::new();
    for (n, row) in rows.iter().enumerate() {
        if row.len() < 5 {
            bail!("{}: row {}: expected 5 columns", path.display(), n + 1);
        }
        labels.entry(row[0].clone()).or_default().push((
            row[1].parse()?,
            row[2].parse()?,
            row[3].parse()?,
            row[4] == "yes",
        ));
    }
    let (mut reported, mut right, mut real, mut found, mut unlabelled) = (0usize, 0, 0, 0, 0);
    for (id, facts) in &labels {
        let story = stories
            .get(id)
            .with_context(|| format!("gold story {id} is not in the data"))?;
        let brief = make_brief(story, opts)?;
        real += facts.iter().filter(|f| f.3).count();
        // A labelled fact is the one of Chorus's facts holding that value span.
        for f in facts {
            let fact = brief.facts.iter().find(|x| holds(x, f));
            if f.3 && fact.is_some_and(|x| x.status == FactStatus::Conflict) {
                found += 1;
            }
        }
        for fact in brief
            .facts
            .iter()
            .filter(|x| x.status == FactStatus::Conflict)
        {
            reported += 1;
            let label = facts.iter().find(|f| holds(fact, f));
            match label {
                Some(l) if l.3 => right += 1,
                Some(_) => {
                    if verbose {
                        println!("{id}: {} reported in conflict, labelled not", fact.subject);
                    }
                }
                None => {
                    unlabelled += 1;
                    if verbose {
                        println!("{id}: {} reported in conflict, not labelled", fact.subject);
                    }
                }
            }
        }
    }
    let p = right as f64 / reported.max(1) as f64;
    let r = found as f64 / real.max(1) as f64;
    println!(
        "conflicts: {real} real in {} stories; {reported} reported, {right} right, {unlabelled} unlabelled; precision {p:.3} recall {r:.3}",
        labels.len()
    );
    Ok(p)
}
