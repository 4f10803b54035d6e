//! The one feature function of the tagger, used by training and tagging alike: each token
//! becomes a list of 64-bit hashes of (template, value) pairs. Hashing keeps the model a flat
//! table and tagging free of string allocation per feature.
//!
//! The templates follow the local and document features of Ratinov & Roth (2009), without
//! external gazetteers: the word and its neighbours two either side, their shapes, prefixes and
//! suffixes, word pairs, capitalisation, the sentence being a headline in capitals, word
//! clusters learned from unlabelled news (`Lexicon::clusters`), names of the training data
//! (`Lexicon::gazetteer`), and what the rest of the document says about the word (written in
//! lower case elsewhere: an ordinary word capitalised at a sentence start; capitalised inside a
//! sentence elsewhere: a name).

use crate::lexicon::Lexicon;
use rustc_hash::FxHashSet;

/// FNV-1a, 64-bit: stable across platforms and Rust versions, unlike `std`'s hasher, because the
/// hashes are stored in the model file.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new(template: u8) -> Self {
        Fnv(0xcbf2_9ce4_8422_2325).byte(template)
    }
    fn byte(self, b: u8) -> Self {
        Fnv((self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3))
    }
    fn str(self, s: &str) -> Self {
        s.bytes().fold(self.byte(0xff), Fnv::byte)
    }
}

/// A token with what the templates read of it, computed once per token: the word as written,
/// lower-cased and its shape, one after another in one buffer (one allocation a token, not three).
pub struct Word {
    buf: String,
    text_end: u32,
    lower_end: u32,
    capitalised: bool,
    all_caps: bool,
}

impl Word {
    pub fn new(text: &str) -> Word {
        if text.is_ascii() {
            Word::new_ascii(text)
        } else {
            Word::new_any(text)
        }
    }

    /// `new` for any text, a character at a time.
    fn new_any(text: &str) -> Word {
        let mut buf = String::with_capacity(3 * text.len());
        buf.push_str(text);
        let text_end = buf.len();
        buf.push_str(&text.to_lowercase());
        let lower_end = buf.len();
        let mut last = None;
        for c in text.chars() {
            let s = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_ascii_digit() {
                'd'
            } else {
                c
            };
            // Runs collapse: "Tillerson" → "Xx", "1,000" → "d,d", "U.S." → "X.X.".
            if last != Some(s) || !s.is_alphanumeric() {
                buf.push(s);
                last = Some(s);
            }
        }
        let capitalised = text.starts_with(|c: char| c.is_uppercase());
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = letters > 0 && !text.chars().any(|c| c.is_lowercase());
        Word {
            buf,
            text_end: text_end as u32,
            lower_end: lower_end as u32,
            capitalised,
            all_caps,
        }
    }

    /// `new` for an ASCII word (most of them), in one pass over its bytes.
    fn new_ascii(text: &str) -> Word {
        let bytes = text.as_bytes();
        let mut buf = Vec::with_capacity(3 * bytes.len());
        buf.extend_from_slice(bytes);
        buf.extend(bytes.iter().map(u8::to_ascii_lowercase));
        let (mut last, mut letters, mut lower_seen) = (None, false, false);
        for &b in bytes {
            let s = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            letters |= b.is_ascii_alphabetic();
            lower_seen |= b.is_ascii_lowercase();
            if last != Some(s) || !s.is_ascii_alphanumeric() {
                buf.push(s);
                last = Some(s);
            }
        }
        Word {
            // ASCII in, ASCII out.
            buf: String::from_utf8(buf).unwrap_or_default(),
            text_end: bytes.len() as u32,
            lower_end: 2 * bytes.len() as u32,
            capitalised: bytes.first().is_some_and(u8::is_ascii_uppercase),
            all_caps: letters && !lower_seen,
        }
    }

    /// The word as written.
    pub fn text(&self) -> &str {
        &self.buf[..self.text_end as usize]
    }

    /// The word lower-cased.
    pub fn lower(&self) -> &str {
        &self.buf[self.text_end as usize..self.lower_end as usize]
    }

    /// Its shape: "Xx" for "Tillerson", "d,d" for "1,000".
    fn shape(&self) -> &str {
        &self.buf[self.lower_end as usize..]
    }
}

/// What a whole document says about its words.
#[derive(Default)]
pub struct DocStats {
    /// Lower-cased forms written in lower case somewhere.
    lower: FxHashSet<String>,
    /// Lower-cased forms written capitalised inside a sentence that is not a headline.
    capitalised_inside: FxHashSet<String>,
    /// For each capitalised word, the words around its occurrences in the document (side 0
    /// before, 1 after; at most 8): "Mr." before one "Blair" tells about the others.
    /// Kept as the feature hashes they give (no string per occurrence).
    contexts: rustc_hash::FxHashMap<String, Vec<u64>>,
}

impl DocStats {
    pub fn new<'a>(sentences: impl IntoIterator<Item = &'a [Word]> + Clone) -> DocStats {
        let mut d = DocStats::default();
        // Only capitalised words are asked about: collect them first, then look each lower-case
        // word up among them (no allocation per word).
        let mut asked: FxHashSet<&str> = FxHashSet::default();
        for words in sentences.clone() {
            let headline = is_headline(words);
            for (i, w) in words.iter().enumerate() {
                if w.capitalised || w.all_caps {
                    asked.insert(w.lower());
                    if w.capitalised
                        && i > 0
                        && !headline
                        && !opens_clause(words, i)
                        && !d.capitalised_inside.contains(w.lower())
                    {
                        d.capitalised_inside.insert(w.lower().to_string());
                    }
                }
            }
        }
        {
            for words in sentences.clone() {
                if is_headline(words) {
                    continue;
                }
                for (i, w) in words.iter().enumerate() {
                    if !w.capitalised {
                        continue;
                    }
                    if !d.contexts.contains_key(w.lower()) {
                        d.contexts.insert(w.lower().to_string(), Vec::new());
                    }
                    let around = d.contexts.get_mut(w.lower()).expect("inserted");
                    for (side, j) in [(0u8, i.checked_sub(1)), (1, Some(i + 1))] {
                        if let Some(n) = j.and_then(|j| words.get(j)) {
                            let h = Fnv::new(CONTEXTS).byte(side).str(n.lower()).0;
                            if around.len() < 8 && !around.contains(&h) {
                                around.push(h);
                            }
                        }
                    }
                }
            }
        }
        for words in sentences {
            for w in words {
                if w.text().starts_with(|c: char| c.is_lowercase())
                    && asked.contains(w.lower())
                    && !d.lower.contains(w.lower())
                {
                    d.lower.insert(w.lower().to_string());
                }
            }
        }
        d
    }
}

/// Tokens that cannot be inside a name, so tagging need not score them: a token with no capital
/// letter or digit between two such tokens (or the sentence's edges). A name's lower-case words
/// ("Bank of England", "de Gaulle") always touch a capitalised one. Tagging forces them to O;
/// on CoNLL-2003 this changes no score (docs/entities.md).
pub fn plainly_outside(words: &[Word]) -> Vec<bool> {
    let plain = |w: &Word| {
        !w.text()
            .chars()
            .any(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    (0..words.len())
        .map(|i| {
            plain(&words[i])
                && (i == 0 || plain(&words[i - 1]))
                && (i + 1 == words.len() || plain(&words[i + 1]))
        })
        .collect()
}

/// A word after an opening quotation mark or a colon may be capitalised for that reason alone.
fn opens_clause(words: &[Word], i: usize) -> bool {
    matches!(words[i - 1].text(), "\"" | "“" | ":" | "``" | "-" | "—")
}

/// A sentence written in capitals (CoNLL's headlines, wire slugs).
fn is_headline(words: &[Word]) -> bool {
    let lettered: Vec<&Word> = words
        .iter()
        .filter(|w| w.text().chars().any(char::is_alphabetic))
        .collect();
    lettered.len() >= 2 && lettered.iter().all(|w| w.all_caps)
}

// Templates: one byte each, never reused for another meaning (the model stores their hashes).
const BIAS: u8 = 0;
const WORD: u8 = 1;
const LOWER: u8 = 2;
const SHAPE: u8 = 3;
const PREFIX: u8 = 4;
const SUFFIX: u8 = 5;
const PAIR: u8 = 6;
const SHAPES: u8 = 7;
const FLAGS: u8 = 8;
const CLUSTER: u8 = 9;
const GAZETTEER: u8 = 10;
const DOC: u8 = 11;
const HEADLINE_WORD: u8 = 12;
const HISTORY: u8 = 13;
const CONTEXTS: u8 = 14;

/// What a first pass of the tagger said about each word across the whole document (Ratinov &
/// Roth's "extended prediction history"): a name recognised in an easy context ("Mr. Blair
/// said") informs the same word in a hard one (a headline in capitals, a sentence start).
#[derive(Default)]
pub struct History {
    /// Lower-cased word → how often it was inside a name of each kind (index 4 × kind + part:
    /// unit, begin, inside, last).
    words: rustc_hash::FxHashMap<String, [u32; 16]>,
}

impl History {
    pub fn new<'a>(
        sentences: impl IntoIterator<Item = (&'a [Word], &'a [crate::labels::Span])>,
    ) -> History {
        let mut h = History::default();
        for (words, spans) in sentences {
            for s in spans {
                let k = s.kind.index();
                for (i, w) in words.iter().enumerate().take(s.end).skip(s.start) {
                    let part = if s.end - s.start == 1 {
                        0
                    } else if i == s.start {
                        1
                    } else if i + 1 == s.end {
                        3
                    } else {
                        2
                    };
                    h.words.entry(w.lower().to_string()).or_default()[4 * k + part] += 1;
                }
            }
        }
        h
    }
}

/// The second pass's features of a word: what the first pass said about it across the document.
pub fn history_features(w: &Word, history: &History, push: &mut dyn FnMut(u64)) {
    let Some(counts) = history.words.get(w.lower()) else {
        return;
    };
    if !(w.capitalised || w.all_caps) {
        return;
    }
    let total: u32 = counts.iter().sum();
    for (slot, &n) in counts.iter().enumerate().filter(|(_, &n)| n > 0) {
        // The share of the word's named uses with this kind and part, in quarters.
        let share = (4 * n / total.max(1)).min(3) as u8;
        push(Fnv::new(HISTORY).byte(slot as u8).byte(share).0);
    }
    let best = (0..counts.len()).max_by_key(|&k| (counts[k], std::cmp::Reverse(k)));
    push(
        Fnv::new(HISTORY)
            .byte(0xfe)
            .byte(best.unwrap_or(0) as u8 / 4)
            .0,
    );
}

/// The features of a token that read only its own word: the word as written and in lower case,
/// its shape, its first and last one to four characters, and its cluster's prefixes.
pub fn own_features(w: &Word, cluster: Option<&str>, push: &mut dyn FnMut(u64)) {
    let mut put = |h: Fnv| push(h.0);
    put(Fnv::new(WORD).str(w.text()));
    put(Fnv::new(LOWER).byte(0).str(w.lower()));
    put(Fnv::new(SHAPE).byte(0).str(w.shape()));
    // The first and last one to four characters (no more than the word has), in that order.
    let ends = w.lower().char_indices().skip(1).map(|(b, _)| b);
    let suffixes = w.lower().char_indices().rev().map(|(b, _)| b);
    for (p, s) in ends
        .chain(std::iter::once(w.lower().len()))
        .zip(suffixes)
        .take(4)
    {
        put(Fnv::new(PREFIX).str(&w.lower()[..p]));
        put(Fnv::new(SUFFIX).str(&w.lower()[s..]));
    }
    if let Some(path) = cluster {
        for len in [3usize, 6, 9, 12] {
            put(cluster_feature(0, len, path));
        }
    }
}

/// The features a token reads of its neighbour at offset `d` (±1 or ±2; `None` past the
/// sentence's edge): its lower-case form and shape, and for the next-door ones, its cluster.
pub fn neighbour_features(
    d: isize,
    n: Option<&Word>,
    cluster: Option<&str>,
    push: &mut dyn FnMut(u64),
) {
    let (lower, shape) = match n {
        Some(n) => (n.lower(), n.shape()),
        None if d < 0 => ("<s>", "_"),
        None => ("</s>", "_"),
    };
    let mut put = |h: Fnv| push(h.0);
    put(Fnv::new(LOWER).byte(d as u8).str(lower));
    put(Fnv::new(SHAPE).byte(d as u8).str(shape));
    if let (Some(path), 1) = (cluster.filter(|_| n.is_some()), d.abs()) {
        for len in [6usize, 12] {
            put(cluster_feature(d, len, path));
        }
    }
}

/// A word's cluster path cut to `len` bits, read at offset `d`.
fn cluster_feature(d: isize, len: usize, path: &str) -> Fnv {
    let cut = path.len().min(len);
    Fnv::new(CLUSTER)
        .byte(d as u8)
        .byte(len as u8)
        .str(&path[..cut])
}

/// The word at offset `d` from token `i` and its cluster (`sentence_clusters`); `None` past
/// the sentence's edge.
pub fn neighbour<'w, 'l>(
    words: &'w [Word],
    clusters: &[Option<&'l str>],
    i: usize,
    d: isize,
) -> (Option<&'w Word>, Option<&'l str>) {
    let j = i as isize + d;
    match usize::try_from(j)
        .ok()
        .and_then(|j| words.get(j).zip(clusters.get(j)))
    {
        Some((w, c)) => (Some(w), *c),
        None => (None, None),
    }
}

/// What a sentence gives every token's `context_features`: whether it is a headline, and the
/// training data's names covering each token.
pub struct SentenceContext {
    headline: bool,
    gazetteer: Vec<Vec<(u8, u8)>>,
}

impl SentenceContext {
    pub fn new(words: &[Word], lexicon: &Lexicon, skip: Option<&[bool]>) -> Self {
        SentenceContext {
            headline: is_headline(words),
            gazetteer: lexicon.gazetteer_marks(words, skip),
        }
    }
}

/// The features of token `i` that read more than one word: a bias, word pairs and shape
/// sequences around it, its place and case, the headline, the names of the training data it is
/// part of, and what the document says about it.
pub fn context_features(
    words: &[Word],
    i: usize,
    sentence: &SentenceContext,
    doc: &DocStats,
    push: &mut dyn FnMut(u64),
) {
    let w = &words[i];
    let ii = i as isize;
    let pad_lower = |j: isize| -> &str {
        if j < 0 {
            "<s>"
        } else if j as usize >= words.len() {
            "</s>"
        } else {
            words[j as usize].lower()
        }
    };
    let pad_shape = |j: isize| -> &str {
        if j < 0 || j as usize >= words.len() {
            "_"
        } else {
            words[j as usize].shape()
        }
    };
    let mut put = |h: Fnv| push(h.0);
    put(Fnv::new(BIAS));
    put(Fnv::new(PAIR).byte(0).str(pad_lower(ii - 1)).str(w.lower()));
    put(Fnv::new(PAIR).byte(1).str(w.lower()).str(pad_lower(ii + 1)));
    put(Fnv::new(SHAPES)
        .byte(0)
        .str(pad_shape(ii - 1))
        .str(w.shape()));
    put(Fnv::new(SHAPES)
        .byte(1)
        .str(w.shape())
        .str(pad_shape(ii + 1)));
    put(Fnv::new(SHAPES)
        .byte(2)
        .str(pad_shape(ii - 1))
        .str(w.shape())
        .str(pad_shape(ii + 1)));
    let headline = sentence.headline;
    let flags = (i == 0) as u8
        | (w.capitalised as u8) << 1
        | (w.all_caps as u8) << 2
        | (headline as u8) << 3
        | (w.text().chars().any(|c| c.is_ascii_digit()) as u8) << 4
        | ((i > 0 && opens_clause(words, i)) as u8) << 5;
    put(Fnv::new(FLAGS).byte(flags));
    if headline {
        put(Fnv::new(HEADLINE_WORD).str(w.lower()));
    }
    for &(kind, part) in &sentence.gazetteer[i] {
        put(Fnv::new(GAZETTEER).byte(kind).byte(part));
    }
    if w.capitalised || w.all_caps {
        let lower = doc.lower.contains(w.lower());
        let inside = doc.capitalised_inside.contains(w.lower());
        put(Fnv::new(DOC).byte(lower as u8 | (inside as u8) << 1 | flags << 2));
        if let Some(around) = doc.contexts.get(w.lower()) {
            for &h in around {
                put(Fnv(h));
            }
        }
    }
}

/// Each word's cluster, looked up once (a token reads its neighbours' too); a skipped token
/// with no active neighbour is never read.
pub fn sentence_clusters<'l>(
    words: &[Word],
    lexicon: &'l Lexicon,
    skip: Option<&[bool]>,
) -> Vec<Option<&'l str>> {
    let active = |i: usize| skip.is_none_or(|s| !s[i]);
    (0..words.len())
        .map(|i| {
            let needed =
                active(i) || (i > 0 && active(i - 1)) || (i + 1 < words.len() && active(i + 1));
            if needed {
                lexicon.cluster(words[i].lower())
            } else {
                None
            }
        })
        .collect()
}

/// The features of every token of a sentence, appended to `out` token by token; `offsets[i]..
/// offsets[i + 1]` are token i's. A token's features split by what they read: its own word
/// (`own_features`), each neighbour two either side (`neighbour_features`), and the rest
/// (`context_features`); the first two depend on words alone, so the tagger sums their weights
/// once per word (`tagger::WordSums`).
pub fn sentence_features(
    words: &[Word],
    doc: &DocStats,
    lexicon: &Lexicon,
    history: Option<&History>,
    skip: Option<&[bool]>,
    out: &mut Vec<u64>,
    offsets: &mut Vec<usize>,
) {
    offsets.clear();
    offsets.push(out.len());
    let sentence = SentenceContext::new(words, lexicon, skip);
    let clusters = sentence_clusters(words, lexicon, skip);
    for (i, w) in words.iter().enumerate() {
        if skip.is_some_and(|s| s[i]) {
            offsets.push(out.len());
            continue;
        }
        let mut push = |h: u64| out.push(h);
        own_features(w, clusters[i], &mut push);
        for d in [-2isize, -1, 1, 2] {
            let (n, cluster) = neighbour(words, &clusters, i, d);
            neighbour_features(d, n, cluster, &mut push);
        }
        context_features(words, i, &sentence, doc, &mut push);
        if let Some(h) = history {
            history_features(w, h, &mut push);
        }
        offsets.push(out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::Word;

    #[test]
    fn a_word_keeps_its_text_lower_case_and_shape() {
        let cases = [
            ("Tillerson", "tillerson", "Xx"),
            ("1,000", "1,000", "d,d"),
            ("U.S.", "u.s.", "X.X."),
            ("McCain's", "mccain's", "XxXx'x"),
            ("Zoë", "zoë", "Xx"),
            ("ÉCOLE", "école", "X"),
        ];
        for (text, lower, shape) in cases {
            let w = Word::new(text);
            assert_eq!((w.text(), w.lower(), w.shape()), (text, lower, shape));
        }
        assert!(Word::new("ÉCOLE").all_caps && Word::new("NATO").all_caps);
        assert!(!Word::new("1,000").all_caps && !Word::new("Nato").all_caps);
        assert!(Word::new("Émile").capitalised && !Word::new("émile").capitalised);
    }

    #[test]
    fn the_ascii_path_reads_a_word_as_the_general_one_does() {
        for text in [
            "Tillerson",
            "U.S.",
            "a.m.",
            "1990s",
            "--",
            "'90s",
            "X-ray",
            "NATO",
            "",
            "3",
        ] {
            let (a, b) = (Word::new_ascii(text), Word::new_any(text));
            assert_eq!(
                (a.text(), a.lower(), a.shape()),
                (b.text(), b.lower(), b.shape())
            );
            assert_eq!(
                (a.capitalised, a.all_caps),
                (b.capitalised, b.all_caps),
                "{text}"
            );
        }
    }
}
