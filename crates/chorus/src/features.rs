//! Sentences of a cleaned story and their features: the hand-off from segment + represent to
//! grouping and selection.

use crate::clean::{ends_like_sentence, CleanArticle};
use crate::ingest::Story;
use crate::represent::{budget_words, tfidf, SparseVec, Token, Tokenizer};
use crate::speech::{is_speech_verb, lowered, word_set};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::sync::OnceLock;

/// The unit everything points to: one sentence of one source, with its byte span in the
/// article text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sentence {
    /// Source id (1-based article id).
    pub source: usize,
    /// 0-based index among the kept sentences of that source.
    pub index: usize,
    pub start: usize,
    pub end: usize,
    /// The span's text with white space runs collapsed to one space.
    pub text: String,
    /// Paragraph number within the kept paragraphs of its source.
    #[serde(skip)]
    pub paragraph: usize,
}

/// The kept sentences of every article (the cleaner segments, since it judges sentences too).
pub fn segment_story(story: &Story, cleaned: &[CleanArticle]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (article, clean) in story.articles.iter().zip(cleaned) {
        for (index, (p, r)) in clean.sentences.iter().enumerate() {
            let raw = &article.text[r.clone()];
            out.push(Sentence {
                source: article.id,
                index,
                start: r.start,
                end: r.end,
                text: normalize_space(raw),
                paragraph: *p,
            });
        }
    }
    out
}

/// Collapses runs of white space into one space.
pub fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Features of one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    /// Words as the budget counts them.
    pub words: usize,
    /// TF-IDF over content stems, L2-normalised.
    pub tfidf: SparseVec,
    /// Content stem ids (no stop words), in order.
    pub stems: Vec<u32>,
    /// Bigram concept ids: adjacent stems, not both stop words.
    pub bigrams: Vec<u32>,
    /// Relative position in its source, 0 for the first sentence, towards 1 for the last.
    pub position: f32,
    /// May stand in a summary on its own (see `eligibility`).
    pub eligible: bool,
    /// Opens with a pronoun or connective that needs the sentence before it.
    pub dangling: bool,
}

/// All features of a story.
pub struct StoryFeatures {
    pub sentences: Vec<SentenceFeatures>,
    /// Distinct content stems and bigram concepts in the story.
    pub n_stems: usize,
    pub n_bigrams: usize,
    /// Number of sources.
    pub n_sources: usize,
}

impl StoryFeatures {
    /// The story centroid: the normalised sum of every sentence's TF-IDF vector.
    pub fn centroid(&self) -> SparseVec {
        // Term ids are dense stem ids: a vector indexed by term sums them (in sentence order).
        let mut acc: Vec<Option<f32>> = vec![None; self.n_stems];
        for f in &self.sentences {
            for &(t, w) in &f.tfidf.0 {
                let t = t as usize;
                if t >= acc.len() {
                    acc.resize(t + 1, None);
                }
                *acc[t].get_or_insert(0.0) += w;
            }
        }
        let terms = acc
            .into_iter()
            .enumerate()
            .filter_map(|(t, w)| Some((t as u32, w?)));
        let mut v = SparseVec(terms.collect());
        v.normalize();
        v
    }
}

/// `pre_tokens`, when not empty, holds each sentence's tokens already (from the cleaner).
pub fn represent(
    sentences: &[Sentence],
    n_sources: usize,
    tok: &Tokenizer,
    pre_tokens: Vec<Vec<Token>>,
) -> StoryFeatures {
    let mut pre_tokens = pre_tokens.into_iter();
    let reuse = pre_tokens.len() == sentences.len();
    let mut bigrams: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut feats = Vec::with_capacity(sentences.len());
    let mut vecs = Vec::with_capacity(sentences.len());
    let mut per_source_len = vec![0usize; n_sources + 1];
    for s in sentences {
        per_source_len[s.source] = per_source_len[s.source].max(s.index + 1);
    }
    for s in sentences {
        let toks = match pre_tokens.next() {
            Some(t) if reuse => t,
            _ => tok.tokens(&s.text),
        };
        let content: Vec<u32> = toks.iter().filter(|t| !t.stop).map(|t| t.stem).collect();
        let mut bg = Vec::new();
        for w in toks.windows(2) {
            if w[0].stop && w[1].stop {
                continue;
            }
            let next = bigrams.len() as u32;
            bg.push(*bigrams.entry((w[0].stem, w[1].stem)).or_insert(next));
        }
        vecs.push(SparseVec::from_counts(content.iter().copied()));
        let len = per_source_len[s.source].max(1) as f32;
        let words = budget_words(&s.text);
        let (eligible, dangling) = eligibility_counted(&s.text, words);
        feats.push(SentenceFeatures {
            words,
            tfidf: SparseVec::default(),
            stems: content,
            bigrams: bg,
            position: s.index as f32 / len,
            eligible,
            dangling,
        });
    }
    let n_stems = tok.n_stems();
    tfidf(&mut vecs, n_stems);
    for (f, v) in feats.iter_mut().zip(vecs) {
        f.tfidf = v;
    }
    StoryFeatures {
        sentences: feats,
        n_stems,
        n_bigrams: bigrams.len(),
        n_sources,
    }
}

/// Words that, opening a sentence, point back at something the reader has not been told.
const DANGLING_OPENERS: &[&str] = &[
    "he",
    "she",
    "they",
    "it",
    "him",
    "her",
    "his",
    "hers",
    "their",
    "theirs",
    "its",
    "them",
    "this",
    "these",
    "those",
    "that",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "also",
    "however",
    "meanwhile",
    "moreover",
    "furthermore",
    "still",
    "instead",
    "then",
    "thus",
    "therefore",
    "besides",
    "nevertheless",
    "nonetheless",
    "otherwise",
    "likewise",
    "similarly",
    "additionally",
    "indeed",
    "again",
    "there",
    "here",
    "such",
    "both",
    "neither",
    "nor",
    "which",
    "whom",
    "whose",
    "later",
    "afterward",
    "afterwards",
    "earlier",
    "too",
    "anyway",
    "because",
    "though",
    "although",
    "while",
];

/// One of `DANGLING_OPENERS` (lower case).
fn is_dangling_opener(w: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    word_set(&SET, DANGLING_OPENERS).contains(w)
}

/// Whether a sentence may stand alone in a summary, and whether it opens with a word that
/// needs its predecessor. Ineligible: too short or long, no sentence punctuation, questions,
/// lower-case openings, and quotations with no speaker in them (fragments of a longer quote).
pub fn eligibility(text: &str) -> (bool, bool) {
    eligibility_counted(text, budget_words(text))
}

/// `eligibility` of a sentence of `words` budget words.
fn eligibility_counted(text: &str, words: usize) -> (bool, bool) {
    let first = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    let dangling = lowered(first, is_dangling_opener) || pronoun_speaker(text);
    let opens_lower = text
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase);
    let is_question = text
        .trim_end()
        .trim_end_matches(['"', '”', '\'', '’', ')'])
        .ends_with('?');
    let eligible = (6..=70).contains(&words)
        && ends_like_sentence(text)
        && !opens_lower
        && !is_question
        && !quote_without_speaker(text);
    (eligible, dangling)
}

/// A quotation attributed to a pronoun ("…," he said. / said she): the speaker is named in an
/// earlier sentence, so the quote needs it as much as a sentence opening with "He" does.
fn pronoun_speaker(text: &str) -> bool {
    if !text.contains(['"', '“', '”']) {
        return false;
    }
    let pronoun = |w: &str| matches!(w, "he" | "she" | "they" | "it");
    // (a pronoun, a verb of saying) for the word before.
    let mut before = (false, false);
    for w in text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        let this = lowered(w, |w| (pronoun(w), is_speech_verb(w)));
        if (before.0 && this.1) || (before.1 && this.0) {
            return true;
        }
        before = this;
    }
    false
}

fn quote_without_speaker(text: &str) -> bool {
    let (mut straight, mut open, mut close) = (0, 0, 0);
    for c in text.chars() {
        match c {
            '"' => straight += 1,
            '“' => open += 1,
            '”' => close += 1,
            _ => {}
        }
    }
    if straight % 2 == 1 || open != close {
        return true; // part of a quotation that spans sentences
    }
    let starts_quoted = text.trim_start().starts_with(['"', '“', '\'', '‘']);
    if !starts_quoted {
        return false;
    }
    let lower = text.to_lowercase();
    !lower
        .split(|c: char| !c.is_alphabetic())
        .any(is_speech_verb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eligibility_rules() {
        assert_eq!(
            eligibility("The bridge reopened on Monday after two weeks of repairs."),
            (true, false)
        );
        assert_eq!(
            eligibility("He said the bridge reopened on Monday after repairs."),
            (true, true)
        );
        assert!(
            !eligibility("“We will rebuild it,” the mayor").0,
            "no sentence punctuation"
        );
        assert!(
            !eligibility("“We will rebuild every last span of it by spring.”").0,
            "quote with no speaker"
        );
        assert!(eligibility("“We will rebuild every span of it by spring,” the mayor said.").0);
        assert!(!eligibility("Will the bridge reopen before the winter storms arrive?").0);
        assert!(!eligibility("Closed.").0);
        assert!(
            eligibility("“We will rebuild every span of it by spring,” she said on Friday.").1,
            "pronoun speaker"
        );
        assert!(!eligibility("“We will rebuild every span of it by spring,” the mayor said.").1);
    }

    #[test]
    fn normalize_space_collapses_runs() {
        assert_eq!(normalize_space(" a \n\t b  c "), "a b c");
    }
}
