//! Batch clustering over the online clusterer's own article vectors: the yardstick that tells
//! what the representation allows apart from what arriving one at a time costs.
//!
//! Every article is seen at once, IDF is counted over the whole set, and agglomerative
//! clustering builds the whole dendrogram (a nearest-neighbour chain with Lance–Williams
//! updates: O(n²) time and memory), which [`Dendrogram::cut`] cuts at any similarity. An
//! evaluation that cuts where the gold stories score best gets an upper bound for that linkage
//! on this representation (`chorus cluster-eval --batch`). Not for streams: it holds every pair.

use super::profile::Profiler;
use super::{article_vector, idf, sparse_dot, unit, ClusterOptions, StreamArticle, MIN_TERMS};
use crate::error::ChorusError;
use crate::union_find::UnionFind;
use rustc_hash::FxHashMap;

/// The most articles [`cluster_batch`] takes: their pairwise similarities take 100 MB.
pub const MAX_BATCH_ARTICLES: usize = 5_000;

/// How the similarity of two clusters follows from their members'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linkage {
    /// The most similar pair.
    Single,
    /// The mean over all pairs (what the online clusterer's re-linking uses).
    Average,
    /// The least similar pair.
    Complete,
}

/// The merges of agglomerative clustering, from which a flat clustering is cut.
#[derive(Debug, Clone)]
pub struct Dendrogram {
    /// Per input article, its index among the clustered ones; none for an article without text
    /// (fewer than `MIN_TERMS` terms), as the online clusterer places none.
    slot: Vec<Option<usize>>,
    /// (linkage similarity, a, b): the clusters holding clustered articles `a` and `b` merged.
    /// Every linkage here is reducible, so a merge is never more similar than the ones below
    /// it and a cut is the merges at or above a threshold, in any order.
    merges: Vec<(f32, usize, usize)>,
}

impl Dendrogram {
    /// Each input article's cluster when clusters at least `threshold` alike are one; none for
    /// articles without text.
    pub fn cut(&self, threshold: f32) -> Vec<Option<usize>> {
        let mut sets = UnionFind::new(self.merges.len() + 1);
        for &(s, a, b) in &self.merges {
            if s >= threshold {
                sets.union(a, b);
            }
        }
        self.slot.iter().map(|s| s.map(|i| sets.root(i))).collect()
    }
}

/// Clusters every article at once with the online clusterer's vectors (IDF of the whole set)
/// and its similarity (embeddings blended in as `opts` says, when articles carry them).
pub fn cluster_batch(
    articles: &[StreamArticle],
    opts: &ClusterOptions,
    linkage: Linkage,
) -> Result<Dendrogram, ChorusError> {
    let mut profiler = Profiler::default();
    let mut slot = Vec::with_capacity(articles.len());
    let mut kept = Vec::new();
    for a in articles {
        let p = profiler.profile(a.meta.title.as_deref(), &a.text);
        if p.terms.len() < MIN_TERMS {
            slot.push(None);
        } else {
            slot.push(Some(kept.len()));
            kept.push((p.terms, a.embedding.as_deref().and_then(unit)));
        }
    }
    let n = kept.len();
    if n > MAX_BATCH_ARTICLES {
        return Err(ChorusError::BadOption(format!(
            "batch clustering holds every pair of articles: at most {MAX_BATCH_ARTICLES} articles with text, not {n}"
        )));
    }
    let mut df: FxHashMap<u32, f32> = FxHashMap::default();
    for (terms, _) in &kept {
        for &(t, _) in terms {
            *df.entry(t).or_default() += 1.0;
        }
    }
    let vectors: Vec<Vec<(u32, f32)>> = kept
        .iter()
        .map(|(terms, _)| {
            let mut v = article_vector(terms, |t| idf(n as f32, df[&t]));
            v.sort_unstable_by_key(|&(t, _)| t);
            v
        })
        .collect();
    let mut sim = vec![0f32; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let embedding = match (&kept[i].1, &kept[j].1) {
                (Some(a), Some(b)) if a.len() == b.len() => Some(crate::embed::cosine(a, b)),
                _ => None,
            };
            let s = opts.blend(sparse_dot(&vectors[i], &vectors[j]), embedding);
            sim[i * n + j] = s;
            sim[j * n + i] = s;
        }
    }
    Ok(Dendrogram {
        slot,
        merges: agglomerate(sim, n, linkage),
    })
}

/// Agglomerative clustering of `n` items by their similarity matrix (row-major, `n × n`,
/// symmetric; the diagonal is not read): the `n - 1` merges, most similar first.
fn agglomerate(mut sim: Vec<f32>, n: usize, linkage: Linkage) -> Vec<(f32, usize, usize)> {
    let mut size = vec![1f32; n];
    let mut active = vec![true; n];
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    // Nearest-neighbour chain: follow nearest neighbours until two are each other's; with a
    // reducible linkage that pair is a merge of the dendrogram, and the rest of the chain stays
    // valid after it.
    let mut chain: Vec<usize> = Vec::new();
    let mut next_start = 0;
    while merges.len() + 1 < n {
        if chain.is_empty() {
            while !active[next_start] {
                next_start += 1;
            }
            chain.push(next_start);
        }
        let a = chain[chain.len() - 1];
        let prev = chain.len().checked_sub(2).map(|i| chain[i]);
        // On a tie the previous link of the chain wins, or the chain could cycle.
        let (mut best, mut best_sim) =
            prev.map_or((usize::MAX, f32::NEG_INFINITY), |p| (p, sim[a * n + p]));
        for x in (0..n).filter(|&x| x != a && active[x]) {
            if sim[a * n + x] > best_sim {
                (best, best_sim) = (x, sim[a * n + x]);
            }
        }
        if Some(best) != prev {
            chain.push(best);
            continue;
        }
        chain.truncate(chain.len() - 2);
        let (keep, gone) = (a.min(best), a.max(best));
        merges.push((best_sim, keep, gone));
        for x in (0..n).filter(|&x| active[x] && x != keep && x != gone) {
            let (sk, sg) = (sim[keep * n + x], sim[gone * n + x]);
            let s = match linkage {
                Linkage::Single => sk.max(sg),
                Linkage::Complete => sk.min(sg),
                Linkage::Average => (size[keep] * sk + size[gone] * sg) / (size[keep] + size[gone]),
            };
            sim[keep * n + x] = s;
            sim[x * n + keep] = s;
        }
        size[keep] += size[gone];
        active[gone] = false;
    }
    merges.sort_by(|x, y| y.0.total_cmp(&x.0));
    merges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Agglomeration the slow, obvious way: merge the most similar pair of clusters until
    /// none is at least `threshold` alike. Labels: the smallest member of each cluster.
    fn naive(sim: &[f32], n: usize, linkage: Linkage, threshold: f32) -> Vec<usize> {
        let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        loop {
            let mut best: Option<(f32, usize, usize)> = None;
            for a in 0..clusters.len() {
                for b in a + 1..clusters.len() {
                    let pairs = clusters[a]
                        .iter()
                        .flat_map(|&i| clusters[b].iter().map(move |&j| sim[i * n + j]));
                    let s = match linkage {
                        Linkage::Single => pairs.fold(f32::NEG_INFINITY, f32::max),
                        Linkage::Complete => pairs.fold(f32::INFINITY, f32::min),
                        Linkage::Average => {
                            pairs.sum::<f32>() / (clusters[a].len() * clusters[b].len()) as f32
                        }
                    };
                    if s >= threshold && best.is_none_or(|(bs, _, _)| s > bs) {
                        best = Some((s, a, b));
                    }
                }
            }
            let Some((_, a, b)) = best else { break };
            let moved = clusters.remove(b);
            clusters[a].extend(moved);
        }
        let mut label = vec![0; n];
        for c in &clusters {
            let first = *c.iter().min().unwrap();
            c.iter().for_each(|&i| label[i] = first);
        }
        label
    }

    /// A symmetric matrix of pseudo-random similarities in [0, 1).
    fn random_matrix(n: usize, mut state: u64) -> Vec<f32> {
        let mut sim = vec![0f32; n * n];
        for i in 0..n {
            for j in i + 1..n {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let s = (state >> 40) as f32 / (1u64 << 24) as f32;
                sim[i * n + j] = s;
                sim[j * n + i] = s;
            }
        }
        sim
    }

    #[test]
    fn the_chain_cuts_as_naive_agglomeration_does() {
        for linkage in [Linkage::Single, Linkage::Average, Linkage::Complete] {
            for seed in 1..=20 {
                let n = 3 + seed as usize % 12;
                let sim = random_matrix(n, seed);
                let dendrogram = Dendrogram {
                    slot: (0..n).map(Some).collect(),
                    merges: agglomerate(sim.clone(), n, linkage),
                };
                for threshold in [0.2, 0.5, 0.7, 0.9] {
                    let cut: Vec<usize> = dendrogram
                        .cut(threshold)
                        .into_iter()
                        .map(Option::unwrap)
                        .collect();
                    assert_eq!(
                        cut,
                        naive(&sim, n, linkage, threshold),
                        "{linkage:?}, seed {seed}, threshold {threshold}"
                    );
                }
            }
        }
    }

    #[test]
    fn merges_come_most_similar_first_and_join_everything() {
        let n = 9;
        let merges = agglomerate(random_matrix(n, 3), n, Linkage::Average);
        assert_eq!(merges.len(), n - 1);
        assert!(merges.windows(2).all(|w| w[0].0 >= w[1].0));
        let d = Dendrogram {
            slot: (0..n).map(Some).collect(),
            merges,
        };
        assert!(d.cut(f32::NEG_INFINITY).iter().all(|&l| l == Some(0)));
        assert_eq!(
            d.cut(2.0),
            (0..n).map(Some).collect::<Vec<_>>(),
            "nothing is that alike"
        );
    }
}
