//! Concept coverage in the style of Gillick & Favre (2009): choose the sentences that together
//! cover the most weight of concepts (stem bigrams), each concept counted once, within the budget.
//!
//! The integer program `max Σ w_c·c_j  s.t.  Σ len_i·s_i ≤ B,  c_j ≤ Σ_{i∋j} s_i` is solved by our
//! own branch and bound, not a general LP solver: with `good_lp`/microlp a 300-sentence story took
//! seconds to minutes (DESIGN.md), while this problem has a cheap, valid upper bound (a fractional
//! knapsack over each sentence's marginal gain, valid because coverage is submodular). The search
//! starts from the greedy solution and stops after a fixed number of nodes — a work limit rather
//! than a clock, so the output stays deterministic — returning the best solution found, which is
//! never worse than greedy.

use super::salience::Scorer;
use super::{Budget, SelectionInput, Selector};
use std::sync::Arc;

pub struct ConceptIlp {
    /// Branch-and-bound nodes explored at most per story.
    pub node_limit: usize,
    /// Candidates considered at most (best weight per word first).
    pub max_candidates: usize,
    /// How likely each concept is to be in a summary (`salience`).
    pub salience: Arc<Scorer>,
    /// Concepts less likely than this weigh nothing.
    pub min_probability: f32,
    /// Weight of a sentence's own salience (expected share of summary concepts, times its
    /// words) beside the concepts it covers.
    pub sentence_weight: f32,
}

impl Default for ConceptIlp {
    /// The shipped salience model; the other settings chosen on the Multi-News validation split
    /// (docs/summary.md).
    fn default() -> Self {
        ConceptIlp::with_salience(super::salience::shipped())
    }
}

impl ConceptIlp {
    /// The default settings with another salience model (one that need not fit the shipped
    /// model's features: `chorus eval --salience` tries models of other layouts).
    pub fn with_salience(salience: Arc<Scorer>) -> Self {
        ConceptIlp {
            node_limit: 500,
            max_candidates: 60,
            salience,
            min_probability: 0.1,
            sentence_weight: 1.0,
        }
    }
}

impl Selector for ConceptIlp {
    fn name(&self) -> &'static str {
        "ilp"
    }

    fn select(&self, input: &SelectionInput, budget: Budget) -> Vec<usize> {
        let (mut weights, sentence_p) = self.weights(input);
        // A sentence's own value (its salience times its words) enters the program as a
        // concept only it holds.
        let weights_len_base = weights.len();
        let own_concept = |ci: usize| weights_len_base + ci;
        weights.extend(input.candidates.iter().map(|c| {
            (self.sentence_weight * sentence_p[c.rep] * c.words() as f32 * 1000.0).round()
        }));
        // Candidate concept sets, over weighted concepts only.
        let mut items: Vec<Item> = Vec::new();
        for ci in 0..input.candidates.len() {
            if !input.usable(ci) {
                continue;
            }
            // A sentence comes with what it needs (its predecessor, the rest of its quotation):
            // one item covering them all.
            let with = input.with_needs(ci, &[]);
            let mut concepts: Vec<u32> = with
                .iter()
                .flat_map(|&x| input.candidates[x].feat.bigrams.iter().copied())
                .chain(with.iter().map(|&x| own_concept(x) as u32))
                .filter(|&b| weights[b as usize] > 0.0)
                .collect();
            concepts.sort_unstable();
            concepts.dedup();
            if concepts.is_empty() {
                continue;
            }
            let cost = match budget {
                Budget::Words(_) => with.iter().map(|&x| input.candidates[x].words()).sum(),
                Budget::Sentences(_) => with.len(),
            };
            let value: f32 = concepts.iter().map(|&b| weights[b as usize]).sum();
            items.push(Item {
                cand: ci,
                cost,
                concepts,
                value,
            });
        }
        let cap = match budget {
            Budget::Words(n) | Budget::Sentences(n) => n,
        };
        items.retain(|it| it.cost <= cap && it.cost > 0);
        items.sort_by(|a, b| {
            (b.value / b.cost as f32)
                .total_cmp(&(a.value / a.cost as f32))
                .then(a.cand.cmp(&b.cand))
        });
        // The opener (the most central lead sentence) is in every summary, first.
        let opener = input
            .opener(budget)
            .and_then(|o| items.iter().position(|it| it.cand == o));
        if let Some(at) = opener {
            let it = items.remove(at);
            items.insert(0, it);
        }
        items.truncate(self.max_candidates);
        if items.is_empty() {
            // No concept is shared (unrelated articles, or a very short story): rank by centrality.
            return super::Centroid.select(input, budget);
        }
        // Dense concept ids for the solver.
        let mut dense: Vec<usize> = vec![usize::MAX; weights.len()];
        let mut w: Vec<f32> = Vec::new();
        let problem: Vec<(usize, Vec<usize>)> = items
            .iter()
            .map(|it| {
                let cs = it
                    .concepts
                    .iter()
                    .map(|&b| {
                        let d = &mut dense[b as usize];
                        if *d == usize::MAX {
                            w.push(weights[b as usize]);
                            *d = w.len() - 1;
                        }
                        *d
                    })
                    .collect();
                (it.cost, cs)
            })
            .collect();
        // The solution, best value per word first, through the same repetition test as every
        // other method: two sentences can cover different bigrams and still say one thing.
        let sources: Vec<usize> = items.iter().map(|it| input.source_of(it.cand)).collect();
        let group_cap = input.source_cap(budget).map(|cap| GroupCap {
            group_of: &sources,
            cap,
        });
        let solved = solve(
            &problem,
            &w,
            cap,
            group_cap,
            opener.is_some(),
            self.node_limit,
        );
        let mut rank = vec![f32::NEG_INFINITY; input.candidates.len()];
        for &i in &solved {
            rank[items[i].cand] = items[i].value / items[i].cost as f32;
        }
        if opener.is_some() {
            rank[items[0].cand] = f32::INFINITY;
        }
        let filled = super::fill_greedy(input, Vec::new(), &rank, budget);
        let in_solution = |c: usize| rank[c] > f32::NEG_INFINITY;
        // Keep what the solver chose, and what its sentences came with.
        let chosen: Vec<usize> = filled
            .iter()
            .copied()
            .filter(|&c| {
                in_solution(c)
                    || filled
                        .iter()
                        .any(|&x| in_solution(x) && input.candidates[x].needs.contains(&c))
            })
            .collect();
        // Concepts run out before the budget does on short or loosely related stories: fill what
        // is left with the most salient sentences that fit and repeat nothing chosen. (On the
        // validation split this equals the centrality-plus-earliness fill it replaced.)
        let scores: Vec<f32> = input.candidates.iter().map(|c| sentence_p[c.rep]).collect();
        super::fill_greedy(input, chosen, &scores, budget)
    }
}

struct Item {
    cand: usize,
    cost: usize,
    concepts: Vec<u32>,
    value: f32,
}

impl ConceptIlp {
    /// Concept weights, in thousandths (whole numbers keep the solver's running sums exact):
    /// the salience model's probability that a concept is in a summary, indexed by bigram id;
    /// and each sentence's salience.
    fn weights(&self, input: &SelectionInput) -> (Vec<f32>, Vec<f32>) {
        let (concept_p, sentence_p) = super::salience::story_salience(
            &self.salience,
            input.sentences,
            input.features,
            input.candidates.iter().map(|c| c.group),
        );
        let concepts = concept_p
            .iter()
            .map(|&p| {
                if p < self.min_probability {
                    0.0
                } else {
                    (p * 1000.0).round()
                }
            })
            .collect();
        (concepts, sentence_p)
    }
}

/// A limit on groups of items: per item its group, and the most one group's items may cost
/// together (the sources of a summary, and the share of the budget one source may fill).
#[derive(Clone, Copy)]
pub struct GroupCap<'a> {
    pub group_of: &'a [usize],
    pub cap: usize,
}

/// What each group has used, against an optional `GroupCap`.
#[derive(Clone)]
struct GroupUse<'a> {
    limit: Option<GroupCap<'a>>,
    used: Vec<usize>,
}

impl<'a> GroupUse<'a> {
    fn new(limit: Option<GroupCap<'a>>) -> Self {
        let groups = limit.map_or(0, |l| l.group_of.iter().max().map_or(0, |m| m + 1));
        GroupUse {
            limit,
            used: vec![0; groups],
        }
    }

    fn allows(&self, item: usize, cost: usize) -> bool {
        self.limit
            .is_none_or(|l| self.used[l.group_of[item]] + cost <= l.cap)
    }

    fn add(&mut self, item: usize, cost: usize) {
        if let Some(l) = self.limit {
            self.used[l.group_of[item]] += cost;
        }
    }

    fn remove(&mut self, item: usize, cost: usize) {
        if let Some(l) = self.limit {
            self.used[l.group_of[item]] -= cost;
        }
    }
}

/// Budgeted maximum coverage: items are (cost, concept ids); returns chosen item indices.
/// `first_fixed`: item 0 is in every solution.
pub fn solve(
    items: &[(usize, Vec<usize>)],
    weights: &[f32],
    cap: usize,
    group_cap: Option<GroupCap>,
    first_fixed: bool,
    node_limit: usize,
) -> Vec<usize> {
    let first_fixed = first_fixed && items.first().is_some_and(|it| it.0 <= cap);
    let mut covered = vec![0u16; weights.len()];
    let greedy = greedy(
        items,
        weights,
        cap,
        GroupUse::new(group_cap),
        first_fixed,
        &mut covered,
    );
    let greedy_value = coverage(items, weights, &greedy);
    covered.iter_mut().for_each(|c| *c = 0);
    let mut holders = vec![Vec::new(); weights.len()];
    for (i, it) in items.iter().enumerate() {
        for &c in &it.1 {
            holders[c].push(i);
        }
    }
    let mut search = Search {
        items,
        weights,
        cap,
        gains: items.iter().map(|it| gain(it, weights, &covered)).collect(),
        holders,
        covered,
        best: greedy.clone(),
        best_value: greedy_value,
        groups: GroupUse::new(group_cap),
        nodes: 0,
        node_limit,
        current: Vec::new(),
    };
    if first_fixed {
        let (cost, value) = (items[0].0, search.gains[0]);
        search.take(0);
        search.groups.add(0, cost);
        search.current.push(0);
        search.branch(1, cost, value);
    } else {
        search.branch(0, 0, 0.0);
    }
    let mut best = search.best;
    best.sort_unstable();
    best
}

fn coverage(items: &[(usize, Vec<usize>)], weights: &[f32], chosen: &[usize]) -> f32 {
    let mut seen = vec![false; weights.len()];
    let mut v = 0.0;
    for &i in chosen {
        for &c in &items[i].1 {
            if !seen[c] {
                seen[c] = true;
                v += weights[c];
            }
        }
    }
    v
}

fn gain(item: &(usize, Vec<usize>), weights: &[f32], covered: &[u16]) -> f32 {
    item.1
        .iter()
        .filter(|&&c| covered[c] == 0)
        .map(|&c| weights[c])
        .sum()
}

/// Cost-scaled greedy: add the item with the best marginal gain per unit of cost while one fits.
fn greedy(
    items: &[(usize, Vec<usize>)],
    weights: &[f32],
    cap: usize,
    mut groups: GroupUse,
    first_fixed: bool,
    covered: &mut [u16],
) -> Vec<usize> {
    let mut chosen = Vec::new();
    let mut used = 0;
    if first_fixed {
        chosen.push(0);
        used = items[0].0;
        groups.add(0, used);
        for &c in &items[0].1 {
            covered[c] += 1;
        }
    }
    loop {
        let mut best: Option<(f32, usize)> = None;
        for (i, it) in items.iter().enumerate() {
            if chosen.contains(&i) || used + it.0 > cap || !groups.allows(i, it.0) {
                continue;
            }
            let g = gain(it, weights, covered) / it.0 as f32;
            if g > 0.0 && best.is_none_or(|(b, _)| g > b) {
                best = Some((g, i));
            }
        }
        let Some((_, i)) = best else { break };
        used += items[i].0;
        groups.add(i, items[i].0);
        for &c in &items[i].1 {
            covered[c] += 1;
        }
        chosen.push(i);
    }
    chosen
}

struct Search<'a> {
    items: &'a [(usize, Vec<usize>)],
    weights: &'a [f32],
    cap: usize,
    covered: Vec<u16>,
    /// Each item's marginal gain given `covered`, kept up to date as items are taken and put
    /// back: bounding every node from scratch was most of the selector's time. (Concept weights
    /// are whole numbers, so the running sums are exact and equal fresh ones.)
    gains: Vec<f32>,
    /// The items holding each concept.
    holders: Vec<Vec<usize>>,
    best: Vec<usize>,
    best_value: f32,
    groups: GroupUse<'a>,
    nodes: usize,
    node_limit: usize,
    current: Vec<usize>,
}

impl Search<'_> {
    fn branch(&mut self, k: usize, used: usize, value: f32) {
        self.nodes += 1;
        if value > self.best_value + 1e-6 {
            self.best_value = value;
            self.best = self.current.clone();
        }
        if k >= self.items.len() || self.nodes >= self.node_limit {
            return;
        }
        if self.upper_bound(k, used, value) <= self.best_value + 1e-6 {
            return;
        }
        let cost = self.items[k].0;
        if used + cost <= self.cap && self.groups.allows(k, cost) {
            let g = self.gains[k];
            if g > 0.0 {
                self.take(k);
                self.groups.add(k, cost);
                self.current.push(k);
                self.branch(k + 1, used + cost, value + g);
                self.current.pop();
                self.groups.remove(k, cost);
                self.put_back(k);
            }
        }
        self.branch(k + 1, used, value);
    }

    fn take(&mut self, k: usize) {
        for &c in &self.items[k].1 {
            self.covered[c] += 1;
            if self.covered[c] == 1 {
                for &i in &self.holders[c] {
                    self.gains[i] -= self.weights[c];
                }
            }
        }
    }

    fn put_back(&mut self, k: usize) {
        for &c in &self.items[k].1 {
            self.covered[c] -= 1;
            if self.covered[c] == 0 {
                for &i in &self.holders[c] {
                    self.gains[i] += self.weights[c];
                }
            }
        }
    }

    /// Value plus what the remaining items could add at most: neither more than the sum of
    /// their marginal gains nor more than the room left times the best gain per word (both valid
    /// because coverage is submodular; cheaper than a sorted fractional knapsack, which measured
    /// no better within the node limit).
    fn upper_bound(&self, k: usize, used: usize, value: f32) -> f32 {
        let room = self.cap - used;
        let (mut sum, mut best_ratio) = (0.0f32, 0.0f32);
        for (it, &g) in self.items[k..].iter().zip(&self.gains[k..]) {
            if it.0 > room {
                continue;
            }
            sum += g;
            best_ratio = best_ratio.max(g / it.0 as f32);
        }
        value + sum.min(best_ratio * room as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::{solve, GroupCap};

    #[test]
    fn branch_and_bound_beats_greedy_when_greedy_is_myopic() {
        // Greedy takes item 0 (best ratio) and then nothing else fits; items 1 + 2 are better.
        let items = vec![(6, vec![0, 1, 2]), (5, vec![0, 3]), (5, vec![1, 4])];
        let w = vec![2.0, 2.0, 2.0, 2.5, 2.5];
        assert_eq!(solve(&items, &w, 10, None, false, 1000), vec![1, 2]);
        // With no search at all the greedy answer stands.
        assert_eq!(solve(&items, &w, 10, None, false, 0), vec![0]);
    }

    #[test]
    fn a_fixed_first_item_is_always_chosen() {
        let items = vec![(6, vec![0, 1, 2]), (5, vec![0, 3]), (5, vec![1, 4])];
        let w = vec![2.0, 2.0, 2.0, 2.5, 2.5];
        // Without it, 1 + 2 is best (see above); with it, item 0 and nothing else fits.
        assert_eq!(solve(&items, &w, 10, None, true, 1000), vec![0]);
        assert_eq!(solve(&items, &w, 11, None, true, 1000), vec![0, 1]);
    }

    #[test]
    fn no_group_goes_over_its_cap() {
        // Items 1 and 2 are the best pair, but both come from group 0, which may spend 6.
        let items = vec![(6, vec![0, 1, 2]), (5, vec![0, 3]), (5, vec![1, 4])];
        let w = vec![2.0, 2.0, 2.0, 2.5, 2.5];
        let group_of = [1, 0, 0];
        let cap = Some(GroupCap {
            group_of: &group_of,
            cap: 6,
        });
        let chosen = solve(&items, &w, 11, cap, false, 1000);
        assert_eq!(chosen.iter().filter(|&&i| group_of[i] == 0).count(), 1);
        assert_eq!(chosen.len(), 2, "{chosen:?}");
    }

    #[test]
    fn never_exceeds_capacity() {
        let items: Vec<(usize, Vec<usize>)> = (0..30)
            .map(|i| (3 + i % 7, vec![i % 11, (i * 7) % 13]))
            .collect();
        let w: Vec<f32> = (0..13).map(|i| 1.0 + i as f32).collect();
        let chosen = solve(&items, &w, 20, None, false, 5000);
        assert!(chosen.iter().map(|&i| items[i].0).sum::<usize>() <= 20);
    }
}
