//! `chorus only-here-check`: the points a brief says only one source makes ("only here"),
//! judged by hand. Stories are drawn as `figure-check` draws them (Multi-News-200's stories 30–99,
//! or another range with `--story-range`; an FNV hash of the id with seed 7); each is briefed with the defaults and every "only here"
//! point the text and Markdown show is looked up in a label file. A label names a point by its
//! story and the byte span of its sentence — no text — and says whether the point is really
//! made by that source alone: right when no other source of the story makes it, in any words;
//! wrong when another source reports the same fact, event or quotation, even more briefly.

use crate::figure_check::{briefed_with, multinews_stories};
use crate::ner::{drawn_by_id, number_field, read_verdicts, text_field};
use anyhow::{bail, Result};
use clap::Args;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

#[derive(Args)]
pub struct OnlyHereCheckArgs {
    /// Multi-News-200 (JSON lines; stories 30–99 in file order are drawn from, unless
    /// `--story-range` says otherwise). A Multi-News+ split (`.jsonl.gz`) with `--story-range
    /// 0-5621` is a held-out set of other stories (lower-cased, truncated).
    #[arg(
        long,
        default_value = "../shared/data/multi_news/multi_news_test_longbench200.jsonl"
    )]
    multinews: PathBuf,
    /// Hand labels (`eval/gold/only_here.jsonl`): one line per shown point, `{"story", "source",
    /// "start", "end", "ok"}`.
    #[arg(long, default_value = "eval/gold/only_here.jsonl")]
    labels: PathBuf,
    /// Stories drawn (after `--skip`).
    #[arg(long, default_value_t = 20)]
    stories: usize,
    /// Leave out the first this many drawn stories (`--skip 10 --stories 10`: the second ten).
    #[arg(long, default_value_t = 0)]
    skip: usize,
    /// The Multi-News-200 stories (places in the file) drawn from: 30–99, the first gold set,
    /// every one of them judged and read; 100–199, a second set drawn the same way for the code
    /// those readings shaped (`--story-range 100-199`); 0–29, a fourth set, judged once.
    #[arg(long, default_value = "30-99", value_parser = crate::timeline_check::story_range)]
    story_range: (usize, usize),
    /// Print every shown point not yet labelled, with the closest sentence of each other source,
    /// to label it.
    #[arg(long)]
    dump: bool,
    /// Print every shown point with its label (right, wrong, unlabelled), to read what a change
    /// did.
    #[arg(long)]
    list: bool,
    /// Brief with sentence embeddings (needs `chorus model install`), as `chorus brief
    /// --embeddings` does: a point made in other words is then not "only here".
    #[arg(long)]
    embeddings: bool,
    /// The embedding model directory (default: `chorus model path`).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Fail when the share of right points is below this (and when a shown point is unlabelled).
    #[arg(long)]
    min_precision: Option<f64>,
}

type Key = (String, usize, usize, usize);

pub fn cmd_only_here_check(a: OnlyHereCheckArgs) -> Result<()> {
    let labels: FxHashMap<Key, bool> = read_verdicts(&a.labels, a.dump, |v| {
        (
            text_field(v, "story"),
            number_field(v, "source"),
            number_field(v, "start"),
            number_field(v, "end"),
        )
    })?;
    let stories = multinews_stories(&a.multinews, a.story_range.0..=a.story_range.1)?;
    let opts = chorus::BriefOptions {
        embedder: crate::model::embedder_if(a.embeddings, a.model.as_deref())?,
        ..Default::default()
    };
    let (mut right, mut judged, mut unjudged, mut shown) = (0usize, 0usize, 0usize, 0usize);
    for (id, docs) in drawn_by_id(stories, a.skip + a.stories)
        .into_iter()
        .skip(a.skip)
    {
        let Some((story, brief)) = briefed_with(&id, &docs, &opts) else {
            continue;
        };
        let sentences = if a.dump {
            chorus::brief::analyse(&story, &Default::default()).sentences
        } else {
            Vec::new()
        };
        for c in &brief.coverage {
            for p in &c.exclusive {
                shown += 1;
                let s = &p.support[0];
                let key = (id.clone(), s.source, s.start, s.end);
                if a.list {
                    let label = match labels.get(&key) {
                        Some(true) => "right",
                        Some(false) => "wrong",
                        None => "unlabelled",
                    };
                    println!("{id} [{}] [{label}] {}", s.source, p.text);
                }
                match labels.get(&key) {
                    Some(&ok) => {
                        judged += 1;
                        right += ok as usize;
                    }
                    None => {
                        unjudged += 1;
                        if a.dump {
                            println!(
                                "{{\"story\": {:?}, \"source\": {}, \"start\": {}, \"end\": {}, \"ok\": }}\t{}",
                                id, s.source, s.start, s.end, p.text
                            );
                            for (source, score, text) in closest(&p.text, s.source, &sentences) {
                                println!("    [{source}] {score:.2} {text}");
                            }
                        }
                    }
                }
            }
        }
    }
    let precision = right as f64 / judged.max(1) as f64;
    println!(
        "{} stories {}-{}, drawn stories {}-{}{}: {shown} \"only here\" points shown; {right} of {judged} labelled right (precision {precision:.3}); {unjudged} shown but not labelled",
        set_name(&a.multinews),
        a.story_range.0,
        a.story_range.1,
        a.skip + 1,
        a.skip + a.stories,
        if a.embeddings {
            ", with sentence embeddings"
        } else {
            ""
        }
    );
    if let Some(min) = a.min_precision {
        if unjudged > 0 {
            bail!("{unjudged} shown points have no label: judge them (chorus only-here-check --dump) and add them to {}", a.labels.display());
        }
        if precision < min || judged == 0 {
            bail!("\"only here\" precision {precision:.3} below {min}");
        }
    }
    Ok(())
}

/// What the report calls the stories' file: Multi-News-200 by default, else its file name (a
/// Multi-News+ split drawn from as a held-out set).
fn set_name(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if name.contains("longbench200") {
        "Multi-News-200".to_string()
    } else {
        name
    }
}

/// For judging: each other source's sentence sharing most of the point's longer words, with
/// that share (a reading aid only; the judge reads the sources).
fn closest<'a>(
    point: &str,
    own: usize,
    sentences: &'a [chorus::features::Sentence],
) -> Vec<(usize, f32, &'a str)> {
    let words = |t: &str| -> FxHashSet<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .collect()
    };
    let mine = words(point);
    let mut best: FxHashMap<usize, (f32, &str)> = FxHashMap::default();
    for s in sentences.iter().filter(|s| s.source != own) {
        let share = words(&s.text).intersection(&mine).count() as f32 / mine.len().max(1) as f32;
        let e = best.entry(s.source).or_insert((-1.0, ""));
        if share > e.0 {
            *e = (share, &s.text);
        }
    }
    let mut out: Vec<(usize, f32, &str)> = best.into_iter().map(|(k, (f, t))| (k, f, t)).collect();
    out.sort_by_key(|x| x.0);
    out
}
