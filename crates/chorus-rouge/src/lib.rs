//! ROUGE-N, ROUGE-L and ROUGE-Lsum that agree with Google's `rouge-score` package: the same
//! tokenisation (lower-case, runs of anything but `a-z0-9` split tokens), the same Porter stemmer
//! (NLTK's default mode, words longer than three letters), the same summary-level LCS with its
//! guard against double counting, and `score_multi`'s best-of-references rule.
//!
//! ```
//! let s = chorus_rouge::Scorer::new(true).score("the cat sat on the mat", "the cat was on the mat");
//! assert!(s.rouge1.f1 > 0.8);
//! ```

pub mod porter;

use serde::Serialize;
use std::collections::HashMap;

/// Precision, recall and F1 of one ROUGE measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn new(precision: f64, recall: f64) -> Score {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            precision,
            recall,
            f1,
        }
    }
}

/// The four measures for one pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    pub rouge1: Score,
    pub rouge2: Score,
    #[serde(rename = "rougeL")]
    pub rouge_l: Score,
    #[serde(rename = "rougeLsum")]
    pub rouge_lsum: Score,
}

/// Which measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Rouge1,
    Rouge2,
    RougeL,
    RougeLsum,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Rouge1,
        Measure::Rouge2,
        Measure::RougeL,
        Measure::RougeLsum,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Measure::Rouge1 => "ROUGE-1",
            Measure::Rouge2 => "ROUGE-2",
            Measure::RougeL => "ROUGE-L",
            Measure::RougeLsum => "ROUGE-Lsum",
        }
    }
}

impl Scores {
    pub fn get(&self, m: Measure) -> Score {
        match m {
            Measure::Rouge1 => self.rouge1,
            Measure::Rouge2 => self.rouge2,
            Measure::RougeL => self.rouge_l,
            Measure::RougeLsum => self.rouge_lsum,
        }
    }
}

/// Tokenises like `rouge_score.tokenize.tokenize`.
pub fn tokenize(text: &str, stem: bool) -> Vec<String> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(|t| {
            if stem && t.len() > 3 {
                porter::stem(t)
            } else {
                t.to_string()
            }
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Scores hypotheses against references.
pub struct Scorer {
    stem: bool,
    cache: std::cell::RefCell<HashMap<String, String>>,
}

impl Scorer {
    pub fn new(stem: bool) -> Scorer {
        Scorer {
            stem,
            cache: Default::default(),
        }
    }

    /// Token ids, with stems cached (the stemmer dominates the cost otherwise).
    fn tokens(&self, text: &str, vocab: &mut Vocab) -> Vec<u32> {
        let lower = text.to_lowercase();
        let mut cache = self.cache.borrow_mut();
        lower
            .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .filter(|t| !t.is_empty())
            .map(|t| {
                if self.stem && t.len() > 3 {
                    if let Some(s) = cache.get(t) {
                        return vocab.id(s);
                    }
                    let s = porter::stem(t);
                    let id = vocab.id(&s);
                    cache.insert(t.to_string(), s);
                    id
                } else {
                    vocab.id(t)
                }
            })
            .collect()
    }

    /// All four measures for one reference and one hypothesis. ROUGE-Lsum reads sentences as
    /// lines of the texts.
    pub fn score(&self, reference: &str, hypothesis: &str) -> Scores {
        let mut vocab = Vocab::default();
        let r = self.tokens(reference, &mut vocab);
        let h = self.tokens(hypothesis, &mut vocab);
        let lines = |t: &str, vocab: &mut Vocab| -> Vec<Vec<u32>> {
            t.split('\n')
                .filter(|l| !l.is_empty())
                .map(|l| self.tokens(l, vocab))
                .collect()
        };
        let rs = lines(reference, &mut vocab);
        let hs = lines(hypothesis, &mut vocab);
        Scores {
            rouge1: rouge_n(&r, &h, 1),
            rouge2: rouge_n(&r, &h, 2),
            rouge_l: rouge_l(&r, &h),
            rouge_lsum: rouge_lsum(&rs, &hs),
        }
    }

    /// Best score over several references, chosen per measure by F1 (first reference on ties),
    /// as `RougeScorer.score_multi` does.
    pub fn score_multi(&self, references: &[String], hypothesis: &str) -> Scores {
        let all: Vec<Scores> = references
            .iter()
            .map(|r| self.score(r, hypothesis))
            .collect();
        let best = |m: Measure| {
            let mut b = Score::default();
            let mut first = true;
            for s in &all {
                let x = s.get(m);
                if first || x.f1 > b.f1 {
                    b = x;
                    first = false;
                }
            }
            b
        };
        Scores {
            rouge1: best(Measure::Rouge1),
            rouge2: best(Measure::Rouge2),
            rouge_l: best(Measure::RougeL),
            rouge_lsum: best(Measure::RougeLsum),
        }
    }
}

#[derive(Default)]
struct Vocab {
    ids: HashMap<String, u32>,
}

impl Vocab {
    fn id(&mut self, t: &str) -> u32 {
        let n = self.ids.len() as u32;
        *self.ids.entry(t.to_string()).or_insert(n)
    }
}

/// ROUGE-N from n-gram counts.
pub fn rouge_n(reference: &[u32], hypothesis: &[u32], n: usize) -> Score {
    let rg = ngram_counts(reference, n);
    let hg = ngram_counts(hypothesis, n);
    let overlap: usize = rg
        .iter()
        .map(|(g, &c)| c.min(hg.get(g).copied().unwrap_or(0)))
        .sum();
    let rt: usize = rg.values().sum();
    let ht: usize = hg.values().sum();
    Score::new(
        overlap as f64 / ht.max(1) as f64,
        overlap as f64 / rt.max(1) as f64,
    )
}

fn ngram_counts(t: &[u32], n: usize) -> HashMap<&[u32], usize> {
    let mut m: HashMap<&[u32], usize> = HashMap::new();
    if n > 0 && t.len() >= n {
        for w in t.windows(n) {
            *m.entry(w).or_default() += 1;
        }
    }
    m
}

fn lcs_table(a: &[u32], b: &[u32]) -> Vec<u32> {
    let cols = b.len() + 1;
    let mut t = vec![0u32; (a.len() + 1) * cols];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            t[i * cols + j] = if a[i - 1] == b[j - 1] {
                t[(i - 1) * cols + j - 1] + 1
            } else {
                t[(i - 1) * cols + j].max(t[i * cols + j - 1])
            };
        }
    }
    t
}

/// ROUGE-L over whole texts.
pub fn rouge_l(reference: &[u32], hypothesis: &[u32]) -> Score {
    if reference.is_empty() || hypothesis.is_empty() {
        return Score::default();
    }
    let t = lcs_table(reference, hypothesis);
    let lcs = *t.last().expect("non-empty table") as f64;
    Score::new(lcs / hypothesis.len() as f64, lcs / reference.len() as f64)
}

/// Indices into `r` of one longest common subsequence, read back as `rouge-score` does.
fn lcs_indices(r: &[u32], c: &[u32]) -> Vec<usize> {
    let t = lcs_table(r, c);
    let cols = c.len() + 1;
    let (mut i, mut j) = (r.len(), c.len());
    let mut out = Vec::new();
    while i > 0 && j > 0 {
        if r[i - 1] == c[j - 1] {
            out.push(i - 1);
            i -= 1;
            j -= 1;
        } else if t[i * cols + j - 1] > t[(i - 1) * cols + j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
    out.reverse();
    out
}

/// Summary-level ROUGE-L (union LCS per reference sentence, each token counted at most as often
/// as it occurs on both sides).
pub fn rouge_lsum(reference: &[Vec<u32>], hypothesis: &[Vec<u32>]) -> Score {
    if reference.is_empty() || hypothesis.is_empty() {
        return Score::default();
    }
    let m: usize = reference.iter().map(Vec::len).sum();
    let n: usize = hypothesis.iter().map(Vec::len).sum();
    if m == 0 || n == 0 {
        return Score::default();
    }
    let mut cnt_r: HashMap<u32, i64> = HashMap::new();
    let mut cnt_c: HashMap<u32, i64> = HashMap::new();
    for s in reference {
        for &t in s {
            *cnt_r.entry(t).or_default() += 1;
        }
    }
    for s in hypothesis {
        for &t in s {
            *cnt_c.entry(t).or_default() += 1;
        }
    }
    let mut hits = 0usize;
    for r in reference {
        let mut union: Vec<usize> = hypothesis.iter().flat_map(|c| lcs_indices(r, c)).collect();
        union.sort_unstable();
        union.dedup();
        for i in union {
            let t = r[i];
            let (c, rr) = (
                cnt_c.get(&t).copied().unwrap_or(0),
                cnt_r.get(&t).copied().unwrap_or(0),
            );
            if c > 0 && rr > 0 {
                hits += 1;
                *cnt_c.get_mut(&t).expect("present") -= 1;
                *cnt_r.get_mut(&t).expect("present") -= 1;
            }
        }
    }
    Score::new(hits as f64 / n as f64, hits as f64 / m as f64)
}

/// A corpus mean with a bootstrap confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

/// Mean of `values` and its 95% bootstrap interval (`samples` resamples, fixed seed so the same
/// input gives the same interval).
pub fn bootstrap(values: &[f64], samples: usize, seed: u64) -> Interval {
    if values.is_empty() {
        return Interval {
            mean: 0.0,
            low: 0.0,
            high: 0.0,
        };
    }
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let mut rng = SplitMix64(seed);
    let mut means: Vec<f64> = (0..samples.max(1))
        .map(|_| {
            let mut s = 0.0;
            for _ in 0..n {
                s += values[(rng.next() % n as u64) as usize];
            }
            s / n as f64
        })
        .collect();
    means.sort_by(f64::total_cmp);
    let pick =
        |q: f64| means[((q * (means.len() - 1) as f64).round() as usize).min(means.len() - 1)];
    Interval {
        mean,
        low: pick(0.025),
        high: pick(0.975),
    }
}

/// A small, well-known generator: enough for resampling, and no dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokenizer_matches_rouge_score_rules() {
        assert_eq!(
            tokenize("The U.S. isn't 3.5% richer—yet!", false),
            vec!["the", "u", "s", "isn", "t", "3", "5", "richer", "yet"]
        );
        assert_eq!(
            tokenize("Running dogs ran", true),
            vec!["run", "dog", "ran"]
        );
        assert!(tokenize("  ¿¡ — ", true).is_empty());
    }

    #[test]
    fn rouge_n_counts_clipped_overlap() {
        let s = Scorer::new(false).score("a a b c", "a b b");
        // unigrams: overlap a:1 b:1 = 2; hyp 3, ref 4
        assert!(close(s.rouge1.precision, 2.0 / 3.0) && close(s.rouge1.recall, 0.5));
        // bigrams: ref {aa, ab, bc}, hyp {ab, bb}: overlap 1
        assert!(close(s.rouge2.precision, 0.5) && close(s.rouge2.recall, 1.0 / 3.0));
    }

    #[test]
    fn rouge_l_and_lsum() {
        let s = Scorer::new(false).score(
            "police found the car\nthe driver fled",
            "the driver fled\npolice found a car",
        );
        // Whole-text LCS: "police found car" or "the driver fled" = 3 of 7 / 7.
        assert!(close(s.rouge_l.f1, 3.0 / 7.0));
        // Summary level: every reference token but "the" (before car) is matched: 6 of 7.
        assert!(close(s.rouge_lsum.recall, 6.0 / 7.0));
    }

    #[test]
    fn empty_sides_score_zero() {
        let s = Scorer::new(true).score("", "something here");
        assert_eq!(s, Scores::default());
    }

    #[test]
    fn multi_reference_takes_the_best() {
        let sc = Scorer::new(false);
        let m = sc.score_multi(&["x y z".to_string(), "a b c".to_string()], "a b c");
        assert!(close(m.rouge1.f1, 1.0));
    }

    #[test]
    fn bootstrap_interval_brackets_the_mean() {
        let v: Vec<f64> = (0..100).map(|i| (i % 10) as f64 / 10.0).collect();
        let iv = bootstrap(&v, 500, 7);
        assert!(iv.low <= iv.mean && iv.mean <= iv.high && iv.high - iv.low < 0.2);
        assert_eq!(iv, bootstrap(&v, 500, 7), "deterministic");
    }
}

/// Greedy extractive oracle: repeatedly adds the sentence that most raises ROUGE-1 F1 + ROUGE-2 F1
/// against the best of the references, while it fits `max_words` (by the given word counts) and
/// raises the score. Returns sentence indices in input order. Gains are computed incrementally
/// from n-gram counts within sentences (bigrams across a sentence join are ignored while
/// choosing; the final score is computed exactly by `Scorer`).
pub fn greedy_oracle(
    scorer: &Scorer,
    references: &[String],
    sentences: &[(&str, usize)],
    max_words: usize,
) -> Vec<usize> {
    let mut vocab = Vocab::default();
    let refs: Vec<Vec<u32>> = references
        .iter()
        .map(|r| scorer.tokens(r, &mut vocab))
        .collect();
    let sents: Vec<Vec<u32>> = sentences
        .iter()
        .map(|(s, _)| scorer.tokens(s, &mut vocab))
        .collect();
    let mut states: Vec<OverlapState> = refs.iter().map(|r| OverlapState::new(r)).collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0;
    let mut best_value = 0.0;
    loop {
        let mut best: Option<(f64, usize)> = None;
        for (i, toks) in sents.iter().enumerate() {
            let w = sentences[i].1;
            if w == 0 || used + w > max_words || chosen.contains(&i) {
                continue;
            }
            let v = states
                .iter()
                .map(|s| s.value_with(toks))
                .fold(0.0, f64::max);
            if v > best_value + 1e-12 && best.is_none_or(|(b, _)| v > b) {
                best = Some((v, i));
            }
        }
        let Some((v, i)) = best else { break };
        best_value = v;
        used += sentences[i].1;
        for s in &mut states {
            s.add(&sents[i]);
        }
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen
}

/// Unigram and bigram overlap between one reference and a growing hypothesis.
struct OverlapState {
    ref1: HashMap<u32, u32>,
    ref2: HashMap<(u32, u32), u32>,
    ref1_total: u32,
    ref2_total: u32,
    hyp1: HashMap<u32, u32>,
    hyp2: HashMap<(u32, u32), u32>,
    hyp1_total: u32,
    hyp2_total: u32,
    overlap1: u32,
    overlap2: u32,
}

impl OverlapState {
    fn new(reference: &[u32]) -> Self {
        let mut ref1 = HashMap::new();
        let mut ref2 = HashMap::new();
        for &t in reference {
            *ref1.entry(t).or_insert(0) += 1;
        }
        for w in reference.windows(2) {
            *ref2.entry((w[0], w[1])).or_insert(0) += 1;
        }
        OverlapState {
            ref1_total: reference.len() as u32,
            ref2_total: reference.len().saturating_sub(1) as u32,
            ref1,
            ref2,
            hyp1: HashMap::new(),
            hyp2: HashMap::new(),
            hyp1_total: 0,
            hyp2_total: 0,
            overlap1: 0,
            overlap2: 0,
        }
    }

    fn f1(overlap: u32, hyp: u32, reference: u32) -> f64 {
        if hyp == 0 || reference == 0 || overlap == 0 {
            return 0.0;
        }
        let (p, r) = (
            overlap as f64 / hyp as f64,
            overlap as f64 / reference as f64,
        );
        2.0 * p * r / (p + r)
    }

    /// ROUGE-1 F1 + ROUGE-2 F1 if `toks` were added.
    fn value_with(&self, toks: &[u32]) -> f64 {
        let mut extra1: HashMap<u32, u32> = HashMap::new();
        for &t in toks {
            *extra1.entry(t).or_insert(0) += 1;
        }
        let mut gain1 = 0;
        for (t, c) in &extra1 {
            let r = self.ref1.get(t).copied().unwrap_or(0);
            let h = self.hyp1.get(t).copied().unwrap_or(0);
            gain1 += (h + c).min(r) - h.min(r);
        }
        let mut extra2: HashMap<(u32, u32), u32> = HashMap::new();
        for w in toks.windows(2) {
            *extra2.entry((w[0], w[1])).or_insert(0) += 1;
        }
        let mut gain2 = 0;
        for (g, c) in &extra2 {
            let r = self.ref2.get(g).copied().unwrap_or(0);
            let h = self.hyp2.get(g).copied().unwrap_or(0);
            gain2 += (h + c).min(r) - h.min(r);
        }
        let n2 = toks.len().saturating_sub(1) as u32;
        Self::f1(
            self.overlap1 + gain1,
            self.hyp1_total + toks.len() as u32,
            self.ref1_total,
        ) + Self::f1(self.overlap2 + gain2, self.hyp2_total + n2, self.ref2_total)
    }

    fn add(&mut self, toks: &[u32]) {
        for &t in toks {
            let r = self.ref1.get(&t).copied().unwrap_or(0);
            let h = self.hyp1.entry(t).or_insert(0);
            if *h < r {
                self.overlap1 += 1;
            }
            *h += 1;
        }
        for w in toks.windows(2) {
            let g = (w[0], w[1]);
            let r = self.ref2.get(&g).copied().unwrap_or(0);
            let h = self.hyp2.entry(g).or_insert(0);
            if *h < r {
                self.overlap2 += 1;
            }
            *h += 1;
        }
        self.hyp1_total += toks.len() as u32;
        self.hyp2_total += toks.len().saturating_sub(1) as u32;
    }
}

#[cfg(test)]
mod oracle_tests {
    use super::*;

    #[test]
    fn oracle_picks_the_matching_sentences_within_budget() {
        let refs = vec!["the ferry hit a reef in fog and all passengers were rescued".to_string()];
        let sents = [
            ("Shares in the bakery rose on Monday.", 6),
            ("The ferry hit a reef in fog.", 7),
            ("All passengers were rescued.", 4),
            ("A reef.", 2),
        ];
        assert_eq!(
            greedy_oracle(&Scorer::new(true), &refs, &sents, 11),
            vec![1, 2]
        );
        assert_eq!(greedy_oracle(&Scorer::new(true), &refs, &sents, 7), vec![1]);
        assert!(greedy_oracle(&Scorer::new(true), &refs, &sents, 1).is_empty());
    }
}
