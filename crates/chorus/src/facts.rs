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

use crate::brief::Support;
use crate::dates::month_number;
use crate::features::{normalize_space, Sentence, StoryFeatures};
use crate::ingest::Story;
use crate::represent::{is_stop_word, split_words};
use crate::union_find::UnionFind;
use rustc_hash::FxHashMap as HashMap;
use serde::{Serialize, Serializer};
use std::sync::OnceLock;

/// One value a source gives for a fact.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FactValue {
    /// As written: "more than 80", "$1.2 million".
    pub text: String,
    /// The interval it allows; `high` is absent when unbounded ("at least 87").
    pub low: f64,
    #[serde(serialize_with = "finite_or_null")]
    pub high: f64,
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
    /// What it counts: a key ("passenger", "$ damage", "% voter") and how it reads.
    key: String,
    subject: String,
    /// For counts of people: what happened to them (killed, injured, …).
    event: Option<&'static str>,
    /// Years and months the sentence names: counts "in 2015" and "in 2016" are different facts.
    when: Vec<String>,
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

impl Mention {
    /// Whether two mentions may count the same thing.
    fn same_quantity(&self, other: &Mention) -> bool {
        // A bare amount or share ("$4.2 million", "59%") says too little of what it is.
        if matches!(self.key.as_str(), "$" | "£" | "€" | "%") {
            return false;
        }
        let same_thing = if self.key == other.key {
            self.event == other.event || self.event.is_none() || other.event.is_none()
        } else {
            let generic = |m: &Mention| GENERIC_PEOPLE.contains(&m.key.as_str());
            self.event.is_some() && self.event == other.event && (generic(self) || generic(other))
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
    let mut facts: Vec<Fact> = groups
        .iter()
        .zip(&group_links)
        .map(|(members, links)| {
            let ms: Vec<&Mention> = members.iter().map(|&i| &mentions[i]).collect();
            make_fact(&ms, links)
        })
        .collect();
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
    let disjoint = |a: &Mention, b: &Mention| a.high < b.low || b.high < a.low;
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
        let shared = x.context.iter().filter(|w| y.context.contains(w)).count();
        let (lower, upper) = if x.high < y.low { (x, y) } else { (y, x) };
        let near = upper.low <= CONFLICT_RATIO * lower.high.max(f64::MIN_POSITIVE);
        if !(same_event || shared >= 2) || !near || !disjoint(x, y) {
            return false;
        }
        let pair = (x.source.min(y.source), x.source.max(y.source));
        *apart.entry(pair).or_insert_with(|| {
            let of = |src: usize| mentions.iter().filter(move |m| m.source == src);
            of(pair.0).all(|p| of(pair.1).all(|q| disjoint(p, q)))
        })
    })
}

/// Modifiers before a number, longest first, and how they bound it.
const MODIFIERS: &[(&str, Bound)] = &[
    ("more than", Bound::Above),
    ("upwards of", Bound::Above),
    ("at least", Bound::AtLeast),
    ("no fewer than", Bound::AtLeast),
    ("no less than", Bound::AtLeast),
    ("just over", Bound::Above),
    ("just under", Bound::Below),
    ("fewer than", Bound::Below),
    ("less than", Bound::Below),
    ("no more than", Bound::AtMost),
    ("up to", Bound::AtMost),
    ("as many as", Bound::AtMost),
    ("close to", Bound::Nearly),
    ("an estimated", Bound::About),
    ("over", Bound::Above),
    ("nearly", Bound::Nearly),
    ("almost", Bound::Nearly),
    ("about", Bound::About),
    ("around", Bound::About),
    ("roughly", Bound::About),
    ("approximately", Bound::About),
    ("some", Bound::About),
    ("under", Bound::Below),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    Exact,
    Above,
    AtLeast,
    Below,
    AtMost,
    Nearly,
    About,
}

/// The interval a value allows; `half` is half its rounding step ("16" is 15.5–16.5, "15.99"
/// 15.985–15.995), so that "$16" and "$15.99" agree while "112" and "114" do not.
fn interval(v: f64, half: f64, bound: Bound) -> (f64, f64) {
    match bound {
        Bound::Exact => (v - half, v + half),
        Bound::Above => (v, f64::INFINITY),
        Bound::AtLeast => (v, f64::INFINITY),
        Bound::Below | Bound::AtMost => (0.0, v),
        Bound::Nearly => (v * 0.85, v),
        Bound::About => (v * 0.9, v * 1.1),
    }
}

const SMALL: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number word ("seven", "twenty-five"), or a vague quantity as an interval ("dozens").
fn word_number(w: &str) -> Option<(f64, f64)> {
    let w = w.to_ascii_lowercase();
    if let Some(i) = SMALL.iter().position(|s| *s == w) {
        // "one" is mostly a pronoun or an article ("one of the…"): not a count.
        return (i != 1 && i != 0).then_some((i as f64, i as f64));
    }
    let (tens, unit) = w.split_once('-').unwrap_or((&w, ""));
    if let Some(t) = TENS.iter().position(|s| !s.is_empty() && *s == tens) {
        let u = if unit.is_empty() {
            0
        } else {
            SMALL.iter().position(|s| *s == unit).filter(|&u| u < 10)?
        };
        let v = (t * 10 + u) as f64;
        return Some((v, v));
    }
    match w.as_str() {
        "dozen" => Some((12.0, 12.0)),
        "dozens" => Some((24.0, 99.0)),
        "scores" => Some((40.0, 99.0)),
        "hundreds" => Some((200.0, 999.0)),
        "thousands" => Some((2000.0, 9999.0)),
        "millions" => Some((2e6, 9.99e6)),
        _ => None,
    }
}

fn scale(w: &str) -> Option<f64> {
    match w.to_ascii_lowercase().as_str() {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "m" | "mn" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

/// Half the rounding step of a figure as written: 0.5 for "112", 0.05 for "1.2", 50 for "1,200"
/// but never more than 2% of the value (round numbers are often exact).
fn half_step(w: &str, value: f64) -> f64 {
    let digits: String = w
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let step = match digits.split_once('.') {
        Some((_, frac)) => 10f64.powi(-(frac.len() as i32)),
        None => {
            let zeros = digits.len() - digits.trim_end_matches('0').len();
            10f64.powi(zeros.min(digits.len().saturating_sub(1)) as i32)
        }
    };
    (step / 2.0)
        .min(0.02 * value)
        .max(if step < 1.0 { step / 2.0 } else { 0.5 })
}

/// A cheap test before the word-by-word scan: a digit, or a word that may be a number.
fn may_hold_number(sentence: &str) -> bool {
    static WORDS: OnceLock<regex::Regex> = OnceLock::new();
    sentence.bytes().any(|b| b.is_ascii_digit())
        || WORDS
            .get_or_init(|| {
                regex::Regex::new(r"(?i)(?-u:\b)(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozens?|scores|hundreds|thousands|millions|zero)(?-u:\b)")
                    .expect("valid")
            })
            .is_match(sentence)
}

/// A figure written in digits: "112", "4,500", "3.5", "$1.2", "25%".
/// Returns (value, currency, percent).
fn digit_number(w: &str) -> Option<(f64, Option<&'static str>, bool)> {
    let (currency, rest) = if let Some(r) = w.strip_prefix("US$") {
        (Some("$"), r)
    } else if let Some(r) = w.strip_prefix('$') {
        (Some("$"), r)
    } else if let Some(r) = w.strip_prefix('£') {
        (Some("£"), r)
    } else if let Some(r) = w.strip_prefix('€') {
        (Some("€"), r)
    } else {
        (None, w)
    };
    let (rest, percent) = match rest.strip_suffix('%') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let first = rest.chars().next()?;
    if !first.is_ascii_digit() {
        return None;
    }
    // Digits with thousands separators in groups of three, and one decimal point.
    let mut parts = rest.split('.');
    let whole = parts.next()?;
    let frac = parts.next();
    if parts.next().is_some()
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let groups: Vec<&str> = whole.split(',').collect();
    if !groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        || groups.iter().skip(1).any(|g| g.len() != 3)
        || (groups.len() > 1 && groups[0].len() > 3)
    {
        return None;
    }
    let digits: String = groups.concat();
    let v: f64 = format!("{digits}.{}", frac.unwrap_or("0")).parse().ok()?;
    Some((v, currency, percent))
}

/// A month's number from any of its forms ("Sept." → "month 9"); other words lower-cased.
fn month_name(w: &str) -> String {
    match month_number(w) {
        Some(n) => format!("month {n}"),
        None => w.trim_end_matches('.').to_ascii_lowercase(),
    }
}

fn is_month(w: &str) -> bool {
    month_number(w).is_some()
}

/// Counted nouns for which the event (killed, injured, …) decides what is counted.
const PEOPLE: &[&str] = &[
    "people",
    "persons",
    "person",
    "passengers",
    "civilians",
    "soldiers",
    "children",
    "students",
    "workers",
    "residents",
    "migrants",
    "victims",
    "officers",
    "troops",
    "crew",
    "members",
    "protesters",
    "fighters",
    "militants",
    "patients",
    "adults",
    "men",
    "women",
    "others",
    "americans",
    "citizens",
    "refugees",
    "police",
    "firefighters",
    "miners",
    "tourists",
    "pilgrims",
    "employees",
    "inmates",
    "prisoners",
    "hostages",
    "staff",
];

/// Events that say what a count of people is, and words that stand for them.
const EVENTS: &[(&str, &[&str])] = &[
    (
        "killed",
        &[
            "killed",
            "dead",
            "died",
            "deaths",
            "death",
            "dies",
            "die",
            "killing",
            "fatalities",
            "lives",
        ],
    ),
    (
        "injured",
        &[
            "injured", "wounded", "hurt", "injuries", "injuring", "wounding",
        ],
    ),
    ("missing", &["missing", "unaccounted"]),
    (
        "arrested",
        &["arrested", "detained", "arrests", "detentions", "custody"],
    ),
    ("rescued", &["rescued", "saved"]),
    (
        "evacuated",
        &["evacuated", "evacuations", "fled", "displaced"],
    ),
    ("treated", &["treated", "hospitalized", "hospitalised"]),
];

fn event_of(w: &str) -> Option<&'static str> {
    let w = w.to_ascii_lowercase();
    EVENTS
        .iter()
        .find(|(_, words)| words.contains(&w.as_str()))
        .map(|(e, _)| *e)
}

/// Words between a number and what it counts ("four alleged killers").
const ADJECTIVES: &[&str] = &[
    "alleged",
    "additional",
    "confirmed",
    "suspected",
    "known",
    "reported",
    "armed",
    "young",
    "old",
    "small",
    "large",
    "major",
    "local",
    "foreign",
    "american",
    "british",
    "chinese",
    "former",
    "senior",
    "separate",
    "different",
    "unarmed",
    "innocent",
    "fellow",
    "full",
    "further",
    "total",
    "consecutive",
    "straight",
    "previous",
    "recent",
    "big",
    "key",
];

/// Units of time: durations are often about different things ("three years ago", "every three
/// years"), so their mentions link only in sentences that share half their words.
const TIME_UNITS: &[&str] = &[
    "second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
];

/// Words after a number that are not what it counts.
const NOT_COUNTED: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "said", "says",
    "times", "per", "more", "other", "others", "about", "than", "as", "who", "which", "p.m", "a.m",
    "pm", "am", "new", "percent", "per cent", "am.", "its", "their", "his", "her",
    // "the 5500 block of East 84th Street" is an address.
    "block",
];

/// The numbers of one sentence.
fn mentions_in(
    sentence: &str,
    offset: usize,
    (global, index): (usize, usize),
    source: usize,
) -> Vec<Mention> {
    let words = split_words(sentence);
    let lower: Vec<String> = words.iter().map(|w| w.text.to_ascii_lowercase()).collect();
    let when: Vec<String> = lower
        .iter()
        .filter(|w| {
            is_month(w)
                || (w.len() == 4
                    && w.bytes().all(|b| b.is_ascii_digit())
                    && ("1800".."2101").contains(&w.as_str()))
        })
        .map(|w| month_name(w))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].text;
        let prev = i.checked_sub(1).map(|p| words[p].text);
        // The number itself: digits, or a number word.
        let digits = digit_number(w);
        let in_digits = digits.is_some();
        let (mut low, mut high, currency, mut percent, vague) = if let Some((v, c, p)) = digits {
            (v, v, c, p, false)
        } else if let Some((lo, hi)) = word_number(w) {
            (lo, hi, None, false, lo != hi)
        } else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        // Not a count: a year, a time, a date, an identifier ("Flight 8501"), an age (", 45,").
        let is_year = currency.is_none()
            && !percent
            && w.len() == 4
            && !w.contains([',', '.'])
            && (1800.0..=2100.0).contains(&low);
        let after_name = prev.is_some_and(|p| {
            p.starts_with(|c: char| c.is_uppercase())
                && !is_month(p)
                && !MODIFIERS.iter().any(|(m, _)| m.eq_ignore_ascii_case(p))
                && i > 0
                && !sentence[..words[i].start]
                    .trim_end()
                    .ends_with([',', '.', ':', ';'])
        }) && in_digits;
        let date = prev.is_some_and(is_month) || words.get(i + 1).is_some_and(|n| is_month(n.text));
        let time = words.get(i + 1).is_some_and(|n| {
            matches!(
                n.text.to_ascii_lowercase().as_str(),
                "a.m" | "p.m" | "am" | "pm" | "gmt" | "et" | "bst"
            )
        }) || w.contains(':');
        // ", 52," after a name is an age.
        let age = sentence[words[i].end..].starts_with(',')
            && sentence[..words[i].start].trim_end().ends_with(',')
            && prev.is_some_and(|p| p.starts_with(|c: char| c.is_uppercase()));
        if is_year
            || after_name
            || date
            || time
            || age
            || w.contains(|c: char| c.is_alphabetic() && c.is_uppercase()) && in_digits
        {
            i += 1;
            continue;
        }
        let mut half = if in_digits { half_step(w, low) } else { 0.5 };
        // A scale after it ("1.2 million"), and "percent".
        if let Some(k) = words.get(end).and_then(|n| scale(n.text)) {
            low *= k;
            high *= k;
            half *= k;
            end += 1;
        }
        if words.get(end).is_some_and(|n| {
            let l = n.text.to_ascii_lowercase();
            l == "percent" || l == "pct"
        }) {
            percent = true;
            end += 1;
        } else if words
            .get(end)
            .is_some_and(|n| n.text.eq_ignore_ascii_case("per"))
            && words
                .get(end + 1)
                .is_some_and(|n| n.text.eq_ignore_ascii_case("cent"))
        {
            percent = true;
            end += 2;
        }
        // The modifier before it.
        let mut first = i;
        let mut bound = Bound::Exact;
        for (m, b) in MODIFIERS {
            let n = m.split(' ').count();
            if i >= n && (0..n).all(|k| lower[i - n + k] == m.split(' ').nth(k).unwrap_or_default())
            {
                first = i - n;
                bound = *b;
                break;
            }
        }
        let (lo, hi) = if vague {
            match bound {
                Bound::Exact => (low, high),
                _ => {
                    let (a, _) = interval(low, 0.0, bound);
                    let (_, b) = interval(high, 0.0, bound);
                    (a, b)
                }
            }
        } else {
            interval(low, half, bound)
        };
        // What it counts: the first word after it that is a noun-like content word, skipping
        // "of" ("dozens of people") and one adjective-like word.
        let mut k = end;
        if words
            .get(k)
            .is_some_and(|n| n.text.eq_ignore_ascii_case("of"))
        {
            k += 1;
        }
        let content = |j: usize| {
            let l: &str = &lower[j];
            l.chars().all(|c| c.is_alphabetic() || c == '-')
                && !NOT_COUNTED.contains(&l)
                && !is_month(l)
                && l.len() > 1
        };
        let mut counted = (k..words.len().min(k + 3)).find(|&j| content(j));
        // "four alleged killers", "21 confirmed cases": the noun after a modifying word.
        if let Some(j) = counted {
            let modifier = ADJECTIVES.contains(&lower[j].as_str())
                || (lower[j].ends_with("ed") && event_of(&lower[j]).is_none());
            if modifier && j + 1 < words.len() && content(j + 1) {
                counted = Some(j + 1);
            }
        }
        let counted_word = counted.map(|j| lower[j].clone());
        // People counts take their event from the sentence around them.
        // People counts take their event from the counted word itself ("200 injured") or the
        // nearest event word around them, after before before.
        let event = counted_word.as_deref().and_then(|c| {
            event_of(c).or_else(|| {
                PEOPLE.contains(&c).then(|| {
                    (1..8).find_map(|d| {
                        lower
                            .get(end - 1 + d)
                            .and_then(|w| event_of(w))
                            .or_else(|| i.checked_sub(d).and_then(|j| event_of(&lower[j])))
                    })
                })?
            })
        });
        let (key, subject) = match (currency, percent, counted_word.as_deref(), event) {
            (Some(c), _, Some(noun), _) => {
                (format!("{c} {}", stem_key(noun)), format!("{c} ({noun})"))
            }
            (Some(c), _, None, _) => (c.to_string(), format!("amount in {c}")),
            (None, true, Some(noun), _) => {
                (format!("% {}", stem_key(noun)), format!("percent ({noun})"))
            }
            (None, true, None, _) => ("%".to_string(), "percent".to_string()),
            // "87 dead", "200 injured": the event is what is counted.
            (None, false, Some(noun), Some(ev)) if event_of(noun).is_some() => {
                ("people".to_string(), format!("people {ev}"))
            }
            (None, false, Some(noun), Some(ev)) => (stem_key(noun), format!("{noun} {ev}")),
            (None, false, Some(noun), None) => (stem_key(noun), noun.to_string()),
            (None, false, None, _) => {
                i = end;
                continue; // a bare number counts nothing we can name
            }
        };
        let (s, e) = (words[first].start, words[end - 1].end);
        out.push(Mention {
            sentence: global,
            index,
            source,
            start: offset + s,
            end: offset + e,
            text: sentence[s..e].to_string(),
            low: lo,
            high: hi,
            key,
            subject,
            event,
            when: when.clone(),
            context: {
                let counted_key = counted.map(|j| stem_key(&lower[j]));
                let mut c: Vec<String> = (first.saturating_sub(CONTEXT_WORDS)
                    ..(end + CONTEXT_WORDS).min(words.len()))
                    .filter(|&j| (j < first || j >= end) && content(j) && !is_stop_word(&lower[j]))
                    .map(|j| stem_key(&lower[j]))
                    .filter(|w| Some(w) != counted_key.as_ref())
                    .collect();
                c.sort_unstable();
                c.dedup();
                c
            },
        });
        i = end;
    }
    out
}

/// A crude singular for keys: "passengers" and "passenger" count the same thing.
fn stem_key(noun: &str) -> String {
    let n = noun.trim_end_matches("'s");
    if let Some(b) = n.strip_suffix("ies") {
        format!("{b}y")
    } else if n.ends_with("ss") {
        n.to_string()
    } else {
        n.strip_suffix('s').unwrap_or(n).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Vec<Mention> {
        mentions_in(s, 0, (0, 0), 1)
    }

    #[test]
    fn numbers_with_modifiers_become_intervals() {
        let m =
            one("More than 80 people were killed and at least 200 were injured, officials said.");
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!((m[0].low, m[0].high), (80.0, f64::INFINITY));
        assert_eq!((m[0].key.as_str(), m[0].event), ("people", Some("killed")));
        assert_eq!(m[0].text, "More than 80");
        assert_eq!((m[1].low, m[1].event), (200.0, Some("injured")));
        let m = one("The flight lasted nearly two hours.");
        assert_eq!((m[0].low, m[0].high, m[0].key.as_str()), (1.7, 2.0, "hour"));
        let m = one("The fire has burned 4,500 acres of forest.");
        assert_eq!(
            (m[0].low, m[0].high, m[0].key.as_str()),
            (4450.0, 4550.0, "acre")
        );
        let m = one("Police said four alleged killers were in custody.");
        assert_eq!(m[0].key, "killer");
        let (a, b) = (
            one("It costs $16 now.")[0].clone(),
            one("It costs $15.99 now.")[0].clone(),
        );
        assert!(a.low <= b.high && b.low <= a.high, "rounding: {a:?} {b:?}");
        let m = one("The city will spend $1.2 million on repairs.");
        assert_eq!((m[0].low, m[0].high), (1.15e6, 1.25e6));
        assert_eq!(m[0].text, "$1.2 million");
        let m = one("Turnout reached 64 percent of voters.");
        assert_eq!((m[0].low, m[0].key.as_str()), (63.5, "% voter"));
        let m = one("Dozens of passengers were rescued.");
        assert_eq!(
            (m[0].low, m[0].high, m[0].event),
            (24.0, 99.0, Some("rescued"))
        );
        assert_eq!(m[0].subject, "passengers rescued");
    }

    #[test]
    fn years_dates_times_names_and_ages_are_not_counts() {
        for s in [
            "The bridge opened in 1998 after years of delays.",
            "The vote is on Nov. 10 in the capital.",
            "The ferry left at 7:15 a.m. from the harbour.",
            "AirAsia Flight 8501 lost contact with air traffic control.",
            "Ilse Varga, 52, said the crew did everything right.",
            "One of the passengers filmed the rescue.",
        ] {
            assert!(one(s).is_empty(), "{s}: {:?}", one(s));
        }
    }

    fn mention(source: usize, low: f64, high: f64) -> Mention {
        Mention {
            sentence: 0,
            index: 0,
            source,
            start: 0,
            end: 0,
            text: String::new(),
            low,
            high,
            key: "people".into(),
            subject: "people killed".into(),
            event: Some("killed"),
            when: Vec::new(),
            context: Vec::new(),
        }
    }

    #[test]
    fn compatible_intervals_agree_and_disjoint_ones_conflict() {
        let inf = f64::INFINITY;
        let agree = [
            mention(1, 80.0, inf),
            mention(2, 87.0, 87.0),
            mention(3, 87.0, inf),
        ];
        let f = make_fact(&agree.iter().collect::<Vec<_>>(), &[(0, 1), (1, 2), (0, 2)]);
        assert_eq!(f.status, FactStatus::Agree);
        assert_eq!(f.values.len(), 3);
        let conflict = [mention(1, 111.5, 112.5), mention(2, 113.5, 114.5)];
        let f = make_fact(&conflict.iter().collect::<Vec<_>>(), &[(0, 1)]);
        assert_eq!(f.status, FactStatus::Conflict);
        // Unlinked values (sentences about different things) do not conflict.
        let f = make_fact(&conflict.iter().collect::<Vec<_>>(), &[]);
        assert_eq!(f.status, FactStatus::Agree);
        // A source giving a total and a part is not in conflict with one repeating the total.
        let parts = [
            mention(1, 112.0, 112.0),
            mention(1, 6.0, 6.0),
            mention(2, 112.0, 112.0),
        ];
        let f = make_fact(&parts.iter().collect::<Vec<_>>(), &[(1, 2)]);
        assert_eq!(f.status, FactStatus::Agree);
        let single = [mention(1, 3.0, 3.0)];
        assert_eq!(
            make_fact(&single.iter().collect::<Vec<_>>(), &[]).status,
            FactStatus::Single
        );
    }
}
