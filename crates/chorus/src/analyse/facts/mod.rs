//! Key facts: the numbers the sources report, with what they count, compared across sources.
//!
//! A number is found in a kept sentence ("112", "4,500", "$1.2 million", "two", "dozens", "25%")
//! with the modifier before it ("more than", "nearly", "at least", "up to") and what it counts
//! after it ("passengers", "acres of forest", "people … killed"). Each becomes an interval:
//! "more than 80" is [80, ∞), "nearly two hours" [1.7, 2], "scores" [40, 99], "87" [87, 87].
//! Mentions that count the same thing (same counted word, same event such as killed or injured)
//! in sentences about the same thing (shared content words) form one fact. A fact reported by
//! several sources *agrees* when some value fits every source's interval, and is in *conflict* when
//! two sources give values no single number fits ("at least 87" and "more than 80" agree; "112"
//! and "114" conflict). Numbers that are names ("Flight 8501"), years, times and ages are not facts.

use crate::features::{normalize_space, Sentence, StoryFeatures};
use crate::ingest::Story;
use crate::represent::{is_stop_word, split_words};
use crate::support::Support;
use crate::union_find::UnionFind;
use rustc_hash::FxHashMap as HashMap;
use serde::{Serialize, Serializer};
use std::sync::OnceLock;

mod mentions;
mod numbers;
mod vocabulary;
pub mod word_class;
use mentions::*;
use numbers::*;
use vocabulary::*;

/// One value a source gives for a fact.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactValue {
    /// As written: "more than 80", "$1.2 million".
    pub text: String,
    /// The interval it allows; `high` is absent when unbounded ("at least 87").
    pub low: f64,
    #[serde(serialize_with = "finite_or_null")]
    pub high: f64,
    /// Whether each end is the stated number itself ("at least 175", "as many as 175"), which the
    /// value allows, rather than a rounding margin or a strict bound.
    #[serde(skip)]
    pub closed: (bool, bool),
    /// Where each source says it: the span of the number expression in its sentence.
    pub support: Vec<Support>,
}

fn finite_or_null<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() {
        s.serialize_f64(*v)
    } else {
        s.serialize_none()
    }
}

/// Agreement of a fact across sources.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum FactStatus {
    /// Two sources give values no single number fits.
    Conflict,
    /// Several sources, and one number fits them all.
    Agree,
    /// One source only.
    Single,
}

/// A quantity the story reports, with every value given for it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fact {
    /// What is counted: "passengers", "people killed", "acres", "percent".
    pub subject: String,
    pub status: FactStatus,
    /// Distinct sources giving a value.
    pub sources: Vec<usize>,
    pub values: Vec<FactValue>,
}

/// A number found in a sentence.
#[derive(Debug, Clone)]
struct Mention {
    /// Index into the story's sentences, and the sentence's index within its source.
    sentence: usize,
    index: usize,
    source: usize,
    /// Byte span of the expression (modifier + number + scale) in the article.
    start: usize,
    end: usize,
    text: String,
    low: f64,
    high: f64,
    /// How the source bounds it ("at least", "up to", …): see `Mention::likely`.
    bound: Bound,
    /// What it counts: a key ("passenger", "$ damage", "% voter") and how it reads.
    key: String,
    /// For a compound ("bird species"), the key of its first noun too: "200 birds" and "208
    /// bird species" may count one thing.
    first_key: Option<String>,
    subject: String,
    /// For counts of people: what happened to them (killed, injured, …).
    event: Option<&'static str>,
    /// Years and months the sentence names: counts "in 2015" and "in 2016" are different facts.
    when: Vec<String>,
    /// Names (capitalised words, lower-cased) within `CONTEXT_WORDS` before the number: two
    /// counts after different names ("Ashkelon, 10 miles north of Gaza" and "Kiryat Malachi,
    /// 15 miles north of Gaza") measure different things.
    names: Vec<String>,
    /// Content words (crudely singular) within `CONTEXT_WORDS` of the number, the counted word
    /// aside: two mentions of a fact share some.
    context: Vec<String>,
}

/// Mentions of one counted thing compared pairwise at most (the earliest).
const MAX_BUCKET: usize = 300;

/// Two values in conflict are within this factor of each other (beyond it, two counts of
/// different things are far likelier than sources disagreeing).
const CONFLICT_RATIO: f64 = 1.5;

/// Words each side of a number that make its context.
const CONTEXT_WORDS: usize = 10;

/// Generic words for people: a count of them may be the same fact as a count of passengers or
/// residents when the same thing happened to both ("four people were treated" / "four passengers").
const GENERIC_PEOPLE: &[&str] = &["people", "person", "others", "persons"];
/// People a story counts apart as a part of its toll ("including five children"; keys, as
/// `stem_key` writes them). Not "men": "five men arrested" are often all of them.
const PEOPLE_GROUPS: &[&str] = &["women", "children", "kid", "infant", "baby", "minor"];

impl Mention {
    /// The values a source most likely means: a bound is near what it bounds ("more than 250
    /// targets" is not 600, "up to 75,000 reservists" is not 16,000), so an open side is closed
    /// at `CONFLICT_RATIO` times the stated number — the same "values of one size" that a
    /// conflict needs. Agreement is judged on these; the values shown keep the bound as written.
    fn likely(&self) -> Interval {
        let (lo, hi) = match self.bound {
            Bound::Above | Bound::AtLeast if self.high.is_infinite() => {
                (self.low, self.low * CONFLICT_RATIO)
            }
            Bound::Below | Bound::AtMost if self.low <= 0.0 => {
                (self.high / CONFLICT_RATIO, self.high)
            }
            _ => (self.low, self.high),
        };
        (lo, hi, self.closed())
    }

    /// Whether each end of the interval is the stated number, allowed: "at least 175" allows
    /// 175, "more than 175" does not, nor does a rounding margin ("175" is 174.5–175.5).
    fn closed(&self) -> (bool, bool) {
        (
            matches!(self.bound, Bound::AtLeast),
            matches!(self.bound, Bound::AtMost),
        )
    }

    /// The interval as written, with its closed ends.
    fn written(&self) -> Interval {
        (self.low, self.high, self.closed())
    }

    /// Whether two mentions may count the same thing.
    fn same_quantity(&self, other: &Mention) -> bool {
        // A bare amount or share ("$4.2 million", "59%") says too little of what it is.
        if matches!(self.key.as_str(), "$" | "£" | "€" | "%") {
            return false;
        }
        let same_key = self.key == other.key
            || self.first_key.as_ref() == Some(&other.key)
            || other.first_key.as_ref() == Some(&self.key);
        let same_thing = if same_key {
            self.event == other.event || self.event.is_none() || other.event.is_none()
        } else {
            let generic = |m: &Mention| GENERIC_PEOPLE.contains(&m.key.as_str());
            // Children killed are among the people killed: the same count only when one number
            // fits both ("three children" who are "the three people killed"), never a
            // disagreement ("claimed four lives" and "two children" killed with them).
            let part = |m: &Mention| PEOPLE_GROUPS.contains(&m.key.as_str());
            self.event.is_some()
                && self.event == other.event
                && (generic(self) || generic(other))
                && (!(part(self) || part(other)) || !disjoint(self, other))
        };
        if !same_thing {
            return false;
        }
        let both_dated = !self.when.is_empty() && !other.when.is_empty();
        if both_dated && !self.when.iter().any(|w| other.when.contains(w)) {
            return false;
        }
        // Sorted: a merge walk finds a shared context word.
        let (mut i, mut j) = (0, 0);
        while i < self.context.len() && j < other.context.len() {
            match self.context[i].cmp(&other.context[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// The value of a number written in words ("seven": 7; "dozens", a range, has none).
pub(crate) fn number_value(w: &str) -> Option<u64> {
    // Looked up once per word of a story (coverage), so the words are read into a table once.
    static VALUES: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u64>> =
        std::sync::OnceLock::new();
    VALUES
        .get_or_init(|| {
            numbers::SMALL
                .iter()
                .chain(numbers::TENS)
                .chain(&["dozen"])
                .filter_map(|&word| {
                    let (lo, hi) = numbers::word_number(word)?;
                    (lo == hi).then_some((word, lo as u64))
                })
                .collect()
        })
        .get(w)
        .copied()
}

/// Whether a word is a number written in words ("seven", "dozens", "thousand"), as figures read
/// it.
pub(crate) fn is_number_word(w: &str) -> bool {
    numbers::word_number(w).is_some() || (w.len() > 3 && numbers::scale(w).is_some())
}

/// Finds the facts of a story.
pub fn extract_facts(story: &Story, sentences: &[Sentence], features: &StoryFeatures) -> Vec<Fact> {
    let mut mentions = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        let text = &story.articles[s.source - 1].text;
        let sentence = &text[s.start..s.end];
        if may_hold_number(sentence) {
            mentions.extend(mentions_in(sentence, s.start, (i, s.index), s.source));
        }
    }
    // Mentions from different sources that count the same thing in sentences about the same
    // thing are linked; a fact is a connected set. Mentions of one source are never linked
    // directly: a source's two numbers of passengers are two facts unless others tie them.
    let mut fact_of = UnionFind::new(mentions.len());
    let mut links: Vec<(usize, usize)> = Vec::new();
    // Each mentioning sentence's distinct stems, sorted, for `same_topic`.
    let mut stems: HashMap<usize, Vec<u32>> = HashMap::default();
    for m in &mentions {
        stems.entry(m.sentence).or_insert_with(|| {
            let mut v = features.sentences[m.sentence].stems.clone();
            v.sort_unstable();
            v.dedup();
            v
        });
    }
    // Only mentions that may count the same thing are compared: those of one counted word, and
    // counts of people with the same event. Each bucket is capped (earliest first), which bounds
    // the pairs a story of hundreds of articles can make.
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        buckets.entry(m.key.clone()).or_default().push(i);
        if let Some(k) = &m.first_key {
            buckets.entry(k.clone()).or_default().push(i);
        }
        if let Some(e) = m.event {
            buckets.entry(format!("event {e}")).or_default().push(i);
        }
    }
    let mut bucket_keys: Vec<&String> = buckets.keys().collect();
    bucket_keys.sort();
    for key in bucket_keys {
        let members = &buckets[key];
        let members = &members[..members.len().min(MAX_BUCKET)];
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                let (x, y) = (&mentions[a], &mentions[b]);
                let strict = TIME_UNITS.contains(&x.key.as_str());
                if x.source != y.source
                    && x.same_quantity(y)
                    && same_topic(&stems[&x.sentence], &stems[&y.sentence], strict)
                {
                    links.push((a.min(b), a.max(b)));
                    fact_of.union(a, b);
                }
            }
        }
    }
    links.sort_unstable();
    links.dedup();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root = HashMap::default();
    for i in 0..mentions.len() {
        let r = fact_of.root(i);
        let g = *group_of_root.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    // Each link to its group, in local indices, in one pass.
    let mut group_of = vec![0usize; mentions.len()];
    let mut local = vec![0usize; mentions.len()];
    for (g, members) in groups.iter().enumerate() {
        for (k, &m) in members.iter().enumerate() {
            group_of[m] = g;
            local[m] = k;
        }
    }
    let mut group_links: Vec<Vec<(usize, usize)>> = vec![Vec::new(); groups.len()];
    for &(a, b) in &links {
        group_links[group_of[a]].push((local[a], local[b]));
    }
    let mut facts: Vec<Fact> = Vec::new();
    for (members, links) in groups.iter().zip(&group_links) {
        let ms: Vec<&Mention> = members.iter().map(|&i| &mentions[i]).collect();
        facts.extend(facts_of_group(&ms, links));
    }
    facts.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(b.sources.len().cmp(&a.sources.len()))
            .then(first_support(a).cmp(&first_support(b)))
    });
    facts
}

fn first_support(f: &Fact) -> (usize, usize) {
    f.values
        .first()
        .and_then(|v| v.support.first())
        .map_or((0, 0), |s| (s.source, s.start))
}

/// Two sentences about the same thing: they share at least three content stems, and a quarter
/// of the shorter one's (half when `strict`).
fn same_topic(x: &[u32], y: &[u32], strict: bool) -> bool {
    let shared = x.iter().filter(|s| y.binary_search(s).is_ok()).count();
    let smaller = x.len().min(y.len()).max(1);
    let share = if strict { 2 } else { 4 };
    shared >= 3 && shared * share >= smaller
}

/// The facts of one linked set of mentions: one fact, unless no one number fits them all and
/// nothing says they disagree — then they count different things, and are split into runs that
/// one number fits, never called agreeing.
fn facts_of_group(mentions: &[&Mention], links: &[(usize, usize)]) -> Vec<Fact> {
    if conflicting(mentions, links) || common_value(mentions) {
        return vec![make_fact(mentions, links)];
    }
    fitting_runs(mentions)
        .into_iter()
        .map(|part| {
            let at = |m: usize| part.iter().position(|&k| k == m);
            let part_links: Vec<(usize, usize)> = links
                .iter()
                .filter_map(|&(a, b)| Some((at(a)?, at(b)?)))
                .collect();
            let pm: Vec<&Mention> = part.iter().map(|&k| mentions[k]).collect();
            make_fact(&pm, &part_links)
        })
        .collect()
}

/// Whether one number fits every mention's likely values (`Mention::likely`), and so every
/// interval as written.
fn common_value(mentions: &[&Mention]) -> bool {
    one_number_fits(mentions.iter().map(|m| m.likely()))
}

/// Whether no one number fits both intervals as written (what a conflict needs).
fn disjoint(a: &Mention, b: &Mention) -> bool {
    !one_number_fits([a.written(), b.written()].into_iter())
}

/// An interval of values: low, high, and whether each end is allowed (`Mention::closed`).
type Interval = (f64, f64, (bool, bool));

/// Whether one number lies in every interval.
/// Intervals that only touch do not share a number: "2" [1.5, 2.5] and "3" [2.5, 3.5] count
/// two different things; unless both allow the number where they touch ("as many as 175" and
/// "at least 175"), or one is a single point that fits where it lies ("87" in "at least 87").
fn one_number_fits(intervals: impl Iterator<Item = Interval>) -> bool {
    let (mut low, mut high, mut point) = ((f64::NEG_INFINITY, true), (f64::INFINITY, true), None);
    for (a, b, (a_closed, b_closed)) in intervals {
        if a == b {
            point = Some(a);
        }
        if a > low.0 {
            low = (a, a_closed);
        } else if a == low.0 {
            low.1 &= a_closed;
        }
        if b < high.0 {
            high = (b, b_closed);
        } else if b == high.0 {
            high.1 &= b_closed;
        }
    }
    low.0 < high.0 || (low.0 == high.0 && (point == Some(low.0) || (low.1 && high.1)))
}

impl Fact {
    /// Whether one number fits every value (what "agree" promises).
    pub fn has_common_value(&self) -> bool {
        one_number_fits(self.values.iter().map(|v| (v.low, v.high, v.closed)))
    }
}

/// The mentions (indices) in runs that one number fits each (their likely values): by interval
/// start, a run takes the next mention while it still meets every interval of the run.
fn fitting_runs(mentions: &[&Mention]) -> Vec<Vec<usize>> {
    let likely: Vec<Interval> = mentions.iter().map(|m| m.likely()).collect();
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by(|&a, &b| {
        likely[a]
            .0
            .total_cmp(&likely[b].0)
            .then(likely[a].1.total_cmp(&likely[b].1))
            .then(a.cmp(&b))
    });
    let mut runs: Vec<Vec<usize>> = Vec::new();
    // The smallest upper end of the current run, and whether the run allows it.
    let mut top = (f64::NEG_INFINITY, false);
    for k in order {
        let (low, high, (low_closed, high_closed)) = likely[k];
        match runs.last_mut() {
            // Touching is not meeting unless both allow the number (see `one_number_fits`).
            Some(run)
                if low < top.0 || (low == top.0 && (low == high || (low_closed && top.1))) =>
            {
                run.push(k);
                if high < top.0 {
                    top = (high, high_closed);
                } else if high == top.0 {
                    top.1 &= high_closed;
                }
            }
            _ => {
                runs.push(vec![k]);
                top = (high, high_closed);
            }
        }
    }
    for run in &mut runs {
        run.sort_unstable();
    }
    runs
}

/// A fact from its mentions and the links between them (pairs of indices into `mentions`).
fn make_fact(mentions: &[&Mention], links: &[(usize, usize)]) -> Fact {
    // Equal values (same interval) from several sources are one value with several supports.
    let mut values: Vec<FactValue> = Vec::new();
    for m in mentions {
        let support = Support {
            source: m.source,
            sentence: m.index,
            start: m.start,
            end: m.end,
        };
        // One value per wording (case and spacing aside): each support's span reads as its text.
        let same = |v: &FactValue| {
            v.low == m.low
                && v.high == m.high
                && normalize_space(&v.text).eq_ignore_ascii_case(&normalize_space(&m.text))
        };
        match values.iter_mut().find(|v| same(v)) {
            Some(v) => {
                if !v.support.iter().any(|s| s.source == m.source) {
                    v.support.push(support);
                }
            }
            None => values.push(FactValue {
                text: m.text.clone(),
                low: m.low,
                high: m.high,
                closed: m.closed(),
                support: vec![support],
            }),
        }
    }
    let mut sources: Vec<usize> = mentions.iter().map(|m| m.source).collect();
    sources.sort_unstable();
    sources.dedup();
    let status = if sources.len() < 2 {
        FactStatus::Single
    } else if conflicting(mentions, links) {
        FactStatus::Conflict
    } else {
        debug_assert!(
            common_value(mentions),
            "agree needs one number that fits every value"
        );
        FactStatus::Agree
    };
    // The most common reading of the subject names the fact.
    let subject = mentions
        .iter()
        .map(|m| m.subject.as_str())
        .max_by_key(|s| {
            (
                mentions.iter().filter(|m| m.subject == *s).count(),
                std::cmp::Reverse(*s),
            )
        })
        .unwrap_or_default()
        .to_string();
    Fact {
        subject,
        status,
        sources,
        values,
    }
}

/// Two linked mentions whose values no single number fits, from sources that give no value
/// in common. Only when every source gives one value (or several that fit together): a source
/// with two different values (a total and a part, this year and last) shows the fact mixes
/// quantities, and a disagreement in it says little.
fn conflicting(mentions: &[&Mention], links: &[(usize, usize)]) -> bool {
    let mixed = mentions.iter().enumerate().any(|(i, a)| {
        mentions[i + 1..]
            .iter()
            .any(|b| a.source == b.source && disjoint(a, b))
    });
    if mixed {
        return false;
    }
    // Whether two sources give no value in common, worked out once per pair of sources.
    let mut apart: HashMap<(usize, usize), bool> = HashMap::default();
    links.iter().any(|&(a, b)| {
        let (x, y) = (mentions[a], mentions[b]);
        // A disagreement needs more evidence that both count the same thing than agreement
        // does: the same event (killed, injured, …) or two shared words around the numbers, and
        // values of the same size — sources that disagree give 112 and 114, or 3.7 and 3.9
        // million; 97 and 300 are two different counts.
        let same_event = x.event.is_some() && x.event == y.event;
        // The words of a counted compound count as shared when the other has them around it
        // ("200 birds species" and "208 bird species").
        let shared = x.context.iter().filter(|w| y.context.contains(w)).count()
            + (x.key != y.key) as usize
                * (y.context.contains(&x.key) as usize + x.context.contains(&y.key) as usize);
        let (lower, upper) = if x.high < y.low { (x, y) } else { (y, x) };
        let near = upper.low <= CONFLICT_RATIO * lower.high.max(f64::MIN_POSITIVE);
        let other_names = !x.names.is_empty()
            && !y.names.is_empty()
            && !x.names.iter().any(|n| y.names.contains(n));
        // A count dated by one source and not the same date by the other ("17 states through
        // July", "24 states so far this year") may be the same tally at two times.
        let other_times = (!x.when.is_empty() || !y.when.is_empty())
            && !x.when.iter().any(|w| y.when.contains(w));
        if !(same_event || shared >= 2) || !near || !disjoint(x, y) || other_names || other_times {
            return false;
        }
        let pair = (x.source.min(y.source), x.source.max(y.source));
        *apart.entry(pair).or_insert_with(|| {
            let of = |src: usize| mentions.iter().filter(move |m| m.source == src);
            of(pair.0).all(|p| of(pair.1).all(|q| disjoint(p, q)))
        })
    })
}

#[cfg(test)]
mod tests;
