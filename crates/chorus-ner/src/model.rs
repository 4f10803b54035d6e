//! The trained weights, decoding (Viterbi over BILOU labels with the grammar enforced), and the
//! model file: versioned, gzip-compressed, weights quantised to 16 bits and stored sparsely.

use crate::features::{sentence_features, DocStats, History, Word};
use crate::labels::Span;
use crate::labels::{may_end, may_follow, Label, LABELS};
use crate::lexicon::Lexicon;
use rustc_hash::FxHashMap;
use std::io::{Read, Write};

const MAGIC: &[u8; 8] = b"CHNERMDL";
/// Bumped whenever templates, labels or the layout change: an older file is refused.
pub const FORMAT_VERSION: u32 = 2;

/// Why a model file cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ModelError {
    NotAModel,
    Version { found: u32, expected: u32 },
    Truncated,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::NotAModel => write!(f, "not a Chorus entity model (bad header)"),
            ModelError::Version { found, expected } => write!(
                f,
                "entity model format {found}, this build reads {expected}: retrain it with `chorus train-ner`"
            ),
            ModelError::Truncated => write!(f, "entity model file is truncated or corrupt"),
        }
    }
}

impl std::error::Error for ModelError {}

/// Weights of the structured perceptron.
#[derive(Clone, Default)]
pub struct Model {
    /// Feature hash → row in `rows`.
    pub index: FxHashMap<u64, u32>,
    /// One weight per label per feature, row-major.
    pub rows: Vec<f32>,
    /// `transitions[(prev + 1) * LABELS + cur]`; prev = -1 is the sentence start.
    pub transitions: Vec<f32>,
    pub lexicon: Lexicon,
    /// The first pass, whose names across the document are this pass's `History` features.
    pub first: Option<Box<Model>>,
}

impl Model {
    /// Per-token label scores of a sentence from its features.
    pub fn emissions(&self, feats: &[u64], offsets: &[usize], out: &mut Vec<[f32; LABELS]>) {
        out.clear();
        for w in offsets.windows(2) {
            let mut s = [0f32; LABELS];
            for f in &feats[w[0]..w[1]] {
                if let Some(&r) = self.index.get(f) {
                    let row = &self.rows[r as usize * LABELS..(r as usize + 1) * LABELS];
                    for (a, b) in s.iter_mut().zip(row) {
                        *a += b;
                    }
                }
            }
            out.push(s);
        }
    }

    /// The names of each sentence of a document.
    pub fn tag_document(&self, sentences: &[Vec<Word>]) -> Vec<Vec<Span>> {
        let doc = DocStats::new(sentences.iter().map(Vec::as_slice));
        let history = self.first.as_ref().map(|first| {
            let spans = first.tag_document(sentences);
            History::new(
                sentences
                    .iter()
                    .map(Vec::as_slice)
                    .zip(spans.iter().map(Vec::as_slice)),
            )
        });
        sentences
            .iter()
            .map(|w| crate::labels::spans(&self.tag(w, &doc, history.as_ref())))
            .collect()
    }

    /// Labels of a sentence, given its words, its document and the first pass's names.
    pub fn tag(&self, words: &[Word], doc: &DocStats, history: Option<&History>) -> Vec<Label> {
        let mut feats = Vec::new();
        let mut offsets = Vec::new();
        sentence_features(
            words,
            doc,
            &self.lexicon,
            history,
            None,
            &mut feats,
            &mut offsets,
        );
        let mut em = Vec::new();
        self.emissions(&feats, &offsets, &mut em);
        viterbi(&em, &self.transitions)
    }

    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        b.extend_from_slice(&(LABELS as u32).to_le_bytes());
        match &self.first {
            Some(first) => {
                b.push(1);
                first.write_body(&mut b);
            }
            None => b.push(0),
        }
        self.write_body(&mut b);
        gz.write_all(&b)?;
        gz.finish()?;
        Ok(())
    }

    fn write_body(&self, b: &mut Vec<u8>) {
        let mut clusters: Vec<(&String, &String)> = self.lexicon.clusters.iter().collect();
        clusters.sort();
        put_u32(b, clusters.len() as u32);
        for (w, p) in clusters {
            put_str(b, w);
            put_str(b, p);
        }
        let mut names: Vec<(&String, &u8)> = self.lexicon.gazetteer.iter().collect();
        names.sort();
        put_u32(b, names.len() as u32);
        for (n, k) in names {
            put_str(b, n);
            b.push(*k);
        }
        for t in &self.transitions {
            b.extend_from_slice(&t.to_le_bytes());
        }
        let max = self.rows.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-9);
        let scale = max / i16::MAX as f32;
        b.extend_from_slice(&scale.to_le_bytes());
        // Rows in hash order, so the file is the same for the same weights.
        let mut feats: Vec<(u64, u32)> = self.index.iter().map(|(h, r)| (*h, *r)).collect();
        feats.sort_unstable();
        let mut kept = Vec::new();
        for (h, r) in feats {
            let row = &self.rows[r as usize * LABELS..(r as usize + 1) * LABELS];
            let q: Vec<i16> = row.iter().map(|w| (w / scale).round() as i16).collect();
            if q.iter().any(|&x| x != 0) {
                kept.push((h, q));
            }
        }
        put_u32(b, kept.len() as u32);
        for (h, q) in kept {
            b.extend_from_slice(&h.to_le_bytes());
            let mask: u32 = q
                .iter()
                .enumerate()
                .filter(|(_, &x)| x != 0)
                .map(|(i, _)| 1 << i)
                .sum();
            b.extend_from_slice(&mask.to_le_bytes());
            for x in q.into_iter().filter(|&x| x != 0) {
                b.extend_from_slice(&x.to_le_bytes());
            }
        }
    }

    pub fn read(gzipped: &[u8]) -> Result<Model, ModelError> {
        let (first, second) = read_stored(gzipped, true)?;
        Ok(Model {
            first: first.map(|f| Box::new(f.into_model())),
            ..second.into_model()
        })
    }
}

/// One pass as the file stores it: 16-bit weights and their scale, the transitions, and the
/// lexicon (left empty when not asked for).
pub struct StoredPass {
    pub rows: Vec<(u64, [i16; LABELS])>,
    pub scale: f32,
    pub transitions: Vec<f32>,
    pub lexicon: Lexicon,
}

impl StoredPass {
    fn into_model(self) -> Model {
        let mut index = FxHashMap::default();
        index.reserve(self.rows.len());
        let mut rows = vec![0f32; self.rows.len() * LABELS];
        for (i, (h, row)) in self.rows.iter().enumerate() {
            for (w, &q) in rows[i * LABELS..(i + 1) * LABELS].iter_mut().zip(row) {
                *w = q as f32 * self.scale;
            }
            index.insert(*h, i as u32);
        }
        Model {
            index,
            rows,
            transitions: self.transitions,
            lexicon: self.lexicon,
            first: None,
        }
    }
}

/// Reads a model file's passes (the first pass, if any, then the last). Both passes store the
/// same lexicon; the first pass's is read only with `first_lexicon`.
pub fn read_stored(
    gzipped: &[u8],
    first_lexicon: bool,
) -> Result<(Option<StoredPass>, StoredPass), ModelError> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(gzipped)
        .read_to_end(&mut raw)
        .map_err(|_| ModelError::NotAModel)?;
    let mut r = Reader { b: &raw, at: 0 };
    if r.take(8)? != MAGIC {
        return Err(ModelError::NotAModel);
    }
    let version = r.u32()?;
    if version != FORMAT_VERSION || r.u32()? != LABELS as u32 {
        return Err(ModelError::Version {
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let first = match r.take(1)?[0] {
        0 => None,
        _ => Some(read_body(&mut r, first_lexicon)?),
    };
    Ok((first, read_body(&mut r, true)?))
}

fn read_body(r: &mut Reader, lexicon: bool) -> Result<StoredPass, ModelError> {
    let mut clusters = FxHashMap::default();
    for _ in 0..r.u32()? {
        let (w, p) = (r.raw_str()?, r.raw_str()?);
        if lexicon {
            clusters.insert(as_string(w)?, as_string(p)?);
        }
    }
    let mut gazetteer = FxHashMap::default();
    for _ in 0..r.u32()? {
        let n = r.raw_str()?;
        let kinds = r.take(1)?[0];
        if lexicon {
            gazetteer.insert(as_string(n)?, kinds);
        }
    }
    let mut transitions = Vec::with_capacity((LABELS + 1) * LABELS);
    for _ in 0..(LABELS + 1) * LABELS {
        transitions.push(r.f32()?);
    }
    let scale = r.f32()?;
    let n = r.u32()? as usize;
    let mut rows = Vec::with_capacity(n.min(r.b.len() / 12));
    for _ in 0..n {
        let h = u64::from_le_bytes(r.take(8)?.try_into().map_err(|_| ModelError::Truncated)?);
        let mask = r.u32()?;
        let mut row = [0i16; LABELS];
        for (l, q) in row.iter_mut().enumerate() {
            if mask & (1 << l) != 0 {
                *q = i16::from_le_bytes(r.take(2)?.try_into().map_err(|_| ModelError::Truncated)?);
            }
        }
        rows.push((h, row));
    }
    let lexicon = if lexicon {
        Lexicon::new(clusters, gazetteer)
    } else {
        Lexicon::default()
    };
    Ok(StoredPass {
        rows,
        scale,
        transitions,
        lexicon,
    })
}

fn as_string(b: &[u8]) -> Result<String, ModelError> {
    String::from_utf8(b.to_vec()).map_err(|_| ModelError::Truncated)
}

fn put_u32(b: &mut Vec<u8>, x: u32) {
    b.extend_from_slice(&x.to_le_bytes());
}

fn put_str(b: &mut Vec<u8>, s: &str) {
    put_u32(b, s.len() as u32);
    b.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(ModelError::Truncated)?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?
                .try_into()
                .map_err(|_| ModelError::Truncated)?,
        ))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(
            self.take(4)?
                .try_into()
                .map_err(|_| ModelError::Truncated)?,
        ))
    }
    fn raw_str(&mut self) -> Result<&'a [u8], ModelError> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

/// The best label sequence under the BILOU grammar.
pub fn viterbi(em: &[[f32; LABELS]], transitions: &[f32]) -> Vec<Label> {
    viterbi_with(em, transitions, None)
}

/// Viterbi where `outside[i]` marks tokens known to be O (only that label is scored there).
pub fn viterbi_with(
    em: &[[f32; LABELS]],
    transitions: &[f32],
    outside: Option<&[bool]>,
) -> Vec<Label> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    // A sentence of tokens that can only be O has one path.
    if outside.is_some_and(|o| o.len() == n && o.iter().all(|&k| k)) {
        return vec![0; n];
    }
    let allowed = grammar();
    let preds = predecessors();
    let mut score = vec![[f32::NEG_INFINITY; LABELS]; n];
    let mut back = vec![[0u8; LABELS]; n];
    for l in 0..LABELS {
        if allowed[0][l] {
            score[0][l] = em[0][l] + transitions[l];
        }
    }
    for i in 1..n {
        let only_o = outside.is_some_and(|o| o[i]);
        // O after a token that could only be O: one way in (most tokens of most sentences).
        if only_o && outside.is_some_and(|o| o[i - 1]) {
            score[i][0] = score[i - 1][0] + transitions[LABELS] + em[i][0];
            back[i][0] = 0;
            continue;
        }
        for l in 0..if only_o { 1 } else { LABELS } {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for &p in &preds[l] {
                let p = p as usize;
                let s = score[i - 1][p] + transitions[(p + 1) * LABELS + l];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            score[i][l] = best + em[i][l];
            back[i][l] = arg;
        }
    }
    let mut last = 0u8;
    let mut best = f32::NEG_INFINITY;
    for (l, &s) in score[n - 1].iter().enumerate() {
        if may_end(l as u8) && s > best {
            best = s;
            last = l as u8;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

/// For each label, the labels that may come before it (not the sentence start).
fn predecessors() -> &'static [Vec<Label>; LABELS] {
    static P: std::sync::OnceLock<[Vec<Label>; LABELS]> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        std::array::from_fn(|c| {
            (0..LABELS as Label)
                .filter(|&p| may_follow(Some(p), c as Label))
                .collect()
        })
    })
}

/// `grammar()[prev + 1][cur]`: whether `cur` may follow `prev` (row 0: the sentence start).
fn grammar() -> &'static [[bool; LABELS]; LABELS + 1] {
    static G: std::sync::OnceLock<[[bool; LABELS]; LABELS + 1]> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        let mut g = [[false; LABELS]; LABELS + 1];
        for (p, row) in g.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                let prev = if p == 0 { None } else { Some((p - 1) as Label) };
                *cell = may_follow(prev, c as Label);
            }
        }
        g
    })
}
