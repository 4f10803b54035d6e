//! Paragraphs about another story: the one a page appends ("In other news…", a promo for
//! another article), found by how few of its content words the rest of the story uses.

use super::{dropped, CleanArticle, DropReason};
use crate::ingest::Story;
use crate::represent::Tokenizer;

/// Fewest content words a paragraph needs before it can be judged off-topic.
const OFF_TOPIC_MIN_WORDS: usize = 12;
/// Largest share of a paragraph's content words found elsewhere in the story for it to be dropped.
const OFF_TOPIC_MAX_SHARED: f32 = 0.15;

/// Drops kept paragraphs whose content words are mostly absent from the rest of the story: the
/// paragraph about another story that pages append ("In other news…", a promo for another
/// article). Only in a story of several articles.
pub(super) fn drop_off_topic(story: &Story, cleaned: &mut [CleanArticle], tok: &Tokenizer) {
    // Content stems per kept paragraph, and in how many kept paragraphs of the story a stem
    // occurs (stem ids are story-local and dense).
    let mut para_stems: Vec<Vec<Vec<u32>>> = Vec::new();
    let mut paragraphs_with: Vec<u32> = Vec::new();
    for (a, c) in story.articles.iter().zip(cleaned.iter_mut()) {
        let mut per_para: Vec<Vec<u32>> = vec![Vec::new(); c.kept.len()];
        c.tokens = c
            .sentences
            .iter()
            .map(|(_, r)| tok.tokens(&a.text[r.clone()]))
            .collect();
        for ((p, _), toks) in c.sentences.iter().zip(&c.tokens) {
            per_para[*p].extend(toks.iter().filter(|t| !t.stop && t.alpha).map(|t| t.stem));
        }
        for stems in &mut per_para {
            stems.sort_unstable();
            stems.dedup();
            for &s in stems.iter() {
                let s = s as usize;
                if s >= paragraphs_with.len() {
                    paragraphs_with.resize(s + 1, 0);
                }
                paragraphs_with[s] += 1;
            }
        }
        para_stems.push(per_para);
    }
    // A paragraph is judged against the other articles: within one article, an aside or a
    // paragraph of background shares few words with the rest and is still the article's
    // (measured on PolNeAR's single clean articles: every paragraph it dropped was real).
    // Articles left with nothing (all junk) say nothing about the topic.
    if cleaned.iter().filter(|c| !c.sentences.is_empty()).count() < 2 {
        return;
    }
    for (ai, c) in cleaned.iter_mut().enumerate() {
        let text = &story.articles[ai].text;
        let mut keep = Vec::with_capacity(c.kept.len());
        let before = c.dropped.len();
        for (pi, span) in c.kept.iter().enumerate() {
            let uniq = &para_stems[ai][pi];
            // Quotations use the speaker's own words and share few with reports: never judged.
            let quoted = text[span.clone()].contains(['"', '“', '”']);
            if uniq.len() < OFF_TOPIC_MIN_WORDS || quoted {
                keep.push(span.clone());
                continue;
            }
            // Shared: used by another article, or by another paragraph of this one — by another
            // paragraph of the story, that is.
            let shared = uniq
                .iter()
                .filter(|&&s| paragraphs_with[s as usize] > 1)
                .count();
            let frac = shared as f32 / uniq.len() as f32;
            if frac < OFF_TOPIC_MAX_SHARED {
                c.dropped
                    .push(dropped(text, span.clone(), DropReason::OffTopic));
            } else {
                keep.push(span.clone());
            }
        }
        // When most of an article looks off-topic, the comparison is what failed (a story told
        // in other words, or a cluster of loosely related pieces): keep the article whole.
        let judged = c.kept.len();
        if (c.dropped.len() - before) * 2 > judged {
            c.dropped.truncate(before);
            continue;
        }
        c.kept = keep;
        let kept = &c.kept;
        let inside =
            |r: &std::ops::Range<usize>| kept.iter().any(|k| k.start <= r.start && r.end <= k.end);
        // Tokens go with their sentences.
        let mut still = c.sentences.iter().map(|(_, r)| inside(r));
        c.tokens.retain(|_| still.next().unwrap_or(false));
        c.sentences.retain(|(_, r)| inside(r));
        for (p, r) in &mut c.sentences {
            *p = kept
                .iter()
                .position(|k| k.start <= r.start && r.end <= k.end)
                .unwrap_or(*p);
        }
        c.dropped.sort_by_key(|d| d.start);
    }
}
