//! What a candidate must come with to read right in a summary: a sentence that opens with a
//! dangling word ("He said…", "But…") comes after the sentences before it, back to one that
//! stands alone, and a part of a quotation that runs over several sentences comes with the rest
//! of that quotation, so that no summary shows a speaker's words as the outlet's own or a
//! quotation mark that never closes.

use crate::features::{Sentence, StoryFeatures};
use crate::group::Group;
use crate::speech::{has_mark, unpaired, Unpaired};

/// A quotation followed over at most this many sentences; longer runs are left out (a
/// quotation that long is a statement, not a sentence of a brief, and a mark read wrong would
/// otherwise pull in a whole paragraph).
const MAX_QUOTATION_SENTENCES: usize = 3;

/// A dangling sentence may bring at most this many sentences before it (the nearest that
/// stands alone, through dangling ones). Chosen on the Multi-News+ validation split: 1 / 2 / 3
/// → ROUGE-2 14.81 / 14.91 / 14.92 (docs/summary.md).
const MAX_DANGLING_CHAIN: usize = 2;

/// Per group, the other groups it must come with (in reading order); empty when it stands alone
/// or cannot be shown right at all.
pub(super) fn needs(
    groups: &[Group],
    sentences: &[Sentence],
    features: &StoryFeatures,
) -> Vec<Vec<usize>> {
    let mut group_of = vec![usize::MAX; sentences.len()];
    for (gi, g) in groups.iter().enumerate() {
        for &m in &g.members {
            group_of[m] = gi;
        }
    }
    // A sentence can come along only as itself: the representative of its group.
    let shown_as_itself = |s: usize| group_of[s] != usize::MAX && groups[group_of[s]].rep == s;
    let mut needs = vec![Vec::new(); groups.len()];
    for (gi, g) in groups.iter().enumerate() {
        let r = g.rep;
        let f = &features.sentences[r];
        if !f.dangling {
            continue;
        }
        // Back to the nearest sentence that stands alone, through dangling ones, within
        // `MAX_DANGLING_CHAIN` sentences of its source.
        let mut chain = Vec::new();
        let mut p = r;
        while p > 0
            && sentences[p - 1].source == sentences[r].source
            && chain.len() < MAX_DANGLING_CHAIN
        {
            p -= 1;
            let pf = &features.sentences[p];
            if !shown_as_itself(p) || !pf.eligible {
                chain.clear();
                break;
            }
            chain.push(group_of[p]);
            if !pf.dangling {
                break;
            }
        }
        if chain
            .last()
            .is_some_and(|&c| !features.sentences[groups[c].rep].dangling)
        {
            chain.reverse();
            needs[gi] = chain;
        }
    }
    // Quotations over several sentences: every part but a closing one that names its speaker
    // needs the others.
    for span in quotation_spans(sentences) {
        let fits = span.clone().all(|s| {
            let f = &features.sentences[s];
            shown_as_itself(s) && (f.eligible || f.quote_part)
        }) && !features.sentences[span.start].dangling;
        if !fits {
            continue;
        }
        for s in span.clone() {
            let f = &features.sentences[s];
            let closing_with_speaker = s + 1 == span.end && f.eligible;
            if closing_with_speaker {
                continue;
            }
            let gi = group_of[s];
            needs[gi].extend(span.clone().filter(|&o| o != s).map(|o| group_of[o]));
            needs[gi].sort_by_key(|&o| groups[o].rep);
            needs[gi].dedup();
        }
    }
    needs
}

/// Runs of consecutive sentences of one paragraph (indices into `sentences`) holding one
/// quotation: the first opens it, the last closes it, the ones between hold no mark.
fn quotation_spans(sentences: &[Sentence]) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    for start in 0..sentences.len() {
        if unpaired(&sentences[start].text) != Unpaired::Opens {
            continue;
        }
        let mut end = start + 1;
        while end < sentences.len() && end - start < MAX_QUOTATION_SENTENCES {
            let (prev, next) = (&sentences[end - 1], &sentences[end]);
            let follows = next.source == prev.source
                && next.index == prev.index + 1
                && next.paragraph == prev.paragraph;
            if !follows {
                break;
            }
            match unpaired(&next.text) {
                Unpaired::Closes => {
                    spans.push(start..end + 1);
                    break;
                }
                Unpaired::None if !has_mark(&next.text) => end += 1,
                _ => break,
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_quotation_over_sentences_comes_whole_and_its_middle_never_alone() {
        let (_, a) = crate::brief::analysed_texts(&[
            "The river flooded the old town of Marrow Ford on Sunday after three days of rain. \
             \"We have never seen the water this high in the market square. The sandbags held \
             for one whole day. The water broke through the wall at noon,\" said the mayor, Elin \
             Sorvik. Engineers said the stone bridge would stay closed until divers inspect it.",
        ]);
        let input = super::super::SelectionInput::new(&a.groups, &a.sentences, &a.features);
        let cand = |needle: &str| {
            (0..input.candidates.len())
                .find(|&c| a.sentences[input.candidates[c].rep].text.contains(needle))
                .unwrap()
        };
        let (opens, middle, closes) = (
            cand("never seen the water"),
            cand("sandbags held"),
            cand("broke through"),
        );
        assert!(!input.standalone(opens) && input.usable(opens));
        assert_eq!(input.with_needs(opens, &[]), vec![opens, middle, closes]);
        assert_eq!(input.with_needs(middle, &[]), vec![opens, middle, closes]);
        assert!(
            input.candidates[closes].needs.is_empty(),
            "names its speaker"
        );
        let alone = cand("Engineers said");
        assert!(input.candidates[alone].needs.is_empty());
        // Chosen in any order, the parts stand together in theirs.
        let ordered = crate::order::order(&input, &[closes, alone, middle, opens]);
        let at = ordered.iter().position(|&c| c == opens).unwrap();
        assert_eq!(ordered[at..at + 3], [opens, middle, closes]);
    }

    #[test]
    fn a_dangling_sentence_brings_the_ones_before_it_back_to_one_that_stands_alone() {
        let (_, a) = crate::brief::analysed_texts(&[
            "The county reopened the Tolly Ford bridge on Monday after two years of repairs. \
             But the bridge closed again on Tuesday when a crack appeared in one pier. \
             However, engineers expect the crack to be sealed within a few days. \
             It will then carry buses again, which the ferry could never do. \
             Drivers had used a ferry across the river while the bridge was shut.",
        ]);
        let input = super::super::SelectionInput::new(&a.groups, &a.sentences, &a.features);
        let cand = |needle: &str| {
            (0..input.candidates.len())
                .find(|&c| a.sentences[input.candidates[c].rep].text.contains(needle))
                .unwrap()
        };
        let (first, but, however, it) = (
            cand("reopened"),
            cand("closed again"),
            cand("However"),
            cand("carry buses"),
        );
        assert_eq!(input.with_needs(but, &[]), vec![first, but]);
        assert_eq!(input.with_needs(however, &[]), vec![first, but, however]);
        assert!(
            !input.usable(it),
            "three dangling sentences in a row: too far back to bring"
        );
    }
}
