//! Sources about another story. Given four pages where one is a recipe, a brief should say so
//! rather than mix the recipe in: a source whose words meet none of the other sources' is
//! flagged ("may be about another story") and, unless the caller keeps it, left out of the
//! summary.
//!
//! Each source is the counts of the content stems of its kept sentences, dampened (1 + ln; no IDF:
//! the story's own words are in every source, and must not weigh less for it); its likeness is
//! its largest cosine with any other source. With three sources or more, one whose likeness is
//! below [`OFF_STORY_SIMILARITY`] is flagged — a low bar, chosen on the Multi-News+ validation
//! split against its vote of unrelated documents for precision (docs/benchmarks.md, "Sources
//! about another story"). With two, nothing says which one is off.

use crate::features::{Sentence, StoryFeatures};
use crate::represent::{cosine, SparseVec};

/// Largest cosine with another source below which a source is flagged.
pub const OFF_STORY_SIMILARITY: f32 = 0.03;

/// Sources at least, for a source to be judged against the others.
pub const MIN_SOURCES: usize = 3;

/// Each source's largest cosine with another source (`None` for a source with no kept sentence,
/// or when fewer than two sources have one), by source id (index 0 is source 1).
pub fn likeness(sentences: &[Sentence], features: &StoryFeatures) -> Vec<Option<f32>> {
    let n = features.n_sources;
    let mut sums: Vec<Vec<f32>> = vec![Vec::new(); n];
    for (s, f) in sentences.iter().zip(&features.sentences) {
        let Some(sum) = sums.get_mut(s.source.wrapping_sub(1)) else {
            continue;
        };
        for &t in &f.stems {
            let t = t as usize;
            if t >= sum.len() {
                sum.resize(t + 1, 0.0);
            }
            sum[t] += 1.0;
        }
    }
    // Counts, dampened (1 + ln): a source's topic words are the words it shares with the
    // others, so no weight may fall on a word for being in every source.
    for sum in &mut sums {
        sum.iter_mut()
            .filter(|w| **w > 0.0)
            .for_each(|w| *w = 1.0 + w.ln());
    }
    let vectors: Vec<Option<SparseVec>> = sums
        .into_iter()
        .map(|sum| {
            let terms: Vec<(u32, f32)> = sum
                .into_iter()
                .enumerate()
                .filter(|&(_, w)| w != 0.0)
                .map(|(t, w)| (t as u32, w))
                .collect();
            (!terms.is_empty()).then_some(SparseVec(terms))
        })
        .collect();
    vectors
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let v = v.as_ref()?;
            vectors
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .filter_map(|(_, w)| w.as_ref().map(|w| cosine(v, w)))
                .reduce(f32::max)
        })
        .collect()
}

/// The sources (ids) that may be about another story: with at least `MIN_SOURCES` sources that
/// kept text, those whose likeness is below `threshold`; never all of them (when nothing is
/// alike, nothing says which story is the story).
pub fn off_story_sources(likeness: &[Option<f32>], threshold: f32) -> Vec<usize> {
    let judged = likeness.iter().filter(|l| l.is_some()).count();
    if judged < MIN_SOURCES {
        return Vec::new();
    }
    let flagged: Vec<usize> = likeness
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_some_and(|l| l < threshold))
        .map(|(i, _)| i + 1)
        .collect();
    if flagged.len() == judged {
        Vec::new()
    } else {
        flagged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(texts: &[&str]) -> Vec<usize> {
        let (_, a) = crate::brief::analysed_texts(texts);
        off_story_sources(&likeness(&a.sentences, &a.features), OFF_STORY_SIMILARITY)
    }

    const FIRE: [&str; 3] = [
        "A wildfire in the Carrow Valley forced the evacuation of about 2,000 residents on Tuesday as strong winds pushed the flames toward the town of Ashby.\nFirefighters said the blaze had burned 4,500 acres of dry forest.",
        "Residents of Ashby fled their homes as a fast-moving wildfire swept through the Carrow Valley, fire officials said.\nThe fire has scorched thousands of acres of forest and winds are expected to strengthen overnight.",
        "Evacuation orders were extended across the Carrow Valley on Wednesday, a day after the wildfire reached the outskirts of Ashby.\nCrews from three counties are fighting the blaze from the air and on the ground.",
    ];
    const RECIPE: &str = "Cream the butter and sugar until pale, then beat in two eggs one at a time.\nFold in the flour and bake the biscuits for twelve minutes until golden at the edges.";

    #[test]
    fn a_recipe_among_reports_of_a_fire_is_flagged() {
        assert_eq!(flagged(&[FIRE[0], FIRE[1], RECIPE, FIRE[2]]), vec![3]);
        // Reports of one story only: nothing flagged.
        assert!(flagged(&FIRE).is_empty());
    }

    #[test]
    fn two_sources_or_nothing_alike_flag_nothing() {
        assert!(
            flagged(&[FIRE[0], RECIPE]).is_empty(),
            "two: which one is off?"
        );
        let other = "The Velmont council voted to ban cars from the old town centre from next spring.\nShop owners warned that customers would drive to the malls instead.";
        assert!(
            flagged(&[FIRE[0], RECIPE, other]).is_empty(),
            "nothing alike: no story to be off"
        );
    }
}
