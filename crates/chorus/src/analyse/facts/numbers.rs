//! Reading a number as written: digits, words, scales, and the modifier before it, as an interval.

use super::*;
use crate::dates::month_number;

/// Modifiers before a number, longest first, and how they bound it.
pub(super) const MODIFIERS: &[(&str, Bound)] = &[
    ("in excess of", Bound::Above),
    ("as long as", Bound::AtMost),
    ("as much as", Bound::AtMost),
    ("as few as", Bound::AtLeast),
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
pub(super) enum Bound {
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
pub(super) fn interval(v: f64, half: f64, bound: Bound) -> (f64, f64) {
    match bound {
        Bound::Exact => (v - half, v + half),
        Bound::Above => (v, f64::INFINITY),
        Bound::AtLeast => (v, f64::INFINITY),
        Bound::Below | Bound::AtMost => (0.0, v),
        Bound::Nearly => (v * 0.85, v),
        Bound::About => (v * 0.9, v * 1.1),
    }
}

pub(super) const SMALL: &[&str] = &[
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
pub(super) const TENS: &[&str] = &[
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number word ("seven", "twenty-five"), or a vague quantity as an interval ("dozens").
pub(super) fn word_number(w: &str) -> Option<(f64, f64)> {
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

pub(super) fn scale(w: &str) -> Option<f64> {
    match w.to_ascii_lowercase().as_str() {
        // "two dozen people": 24.
        "dozen" => Some(12.0),
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
pub(super) fn half_step(w: &str, value: f64) -> f64 {
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
pub(super) fn may_hold_number(sentence: &str) -> bool {
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
pub(super) fn digit_number(w: &str) -> Option<(f64, Option<&'static str>, bool)> {
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
pub(super) fn month_name(w: &str) -> String {
    match month_number(w) {
        Some(n) => format!("month {n}"),
        None => w.trim_end_matches('.').to_ascii_lowercase(),
    }
}

pub(super) fn is_month(w: &str) -> bool {
    month_number(w).is_some()
}
