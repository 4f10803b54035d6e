//! The timeline: the story's dated events in order.
//!
//! An event is a kept sentence that says when something happened: an absolute date ("Nov. 10,
//! 2026", "10 November", "March 2017", "in 2015") or a relative one ("on Tuesday", "yesterday",
//! "last week"). Relative dates are anchored to the article's publication date when it is known,
//! or else to a full date the article itself states in its first two sentences (`Anchor` says
//! which) —
//! a weekday is the latest such day on or before it, or the next one when the sentence speaks of
//! the future ("will", "is expected to") — and left relative when there is neither. A date without
//! a year takes the anchor's year. Dates inside quotations (a speaker's "yesterday" is not the
//! article's), the possessive "today's" (nowadays) and editors' notes are not events. Sentences
//! that say the same thing in several sources (one group) are one event citing all of them.

use crate::dates::{month_number, parse_timestamp};
use crate::features::{Sentence, StoryFeatures};
use crate::group::Group;
use crate::ingest::Story;
use crate::represent::cosine;
use crate::support::Support;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// How exact an event's date is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

/// One event of the timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimelineEvent {
    /// The date as written: "Tuesday", "Nov. 10", "last week".
    pub when: String,
    /// The date it stands for (ISO 8601: day, or first day of the week, month or year); absent
    /// when relative and the article has no publication date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Precision>,
    /// The date was worked out from a relative expression (see `anchor`).
    pub anchored: bool,
    /// What an anchored date was worked out from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    /// The sentence that says it.
    pub text: String,
    /// That sentence first, then the other sources' sentences that say the same.
    pub support: Vec<Support>,
}

/// The day a relative date is counted from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Anchor {
    pub kind: AnchorKind,
    /// The anchor day (ISO 8601).
    pub date: String,
}

/// Where an anchor day comes from.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AnchorKind {
    /// The article's publication date.
    Published,
    /// A full date the article states in its first two sentences (it has no publication date).
    Stated,
}

/// The first three letters of every month, as `MONTH` spells them.
const MONTH_STEMS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const MONTH: &str = r"(Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

struct Patterns {
    month_day: Regex,
    day_month: Regex,
    month_year: Regex,
    iso: Regex,
    year: Regex,
    weekday: Regex,
    near: Regex,
    span: Regex,
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
        weekday: Regex::new(r"(?-u:\b)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)")
            .expect("valid"),
        near: Regex::new(r"(?i)(?-u:\b)(yesterday|today|tonight|this morning|this afternoon|this evening|last night)(?-u:\b)")
            .expect("valid"),
        span: Regex::new(r"(?i)(?-u:\b)(last|next|this past|earlier this|later this)\s+(week|weekend|month|year)(?-u:\b)")
            .expect("valid"),
        future: Regex::new(r"(?i)(?-u:\b)(will|would|is expected to|are expected to|plans? to|is scheduled|are scheduled|is set to|are set to|next)(?-u:\b)")
            .expect("valid"),
    })
}

fn weekday(w: &str) -> Option<Weekday> {
    w.parse::<Weekday>().ok()
}

/// The date a sentence names, as (written form, date, precision, anchored). `published` is
/// the article's publication day.
fn date_in(
    sentence: &str,
    published: Option<NaiveDate>,
) -> Option<(String, Option<NaiveDate>, Precision, bool)> {
    // A date a speaker names inside a quotation is the speaker's, not the article's.
    let masked = outside_quotations(sentence);
    let sentence = masked.as_str();
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
    // "the Sunday Times").
    let named = |c: &regex::Captures| {
        let after = &sentence[c.get(1).map_or(0, |m| m.end())..];
        after.starts_with(' ')
            && after[1..].starts_with(|ch: char| ch.is_uppercase())
            && month_number(after[1..].split([' ', ',', '.']).next().unwrap_or_default()).is_none()
    };
    if let Some(c) = sentence
        .contains("day")
        .then(|| p.weekday.captures_iter(sentence).find(|c| !named(c)))
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
        .filter(|c| !sentence[c.get(1).map_or(0, |m| m.end())..].starts_with(['\'', '’']));
    // "Today, women account for 19 percent of Congress": nowadays, when "Today," opens a
    // sentence that says nothing in the past.
    let nowadays = |c: &regex::Captures| {
        c[1].eq_ignore_ascii_case("today")
            && sentence[..c.get(1).map_or(0, |m| m.start())]
                .trim()
                .is_empty()
            && sentence[c.get(1).map_or(0, |m| m.end())..].starts_with(',')
            && !sentence
                .split_whitespace()
                .any(|w| is_past_verb(&w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase()))
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
        .filter(|c| !stretch(c))
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
    if let Some(c) = digit.then(|| p.year.captures(sentence)).flatten() {
        let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, 1, 1);
        return Some((c[1].to_string(), date, Precision::Year, false));
    }
    None
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

/// A photo's caption: a date written the way captions write it ("Saturday, Feb. 19, 2011") or
/// a sentence that says it is a photo ("… in this Oct. 31, 2016 photo"). What it shows is a
/// picture's moment, not an event the article tells.
fn is_caption(sentence: &str) -> bool {
    static CAPTION: OnceLock<Regex> = OnceLock::new();
    CAPTION
        .get_or_init(|| {
            Regex::new(&format!(
                r"(?:(?-u:\b)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+{MONTH}\s+\d{{1,2}},\s+\d{{4}}(?-u:\b))|(?i:(?-u:\b)in this\b[^.]{{0,40}}(?-u:\b)photo(?-u:\b))|(?i:\(AP Photo)"
            ))
            .expect("valid")
        })
        .is_match(sentence)
}

/// An editor's note about the article, not an event of the story.
fn is_editors_note(sentence: &str) -> bool {
    let lower = sentence.trim_start().to_lowercase();
    [
        "correction",
        "clarification",
        "an earlier version",
        "a previous version",
        "editor's note",
        "editor’s note",
        "this story has been updated",
        "this article has been updated",
        "this story was updated",
        "updated at",
        "this story was originally published",
        "this article was originally published",
        "originally published",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// Per article without a publication date, a full date (day, month and year, as written) it
/// states in its first `STATED_LEAD` sentences: its own date as it gives it (a dateline, a time
/// stamp), standing in for the missing one.
fn own_dates(
    story: &Story,
    sentences: &[Sentence],
    published: &[Option<NaiveDate>],
) -> Vec<Option<NaiveDate>> {
    let mut own: Vec<Option<NaiveDate>> = vec![None; story.articles.len()];
    for s in sentences.iter().filter(|s| s.index < STATED_LEAD) {
        let a = s.source - 1;
        if published[a].is_some() || own[a].is_some() {
            continue;
        }
        let text = &story.articles[a].text[s.start..s.end];
        if let Some((_, Some(d), Precision::Day, false)) = date_in(text, None) {
            own[a] = Some(d);
        }
    }
    own
}

/// The events of a story, dated ones in date order, then the ones left relative.
pub fn extract_timeline(
    story: &Story,
    sentences: &[Sentence],
    features: &StoryFeatures,
    groups: &[Group],
) -> Vec<TimelineEvent> {
    let published: Vec<Option<NaiveDate>> = story
        .articles
        .iter()
        .map(|a| {
            a.meta
                .published
                .as_deref()
                .and_then(parse_timestamp)
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map(|t| t.date_naive())
        })
        .collect();
    let mut group_of = vec![usize::MAX; sentences.len()];
    for (g, group) in groups.iter().enumerate() {
        for &m in &group.members {
            group_of[m] = g;
        }
    }
    let own_date = own_dates(story, sentences, &published);
    let mut seen_groups = rustc_hash::FxHashSet::default();
    let mut events: Vec<(Option<NaiveDate>, usize, TimelineEvent)> = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if !features.sentences[i].eligible || seen_groups.contains(&group_of[i]) {
            continue;
        }
        let text = &story.articles[s.source - 1].text[s.start..s.end];
        if is_editors_note(text) || is_caption(text) {
            continue;
        }
        let anchor = match published[s.source - 1] {
            Some(d) => Some((AnchorKind::Published, d)),
            None => own_date[s.source - 1].map(|d| (AnchorKind::Stated, d)),
        };
        let Some((when, date, precision, anchored)) = date_in(text, anchor.map(|a| a.1)) else {
            continue;
        };
        let anchor = anchor.filter(|_| anchored).map(|(kind, d)| Anchor {
            kind,
            date: d.to_string(),
        });
        let mut support = vec![Support::of(s)];
        if let Some(g) = groups.get(group_of[i]) {
            seen_groups.insert(group_of[i]);
            support.extend(
                g.members
                    .iter()
                    .filter(|&&m| m != i)
                    .map(|&m| Support::of(&sentences[m])),
            );
        }
        events.push((
            date,
            i,
            TimelineEvent {
                when,
                date: date.map(|d| d.to_string()),
                precision: date.map(|_| precision),
                anchored,
                anchor,
                text: s.text.clone(),
                support,
            },
        ));
    }
    // Dated events by date (then by story order); undated ones after, in story order.
    events.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    // Events of one date that make the same point in other words, or that name someone in
    // common and share a little more, are one event ("Herman supplied three photos Monday" and
    // "Herman showed the email to reporters Monday").
    // A day named as what it holds ("Thursday's shootings", "both Wednesday incidents") points
    // back to that day's event: it joins the day's entry it is most like.
    let mut out: Vec<(usize, TimelineEvent)> = Vec::new();
    for (_, i, e) in events {
        let cos = |j: usize| cosine(&features.sentences[j].tfidf, &features.sentences[i].tfidf);
        let same = if names_the_day_s_event(&e) {
            out.iter_mut()
                .filter(|(_, o)| same_day(o, &e))
                .max_by(|(a, _), (b, _)| cos(*a).total_cmp(&cos(*b)))
        } else {
            out.iter_mut().find(|(j, o)| {
                same_day(o, &e) && {
                    let c = cos(*j);
                    c >= SAME_EVENT || (c >= SAME_EVENT_NAMED && shares_a_name(&o.text, &e.text))
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
fn names_the_day_s_event(e: &TimelineEvent) -> bool {
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
/// both left relative, the same words for it ("Monday" and "Monday").
fn same_day(a: &TimelineEvent, b: &TimelineEvent) -> bool {
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
        (None, None) => a.when.eq_ignore_ascii_case(&b.when),
        _ => false,
    }
}

/// Whether two sentences name someone or something in common: a capitalised word of three
/// letters or more that does not open the sentence and is not a day's or a month's name.
fn shares_a_name(a: &str, b: &str) -> bool {
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

/// The opening sentences where an article states its own date. (A date stated further in is as
/// often background — a birth, an earlier case — as the day the article tells of.)
const STATED_LEAD: usize = 2;

/// Cosine at which two sentences of one date tell the same event, and at which they do when
/// they name someone or something in common. Chosen on the first ten Multi-News-200 stories of
/// `timeline-check --multinews` (0.3 alone: 12 repeats in 87 entries; 0.2: 9; with names at
/// 0.1: 6, one distinct event folded into another); the next ten were judged once after.
const SAME_EVENT: f32 = 0.2;
const SAME_EVENT_NAMED: f32 = 0.1;

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn absolute_dates() {
        let pub_day = Some(day(2026, 11, 11));
        let (w, d, p, a) = date_in("The ferry sailed on Nov. 10, 2025 at dawn.", pub_day).unwrap();
        assert_eq!(
            (w.as_str(), d, p, a),
            (
                "Nov. 10, 2025",
                Some(day(2025, 11, 10)),
                Precision::Day,
                false
            )
        );
        let (_, d, _, _) = date_in(
            "The ferry sank on Dec. 28 in a gale.",
            Some(day(2027, 1, 3)),
        )
        .unwrap();
        assert_eq!(d, Some(day(2026, 12, 28)), "last December, read in January");
        let (_, d, _, _) = date_in(
            "The ferry will sail again on Dec. 28.",
            Some(day(2027, 1, 3)),
        )
        .unwrap();
        assert_eq!(d, Some(day(2027, 12, 28)), "the future looks forward");
        let (_, d, _, a) = date_in("Repairs began on 3 March.", pub_day).unwrap();
        assert_eq!(
            (d, a),
            (Some(day(2026, 3, 3)), true),
            "the publication year"
        );
        let (_, d, p, _) =
            date_in("The bridge closed in March 2017 for repairs.", pub_day).unwrap();
        assert_eq!((d, p), (Some(day(2017, 3, 1)), Precision::Month));
        let (_, d, p, _) =
            date_in("The route has run since 1998 without an accident.", pub_day).unwrap();
        assert_eq!((d, p), (Some(day(1998, 1, 1)), Precision::Year));
        assert!(date_in("They may 5 times more often.", pub_day).is_none());
    }

    #[test]
    fn relative_dates_are_anchored_to_publication() {
        // 2026-11-11 is a Wednesday.
        let wed = Some(day(2026, 11, 11));
        let (w, d, _, a) = date_in("The ferry struck a reef on Tuesday.", wed).unwrap();
        assert_eq!(
            (w.as_str(), d, a),
            ("Tuesday", Some(day(2026, 11, 10)), true)
        );
        let (_, d, _, _) = date_in("The board will publish its report on Friday.", wed).unwrap();
        assert_eq!(d, Some(day(2026, 11, 13)), "the future looks forward");
        let (_, d, _, _) = date_in("Divers reached the wreck yesterday.", wed).unwrap();
        assert_eq!(d, Some(day(2026, 11, 10)));
        let (_, d, p, _) = date_in("Inspectors visited the ship last week.", wed).unwrap();
        assert_eq!((d, p), (Some(day(2026, 11, 2)), Precision::Week));
        // Without a publication date a weekday stays relative.
        let (w, d, _, a) = date_in("The ferry struck a reef on Tuesday.", None).unwrap();
        assert_eq!((w.as_str(), d, a), ("Tuesday", None, false));
    }

    #[test]
    fn last_and_next_and_the_verb_before_a_day_say_which_way_it_goes() {
        // 2026-11-11 is a Wednesday.
        let wed = Some(day(2026, 11, 11));
        let on = |s: &str| date_in(s, wed).and_then(|(_, d, _, _)| d);
        assert_eq!(
            on("The mayor vowed again on Monday that the ferry will sail."),
            Some(day(2026, 11, 9)),
            "a verb in the past before the day, whatever the sentence's future"
        );
        assert_eq!(
            on("Asked about it in last Wednesday's debate, she said the fares would fall."),
            Some(day(2026, 11, 4))
        );
        assert_eq!(
            on("The harbour reopens next Friday."),
            Some(day(2026, 11, 13))
        );
        // "in the last month" is a stretch up to now, not October.
        assert_eq!(
            on("Some changes made in the last month appear to be holding."),
            None
        );
        // "Today," opening a sentence in the present is nowadays.
        assert_eq!(on("Today, ferries carry most of the island's food."), None);
        assert_eq!(
            on("Today, the council voted to close the pier."),
            Some(day(2026, 11, 11))
        );
    }

    #[test]
    fn a_speaker_s_dates_and_nowadays_are_not_the_article_s() {
        let wed = Some(day(2026, 11, 11));
        assert!(date_in("\"We sailed yesterday,\" the captain said.", wed).is_none());
        assert!(date_in("“I will know on Friday,” she said.", wed).is_none());
        // A quotation closed in this sentence, opened in the one before: its speaker's words
        // are blanked, the rest is read.
        let (w, _, _, _) =
            date_in("It was over by then, \" the coach said on Tuesday.", wed).unwrap();
        assert_eq!(w, "Tuesday");
        assert!(date_in("Today's birds are living dinosaurs.", wed).is_none());
        assert!(date_in("The ferry docked today after the storm.", wed).is_some());
    }

    #[test]
    fn without_a_publication_date_a_stated_date_anchors_what_follows() {
        let (story, a) = crate::brief::analysed_texts(&[
            "The harbour ferry ran aground on March 3, 2021, near the northern breakwater. \
             Divers reached the hull on Tuesday after the swell dropped. \
             Correction: an earlier version gave the wrong name for the harbour master.",
            "The harbour ferry was refloated on Friday by two tugs from the naval yard. \
             Inspectors are still looking at the hull of the old ferry.",
        ]);
        let events = extract_timeline(&story, &a.sentences, &a.features, &a.groups);
        let tuesday = events.iter().find(|e| e.when == "Tuesday").unwrap();
        // 2021-03-03 was a Wednesday: "Tuesday" is the day before it.
        assert_eq!(tuesday.date.as_deref(), Some("2021-03-02"));
        assert_eq!(
            tuesday.anchor,
            Some(Anchor {
                kind: AnchorKind::Stated,
                date: "2021-03-03".into()
            })
        );
        // The second article states no date: its Friday stays relative.
        let friday = events.iter().find(|e| e.when == "Friday").unwrap();
        assert_eq!((friday.date.as_deref(), &friday.anchor), (None, &None));
        assert!(!events.iter().any(|e| e.text.starts_with("Correction")));
        assert_in_date_order(&events);
    }

    /// Dated events in date order, then undated ones.
    #[test]
    fn captions_and_named_days_are_not_events() {
        let wed = Some(day(2026, 11, 11));
        assert!(is_caption(
            "Protesters hold up flowers near the square in Manama, Bahrain, Saturday, Feb. 19, 2011."
        ));
        assert!(is_caption(
            "A reconstruction of the dinosaur is shown in this October 31, 2016 photo."
        ));
        assert!(!is_caption(
            "The council met on Saturday, and voted on Feb. 19 to close the road."
        ));
        assert!(date_in("He is a cast member of Saturday Night Live.", wed).is_none());
        let (w, _, _, _) = date_in("The Sunday Times said so on Monday.", wed).unwrap();
        assert_eq!(w, "Monday");
    }

    #[test]
    fn one_event_is_one_day_and_names_in_common() {
        let event = |when: &str, date: Option<&str>, precision: Option<Precision>| TimelineEvent {
            when: when.into(),
            date: date.map(str::to_string),
            precision,
            anchored: false,
            anchor: None,
            text: String::new(),
            support: Vec::new(),
        };
        let year = event("1947", Some("1947-01-01"), Some(Precision::Year));
        let born = event("June 24, 1947", Some("1947-06-24"), Some(Precision::Day));
        let later = event("June 25, 1947", Some("1947-06-25"), Some(Precision::Day));
        assert!(same_day(&year, &born) && !same_day(&born, &later));
        let (mon, mon2) = (event("Monday", None, None), event("monday", None, None));
        assert!(same_day(&mon, &mon2) && !same_day(&mon, &event("Sunday", None, None)));
        assert!(!same_day(&mon, &born));
        assert!(shares_a_name(
            "In a news conference Monday, Herman supplied three photos.",
            "His client was ready to testify, Herman's office told reporters."
        ));
        assert!(!shares_a_name(
            "The Florida lawyer produced photos Monday.",
            "On Monday the lawyer spoke in July."
        ));
    }

    #[test]
    fn a_day_named_as_its_event_points_back_to_it() {
        let event = |when: &str, text: &str| TimelineEvent {
            when: when.into(),
            date: None,
            precision: None,
            anchored: false,
            anchor: None,
            text: text.into(),
            support: Vec::new(),
        };
        for text in [
            "Thursday's shootings come just 11 months after another.",
            "Police killed the shooters in both Wednesday incidents.",
            "In Tuesday’s election, the party lost the House.",
        ] {
            let day = ["Monday", "Tuesday", "Wednesday", "Thursday"]
                .into_iter()
                .find(|d| text.contains(d))
                .unwrap();
            assert!(names_the_day_s_event(&event(day, text)), "{text}");
        }
        for text in [
            "The council met on Thursday to vote.",
            "It happened on the Monday night after the storm.",
        ] {
            let day = ["Monday", "Thursday"]
                .into_iter()
                .find(|d| text.contains(d))
                .unwrap();
            assert!(!names_the_day_s_event(&event(day, text)), "{text}");
        }
    }

    pub(crate) fn assert_in_date_order(events: &[TimelineEvent]) {
        let dates: Vec<Option<&str>> = events.iter().map(|e| e.date.as_deref()).collect();
        let dated = dates.iter().take_while(|d| d.is_some()).count();
        assert!(dates[dated..].iter().all(Option::is_none), "{dates:?}");
        assert!(dates[..dated].windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    }

    #[test]
    fn events_come_in_date_order_whatever_order_the_articles_tell_them() {
        // Invented stories from shuffled dated sentences, a fixed seed.
        let days = [
            "on Monday",
            "on Tuesday",
            "yesterday",
            "last week",
            "on March 3, 2021",
            "in 1998",
            "in May 2020",
            "on Friday",
        ];
        let mut state = 7u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..20 {
            let texts: Vec<String> = (0..3)
                .map(|a| {
                    (0..4)
                        .map(|k| {
                            let when = days[(next() % days.len() as u64) as usize];
                            format!("The council of town {a}{k}{round} met its auditors {when} about the budget.")
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let (story, a) = crate::brief::analysed_texts(&refs);
            let events = extract_timeline(&story, &a.sentences, &a.features, &a.groups);
            assert!(!events.is_empty());
            assert_in_date_order(&events);
        }
    }
}
