//! What the clusterer keeps of one article: a TF-IDF-ready bag of stemmed content terms from its
//! title and lead, a bottom-k MinHash sketch of its word shingles (near-duplicates), a hash of its
//! whole text (exact duplicates) and a headline. Built in one pass over the text, with a bounded
//! word cache: a stream's vocabulary never stops growing.

use crate::clean::{paragraph_spans, phrase_junk};
use crate::represent::{is_stop_word, words};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// Words of the article body read for its terms: a story is told in its first paragraphs, and
/// the rest of a long article drifts to background and to other stories.
pub const LEAD_WORDS: usize = 300;
/// Content terms at the head of the lead that count double: the opening sentences say what the
/// story is, later ones add background shared with other stories. (60 beat 30, 45, 75, 100 and
/// 150, and a weight of 2 beat 2.5 and 3, on six shuffles of Multi-News; docs/benchmarks.md.)
const HEAD_TERMS: usize = 60;
const HEAD_WEIGHT: f32 = 2.0;
/// What a capitalised word counts: names (of people, places, bodies, products) tell one story
/// from another on the same subject far better than common words do. (2 beat 1.5 and 3.)
const CAPITALISED_WEIGHT: f32 = 2.0;
/// Words read for the near-duplicate sketch.
const SKETCH_WORDS: usize = 600;
/// Longest paragraph, in words, that web-furniture phrases condemn: in a longer one the phrase is
/// part of the article ("all rights reserved" quoted in a story about copyright).
const JUNK_MAX_WORDS: usize = 120;
/// Body words an article's embedding reads.
pub const EMBED_WORDS: usize = 150;
/// Size of the bottom-k MinHash sketch.
pub const SKETCH_K: usize = 64;
/// Words per shingle.
const SHINGLE: usize = 4;
/// Distinct words the cache holds before it starts afresh.
const WORD_CACHE_MAX: usize = 100_000;
/// Longest headline taken from the text when the article has no title, in words.
const HEADLINE_WORDS: usize = 20;
/// Bytes of the opening paragraph the headline's sentence is looked for in (20 long words).
const HEADLINE_BYTES: usize = 400;

/// One article, reduced.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// (term hash, weighted count), sorted by term: title terms, the head of the lead and
    /// capitalised words count double (and a capitalised word in the head four times).
    pub terms: Vec<(u32, f32)>,
    /// The smallest `SKETCH_K` distinct shingle hashes, ascending.
    pub sketch: Vec<u64>,
    /// Hash of the text's words, lower-cased: equal for copies that differ only in spacing/case.
    pub exact: u64,
    /// The title, or the opening words of the first kept paragraph.
    pub headline: String,
}

/// Turns articles into profiles; holds the word → term cache and the stemmer.
pub struct Profiler {
    stemmer: Stemmer,
    /// Hash of the lower-cased word → term hash, 0 for words that are not terms (stop words,
    /// numbers). Keyed by the 64-bit hash, not the word: a table of strings costs a heap chase
    /// and a byte comparison per lookup, and two of 100,000 words share a hash about once in
    /// 10^9 caches.
    cache: FxHashMap<u64, u32>,
    lower: String,
}

impl Default for Profiler {
    fn default() -> Self {
        Profiler {
            stemmer: Stemmer::create(Algorithm::English),
            cache: FxHashMap::default(),
            lower: String::new(),
        }
    }
}

fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = FxHasher::default();
    v.hash(&mut h);
    h.finish()
}

/// Spreads the bits of a hash (FxHash of short keys is weak in the low bits that MinHash ranks).
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

impl Profiler {
    /// Lower-cases a word into `self.lower`; returns its hash.
    fn lower_hash(&mut self, word: &str) -> u64 {
        self.lower.clear();
        if word.is_ascii() {
            self.lower
                .extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        } else {
            self.lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        hash_of(self.lower.as_str())
    }

    /// Feeds the lower-cased runs of letters and digits of a text to `hasher`, one hash each.
    fn hash_runs(&mut self, text: &str, hasher: &mut FxHasher) {
        let mut start = None;
        for (at, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    self.lower_hash(&text[from..at]).hash(hasher);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            self.lower_hash(&text[from..]).hash(hasher);
        }
    }

    /// The term of a word (0: none), and its lower-cased hash for shingles.
    fn term(&mut self, word: &str) -> (u32, u64) {
        let wh = self.lower_hash(word);
        if let Some(&t) = self.cache.get(&wh) {
            return (t, wh);
        }
        let lower = self.lower.as_str();
        let base = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("’s"))
            .unwrap_or(lower);
        let t = if is_stop_word(lower)
            || is_stop_word(base)
            || base.chars().count() < 2
            || !base.chars().any(char::is_alphabetic)
        {
            0
        } else {
            // Never 0: that means "no term".
            (mix(hash_of(self.stemmer.stem(base).as_ref())) as u32).max(1)
        };
        if self.cache.len() >= WORD_CACHE_MAX {
            self.cache.clear();
        }
        self.cache.insert(wh, t);
        (t, wh)
    }

    pub fn profile(&mut self, title: Option<&str>, text: &str) -> Profile {
        let mut counts: FxHashMap<u32, f32> = FxHashMap::default();
        if let Some(title) = title {
            for w in words(title) {
                let (t, _) = self.term(w);
                if t != 0 {
                    *counts.entry(t).or_default() += 2.0;
                }
            }
        }
        let mut headline = title.map(str::trim).unwrap_or_default().to_string();
        let mut exact = FxHasher::default();
        let mut window = [0u64; SHINGLE];
        let (mut n_lead, mut n_words) = (0usize, 0usize);
        let mut shingles: Vec<u64> = Vec::with_capacity(SKETCH_WORDS);
        for para in paragraph_spans(text) {
            let para = &text[para];
            let reading = n_words < SKETCH_WORDS || n_lead < LEAD_WORDS;
            if !reading {
                // Past the lead and the sketch only the exact hash reads on, through a cheaper
                // split than `words`: runs of letters and digits.
                self.hash_runs(para, &mut exact);
                continue;
            }
            if is_furniture(para) {
                continue;
            }
            if headline.is_empty() {
                headline = opening_words(para);
            }
            for w in words(para) {
                // Past the lead only the word's hash is wanted: no stemming.
                let (t, wh) = if n_lead < LEAD_WORDS {
                    self.term(w)
                } else {
                    (0, self.lower_hash(w))
                };
                wh.hash(&mut exact);
                if n_words < SKETCH_WORDS {
                    window[n_words % SHINGLE] = wh;
                    if n_words + 1 >= SHINGLE {
                        // Order matters in a shingle: rotate so the oldest word comes first.
                        let mut h = 0u64;
                        for k in 0..SHINGLE {
                            h = h.rotate_left(17) ^ window[(n_words + 1 + k) % SHINGLE];
                        }
                        shingles.push(mix(h));
                    }
                }
                n_words += 1;
                if t != 0 && n_lead < LEAD_WORDS {
                    let mut weight = 1.0;
                    if n_lead < HEAD_TERMS {
                        weight *= HEAD_WEIGHT;
                    }
                    if w.starts_with(char::is_uppercase) {
                        weight *= CAPITALISED_WEIGHT;
                    }
                    *counts.entry(t).or_default() += weight;
                }
                n_lead += usize::from(t != 0);
            }
        }
        let sketch = bottom_k(shingles);
        let mut terms: Vec<(u32, f32)> = counts.into_iter().collect();
        terms.sort_unstable_by_key(|&(t, _)| t);
        Profile {
            terms,
            sketch,
            exact: exact.finish(),
            headline,
        }
    }
}

/// The `SKETCH_K` smallest distinct hashes, ascending, in a fresh exact-size vector (a sketch
/// lives as long as its story, the buffer does not). Sorts only the smallest `2 × SKETCH_K`
/// after a linear-time selection, and the whole list only when repeats leave too few distinct.
fn bottom_k(mut hashes: Vec<u64>) -> Vec<u64> {
    let take = 2 * SKETCH_K;
    let head = if hashes.len() > take {
        hashes.select_nth_unstable(take);
        &mut hashes[..=take]
    } else {
        &mut hashes[..]
    };
    head.sort_unstable();
    let distinct = |sorted: &[u64]| {
        let mut out: Vec<u64> = Vec::with_capacity(SKETCH_K.min(sorted.len()));
        for &h in sorted {
            if out.len() == SKETCH_K {
                break;
            }
            if out.last() != Some(&h) {
                out.push(h);
            }
        }
        out
    };
    let sketch = distinct(head);
    if sketch.len() == SKETCH_K || head.len() == hashes.len() {
        return sketch;
    }
    hashes.sort_unstable();
    distinct(&hashes)
}

/// A paragraph of web furniture ("Subscribe now"), which neither the terms nor the embedding read.
fn is_furniture(para: &str) -> bool {
    para.split_whitespace().nth(JUNK_MAX_WORDS).is_none() && phrase_junk(para).is_some()
}

/// What an embedding of the article reads: its title and the opening of its body, skipping the
/// paragraphs the term profile skips (web furniture), up to `EMBED_WORDS` words. A sentence
/// encoder reads a few hundred tokens at most, and the lead is where the story is.
pub fn embedding_text(title: Option<&str>, text: &str) -> String {
    let mut out = String::new();
    let mut n = 0usize;
    let push = |w: &str, out: &mut String| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    };
    if let Some(title) = title {
        for w in title.split_whitespace() {
            push(w, &mut out);
        }
        if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
            out.push('.');
        }
    }
    for para in paragraph_spans(text) {
        let para = &text[para];
        if is_furniture(para) {
            continue;
        }
        for w in para.split_whitespace() {
            if n == EMBED_WORDS {
                return out;
            }
            push(w, &mut out);
            n += 1;
        }
    }
    out
}

/// The opening of a paragraph: its first sentence, cut at `HEADLINE_WORDS` words. The sentence
/// splitter, not the first full stop, decides where it ends ("The U.S. ambassador…" is one
/// sentence); it reads only the first few hundred bytes, since a paragraph can be a whole page.
fn opening_words(para: &str) -> String {
    let mut end = para.len().min(HEADLINE_BYTES);
    while !para.is_char_boundary(end) {
        end -= 1;
    }
    let head = &para[..end];
    let first = crate::segment::split_sentences(head)
        .into_iter()
        .next()
        .map_or(head, |r| &head[r]);
    let mut out = String::new();
    for (i, w) in first.split_whitespace().enumerate() {
        if i == HEADLINE_WORDS {
            out.push('…');
            break;
        }
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Estimated Jaccard similarity of two shingle sets from their bottom-k sketches.
pub fn sketch_similarity(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // The k smallest of the union, and how many of them are in both.
    let k = a.len().max(b.len());
    let (mut i, mut j, mut taken, mut both) = (0, 0, 0, 0);
    while taken < k && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), None) => i += 1,
            _ => j += 1,
        }
        taken += 1;
    }
    both as f32 / taken as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str =
        "The county reopened the Tolly Ford bridge on Monday after two years of repairs.\n\
        Engineers replaced the deck and strengthened the piers, the county roads office said.\n\
        Subscribe now for unlimited access.\n\
        Traffic on the detour through Marlow fell back to normal by the evening rush hour.";

    #[test]
    fn terms_are_stemmed_content_words_and_junk_is_skipped() {
        let mut p = Profiler::default();
        let a = p.profile(None, BODY);
        let b = p.profile(None, &BODY.replace("repairs", "repair"));
        assert_eq!(
            a.terms, b.terms,
            "stemming maps repairs and repair together"
        );
        let (t_sub, _) = p.term("subscribe");
        assert!(a.terms.iter().all(|&(t, _)| t != t_sub), "junk line read");
        let (t_the, _) = p.term("the");
        assert_eq!(t_the, 0);
        assert!(a.headline.starts_with("The county reopened"));
        assert!(a.headline.ends_with("repairs."));
    }

    #[test]
    fn title_counts_twice_and_becomes_the_headline() {
        let mut p = Profiler::default();
        let a = p.profile(Some("Bridge reopens"), BODY);
        let (bridge, _) = p.term("bridge");
        let count = a.terms.iter().find(|&&(t, _)| t == bridge).unwrap().1;
        assert_eq!(
            count, 4.0,
            "twice from the title, twice from the body's head"
        );
        assert_eq!(a.headline, "Bridge reopens");
    }

    #[test]
    fn the_headline_is_the_first_sentence_not_the_first_full_stop() {
        let mut p = Profiler::default();
        let a = p.profile(
            None,
            "The U.S. envoy visited the port of Varn on Monday. Talks resume next week.",
        );
        assert_eq!(
            a.headline,
            "The U.S. envoy visited the port of Varn on Monday."
        );
        let long = "word ".repeat(5_000);
        let b = p.profile(None, &long);
        assert_eq!(b.headline.split_whitespace().count(), HEADLINE_WORDS);
        assert!(b.headline.ends_with('…'));
    }

    #[test]
    fn names_and_the_head_of_the_lead_weigh_more() {
        let mut p = Profiler::default();
        // 60 distinct content words fill the head; what follows is counted once.
        let filler: Vec<String> = (0..HEAD_TERMS).map(|i| format!("filler{i}x")).collect();
        let text = format!(
            "The harbour flooded in 2014 near Calder.\n{}\nThe harbour stayed shut; Calder waited.",
            filler.join(" ")
        );
        let a = p.profile(None, &text);
        let count = |p: &mut Profiler, w: &str| {
            let (t, _) = p.term(w);
            assert_ne!(t, 0, "{w} is a term");
            a.terms.iter().find(|&&(x, _)| x == t).map_or(0.0, |e| e.1)
        };
        assert_eq!(count(&mut p, "harbour"), 2.0 + 1.0, "head, then after it");
        assert_eq!(
            count(&mut p, "Calder"),
            4.0 + 2.0,
            "a name: double in and after the head"
        );
        assert_eq!(p.term("2014").0, 0, "numbers are not terms");
    }

    #[test]
    fn copies_share_the_exact_hash_and_near_copies_a_similar_sketch() {
        let mut p = Profiler::default();
        let a = p.profile(None, BODY);
        let respaced = p.profile(None, &BODY.replace(' ', "  ").to_uppercase());
        assert_eq!(a.exact, respaced.exact);
        let edited = p.profile(
            None,
            &format!("{BODY}\nThe bridge carries about nine thousand vehicles a day."),
        );
        assert_ne!(a.exact, edited.exact);
        assert!(sketch_similarity(&a.sketch, &edited.sketch) > 0.5);
        let other = p.profile(
            None,
            "Voters in the northern district chose a new mayor on Sunday in a close race.\n\
             The winner promised to cut waiting times at the city hospital within a year.",
        );
        assert!(sketch_similarity(&a.sketch, &other.sketch) < 0.1);
        assert_eq!(sketch_similarity(&a.sketch, &a.sketch), 1.0);
    }

    #[test]
    fn the_exact_hash_reads_past_the_sketch_window_too() {
        // Long enough that its end lies past the lead and the sketch window.
        let long = format!("{BODY}\n").repeat(40);
        assert!(long.split_whitespace().count() > 2 * SKETCH_WORDS);
        let mut p = Profiler::default();
        let a = p.profile(None, &long);
        let respaced = p.profile(None, &long.replace(' ', " \t ").to_uppercase());
        assert_eq!(a.exact, respaced.exact);
        let edited = p.profile(None, &format!("{long}One more line at the very end."));
        assert_ne!(a.exact, edited.exact);
        // Only the last copy of the phrase changes: far past the window.
        let at = long.rfind("evening rush hour").unwrap();
        let reworded = format!("{}morning rush{}", &long[..at], &long[at + 17..]);
        assert_ne!(a.exact, p.profile(None, &reworded).exact);
    }

    #[test]
    fn the_sketch_is_the_smallest_distinct_hashes_even_among_many_repeats() {
        let plain = |hashes: &[u64]| {
            let mut v = hashes.to_vec();
            v.sort_unstable();
            v.dedup();
            v.truncate(SKETCH_K);
            v
        };
        let spread: Vec<u64> = (0..600u64).map(|i| mix(i) % 1000).collect();
        // Only 100 distinct values, each many times: the selected head holds too few distinct.
        let repeats: Vec<u64> = (0..600u64).map(|i| mix(i % 100)).collect();
        let short: Vec<u64> = (0..40u64).map(|i| 40 - i / 2).collect();
        for hashes in [spread, repeats, short, Vec::new()] {
            assert_eq!(bottom_k(hashes.clone()), plain(&hashes));
        }
    }
}
