//! Boilerplate learned from a crawl: pairs of consecutive sentences that recur word for word in
//! many unrelated stories ("You always have the option to delete your tweet location history." /
//! "Learn more"). News prose never repeats that way across stories — a stock sentence ("He was
//! 91.") may, but not together with the same neighbour — while site furniture comes in fixed
//! blocks. Learned by `chorus learn-boilerplate` from the Multi-News training split (which
//! stories, how many, and the threshold: `docs/cleaning.md`); shipped as sorted 64-bit hashes
//! of the pairs, which hold no text.
//!
//! A sentence is reduced to its lower-cased runs of ASCII letters and digits, so the same
//! furniture matches in the original text and in a lower-cased, tokenised copy of it.

use std::ops::Range;

/// The learned pairs: sorted little-endian `u64` hashes (`pair_hash`).
static PAIRS: &[u8] = include_bytes!("boilerplate_pairs.bin");

/// FNV-1a over the sentence's lower-cased ASCII letter-and-digit runs, one space between runs.
/// Stable across platforms and releases (the shipped table depends on it). None when the
/// sentence has no such run.
pub fn sentence_hash(sentence: &str) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut any = false;
    let mut in_run = false;
    for b in sentence.bytes() {
        if b.is_ascii_alphanumeric() {
            if !in_run && any {
                h ^= u64::from(b' ');
                h = h.wrapping_mul(PRIME);
            }
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(PRIME);
            any = true;
            in_run = true;
        } else {
            in_run = false;
        }
    }
    any.then_some(h)
}

/// The hash of two consecutive sentences.
pub fn pair_hash(first: u64, second: u64) -> u64 {
    // A multiply-xorshift mix: order matters, and a pair never equals either part's hash.
    let mut x = first ^ second.rotate_left(29).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

fn learned(pair: u64) -> bool {
    let n = PAIRS.len() / 8;
    let at = |i: usize| u64::from_le_bytes(PAIRS[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match at(mid).cmp(&pair) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Which of an article's sentences (spans into `text`, in order) are learned boilerplate: both
/// sentences of every consecutive pair in the table.
pub fn boilerplate_sentences(text: &str, sentences: &[Range<usize>]) -> Vec<bool> {
    let mut out = vec![false; sentences.len()];
    if PAIRS.is_empty() {
        return out;
    }
    let hashes: Vec<Option<u64>> = sentences
        .iter()
        .map(|r| sentence_hash(&text[r.clone()]))
        .collect();
    for i in 1..hashes.len() {
        if let (Some(a), Some(b)) = (hashes[i - 1], hashes[i]) {
            if learned(pair_hash(a, b)) {
                out[i - 1] = true;
                out[i] = true;
            }
        }
    }
    out
}

/// The number of learned pairs.
pub fn learned_pairs() -> usize {
    PAIRS.len() / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_ignores_case_punctuation_and_spacing() {
        assert_eq!(
            sentence_hash("Learn more about the U.S. ferry!"),
            sentence_hash("learn more about the u . s . ferry")
        );
        assert_ne!(sentence_hash("Learn more"), sentence_hash("Learn moree"));
        assert_ne!(sentence_hash("ab c"), sentence_hash("a bc"));
        assert_eq!(sentence_hash("— … —"), None);
    }

    #[test]
    fn pairs_are_ordered() {
        let (a, b) = (sentence_hash("one").unwrap(), sentence_hash("two").unwrap());
        assert_ne!(pair_hash(a, b), pair_hash(b, a));
    }

    #[test]
    fn the_table_is_sorted() {
        let hashes: Vec<u64> = PAIRS
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(PAIRS.len() % 8, 0);
        assert!(hashes.windows(2).all(|w| w[0] < w[1]));
    }
}
