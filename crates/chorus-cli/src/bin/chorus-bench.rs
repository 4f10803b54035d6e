//! Speed and memory of each method on one thread: `chorus-bench DATA.jsonl [--method a,b] [--rounds N]`.
//!
//! Each method runs in a fresh child process so its peak resident memory (VmHWM) is its own.
//! Reports stories per second over the whole pipeline after JSON parsing: cleaning, segmentation,
//! features, grouping, selection, ordering and rendering the brief as JSON.

use anyhow::{bail, Context, Result};
use chorus::ingest::stories_from_jsonl;
use chorus::{make_brief, render, BriefOptions, Budget, Format};
use std::time::Instant;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run_one(data: &str, method: &str, rounds: usize, words: usize) -> Result<()> {
    let bytes = std::fs::read(data).with_context(|| format!("cannot read {data}"))?;
    let stories: Vec<_> = stories_from_jsonl(data, &bytes)
        .into_iter()
        .filter_map(|r| r.ok())
        .map(|js| js.story)
        .collect();
    let opts = BriefOptions {
        method: method.to_string(),
        budget: Budget::Words(words),
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

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data = None;
    let mut methods: Vec<String> = chorus::METHODS.iter().map(|s| s.to_string()).collect();
    let mut rounds = 5;
    let mut words = 250;
    let mut child = false;
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
            other if data.is_none() => data = Some(other.to_string()),
            other => bail!("unexpected argument {other:?}"),
        }
        i += 1;
    }
    let data =
        data.context("usage: chorus-bench DATA.jsonl [--method a,b] [--rounds N] [--words N]")?;
    if child {
        return run_one(&data, &methods[0], rounds, words);
    }
    println!("one thread, {rounds} rounds over {data}, {words}-word budget");
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
            .status()?;
        if !status.success() {
            bail!("{m}: benchmark failed");
        }
    }
    Ok(())
}
