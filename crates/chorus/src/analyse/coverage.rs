//! Coverage: what each source adds, and how much it shares with each other source.
//!
//! A source's *points* are its sentences that could stand alone. Another source makes the same
//! point when one of its sentences is close to it (TF-IDF cosine ≥ 0.3: the same facts in other
//! words, looser than the summary's "says the same thing"). A source's overlap with another is
//! the share of its points the other makes or tells in partly other words (a sentence at cosine
//! ≥ 0.2, `SHARED_IN_OVERLAP`); its exclusive points are the ones no other source
//! makes, listed when worth reporting: close to the story's centre (cosine with the centroid of
//! all its sentences), long enough to say something, most central first.
//!
//! Word overlap misses a point made in other words ("covered with iridescent feathers akin to
//! those on modern hummingbirds" and "boasted iridescent feathers … like those of
//! hummingbirds"), so by words alone a point is its source's own only when nothing another
//! source says comes near it (cosine < 0.125); in between it is neither shared nor its own; and
//! it is listed only when it gives a detail no other source gives (a name or a number) or quotes
//! someone — a lead event told in other words, or a reviewer's opinion, gives none. With
//! sentence embeddings (`coverage_with`, the CLI's `--embeddings`), two sentences whose vectors
//! are close enough make the same point too, and no such margin is kept; measured in
//! docs/benchmarks.md ("What each source adds").

use super::timeline::is_caption;
use crate::embed::SentenceEmbedder;
use crate::features::{Sentence, StoryFeatures};
use crate::represent::{cosine_dense, is_stop_word, SparseVec};
use crate::support::Support;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;

/// Exclusive points listed per source.
pub const EXCLUSIVE_SHOWN: usize = 5;
/// Least centrality of an exclusive point: below it, the point is about something else.
const MIN_CENTRALITY: f32 = 0.1;
/// Fewest words of an exclusive point.
const MIN_WORDS: usize = 10;
/// Cosine at which another source's sentence makes the same point.
const SAME_POINT: f32 = 0.3;
/// Cosine at which another source's sentence counts in the overlap shares. The first ten stories
/// of `chorus only-here-check`, judged for the margin below, say what the band under
/// `SAME_POINT` holds: of the points whose nearest other sentence is at 0.2–0.3, 14 of 18 are
/// made by another source; at 0.125–0.2, 17 of 38. Counting from 0.2 misjudges the fewest, where
/// 0.3 left outlets telling one event at 0% shared.
const SHARED_IN_OVERLAP: f32 = 0.2;
/// Without embeddings, a point is a source's own only when no sentence of another source comes
/// even this close: word overlap cannot tell a paraphrase of a shared fact from a new fact on the
/// same subject, so a point between this and `SAME_POINT` is neither shared nor its own. The
/// largest of 0.1, 0.125, 0.15, … 0.3 whose "only here" precision reaches 0.90 on the first ten
/// stories of `chorus only-here-check` (0.955; at 0.15, 0.893; at 0.3, 0.724). With embeddings
/// the same choice gives 0.3, no margin (0.948 there).
const OWN_POINT_BY_WORDS: f32 = 0.125;
/// By word overlap, most of a point's TF-IDF weight (its squared weights sum to 1) that may lie
/// on words other sources use too: a point told mostly in the story's shared words retells what
/// others report ("The leaking occurred after the three lawmakers questioned Kavanaugh"),
/// whatever detail of its own it adds. Chosen on Multi-News-200 drawn 30–99 of `chorus only-here-check` as the
/// value of 0.4, 0.3, 0.2 with the best precision that keeps at least 80% of the points shown
/// without it (0.906 → 0.924, 303 of 341 points; 0.2 kept 73%); stories 100–199, judged after:
/// 0.893 → 0.926.
const MAX_SHARED_WEIGHT: f32 = 0.3;
/// Sentences compared at most (the earliest of each source first).
const MAX_POINTS: usize = 1500;
/// Sentences embedded at most (the earliest of each source first): about 1 s a story on one core.
const MAX_EMBEDDED_POINTS: usize = 400;
/// Cosine of sentence embeddings at which another source's sentence makes the same point
/// (chosen on the first ten stories of `chorus only-here-check`).
const SAME_POINT_EMBEDDED: f32 = 0.55;

/// Overlap of one source with another.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overlap {
    pub source: usize,
    /// Share of this source's points the other also makes (0–1).
    pub shared: f32,
}

/// A point only one source makes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExclusivePoint {
    pub text: String,
    pub support: Vec<Support>,
}

/// What one source covers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceCoverage {
    pub source: usize,
    /// Points it makes.
    pub points: usize,
    /// Points no other source makes, nor comes near (all of them, worth reporting or not).
    pub exclusive_points: usize,
    pub overlap: Vec<Overlap>,
    /// The exclusive points worth reporting, most central first.
    pub exclusive: Vec<ExclusivePoint>,
}

pub fn coverage(
    n_sources: usize,
    sentences: &[Sentence],
    features: &StoryFeatures,
) -> Vec<SourceCoverage> {
    coverage_with(n_sources, sentences, features, None)
}

/// `coverage`, with sentence embeddings when given: a point is also made by a source with a
/// sentence whose embedding is close to the point's.
pub fn coverage_with(
    n_sources: usize,
    sentences: &[Sentence],
    features: &StoryFeatures,
    embedder: Option<&dyn SentenceEmbedder>,
) -> Vec<SourceCoverage> {
    let centre = features.centroid();
    // Read against every point: laid out densely, its norm taken once (`cosine`'s arithmetic).
    let (centre_norm, centre) = (centre.norm(), centre.dense());
    // The points: sentences that can stand alone, the earliest of each source first, at most
    // `MAX_POINTS` in all (the comparison is quadratic).
    let mut points: Vec<usize> = (0..sentences.len())
        .filter(|&i| features.sentences[i].eligible)
        .collect();
    points.sort_by_key(|&i| (sentences[i].index, sentences[i].source));
    points.truncate(MAX_POINTS);
    points.sort_unstable();
    // For each point, the sources that make it too: any sentence of theirs close enough, a point
    // or not (a quotation split over sentences, a sentence that leans on the one before it still
    // says what it says), the earliest of each source first, at most `MAX_POINTS`. The vectors
    // are unit length, so cosines are dot products, accumulated through an index of terms (most
    // pairs share no term).
    let mut said: Vec<usize> = (0..sentences.len()).collect();
    said.sort_by_key(|&i| (sentences[i].index, sentences[i].source));
    said.truncate(MAX_POINTS);
    said.sort_unstable();
    let mut index: FxHashMap<u32, Vec<(usize, f32)>> = FxHashMap::default();
    for (k, &i) in said.iter().enumerate() {
        for &(t, w) in &features.sentences[i].tfidf.0 {
            index.entry(t).or_default().push((k, w));
        }
    }
    let mut dots = vec![0f32; said.len()];
    let mut touched: Vec<usize> = Vec::new();
    // Per point, the closest any other source's sentence comes.
    let mut nearest = vec![0f32; points.len()];
    // Per point, the other sources with a sentence close enough to count in the overlap shares.
    let mut near_by: Vec<Vec<usize>> = vec![Vec::new(); points.len()];
    let made_by: Vec<Vec<usize>> = points
        .iter()
        .zip(nearest.iter_mut().zip(near_by.iter_mut()))
        .map(|(&i, (nearest, near))| {
            for &(t, w) in &features.sentences[i].tfidf.0 {
                for &(k, x) in index.get(&t).map_or(&[][..], Vec::as_slice) {
                    if dots[k] == 0.0 {
                        touched.push(k);
                    }
                    dots[k] += w * x;
                }
            }
            let mut by: Vec<usize> = Vec::new();
            for k in touched.drain(..) {
                let other = sentences[said[k]].source;
                if other != sentences[i].source {
                    *nearest = nearest.max(dots[k]);
                    if dots[k] >= SAME_POINT {
                        by.push(other);
                    }
                    if dots[k] >= SHARED_IN_OVERLAP {
                        near.push(other);
                    }
                }
                dots[k] = 0.0;
            }
            by.sort_unstable();
            by.dedup();
            near.sort_unstable();
            near.dedup();
            by
        })
        .collect();
    let mut made_by = made_by;
    let own_below = match embedder {
        Some(e) => {
            paraphrased_by(e, sentences, &points, &said, &mut made_by);
            SAME_POINT
        }
        None => OWN_POINT_BY_WORDS,
    };
    let details = Details::of(sentences);
    let shared_stems = stems_of_several_sources(sentences, features);
    (1..=n_sources)
        .map(|src| {
            let own: Vec<usize> = (0..points.len())
                .filter(|&k| sentences[points[k]].source == src)
                .collect();
            let overlap = (1..=n_sources)
                .filter(|&o| o != src)
                .map(|o| Overlap {
                    source: o,
                    shared: if own.is_empty() {
                        0.0
                    } else {
                        own.iter()
                            .filter(|&&k| made_by[k].contains(&o) || near_by[k].contains(&o))
                            .count() as f32
                            / own.len() as f32
                    },
                })
                .collect();
            let alone: Vec<usize> = own
                .iter()
                .copied()
                .filter(|&k| made_by[k].is_empty() && nearest[k] < own_below)
                .collect();
            let mut exclusive: Vec<(f32, usize)> = alone
                .iter()
                .filter_map(|&k| {
                    let m = points[k];
                    let f = &features.sentences[m];
                    let c = cosine_dense(&f.tfidf, &centre, centre_norm);
                    (f.words >= MIN_WORDS
                        && !f.dangling
                        && c >= MIN_CENTRALITY
                        // By word overlap, a point must name or number something of its own
                        // and be told mostly in words of its own.
                        && (embedder.is_some()
                            || (details.adds_a_detail(&sentences[m].text, src)
                                && shared_weight(&features.sentences[m].tfidf, &shared_stems)
                                    < MAX_SHARED_WEIGHT))
                        // A photo's caption describes a picture, not a point of the story.
                        && !is_caption(&sentences[m].text))
                    .then_some((c, m))
                })
                .collect();
            exclusive.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            SourceCoverage {
                source: src,
                points: own.len(),
                exclusive_points: alone.len(),
                overlap,
                exclusive: exclusive
                    .into_iter()
                    .take(EXCLUSIVE_SHOWN)
                    .map(|(_, m)| ExclusivePoint {
                        text: sentences[m].text.clone(),
                        support: vec![Support::of(&sentences[m])],
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Per stem id, whether more than one source uses it.
fn stems_of_several_sources(sentences: &[Sentence], features: &StoryFeatures) -> Vec<bool> {
    // The first source seen using each stem (sources count from 1; 0 is none yet).
    let mut first_user = vec![0usize; features.n_stems];
    let mut several = vec![false; features.n_stems];
    for (s, f) in sentences.iter().zip(&features.sentences) {
        for &t in &f.stems {
            let t = t as usize;
            match first_user.get(t).copied() {
                Some(0) => first_user[t] = s.source,
                Some(u) if u != s.source => several[t] = true,
                _ => {}
            }
        }
    }
    several
}

/// The share of a unit TF-IDF vector's weight (its squared weights) on the stems marked shared.
fn shared_weight(tfidf: &SparseVec, shared: &[bool]) -> f32 {
    tfidf
        .0
        .iter()
        .filter(|(t, _)| shared.get(*t as usize).copied().unwrap_or(false))
        .map(|(_, w)| w * w)
        .sum()
}

/// Which sources use each word of a story (lower-cased), to tell the details only one gives.
struct Details(FxHashMap<String, Users>);

#[derive(Clone, Copy, PartialEq)]
enum Users {
    One(usize),
    Several,
}

impl Details {
    fn of(sentences: &[Sentence]) -> Details {
        let mut used: FxHashMap<String, Users> = FxHashMap::default();
        let mut note = |key: Cow<'_, str>, source: usize| match used.get_mut(key.as_ref()) {
            Some(u) if *u != Users::One(source) => *u = Users::Several,
            Some(_) => {}
            None => {
                used.insert(key.into_owned(), Users::One(source));
            }
        };
        for s in sentences {
            for w in detail_words(&s.text) {
                // A number with decimals also gives its whole part: "$8 billion" elsewhere is
                // the "$8.2 billion" of this source, rounded.
                if let Some(v) = w.contains('.').then(|| w.parse::<f64>().ok()).flatten() {
                    note(Cow::Owned(format!("{}", v.round())), s.source);
                }
                note(detail_key(w), s.source);
            }
        }
        Details(used)
    }

    /// Whether a sentence of `source` gives a detail no other source gives — a name (a
    /// capitalised word inside the sentence, not a day's or a month's name, a function word or
    /// a people's adjective) or a number (in figures or in words) that no other source's
    /// sentences use — or quotes someone. What a source adds to a story is a detail or a quote
    /// (its own opinion or a lead event told in other words are not), and word overlap cannot
    /// tell those apart by itself. Written reading the wrong points of the first 30 stories of
    /// `chorus only-here-check` (of the 180 shown there, it leaves out 9 of the 17 wrong and 25
    /// of the 163 right); on the next twenty, judged once after, 0.746 → 0.782 right.
    fn adds_a_detail(&self, text: &str, source: usize) -> bool {
        quotes_someone(text)
            || detail_words(text).enumerate().any(|(k, w)| {
                let lower = w.to_lowercase();
                // Titles ("Ms.", "Sen.") and the wire agencies an article credits are no
                // detail of the story.
                let name = k > 0
                    && w.starts_with(char::is_uppercase)
                    && !is_stop_word(&lower)
                    && !crate::analyse::entities::is_person_title(&lower)
                    && !AGENCY_WORDS.contains(&lower.as_str())
                    && crate::dates::weekday(&lower).is_none()
                    && crate::dates::month_number(&lower).is_none()
                    && !PEOPLES_ENDINGS.iter().any(|e| lower.ends_with(e));
                let number = w.starts_with(|c: char| c.is_ascii_digit())
                    || crate::analyse::facts::is_number_word(&lower);
                (name || number) && self.0.get(detail_key(w).as_ref()) == Some(&Users::One(source))
            })
    }
}

/// A word as details are compared: lower-cased, a number written in words or in figures as one
/// ("six" and "6", "sixth" and "6th", "1,200" and "1200"). Borrowed when it is already its key
/// (most words are: coverage reads every word of a story).
fn detail_key(w: &str) -> Cow<'_, str> {
    let lower: Cow<'_, str> = if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    };
    if lower.starts_with(|c: char| c.is_ascii_digit()) {
        let ordinal = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suffix| lower.strip_suffix(suffix))
            .and_then(|digits| digits.parse::<u32>().ok());
        return match ordinal {
            Some(n) => Cow::Owned(format!("#{n}")),
            None if lower.contains(',') => Cow::Owned(lower.replace(',', "")),
            None => lower,
        };
    }
    // Ordinals in words all end so ("first", "second", "third", "fourth", "twelfth").
    if ["st", "nd", "rd", "th"].iter().any(|e| lower.ends_with(e)) {
        if let Some(k) = ORDINALS.iter().position(|o| *o == lower) {
            return Cow::Owned(format!("#{}", k + 1));
        }
    }
    match crate::analyse::facts::number_value(&lower) {
        Some(v) => Cow::Owned(v.to_string()),
        // A name's plural is the same detail ("Oscars", "the Oscar nominees").
        None => {
            let folded = without_accents(lower);
            if plural_of_name(&folded) {
                Cow::Owned(folded[..folded.len() - 1].to_string())
            } else {
                folded
            }
        }
    }
}

/// A word ending in a plural's "s" (not "ss", "us", "is": "Congress", "Cyprus", "Paris").
fn plural_of_name(w: &str) -> bool {
    w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
}

/// Words of the wire agencies' names, which articles credit ("told The Associated Press", "(AP)").
const AGENCY_WORDS: &[&str] = &[
    "ap",
    "associated",
    "press",
    "reuters",
    "afp",
    "upi",
    "xinhua",
];

/// A word's letters without their accents ("Nestlé" is "Nestle" written another way), for the
/// common Latin letters; others are kept.
fn without_accents(w: Cow<'_, str>) -> Cow<'_, str> {
    if w.is_ascii() {
        return w;
    }
    Cow::Owned(
        w.chars()
            .map(|c| match c {
                'à'..='å' => 'a',
                'ç' => 'c',
                'è'..='ë' => 'e',
                'ì'..='ï' => 'i',
                'ñ' => 'n',
                'ò'..='ö' | 'ø' => 'o',
                'ù'..='ü' => 'u',
                'ý' | 'ÿ' => 'y',
                c => c,
            })
            .collect(),
    )
}

/// Ordinal numbers in words, first to twentieth.
const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// Endings of peoples' and regions' adjectives ("Libyan", "Americans", "Japanese", "British",
/// "Arabic"), which name no detail of their own.
const PEOPLES_ENDINGS: &[&str] = &["an", "ans", "ese", "ish", "ic"];

/// The words of a text as details are compared: runs of letters and digits, a number keeping
/// its separators ("1,200", "8.5"); apostrophes and hyphens split ("Tucci's", "Coca-Cola").
fn detail_words(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        let inside_number = (c == ',' || c == '.')
            && start.is_some()
            && i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if c.is_alphanumeric() || inside_number {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out.into_iter()
}

/// Whether a sentence quotes someone: a quotation of 20 characters or more between marks.
fn quotes_someone(text: &str) -> bool {
    let mut open: Option<usize> = None;
    for (n, c) in text.chars().enumerate() {
        match c {
            '“' => open = Some(n),
            '"' if open.is_none() => open = Some(n),
            '”' | '"' => {
                if open.is_some_and(|o| n - o > 20) {
                    return true;
                }
                open = None;
            }
            _ => {}
        }
    }
    false
}

/// Adds to `made_by[k]` every other source with a sentence (of `said`) close in meaning to point
/// k; the earliest sentences of each source first, `MAX_EMBEDDED_POINTS` embedded in all.
fn paraphrased_by(
    embedder: &dyn SentenceEmbedder,
    sentences: &[Sentence],
    points: &[usize],
    said: &[usize],
    made_by: &mut [Vec<usize>],
) {
    let mut order: Vec<usize> = said.to_vec();
    order.sort_by_key(|&i| (sentences[i].index, sentences[i].source));
    order.truncate(MAX_EMBEDDED_POINTS);
    let texts: Vec<&str> = order.iter().map(|&i| sentences[i].text.as_str()).collect();
    let vectors = embedder.embed(&texts);
    let row: FxHashMap<usize, usize> = order.iter().enumerate().map(|(a, &i)| (i, a)).collect();
    for (k, &i) in points.iter().enumerate() {
        let Some(&a) = row.get(&i) else { continue };
        let source = sentences[i].source;
        for (b, &j) in order.iter().enumerate() {
            let other = sentences[j].source;
            if other != source
                && !made_by[k].contains(&other)
                && crate::embed::cosine(&vectors[a], &vectors[b]) >= SAME_POINT_EMBEDDED
            {
                made_by[k].push(other);
            }
        }
        made_by[k].sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::story_from_texts;

    #[test]
    fn shared_and_exclusive_points() {
        let a = "The council voted on Monday to close the old bridge over the Tolly river for repairs.\n\
                 Engineers found cracks in two of the bridge's stone arches during an inspection last month.\n\
                 The mayor said the repairs would cost the town more than it had set aside this year.";
        let b = "The council voted on Monday to close the old bridge over the Tolly river for repairs.\n\
                 Drivers will use a detour through the village of Marlow while the bridge is shut for the work.";
        let story =
            story_from_texts(&[("a.txt".into(), a.into()), ("b.txt".into(), b.into())]).unwrap();
        let a = crate::brief::analyse(&story, &Default::default());
        let cov = super::coverage(2, &a.sentences, &a.features);
        assert_eq!((cov[0].points, cov[1].points), (3, 2));
        assert!((cov[0].overlap[0].shared - 1.0 / 3.0).abs() < 1e-6);
        assert!((cov[1].overlap[0].shared - 0.5).abs() < 1e-6);
        assert_eq!(cov[0].exclusive_points, 2);
        assert!(cov[1].exclusive[0].text.contains("detour"));
        assert!(cov
            .iter()
            .flat_map(|c| &c.exclusive)
            .all(|p| !p.text.contains("voted")));
    }

    #[test]
    fn by_words_a_point_near_another_source_is_not_its_own() {
        let a = "Ferry services across the Marlow estuary were halted on Friday after a storm damaged the main pier.\n\
                 Harbour staff said the pier's wooden decking had been torn away in several places by the waves.\n\
                 A choir from St Brigid's school sang at the reopening of the Corn Exchange on the same afternoon.";
        let b = "A storm on Friday wrecked the Marlow ferry pier and stopped every crossing of the estuary.\n\
                 Waves ripped up planks along the length of the structure, the harbour master told reporters.";
        let story =
            story_from_texts(&[("a.txt".into(), a.into()), ("b.txt".into(), b.into())]).unwrap();
        let an = crate::brief::analyse(&story, &Default::default());
        let cov = super::coverage(2, &an.sentences, &an.features);
        // Each of source a's points, with the closest any sentence of b comes to it.
        let nearest: Vec<(String, f32)> = an
            .sentences
            .iter()
            .enumerate()
            .filter(|(i, s)| s.source == 1 && an.features.sentences[*i].eligible)
            .map(|(i, s)| {
                let near = an
                    .sentences
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.source == 2)
                    .map(|(j, _)| {
                        crate::represent::cosine(
                            &an.features.sentences[i].tfidf,
                            &an.features.sentences[j].tfidf,
                        )
                    })
                    .fold(0f32, f32::max);
                (s.text.clone(), near)
            })
            .collect();
        // The decking sentence tells the damage in other words: near b, not close enough to
        // count as shared.
        let margin = nearest
            .iter()
            .find(|(t, _)| t.contains("decking"))
            .unwrap()
            .1;
        assert!(
            (super::OWN_POINT_BY_WORDS..super::SAME_POINT).contains(&margin),
            "{nearest:?}"
        );
        let own = &cov[0];
        // The overlap share counts every point another source comes within
        // `SHARED_IN_OVERLAP` of (the decking sentence among them), not only those it makes.
        let near = nearest
            .iter()
            .filter(|(_, n)| *n >= super::SHARED_IN_OVERLAP)
            .count();
        assert!((own.overlap[0].shared - near as f32 / nearest.len() as f32).abs() < 1e-6);
        assert!(own.exclusive.iter().all(|p| !p.text.contains("decking")));
        assert!(own.exclusive.iter().any(|p| p.text.contains("choir")));
        assert_eq!(
            own.exclusive_points,
            nearest
                .iter()
                .filter(|(_, n)| *n < super::OWN_POINT_BY_WORDS)
                .count()
        );
    }

    #[test]
    fn overlap_counts_a_point_told_in_partly_other_words() {
        let a = "Ferry services across the Marlow estuary were halted on Friday after a storm damaged the main pier.\n\
                 The harbour master said the old wooden pier would need new piles before any ferry could berth.\n\
                 A choir from St Brigid's school sang at the reopening of the Corn Exchange on the same afternoon.";
        let b = "A storm on Friday wrecked the Marlow ferry pier and stopped every crossing of the estuary.\n\
                 Divers must check the piles before boats return, the harbour master told reporters.";
        let story =
            story_from_texts(&[("a.txt".into(), a.into()), ("b.txt".into(), b.into())]).unwrap();
        let an = crate::brief::analyse(&story, &Default::default());
        // Source a's points against b: the storm told again (cosine 0.44), the piles told in
        // partly other words (0.22), the choir b never mentions (0).
        let cov = super::coverage(2, &an.sentences, &an.features);
        assert_eq!(cov[0].points, 3);
        assert_eq!(cov[0].exclusive_points, 1);
        assert!(
            (cov[0].overlap[0].shared - 2.0 / 3.0).abs() < 1e-6,
            "{:?}",
            cov[0].overlap
        );
    }

    #[test]
    fn by_words_a_point_is_only_here_when_it_gives_a_detail_of_its_own() {
        let a = "Ferry services across the Marlow estuary were halted on Friday after a storm damaged the main pier.\n\
                 Halted services and damaged moorings made it a grim and sorry end to a long and quiet summer season.\n\
                 The operator said 340 passengers had been booked onto crossings over the weekend.\n\
                 \"We will have boats running again as soon as the divers say the piles are sound,\" a manager said.";
        let b = "A storm on Friday wrecked the Marlow ferry pier and stopped every crossing of the estuary.\n\
                 Harbour staff began clearing timber from the slipway while the tide was still out.";
        let shown = only_here_in_first(a, b);
        // A number and a quotation are details no other source gives; an opinion is not.
        assert!(shown.iter().any(|t| t.contains("340")), "{shown:?}");
        assert!(shown.iter().any(|t| t.contains("divers")), "{shown:?}");
        assert!(shown.iter().all(|t| !t.contains("grim")), "{shown:?}");
    }

    #[test]
    fn a_photo_caption_is_no_point_of_its_own() {
        let a = "A storm on Friday wrecked the Marlow ferry pier and stopped every crossing.\n\
                 The operator said 340 passengers had been booked onto crossings over the weekend.\n\
                 Diver Ilse Varga inspects a broken pile beside the Marlow pier, Saturday, Oct. 12, 2019.";
        let b = "A storm on Friday wrecked the Marlow ferry pier and stopped every crossing of the estuary.\n\
                 Harbour staff began clearing timber from the slipway while the tide was still out.";
        let shown = only_here_in_first(a, b);
        assert!(shown.iter().any(|t| t.contains("340")), "{shown:?}");
        assert!(shown.iter().all(|t| !t.contains("Varga")), "{shown:?}");
    }

    #[test]
    fn a_point_s_shared_weight_is_the_share_on_words_other_sources_use() {
        let a = "The storm wrecked the Marlow ferry pier on Friday.\n\
                 Volunteers rowed stranded walkers across in dinghies.";
        let b = "A storm on Friday wrecked the Marlow ferry pier.";
        let story =
            story_from_texts(&[("a.txt".into(), a.into()), ("b.txt".into(), b.into())]).unwrap();
        let an = crate::brief::analyse(&story, &Default::default());
        let shared = super::stems_of_several_sources(&an.sentences, &an.features);
        let weight = |i: usize| super::shared_weight(&an.features.sentences[i].tfidf, &shared);
        // The first sentence is all shared words, the second none.
        assert!(weight(0) > 0.99, "{}", weight(0));
        assert!(weight(1) < 0.01, "{}", weight(1));
    }

    /// The "only here" points of the first of two sources, by words alone.
    fn only_here_in_first(a: &str, b: &str) -> Vec<String> {
        let story =
            story_from_texts(&[("a.txt".into(), a.into()), ("b.txt".into(), b.into())]).unwrap();
        let an = crate::brief::analyse(&story, &Default::default());
        let cov = super::coverage(2, &an.sentences, &an.features);
        cov[0].exclusive.iter().map(|p| p.text.clone()).collect()
    }

    #[test]
    fn details_are_names_and_numbers_no_other_source_uses() {
        let words: Vec<&str> =
            super::detail_words("Coca-Cola paid $1,200.50 to Tucci's firm.").collect();
        assert_eq!(
            words,
            ["Coca", "Cola", "paid", "1,200.50", "to", "Tucci", "s", "firm"]
        );
        assert!(super::quotes_someone(
            "He said “we will rebuild the pier by spring” today."
        ));
        assert!(!super::quotes_someone("The “Harbour Queen” sailed."));
        assert_eq!(super::detail_key("sixth"), super::detail_key("6th"));
        assert_eq!(super::detail_key("Six"), super::detail_key("6"));
        assert_eq!(super::detail_key("1,200"), super::detail_key("1200"));
        assert_ne!(super::detail_key("six"), super::detail_key("sixth"));
        let d = details_of([
            "The Marlow council met on Monday in Marlow. It voted 7 to 2.",
            "Marlow voted on Monday. The British mayor, Ilse Varga, said little.",
        ]);
        // A name both use, a day, a people's adjective and a capital opening a sentence are
        // no detail; a name or a number one source alone uses is.
        assert!(!d.adds_a_detail("Then Marlow met on Monday.", 1));
        assert!(!d.adds_a_detail("The British side met.", 2));
        assert!(d.adds_a_detail("It voted 7 to 2.", 1));
        assert!(!d.adds_a_detail("It voted 7 to 2.", 2));
        assert!(d.adds_a_detail("The mayor is Ilse Varga.", 2));
    }

    /// Which source uses which detail, in a story of two sources.
    fn details_of(texts: [&str; 2]) -> super::Details {
        let story = story_from_texts(&[
            ("a.txt".into(), texts[0].into()),
            ("b.txt".into(), texts[1].into()),
        ])
        .unwrap();
        super::Details::of(&crate::brief::analyse(&story, &Default::default()).sentences)
    }

    #[test]
    fn titles_agencies_accents_plurals_and_rounded_figures_are_no_detail_of_their_own() {
        assert_eq!(super::detail_key("Nestlé"), super::detail_key("Nestle"));
        assert_eq!(super::detail_key("Oscars"), super::detail_key("Oscar"));
        assert_ne!(super::detail_key("Congress"), super::detail_key("Congres"));
        let d = details_of([
            "The Harbour Board sold the Nestle pier to Ilse Varga for $8.2 billion at the Oscar gala.",
            "Ms. Varga bought the pier for $8 billion at the Oscars, The Associated Press reported, \
             and Nestlé agreed.",
        ]);
        assert!(!d.adds_a_detail("Then Ms. Varga paid $8 billion.", 2));
        assert!(!d.adds_a_detail("It went to the Oscars, the Associated Press said.", 2));
        assert!(!d.adds_a_detail("In the end Nestlé agreed.", 2));
        // The more precise figure is still the first source's own.
        assert!(d.adds_a_detail("It sold for $8.2 billion.", 1));
    }

    #[test]
    fn with_embeddings_a_point_made_in_other_words_is_not_only_here() {
        let a = "Storm winds tore the roof off the Kellan Library late on Tuesday evening.\n\
                 Volunteers carried some four thousand books to the church hall across the square.";
        let b =
            "The ceiling of the historic reading rooms collapsed when a gale struck after dark.\n\
                 The mayor said the building would be closed to visitors for at least a year.";
        let story =
            story_from_texts(&[("a.txt".into(), a.into()), ("b.txt".into(), b.into())]).unwrap();
        let an = crate::brief::analyse(&story, &Default::default());
        let roof = |c: &super::SourceCoverage| c.exclusive.iter().any(|p| p.text.contains("roof"));
        let plain = super::coverage(2, &an.sentences, &an.features);
        assert!(roof(&plain[0]), "word overlap alone sees no shared point");
        let embedded = super::coverage_with(
            2,
            &an.sentences,
            &an.features,
            Some(&crate::embed::KeywordEmbedder(&["roof", "ceiling"])),
        );
        assert!(!roof(&embedded[0]));
        assert!(embedded[0]
            .exclusive
            .iter()
            .any(|p| p.text.contains("books")));
        assert!(embedded[1].overlap[0].shared > plain[1].overlap[0].shared);
    }
}
