//! The tagger as run: both passes' weights in one table, so each feature is hashed once and
//! looked up once for both (a row holds the first pass's 17 weights, then the second's),
//! weights kept as the model file's 16-bit integers (half the memory, the same scores).

use crate::features::{
    context_features, history_features, neighbour, neighbour_features, own_features,
    plainly_outside, sentence_clusters, DocStats, History, SentenceContext, Word,
};
use crate::labels::{spans, Span, LABELS};
use crate::lexicon::Lexicon;
use crate::model::{read_stored, viterbi_with, Model, ModelError};
use rustc_hash::FxHashMap;

/// The scores of a token that is plainly outside any name: O, far above the rest.
const OUTSIDE: [i32; 2 * LABELS] = {
    let mut r = [-1_000_000; 2 * LABELS];
    r[0] = 1_000_000;
    r[LABELS] = 1_000_000;
    r
};

/// Both passes' scores of a token, as integer sums of the table's 16-bit weights.
type Row = [i32; 2 * LABELS];

/// Per thread, the summed weights of the features that read one word alone, by word — its own
/// (`own_features`) and as each neighbour (`neighbour_features`, offsets -2, -1, 1, 2) — for the
/// tagger `owner`: most tokens' words recur, and one lookup of a word replaces some thirty
/// feature hashes and table lookups. Integer sums, so the scores are the same to the bit.
struct WordSums {
    owner: u64,
    by_offset: [FxHashMap<Box<str>, Row>; 5],
}

/// Words kept per offset before a thread's sums start over (bounds memory: about 1.5 MB each).
const WORD_SUMS_KEPT: usize = 8_000;

thread_local! {
    static WORD_SUMS: std::cell::RefCell<WordSums> = std::cell::RefCell::new(WordSums {
        owner: u64::MAX,
        by_offset: Default::default(),
    });
}

/// A loaded tagger.
pub struct Tagger {
    /// Tells this tagger's word sums from another's (`WordSums::owner`).
    id: u64,
    table: FxHashMap<u64, [i16; 2 * LABELS]>,
    scale: [f32; 2],
    transitions: [Vec<f32>; 2],
    lexicon: Lexicon,
    two_passes: bool,
}

fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn scale_of(m: &Model) -> f32 {
    m.rows.iter().fold(0f32, |a, w| a.max(w.abs())).max(1e-9) / i16::MAX as f32
}

impl Tagger {
    /// Reads a model file (`chorus train-ner --out`), its 16-bit weights straight into the table.
    pub fn from_bytes(gzipped: &[u8]) -> Result<Tagger, ModelError> {
        let (first, last) = read_stored(gzipped, false)?;
        let (first, second) = match first {
            Some(f) => (f, Some(last)),
            None => (last, None),
        };
        let mut table: FxHashMap<u64, [i16; 2 * LABELS]> = FxHashMap::default();
        table.reserve(
            first
                .rows
                .len()
                .max(second.as_ref().map_or(0, |s| s.rows.len())),
        );
        for (h, row) in &first.rows {
            table.entry(*h).or_insert([0; 2 * LABELS])[..LABELS].copy_from_slice(row);
        }
        if let Some(s) = &second {
            for (h, row) in &s.rows {
                table.entry(*h).or_insert([0; 2 * LABELS])[LABELS..].copy_from_slice(row);
            }
        }
        let two_passes = second.is_some();
        let (lexicon, scale1, transitions1) = match second {
            Some(s) => (s.lexicon, s.scale, s.transitions),
            None => (first.lexicon, 1.0, Vec::new()),
        };
        Ok(Tagger {
            id: next_id(),
            table,
            scale: [first.scale, scale1],
            transitions: [first.transitions, transitions1],
            lexicon,
            two_passes,
        })
    }

    pub fn from_model(model: Model) -> Tagger {
        let (first, second) = match &model.first {
            Some(f) => (f.as_ref(), Some(&model)),
            None => (&model, None),
        };
        let mut table: FxHashMap<u64, [i16; 2 * LABELS]> = FxHashMap::default();
        let mut scale = [scale_of(first), 1.0];
        let mut fill = |m: &Model, half: usize, scale: f32| {
            for (&h, &r) in &m.index {
                let row = &m.rows[r as usize * LABELS..(r as usize + 1) * LABELS];
                if row.iter().all(|w| *w == 0.0) {
                    continue;
                }
                let cell = table.entry(h).or_insert([0; 2 * LABELS]);
                for (c, w) in cell[half * LABELS..(half + 1) * LABELS].iter_mut().zip(row) {
                    *c = (w / scale).round() as i16;
                }
            }
        };
        fill(first, 0, scale[0]);
        if let Some(s) = second {
            scale[1] = scale_of(s);
            fill(s, 1, scale[1]);
        }
        Tagger {
            id: next_id(),
            table,
            scale,
            transitions: [
                first.transitions.clone(),
                second.map(|s| s.transitions.clone()).unwrap_or_default(),
            ],
            lexicon: second.unwrap_or(first).lexicon.clone(),
            two_passes: second.is_some(),
        }
    }

    /// The names of every sentence of one document (a list of sentences, each a list of tokens).
    /// The document matters: a word written in lower case elsewhere in it is less likely a name,
    /// and a word the first pass found in an easy context informs the same word elsewhere.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Span>> {
        let words: Vec<Vec<Word>> = sentences
            .iter()
            .map(|s| s.iter().map(|t| Word::new(t)).collect())
            .collect();
        let doc = DocStats::new(words.iter().map(Vec::as_slice));
        // Per sentence, per token: both passes' scores, as integer sums.
        let mut sums: Vec<Vec<Row>> = Vec::with_capacity(words.len());
        let mut first: Vec<Vec<Span>> = Vec::with_capacity(words.len());
        let mut skips: Vec<Vec<bool>> = Vec::with_capacity(words.len());
        for w in &words {
            let skip = plainly_outside(w);
            let s = self.first_pass_sums(w, &skip, &doc);
            let em: Vec<[f32; LABELS]> = s.iter().map(|r| self.emission(r, 0)).collect();
            first.push(spans(&viterbi_with(&em, &self.transitions[0], Some(&skip))));
            sums.push(s);
            skips.push(skip);
        }
        if !self.two_passes {
            return first;
        }
        let history = History::new(
            words
                .iter()
                .map(Vec::as_slice)
                .zip(first.iter().map(Vec::as_slice)),
        );
        words
            .iter()
            .zip(sums.iter_mut())
            .zip(&skips)
            .map(|((w, s), skip)| {
                for (word, sum) in w.iter().zip(s.iter_mut()) {
                    history_features(word, &history, &mut |f| self.add_row(sum, f));
                }
                let em: Vec<[f32; LABELS]> = s.iter().map(|r| self.emission(r, 1)).collect();
                spans(&viterbi_with(&em, &self.transitions[1], Some(skip)))
            })
            .collect()
    }

    /// The kinds the training data's names gave this name (its gazetteer; tokens compared in
    /// lower case); empty for a name it never held.
    pub fn known_kinds(&self, name: &str) -> Vec<crate::Kind> {
        let key = crate::lexicon::gazetteer_key(
            crate::tokenize::tokenize(name)
                .into_iter()
                .map(|(b, e)| &name[b..e]),
        );
        let bits = self.lexicon.gazetteer.get(&key).copied().unwrap_or(0);
        crate::Kind::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, k)| k)
            .collect()
    }

    /// The scores of a sentence's tokens from the features of the first pass (both passes'
    /// weights; a token `skip` marks plainly outside gets `OUTSIDE`). The features that read one
    /// word alone are summed once per word (`WordSums`).
    fn first_pass_sums(&self, w: &[Word], skip: &[bool], doc: &DocStats) -> Vec<Row> {
        WORD_SUMS.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.owner != self.id || cache.by_offset.iter().any(|m| m.len() > WORD_SUMS_KEPT) {
                cache.owner = self.id;
                cache.by_offset.iter_mut().for_each(FxHashMap::clear);
            }
            let sentence = SentenceContext::new(w, &self.lexicon, Some(skip));
            let clusters = sentence_clusters(w, &self.lexicon, Some(skip));
            let mut s = vec![[0i32; 2 * LABELS]; w.len()];
            for (t, row) in s.iter_mut().enumerate() {
                if skip[t] {
                    *row = OUTSIDE;
                    continue;
                }
                for d in [0isize, -2, -1, 1, 2] {
                    let (n, cluster) = neighbour(w, &clusters, t, d);
                    // The padding past either edge is a word of its own.
                    let key = match n {
                        Some(n) => n.text(),
                        None if d < 0 => "\0<s>",
                        None => "\0</s>",
                    };
                    let sums = &mut cache.by_offset[(d + 2) as usize];
                    let add = match sums.get(key) {
                        Some(add) => *add,
                        None => {
                            let mut add = [0i32; 2 * LABELS];
                            let mut sum = |f: u64| self.add_row(&mut add, f);
                            match (d, n) {
                                (0, Some(n)) => own_features(n, cluster, &mut sum),
                                _ => neighbour_features(d, n, cluster, &mut sum),
                            }
                            sums.insert(key.into(), add);
                            add
                        }
                    };
                    for (a, b) in row.iter_mut().zip(add) {
                        *a += b;
                    }
                }
                context_features(w, t, &sentence, doc, &mut |f| self.add_row(row, f));
            }
            s
        })
    }

    /// Adds feature `f`'s weights (both passes') to a token's sums.
    fn add_row(&self, sum: &mut Row, f: u64) {
        if let Some(row) = self.table.get(&f) {
            for (a, &b) in sum.iter_mut().zip(row) {
                *a += b as i32;
            }
        }
    }

    fn emission(&self, sum: &[i32; 2 * LABELS], half: usize) -> [f32; LABELS] {
        let mut e = [0f32; LABELS];
        for (x, &v) in e.iter_mut().zip(&sum[half * LABELS..(half + 1) * LABELS]) {
            *x = v as f32 * self.scale[half];
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::sentence_features;

    #[test]
    fn summing_once_per_word_gives_the_scores_of_every_feature_looked_up() {
        let tagger = crate::builtin().expect("the shipped model loads");
        let docs = [
            vec![
                "Ilse Varga , the harbour master , met Tomas Brandt in Marlow on Tuesday .",
                "Varga said the pier at Marlow would reopen .",
                "THE HARBOUR BOARD MEETS AGAIN",
            ],
            vec!["Brandt told the Marlow Gazette that Varga was right ."],
        ];
        // Twice: the second time every word's sums come from the thread's store.
        for _ in 0..2 {
            for doc_text in &docs {
                let words: Vec<Vec<Word>> = doc_text
                    .iter()
                    .map(|s| s.split(' ').map(Word::new).collect())
                    .collect();
                let doc = DocStats::new(words.iter().map(Vec::as_slice));
                for w in &words {
                    let skip = plainly_outside(w);
                    let (mut feats, mut offsets) = (Vec::new(), Vec::new());
                    sentence_features(
                        w,
                        &doc,
                        &tagger.lexicon,
                        None,
                        Some(&skip),
                        &mut feats,
                        &mut offsets,
                    );
                    let mut expected = vec![[0i32; 2 * LABELS]; w.len()];
                    for (t, o) in offsets.windows(2).enumerate() {
                        if skip[t] {
                            expected[t] = OUTSIDE;
                        }
                        for &f in &feats[o[0]..o[1]] {
                            tagger.add_row(&mut expected[t], f);
                        }
                    }
                    assert!(skip.iter().any(|k| !k));
                    assert_eq!(tagger.first_pass_sums(w, &skip, &doc), expected);
                }
            }
        }
    }
}
