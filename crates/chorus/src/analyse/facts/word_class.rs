//! What part of speech a word after a number usually is, learned from part-of-speech gold:
//! "two foremost powers" counts powers, not "foremost"; "hundreds outraged by…" counts nothing
//! nameable; "59 cruise missiles" counts cruise missiles. The table
//! (`word_classes.bin`, written by `chorus learn-word-classes` from CoNLL-2003's training split)
//! holds, per lower-cased word seen at least `MIN_COUNT` times, a 30-bit hash of the word and its
//! most frequent class — no text.

use std::sync::OnceLock;

/// A word's usual class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// A common noun, singular or mass ("missile", "water").
    Noun = 0,
    /// A plural common noun ("missiles", "people").
    Plural = 1,
    /// An adjective or participle that can stand between a number and its noun ("nuclear",
    /// "injured", "missing").
    Modifier = 2,
    /// Anything else: verbs, adverbs, prepositions, pronouns, proper nouns.
    Other = 3,
}

impl WordClass {
    fn from_bits(b: u32) -> Self {
        match b & 3 {
            0 => WordClass::Noun,
            1 => WordClass::Plural,
            2 => WordClass::Modifier,
            _ => WordClass::Other,
        }
    }

    /// The class of a Penn Treebank tag.
    pub fn of_tag(tag: &str) -> Self {
        match tag {
            "NN" => WordClass::Noun,
            "NNS" | "NNPS" => WordClass::Plural,
            "JJ" | "JJR" | "JJS" | "VBN" | "VBG" => WordClass::Modifier,
            _ => WordClass::Other,
        }
    }
}

/// A word is in the table when its gold data saw it this often.
pub const MIN_COUNT: u32 = 2;

static TABLE: &[u8] = include_bytes!("word_classes.bin");

/// The hash key of a word: FNV-1a (`represent::fnv1a`) of it in lower case, low two bits cleared
/// for the class.
pub fn key(word: &str) -> u32 {
    crate::represent::fnv1a(&word.to_ascii_lowercase()) & !3
}

/// One table entry: the key with the class in its low bits.
pub fn entry(word: &str, class: WordClass) -> u32 {
    key(word) | class as u32
}

fn table() -> &'static [u32] {
    static WORDS: OnceLock<Vec<u32>> = OnceLock::new();
    WORDS.get_or_init(|| {
        TABLE
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    })
}

/// The usual class of a word, or None when the gold data did not see it often enough.
pub fn class_of(word: &str) -> Option<WordClass> {
    let k = key(word);
    let t = table();
    let at = t.partition_point(|&e| e < k);
    t.get(at)
        .filter(|&&e| e & !3 == k)
        .map(|&e| WordClass::from_bits(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_knows_common_nouns_and_what_is_not_one() {
        assert_eq!(class_of("people"), Some(WordClass::Plural));
        assert_eq!(
            class_of("People"),
            Some(WordClass::Plural),
            "case does not matter"
        );
        assert_eq!(class_of("percent"), Some(WordClass::Noun));
        assert_eq!(class_of("missiles"), Some(WordClass::Plural));
        assert_eq!(class_of("foreign"), Some(WordClass::Modifier));
        assert_eq!(class_of("after"), Some(WordClass::Other));
        assert_eq!(class_of("directly"), Some(WordClass::Other));
        assert_eq!(class_of("zqxwv"), None);
    }
}
