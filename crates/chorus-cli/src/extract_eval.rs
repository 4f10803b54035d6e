//! `chorus extract-eval`: main-content extraction scored on real page sets.
//!
//! - The article-extraction benchmark (181 pages): the benchmark's own metric — per page, multisets
//!   of 4-token shingles (`\w+` tokens), TP/FP/FN normalised to sum 1; mean precision and mean
//!   recall over pages, F1 of the two means. The reference outputs shipped with the set are scored
//!   too, to show the scorer reproduces the published figures.
//! - trafilatura's evaluation set, English pages: must-contain / must-not-contain snippets.
//! - L3S-GN1: the same shingle metric against the gold full text.

use crate::input::gunzip;
use anyhow::{bail, Context, Result};
use chorus_html::{parse_page, PageOptions};
use clap::Args;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args)]
pub struct ExtractEvalArgs {
    /// The article-extraction benchmark folder (html/, article_extraction_benchmark.jsonl,
    /// reference_outputs/).
    #[arg(long)]
    aeb: Option<PathBuf>,
    /// trafilatura's evaluation folder (trafilatura_evaldata.jsonl, html/); English pages are scored.
    #[arg(long)]
    trafilatura: Option<PathBuf>,
    /// The L3S-GN1 folder (l3s_gn1.jsonl, html/).
    #[arg(long)]
    l3s: Option<PathBuf>,
    /// Fail when Chorus's F1 on the article-extraction benchmark is below this.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Write Chorus's benchmark predictions in the benchmark's format (`{id: {"articleBody"}}`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the worst pages.
    #[arg(long)]
    verbose: bool,
}

pub(crate) fn jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .with_context(|| format!("{}:{}: bad JSON", path.display(), i + 1))
        })
        .collect()
}

/// Python's `re.findall(r"\w+", text)`: runs of letters, digits, marks and underscores.
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// One page's (tp, fp, fn) over 4-token shingles, normalised to sum 1 (all zero for two empty texts).
pub fn shingle_match(gold: &str, pred: &str) -> (f64, f64, f64) {
    fn shingles<'a>(toks: &'a [&'a str]) -> FxHashMap<&'a [&'a str], i64> {
        let mut m = FxHashMap::default();
        if toks.is_empty() {
            return m;
        }
        let n = 4.min(toks.len());
        for w in toks.windows(n) {
            *m.entry(w).or_insert(0) += 1;
        }
        m
    }
    let (gt, pt) = (tokens(gold), tokens(pred));
    let (g, p) = (shingles(&gt), shingles(&pt));
    let (mut tp, mut fp, mut fn_) = (0i64, 0i64, 0i64);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += gc.min(pc);
        fn_ += (gc - pc).max(0);
    }
    for (k, &pc) in &p {
        fp += (pc - g.get(k).copied().unwrap_or(0)).max(0);
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
}

#[derive(Debug, Clone, Copy)]
pub struct ShingleScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The benchmark's aggregate: mean precision over pages with predictions, mean recall over pages
/// with gold, F1 of the two means.
pub fn aggregate(pages: &[(f64, f64, f64)]) -> ShingleScore {
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let p = mean(
        pages
            .iter()
            .filter(|(tp, fp, _)| tp + fp > 0.0)
            .map(|&(tp, fp, fn_)| {
                if fp == 0.0 && fn_ == 0.0 {
                    1.0
                } else {
                    tp / (tp + fp)
                }
            })
            .collect(),
    );
    let r = mean(
        pages
            .iter()
            .filter(|(tp, _, fn_)| tp + fn_ > 0.0)
            .map(|&(tp, fp, fn_)| {
                if fp == 0.0 && fn_ == 0.0 {
                    1.0
                } else {
                    tp / (tp + fn_)
                }
            })
            .collect(),
    );
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    ShingleScore {
        precision: p,
        recall: r,
        f1,
    }
}

/// Extracts one page's text; errors (binary, empty) extract nothing.
fn extract_text(html: &[u8]) -> String {
    parse_page(html, &PageOptions::default())
        .map(|p| p.text())
        .unwrap_or_default()
}

struct Timed {
    texts: Vec<String>,
    seconds: f64,
}

/// Passes over the pages timed; the median counts. One pass takes a fifth of a second, so a
/// busy moment on the machine would otherwise move the figure by half.
const TIMED_ROUNDS: usize = 5;

fn extract_all(htmls: &[Vec<u8>]) -> Timed {
    // Warm-up, not counted: lazily built tables (cleaning rules, entity names).
    if let Some(first) = htmls.first() {
        extract_text(first);
    }
    let mut seconds = Vec::with_capacity(TIMED_ROUNDS);
    let mut texts = Vec::new();
    for _ in 0..TIMED_ROUNDS {
        let start = Instant::now();
        texts = htmls.iter().map(|h| extract_text(h)).collect();
        seconds.push(start.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    Timed {
        texts,
        seconds: seconds[TIMED_ROUNDS / 2],
    }
}

fn reference_body(v: &serde_json::Value, id: &str) -> String {
    let outputs = v.get("output").unwrap_or(v);
    outputs
        .get(id)
        .and_then(|p| p.get("articleBody"))
        .and_then(|b| b.as_str())
        .unwrap_or("")
        .to_string()
}

fn print_row(name: &str, s: ShingleScore, extra: &str) {
    println!(
        "  {name:<22} F1 {:.4}  precision {:.4}  recall {:.4}{extra}",
        s.f1, s.precision, s.recall
    );
}

fn run_aeb(dir: &Path, args: &ExtractEvalArgs) -> Result<ShingleScore> {
    let rows = jsonl(&dir.join("article_extraction_benchmark.jsonl"))?;
    let mut ids = Vec::new();
    let mut gold = Vec::new();
    let mut htmls = Vec::new();
    for r in &rows {
        let id = r["id"]
            .as_str()
            .context("benchmark line without id")?
            .to_string();
        let file = r["html_file"]
            .as_str()
            .context("benchmark line without html_file")?;
        htmls.push(gunzip(&dir.join(file))?);
        gold.push(r["article_body"].as_str().unwrap_or("").to_string());
        ids.push(id);
    }
    println!("Article-extraction benchmark: {} pages", ids.len());
    let mut refs: Vec<PathBuf> = std::fs::read_dir(dir.join("reference_outputs"))
        .with_context(|| format!("cannot list {}/reference_outputs", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    refs.sort();
    if refs.is_empty() {
        bail!(
            "{}/reference_outputs has no outputs to check the scorer on",
            dir.display()
        );
    }
    for path in &refs {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path)?)
            .with_context(|| format!("{}: bad JSON", path.display()))?;
        let pages: Vec<_> = ids
            .iter()
            .zip(&gold)
            .map(|(id, g)| shingle_match(g, &reference_body(&v, id)))
            .collect();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        print_row(name, aggregate(&pages), "  (shipped output)");
    }
    let timed = extract_all(&htmls);
    let pages: Vec<_> = gold
        .iter()
        .zip(&timed.texts)
        .map(|(g, p)| shingle_match(g, p))
        .collect();
    let score = aggregate(&pages);
    let bytes: usize = htmls.iter().map(Vec::len).sum();
    print_row(
        "chorus",
        score,
        &format!(
            "  {:.0} pages/s, {:.1} MB/s ({:.3} s, one thread, median of {TIMED_ROUNDS} passes)",
            htmls.len() as f64 / timed.seconds,
            bytes as f64 / 1e6 / timed.seconds,
            timed.seconds
        ),
    );
    if args.verbose {
        let mut worst: Vec<usize> = (0..pages.len()).collect();
        worst.sort_by(|&a, &b| {
            let f = |i: usize| {
                let (tp, fp, fn_) = pages[i];
                tp / (tp + fp + fn_).max(1e-9) - 0.0 * fp
            };
            f(a).total_cmp(&f(b))
        });
        for &i in worst.iter().take(25) {
            let (tp, fp, fn_) = pages[i];
            let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
            let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
            println!(
                "    P {p:.2} R {r:.2}  {}  {}",
                ids[i],
                rows[i]["url"].as_str().unwrap_or("")
            );
        }
    }
    if let Some(out) = &args.out {
        let map: serde_json::Map<String, serde_json::Value> = ids
            .iter()
            .zip(&timed.texts)
            .map(|(id, t)| (id.clone(), serde_json::json!({ "articleBody": t })))
            .collect();
        std::fs::write(out, serde_json::to_vec(&map)?)
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    Ok(score)
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run_trafilatura(dir: &Path) -> Result<()> {
    let rows = jsonl(&dir.join("trafilatura_evaldata.jsonl"))?;
    let english: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| {
            r["html_lang"].as_str() == Some("en")
                || r["html_lang"].is_null() && r["lang_guess"].as_str() == Some("en")
        })
        .collect();
    let (mut with_hit, mut with_total, mut without_hit, mut without_total) = (0, 0, 0, 0);
    let start = Instant::now();
    for r in &english {
        let html = gunzip(&dir.join(r["html_file"].as_str().context("line without html_file")?))?;
        let text = normalise(&extract_text(&html));
        for s in r["with"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
        {
            with_total += 1;
            with_hit += usize::from(text.contains(&normalise(s)));
        }
        for s in r["without"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
        {
            without_total += 1;
            without_hit += usize::from(text.contains(&normalise(s)));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    // As trafilatura's own evaluation: a found must-contain snippet is a true positive, a found
    // must-not-contain snippet a false positive, a missed must-contain snippet a false negative.
    let (tp, fp, fn_) = (
        with_hit as f64,
        without_hit as f64,
        (with_total - with_hit) as f64,
    );
    let p = tp / (tp + fp).max(1.0);
    let r = tp / (tp + fn_).max(1.0);
    println!(
        "trafilatura eval, English: {} pages — must-contain found {with_hit}/{with_total}, \
         must-not-contain found {without_hit}/{without_total}; precision {p:.3} recall {r:.3} \
         F1 {:.4} ({:.1} s)",
        english.len(),
        2.0 * p * r / (p + r).max(1e-9),
        secs
    );
    Ok(())
}

fn run_l3s(dir: &Path) -> Result<()> {
    let rows = jsonl(&dir.join("l3s_gn1.jsonl"))?;
    let mut pages = Vec::new();
    for r in &rows {
        let html = gunzip(&dir.join(r["html_file"].as_str().context("line without html_file")?))?;
        let text = extract_text(&html);
        // The annotated pages lost non-ASCII characters (turned into '?'), so compare ASCII words.
        let ascii = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_ascii() && c != '?' { c } else { ' ' })
                .collect()
        };
        let gold = r["main_text"].as_str().unwrap_or("");
        pages.push(shingle_match(&ascii(gold), &ascii(&text)));
    }
    let s = aggregate(&pages);
    print_row(&format!("L3S-GN1 ({} pages)", rows.len()), s, "");
    Ok(())
}

pub fn cmd_extract_eval(args: ExtractEvalArgs) -> Result<()> {
    if args.aeb.is_none() && args.trafilatura.is_none() && args.l3s.is_none() {
        bail!("give at least one of --aeb, --trafilatura, --l3s");
    }
    let mut score = None;
    if let Some(dir) = &args.aeb {
        score = Some(run_aeb(dir, &args)?);
    }
    if let Some(dir) = &args.trafilatura {
        run_trafilatura(dir)?;
    }
    if let Some(dir) = &args.l3s {
        run_l3s(dir)?;
    }
    if let (Some(min), Some(s)) = (args.min_f1, score) {
        if s.f1 < min {
            bail!("extraction F1 {:.3} is below {min}", s.f1);
        }
    } else if args.min_f1.is_some() {
        bail!("--min-f1 needs --aeb");
    }
    Ok(())
}

#[derive(Args)]
pub struct ExtractArgs {
    /// HTML files (`.gz` is unpacked), WARC files (`.warc`, `.warc.gz`: every HTML response)
    /// or http(s) URLs.
    pages: Vec<String>,
    /// Print JSON (metadata, blocks, dropped text with reasons) instead of the text.
    #[arg(long)]
    json: bool,
    /// With text output, also list what was dropped and why.
    #[arg(long)]
    dropped: bool,
}

/// One page from a file (`.gz` unpacked) or a URL (its HTTP charset and address passed on).
fn read_page(source: &str) -> Result<chorus_html::Page> {
    let (bytes, content_type, url) = if chorus_fetch::is_url(source) {
        let input = chorus_fetch::fetch(source, &chorus_fetch::FetchOptions::default())?;
        (input.bytes, input.content_type, input.url)
    } else {
        let path = Path::new(source);
        let bytes = if path.extension().is_some_and(|e| e == "gz") {
            gunzip(path)?
        } else {
            crate::input::read_file(path)?
        };
        (bytes, None, None)
    };
    let options = PageOptions {
        http_charset: content_type
            .as_deref()
            .and_then(chorus_html::decode::charset_param),
        url: url.as_deref(),
    };
    if bytes.len() > chorus_html::MAX_PAGE_BYTES {
        eprintln!(
            "chorus: warning: {source}: {} bytes, only the first {} are read",
            bytes.len(),
            chorus_html::MAX_PAGE_BYTES
        );
    }
    // Reading and fetching errors name the source already; extraction errors get it here.
    parse_page(&bytes, &options).with_context(|| source.to_string())
}

/// The pages of one source: a WARC file's HTML responses (each named by its URL), or the one
/// page of a file or URL.
fn read_pages(source: &str) -> Vec<(String, Result<chorus_html::Page>)> {
    let path = Path::new(source);
    if chorus_fetch::is_url(source) || !chorus_warc::is_warc(path) {
        return vec![(source.to_string(), read_page(source))];
    }
    let bytes = match crate::input::read_file(path) {
        Ok(b) => b,
        Err(e) => return vec![(source.to_string(), Err(e))],
    };
    let pages = chorus_warc::pages_from_warc(&bytes);
    if let Some(line) = pages.summary(source) {
        if pages.pages.is_empty() {
            return vec![(source.to_string(), Err(anyhow::anyhow!(line)))];
        }
        eprintln!("chorus: warning: {line}");
    }
    pages
        .pages
        .into_iter()
        .map(|input| {
            let options = PageOptions {
                http_charset: input
                    .content_type
                    .as_deref()
                    .and_then(chorus_html::decode::charset_param),
                url: input.url.as_deref(),
            };
            let page = parse_page(&input.bytes, &options).with_context(|| input.name.clone());
            (input.name, page)
        })
        .collect()
}

pub fn cmd_extract(args: ExtractArgs) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    for (source, page) in args.pages.iter().flat_map(|s| read_pages(s)) {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                failures += 1;
                eprintln!("chorus: {e:#}");
                continue;
            }
        };
        if args.json {
            serde_json::to_writer(&mut out, &page)?;
            writeln!(out)?;
            continue;
        }
        writeln!(out, "=== {source}")?;
        writeln!(out, "{}", serde_json::to_string(&page.meta)?)?;
        for b in &page.blocks {
            writeln!(out, "  [{:?}] {}", b.kind, b.text)?;
        }
        if args.dropped {
            for d in &page.dropped {
                let at = d
                    .element
                    .as_deref()
                    .map(|e| format!(" <{e}>"))
                    .unwrap_or_default();
                writeln!(out, "  DROP ({}){at} {}", d.reason, d.text)?;
            }
        }
    }
    if failures > 0 {
        bail!("{failures} page(s) could not be read");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_count_multisets_and_normalise() {
        let (tp, fp, fn_) = shingle_match("a b c d e", "a b c d e");
        assert_eq!((tp, fp, fn_), (1.0, 0.0, 0.0));
        // Gold 2 shingles, prediction 1 of them plus 1 wrong.
        let (tp, fp, fn_) = shingle_match("a b c d e", "a b c d x");
        assert!((tp - 1.0 / 3.0).abs() < 1e-12 && (fp - 1.0 / 3.0).abs() < 1e-12);
        assert!((fn_ - 1.0 / 3.0).abs() < 1e-12);
        // Fewer than four tokens: one shingle of all of them.
        assert_eq!(shingle_match("a b", "a b"), (1.0, 0.0, 0.0));
        assert_eq!(shingle_match("", ""), (0.0, 0.0, 0.0));
        assert_eq!(
            tokens("it’s e-mail_x 3.5"),
            ["it", "s", "e", "mail_x", "3", "5"]
        );
    }

    #[test]
    fn aggregate_skips_pages_without_prediction_for_precision() {
        let s = aggregate(&[(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)]);
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
    }
}
