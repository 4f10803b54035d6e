//! Learned concept salience: how likely a bigram concept of a story is to appear in a summary an
//! editor writes of it. A logistic model over binned features of the concept (how many sources
//! use it, how early, in how central a sentence, what its words are), trained on the Multi-News
//! training split by `chorus train-salience` (see docs/summary.md), weights the concepts the ILP
//! covers.
//!
//! Every feature means the same on lower-cased, tokenised, truncated training text and on real
//! full-length articles: stems are lower-cased, positions are counted in sentences from the top of
//! each source (the openings that truncation keeps), never as a share of the article's length.

use crate::features::{Sentence, StoryFeatures};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// One group of features: an example falls in exactly one of its bins.
pub struct Group {
    pub name: &'static str,
    pub bins: usize,
}

/// The feature groups of one kind of example, in the order its features are binned.
pub struct Layout {
    pub name: &'static str,
    pub groups: &'static [Group],
}

impl Layout {
    /// Number of features: every bin of every group.
    pub fn n_features(&self) -> usize {
        self.groups.iter().map(|g| g.bins).sum()
    }

    /// The offset of each group's first bin.
    fn offsets(&self) -> Vec<usize> {
        self.groups
            .iter()
            .scan(0, |at, g| {
                let o = *at;
                *at += g.bins;
                Some(o)
            })
            .collect()
    }

    /// Feature indices from one bin per group (clamped into the group).
    fn indices(&self, bins: &[usize]) -> Vec<u16> {
        debug_assert_eq!(bins.len(), self.groups.len());
        let mut at = 0;
        self.groups
            .iter()
            .zip(bins)
            .map(|(g, &b)| {
                let i = at + b.min(g.bins - 1);
                at += g.bins;
                i as u16
            })
            .collect()
    }
}

/// Features of a bigram concept.
pub const CONCEPT: Layout = Layout {
    name: "concepts",
    groups: &[
        // Sources using the concept (1…5+) crossed with the story's sources (1…6+).
        Group {
            name: "sources_of_story",
            bins: 30,
        },
        // The share of the story's sources using it, in tenths.
        Group {
            name: "source_share",
            bins: 11,
        },
        // Sentences holding it: 1, 2, 3, 4–5, 6–9, 10+.
        Group {
            name: "sentences",
            bins: 6,
        },
        // Its earliest sentence in any source: 0, 1, 2, 3, 4–5, 6–9, 10–19, 20+.
        Group {
            name: "first_sentence",
            bins: 8,
        },
        // Sources whose first sentence holds it: 0, 1, 2, 3+.
        Group {
            name: "opening_sources",
            bins: 4,
        },
        // Sources holding it in their first three sentences: 0…4+.
        Group {
            name: "lead_sources",
            bins: 5,
        },
        // Stop words (0, 1) crossed with bare numbers (0, 1, 2) among its two words.
        Group {
            name: "word_kinds",
            bins: 6,
        },
        // The highest TF-IDF centrality of a sentence holding it, in twentieths up to 0.5+.
        Group {
            name: "centrality",
            bins: 11,
        },
        // Whether a sentence that may stand in a summary holds it.
        Group {
            name: "in_eligible",
            bins: 2,
        },
        // Its first and its second word: a hashed bucket of the stem (some words are what
        // summaries are made of, others never make it: "said", "photo", "click").
        Group {
            name: "first_word",
            bins: WORD_BUCKETS,
        },
        Group {
            name: "second_word",
            bins: WORD_BUCKETS,
        },
    ],
};

/// Buckets of the hashed word features.
const WORD_BUCKETS: usize = 1 << 14;

/// Features of a sentence (a summary candidate).
pub const SENTENCE: Layout = Layout {
    name: "sentences",
    groups: &[
        // Its place in its source: sentence 0…9, 10–14, 15–19, 20+.
        Group {
            name: "index",
            bins: 13,
        },
        // Its source's place in the story (1…5+) crossed with the story's sources (1…6+).
        Group {
            name: "source_of_story",
            bins: 30,
        },
        // Words: up to 7, 12, 17, 22, 30, 40, 60, more.
        Group {
            name: "words",
            bins: 8,
        },
        // TF-IDF centrality in twentieths up to 0.5+.
        Group {
            name: "centrality",
            bins: 11,
        },
        // Mean concept probability of its bigrams, in twentieths up to 0.5+.
        Group {
            name: "concept_probability",
            bins: 11,
        },
        // Share of its bigrams other sources use too, in tenths.
        Group {
            name: "shared",
            bins: 11,
        },
        // Sources saying the same thing (its group's sources): 1…4+.
        Group {
            name: "group_sources",
            bins: 4,
        },
        // Eligible crossed with dangling.
        Group {
            name: "standing",
            bins: 4,
        },
        // Holds a quotation mark; holds a digit.
        Group {
            name: "quote_digit",
            bins: 4,
        },
    ],
};

/// What is counted of each concept while reading the story once.
#[derive(Clone, Copy)]
struct Tally {
    sources: u32,
    last_source: usize,
    sentences: u32,
    first: usize,
    opening: u32,
    lead: u32,
    last_lead_source: usize,
    centrality: f32,
    eligible: bool,
}

fn bin(thresholds: &[usize], x: usize) -> usize {
    thresholds.iter().take_while(|&&t| x >= t).count()
}

/// Each sentence's TF-IDF centrality (cosine to the story centroid).
pub fn centralities(features: &StoryFeatures) -> Vec<f32> {
    let centroid = features.centroid().dense();
    features
        .sentences
        .iter()
        .map(|f| f.tfidf.dot_dense(&centroid))
        .collect()
}

/// The concept features of every bigram of a story, indexed by bigram id, and the number of
/// sources using each.
pub fn concept_features(
    sentences: &[Sentence],
    features: &StoryFeatures,
    central: &[f32],
) -> (Vec<Vec<u16>>, Vec<u32>) {
    let mut tally = vec![
        Tally {
            sources: 0,
            last_source: usize::MAX,
            sentences: 0,
            first: usize::MAX,
            opening: 0,
            lead: 0,
            last_lead_source: usize::MAX,
            centrality: 0.0,
            eligible: false,
        };
        features.n_bigrams
    ];
    for ((s, f), &c) in sentences.iter().zip(&features.sentences).zip(central) {
        for &b in &f.bigrams {
            let t = &mut tally[b as usize];
            if t.last_source != s.source {
                t.last_source = s.source;
                t.sources += 1;
                t.opening += (s.index == 0) as u32;
            }
            if s.index < 3 && t.last_lead_source != s.source {
                t.last_lead_source = s.source;
                t.lead += 1;
            }
            t.sentences += 1;
            t.first = t.first.min(s.index);
            t.centrality = t.centrality.max(c);
            t.eligible |= f.eligible;
        }
    }
    let n_sources = features.n_sources.max(1);
    let feats = tally
        .iter()
        .zip(&features.bigram_words)
        .map(|(t, w)| {
            let sources = t.sources.max(1) as usize;
            CONCEPT.indices(&[
                (sources.min(5) - 1) * 6 + n_sources.min(6) - 1,
                10 * sources / n_sources,
                bin(&[2, 3, 4, 6, 10], t.sentences as usize),
                bin(&[1, 2, 3, 4, 6, 10, 20], t.first),
                t.opening as usize,
                t.lead as usize,
                w.stops.min(1) as usize * 3 + w.numbers.min(2) as usize,
                twentieths(t.centrality),
                t.eligible as usize,
                word_bucket(features, w.stems.0),
                word_bucket(features, w.stems.1),
            ])
        })
        .collect();
    (feats, tally.iter().map(|t| t.sources).collect())
}

fn word_bucket(features: &StoryFeatures, stem: u32) -> usize {
    features
        .stem_hashes
        .get(stem as usize)
        .map_or(0, |&h| h as usize % WORD_BUCKETS)
}

fn twentieths(x: f32) -> usize {
    (x.max(0.0) * 20.0) as usize
}

/// The sentence features of every sentence of a story. `probability` is each concept's, and
/// `sources` the number of sources using it; `group_sources`, per sentence, how many sources say
/// the same thing.
pub fn sentence_features(
    sentences: &[Sentence],
    features: &StoryFeatures,
    central: &[f32],
    probability: &[f32],
    sources: &[u32],
    group_sources: &[usize],
) -> Vec<Vec<u16>> {
    // A source's place in the story: sources are numbered from 1 in story order.
    let n_sources = features.n_sources.max(1);
    sentences
        .iter()
        .zip(&features.sentences)
        .enumerate()
        .map(|(i, (s, f))| {
            let n = f.bigrams.len().max(1);
            let mean_p = f
                .bigrams
                .iter()
                .map(|&b| probability[b as usize])
                .sum::<f32>()
                / n as f32;
            let shared = f
                .bigrams
                .iter()
                .filter(|&&b| sources[b as usize] > 1)
                .count();
            let quote = s.text.contains(['"', '“', '”', '\'']) as usize;
            let digit = s.text.bytes().any(|b| b.is_ascii_digit()) as usize;
            SENTENCE.indices(&[
                bin(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20], s.index),
                (s.source.clamp(1, 5) - 1) * 6 + n_sources.min(6) - 1,
                bin(&[8, 13, 18, 23, 31, 41, 61], f.words),
                twentieths(central[i]),
                twentieths(mean_p),
                10 * shared / n,
                group_sources[i].clamp(1, 4) - 1,
                f.eligible as usize * 2 + f.dangling as usize,
                quote * 2 + digit,
            ])
        })
        .collect()
}

/// Salience of one story: each concept's probability of being in a summary, and each
/// sentence's expected share of concepts in it. `groups` say which sentences say the same thing.
pub fn story_salience<'g>(
    scorer: &Scorer,
    sentences: &[Sentence],
    features: &StoryFeatures,
    groups: impl IntoIterator<Item = &'g crate::group::Group>,
) -> (Vec<f32>, Vec<f32>) {
    let central = centralities(features);
    let (concepts, sources) = concept_features(sentences, features, &central);
    let concept_p: Vec<f32> = concepts
        .iter()
        .map(|c| scorer.concepts.probability(c))
        .collect();
    let sentence_p = sentence_features(
        sentences,
        features,
        &central,
        &concept_p,
        &sources,
        &group_sources(sentences.len(), groups),
    )
    .iter()
    .map(|x| scorer.sentences.probability(x))
    .collect();
    (concept_p, sentence_p)
}

/// Per sentence, the number of sources of its group (1 for a sentence in none).
pub fn group_sources<'g>(
    n: usize,
    groups: impl IntoIterator<Item = &'g crate::group::Group>,
) -> Vec<usize> {
    let mut out = vec![1; n];
    for g in groups {
        for &m in &g.members {
            out[m] = g.sources.len().max(1);
        }
    }
    out
}

/// A trained linear model of one layout: a bias and one weight per feature bin, by group name.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct LinearModel {
    pub bias: f32,
    /// Per group name, its bins' weights.
    pub weights: Vec<(String, Vec<f32>)>,
}

/// The salience models as shipped: one for concepts, one for sentences.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct SalienceModel {
    /// What it was trained on and how (shown in docs; not used).
    pub trained_on: String,
    pub concepts: LinearModel,
    pub sentences: LinearModel,
}

/// A linear model ready to score: weights laid out by feature index.
#[derive(Debug, Clone)]
pub struct Linear {
    pub bias: f32,
    pub weights: Vec<f32>,
}

impl Linear {
    /// The logistic of the model's score of one example.
    pub fn probability(&self, features: &[u16]) -> f32 {
        let z = self.bias
            + features
                .iter()
                .map(|&i| self.weights[i as usize])
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

impl LinearModel {
    /// Checks the model against a layout and lays its weights out for scoring.
    pub fn linear(&self, layout: &Layout) -> Result<Linear, String> {
        let mut weights = Vec::with_capacity(layout.n_features());
        for g in layout.groups {
            let Some((_, w)) = self.weights.iter().find(|(name, _)| name == g.name) else {
                return Err(format!(
                    "the salience model has no weights for {} {:?}",
                    layout.name, g.name
                ));
            };
            if w.len() != g.bins {
                return Err(format!(
                    "the salience model has {} weights for {} {:?}, the features {}",
                    w.len(),
                    layout.name,
                    g.name,
                    g.bins
                ));
            }
            weights.extend_from_slice(w);
        }
        Ok(Linear {
            bias: self.bias,
            weights,
        })
    }

    /// A model from weights laid out by feature index.
    pub fn from_linear(layout: &Layout, linear: &Linear) -> Self {
        let weights = layout
            .groups
            .iter()
            .zip(layout.offsets())
            .map(|(g, o)| (g.name.to_string(), linear.weights[o..o + g.bins].to_vec()))
            .collect();
        LinearModel {
            bias: linear.bias,
            weights,
        }
    }
}

/// Both models ready to score.
#[derive(Debug)]
pub struct Scorer {
    pub concepts: Linear,
    pub sentences: Linear,
}

impl SalienceModel {
    pub fn scorer(&self) -> Result<Scorer, String> {
        Ok(Scorer {
            concepts: self.concepts.linear(&CONCEPT)?,
            sentences: self.sentences.linear(&SENTENCE)?,
        })
    }
}

/// The model shipped with Chorus (`select/salience.json`, written by `chorus train-salience`).
pub fn shipped() -> Arc<Scorer> {
    static MODEL: OnceLock<Arc<Scorer>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let model: SalienceModel = serde_json::from_str(include_str!("salience.json"))
                .expect("the shipped salience model parses (a test checks it)");
            Arc::new(
                model
                    .scorer()
                    .expect("the shipped salience model fits the features (a test checks it)"),
            )
        })
        .clone()
}

/// Examples of one layout: each example's feature indices, one per group, laid end to end.
pub struct Examples {
    pub stride: usize,
    pub features: Vec<u16>,
    /// Targets in [0, 1]: a label, or a share for a soft target.
    pub targets: Vec<f32>,
}

impl Examples {
    pub fn new(layout: &Layout) -> Self {
        Examples {
            stride: layout.groups.len(),
            features: Vec::new(),
            targets: Vec::new(),
        }
    }

    pub fn push(&mut self, features: &[u16], target: f32) {
        debug_assert_eq!(features.len(), self.stride);
        self.features.extend_from_slice(features);
        self.targets.push(target);
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    pub fn get(&self, i: usize) -> (&[u16], f32) {
        (
            &self.features[i * self.stride..(i + 1) * self.stride],
            self.targets[i],
        )
    }

    /// Mean cross-entropy of a model on these examples.
    pub fn log_loss(&self, model: &Linear) -> f64 {
        let total: f64 = (0..self.len())
            .map(|i| {
                let (x, y) = self.get(i);
                let p = (model.probability(x) as f64).clamp(1e-9, 1.0 - 1e-9);
                -(y as f64 * p.ln() + (1.0 - y as f64) * (1.0 - p).ln())
            })
            .sum();
        total / self.len().max(1) as f64
    }
}

/// Logistic regression by AdaGrad (soft targets allowed), with L2 on the weights.
/// Deterministic: examples are visited in a fixed shuffled order.
pub fn fit(layout: &Layout, examples: &Examples, epochs: usize, l2: f32, rate: f32) -> Linear {
    let n = layout.n_features();
    let (mut bias, mut w) = (0f32, vec![0f32; n]);
    let (mut g_bias, mut g_w) = (1e-8f32, vec![1e-8f32; n]);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut next = crate::xorshift::xorshift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..epochs {
        // Fisher–Yates with a fixed xorshift stream.
        for i in (1..order.len()).rev() {
            order.swap(i, (next() % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let (x, y) = examples.get(e);
            let z = bias + x.iter().map(|&i| w[i as usize]).sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = p - y;
            g_bias += g * g;
            bias -= rate * g / g_bias.sqrt();
            for &i in x {
                let i = i as usize;
                let gi = g + l2 * w[i];
                g_w[i] += gi * gi;
                w[i] -= rate * gi / g_w[i].sqrt();
            }
        }
    }
    Linear { bias, weights: w }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_fits_the_features() {
        let model: SalienceModel = serde_json::from_str(include_str!("salience.json")).unwrap();
        let scorer = model.scorer().unwrap();
        assert_eq!(scorer.concepts.weights.len(), CONCEPT.n_features());
        assert_eq!(scorer.sentences.weights.len(), SENTENCE.n_features());
        assert!(scorer.concepts.weights.iter().all(|w| w.is_finite()));
        assert!(scorer.sentences.weights.iter().all(|w| w.is_finite()));
    }

    #[test]
    fn concepts_of_several_sources_and_openings_score_higher() {
        let texts = [
            "The harbour bridge reopened on Monday after repairs. Gulls nested under the old arch last spring.",
            "Drivers crossed the harbour bridge again on Monday. The tolls stay as they were.",
            "The harbour bridge carried its first lorries on Monday. A café nearby sold out of buns.",
        ];
        let tok = crate::represent::Tokenizer::default();
        let (_, a) = crate::brief::analysed_texts_with(&texts, &tok);
        let central = centralities(&a.features);
        let (feats, _) = concept_features(&a.sentences, &a.features, &central);
        let id_of = |x: &str, y: &str| {
            a.features
                .bigram_words
                .iter()
                .position(|w| tok.stem_text(w.stems.0) == x && tok.stem_text(w.stems.1) == y)
                .unwrap()
        };
        let scorer = shipped();
        let shared = scorer
            .concepts
            .probability(&feats[id_of("harbour", "bridg")]);
        let single = scorer.concepts.probability(&feats[id_of("old", "arch")]);
        assert!(shared > single, "{shared} vs {single}");
    }

    #[test]
    fn fit_learns_a_separable_feature() {
        // Sentence index 0: always in the summary; index 1: never.
        let mut examples = Examples::new(&SENTENCE);
        for i in 0..400 {
            let mut bins = vec![0; SENTENCE.groups.len()];
            bins[0] = i % 2;
            examples.push(&SENTENCE.indices(&bins), (i % 2 == 0) as u8 as f32);
        }
        let model = fit(&SENTENCE, &examples, 5, 0.0, 0.5);
        assert!(model.probability(examples.get(0).0) > 0.8);
        assert!(model.probability(examples.get(1).0) < 0.2);
        assert!(examples.log_loss(&model) < 0.2);
    }

    #[test]
    fn a_model_round_trips_through_its_file_form() {
        let linear = Linear {
            bias: 0.5,
            weights: (0..CONCEPT.n_features())
                .map(|i| i as f32 / 100.0)
                .collect(),
        };
        let back = LinearModel::from_linear(&CONCEPT, &linear)
            .linear(&CONCEPT)
            .unwrap();
        assert_eq!(back.weights, linear.weights);
        assert!(LinearModel::from_linear(&CONCEPT, &linear)
            .linear(&SENTENCE)
            .is_err());
    }
}
