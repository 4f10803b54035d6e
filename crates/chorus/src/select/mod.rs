//! Selection: which candidates (groups) form the summary under a budget. Every method sits behind
//! the `Selector` trait and is chosen by name; a new method is one new file plus one line in
//! `selector_by_name`.

mod centroid;
mod graph;
mod ilp;
mod lead;
mod mmr;
mod needs;
pub mod salience;

pub use centroid::Centroid;
pub use graph::{LexRank, TextRank};
pub use ilp::ConceptIlp;
pub use lead::Lead;
pub use mmr::Mmr;

use crate::features::{Sentence, SentenceFeatures, StoryFeatures};
use crate::group::Group;
use crate::represent::SparseVec;
use serde::Serialize;

/// How long a summary may be. Never exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Budget {
    Words(usize),
    Sentences(usize),
}

impl Budget {
    /// Whether a candidate of `words` words fits after `used_words` words in `used_sentences`.
    pub fn fits(&self, used_words: usize, used_sentences: usize, words: usize) -> bool {
        match *self {
            Budget::Words(n) => used_words + words <= n,
            Budget::Sentences(n) => used_sentences < n,
        }
    }
}

/// One summary candidate: a group, shown by its representative sentence.
pub struct Candidate<'a> {
    pub group: &'a Group,
    pub feat: &'a SentenceFeatures,
    /// Index of the representative in the story's sentences.
    pub rep: usize,
    /// The candidates that must come with this one for it to read right, in reading order: the
    /// sentence before one that opens with a dangling word ("He said…", "But…"), the rest of a
    /// quotation that runs over several sentences (`needs`).
    pub needs: Vec<usize>,
}

impl Candidate<'_> {
    pub fn words(&self) -> usize {
        self.feat.words
    }
}

/// What a selector sees.
pub struct SelectionInput<'a> {
    pub candidates: Vec<Candidate<'a>>,
    pub sentences: &'a [Sentence],
    pub features: &'a StoryFeatures,
    /// Per candidate, the embedding of its representative, when an embedder was given (only
    /// for the usable candidates `embed_candidates` covers).
    pub embeddings: Vec<Option<Vec<f32>>>,
}

impl<'a> SelectionInput<'a> {
    pub fn new(
        groups: &'a [Group],
        sentences: &'a [Sentence],
        features: &'a StoryFeatures,
    ) -> Self {
        let candidates = groups
            .iter()
            .zip(needs::needs(groups, sentences, features))
            .map(|(g, needs)| Candidate {
                group: g,
                feat: &features.sentences[g.rep],
                rep: g.rep,
                needs,
            })
            .collect();
        SelectionInput {
            candidates,
            sentences,
            features,
            embeddings: Vec::new(),
        }
    }

    /// Embeds the representatives of at most `max` usable candidates (the earliest, as
    /// `shortlist` picks them), in one batch.
    pub fn embed_candidates(&mut self, embedder: &dyn crate::embed::SentenceEmbedder, max: usize) {
        let ids = self.shortlist(max);
        let texts: Vec<&str> = ids
            .iter()
            .map(|&i| self.sentences[self.candidates[i].rep].text.as_str())
            .collect();
        let vectors = embedder.embed(&texts);
        self.embeddings = vec![None; self.candidates.len()];
        for (i, v) in ids.into_iter().zip(vectors) {
            self.embeddings[i] = Some(v);
        }
    }

    /// Whether two candidates say the same thing in other words (both embedded, cosine above
    /// `PARAPHRASE`).
    pub fn paraphrases(&self, a: usize, b: usize) -> bool {
        match (self.embeddings.get(a), self.embeddings.get(b)) {
            (Some(Some(x)), Some(Some(y))) => crate::embed::cosine(x, y) > PARAPHRASE,
            _ => false,
        }
    }

    /// A candidate that can open a summary on its own: eligible, no dangling opening.
    pub fn standalone(&self, i: usize) -> bool {
        let f = self.candidates[i].feat;
        f.eligible && !f.dangling && f.words > 0
    }

    /// A candidate a summary may use: standalone, or with what it needs (see `with_needs`): a
    /// dangling sentence with its predecessor, a part of a quotation with the rest of it.
    pub fn usable(&self, i: usize) -> bool {
        let c = &self.candidates[i];
        self.standalone(i) || ((c.feat.eligible || c.feat.quote_part) && !c.needs.is_empty())
    }

    /// What choosing candidate `i` adds to `chosen`: itself and what it needs that is not
    /// chosen yet, in reading order.
    pub fn with_needs(&self, i: usize, chosen: &[usize]) -> Vec<usize> {
        let mut v: Vec<usize> = self.candidates[i]
            .needs
            .iter()
            .copied()
            .filter(|p| !chosen.contains(p))
            .chain(std::iter::once(i))
            .collect();
        v.sort_by_key(|&c| self.candidates[c].rep);
        v
    }

    /// At most `max` usable candidates for methods whose cost grows fast with their number: all
    /// of them when few enough, else the earliest in their sources (news puts what matters first).
    pub fn shortlist(&self, max: usize) -> Vec<usize> {
        let mut ids: Vec<usize> = (0..self.candidates.len())
            .filter(|&i| self.usable(i))
            .collect();
        if ids.len() > max {
            ids.sort_by(|&a, &b| {
                self.candidates[a]
                    .feat
                    .position
                    .total_cmp(&self.candidates[b].feat.position)
                    .then(a.cmp(&b))
            });
            ids.truncate(max);
            ids.sort_unstable();
        }
        ids
    }

    /// How central each candidate is: TF-IDF cosine to the story centroid, plus, when the
    /// candidates were embedded, embedding cosine to their mean (candidates not embedded get
    /// the mean of that term, so they are neither helped nor hurt).
    pub fn centrality(&self) -> Vec<f32> {
        let centroid = self.centroid().dense();
        let mut scores: Vec<f32> = self
            .candidates
            .iter()
            .map(|c| c.feat.tfidf.dot_dense(&centroid))
            .collect();
        let embedded: Vec<&Vec<f32>> = self.embeddings.iter().flatten().collect();
        if let Some(first) = embedded.first() {
            let mut mean = vec![0f32; first.len()];
            for v in &embedded {
                for (m, x) in mean.iter_mut().zip(v.iter()) {
                    *m += x;
                }
            }
            let sims: Vec<Option<f32>> = self
                .embeddings
                .iter()
                .map(|e| e.as_ref().map(|v| crate::embed::cosine(v, &mean)))
                .collect();
            let known: Vec<f32> = sims.iter().flatten().copied().collect();
            let avg = known.iter().sum::<f32>() / known.len() as f32;
            for (s, e) in scores.iter_mut().zip(sims) {
                *s += EMBEDDING_CENTRALITY * e.unwrap_or(avg);
            }
        }
        scores
    }

    /// Whether a candidate opens a source: a member is the first sentence of its source.
    pub fn opens_a_source(&self, i: usize) -> bool {
        self.candidates[i]
            .group
            .members
            .iter()
            .any(|&m| self.sentences[m].index == 0)
    }

    /// The most central of `among` that opens a source and stands alone: the story's main
    /// event as the outlets lead with it.
    pub fn most_central_lead(&self, among: impl Iterator<Item = usize>) -> Option<usize> {
        let central = self.centrality();
        among
            .filter(|&i| self.standalone(i) && self.opens_a_source(i))
            .max_by(|&a, &b| central[a].total_cmp(&central[b]).then(b.cmp(&a)))
    }

    /// The candidate a summary under `budget` opens with: the most central lead that fits in
    /// one source's share of it.
    pub fn opener(&self, budget: Budget) -> Option<usize> {
        let room = self.source_cap(budget).unwrap_or(match budget {
            Budget::Words(n) | Budget::Sentences(n) => n,
        });
        self.most_central_lead((0..self.candidates.len()).filter(|&i| self.cost(i, budget) <= room))
    }

    /// The source of a candidate's representative.
    pub fn source_of(&self, i: usize) -> usize {
        self.sentences[self.candidates[i].rep].source
    }

    /// What a candidate costs of `budget`: its words, or one sentence.
    pub fn cost(&self, i: usize, budget: Budget) -> usize {
        match budget {
            Budget::Words(_) => self.candidates[i].words(),
            Budget::Sentences(_) => 1,
        }
    }

    /// The most of `budget` one source may fill when at least two sources have usable
    /// candidates (`MAX_SOURCE_SHARE`, at least one sentence's worth).
    pub fn source_cap(&self, budget: Budget) -> Option<usize> {
        let mut first = None;
        let several = (0..self.candidates.len())
            .filter(|&i| self.usable(i))
            .any(|i| *first.get_or_insert(self.source_of(i)) != self.source_of(i));
        let n = match budget {
            Budget::Words(n) | Budget::Sentences(n) => n,
        };
        several.then(|| ((n as f32 * MAX_SOURCE_SHARE).ceil() as usize).max(1))
    }

    /// The story centroid (see `StoryFeatures::centroid`).
    pub fn centroid(&self) -> SparseVec {
        self.features.centroid()
    }
}

/// A summarisation method.
pub trait Selector: Send + Sync {
    fn name(&self) -> &'static str;
    /// Candidate indices to include, in the order chosen. Must respect `budget` and use only
    /// candidates for which `input.usable` holds.
    fn select(&self, input: &SelectionInput, budget: Budget) -> Vec<usize>;
}

/// The methods, by the names the CLI and API accept.
pub const METHODS: &[&str] = &["ilp", "lead", "centroid", "lexrank", "textrank", "mmr"];

/// The method used when none is named (chosen by measured ROUGE on Multi-News; see docs/benchmarks.md).
pub const DEFAULT_METHOD: &str = "ilp";

pub fn selector_by_name(name: &str) -> Option<Box<dyn Selector>> {
    Some(match name {
        "lead" => Box::new(Lead),
        "centroid" => Box::new(Centroid),
        "lexrank" => Box::new(LexRank::default()),
        "textrank" => Box::new(TextRank::default()),
        "mmr" => Box::new(Mmr::default()),
        "ilp" => Box::new(ConceptIlp::default()),
        _ => return None,
    })
}

/// Share of the budget one source may fill while other sources have something to say (a brief
/// tells the story as several outlets report it).
pub const MAX_SOURCE_SHARE: f32 = 0.5;

/// Cosine above which a candidate repeats one already chosen.
pub const REDUNDANT: f32 = 0.5;

/// Embedding cosine above which a candidate repeats one already chosen in other words.
pub const PARAPHRASE: f32 = 0.8;

/// Weight of embedding centrality beside TF-IDF centrality (see `centrality`).
pub const EMBEDDING_CENTRALITY: f32 = 1.0;

/// Candidates embedded per story when an embedder is given (bounds the model's work per story).
pub const MAX_EMBEDDED: usize = 120;

/// Share of a sentence's content words that must be new to the summary so far: a paraphrase
/// shares few TF-IDF terms with what it repeats, but brings few words of its own.
pub const MIN_NEW_CONTENT: f32 = 0.5;

/// Whether candidates `adds` bring enough content words beyond `have`, the stems of what is
/// chosen already (something is).
fn says_something_new(
    input: &SelectionInput,
    adds: &[usize],
    have: &rustc_hash::FxHashSet<u32>,
) -> bool {
    let mut new_stems: Vec<u32> = adds
        .iter()
        .flat_map(|&a| input.candidates[a].feat.stems.iter().copied())
        .collect();
    new_stems.sort_unstable();
    new_stems.dedup();
    if new_stems.is_empty() {
        return false;
    }
    let fresh = new_stems.iter().filter(|s| !have.contains(s)).count();
    fresh as f32 >= MIN_NEW_CONTENT * new_stems.len() as f32
}

/// Greedy fill shared by the score-based methods: best score first, skipping what is unusable,
/// redundant with a chosen candidate, or too long for what is left of the budget.
pub fn greedy_by_score(input: &SelectionInput, scores: &[f32], budget: Budget) -> Vec<usize> {
    fill_greedy(input, Vec::new(), scores, budget)
}

/// Adds to `chosen`, best score first, every usable candidate that fits and repeats nothing.
/// No source fills more than its share of the budget (`source_cap`) while another source has
/// something that fits; then what is left of the budget is open to all.
pub fn fill_greedy(
    input: &SelectionInput,
    mut chosen: Vec<usize>,
    scores: &[f32],
    budget: Budget,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..input.candidates.len())
        .filter(|&i| input.usable(i))
        .collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let caps = match input.source_cap(budget) {
        Some(cap) => vec![Some(cap), None],
        None => vec![None],
    };
    for cap in caps {
        chosen = fill_pass(input, chosen, &order, budget, cap);
    }
    chosen
}

/// One pass of `fill_greedy` over `order`, with at most `cap` of the budget from one source.
fn fill_pass(
    input: &SelectionInput,
    mut chosen: Vec<usize>,
    order: &[usize],
    budget: Budget,
    cap: Option<usize>,
) -> Vec<usize> {
    let mut words: usize = chosen.iter().map(|&i| input.candidates[i].words()).sum();
    let mut per_source: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
    for &i in &chosen {
        *per_source.entry(input.source_of(i)).or_default() += input.cost(i, budget);
    }
    let stems_of = |c: &[usize]| -> Vec<u32> {
        c.iter()
            .flat_map(|&j| input.candidates[j].feat.stems.iter().copied())
            .collect()
    };
    // The chosen candidates' stems, kept as `chosen` grows.
    let mut have: rustc_hash::FxHashSet<u32> = stems_of(&chosen).into_iter().collect();
    for &i in order {
        if chosen.contains(&i) {
            continue;
        }
        let adds = input.with_needs(i, &chosen);
        let add_words: usize = adds.iter().map(|&a| input.candidates[a].words()).sum();
        let fits = match budget {
            Budget::Words(n) => words + add_words <= n,
            Budget::Sentences(n) => chosen.len() + adds.len() <= n,
        };
        let source = input.source_of(i);
        let add_cost: usize = adds.iter().map(|&a| input.cost(a, budget)).sum();
        let within_cap =
            cap.is_none_or(|cap| per_source.get(&source).copied().unwrap_or(0) + add_cost <= cap);
        if !fits || !within_cap {
            continue;
        }
        let repeats = adds.iter().any(|&a| {
            chosen.iter().any(|&j| {
                input.candidates[a]
                    .feat
                    .tfidf
                    .dot(&input.candidates[j].feat.tfidf)
                    > REDUNDANT
                    || input.paraphrases(a, j)
            })
        }) || !(chosen.is_empty() || says_something_new(input, &adds, &have));
        if repeats {
            continue;
        }
        words += add_words;
        *per_source.entry(source).or_default() += add_cost;
        have.extend(stems_of(&adds));
        chosen.extend(adds);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One long source about a bridge and two short ones, as a selection input.
    fn bridge_story() -> (crate::Story, crate::brief::Analysis) {
        crate::brief::analysed_texts(&[
            "The Tolly Ford bridge reopened on Monday after two years of repairs. \
             Engineers replaced every cable of the old span during the closure. \
             The county paid for the work from its roads budget this year. \
             Drivers had used a ferry across the river while the bridge was shut. \
             The ferry will stop running at the end of the month, officials said. \
             A local bakery sold bridge-shaped biscuits to mark the reopening day.",
            "Traffic crossed the Tolly Ford bridge again on Monday after repairs. \
             Some drivers honked their horns as they reached the far bank.",
            "The Tolly Ford bridge is open again after two years of repairs. \
             Cyclists say the new lanes on the bridge are wider than before.",
        ])
    }

    #[test]
    fn no_source_fills_more_than_half_while_others_have_something_to_say() {
        let (_, a) = bridge_story();
        let input = SelectionInput::new(&a.groups, &a.sentences, &a.features);
        assert_eq!(input.source_cap(Budget::Words(40)), Some(20));
        for method in METHODS {
            let chosen = selector_by_name(method)
                .unwrap()
                .select(&input, Budget::Words(40));
            let from_first: usize = chosen
                .iter()
                .filter(|&&c| input.source_of(c) == 1)
                .map(|&c| input.candidates[c].words())
                .sum();
            assert!(from_first <= 20, "{method}: {from_first} words of 40");
        }
    }

    #[test]
    fn the_opener_is_the_most_central_first_sentence_and_comes_first() {
        let (_, a) = bridge_story();
        let input = SelectionInput::new(&a.groups, &a.sentences, &a.features);
        let opener = input.opener(Budget::Words(60)).unwrap();
        let rep = &a.sentences[input.candidates[opener].rep];
        assert!(rep.text.contains("Tolly Ford bridge"), "{}", rep.text);
        assert!(input.candidates[opener]
            .group
            .members
            .iter()
            .any(|&m| a.sentences[m].index == 0));
        let chosen = selector_by_name("ilp")
            .unwrap()
            .select(&input, Budget::Words(60));
        assert!(chosen.contains(&opener));
        assert_eq!(crate::order::order(&input, &chosen)[0], opener);
    }
}
