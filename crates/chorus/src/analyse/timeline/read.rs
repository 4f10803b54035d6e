//! Reading the date one sentence gives: absolute forms, weekdays and "yesterday" counted from an
//! anchor day, which way a weekday goes (past or future), and what is inside quotations (a
//! speaker's dates are not the article's).

use super::Precision;
use crate::dates::{month_number, weekday};
use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;
use std::sync::OnceLock;

/// The first three letters of every month, as `MONTH` spells them.
const MONTH_STEMS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A day's name, as a capture group.
pub(super) const WEEKDAY: &str = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

pub(super) const MONTH: &str = r"(Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

struct Patterns {
    month_day: Regex,
    day_month: Regex,
    month_year: Regex,
    iso: Regex,
    year: Regex,
    weekday: Regex,
    near: Regex,
    span: Regex,
    ongoing: Regex,
    future: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        month_day: Regex::new(&format!(r"(?-u:\b){MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(\d{{4}})(?-u:\b))?"))
            .expect("valid"),
        day_month: Regex::new(&format!(r"(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+(\d{{4}})(?-u:\b))?"))
            .expect("valid"),
        month_year: Regex::new(&format!(r"(?-u:\b){MONTH},?\s+(\d{{4}})(?-u:\b)")).expect("valid"),
        iso: Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("valid"),
        year: Regex::new(r"(?-u:\b)(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Ee]arly|[Ll]ate)\s+((?:18|19|20)\d\d)(?-u:\b)")
            .expect("valid"),
        weekday: Regex::new(&format!(r"(?-u:\b){WEEKDAY}(?-u:\b)")).expect("valid"),
        near: Regex::new(r"(?i)(?-u:\b)(yesterday|today|tonight|this morning|this afternoon|this evening|last night)(?-u:\b)")
            .expect("valid"),
        span: Regex::new(r"(?i)(?-u:\b)(last|next|this past|earlier this|later this)\s+(week|weekend|month|year)(?-u:\b)")
            .expect("valid"),
        ongoing: Regex::new(r"(?i)(?-u:\b)(?:is|are|am|be|been|['’]re|['’]s)\s+(?:\w+ly\s+)?\w+ing(?-u:\b)")
            .expect("valid"),
        future: Regex::new(r"(?i)(?-u:\b)(will|would|is expected to|are expected to|plans? to|is scheduled|are scheduled|is set to|are set to|next)(?-u:\b)")
            .expect("valid"),
    })
}

/// The month and day a date written without its year names ("Dec. 3", "3 December").
pub(super) fn month_and_day(when: &str) -> Option<(u32, u32)> {
    let p = patterns();
    if let Some(c) = p.month_day.captures(when).filter(|c| c.get(3).is_none()) {
        return Some((month_number(&c[1])?, c[2].parse().ok()?));
    }
    let c = p.day_month.captures(when).filter(|c| c.get(3).is_none())?;
    Some((month_number(&c[2])?, c[1].parse().ok()?))
}

/// The date a sentence names, as (written form, date, precision, anchored). `published` is
/// the article's publication day.
pub(super) fn date_in(
    sentence: &str,
    published: Option<NaiveDate>,
) -> Option<(String, Option<NaiveDate>, Precision, bool)> {
    // A date a speaker names inside a quotation is the speaker's, not the article's.
    let masked = outside_quotations(sentence);
    let sentence = masked.as_str();
    // A status "as of" a day ("As of June 7, 20 animals have tested positive in 2017"): none of
    // its dates is when something happened.
    let lower = sentence.to_ascii_lowercase();
    if lower.starts_with("as of ") || lower.contains(" as of ") {
        return None;
    }
    let p = patterns();
    let year_of = |y: Option<regex::Match>| -> Option<i32> {
        y.and_then(|y| y.as_str().parse().ok())
            .or_else(|| published.map(|d| d.year()))
    };
    // Cheap tests first: each pattern needs a word the sentence may not have (the regexes run
    // over every kept sentence of a story).
    let digit = sentence.bytes().any(|b| b.is_ascii_digit());
    let month = digit && MONTH_STEMS.iter().any(|m| sentence.contains(m));
    if let Some(c) = digit.then(|| p.iso.captures(sentence)).flatten() {
        let d = NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        if d.is_some() {
            return Some((c[0].to_string(), d, Precision::Day, false));
        }
    }
    for re in [&p.month_day, &p.day_month].into_iter().filter(|_| month) {
        if let Some(c) = re.captures(sentence) {
            let (m, d) = if std::ptr::eq(re, &p.month_day) {
                (&c[1], &c[2])
            } else {
                (&c[2], &c[1])
            };
            let (Some(month), Ok(day)) = (month_number(m), d.parse::<u32>()) else {
                continue;
            };
            if not_when_it_happened(sentence, c.get(0).map_or(0, |m| m.start())) {
                continue;
            }
            // "May 5" must be a date, not the verb: May only with a day and capitalised.
            let mut date = year_of(c.get(3)).and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
            // A day without a year that would fall over a month after the anchor, in a sentence
            // that does not speak of the future, is last year's ("Dec. 28" read in January).
            if let (None, Some(d), Some(anchor)) = (c.get(3), date, published) {
                if d > anchor + Duration::days(31) && !p.future.is_match(sentence) {
                    date = NaiveDate::from_ymd_opt(d.year() - 1, month, day);
                }
            }
            if (1..=31).contains(&day) {
                let anchored = c.get(3).is_none() && date.is_some();
                return Some((c[0].to_string(), date, Precision::Day, anchored));
            }
        }
    }
    if let Some(c) = month.then(|| p.month_year.captures(sentence)).flatten() {
        let date =
            month_number(&c[1]).and_then(|m| NaiveDate::from_ymd_opt(c[2].parse().ok()?, m, 1));
        return Some((c[0].to_string(), date, Precision::Month, false));
    }
    // A day's name before a capitalised word names something else ("Saturday Night Live",
    // "the Sunday Times"); one joined to a noun is no day either ("a Saturday-matinee chiller").
    let named = |c: &regex::Captures| {
        let after = &sentence[c.get(1).map_or(0, |m| m.end())..];
        after.starts_with('-')
            || (after.starts_with(' ')
                && after[1..].starts_with(|ch: char| ch.is_uppercase())
                && month_number(after[1..].split([' ', ',', '.']).next().unwrap_or_default())
                    .is_none())
    };
    // "Ten years ago this morning", "a year ago Tuesday": the day of an anniversary, not of the
    // event it recalls; "could launch another missile as soon as Saturday": a speculation.
    let not_the_day = |c: &regex::Captures| {
        let before = sentence[..c.get(1).map_or(0, |m| m.start())].trim_end();
        not_when_it_happened(sentence, c.get(1).map_or(0, |m| m.start()))
            || before.ends_with(" ago")
            || before.ends_with(" ago,")
            || (before.ends_with("as soon as") && {
                let lower = sentence.to_lowercase();
                [" could ", " may ", " might "]
                    .iter()
                    .any(|m| lower.contains(m))
            })
    };
    if let Some(c) = sentence
        .contains("day")
        .then(|| {
            p.weekday
                .captures_iter(sentence)
                .find(|c| !named(c) && !not_the_day(c))
        })
        .flatten()
    {
        // "last Sunday", "this past Sunday" are behind, "next Sunday" ahead; otherwise a verb in
        // the past right before the day ("vowed again on Wednesday", "reported Tuesday night")
        // says the past, whatever future the rest of the sentence speaks of.
        let m = c.get(1).expect("the day is captured");
        let before = sentence[..m.start()].trim_end().to_lowercase();
        let said_last =
            before.ends_with(" last") || before == "last" || before.ends_with("this past");
        let said_next = before.ends_with(" next") || before == "next";
        // Not across a deadline's preposition ("no action was expected before Tuesday").
        let deadline = matches!(
            before.rsplit(' ').next().unwrap_or_default(),
            "before" | "until" | "by" | "from"
        );
        let past_verb = !deadline
            && before
                .split_whitespace()
                .rev()
                .filter(|w| !matches!(*w, "on" | "again" | "late" | "early"))
                .take(2)
                .any(|w| is_past_verb(w.trim_matches(|c: char| !c.is_alphabetic())));
        let future = said_next || (p.future.is_match(sentence) && !past_verb && !said_last);
        let date = published.and_then(|pd| {
            let target = weekday(&c[1])?;
            let back =
                (pd.weekday().num_days_from_monday() + 7 - target.num_days_from_monday()) % 7;
            Some(if future && back != 0 {
                pd + Duration::days(7 - back as i64)
            } else if said_last && back == 0 {
                pd - Duration::days(7)
            } else {
                pd - Duration::days(back as i64)
            })
        });
        return Some((c[1].to_string(), date, Precision::Day, date.is_some()));
    }
    let near = ["day", "night", "this", "This"]
        .iter()
        .any(|w| sentence.contains(w));
    let near_date = near
        .then(|| p.near.captures(sentence))
        .flatten()
        // "today's birds", "today's Republican party": nowadays, not a day.
        .filter(|c| !sentence[c.get(1).map_or(0, |m| m.end())..].starts_with(['\'', '’']))
        .filter(|c| !not_the_day(c))
        // "Today" capitalised inside a sentence is a name ("the BBC's Today programme").
        .filter(|c| {
            &c[1] != "Today"
                || sentence[..c.get(1).map_or(0, |m| m.start())]
                    .trim()
                    .is_empty()
        });
    // "today" as nowadays: "Today, women account for 19 percent of Congress", "birds use
    // feathers today for flight", "a storm of this magnitude today could …". A day's "today" is
    // told in the past ("the council voted today"), as news ("the team reports today"), as
    // what is under way or coming ("is campaigning today", "will speak today"); a modal right
    // after it ("today could", "today can") is a supposition whatever else the sentence says.
    let nowadays = |c: &regex::Captures| {
        if !c[1].eq_ignore_ascii_case("today") {
            return false;
        }
        let after = sentence[c.get(1).map_or(0, |m| m.end())..].trim_start();
        let next = after.split_whitespace().next().unwrap_or_default();
        if matches!(next, "can" | "could" | "would" | "might" | "may") {
            return true;
        }
        // "the largest birds of today": of its time, not a day's; "wetter than it is today":
        // compared with now.
        let before = sentence[..c.get(1).map_or(0, |m| m.start())].trim_end();
        if before.ends_with(" of") || before.ends_with(" Of") {
            return true;
        }
        let last: Vec<&str> = before.rsplit(' ').take(3).collect();
        if last.first() == Some(&"than") || (last.len() == 3 && last[2] == "than" && is_be(last[0]))
        {
            return true;
        }
        let words: Vec<String> = sentence
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
            .collect();
        let in_the_past = words.iter().any(|w| is_past_verb(w));
        // "Today, Timbuktu is poor and parts of it are sinking": opening the sentence, only
        // the past makes it a day.
        let opens = sentence[..c.get(1).map_or(0, |m| m.start())]
            .trim()
            .is_empty()
            && after.starts_with(',');
        let told_as_news = words
            .iter()
            .any(|w| is_news_verb(w) || w == "will" || w.ends_with("'ll") || w.ends_with("’ll"))
            || p.ongoing.is_match(sentence);
        !in_the_past && (opens || !told_as_news)
    };
    if let Some(c) = near_date.filter(|c| !nowadays(c)) {
        let w = c[1].to_ascii_lowercase();
        let date = published.map(|pd| {
            if w == "yesterday" {
                pd - Duration::days(1)
            } else {
                pd
            }
        });
        return Some((c[1].to_string(), date, Precision::Day, date.is_some()));
    }
    let span = ["week", "month", "year"]
        .iter()
        .any(|w| sentence.contains(w));
    // "in the last month", "over the past year": a stretch up to now, not the month before.
    let stretch = |c: &regex::Captures| {
        let before = sentence[..c.get(0).map_or(0, |m| m.start())].trim_end();
        before.ends_with(" the") || before.ends_with("The")
    };
    if let Some(c) = span
        .then(|| p.span.captures(sentence))
        .flatten()
        .filter(|c| !stretch(c) && !baseline(sentence, c.get(0).map_or(0, |m| m.start())))
    {
        let (rel, unit) = (c[1].to_ascii_lowercase(), c[2].to_ascii_lowercase());
        let date = published.map(|pd| {
            let step = match rel.as_str() {
                "last" | "this past" => -1,
                "next" => 1,
                _ => 0,
            };
            match unit.as_str() {
                "month" => {
                    let m0 = pd.year() * 12 + pd.month0() as i32 + step;
                    NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1)
                        .unwrap_or(pd)
                }
                "year" => NaiveDate::from_ymd_opt(pd.year() + step, 1, 1).unwrap_or(pd),
                // Weeks start on Monday.
                _ => {
                    let monday = pd - Duration::days(pd.weekday().num_days_from_monday() as i64);
                    monday + Duration::days(7 * step as i64)
                }
            }
        });
        let precision = match unit.as_str() {
            "month" => Precision::Month,
            "year" => Precision::Year,
            _ => Precision::Week,
        };
        return Some((c[0].to_string(), date, precision, date.is_some()));
    }
    if let Some(c) = digit
        .then(|| {
            // What stands before the year's preposition ("… from $3 million" of "in 2014").
            p.year.captures_iter(sentence).find(|c| {
                let m = c.get(0).expect("the match");
                !baseline(sentence, m.start())
                    && !trend_from(sentence, m.start(), m.end())
                    && !pictured_before(&sentence[..m.start()].trim_end().to_lowercase())
            })
        })
        .flatten()
    {
        let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, 1, 1);
        return Some((c[1].to_string(), date, Precision::Year, false));
    }
    None
}

/// Whether the date at `at` is not when something the sentence tells happened (a status "as of"
/// a day gives the sentence no date at all, `date_in`): a tally "since" it ("at least 30 killed
/// since Wednesday"), or a state that did not hold on it ("Tel Aviv was not hit on Thursday",
/// "the plane hadn't been found by Tuesday"). A negated deed is still one ("she didn't show up
/// for work Saturday", "decided not to go on March 25"), and "not … until Monday" is when it
/// happened.
fn not_when_it_happened(sentence: &str, at: usize) -> bool {
    let before = sentence[..at].trim_end().to_lowercase();
    if pictured_before(&before) {
        return true;
    }
    // "It is unclear whether residents will turn out on Friday": a doubt about what may come,
    // not a day ("It was unclear whether Thursday's troop movements were…" keeps its day).
    let doubt = [
        "unclear whether",
        "unclear if",
        "not clear whether",
        "not known whether",
        "uncertain whether",
    ]
    .iter()
    .find_map(|d| before.find(d).map(|at| &before[at..]));
    if doubt.is_some_and(|d| {
        d.split_whitespace()
            .any(|w| matches!(w, "will" | "would" | "could" | "can" | "might" | "may"))
    }) {
        return true;
    }
    let before = before
        .trim_end_matches(" early")
        .trim_end_matches(" late")
        .trim_end_matches(" on");
    // "every Friday since the shutoffs began": a day that recurs is no one day.
    if before.ends_with(" since") || before.ends_with(" every") || before.ends_with(" each") {
        return true;
    }
    let clause = before.rsplit([',', ';', ':']).next().unwrap_or_default();
    let words: Vec<&str> = clause.split_whitespace().collect();
    let being = |w: &str| is_be(w) || matches!(w, "has" | "have" | "had");
    let negated_state = words.iter().enumerate().any(|(k, w)| {
        let contracted = ["isn", "aren", "wasn", "weren", "hasn", "haven", "hadn"]
            .iter()
            .any(|b| w.starts_with(b) && (w.ends_with("n't") || w.ends_with("n’t")));
        contracted || ((*w == "not" || *w == "never") && k > 0 && being(words[k - 1]))
    });
    negated_state && !words.contains(&"until")
}

/// Whether the words before a date say it is when a picture was taken ("Tom Sizemore, seen here
/// in 2014, was suspended…", "The mayor, pictured on Tuesday, said…"): the photo's day, not the
/// day of what the sentence tells. `before` is lower-cased and ends at the date or its
/// preposition.
fn pictured_before(before: &str) -> bool {
    let before = before.trim_end_matches(" on").trim_end_matches(" in");
    [
        "pictured",
        "pictured here",
        "seen here",
        "shown here",
        "photographed here",
    ]
    .iter()
    .any(|p| before.ends_with(p))
}

/// An amount, as the baseline and trend patterns read it: "$3 million", "49%", "6.8m".
const AMOUNT: &str =
    r"(?:[$£€]\s?)?\d[\d.,]*\s*(?:%|percent|per cent|million|billion|trillion|m|bn|k)?";

/// A form of "to be".
fn is_be(w: &str) -> bool {
    matches!(w, "is" | "are" | "was" | "were" | "be" | "been")
}

/// Whether the date at `at` is what a figure is compared with, not when something happened: "up
/// from $3 million in 2014", "down 8% from last year", "fewer than in 2012", "compared with $6.8m
/// in 2014". Not a bare "from": "expanded to 20 years from 15 in 1997" is when it changed.
fn baseline(sentence: &str, at: usize) -> bool {
    static BASELINE: OnceLock<Regex> = OnceLock::new();
    BASELINE
        .get_or_init(|| {
            Regex::new(&format!(
                r"(?i)(?-u:\b)(?:(?:up|down)(?:\s+{AMOUNT})?\s+from|than|compared (?:with|to)|versus|vs\.)(?:\s+(?:(?:about|around|nearly|roughly|almost|some)\s+)?{AMOUNT})?$"
            ))
            .expect("valid")
        })
        .is_match(sentence[..at].trim_end())
}

/// Whether the year matched at `start..end` opens a trend's span, not an event: "increased from
/// 857 million in 1980 to 2.1 billion in 2013" (the change runs over the years between; neither
/// year is when something happened). "expanded to 20 years from 15 in 1997" has no second
/// amount after it and stays the day it changed.
fn trend_from(sentence: &str, start: usize, end: usize) -> bool {
    static FROM: OnceLock<Regex> = OnceLock::new();
    static TO: OnceLock<Regex> = OnceLock::new();
    let from = FROM.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)(?-u:\b)from\s+(?:about\s+|around\s+|nearly\s+)?{AMOUNT}(?:\s+\w+)?$"
        ))
        .expect("valid")
    });
    let to = TO.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)^,?\s+to\s+(?:about\s+|around\s+|nearly\s+)?{AMOUNT}"
        ))
        .expect("valid")
    });
    static SPAN: OnceLock<Regex> = OnceLock::new();
    // The span's end year ("… in 1980 to 2.1 billion in 2013").
    let span = SPAN.get_or_init(|| {
        Regex::new(&format!(r"(?i)(?-u:\b)from\s+(?:about\s+|around\s+|nearly\s+)?{AMOUNT}(?:\s+\w+)?\s+in\s+\d{{4}},?\s+to\s+(?:about\s+|around\s+|nearly\s+)?{AMOUNT}(?:\s+\w+)?$")).expect("valid")
    });
    let before = sentence[..start].trim_end();
    (from.is_match(before) && to.is_match(&sentence[end..])) || span.is_match(before)
}

/// A verb in the present that tells news as it breaks ("the team reports today", "NASA
/// announces today").
fn is_news_verb(w: &str) -> bool {
    matches!(
        w,
        "says"
            | "reports"
            | "announces"
            | "tells"
            | "unveils"
            | "releases"
            | "launches"
            | "confirms"
            | "reveals"
            | "publishes"
            | "introduces"
            | "opens"
            | "begins"
            | "starts"
            | "ends"
            | "votes"
            | "meets"
    )
}

/// A verb in the past tense, as news writes its events ("announced", "said", "told").
fn is_past_verb(w: &str) -> bool {
    // Not the participles of plans ("expected", "scheduled"): they look ahead.
    (w.len() > 4
        && w.ends_with("ed")
        && !matches!(
            w,
            "need"
                | "feed"
                | "speed"
                | "seed"
                | "indeed"
                | "expected"
                | "scheduled"
                | "planned"
                | "slated"
        ))
        || matches!(
            w,
            "said"
                | "told"
                | "met"
                | "made"
                | "took"
                | "gave"
                | "went"
                | "came"
                | "wrote"
                | "spoke"
                | "sent"
                | "held"
                | "won"
                | "lost"
                | "left"
                | "began"
                | "became"
                | "brought"
                | "found"
                | "got"
                | "saw"
                | "ran"
                | "paid"
                | "sold"
                | "struck"
                | "fell"
                | "rose"
                | "knew"
                | "thought"
                | "led"
                | "was"
                | "were"
        )
}

/// The sentence with the text inside quotation marks blanked (same byte length, so spans hold).
fn outside_quotations(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    // A sentence that goes on from a quotation begun before it opens inside it: an odd number
    // of straight marks, or a closing curly mark before any opening one.
    let straight = sentence.matches('"').count();
    // Single marks too, where a sentence ends inside one it never opened ("Today we're going to
    // have fun.'", a quotation in single marks begun sentences before).
    let trimmed = sentence.trim_end();
    let closes_single = [".'", "!'", "?'", ".’", "!’", "?’"]
        .iter()
        .any(|e| trimmed.ends_with(e))
        && !sentence.char_indices().any(|(i, c)| {
            matches!(c, '\'' | '‘') && (i == 0 || sentence[..i].ends_with(char::is_whitespace))
        });
    if closes_single {
        return sentence.chars().map(|c| " ".repeat(c.len_utf8())).collect();
    }
    let mut inside = straight % 2 == 1
        || sentence
            .find(['“', '”'])
            .is_some_and(|at| sentence[at..].starts_with('”'));
    for c in sentence.chars() {
        let mark = match c {
            '“' => Some(true),
            '”' => Some(false),
            '"' => Some(!inside),
            _ => None,
        };
        match mark {
            Some(open) => {
                inside = open;
                out.push(c);
            }
            None if inside => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            None => out.push(c),
        }
    }
    out
}
