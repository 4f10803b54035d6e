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
    /// Not eligible only because it is part of a quotation with no speaker in it ("We will
    /// rebuild.) — it may stand in a summary with the rest of its quotation.
    pub quote_part: bool,
}

/// The two words of a bigram concept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BigramWords {
    pub stems: (u32, u32),
    /// How many of the two are stop words (0 or 1: two stop words make no concept).
    pub stops: u8,
    /// How many of the two are bare numbers.
    pub numbers: u8,
}

/// All features of a story.
pub struct StoryFeatures {
    pub sentences: Vec<SentenceFeatures>,
    /// Distinct content stems and bigram concepts in the story.
    pub n_stems: usize,
    pub n_bigrams: usize,
    /// Per bigram concept: its two story-local stem ids, and whether each word is a stop word
    /// or a bare number (see `BigramWords`), as first seen.
    pub bigram_words: Vec<BigramWords>,
    /// Per stem id, a hash of the stem's text (`Tokenizer::stem_hashes`).
    pub stem_hashes: Vec<u32>,
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
    let mut bigram_words = Vec::new();
    let mut feats = Vec::with_capacity(sentences.len());
    let mut vecs = Vec::with_capacity(sentences.len());
    let mut per_source_len = vec![0usize; n_sources + 1];
    for s in sentences {
        per_source_len[s.source] = per_source_len[s.source].max(s.index + 1);
    }
    let caseless = caseless_sources(sentences, n_sources);
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
            let id = *bigrams.entry((w[0].stem, w[1].stem)).or_insert(next);
            if id == next {
                bigram_words.push(BigramWords {
                    stems: (w[0].stem, w[1].stem),
                    stops: w[0].stop as u8 + w[1].stop as u8,
                    numbers: !w[0].alpha as u8 + !w[1].alpha as u8,
                });
            }
            bg.push(id);
        }
        vecs.push(SparseVec::from_counts(content.iter().copied()));
        let len = per_source_len[s.source].max(1) as f32;
        let words = budget_words(&s.text);
        let Eligibility {
            eligible,
            dangling,
            quote_part,
        } = eligibility_counted(&s.text, words, !caseless[s.source]);
        feats.push(SentenceFeatures {
            words,
            tfidf: SparseVec::default(),
            stems: content,
            bigrams: bg,
            position: s.index as f32 / len,
            eligible,
            dangling,
            quote_part,
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
        bigram_words,
        stem_hashes: tok.stem_hashes(),
        n_sources,
    }
}

/// Per source id, whether its text was lower-cased (as some corpora are: Multi-News ships its
/// articles lower-cased, then sentence-cased): fewer than 1 in 50 of its words inside sentences
/// open with a capital, where names alone make that about 1 in 10 in edited English.
pub fn caseless_sources(sentences: &[Sentence], n_sources: usize) -> Vec<bool> {
    let mut words = vec![(0usize, 0usize); n_sources + 1];
    for s in sentences {
        let (alpha, upper) = &mut words[s.source];
        for w in s.text.split_whitespace().skip(1) {
            if let Some(c) = w.chars().next().filter(|c| c.is_alphabetic()) {
                *alpha += 1;
                *upper += c.is_uppercase() as usize;
            }
        }
    }
    words
        .iter()
        .map(|&(alpha, upper)| alpha >= 20 && upper * 50 < alpha)
        .collect()
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
    let e = eligibility_counted(text, budget_words(text), true);
    (e.eligible, e.dangling)
}

/// What `eligibility_counted` finds of one sentence.
struct Eligibility {
    eligible: bool,
    dangling: bool,
    /// Well formed, but a part of a quotation with no speaker in it: it may stand in a summary
    /// only with the rest of its quotation (`select::needs`).
    quote_part: bool,
}

/// `eligibility` of a sentence of `words` budget words. `cased`: its source's capitals mean
/// something (see `caseless_sources`); in a lower-cased source a lower-case opening is no sign
/// of a fragment.
fn eligibility_counted(text: &str, words: usize, cased: bool) -> Eligibility {
    let first = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    let dangling =
        lowered(first, is_dangling_opener) || pronoun_speaker(text) || pronoun_after_opening(text);
    let opens_lower = cased
        && text
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase);
    // Closing marks may stand apart, as in `ends_like_sentence`.
    let is_question = text
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '\'' | '’' | ')'))
        .ends_with('?');
    let well_formed =
        (6..=70).contains(&words) && ends_like_sentence(text) && !opens_lower && !is_question;
    let quoted_alone = quote_without_speaker(text);
    Eligibility {
        eligible: well_formed && !quoted_alone,
        dangling,
        quote_part: well_formed && quoted_alone,
    }
}

/// A pronoun subject right after a short opening phrase ("On Tuesday he said…", "Minutes later,
/// its doors opened"): it points back as much as a sentence opening with "He" does. After a
/// comma any pronoun counts; without one only a subject pronoun after a preposition or a time
/// word ("In his speech, Obama…" names its own referent).
fn pronoun_after_opening(text: &str) -> bool {
    const OPENERS: &[&str] = &[
        "on", "in", "at", "by", "after", "before", "later", "minutes", "hours", "days", "weeks",
        "months", "years", "moments", "shortly", "soon", "earlier", "since", "during", "until",
    ];
    let head: Vec<(&str, bool)> = text
        .split_whitespace()
        .take(6)
        .map(|w| {
            let comma = w.ends_with(',');
            (
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
                comma,
            )
        })
        .collect();
    let Some(first) = head.first() else {
        return false;
    };
    let opens = lowered(first.0, |w| OPENERS.contains(&w));
    (1..head.len().min(5)).any(|i| {
        let after_comma = head[i - 1].1;
        lowered(head[i].0, |w| {
            let subject = matches!(w, "he" | "she" | "they" | "it");
            let any = subject || matches!(w, "its" | "his" | "her" | "their");
            (after_comma && any) || (opens && subject)
        }) && (after_comma || head[..i].iter().all(|(_, comma)| !comma))
    })
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
        // Part of a quotation that spans sentences; but its last part, closed and followed by
        // its speaker ("It was over, " says the coach.), reads as a quotation of its own.
        let closes_with_speaker = (straight % 2 == 1 && open == close
            || straight % 2 == 0 && close == open + 1)
            && text
                .rmatch_indices(['"', '”'])
                .next()
                .is_some_and(|(at, mark)| says_who(&text[at + mark.len()..]));
        return !closes_with_speaker;
    }
    let starts_quoted = text.trim_start().starts_with(['"', '“', '\'', '‘']);
    if !starts_quoted {
        return false;
    }
    !says_who(text)
}

/// Whether a text holds a verb of saying.
fn says_who(text: &str) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .any(is_speech_verb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lower_cased_source_may_open_sentences_in_lower_case() {
        let sentence = |source: usize, text: &str| Sentence {
            source,
            index: 0,
            start: 0,
            end: text.len(),
            text: text.to_string(),
            paragraph: 0,
        };
        let lowered = "the mayor of harlow said the bridge over the river stort would reopen on monday after two weeks of repairs by the county.";
        let cased = "The Mayor of Harlow said the bridge over the River Stort would reopen on Monday after two weeks of repairs by Essex County.";
        let sentences = vec![
            sentence(1, lowered),
            sentence(1, lowered),
            sentence(2, cased),
            sentence(
                2,
                "and the tolls stay as they were for drivers crossing from the north.",
            ),
        ];
        assert_eq!(caseless_sources(&sentences, 2), vec![false, true, false]);
        let f = represent(&sentences, 2, &Tokenizer::default(), Vec::new());
        assert!(f.sentences[0].eligible, "lower-cased source");
        assert!(
            !f.sentences[3].eligible,
            "a lower-case opening in edited text is a fragment"
        );
    }

    #[test]
    fn a_pronoun_after_an_opening_phrase_needs_the_sentence_before() {
        for needs in [
            "On Tuesday he said the bridge would reopen within the month.",
            "Minutes later, its doors opened to the waiting crowd outside.",
            "After the vote, they left the chamber without a word to reporters.",
        ] {
            assert!(eligibility(needs).1, "{needs}");
        }
        for alone in [
            "In his speech, the mayor said the bridge would reopen within the month.",
            "On Tuesday the county said the bridge would reopen within the month.",
            "The mayor said on Tuesday that he expects the bridge to reopen.",
        ] {
            assert!(!eligibility(alone).1, "{alone}");
        }
    }

    #[test]
    fn the_end_of_a_quotation_with_its_speaker_stands_alone() {
        // Its opening mark is in the sentence before; it closes and names its speaker.
        assert!(eligibility("It was the best day of my life, \" the coach said after the game.").0);
        assert!(eligibility("It was the best day of my life,” says the coach.").0);
        // A quotation that opens and runs on is still a fragment.
        assert!(!eligibility("The coach said: \"It was the best day of my life.").0);
    }

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
        let spaced = "The mayor asked ( will the bridge reopen before the winter storms arrive ? )";
        assert!(
            !eligibility(spaced).0,
            "a question with its closing mark set apart"
        );
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
