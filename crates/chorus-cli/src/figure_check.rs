//! `chorus figure-check`: the figures a brief shows, judged by hand. Stories are drawn with a
//! fixed seed from Multi-News-200's stories 30–99 and PolNeAR's test articles (neither read to
//! write the figure rules); each is briefed with the defaults and the figures its Markdown shows
//! are looked up in a label file. A label names a figure by its story, the byte span of its first
//! value and a hash of what it counts — no text — and says whether the figure is right (a real
//! quantity, its value read whole, what it counts named so a reader understands it) and, for a
//! figure several sources give, whether its verdict (agree or conflict) is right.

use crate::ner::{drawn_by_id, read_lines};
use anyhow::{bail, Context, Result};
use chorus::facts::{Fact, FactStatus};
use clap::Args;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct FigureCheckArgs {
    /// Multi-News-200 (JSON lines; stories 30–99 in file order are drawn from).
    #[arg(
        long,
        default_value = "../shared/data/multi_news/multi_news_test_longbench200.jsonl"
    )]
    multinews: PathBuf,
    /// PolNeAR's test split (JSON lines with `id` and `text`).
    #[arg(
        long,
        default_value = "../shared/data/quote_attribution/polnear/test.jsonl"
    )]
    polnear: PathBuf,
    /// Hand labels (`eval/gold/figures.jsonl`): one line per shown figure, `{"story", "source",
    /// "start", "end", "subject", "ok", "members", "verdict"}` — `subject` a hash of the counted
    /// thing, `members` (a hash of the values' spans) and `verdict` only for figures several
    /// sources give; a figure whose values are no longer those judged needs a new label.
    #[arg(long, default_value = "eval/gold/figures.jsonl")]
    labels: PathBuf,
    /// Stories drawn from each of the two sets.
    #[arg(long, default_value_t = 20)]
    stories: usize,
    /// Print every shown figure not yet labelled, with its sentence, to label it.
    #[arg(long)]
    dump: bool,
    /// Draw from the stories the figure rules are written by reading instead — Multi-News-200's
    /// stories 0–29 and PolNeAR's dev split (`--polnear` names it) — and print every shown
    /// figure; nothing is scored.
    #[arg(long)]
    dev: bool,
    /// Fail when the share of right figures is below this (and when a shown figure is unlabelled).
    #[arg(long)]
    min_precision: Option<f64>,
    /// Fail when the share of right verdicts among figures several sources give is below this.
    #[arg(long)]
    min_verdict: Option<f64>,
    /// Fail when the share of right verdicts among every figure several sources give in all of
    /// Multi-News-200's stories 30–99 (shown or not) is below this, or one has no label.
    #[arg(long)]
    min_group_verdict: Option<f64>,
    /// The last Multi-News-200 story (place in the file) whose figures of several sources are
    /// judged for their verdict: stories 30 to this one. 99 was the first gold set; stories
    /// 100–199 were added, judged once with the code before the verdict rules read 30–99.
    #[arg(long, default_value_t = 99)]
    groups_to: usize,
    /// A Multi-News+ split (JSON lines, gzip'd or not) to draw held-out stories from: stories
    /// no verdict rule was written by reading, judged once (`eval/gold/figures.jsonl`).
    #[arg(long)]
    heldout: Option<PathBuf>,
    /// Stories drawn from `--heldout`.
    #[arg(long, default_value_t = 60)]
    heldout_stories: usize,
    /// Fail when the share of right verdicts on the held-out stories is below this.
    #[arg(long)]
    min_heldout_verdict: Option<f64>,
}

type Key = (String, usize, usize, usize, u32);

/// FNV-1a of the counted thing, so labels hold no text.
fn subject_hash(s: &str) -> u32 {
    chorus::represent::fnv1a(s)
}

/// Multi-News-200's stories whose place in the file is in `range`, as (id, articles).
pub fn multinews_stories(
    path: &Path,
    range: std::ops::RangeInclusive<usize>,
) -> Result<Vec<(String, Vec<String>)>> {
    Ok(read_lines(path)?
        .into_iter()
        .enumerate()
        .filter(|(i, _)| range.contains(i))
        .map(|(_, v)| {
            (
                v["id"].as_str().unwrap_or_default().to_string(),
                texts(&v["documents"]),
            )
        })
        .collect())
}

/// The strings of a JSON array (a story's articles).
fn texts(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|d| {
            d.iter()
                .map(|t| t.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The drawn stories: (id, articles); with `all`, every Multi-News-200 story of the range and no
/// PolNeAR article (single articles have no figures of several sources).
fn stories(a: &FigureCheckArgs, all: bool) -> Result<Vec<(String, Vec<String>)>> {
    if all {
        return multinews_stories(&a.multinews, 30..=a.groups_to);
    }
    let multinews = multinews_stories(&a.multinews, if a.dev { 0..=29 } else { 30..=99 })?;
    let polnear: Vec<(String, Vec<String>)> = read_lines(&a.polnear)?
        .into_iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or_default().to_string(),
                vec![v["text"].as_str().unwrap_or_default().to_string()],
            )
        })
        .collect();
    let mut out = drawn_by_id(multinews, a.stories);
    out.extend(drawn_by_id(polnear, a.stories));
    Ok(out)
}

/// A label: whether the figure is right, its verdict, and for a figure of several sources the
/// hash of the values it held when judged (`members_hash`).
struct Label {
    ok: bool,
    verdict: Option<bool>,
    members: Option<u32>,
}

/// The values of a figure of several sources, as a hash of their spans: a verdict judged on one
/// set of values says nothing of another, so a figure whose values changed is judged again.
fn members_hash(f: &Fact) -> u32 {
    let mut spans: Vec<(usize, usize, usize)> = f
        .values
        .iter()
        .flat_map(|v| v.support.iter().map(|s| (s.source, s.start, s.end)))
        .collect();
    spans.sort_unstable();
    let text: Vec<String> = spans
        .iter()
        .map(|(s, a, b)| format!("{s}:{a}-{b}"))
        .collect();
    chorus::represent::fnv1a(&text.join(" "))
}

/// The label of a figure: the one of its key, unless it judged other values than the figure's
/// (a figure of one source has no `members`).
fn label_of<'a>(labels: &'a FxHashMap<Key, Label>, key: &Key, f: &Fact) -> Option<&'a Label> {
    labels
        .get(key)
        .filter(|l| l.members.is_none_or(|m| m == members_hash(f)))
}

fn read_labels(path: &Path) -> Result<FxHashMap<Key, Label>> {
    let mut labels = FxHashMap::default();
    for v in read_lines(path)? {
        let key = (
            v["story"].as_str().unwrap_or_default().to_string(),
            v["source"].as_u64().unwrap_or_default() as usize,
            v["start"].as_u64().unwrap_or_default() as usize,
            v["end"].as_u64().unwrap_or_default() as usize,
            v["subject"].as_u64().unwrap_or_default() as u32,
        );
        let label = Label {
            ok: v["ok"].as_bool().context("a label without ok")?,
            verdict: v["verdict"].as_bool(),
            members: v["members"].as_u64().map(|m| m as u32),
        };
        labels.insert(key, label);
    }
    Ok(labels)
}

pub fn cmd_figure_check(a: FigureCheckArgs) -> Result<()> {
    let labels = if a.dev {
        FxHashMap::default()
    } else if a.labels.exists() {
        read_labels(&a.labels)?
    } else if a.dump {
        FxHashMap::default()
    } else {
        bail!("no labels at {}", a.labels.display());
    };
    let (mut right, mut judged, mut unjudged) = (0usize, 0usize, 0usize);
    let (mut verdicts_right, mut verdicts) = (0usize, 0usize);
    let mut shown_total = 0usize;
    for (id, docs) in stories(&a, false)? {
        let Some((story, brief)) = briefed(&id, &docs) else {
            continue;
        };
        let (shown, _) = chorus::render::shown_facts(&brief);
        shown_total += shown.len();
        for f in shown {
            let key = key_of(&id, f);
            let several = f.status != FactStatus::Single;
            match label_of(&labels, &key, f).map(|l| (l.ok, l.verdict)) {
                Some((ok, verdict)) => {
                    judged += 1;
                    right += ok as usize;
                    if several {
                        let v = verdict.with_context(|| {
                            format!("{id}: a figure of several sources needs a verdict label")
                        })?;
                        verdicts += 1;
                        verdicts_right += v as usize;
                    }
                }
                None => {
                    unjudged += 1;
                    if a.dump || a.dev {
                        dump(&id, &story, f, &key)?;
                    }
                }
            }
        }
    }
    let precision = right as f64 / judged.max(1) as f64;
    let verdict = verdicts_right as f64 / verdicts.max(1) as f64;
    println!(
        "{} stories ({} Multi-News-200, {} PolNeAR test): {shown_total} figures shown; {right} of {judged} labelled right (precision {precision:.3}); verdicts right {verdicts_right} of {verdicts} ({verdict:.3}); {unjudged} shown but not labelled",
        2 * a.stories,
        a.stories,
        a.stories
    );
    // Every figure of several sources in the whole range, shown or not: the verdicts.
    if !a.dev {
        let all = stories(&a, true)?;
        let split = all.len().min(70); // stories 30-99, then 100 on
        let first = group_verdicts(&all[..split], &labels, a.dump)?;
        let later = group_verdicts(&all[split..], &labels, a.dump)?;
        let total = first.plus(&later);
        println!(
            "figures of several sources in Multi-News-200's stories 30-{}: {}",
            a.groups_to,
            total.line()
        );
        if a.groups_to >= 100 {
            println!("  of them in stories 100-{}: {}", a.groups_to, later.line());
        }
        if let Some(min) = a.min_group_verdict {
            total.gate(min)?;
        }
        if let Some(path) = &a.heldout {
            let drawn = heldout_stories(path, a.heldout_stories)?;
            let held = group_verdicts(&drawn, &labels, a.dump)?;
            println!(
                "figures of several sources in {} stories drawn from {}: {}",
                drawn.len(),
                path.display(),
                held.line()
            );
            if let Some(min) = a.min_heldout_verdict {
                held.gate(min)?;
            }
        }
    }
    if a.min_precision.is_some() || a.min_verdict.is_some() {
        if unjudged > 0 {
            bail!("{unjudged} shown figures have no label: judge them (chorus figure-check --dump) and add them to {}", a.labels.display());
        }
        if let Some(min) = a.min_precision {
            if precision < min || judged == 0 {
                bail!("figure precision {precision:.3} below {min}");
            }
        }
        if let Some(min) = a.min_verdict {
            if verdict < min {
                bail!("verdict accuracy {verdict:.3} below {min}");
            }
        }
    }
    Ok(())
}

/// Verdicts judged right, judged, and figures of several sources with no label.
struct Verdicts {
    right: usize,
    judged: usize,
    unjudged: usize,
}

impl Verdicts {
    fn plus(&self, o: &Verdicts) -> Verdicts {
        Verdicts {
            right: self.right + o.right,
            judged: self.judged + o.judged,
            unjudged: self.unjudged + o.unjudged,
        }
    }

    fn share(&self) -> f64 {
        self.right as f64 / self.judged.max(1) as f64
    }

    fn line(&self) -> String {
        format!(
            "verdicts right {} of {} ({:.3}); {} not labelled",
            self.right,
            self.judged,
            self.share(),
            self.unjudged
        )
    }

    /// Fails on an unlabelled figure or a share below `min`.
    fn gate(&self, min: f64) -> Result<()> {
        if self.unjudged > 0 {
            bail!("{} figures of several sources have no verdict label: judge them (chorus figure-check --dump)", self.unjudged);
        }
        if self.share() < min {
            bail!("group verdict accuracy {:.3} below {min}", self.share());
        }
        Ok(())
    }
}

/// The verdicts of every figure several sources give in `stories`, shown or not; with `dump`,
/// each unlabelled one is printed to judge.
fn group_verdicts(
    stories: &[(String, Vec<String>)],
    labels: &FxHashMap<Key, Label>,
    dump_unlabelled: bool,
) -> Result<Verdicts> {
    let mut v = Verdicts {
        right: 0,
        judged: 0,
        unjudged: 0,
    };
    for (id, docs) in stories {
        let Some((story, brief)) = briefed(id, docs) else {
            continue;
        };
        for f in brief
            .facts
            .iter()
            .filter(|f| f.status != FactStatus::Single)
        {
            let key = key_of(id, f);
            let verdict = label_of(labels, &key, f).and_then(|l| l.verdict);
            match verdict {
                Some(right) => {
                    v.judged += 1;
                    v.right += right as usize;
                }
                None => {
                    v.unjudged += 1;
                    if dump_unlabelled {
                        dump(id, &story, f, &key)?;
                    }
                }
            }
        }
    }
    Ok(v)
}

/// Stories of a Multi-News+ split drawn by id with the check's seed: those of two articles or
/// more, none of Multi-News-200's (their full-length articles are the other gold set).
fn heldout_stories(path: &Path, n: usize) -> Result<Vec<(String, Vec<String>)>> {
    let all: Vec<(String, Vec<String>)> = read_lines(path)?
        .into_iter()
        .filter(|v| !v["in_longbench200"].as_bool().unwrap_or(false))
        .map(|v| {
            (
                v["id"].as_str().unwrap_or_default().to_string(),
                texts(&v["documents"]),
            )
        })
        .filter(|(_, docs)| docs.len() >= 2)
        .collect();
    Ok(drawn_by_id(all, n))
}

/// A story briefed with the defaults, or None when it cannot be (no text).
fn briefed(id: &str, docs: &[String]) -> Option<(chorus::Story, chorus::Brief)> {
    briefed_with(id, docs, &chorus::BriefOptions::default())
}

/// A story (its articles named `id-1`, `id-2`, …) briefed with `opts`, or None when it cannot be.
pub fn briefed_with(
    id: &str,
    docs: &[String],
    opts: &chorus::BriefOptions,
) -> Option<(chorus::Story, chorus::Brief)> {
    let named: Vec<(String, Vec<u8>)> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("{id}-{}", i + 1), d.clone().into_bytes()))
        .collect();
    let story = chorus::ingest::story_from_texts(&named).ok()?;
    let brief = chorus::make_brief(&story, opts).ok()?;
    Some((story, brief))
}

/// A figure's label key: its story, the span of its first value, a hash of what it counts.
fn key_of(id: &str, f: &Fact) -> Key {
    let (source, start, end) = f
        .values
        .first()
        .and_then(|v| v.support.first())
        .map_or((0, 0, 0), |s| (s.source, s.start, s.end));
    (id.to_string(), source, start, end, subject_hash(&f.subject))
}

/// One unlabelled figure: a label line to complete, then what it shows and the sentence of
/// each value, to judge it by.
fn dump(id: &str, story: &chorus::Story, f: &Fact, key: &Key) -> Result<()> {
    let status = serde_json::to_value(f.status)?;
    let verdict = if f.status == FactStatus::Single {
        String::new()
    } else {
        format!(", \"members\": {}, \"verdict\": ", members_hash(f))
    };
    println!(
        "{{\"story\": {:?}, \"source\": {}, \"start\": {}, \"end\": {}, \"subject\": {}, \"ok\": {verdict}}}\t{} — {} — {}",
        id,
        key.1,
        key.2,
        key.3,
        key.4,
        f.subject,
        status.as_str().unwrap_or_default(),
        f.values
            .iter()
            .map(|v| v.text.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    for v in &f.values {
        for s in &v.support {
            let text = &story.articles[s.source - 1].text;
            let from = text.floor_char_boundary(s.start.saturating_sub(150));
            let to = text.ceil_char_boundary((s.end + 150).min(text.len()));
            println!("    [{}] {}", s.source, text[from..to].replace('\n', " "));
        }
    }
    Ok(())
}
