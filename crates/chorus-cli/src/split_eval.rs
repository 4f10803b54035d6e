//! `chorus split --gum FILE --golden FILE`: sentence-boundary quality against human gold sets.

use anyhow::{Context, Result};
use chorus::segment::split_sentences;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Deserialize)]
struct GumDoc {
    id: String,
    text: String,
    sentences: Vec<GumSentence>,
}

#[derive(Deserialize)]
struct GumSentence {
    end: usize,
}

#[derive(Deserialize)]
struct GoldenRule {
    id: String,
    rule: String,
    text: String,
    sentences: Vec<String>,
}

/// Precision, recall and F1 of sentence boundaries.
#[derive(Debug, Default, Clone, Copy)]
pub struct BoundaryScore {
    pub true_pos: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl BoundaryScore {
    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl std::fmt::Display for BoundaryScore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.4}  R {:.4}  F1 {:.4}  ({} gold)",
            self.precision(),
            self.recall(),
            self.f1(),
            self.gold
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub struct GumReport {
    pub all: BoundaryScore,
    /// Only boundaries inside a paragraph (line breaks are trivially boundaries).
    pub inside: BoundaryScore,
    pub misses: Vec<String>,
}

/// Scores boundaries as sentence end offsets; the end of the document is not counted.
pub fn eval_gum(path: &Path) -> Result<GumReport> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut all = BoundaryScore::default();
    let mut inside = BoundaryScore::default();
    let mut misses = Vec::new();
    for (n, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let doc: GumDoc = serde_json::from_str(line)
            .with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        let len = doc.text.trim_end().len();
        // Gold offsets count characters (Python); ours count bytes.
        let byte_of = crate::input::byte_offsets(&doc.text);
        let gold: BTreeSet<usize> = doc
            .sentences
            .iter()
            .map(|s| byte_of[s.end])
            .filter(|&e| e < len)
            .collect();
        let pred: BTreeSet<usize> = split_sentences(&doc.text)
            .into_iter()
            .map(|r| r.end)
            .filter(|&e| e < len)
            .collect();
        let is_inside = |e: &usize| {
            !doc.text[*e..]
                .trim_start_matches([' ', '\t'])
                .starts_with('\n')
        };
        for (score, filter) in [(&mut all, false), (&mut inside, true)] {
            let g: BTreeSet<usize> = gold
                .iter()
                .copied()
                .filter(|e| !filter || is_inside(e))
                .collect();
            let p: BTreeSet<usize> = pred
                .iter()
                .copied()
                .filter(|e| !filter || is_inside(e))
                .collect();
            score.gold += g.len();
            score.predicted += p.len();
            score.true_pos += g.intersection(&p).count();
        }
        for e in gold.symmetric_difference(&pred) {
            let kind = if gold.contains(e) {
                "missed"
            } else {
                "spurious"
            };
            let lo = doc.text.floor_char_boundary(e.saturating_sub(50));
            let hi = doc.text.ceil_char_boundary((e + 40).min(doc.text.len()));
            misses.push(format!(
                "{} {kind} @{e}: {:?} | {:?}",
                doc.id,
                &doc.text[lo..*e],
                &doc.text[*e..hi]
            ));
        }
    }
    Ok(GumReport {
        all,
        inside,
        misses,
    })
}

pub struct GoldenReport {
    pub passed: usize,
    pub total: usize,
    pub failures: Vec<String>,
}

pub fn eval_golden(path: &Path) -> Result<GoldenReport> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut report = GoldenReport {
        passed: 0,
        total: 0,
        failures: Vec::new(),
    };
    for (n, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: GoldenRule = serde_json::from_str(line)
            .with_context(|| format!("{}: line {}", path.display(), n + 1))?;
        let got: Vec<&str> = split_sentences(&case.text)
            .into_iter()
            .map(|r| &case.text[r])
            .collect();
        report.total += 1;
        if got
            == case
                .sentences
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        {
            report.passed += 1;
        } else {
            report
                .failures
                .push(format!("{} {}: got {:?}", case.id, case.rule, got));
        }
    }
    Ok(report)
}
