//! Scores of a clustering against gold labels: B-cubed precision/recall/F1 (Bagga & Baldwin,
//! item-averaged) and the adjusted Rand index (Hubert & Arabie).

use rustc_hash::FxHashMap;
use std::hash::Hash;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterScores {
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub adjusted_rand: f64,
}

/// `gold[i]` and `predicted[i]` label item `i`. Panics if the lengths differ.
pub fn score<G: Hash + Eq, P: Hash + Eq>(gold: &[G], predicted: &[P]) -> ClusterScores {
    assert_eq!(
        gold.len(),
        predicted.len(),
        "one label per item on each side"
    );
    let n = gold.len();
    if n == 0 {
        return ClusterScores {
            bcubed_precision: 1.0,
            bcubed_recall: 1.0,
            bcubed_f1: 1.0,
            adjusted_rand: 1.0,
        };
    }
    // Contingency table: (gold, predicted) → items, and the marginals.
    let mut cells: FxHashMap<(&G, &P), u64> = FxHashMap::default();
    let mut gold_size: FxHashMap<&G, u64> = FxHashMap::default();
    let mut pred_size: FxHashMap<&P, u64> = FxHashMap::default();
    for (g, p) in gold.iter().zip(predicted) {
        *cells.entry((g, p)).or_default() += 1;
        *gold_size.entry(g).or_default() += 1;
        *pred_size.entry(p).or_default() += 1;
    }
    // B-cubed: each item's precision is the share of its predicted cluster that shares its gold
    // label; summed over the items of a cell that is cell² / |predicted cluster|.
    let (mut precision, mut recall) = (0.0, 0.0);
    for (&(g, p), &c) in &cells {
        let c = c as f64;
        precision += c * c / pred_size[p] as f64;
        recall += c * c / gold_size[g] as f64;
    }
    precision /= n as f64;
    recall /= n as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);

    let pairs = |x: u64| (x * x.saturating_sub(1) / 2) as f64;
    let index: f64 = cells.values().map(|&c| pairs(c)).sum();
    let gold_pairs: f64 = gold_size.values().map(|&c| pairs(c)).sum();
    let pred_pairs: f64 = pred_size.values().map(|&c| pairs(c)).sum();
    let expected = gold_pairs * pred_pairs / pairs(n as u64).max(1.0);
    let max = (gold_pairs + pred_pairs) / 2.0;
    // Both clusterings all singletons or one cluster: identical structure, ARI 1 by convention.
    let adjusted_rand = if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    };
    ClusterScores {
        bcubed_precision: precision,
        bcubed_recall: recall,
        bcubed_f1: f1,
        adjusted_rand,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn perfect_clustering_scores_one_whatever_the_label_names() {
        let s = score(&[1, 1, 2, 3, 3], &["x", "x", "y", "z", "z"]);
        assert!(close(s.bcubed_f1, 1.0) && close(s.adjusted_rand, 1.0));
    }

    #[test]
    fn bcubed_by_hand() {
        // Gold {a,b,c} {d}; predicted {a,b} {c,d}.
        // Precision per item: 1, 1, 1/2, 1/2 → 3/4. Recall: 2/3, 2/3, 1/3, 1 → 2/3.
        let s = score(&[0, 0, 0, 1], &[0, 0, 1, 1]);
        assert!(close(s.bcubed_precision, 0.75));
        assert!(close(s.bcubed_recall, 2.0 / 3.0));
        assert!(close(
            s.bcubed_f1,
            2.0 * 0.75 * (2.0 / 3.0) / (0.75 + 2.0 / 3.0)
        ));
    }

    #[test]
    fn adjusted_rand_by_hand() {
        // Same partitions as above. Pairs agreeing in both: (a,b) → index 1. Gold pairs 3,
        // predicted pairs 2, all pairs 6: expected 1, max 2.5 → ARI 0.
        let s = score(&[0, 0, 0, 1], &[0, 0, 1, 1]);
        assert!(close(s.adjusted_rand, 0.0), "{}", s.adjusted_rand);
        // Gold {a,b}{c,d}{e,f}; predicted {a,b,c,d}{e,f}: index 3, gold pairs 3, predicted 7,
        // all 15: expected 1.4, max 5 → (3 - 1.4) / (5 - 1.4) = 4/9.
        let s = score(&[0, 0, 1, 1, 2, 2], &[0, 0, 0, 0, 1, 1]);
        assert!(close(s.adjusted_rand, 4.0 / 9.0), "{}", s.adjusted_rand);
    }

    #[test]
    fn everything_in_one_cluster_has_full_recall_and_low_precision() {
        let s = score(&[0, 0, 1, 1, 2, 2], &[0; 6]);
        assert!(close(s.bcubed_recall, 1.0));
        assert!(close(s.bcubed_precision, 1.0 / 3.0));
        assert!(close(s.adjusted_rand, 0.0));
    }
}
