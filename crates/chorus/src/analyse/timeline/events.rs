//! Which sentences are events and which tell one: captions and editors' notes are not events;
//! sentences of one day about one event are one entry.

use super::read::{month_and_day, MONTH, WEEKDAY};
use super::{Precision, TimelineEvent};
use crate::dates::{month_number, weekday};
use crate::features::StoryFeatures;
use crate::represent::cosine;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::OnceLock;

/// A photo's caption: a date written the way captions write it ("Saturday, Feb. 19, 2011",
/// "Wednesday March 21, 2012", in any case), closing the sentence or followed only by where or
/// when the picture was taken ("…, Thursday, Nov. 14, 2013, before the House subcommittee…";
/// not "… on Monday, Aug. 15, 2016, that it has struck an agreement"); a sentence that says it
/// is a photo ("… in this Oct. 31, 2016 photo"); a full date stamped before it, run straight
/// into a capitalised word or a colon ("March 30, 2016 A stray lion passes…", "September 5,
/// 2014: …", "September 6, 2011 1:45 p.m.: …" — a gallery's, a blog's or an update's stamp);
/// who stands where ("(Left to right)"); or an agency's caption ("… attend the premiere at Saban
/// Media Center on May 3, 2017 in North Hollywood"; "… during a game in Hamden, Connecticut,
/// U.S., December 28, 2017": the place, then the day set off by a comma, closing the sentence).
/// What it shows is a picture's moment, not an event the article tells.
pub(crate) fn is_caption(sentence: &str) -> bool {
    static CAPTION: OnceLock<Regex> = OnceLock::new();
    // What each form cannot do without, looked for before the regex runs (it would run over
    // every kept sentence of a story): a date's digits with a weekday, an "attend" or a month
    // opening the sentence; or a photo; or "left to right".
    let has = |needle: &str| {
        sentence
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    let digits = sentence.bytes().any(|b| b.is_ascii_digit());
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ends_on_a_year = {
        let end = sentence.trim_end().trim_end_matches('.').as_bytes();
        end.len() > 4 && end[end.len() - 4..].iter().all(u8::is_ascii_digit)
    };
    let may_be = (digits
        && (names_a_weekday(sentence)
            || sentence.contains("attend")
            || ends_on_a_year
            || MONTHS.iter().any(|m| sentence.trim_start().starts_with(m))))
        || has("photo")
        || has("left to right");
    if !may_be {
        return false;
    }
    CAPTION
        .get_or_init(|| {
            Regex::new(&format!(
                r"(?i:(?-u:\b){WEEKDAY},?\s+{MONTH},?\s+\d{{1,2}},?\s+\d{{4}}(?-u:\b),?(?:\s+(?:in|at|on|during|before|after|as|near|outside|inside|following|ahead\s+of)\s+[^.]{{1,120}}(?:\.[^.]{{1,20}})?)?(?:\.|\s*$))|(?i:(?-u:\b)in this\b[^.]{{0,40}}(?-u:\b)photo(?-u:\b))|(?i:\(AP Photo)|(?i:\((?:from )?left to right\))|(?:(?-u:\b)attends?(?-u:\b)[^.]{{0,160}}(?-u:\b)on\s+{MONTH}\s+\d{{1,2}},\s+\d{{4}},?\s+in\s+\p{{Lu}})|(?:^\s*{MONTH}\s+\d{{1,2}},\s+\d{{4}}(?:\s+\d{{1,2}}:\d\d\s*[ap]\.?m\.?)?(?::|\s+\p{{Lu}}))|(?i:,\s+{MONTH}\s+\d{{1,2}},\s+\d{{4}}\.?\s*$)"
            ))
            .expect("valid")
        })
        .is_match(sentence)
}

/// Whether a weekday's name stands in `sentence`, capitalised or not (a necessary condition of
/// the caption's date, looked for before its regex runs).
fn names_a_weekday(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    sentence.match_indices("day").any(|(at, _)| {
        ["mon", "tues", "wednes", "thurs", "fri", "satur", "sun"]
            .iter()
            .any(|d| at >= d.len() && b[at - d.len()..at].eq_ignore_ascii_case(d.as_bytes()))
    })
}

/// An editor's note about the article, not an event of the story; or the reporter's own
/// errand ("could not be reached for comment Tuesday", "did not immediately return calls
/// Tuesday", "their conditions were not available Tuesday night", "who was reached by phone
/// Thursday").
pub(super) fn is_editors_note(sentence: &str) -> bool {
    static ERRANDS: OnceLock<AhoCorasick> = OnceLock::new();
    let errands = ERRANDS.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build([
                "for comment",
                "declined to comment",
                "refused to comment",
                "could not be reached",
                "could not immediately be reached",
                "did not return",
                "did not immediately return",
                "not immediately available",
                "were not available",
                "was not available",
                // A call that found no one: "A telephone listing for X rang unanswered
                // Wednesday".
                "rang unanswered",
                "went unanswered",
                "went unreturned",
                "were not returned",
                "was not returned",
            ])
            .expect("valid")
    });
    if errands.is_match(sentence) {
        return true;
    }
    // The day the reporter reached someone ("who was reached by phone Thursday"); "Reached by
    // telephone, she said Tuesday that …" dates what she said, and stays.
    if sentence.contains("eached by") {
        let lower = sentence.to_lowercase();
        for reached in ["reached by phone", "reached by telephone"] {
            if let Some(at) = lower.find(reached) {
                let after = lower[at + reached.len()..].trim_start();
                let after = after.strip_prefix("on ").unwrap_or(after);
                let day = after
                    .split(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or_default();
                if weekday(day).is_some() || matches!(day, "today" | "yesterday") {
                    return true;
                }
            }
        }
    }
    let opening = sentence.trim_start().as_bytes();
    [
        "correction",
        "clarification",
        "an earlier version",
        "a previous version",
        "editor's note",
        "editor’s note",
        "editors' note",
        "editors’ note",
        "this story has been updated",
        "this article has been updated",
        "this story was updated",
        "updated at",
        "this story was originally published",
        "this article was originally published",
        "originally published",
        "this post originally",
        "this story originally",
        "this article originally",
        "this post was originally",
        // A print edition's note: "A version of this article appeared November 16, 2012, on
        // page A1".
        "a version of this article appeared",
        "a version of this story appeared",
    ]
    .iter()
    .any(|p| {
        opening
            .get(..p.len())
            .is_some_and(|o| o.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// The events, in order, with those that tell one event folded into the first of them (its
/// support grows). Events of one date that make the same point in other words, or that name
/// someone in common and share a little more, are one event ("Herman supplied three photos
/// Monday" and "Herman showed the email to reporters Monday"); a day named as what it holds
/// ("Thursday's shootings", "both Wednesday incidents") points back to that day's event and joins
/// the day's entry it is most like. `events` holds each event's sentence index.
pub(super) fn one_entry_per_event(
    events: Vec<(Option<NaiveDate>, usize, TimelineEvent)>,
    features: &StoryFeatures,
) -> Vec<TimelineEvent> {
    let mut out: Vec<(usize, TimelineEvent)> = Vec::new();
    for (_, i, e) in events {
        let cos = |j: usize| cosine(&features.sentences[j].tfidf, &features.sentences[i].tfidf);
        let same = if names_the_day_s_event(&e) {
            out.iter_mut()
                .filter(|(_, o)| same_day(o, &e))
                .max_by(|(a, _), (b, _)| cos(*a).total_cmp(&cos(*b)))
        } else {
            out.iter_mut().find(|(j, o)| {
                if same_day(o, &e) {
                    let c = cos(*j);
                    c >= SAME_EVENT || (c >= SAME_EVENT_NAMED && shares_a_name(&o.text, &e.text))
                } else {
                    same_weekday(o, &e) && cos(*j) >= SAME_EVENT
                }
            })
        };
        match same {
            Some((_, o)) => o.support.extend(e.support),
            None => out.push((i, e)),
        }
    }
    out.into_iter().map(|(_, e)| e).collect()
}

/// Whether an event's day is written as the name of what happened on it: possessive
/// ("Saturday's deaths") or after "the", "both", "those" or "these" before a noun ("the
/// Wednesday incidents"), not a time of day ("the Monday night").
pub(super) fn names_the_day_s_event(e: &TimelineEvent) -> bool {
    if weekday(&e.when).is_none() {
        return false;
    }
    let Some(at) = e.text.find(&e.when) else {
        return false;
    };
    let after = &e.text[at + e.when.len()..];
    if after.starts_with("'s ") || after.starts_with("’s ") {
        return true;
    }
    let before = e.text[..at].trim_end().to_lowercase();
    let determiner = ["the", "both", "those", "these"]
        .iter()
        .any(|d| before == *d || before.ends_with(&format!(" {d}")));
    let next = after
        .trim_start()
        .split([' ', ',', '.'])
        .next()
        .unwrap_or_default();
    determiner
        && after.starts_with(' ')
        && next.starts_with(|c: char| c.is_lowercase())
        && !matches!(
            next,
            "night" | "morning" | "afternoon" | "evening" | "and" | "or"
        )
}

/// Whether two events may be one: the same day (a year or a month takes in the days in it), or,
/// both left relative, the same words for it ("Monday" and "Monday"), the same month and day, or
/// a weekday and a date written with that weekday ("Friday" and "Friday, Aug. 1").
pub(super) fn same_day(a: &TimelineEvent, b: &TimelineEvent) -> bool {
    match (&a.date, &b.date) {
        // A week (its Monday) is one with another week only.
        (Some(x), Some(y))
            if a.precision == Some(Precision::Week) || b.precision == Some(Precision::Week) =>
        {
            x == y && a.precision == b.precision
        }
        (Some(x), Some(y)) => {
            let prefix = [a.precision, b.precision]
                .into_iter()
                .flatten()
                .map(|p| match p {
                    Precision::Year => 4,
                    Precision::Month => 7,
                    _ => 10,
                })
                .min()
                .unwrap_or(10);
            x.get(..prefix) == y.get(..prefix)
        }
        // The same words for the day, or one month and day written two ways ("Oct. 19" and
        // "October 19", "Jan. 25" and "25 January").
        (None, None) => {
            a.when.eq_ignore_ascii_case(&b.when)
                || month_and_day(&a.when).is_some_and(|md| month_and_day(&b.when) == Some(md))
                || named_with_its_weekday(a, b)
                || named_with_its_weekday(b, a)
        }
        // One day told with its year and without ("Dec. 3, 2013" and "Dec. 3").
        (Some(x), None) | (None, Some(x)) => {
            let (dated, other) = if a.date.is_some() { (a, b) } else { (b, a) };
            let day = NaiveDate::parse_from_str(x, "%Y-%m-%d").map(|d| (d.month(), d.day()));
            dated.precision == Some(Precision::Day)
                && (month_and_day(&other.when).is_some_and(|md| day == Ok(md))
                    || named_with_its_weekday(other, dated))
        }
    }
}

/// Whether `day` is a weekday ("Friday") that `dated` writes beside its date ("on Friday, Aug.
/// 1"): the story names that day both ways.
fn named_with_its_weekday(day: &TimelineEvent, dated: &TimelineEvent) -> bool {
    let Some(w) = weekday(&day.when) else {
        return false;
    };
    let Some(at) = dated.text.find(&dated.when) else {
        return false;
    };
    let before = dated.text[..at].trim_end().trim_end_matches(',');
    before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .and_then(weekday)
        .is_some_and(|d| d == w)
}

/// Whether a day an article without a publication date leaves as "Wednesday" may be the
/// Wednesday another article's date anchors: one story's articles tell one week, but not
/// always, so such events are one only when they say the same in other words.
pub(super) fn same_weekday(a: &TimelineEvent, b: &TimelineEvent) -> bool {
    let (dated, other) = match (&a.date, &b.date) {
        (Some(_), None) => (a, b),
        (None, Some(_)) => (b, a),
        _ => return false,
    };
    dated.anchored
        && dated.precision == Some(Precision::Day)
        && dated
            .date
            .as_deref()
            .and_then(|x| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
            .zip(weekday(&other.when))
            .is_some_and(|(d, w)| d.weekday() == w)
}

/// Whether two sentences name someone or something in common: a capitalised word of three
/// letters or more that does not open the sentence and is not a day's or a month's name.
pub(super) fn shares_a_name(a: &str, b: &str) -> bool {
    let names = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| !w.is_empty())
            .skip(1)
            .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
            .filter(|w| {
                w.chars().count() >= 3
                    && w.starts_with(|c: char| c.is_uppercase())
                    && w.chars().skip(1).all(|c| c.is_lowercase())
                    && weekday(w).is_none()
                    && month_number(w).is_none()
            })
            .map(str::to_lowercase)
            .collect()
    };
    let x = names(a);
    names(b).iter().any(|w| x.contains(w))
}

/// Cosine at which two sentences of one date tell the same event, and at which they do when
/// they name someone or something in common. Chosen on the first ten Multi-News-200 stories of
/// `timeline-check --multinews` (0.3 alone: 12 repeats in 87 entries; 0.2: 9; with names at
/// 0.1: 6, one distinct event folded into another); the next ten were judged once after.
const SAME_EVENT: f32 = 0.2;
const SAME_EVENT_NAMED: f32 = 0.1;
