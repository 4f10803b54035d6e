//! Representation: tokens, Snowball stems, a moderate stop list, TF-IDF vectors and bigram
//! concepts. Term ids are story-local and assigned in first-seen order, so everything downstream is
//! deterministic.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// A word: its stem (an id in the tokenizer's stem vocabulary) and whether it is a stop word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token {
    pub stem: u32,
    pub stop: bool,
    /// Holds a letter (not a bare number).
    pub alpha: bool,
}

/// Splits into word tokens: letters and digits, keeping inner apostrophes, hyphens and
/// decimal points ("don't", "so-called", "3.5"). A piece with no digit is split at its commas
/// and full stops: "killed,including" and "end.The" come from sloppy scrapes.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        at: 0,
        core: None,
    }
}

/// The words of a text (see `words`), found byte by byte: only non-ASCII bytes are decoded.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
    /// The rest of a number-free piece still to split at ',' and '.'.
    core: Option<Range<usize>>,
}

/// What a character at a byte offset is to `words`: (part of a piece, a letter or digit, its
/// length in bytes).
#[inline(always)]
fn word_char(text: &str, i: usize) -> (bool, bool, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        let alnum = b.is_ascii_alphanumeric();
        return (alnum || matches!(b, b'\'' | b'-' | b'.' | b','), alnum, 1);
    }
    non_ascii_word_char(text, i)
}

#[inline(never)]
fn non_ascii_word_char(text: &str, i: usize) -> (bool, bool, usize) {
    let c = text[i..].chars().next().expect("at a char boundary");
    let alnum = c.is_alphanumeric();
    (alnum || c == '’', alnum, c.len_utf8())
}

impl<'a> Words<'a> {
    /// `range` less the characters at either end that are not letters or digits.
    fn trim(&self, range: Range<usize>) -> Range<usize> {
        let (mut start, mut end) = (range.start, range.end);
        while start < end {
            let (_, alnum, len) = word_char(self.text, start);
            if alnum {
                break;
            }
            start += len;
        }
        while end > start {
            let mut i = end - 1;
            while !self.text.is_char_boundary(i) {
                i -= 1;
            }
            if word_char(self.text, i).1 {
                break;
            }
            end = i;
        }
        start..end
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        loop {
            if let Some(core) = self.core.take() {
                let cut = b[core.clone()]
                    .iter()
                    .position(|&c| c == b',' || c == b'.')
                    .map_or(core.end, |i| core.start + i);
                if cut < core.end {
                    self.core = Some(cut + 1..core.end);
                }
                let w = self.trim(core.start..cut);
                if !w.is_empty() {
                    return Some(&self.text[w]);
                }
                continue;
            }
            // Skip to the next piece, then to its end (in a local: a field store per byte
            // was most of the cost).
            let mut at = self.at;
            loop {
                if at >= b.len() {
                    self.at = at;
                    return None;
                }
                let (in_piece, _, len) = word_char(self.text, at);
                if in_piece {
                    break;
                }
                at += len;
            }
            let start = at;
            while at < b.len() {
                let (in_piece, _, len) = word_char(self.text, at);
                if !in_piece {
                    break;
                }
                at += len;
            }
            self.at = at;
            let w = self.trim(start..at);
            if w.is_empty() {
                continue;
            }
            if b[w.clone()].iter().any(u8::is_ascii_digit) {
                return Some(&self.text[w]);
            }
            self.core = Some(w);
        }
    }
}

/// A word of a sentence with its byte span (relative to the sentence).
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Words separated by white space, punctuation trimmed from their edges (currency signs and
/// "%" kept: "$1.2", "25%"), each with its byte span.
pub fn split_words(s: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(st)) => {
                let raw = &s[st..i];
                let lead = raw.len() - raw.trim_start_matches(is_edge_punct).len();
                let core = raw.trim_matches(is_edge_punct);
                if !core.is_empty() {
                    out.push(Word {
                        text: core,
                        start: st + lead,
                        end: st + lead + core.len(),
                    });
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn is_edge_punct(c: char) -> bool {
    !(c.is_alphanumeric() || matches!(c, '$' | '£' | '€' | '%'))
}

/// Word count as the budget counts it: white-space separated tokens, as `wc -w` counts them
/// (a dash or a lone quotation mark is a word to `wc`). Every character `wc` takes for a space is
/// white space here too, and a few more (no-break spaces), so this count is never below `wc`'s.
pub fn budget_words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Tokenises and stems. Stems are interned: a token carries a stem id, story-local and assigned
/// in first-seen order (one tokenizer serves one story), so output never depends on what was
/// processed before. Behind it, a per-thread cache remembers each word's stem across stories:
/// stemming dominated the cost of representation without it.
pub struct Tokenizer {
    state: std::cell::RefCell<TokenizerState>,
}

#[derive(Default)]
struct TokenizerState {
    /// Thread-cache stem id → story-local stem id.
    local: FxHashMap<u32, u32>,
    /// Story-local id → thread-cache stem id.
    global_of: Vec<u32>,
    lower: String,
    /// The tokens of short words this tokenizer has seen (packed as in `WordMap`): a story
    /// repeats its words, and this small map stays in cache where the thread's large one does not.
    seen: FxHashMap<u128, Token>,
}

/// The per-thread word cache.
struct WordCache {
    stemmer: Stemmer,
    /// Lower-cased word → (stem id, stop word, holds a letter).
    words: WordMap,
    stems: Vocab,
}

/// What the cache knows of a word: (stem id, stop word, holds a letter).
type WordInfo = (u32, bool, bool);

/// Words to their `WordInfo`. A word of up to 16 bytes (nearly all) is its own key, packed into
/// an integer: a lookup then touches no string on the heap, whose cache misses made string keys
/// the tokenizer's largest cost. (Words never hold a NUL byte, so zero padding is unambiguous.)
#[derive(Default)]
struct WordMap {
    short: FxHashMap<u128, WordInfo>,
    long: FxHashMap<String, WordInfo>,
}

impl WordMap {
    fn packed(word: &str) -> Option<u128> {
        let b = word.as_bytes();
        (b.len() <= 16).then(|| {
            let mut buf = [0u8; 16];
            buf[..b.len()].copy_from_slice(b);
            u128::from_le_bytes(buf)
        })
    }

    fn get(&self, word: &str) -> Option<WordInfo> {
        match Self::packed(word) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(word).copied(),
        }
    }

    fn insert(&mut self, word: &str, info: WordInfo) {
        match Self::packed(word) {
            Some(k) => self.short.insert(k, info),
            None => self.long.insert(word.to_string(), info),
        };
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// Distinct words the per-thread cache holds at most; it starts afresh (between stories) beyond.
const WORD_CACHE_MAX: usize = 200_000;

thread_local! {
    static WORDS: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache {
        stemmer: Stemmer::create(Algorithm::English),
        words: WordMap::default(),
        stems: Vocab::default(),
    });
}

impl Default for Tokenizer {
    fn default() -> Self {
        // Only here, between stories, may the cache start afresh: ids held by a live tokenizer
        // must stay valid.
        WORDS.with(|w| {
            let mut w = w.borrow_mut();
            if w.words.len() > WORD_CACHE_MAX {
                w.words.clear();
                w.stems = Vocab::default();
            }
        });
        Tokenizer {
            state: Default::default(),
        }
    }
}

impl Tokenizer {
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut st = self.state.borrow_mut();
        let st = &mut *st;
        let mut out = Vec::with_capacity(text.len() / 5);
        WORDS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let cache = &mut *cache;
            for w in words(text) {
                // Most words are lower-case ASCII already: looked up as they are, not copied.
                let lower: &str = if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                    w
                } else {
                    st.lower.clear();
                    if w.is_ascii() {
                        st.lower.push_str(w);
                        st.lower.make_ascii_lowercase();
                    } else {
                        st.lower
                            .extend(w.chars().flat_map(char::to_lowercase).map(|c| {
                                if c == '’' {
                                    '\''
                                } else {
                                    c
                                }
                            }));
                    }
                    &st.lower
                };
                let packed = WordMap::packed(lower);
                if let Some(t) = packed.and_then(|k| st.seen.get(&k)) {
                    out.push(*t);
                    continue;
                }
                let (gid, stop, alpha) = match cache.words.get(lower) {
                    Some(t) => t,
                    None => {
                        let base = lower.strip_suffix("'s").unwrap_or(lower);
                        let stem = cache.stemmer.stem(base);
                        let t = (
                            cache.stems.id(&stem),
                            is_stop_word(lower) || is_stop_word(base),
                            lower.chars().any(char::is_alphabetic),
                        );
                        cache.words.insert(lower, t);
                        t
                    }
                };
                let next = st.global_of.len() as u32;
                let stem = *st.local.entry(gid).or_insert(next);
                if stem == next {
                    st.global_of.push(gid);
                }
                let token = Token { stem, stop, alpha };
                if let Some(k) = packed {
                    st.seen.insert(k, token);
                }
                out.push(token);
            }
        });
        out
    }

    /// The stem of an id.
    pub fn stem_text(&self, id: u32) -> String {
        let Some(&gid) = self.state.borrow().global_of.get(id as usize) else {
            return String::new();
        };
        WORDS.with(|w| {
            w.borrow()
                .stems
                .terms
                .get(gid as usize)
                .cloned()
                .unwrap_or_default()
        })
    }

    /// A hash of each stem's text, by story-local id: the same stem has the same hash in every
    /// story, on every machine (32-bit FNV-1a), so learned weights can be keyed by it.
    pub fn stem_hashes(&self) -> Vec<u32> {
        let st = self.state.borrow();
        WORDS.with(|w| {
            let w = w.borrow();
            st.global_of
                .iter()
                .map(|&gid| w.stems.terms.get(gid as usize).map_or(0, |t| fnv1a(t)))
                .collect()
        })
    }

    /// Number of distinct stems seen.
    pub fn n_stems(&self) -> usize {
        self.state.borrow().global_of.len()
    }
}

/// 32-bit FNV-1a of a string's bytes.
pub fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

/// A moderate English stop list: function words only. Content words such as "said", "million",
/// "state", "people" stay, since news summaries are built from them.
pub fn is_stop_word(w: &str) -> bool {
    // A hash set, not a binary search of the sorted list: the clusterer asks for every new word
    // of a stream, and seven string comparisons a word were a tenth of its time.
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    SET.contains(w)
}

const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Interns terms (stems or stem bigrams) to dense ids.
#[derive(Default, Debug)]
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    pub terms: Vec<String>,
}

impl Vocab {
    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        id
    }
    pub fn len(&self) -> usize {
        self.terms.len()
    }
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// A sparse vector, sorted by term id, L2-normalised when built by `tfidf`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(u32, f32)>);

impl SparseVec {
    /// Counts term ids into a sorted sparse vector.
    pub fn from_counts(ids: impl IntoIterator<Item = u32>) -> SparseVec {
        let mut v: Vec<u32> = ids.into_iter().collect();
        v.sort_unstable();
        let mut out: Vec<(u32, f32)> = Vec::with_capacity(v.len());
        for id in v {
            match out.last_mut() {
                Some((last, w)) if *last == id => *w += 1.0,
                _ => out.push((id, 1.0)),
            }
        }
        SparseVec(out)
    }

    pub fn dot(&self, other: &SparseVec) -> f32 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }

    /// The vector laid out densely, indexed by term id: a long vector (the story centroid)
    /// read against many short ones costs each of them its own length, not both lengths.
    pub fn dense(&self) -> Vec<f32> {
        let len = self.0.last().map_or(0, |&(t, _)| t as usize + 1);
        let mut out = vec![0.0; len];
        for &(t, w) in &self.0 {
            out[t as usize] = w;
        }
        out
    }

    /// `dot` against a vector laid out by `dense`: the same products, summed in the same order.
    pub fn dot_dense(&self, dense: &[f32]) -> f32 {
        let mut s = 0.0;
        for &(t, w) in &self.0 {
            if let Some(&d) = dense.get(t as usize) {
                if d != 0.0 {
                    s += w * d;
                }
            }
        }
        s
    }

    pub fn norm(&self) -> f32 {
        self.0.iter().map(|(_, w)| w * w).sum::<f32>().sqrt()
    }

    pub fn normalize(&mut self) {
        let n = self.norm();
        if n > 0.0 {
            for (_, w) in &mut self.0 {
                *w /= n;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Cosine of two vectors (0 when either is empty).
pub fn cosine(a: &SparseVec, b: &SparseVec) -> f32 {
    let d = a.norm() * b.norm();
    if d == 0.0 {
        0.0
    } else {
        a.dot(b) / d
    }
}

/// `cosine` of `a` and a vector laid out by `SparseVec::dense`, given that vector's norm.
pub fn cosine_dense(a: &SparseVec, b: &[f32], b_norm: f32) -> f32 {
    let d = a.norm() * b_norm;
    if d == 0.0 {
        0.0
    } else {
        a.dot_dense(b) / d
    }
}

/// TF-IDF weighting of count vectors in place, with smoothed IDF over the given collection,
/// then L2 normalisation.
pub fn tfidf(docs: &mut [SparseVec], vocab_len: usize) -> Vec<f32> {
    let mut df = vec![0u32; vocab_len];
    for d in docs.iter() {
        for (id, _) in &d.0 {
            df[*id as usize] += 1;
        }
    }
    let n = docs.len() as f32;
    let idf: Vec<f32> = df
        .iter()
        .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
        .collect();
    for d in docs.iter_mut() {
        for (id, w) in &mut d.0 {
            *w = (1.0 + w.ln()) * idf[*id as usize];
        }
        d.normalize();
    }
    idf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_list_is_sorted_and_keeps_content_words() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "binary search needs a sorted list"
        );
        for w in ["said", "million", "state", "people", "killed"] {
            assert!(!is_stop_word(w), "{w}");
        }
        assert!(is_stop_word("the"));
    }

    /// `words` as first written, with `str` methods: the specification the scanner must meet.
    fn reference_words(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.' | ',')))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .flat_map(|w| {
                let numeric = w.bytes().any(|c| c.is_ascii_digit());
                let seps: &[char] = if numeric { &[] } else { &[',', '.'] };
                w.split(seps)
            })
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
    }

    #[test]
    fn words_split_like_the_reference() {
        for text in [
            "Ferries were sinking; 3.5 million people's homes flooded.",
            "killed,including end.The so-called U.S. don't -- '90s ,, ..x.. 1,200,000 a.b.c.",
            "",
            "   ",
            "...,,,''--",
            "e-mail: bob@example.com (AP) $1.2bn 25% #hashtag @handle x'y' 'quoted'",
            "end.",
            "a,b",
            "Café, naïve.Résumé — “quoted” people’s ’90s ’’ ‘x’ 東京, 3,5 €, ½-way",
            "’",
            "é",
            "\u{200b}word\u{00a0}next…",
        ] {
            let fast: Vec<&str> = words(text).collect();
            let reference: Vec<&str> = reference_words(text).collect();
            assert_eq!(fast, reference, "{text:?}");
        }
        assert_eq!(
            words("Café, naïve.Résumé").collect::<Vec<_>>(),
            vec!["Café", "naïve", "Résumé"]
        );
    }

    #[test]
    fn budget_words_count_like_wc() {
        for (text, expected) in [
            ("", 0),
            ("  one two\tthree\nfour ", 4),
            // Dashes, a lone "%" and "..." are words to `wc -w`.
            ("— a dash, 3.5 % and ... dots", 8),
            // `wc` may not split at the no-break space: counting it as a break only counts more.
            ("no\u{a0}break\u{2003}em\x0bvt\x0cff", 5),
            ("Café naïve — “quoted” 東京", 5),
        ] {
            assert_eq!(budget_words(text), expected, "{text:?}");
        }
    }

    #[test]
    fn tokens_stem_and_keep_numbers() {
        let t = Tokenizer::default();
        let toks = t.tokens("Ferries were sinking; 3.5 million people's “homes” flooded. Ferry");
        let stems: Vec<String> = toks.iter().map(|x| t.stem_text(x.stem)).collect();
        assert_eq!(
            stems,
            vec!["ferri", "were", "sink", "3.5", "million", "peopl", "home", "flood", "ferri"]
        );
        assert!(toks[1].stop && !toks[0].stop);
        assert_eq!(toks[0].stem, toks[8].stem, "same stem, same id");
        assert!(!toks[3].alpha && toks[4].alpha);
    }

    #[test]
    fn cosine_of_identical_vectors_is_one() {
        let a = SparseVec::from_counts([3, 1, 1, 7]);
        assert_eq!(a.0, vec![(1, 2.0), (3, 1.0), (7, 1.0)]);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&a, &SparseVec::from_counts([2])), 0.0);
    }

    #[test]
    fn a_dense_layout_gives_the_same_dot_and_cosine_bit_for_bit() {
        let long = SparseVec((0..40).map(|t| (t * 3, 0.1 + t as f32 / 7.0)).collect());
        let shorts = [
            SparseVec(vec![(0, 0.3), (5, 1.0), (6, 0.25), (117, 2.0), (500, 1.0)]),
            SparseVec(vec![(1, 1.0), (2, 1.0)]),
            SparseVec::default(),
        ];
        let (dense, norm) = (long.dense(), long.norm());
        assert_eq!(dense.len(), 118);
        for v in &shorts {
            assert_eq!(v.dot(&long).to_bits(), v.dot_dense(&dense).to_bits());
            assert_eq!(
                cosine(v, &long).to_bits(),
                cosine_dense(v, &dense, norm).to_bits()
            );
        }
        assert!(shorts[0].dot_dense(&dense) > 0.0);
        assert_eq!(shorts[1].dot_dense(&dense), 0.0);
    }
}
