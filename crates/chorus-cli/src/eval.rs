//! `chorus eval` and `chorus rouge`: ROUGE of Chorus methods (and the extractive oracle) against
//! reference summaries.

use anyhow::{bail, Context, Result};
use chorus::ingest::stories_from_jsonl;
use chorus::represent::budget_words;
use chorus::{make_brief, BriefOptions, Budget};
use chorus_rouge::{bootstrap, Interval, Measure, Scorer, Scores};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct EvalArgs {
    /// Dataset in JSON lines: {"id", "documents": [...], "summaries": [...]} (`.jsonl.gz` too,
    /// as Multi-News+ ships its splits).
    data: PathBuf,
    /// Methods, comma separated; `oracle` is the greedy extractive upper bound; a method with
    /// `+emb` (`ilp+emb`) also uses sentence embeddings (the installed model).
    #[arg(
        long,
        short,
        value_delimiter = ',',
        default_value = "ilp,lead,centroid,lexrank,textrank,mmr,oracle"
    )]
    method: Vec<String>,
    #[arg(long, short, default_value_t = 250)]
    words: usize,
    /// Keep each story's summary and scores here, one JSON-lines file per method.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Score without the Porter stemmer.
    #[arg(long)]
    no_stem: bool,
    /// Fail unless METHOD reaches these F1 percentages: METHOD:R1:R2 (e.g. ilp:45:15).
    #[arg(long)]
    require: Option<String>,
    /// Fail unless METHOD beats each of the others on ROUGE-1, ROUGE-2 and ROUGE-Lsum.
    #[arg(long)]
    require_best: Option<String>,
    /// The embedding model directory for `+emb` methods (default: `chorus model path`).
    #[arg(long)]
    model: Option<PathBuf>,
    /// A concept salience model for `ilp` other than the shipped one (`chorus train-salience`).
    #[arg(long)]
    salience: Option<PathBuf>,
}

#[derive(Args)]
pub struct RougeArgs {
    /// Reference summary (one sentence a line for ROUGE-Lsum).
    #[arg(long = "ref")]
    reference: Vec<PathBuf>,
    /// Hypothesis summary.
    #[arg(long)]
    hyp: PathBuf,
    #[arg(long)]
    no_stem: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn cmd_rouge(a: RougeArgs) -> Result<()> {
    if a.reference.is_empty() {
        bail!("give at least one --ref FILE");
    }
    let read = |p: &PathBuf| {
        std::fs::read(p)
            .with_context(|| format!("cannot read {}", p.display()))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    let refs: Vec<String> = a.reference.iter().map(read).collect::<Result<_>>()?;
    let hyp = read(&a.hyp)?;
    let s = Scorer::new(!a.no_stem).score_multi(&refs, &hyp);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("{:<11} {:>9} {:>9} {:>9}", "", "precision", "recall", "F1");
        for m in Measure::ALL {
            let x = s.get(m);
            println!(
                "{:<11} {:>9.4} {:>9.4} {:>9.4}",
                m.name(),
                x.precision,
                x.recall,
                x.f1
            );
        }
    }
    Ok(())
}

/// One story's output for `--out`.
#[derive(Serialize)]
struct StoryRecord<'a> {
    id: &'a str,
    method: &'a str,
    summary: &'a str,
    scores: Scores,
}

/// Per-method totals.
struct MethodRun {
    name: String,
    scores: Vec<Scores>,
    time: Duration,
    failures: usize,
    out: Option<std::io::BufWriter<std::fs::File>>,
}

/// Result row of the table.
pub struct Row {
    pub name: String,
    pub ci: [Interval; 4],
    pub stories_per_sec: f64,
}

pub fn cmd_eval(a: EvalArgs) -> Result<()> {
    let bytes = crate::input::read_maybe_gz(&a.data)?;
    let name = a.data.display().to_string();
    let lines = stories_from_jsonl(&name, &bytes);
    // A file with no story to score has nothing to say: that is an error, not a zero.
    let readable = lines.iter().filter(|l| l.is_ok()).count();
    if readable == 0 {
        let why = lines
            .iter()
            .find_map(|l| l.as_ref().err().map(|e| format!(": {e}")))
            .unwrap_or_default();
        bail!("{name} holds no story to evaluate{why}");
    }
    for m in &a.method {
        let m = m.strip_suffix("+emb").unwrap_or(m);
        if m != "oracle" && !chorus::METHODS.contains(&m) {
            bail!(
                "unknown method {m:?}; known: {}, oracle",
                chorus::METHODS.join(", ")
            );
        }
    }
    let embedder = crate::model::embedder_if(
        a.method.iter().any(|m| m.ends_with("+emb")),
        a.model.as_deref(),
    )?;
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut runs: Vec<MethodRun> = a
        .method
        .iter()
        .map(|m| {
            let out = match &a.out {
                Some(dir) => {
                    let p = dir.join(format!("{m}.jsonl"));
                    Some(std::io::BufWriter::new(
                        std::fs::File::create(&p)
                            .with_context(|| format!("cannot create {}", p.display()))?,
                    ))
                }
                None => None,
            };
            Ok(MethodRun {
                name: m.clone(),
                scores: Vec::new(),
                time: Duration::ZERO,
                failures: 0,
                out,
            })
        })
        .collect::<Result<_>>()?;
    let salience = match &a.salience {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            let model: chorus::select::salience::SalienceModel = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a salience model", p.display()))?;
            Some(std::sync::Arc::new(
                model.scorer().map_err(anyhow::Error::msg)?,
            ))
        }
        None => None,
    };
    let scorer = Scorer::new(!a.no_stem);
    let bar = ProgressBar::new(lines.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} eval [{bar:40}] {pos}/{len} stories {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let mut skipped: Vec<String> = Vec::new();
    let started = Instant::now();
    for line in &lines {
        bar.inc(1);
        let js = match line {
            Ok(js) => js,
            Err(e) => {
                skipped.push(e.to_string());
                continue;
            }
        };
        let id = js.story.id.clone().unwrap_or_default();
        if js.summaries.is_empty() {
            skipped.push(format!("{id}: no reference summary"));
            continue;
        }
        for run in &mut runs {
            let t0 = Instant::now();
            let summary: Option<String> = if run.name == "oracle" {
                Some(oracle(&js.story, &js.summaries, a.words, &scorer))
            } else {
                // Only the summary is scored: the analyses are not worked out.
                let (method, with_embeddings) = match run.name.strip_suffix("+emb") {
                    Some(m) => (m.to_string(), true),
                    None => (run.name.clone(), false),
                };
                let opts = BriefOptions {
                    method,
                    budget: Budget::Words(a.words),
                    analyses: false,
                    embedder: embedder.clone().filter(|_| with_embeddings),
                    salience: salience.clone(),
                    ..Default::default()
                };
                make_brief(&js.story, &opts).ok().map(|b| {
                    b.summary
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            };
            run.time += t0.elapsed();
            // A story that cannot be summarised (all junk) scores zero rather than vanishing.
            let summary = summary.unwrap_or_else(|| {
                run.failures += 1;
                String::new()
            });
            let s = scorer.score_multi(&js.summaries, &summary);
            run.scores.push(s);
            if let Some(out) = &mut run.out {
                serde_json::to_writer(
                    &mut *out,
                    &StoryRecord {
                        id: &id,
                        method: &run.name,
                        summary: &summary,
                        scores: s,
                    },
                )?;
                out.write_all(b"\n")?;
            }
        }
    }
    bar.finish_and_clear();
    let rows: Vec<Row> = runs
        .iter_mut()
        .map(|run| {
            if let Some(out) = &mut run.out {
                let _ = out.flush();
            }
            let ci = Measure::ALL.map(|m| {
                let v: Vec<f64> = run.scores.iter().map(|s| s.get(m).f1 * 100.0).collect();
                bootstrap(&v, 1000, 42)
            });
            Row {
                name: run.name.clone(),
                ci,
                stories_per_sec: run.scores.len() as f64 / run.time.as_secs_f64().max(1e-9),
            }
        })
        .collect();
    let n_scored = runs.first().map_or(0, |r| r.scores.len());
    if let Some(dir) = &a.out {
        // Totals for other tools (bench/): per method, stories, seconds, and mean F1 x100.
        let totals: Vec<serde_json::Value> = runs
            .iter()
            .zip(&rows)
            .map(|(run, row)| {
                serde_json::json!({
                    "method": run.name, "stories": run.scores.len(), "seconds": run.time.as_secs_f64(),
                    "rouge1": row.ci[0].mean, "rouge2": row.ci[1].mean, "rougeL": row.ci[2].mean, "rougeLsum": row.ci[3].mean,
                })
            })
            .collect();
        let p = dir.join("totals.json");
        std::fs::write(&p, serde_json::to_string_pretty(&totals)? + "\n")
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    println!(
        "{} stories, {}-word budget, ROUGE F1 x100 (stemmed: {}), mean [95% bootstrap CI]",
        n_scored, a.words, !a.no_stem
    );
    print_table(&rows);
    for run in &runs {
        if run.failures > 0 {
            println!(
                "{}: {} stories gave no summary (scored as empty)",
                run.name, run.failures
            );
        }
    }
    if !skipped.is_empty() {
        println!("{} lines skipped:", skipped.len());
        for s in &skipped {
            println!("  {s}");
        }
    }
    println!("evaluated in {:.2} s", started.elapsed().as_secs_f64());
    check_requirements(&a, &rows)
}

pub fn print_table(rows: &[Row]) {
    println!(
        "{:<10} {:>22} {:>22} {:>22} {:>22} {:>11}",
        "method", "ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-Lsum", "stories/s"
    );
    for r in rows {
        let cell = |i: &Interval| format!("{:.2} [{:.2}-{:.2}]", i.mean, i.low, i.high);
        println!(
            "{:<10} {:>22} {:>22} {:>22} {:>22} {:>11.0}",
            r.name,
            cell(&r.ci[0]),
            cell(&r.ci[1]),
            cell(&r.ci[2]),
            cell(&r.ci[3]),
            r.stories_per_sec
        );
    }
}

fn check_requirements(a: &EvalArgs, rows: &[Row]) -> Result<()> {
    let by_name: HashMap<&str, &Row> = rows.iter().map(|r| (r.name.as_str(), r)).collect();
    let mut problems = Vec::new();
    if let Some(req) = &a.require {
        let parts: Vec<&str> = req.split(':').collect();
        let [m, r1, r2] = parts[..] else {
            bail!("--require wants METHOD:R1:R2, got {req:?}")
        };
        let (r1, r2): (f64, f64) = (r1.parse().context("R1")?, r2.parse().context("R2")?);
        let row = by_name
            .get(m)
            .with_context(|| format!("--require names {m}, which was not evaluated"))?;
        if row.ci[0].mean < r1 {
            problems.push(format!("{m} ROUGE-1 {:.2} < {r1}", row.ci[0].mean));
        }
        if row.ci[1].mean < r2 {
            problems.push(format!("{m} ROUGE-2 {:.2} < {r2}", row.ci[1].mean));
        }
    }
    if let Some(m) = &a.require_best {
        let row = by_name
            .get(m.as_str())
            .with_context(|| format!("--require-best names {m}, which was not evaluated"))?;
        for other in rows.iter().filter(|r| r.name != *m && r.name != "oracle") {
            for (i, measure) in [(0, "ROUGE-1"), (1, "ROUGE-2"), (3, "ROUGE-Lsum")] {
                if row.ci[i].mean <= other.ci[i].mean {
                    problems.push(format!(
                        "{m} {measure} {:.2} does not beat {} {:.2}",
                        row.ci[i].mean, other.name, other.ci[i].mean
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        bail!("targets missed: {}", problems.join("; "));
    }
    Ok(())
}

/// The greedy extractive oracle over the story's cleaned sentences (see `greedy_oracle`).
fn oracle(story: &chorus::Story, references: &[String], words: usize, scorer: &Scorer) -> String {
    let analysis = chorus::analyse(story, &Default::default());
    let sentences: Vec<(&str, usize)> = analysis
        .sentences
        .iter()
        .map(|s| (s.text.as_str(), budget_words(&s.text)))
        .collect();
    let chosen = chorus_rouge::greedy_oracle(scorer, references, &sentences, words);
    chosen
        .iter()
        .map(|&i| sentences[i].0)
        .collect::<Vec<_>>()
        .join("\n")
}
