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
//! article's; nor are the dates of a quotation's sentences that hold no mark, `inside_quotations`),
//! the possessive "today's" (nowadays), photo captions and editors' notes are not events. Sentences that say the same thing in several sources (one group) are one event citing
//! all of them, and so are one day's sentences about one event.
//!
//! By step: `read` finds the date one sentence gives, `events` tells which sentences are events
//! and which tell one, this module puts them in order.

mod events;
mod read;

use crate::dates::parse_timestamp;
use crate::features::{Sentence, StoryFeatures};
use crate::group::Group;
use crate::ingest::Story;
use crate::speech::{has_mark, unpaired, Unpaired};
use crate::support::Support;
use chrono::{Datelike, NaiveDate};
pub(crate) use events::is_caption;
use events::{is_editors_note, one_entry_per_event};
use read::date_in;
use serde::Serialize;

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
            // A date the article looks back on ("On Oct. 3, 1995, a jury acquitted…" in a piece
            // that goes on to 2017): history, not the day it was written.
            if !names_a_year_after(&story.articles[a].text, d.year() + 1) {
                own[a] = Some(d);
            }
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
    let quoted = inside_quotations(story, sentences);
    let mut seen_groups = rustc_hash::FxHashSet::default();
    let mut events: Vec<(Option<NaiveDate>, usize, TimelineEvent)> = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if !features.sentences[i].eligible || seen_groups.contains(&group_of[i]) {
            continue;
        }
        let text = &story.articles[s.source - 1].text[s.start..s.end];
        if is_editors_note(text) || is_caption(text) || quoted[i] {
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
    one_entry_per_event(events, features)
}

/// Per sentence, whether it is a speaker's words from end to end: it holds no quotation mark and
/// stands inside a quotation opened before it in its paragraph ("She said: “December 8 was the
/// darkest night of my life. I remember it was a Monday."). Its dates are the speaker's, as
/// those inside marks are (`read::date_in`). A quotation still open where its paragraph ends
/// counts only when the next paragraph opens with a mark (a quotation going on); otherwise the
/// mark was a stray ("a \"sexually violent predator' just before…") and what follows it is the
/// article's.
fn inside_quotations(story: &Story, sentences: &[Sentence]) -> Vec<bool> {
    let text = |s: &Sentence| &story.articles[s.source - 1].text[s.start..s.end];
    let mut quoted = vec![false; sentences.len()];
    let mut open = false;
    // The first sentence of the paragraph, and the last that holds a mark.
    let mut last_marked: Option<usize> = None;
    for (i, s) in sentences.iter().enumerate() {
        let new_paragraph = i == 0 || {
            let p = &sentences[i - 1];
            (p.source, p.paragraph) != (s.source, s.paragraph)
        };
        if new_paragraph {
            let goes_on = i > 0
                && sentences[i - 1].source == s.source
                && text(s).trim_start().starts_with(['“', '"']);
            if open && !goes_on {
                // The paragraph before ended inside an unclosed quotation that does not go on.
                let from = last_marked.map_or(i, |m| m + 1);
                quoted[from..i].iter_mut().for_each(|q| *q = false);
            }
            open = false;
            last_marked = None;
        }
        let was_open = open;
        open = match unpaired(text(s)) {
            Unpaired::None => open,
            Unpaired::Opens => true,
            Unpaired::Closes => false,
            // Marks set apart from the words (or one quotation closing as another opens).
            Unpaired::Unknown => !open,
        };
        let marked = has_mark(text(s));
        if marked {
            last_marked = Some(i);
        }
        quoted[i] = was_open && !marked;
    }
    if open {
        let from = last_marked.map_or(sentences.len(), |m| m + 1);
        quoted[from..].iter_mut().for_each(|q| *q = false);
    }
    quoted
}

/// Whether `text` names a year (1800–2099, four digits standing alone) later than `year`.
fn names_a_year_after(text: &str, year: i32) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len().saturating_sub(3)).any(|i| {
        (i == 0 || !digit(i - 1))
            && (i..i + 4).all(digit)
            && !digit(i + 4)
            && text[i..i + 4]
                .parse::<i32>()
                .is_ok_and(|y| (1800..2100).contains(&y) && y > year)
    })
}

/// The opening sentences where an article states its own date. (A date stated further in is as
/// often background — a birth, an earlier case — as the day the article tells of.)
const STATED_LEAD: usize = 2;

#[cfg(test)]
mod tests;
