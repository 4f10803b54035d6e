//! Grouping: sentences that say the same thing, in one source or several, become one group. A
//! group is one summary candidate, shown by one representative sentence, and cites every member.

use crate::features::{Sentence, StoryFeatures};

/// Sentences saying the same thing.
#[derive(Debug, Clone)]
pub struct Group {
    /// Sentence indices, in story order.
    pub members: Vec<usize>,
    /// The member shown in a summary.
    pub rep: usize,
    /// Distinct source ids among the members, ascending.
    pub sources: Vec<usize>,
}

/// Cosine (TF-IDF) at or above which two sentences say the same thing.
pub const SAME_THING: f32 = 0.6;

/// Leader clustering in story order: each sentence joins the most similar existing group whose
/// leader it matches at `threshold` or more, else starts a group. Candidate leaders come from an
/// inverted index over stems, so the cost follows the overlap, not the square of the story.
pub fn group_sentences(
    sentences: &[Sentence],
    feats: &StoryFeatures,
    threshold: f32,
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut leader_of: Vec<usize> = Vec::new(); // group -> leader sentence
                                                // Stem id (story-local, dense) -> groups whose leader has it.
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); feats.n_stems];
    let mut seen_mark: Vec<usize> = Vec::new();
    for (i, f) in feats.sentences.iter().enumerate() {
        let mut best: Option<(f32, usize)> = None;
        if f.tfidf.0.len() >= 3 {
            let stamp = i + 1;
            for term in probe_terms(&f.tfidf.0, threshold) {
                for &g in postings.get(term as usize).into_iter().flatten() {
                    if seen_mark[g] == stamp {
                        continue;
                    }
                    seen_mark[g] = stamp;
                    let sim = f.tfidf.dot(&feats.sentences[leader_of[g]].tfidf);
                    if sim >= threshold && best.is_none_or(|(b, _)| sim > b) {
                        best = Some((sim, g));
                    }
                }
            }
        }
        match best {
            Some((_, g)) => groups[g].members.push(i),
            None => {
                let g = groups.len();
                groups.push(Group {
                    members: vec![i],
                    rep: i,
                    sources: Vec::new(),
                });
                leader_of.push(i);
                seen_mark.push(0);
                for (term, _) in &f.tfidf.0 {
                    let t = *term as usize;
                    if t >= postings.len() {
                        postings.resize_with(t + 1, Vec::new);
                    }
                    postings[t].push(g);
                }
            }
        }
    }
    for g in &mut groups {
        let mut src: Vec<usize> = g.members.iter().map(|&m| sentences[m].source).collect();
        src.sort_unstable();
        src.dedup();
        g.sources = src;
        g.rep = choose_rep(&g.members, feats);
    }
    groups
}

/// Prefix filtering: the heaviest terms of a unit vector whose left-over weight has norm below
/// `threshold`. Any vector with cosine ≥ `threshold` to it shares one of them (the left-over part
/// contributes less than `threshold` by Cauchy–Schwarz), so probing the index with these alone
/// finds every match while skipping the long posting lists of light, common terms.
fn probe_terms(v: &[(u32, f32)], threshold: f32) -> Vec<u32> {
    let mut by_weight: Vec<(u32, f32)> = v.to_vec();
    by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut rest: f32 = by_weight.iter().map(|(_, w)| w * w).sum();
    let mut out = Vec::new();
    for (t, w) in by_weight {
        if rest.sqrt() < threshold {
            break;
        }
        out.push(t);
        rest -= w * w;
    }
    out
}

/// The member to show: one that can stand alone, then the earliest in its source, then the
/// lowest source id (members are in story order, so ties keep the first).
fn choose_rep(members: &[usize], feats: &StoryFeatures) -> usize {
    let key = |m: usize| {
        let f = &feats.sentences[m];
        (!f.eligible || f.dangling, (f.position * 1000.0) as u32)
    };
    members
        .iter()
        .copied()
        .min_by_key(|&m| key(m))
        .unwrap_or(members[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::represent;

    fn sent(source: usize, index: usize, text: &str) -> Sentence {
        Sentence {
            source,
            index,
            start: 0,
            end: text.len(),
            text: text.to_string(),
            paragraph: index,
        }
    }

    #[test]
    fn same_fact_in_two_sources_is_one_group() {
        let s = vec![
            sent(
                1,
                0,
                "The Kessler dam held after three days of heavy rain, the water board said.",
            ),
            sent(
                1,
                1,
                "Farmers downstream moved cattle to higher pastures on Thursday.",
            ),
            sent(
                2,
                0,
                "After three days of heavy rain the Kessler dam held, the water board said.",
            ),
            sent(2, 1, "A school in the valley closed as a precaution."),
        ];
        let f = represent(&s, 2, &crate::represent::Tokenizer::default(), Vec::new());
        let g = group_sentences(&s, &f, SAME_THING);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].members, vec![0, 2]);
        assert_eq!(g[0].sources, vec![1, 2]);
    }
}
