//! Graph centrality: LexRank (TF-IDF cosine graph) and TextRank (word-overlap graph), both scored
//! by PageRank and filled greedily.

use super::{greedy_by_score, Budget, SelectionInput, Selector};

pub struct LexRank {
    /// Edges below this cosine are dropped (Erkan & Radev use 0.1).
    pub threshold: f32,
    pub damping: f32,
}

impl Default for LexRank {
    fn default() -> Self {
        LexRank {
            threshold: 0.1,
            damping: 0.85,
        }
    }
}

impl Selector for LexRank {
    fn name(&self) -> &'static str {
        "lexrank"
    }

    fn select(&self, input: &SelectionInput, budget: Budget) -> Vec<usize> {
        let threshold = self.threshold;
        let c = &input.candidates;
        rank_by_graph(input, budget, self.damping, |a, b| {
            let s = c[a].feat.tfidf.dot(&c[b].feat.tfidf);
            if s >= threshold {
                s
            } else {
                0.0
            }
        })
    }
}

pub struct TextRank {
    pub damping: f32,
}

impl Default for TextRank {
    fn default() -> Self {
        TextRank { damping: 0.85 }
    }
}

impl Selector for TextRank {
    fn name(&self) -> &'static str {
        "textrank"
    }

    fn select(&self, input: &SelectionInput, budget: Budget) -> Vec<usize> {
        let sets: Vec<Vec<u32>> = input
            .candidates
            .iter()
            .map(|c| {
                let mut v = c.feat.stems.clone();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        rank_by_graph(input, budget, self.damping, |a, b| {
            let (a, b) = (&sets[a], &sets[b]);
            if a.len() < 2 || b.len() < 2 {
                return 0.0;
            }
            let common = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
            common as f32 / ((a.len() as f32).ln() + (b.len() as f32).ln())
        })
    }
}

/// Scores the shortlisted candidates by PageRank over a symmetric graph whose edge weights
/// `weight` gives (by candidate index), then fills the budget greedily by score.
fn rank_by_graph(
    input: &SelectionInput,
    budget: Budget,
    damping: f32,
    weight: impl Fn(usize, usize) -> f32,
) -> Vec<usize> {
    let ids = input.shortlist(MAX_GRAPH);
    let n = ids.len();
    let mut w = vec![0f32; n * n];
    for i in 0..n {
        for j in (i + 1)..n {
            let s = weight(ids[i], ids[j]);
            w[i * n + j] = s;
            w[j * n + i] = s;
        }
    }
    greedy_by_score(
        input,
        &spread(&ids, &pagerank(&w, n, damping), input.candidates.len()),
        budget,
    )
}

/// Candidates a graph holds at most: its cost grows with the square of its size (a story of
/// hundreds of articles would otherwise take seconds and hundreds of megabytes).
pub const MAX_GRAPH: usize = 400;

/// Scores of the shortlisted candidates placed at their indices; the others score lowest.
fn spread(ids: &[usize], scores: &[f32], n: usize) -> Vec<f32> {
    let mut out = vec![f32::NEG_INFINITY; n];
    for (&i, &s) in ids.iter().zip(scores) {
        out[i] = s;
    }
    out
}

/// Weighted PageRank by power iteration on a dense symmetric matrix.
pub fn pagerank(w: &[f32], n: usize, damping: f32) -> Vec<f32> {
    if n == 0 {
        return Vec::new();
    }
    let out: Vec<f32> = (0..n).map(|i| w[i * n..(i + 1) * n].iter().sum()).collect();
    let mut p = vec![1.0 / n as f32; n];
    let mut next = vec![0f32; n];
    for _ in 0..100 {
        let dangling: f32 = (0..n).filter(|&i| out[i] == 0.0).map(|i| p[i]).sum();
        for j in 0..n {
            let mut s = 0.0;
            for i in 0..n {
                let wij = w[i * n + j];
                if wij > 0.0 {
                    s += wij / out[i] * p[i];
                }
            }
            next[j] = (1.0 - damping) / n as f32 + damping * (s + dangling / n as f32);
        }
        let delta: f32 = p.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut p, &mut next);
        if delta < 1e-6 {
            break;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::pagerank;

    #[test]
    fn pagerank_favours_the_hub() {
        // A star: node 0 linked to 1, 2, 3.
        let n = 4;
        let mut w = vec![0f32; n * n];
        for k in 1..n {
            w[k] = 1.0;
            w[k * n] = 1.0;
        }
        let p = pagerank(&w, n, 0.85);
        assert!(p[0] > p[1] && (p[1] - p[2]).abs() < 1e-6);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }
}
