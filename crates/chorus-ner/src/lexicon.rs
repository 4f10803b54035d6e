//! What the tagger knows about words beyond the sentence: word clusters learned from unlabelled
//! news (a word's cluster is a bit string; its prefixes are coarser clusters) and a gazetteer of
//! the names in the training data with their kinds. Both are stored in the model file.

use crate::features::Word;
use crate::labels::Kind;
use rustc_hash::{FxHashMap, FxHashSet};

/// Longest name the gazetteer matches, in tokens.
pub const GAZETTEER_MAX_TOKENS: usize = 6;

#[derive(Default, Clone)]
pub struct Lexicon {
    /// Lower-cased word → cluster path ("0110…").
    pub clusters: FxHashMap<String, String>,
    /// Lower-cased name, tokens joined by one space → bit set of kinds (bit = index in Kind::ALL).
    pub gazetteer: FxHashMap<String, u8>,
    /// First tokens of gazetteer names, to skip most starts cheaply.
    first_tokens: FxHashSet<String>,
}

impl Lexicon {
    pub fn new(clusters: FxHashMap<String, String>, gazetteer: FxHashMap<String, u8>) -> Lexicon {
        let first_tokens = gazetteer
            .keys()
            .map(|k| k.split(' ').next().unwrap_or_default().to_string())
            .collect();
        Lexicon {
            clusters,
            gazetteer,
            first_tokens,
        }
    }

    pub fn cluster(&self, lower: &str) -> Option<&str> {
        self.clusters.get(lower).map(String::as_str)
    }

    /// For each token, the (kind, position) of every longest gazetteer name covering it;
    /// position: 0 unit, 1 begin, 2 inside, 3 last.
    /// Tokens marked in `skip` (plainly outside any name, see `features::plainly_outside`) start
    /// no match: their features are not computed, and a name rarely starts there.
    pub fn gazetteer_marks(&self, words: &[Word], skip: Option<&[bool]>) -> Vec<Vec<(u8, u8)>> {
        let mut marks = vec![Vec::new(); words.len()];
        if self.gazetteer.is_empty() {
            return marks;
        }
        let mut i = 0;
        while i < words.len() {
            // Lower-case words are looked up too: that "us" or "may" is also a name's lower-cased
            // form is evidence the tagger learns from (CoNLL dev F1 0.5 lower without it).
            if skip.is_some_and(|s| s[i]) || !self.first_tokens.contains(words[i].lower()) {
                i += 1;
                continue;
            }
            let mut key = String::new();
            let mut best = None;
            for n in 1..=GAZETTEER_MAX_TOKENS.min(words.len() - i) {
                if n > 1 {
                    key.push(' ');
                }
                key.push_str(words[i + n - 1].lower());
                if let Some(&kinds) = self.gazetteer.get(&key) {
                    best = Some((n, kinds));
                }
            }
            let Some((n, kinds)) = best else {
                i += 1;
                continue;
            };
            for k in 0..Kind::ALL.len() as u8 {
                if kinds & (1 << k) == 0 {
                    continue;
                }
                for j in 0..n {
                    let part = if n == 1 {
                        0
                    } else if j == 0 {
                        1
                    } else if j + 1 == n {
                        3
                    } else {
                        2
                    };
                    marks[i + j].push((k, part));
                }
            }
            i += n;
        }
        marks
    }
}

/// The gazetteer key of a name's tokens.
pub fn gazetteer_key<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens
        .into_iter()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
