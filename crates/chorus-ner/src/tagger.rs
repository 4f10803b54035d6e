//! The tagger as run: both passes' weights in one table, so each feature is hashed once and
//! looked up once for both (a row holds the first pass's 17 weights, then the second's),
//! weights kept as the model file's 16-bit integers (half the memory, the same scores).

use crate::features::{
    history_features, plainly_outside, sentence_features, DocStats, History, Word,
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

/// A loaded tagger.
pub struct Tagger {
    table: FxHashMap<u64, [i16; 2 * LABELS]>,
    scale: [f32; 2],
    transitions: [Vec<f32>; 2],
    lexicon: Lexicon,
    two_passes: bool,
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
        let mut feats = Vec::new();
        let mut offsets = Vec::new();
        // Per sentence, per token: both passes' scores, as integer sums.
        let mut sums: Vec<Vec<[i32; 2 * LABELS]>> = Vec::with_capacity(words.len());
        let mut first: Vec<Vec<Span>> = Vec::with_capacity(words.len());
        let mut skips: Vec<Vec<bool>> = Vec::with_capacity(words.len());
        for w in &words {
            feats.clear();
            let skip = plainly_outside(w);
            sentence_features(
                w,
                &doc,
                &self.lexicon,
                None,
                Some(&skip),
                &mut feats,
                &mut offsets,
            );
            let mut s = vec![[0i32; 2 * LABELS]; w.len()];
            for (row, _) in s.iter_mut().zip(&skip).filter(|(_, &k)| k) {
                *row = OUTSIDE;
            }
            for (t, o) in offsets.windows(2).enumerate() {
                for f in &feats[o[0]..o[1]] {
                    if let Some(row) = self.table.get(f) {
                        for (a, &b) in s[t].iter_mut().zip(row) {
                            *a += b as i32;
                        }
                    }
                }
            }
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
                    history_features(word, &history, &mut |f| {
                        if let Some(row) = self.table.get(&f) {
                            for (a, &b) in sum.iter_mut().zip(row) {
                                *a += b as i32;
                            }
                        }
                    });
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

    fn emission(&self, sum: &[i32; 2 * LABELS], half: usize) -> [f32; LABELS] {
        let mut e = [0f32; LABELS];
        for (x, &v) in e.iter_mut().zip(&sum[half * LABELS..(half + 1) * LABELS]) {
            *x = v as f32 * self.scale[half];
        }
        e
    }
}
