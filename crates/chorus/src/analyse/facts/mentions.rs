//! What a number counts: the noun after it, the event it belongs to, and the words that rule a
//! number out (years, times, ages, names).

use super::numbers::*;
use super::*;

/// Counted nouns for which the event (killed, injured, …) decides what is counted.
pub(super) const PEOPLE: &[&str] = &[
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
pub(super) const EVENTS: &[(&str, &[&str])] = &[
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

pub(super) fn event_of(w: &str) -> Option<&'static str> {
    let w = w.to_ascii_lowercase();
    EVENTS
        .iter()
        .find(|(_, words)| words.contains(&w.as_str()))
        .map(|(e, _)| *e)
}

/// Words between a number and what it counts ("four alleged killers").
pub(super) const ADJECTIVES: &[&str] = &[
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
pub(super) const TIME_UNITS: &[&str] = &[
    "second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
];

/// Words after a number that are not what it counts.
pub(super) const NOT_COUNTED: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "said", "says",
    "times", "per", "more", "other", "others", "about", "than", "as", "who", "which", "p.m", "a.m",
    "pm", "am", "new", "percent", "per cent", "am.", "its", "their", "his", "her",
    // "the 5500 block of East 84th Street" is an address.
    "block",
];

/// The numbers of one sentence.
pub(super) fn mentions_in(
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
pub(super) fn stem_key(noun: &str) -> String {
    let n = noun.trim_end_matches("'s");
    if let Some(b) = n.strip_suffix("ies") {
        format!("{b}y")
    } else if n.ends_with("ss") {
        n.to_string()
    } else {
        n.strip_suffix('s').unwrap_or(n).to_string()
    }
}
