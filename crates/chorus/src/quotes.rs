//! Who said what: direct quotations in the kept text, each with its speaker.
//!
//! A quotation is a span between paired quotation marks (curly or straight) inside one kept
//! paragraph, of at least three words. Its speaker comes from the attribution beside it, in the
//! sentence where it ends ("…,” Tillerson said; “…,” said Lavrov; “…,” he said) or else where it
//! starts (Lavrov said: “…”; According to Lavrov, “…”). Names are resolved to the fullest form the
//! story uses ("Mr. Tillerson" → "Rex W. Tillerson"); "he"/"she"/"they" take the speaker, or the
//! person speaking or the main clause's subject, of the nearest sentence before them that has one
//! (never a name inside quotation marks, a possessive or a place), or stay unresolved. A quotation
//! with no attribution that stands alone as a paragraph or after a colon goes to who speaks just
//! before it. The same quotation reported by several sources is one item citing all of them.

use crate::brief::Support;
use crate::clean::CleanArticle;
use crate::features::{is_speech_verb, normalize_space, Sentence};
use crate::ingest::Story;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::ops::Range;

/// One quotation and its speaker.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quote {
    /// The speaker's fullest name in the story; absent when unresolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// What the story says the speaker is ("Carlie's mother", "Secretary of State"), from the
    /// speaker's entity; absent when it gives nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_role: Option<String>,
    /// How the speaker was found: "named" beside the quote, "pronoun" resolved to an earlier
    /// speaker, "continued" from the quotation before it (same paragraph, or the paragraph
    /// before when this one opens with the quotation), "unnamed" (the text does not name who
    /// said it: "a police statement said"), or "unresolved" (a pronoun with no one it can stand
    /// for, or a quotation standing alone as a paragraph or after a colon with nothing saying
    /// whose it is: never given to the last person named).
    pub attribution: &'static str,
    /// The quoted words (white space collapsed, quotation marks removed).
    pub text: String,
    /// Where each source says it: the quotation's byte span, and the sentence it ends in.
    pub support: Vec<Support>,
}

/// Gives each speaker the fullest name and the role of the person entity they are (the same
/// name, or one of its variants), so the quotations and the people list agree.
pub fn name_speakers(quotes: &mut [Quote], entities: &[crate::entities::Entity]) {
    for q in quotes {
        let Some(speaker) = &q.speaker else { continue };
        let person = entities.iter().find(|e| {
            e.kind == crate::entities::EntityKind::Person
                && (e.name == *speaker || e.variants.iter().any(|v| v == speaker))
        });
        if let Some(e) = person {
            q.speaker = Some(e.name.clone());
            q.speaker_role = e.roles.first().cloned();
        }
    }
}

/// Capitalised words that open a clause but are never its speaker.
const NOT_SUBJECTS: &[&str] = &[
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "it",
    "the",
    "a",
    "an",
    "this",
    "that",
    "but",
    "and",
    "so",
    "on",
    "in",
    "at",
    "speaking",
    "asked",
    "meanwhile",
    "however",
    "still",
    "now",
    "yet",
    "also",
    "instead",
    "today",
    "yesterday",
    "later",
    "earlier",
    "finally",
    "then",
    "there",
    "here",
    "courtesy",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "when",
    "after",
    "before",
    "while",
];

/// A capitalised word that opens a clause but is never its speaker: a listed one, or a month's
/// name ("May" aside, a surname too).
fn not_subject(w: &str) -> bool {
    one_of(NOT_SUBJECTS, w)
        || (crate::dates::month_number(w).is_some() && !w.eq_ignore_ascii_case("may"))
}

/// Titles and roles that may precede a name and are not part of it.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "sgt",
    "capt",
    "president",
    "secretary",
    "minister",
    "commander",
    "chief",
    "executive",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "officer",
    "ambassador",
    "senator",
    "governor",
    "mayor",
    "judge",
    "justice",
    "sir",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "pope",
    "rev",
    "father",
    "foreign",
    "prime",
    "deputy",
    "state",
    "passenger",
    "coastguard",
    "police",
    "the",
    "a",
    "an",
    "of",
];

/// Sentences before a quotation searched for the person a "he" or "she" stands for.
const PRONOUN_REACH: usize = 4;

/// Words that open a clause, after which a name is the clause's subject.
const CLAUSE_OPENERS: &[&str] = &[
    ",", "and", "but", "when", "while", "as", "because", "after", "before", "though", "although",
    "so", "then", "where",
];

/// Words after which a name is the subject of what follows ("Sementilli will be remembered").
const AFTER_SUBJECT: &[&str] = &[
    "is", "was", "has", "had", "will", "would", "can", "could", "may", "might", "must", "should",
    "did", "does", "also", "later", "then", "never", "who",
];

/// Words after which a name is a place or a thing, not a clause's subject ("at a rally in Iowa").
const PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "of", "to", "for", "on", "with", "by", "near", "into", "outside", "inside",
];

/// Words after which a capitalised word names an organisation, not a person.
const ORG_CUES: &[&str] = &[
    "newspaper",
    "magazine",
    "daily",
    "paper",
    "tabloid",
    "broadcaster",
    "network",
    "channel",
    "station",
    "agency",
    "company",
    "firm",
    "group",
    "website",
    "site",
    "outlet",
    "publication",
];

/// Roles that a story names a person by once it has introduced them ("the mayor complimented
/// the protesters" after "Mayor Antonio Villaraigosa").
const ROLES: &[&str] = &[
    "mayor",
    "president",
    "governor",
    "senator",
    "minister",
    "actor",
    "actress",
    "singer",
    "judge",
    "sheriff",
    "chief",
    "director",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "prosecutor",
    "attorney",
    "lawyer",
    "coach",
    "star",
    "officer",
    "secretary",
    "author",
    "researcher",
    "scientist",
    "doctor",
    "comedian",
    "rapper",
    "musician",
    "chairman",
    "ceo",
];

/// Finds every quotation of the story.
pub fn extract_quotes(
    story: &Story,
    cleaned: &[CleanArticle],
    sentences: &[Sentence],
) -> Vec<Quote> {
    let mentions = crate::entities::find_mentions(story, sentences);
    quotes_with(story, cleaned, sentences, &mentions)
}

/// `extract_quotes` with the story's names already tagged: a "he" or "she" stands only for a
/// name the tagger takes for a person's somewhere in the story.
pub fn quotes_with(
    story: &Story,
    cleaned: &[CleanArticle],
    sentences: &[Sentence],
    mentions: &crate::entities::Mentions,
) -> Vec<Quote> {
    let people = mentions.person_words();
    let names = NameIndex::new(sentences, &people);
    let mut found: Vec<(Quote, usize)> = Vec::new(); // with the source, for pronoun resolution
    for (article, clean) in story.articles.iter().zip(cleaned) {
        let text = &article.text;
        let own: Vec<&Sentence> = sentences
            .iter()
            .filter(|s| s.source == article.id)
            .collect();
        let mut last_named: Option<String> = None;
        // (sentence index, speaker) of this article's quotations so far.
        let mut spoken: Vec<(usize, String)> = Vec::new();
        // The speaker of the last quotation of the previous paragraph, and of this one so far: a
        // quotation without attribution continues theirs ("…,” Volkov said. “…”; or a new
        // paragraph that opens with a quotation mark, news style for a speech that goes on).
        let mut previous_paragraph: Option<Option<String>> = None;
        let mut previous_text: Option<&str> = None;
        for para in &clean.kept {
            let mut this_paragraph: Option<Option<String>> = None;
            let opens_with_quote = {
                let t = text[para.clone()].trim_start();
                t.starts_with(['"', '“', '«', '‘', '\'']) || t.starts_with("``")
            };
            for q in quote_spans(text, para.clone()) {
                let words = text[q.clone()].split_whitespace().count();
                if words < 3 || is_title_of_work(&text[q.clone()]) {
                    continue;
                }
                // The kept sentences the quotation starts and ends in.
                let Some(end_sentence) =
                    own.iter().find(|s| s.start <= q.end && q.end <= s.end + 4)
                else {
                    continue;
                };
                let start_sentence = own
                    .iter()
                    .find(|s| s.start <= q.start && q.start < s.end)
                    .unwrap_or(end_sentence);
                let after = &text[q.end.min(end_sentence.end)..end_sentence.end];
                let before = &text[start_sentence.start..q.start.max(start_sentence.start)];
                // A paragraph that opens with the quotation may be introduced by the one before
                // ending with a colon.
                let intro = (opens_with_quote && q.start <= para.start + 3)
                    .then_some(previous_text)
                    .flatten()
                    .filter(|t| t.trim_end().ends_with(':'));
                // "“…?” Clinton said.": a question or exclamation closes the sentence, and the
                // attribution is the next one, when nothing else follows the mark.
                let next = after
                    .trim_start_matches(['"', '”', '\'', '’'])
                    .trim()
                    .is_empty()
                    .then(|| {
                        // The paragraph's own text: cleaning may have dropped a bare "― Name".
                        let rest = &text[end_sentence.end.max(q.end).min(para.end)..para.end];
                        &rest[..rest.find(['"', '“']).unwrap_or(rest.len())]
                    });
                let speaker = attribution_after(after)
                    .or_else(|| next.and_then(attribution_next))
                    .or_else(|| attribution_before(before, &names))
                    .or_else(|| intro.and_then(|t| attribution_before(t, &names)));
                let continued = match (&speaker, &this_paragraph, &previous_paragraph) {
                    (Some(_), _, _) => None,
                    (None, Some(s), _) => Some(s.clone()),
                    (None, None, Some(s)) if opens_with_quote => Some(s.clone()),
                    _ => None,
                };
                // Quoted words that make a whole paragraph, or that a colon introduces, are
                // someone's words even with no verb of saying beside them (“…” as a paragraph
                // after "McCullough said that …"; "His favourite line was his own: “…”"); a title
                // or a scare quote sits inside the reporter's sentence instead.
                let rest = &text[q.end..para.end];
                let whole_paragraph = opens_with_quote
                    && q.start <= para.start + 3
                    && rest
                        .trim_start_matches(['"', '”', '\'', '’', '»', ',', '.', '!', '?'])
                        .trim()
                        .is_empty();
                let after_colon = before.trim_end().ends_with(':')
                    && rest
                        .trim_start_matches(['"', '”', '\'', '’', '»', ',', '.', '!', '?'])
                        .trim()
                        .is_empty();
                // A mark inside the span means the marks were paired wrongly ("…,” Linda told
                // TODAY. “…" read as one quotation): not a quotation to stand on its own.
                let well_paired = !text[q.clone()].contains(['"', '“', '”'])
                    && !text[q.clone()].contains("``")
                    && !text[q.clone()].contains("''");
                let spoken_alone = speaker.is_none()
                    && continued.is_none()
                    && well_paired
                    && (whole_paragraph || after_colon);
                names.at.set((article.id, start_sentence.index));
                let (speaker, how) = match speaker {
                    // Someone's words, but nothing says whose: "Syrian U.N. Ambassador Bashar
                    // Ja'afari said Syria had sent letters … ¶ “We're not going into Syria.”"
                    None if spoken_alone => (None, "unresolved"),
                    Some(Speaker::Name(n)) => {
                        let full = names.fullest(&n);
                        last_named = Some(full.clone());
                        (Some(full), "named")
                    }
                    Some(Speaker::Pronoun(want)) => {
                        let earlier = own
                            .iter()
                            .rev()
                            .filter(|s| s.end <= start_sentence.start)
                            .take(PRONOUN_REACH)
                            .map(|s| (s.index, s.text.as_str()));
                        let window = std::iter::once((usize::MAX, before)).chain(earlier);
                        match names
                            .antecedent(window, &spoken, want)
                            .or(last_named.clone().filter(|n| names.gender(n).agrees(want)))
                        {
                            Some(n) => (Some(n), "pronoun"),
                            None => (None, "unresolved"),
                        }
                    }
                    Some(Speaker::Unnamed) => (None, "unnamed"),
                    None => match continued {
                        Some(s) => (s, "continued"),
                        // Without attribution or a speaker going on: a title or a scare quote.
                        None => continue,
                    },
                };
                this_paragraph = Some(speaker.clone());
                if let Some(n) = &speaker {
                    spoken.push((start_sentence.index, n.clone()));
                    spoken.push((end_sentence.index, n.clone()));
                }
                let quoted = normalize_space(
                    text[q.clone()]
                        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.')),
                );
                let support = Support {
                    source: article.id,
                    sentence: end_sentence.index,
                    start: q.start,
                    end: q.end,
                };
                found.push((
                    Quote {
                        speaker,
                        speaker_role: None,
                        attribution: how,
                        text: quoted,
                        support: vec![support],
                    },
                    article.id,
                ));
            }
            previous_paragraph = this_paragraph;
            previous_text = Some(&text[para.clone()]);
        }
    }
    merge_same_quotes(found.into_iter().map(|(q, _)| q).collect())
}

/// Byte ranges of quoted text (inside the marks) in one paragraph: double marks of every kind
/// news uses (“curly”, "straight", a curly mark closed by a straight one or the reverse,
/// ``newswire'' and ''archive'' pairs, «guillemets»), then single marks outside them (‘British style’, 'straight').
fn quote_spans(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let p = &text[para.clone()];
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let b = p.as_bytes();
    let mut skip = false;
    for (i, c) in p.char_indices() {
        if std::mem::take(&mut skip) {
            continue;
        }
        // ``Newswire quotation marks'': two back-quotes open, two apostrophes close.
        let pair = |mark: u8| b.get(i + 1) == Some(&mark);
        let mut close = |s: usize, open: &mut Option<(usize, char)>| {
            if i > s {
                out.push(para.start + s..para.start + i);
            }
            *open = None;
        };
        match (c, open) {
            ('`', _) if pair(b'`') => {
                open = Some((i + 2, '`'));
                skip = true;
            }
            // ''Archive text'' (old New York Times copy): two apostrophes open as well, where
            // a word starts.
            ('\'', None)
                if pair(b'\'')
                    && p[..i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| c.is_whitespace() || c == '(')
                    && p[i + 2..].starts_with(char::is_alphanumeric) =>
            {
                open = Some((i + 2, '`'));
                skip = true;
            }
            ('\'', Some((s, '`'))) if pair(b'\'') => {
                close(s, &mut open);
                skip = true;
            }
            ('“', _) => open = Some((i + c.len_utf8(), '”')),
            ('«', _) => open = Some((i + c.len_utf8(), '»')),
            ('"', None) => open = Some((i + 1, '"')),
            ('»', Some((s, '»'))) => close(s, &mut open),
            // Curly and straight marks mixed in one pair (an editor's or a converter's doing).
            ('”' | '"', Some((s, '”' | '"'))) => close(s, &mut open),
            _ => {}
        }
    }
    // A quotation that goes on into the next paragraph has no closing mark here (news style).
    if let Some((start, _)) = open {
        let rest = p[start..].trim_end();
        if rest.split_whitespace().count() >= 3 {
            out.push(para.start + start..para.start + start + rest.len());
        }
    }
    let doubles = out.clone();
    out.extend(
        single_quote_spans(p)
            .into_iter()
            .map(|r| para.start + r.start..para.start + r.end)
            .filter(|r| !doubles.iter().any(|d| d.start <= r.end && r.start <= d.end)),
    );
    out.sort_by_key(|r| r.start);
    out
}

/// A short span in Title Case is the name of a show, book or song ("Face the Nation", "All Bets
/// Are Off."), not someone's words, whatever verb stands beside it.
fn is_title_of_work(span: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "is", "by",
    ];
    let ws: Vec<&str> = span.split_whitespace().collect();
    // "Glory to GOD!" is an outcry; titles seldom end so.
    ws.len() <= 8
        && !span.trim_end_matches([',', '.', ' ']).ends_with(['!', '?'])
        && ws
            .iter()
            .filter(|w| !one_of(SMALL, w))
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

/// Spans between single quotation marks (‘…’ or '…'), told apart from apostrophes: an opening
/// mark follows no letter and comes before a letter; a closing mark follows no space and comes
/// before no letter or digit ("don't", "Trump’s" and "the '90s" open or close nothing). Elided
/// words ('em, 'til, rock 'n' roll) open nothing. A plural possessive inside a quotation ("the
/// players' union") closes it early; the two short pieces then stay under three words.
fn single_quote_spans(p: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '\'' | '‘' | '’') {
            continue;
        }
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|x| x.1);
        let word_before = prev.is_some_and(char::is_alphanumeric);
        let word_after = next.is_some_and(char::is_alphanumeric);
        let rest = &p[i + c.len_utf8()..];
        let elided = ["em ", "til ", "tis ", "twas ", "n' ", "n ", "cause "]
            .iter()
            .any(|e| {
                rest.get(..e.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(e))
            });
        let opener = matches!(c, '\'' | '‘')
            && !word_before
            && next.is_some_and(char::is_alphabetic)
            && !elided;
        let closer =
            matches!(c, '\'' | '’') && !word_after && prev.is_some_and(|p| !p.is_whitespace());
        match open {
            Some(s) if closer => {
                if p[s..i].split_whitespace().count() >= 3 {
                    out.push(s..i);
                }
                open = None;
            }
            _ if opener => open = Some(i + c.len_utf8()),
            _ => {}
        }
    }
    out
}

enum Speaker {
    Name(String),
    /// "he", "she" (whose gender the antecedent must not contradict), "they", "I".
    Pronoun(Gender),
    /// Attributed to someone the text does not name ("an officer said", "the company said").
    Unnamed,
}

/// Characters that break a clause: a name never runs across one.
const CLAUSE_BREAKS: [char; 7] = [',', ':', ';', '(', ')', '—', '–'];

/// Words, with "," standing for any clause break (comma, colon, dash, bracket) so that a name
/// never runs across one; an initial keeps its period ("W.").
fn words_of(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for piece in s.split_inclusive(CLAUSE_BREAKS) {
        let (body, brk) = match piece.chars().last() {
            Some(c) if CLAUSE_BREAKS.contains(&c) => (&piece[..piece.len() - c.len_utf8()], true),
            _ => (piece, false),
        };
        for w in body.split_whitespace() {
            let w = w.trim_matches(|c: char| {
                matches!(
                    c,
                    '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»' | '!' | '?'
                )
            });
            let w = if w.len() > 2 {
                w.trim_end_matches('.')
            } else {
                w
            };
            // "Damon's" names Damon.
            let w = w
                .strip_suffix("’s")
                .or_else(|| w.strip_suffix("'s"))
                .unwrap_or(w);
            if !w.is_empty() && w != "." {
                out.push(w);
            }
        }
        if brk {
            out.push(",");
        }
    }
    out
}

/// Words for a person that say their gender: a role next to a name ("his wife, Jane Wilson";
/// "Todd Hardy, Josh's father") or standing for one ("the actress said"). Not "actor": news
/// writes "the actor Alyssa Milano".
const FEMALE_WORDS: &[&str] = &[
    "mother",
    "mom",
    "mum",
    "wife",
    "daughter",
    "sister",
    "woman",
    "girl",
    "actress",
    "grandmother",
    "aunt",
    "niece",
    "queen",
    "princess",
    "spokeswoman",
    "congresswoman",
    "chairwoman",
    "businesswoman",
    "widow",
    "bride",
    "girlfriend",
    "mrs",
    "ms",
    "miss",
    "duchess",
    "lady",
    "stepmother",
    "granddaughter",
    "sister-in-law",
    "daughter-in-law",
    "mother-in-law",
];
const MALE_WORDS: &[&str] = &[
    "father",
    "dad",
    "husband",
    "son",
    "brother",
    "man",
    "boy",
    "grandfather",
    "uncle",
    "nephew",
    "king",
    "prince",
    "spokesman",
    "congressman",
    "chairman",
    "businessman",
    "widower",
    "groom",
    "boyfriend",
    "mr",
    "duke",
    "lord",
    "sir",
    "stepfather",
    "grandson",
    "brother-in-law",
    "son-in-law",
    "father-in-law",
];

/// Epithets that say nothing of gender but stand for someone the story names ("the New York
/// native"); "the official", "the spokesman" as often stand for someone it never names.
const PERSON_WORDS: &[&str] = &["native", "star", "singer", "rapper", "comedian"];

/// The gender a role word gives (`Any` for a role without one), or None for a word that is no
/// role.
fn role_gender(w: &str) -> Option<Gender> {
    let w = w.trim_end_matches('.');
    // Asked of every word of a story: most are not roles, and a set says so at once.
    static ROLES_SET: std::sync::OnceLock<FxHashSet<&'static str>> = std::sync::OnceLock::new();
    let set = ROLES_SET.get_or_init(|| {
        FEMALE_WORDS
            .iter()
            .chain(MALE_WORDS)
            .chain(PERSON_WORDS)
            .copied()
            .collect()
    });
    if w.len() > 16 || !set.contains(w.to_ascii_lowercase().as_str()) {
        return None;
    }
    if one_of(FEMALE_WORDS, w) {
        Some(Gender::Female)
    } else if one_of(MALE_WORDS, w) {
        Some(Gender::Male)
    } else if one_of(PERSON_WORDS, w) {
        Some(Gender::Any)
    } else {
        None
    }
}

/// A person's gender as a story shows it (pronouns, "Mr."/"Ms."), or a pronoun's.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Gender {
    Male,
    Female,
    Any,
}

impl Gender {
    fn of_pronoun(w: &str) -> Gender {
        if one_of(&["he", "him", "his"], w) {
            Gender::Male
        } else if one_of(&["she", "her", "hers"], w) {
            Gender::Female
        } else {
            Gender::Any
        }
    }

    fn agrees(self, other: Gender) -> bool {
        self == Gender::Any || other == Gender::Any || self == other
    }
}

fn is_pronoun(w: &str) -> bool {
    one_of(&["he", "she", "they", "we", "i"], w)
}

/// `w` is one of `list` (which is lower case), ignoring ASCII case: no allocation per word.
fn one_of(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Capitalised, not a title, and not a compound like "Invesco-owned".
fn is_name_word(w: &str) -> bool {
    let compound_of_lower = w
        .split('-')
        .skip(1)
        .any(|part| part.chars().next().is_some_and(char::is_lowercase));
    w.chars().next().is_some_and(char::is_uppercase) && !is_title(w) && !compound_of_lower
}

fn is_title(w: &str) -> bool {
    one_of(TITLES, w.trim_end_matches('.')) || crate::entities::is_person_title(w) || is_age(w)
}

/// "16-year-old" before a name ("said 16-year-old Jennie Steinberg") stands where a title does.
fn is_age(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    lower
        .strip_suffix("-year-old")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The name that follows a speech verb: runs of capitalised words separated only by titles and
/// roles, the last of them ("said Gullwing Lines chief executive Tomas Brandt" → Tomas Brandt).
fn name_at(ws: &[&str]) -> Option<String> {
    let mut best: Option<String> = None;
    let mut i = 0;
    while i < ws.len() {
        // "Del. Stacey Plaskett of the Virgin Islands": what follows a name is where they are from.
        if best.as_ref().is_some_and(|b| b.contains(' '))
            && one_of(&["of", "from", "in", "at", "the", "a", "an"], ws[i])
        {
            break;
        }
        if is_title(ws[i]) {
            i += 1;
            continue;
        }
        // "said 9/11 widow Terry Strada": a short lower-case description before a full name.
        if best.is_none() && !is_name_word(ws[i]) {
            let skip = ws[i..]
                .iter()
                .take(3)
                .take_while(|w| {
                    !is_name_word(w) && **w != "," && !w.starts_with(char::is_uppercase)
                })
                .count();
            let full = ws[i + skip..]
                .iter()
                .take_while(|w| is_name_word(w))
                .count();
            let ends = ws.get(i + skip + full).is_none_or(|w| *w == ",");
            if i == 0 && skip > 0 && full >= 2 && ends {
                i += skip;
                continue;
            }
        }
        if !is_name_word(ws[i]) {
            break;
        }
        let start = i;
        while i < ws.len() && is_name_word(ws[i]) && i - start < 4 {
            i += 1;
        }
        best = Some(ws[start..i].join(" "));
    }
    best
}

/// The name that ends just before position `end` of `ws` (the subject of "… Tillerson said").
fn name_before(ws: &[&str], end: usize) -> Option<String> {
    let mut start = end;
    while start > 0 && is_name_word(ws[start - 1]) && end - start < 4 {
        start -= 1;
    }
    (start < end).then(|| ws[start..end].join(" "))
}

/// Attribution after a quotation: ", Tillerson said", ", said Lavrov", ", he said",
/// ", Mr. Putin told reporters".
fn attribution_after(after: &str) -> Option<Speaker> {
    // "“…” ― Pamela Padilla": a dash, then only the name (and what it is, after a comma).
    if let Some(rest) = after
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '\'' | '’'))
        .strip_prefix(['—', '―', '–', '-'])
        .filter(|r| r.starts_with(char::is_whitespace) || r.starts_with(char::is_uppercase))
    {
        let ws = words_of(rest);
        let name_len = ws.iter().position(|w| *w == ",").unwrap_or(ws.len());
        if (1..=4).contains(&name_len) && ws[..name_len].iter().all(|w| is_name_word(w)) {
            return name_at(&ws[..name_len]).map(Speaker::Name);
        }
    }
    let ws = words_of(after);
    // "…,” Aleksandr K. Lukashevich, a spokesman for the ministry, said in a statement.
    if let Some(name_end) = (1..ws.len().min(7)).find(|&i| ws[i] == ",") {
        let name = &ws[..name_end];
        let named = name.iter().all(|w| is_name_word(w) || is_title(w))
            && name.iter().any(|w| is_name_word(w));
        let verb = ws
            .iter()
            .take(20)
            .skip(name_end)
            .position(|w| is_speech_verb(w));
        if named && verb.is_some() {
            if let Some(n) = name_at(name) {
                return Some(Speaker::Name(n));
            }
        }
    }
    let v = ws.iter().take(10).position(|w| is_speech_verb(w))?;
    // "“Mommy,” she recalls him saying": who is recalled speaks.
    if let (Some(p), Some(s)) = (ws.get(v + 1), ws.get(v + 2)) {
        if one_of(&["him", "her", "them"], p) && one_of(&["saying", "say", "said"], s) {
            return Some(Speaker::Pronoun(Gender::of_pronoun(p)));
        }
    }
    // "he so famously said", "Varga later told": adverbs between the speaker and the verb.
    let adverbs = ws[..v]
        .iter()
        .rev()
        .take(2)
        .take_while(|w| {
            w.ends_with("ly") || one_of(&["so", "also", "later", "then", "again", "once"], w)
        })
        .count();
    let v_subject = v - adverbs;
    if v_subject > 0 && is_pronoun(ws[v_subject - 1]) {
        return Some(Speaker::Pronoun(Gender::of_pronoun(ws[v_subject - 1])));
    }
    if let Some(n) = name_before(&ws, v_subject) {
        return Some(Speaker::Name(n));
    }
    // "…,” Jeffrey Stenger from Polson, Montana, told ABC News: the name that opens the
    // attribution speaks; the one after "told" is spoken to.
    if v > 0 {
        if let Some(n) = name_at(&ws[..v]).filter(|n| n.contains(' ') && is_name_word(ws[0])) {
            return Some(Speaker::Name(n));
        }
    }
    // "…,” the actress said; "…,” the New York native told Glenn Close: a person the story
    // names elsewhere, whose gender the role may give.
    if v >= 2 && ws[0].eq_ignore_ascii_case("the") && ws[..v].iter().all(|w| *w != ",") {
        if let Some(g) = role_gender(ws[v - 1]) {
            return Some(Speaker::Pronoun(g));
        }
    }
    // Whoever comes after "told" is spoken to.
    if one_of(&["told", "tells", "telling"], ws[v]) {
        return None;
    }
    // "said Lavrov", "said passenger Aino Kask", "said he", "says his mother Robin Roberts"
    let mut rest = &ws[v + 1..];
    if rest
        .first()
        .is_some_and(|w| one_of(&["his", "her", "their"], w))
    {
        let role = rest[1..]
            .iter()
            .take(3)
            .take_while(|w| w.chars().all(char::is_lowercase))
            .count();
        if rest.get(1 + role).is_some_and(|w| is_name_word(w)) {
            rest = &rest[1 + role..];
        }
    }
    if let Some(p) = rest.first().filter(|w| is_pronoun(w)) {
        return Some(Speaker::Pronoun(Gender::of_pronoun(p)));
    }
    // "said the vicomte's brother, Marcy": a role, then the name after a comma, ending the clause.
    if let Some(c) = rest.iter().take(6).position(|w| *w == ",") {
        let name = &rest[c + 1..];
        let len = name.iter().take_while(|w| is_name_word(w)).count();
        if (1..=3).contains(&len)
            && name.get(len).is_none_or(|w| *w == ",")
            && c > 0
            && !is_name_word(rest[c - 1])
        {
            return name_at(&name[..len]).map(Speaker::Name);
        }
    }
    // "…,” a police statement said; "…,” said a forensic investigator: a speaker without a name,
    // when the verb comes right after the quotation's clause (no other clause in between).
    Some(name_at(rest).map(Speaker::Name).unwrap_or(Speaker::Unnamed))
        .filter(|s| !matches!(s, Speaker::Unnamed) || !ws[..v].contains(&","))
}

/// Attribution in the sentence after a quotation that ended its own ("Clinton said.", "she
/// asked him."): a speech verb among its first words, with a name or pronoun before or after it.
fn attribution_next(sentence: &str) -> Option<Speaker> {
    if sentence.trim_start().starts_with(['—', '―', '–']) {
        return attribution_after(sentence).filter(|s| matches!(s, Speaker::Name(_)));
    }
    let ws = words_of(sentence);
    let v = ws.iter().take(5).position(|w| is_speech_verb(w))?;
    if sentence.contains(['"', '“']) || ws.len() > 16 {
        return None;
    }
    attribution_after(sentence)
        .filter(|s| matches!(s, Speaker::Name(_) | Speaker::Pronoun(_)) && v < 4)
}

/// Attribution before a quotation: "Lavrov said: “…”", "According to Lavrov, “…”".
fn attribution_before(before: &str, names: &NameIndex) -> Option<Speaker> {
    let ws = words_of(before);
    // A transcript's "Art Iwasaki “In my company …”": nothing before the quotation but a name.
    if (2..=4).contains(&ws.len()) && ws.iter().all(|w| is_name_word(w) || is_title(w)) {
        if let Some(n) = name_at(&ws).filter(|n| n.contains(' ')) {
            return Some(Speaker::Name(n));
        }
    }
    let v = ws.iter().rposition(|w| is_speech_verb(w))?;
    if ws[v].eq_ignore_ascii_case("according") {
        return name_at(ws.get(v + 2..).unwrap_or(&[])).map(Speaker::Name);
    }
    // The verb leads into the quotation: nothing between them, or a short object and a break
    // ("said:", "told reporters,", "added, saying,"); not "called the plan “a gamble”". A
    // sentence that ends with a colon introduces what follows whatever its length ("Lutz says he
    // was happy to take part:").
    let between = &ws[v + 1..];
    let introduces = before.trim_end().ends_with(':');
    if !(introduces || between.is_empty() || (between.len() <= 4 && between.last() == Some(&","))) {
        return None;
    }
    if v > 0 && is_pronoun(ws[v - 1]) {
        return Some(Speaker::Pronoun(Gender::of_pronoun(ws[v - 1])));
    }
    if let Some(n) = name_before(&ws, v) {
        return Some(Speaker::Name(n));
    }
    // "… the actor Alyssa Milano, who said:"
    if v >= 2 && ws[v - 1].eq_ignore_ascii_case("who") && ws[v - 2] == "," {
        if let Some(n) = name_before(&ws, v - 2) {
            return Some(Speaker::Name(n));
        }
    }
    // "Says Wax: “…”": the verb first, then who.
    if v == 0 {
        if let Some(n) = name_at(between) {
            return Some(Speaker::Name(n));
        }
    }
    // "Damon addressed the allegations, saying, “…”", "The actor told SiriusXM, “…”": the
    // subject further back — the first name of the clause, or a pronoun, or someone unnamed.
    let subject = &ws[..v];
    let person_like = |i: usize| {
        is_name_word(subject[i])
            && !not_subject(subject[i])
            && (i == 0 || !(is_name_word(subject[i - 1]) || one_of(PREPOSITIONS, subject[i - 1])))
    };
    if let Some(n) = (0..subject.len()).find_map(|i| {
        person_like(i)
            .then(|| name_at(&subject[i..]))
            .flatten()
            // One word is a name after a title ("Mr. Ross"), or when the story never writes it
            // in lower case ("Ashton, who …, added:"); else it may be any word.
            .filter(|n| {
                n.contains(' ') || (i > 0 && is_title(subject[i - 1])) || names.is_proper(n)
            })
    }) {
        return Some(Speaker::Name(n));
    }
    if let Some(p) = subject.iter().find(|w| is_pronoun(w)) {
        return Some(Speaker::Pronoun(Gender::of_pronoun(p)));
    }
    Some(Speaker::Unnamed)
}

/// A name as written, with where: (name, source, sentence index).
type WrittenName = (String, usize, usize);

/// Full names used in the story, to resolve "Tillerson" or "Mr. Tillerson" to "Rex W. Tillerson".
struct NameIndex<'a> {
    sentences: &'a [Sentence],
    /// Words of names the tagger takes for a person's.
    people: &'a FxHashSet<&'a str>,
    /// Last word → the multi-word names that end with it, with where (built on first use).
    full_names: std::cell::OnceCell<FxHashMap<&'a str, Vec<WrittenName>>>,
    /// Fullest name → evidence of gender (male, female), built on first use.
    genders: std::cell::OnceCell<FxHashMap<String, (u32, u32)>>,
    /// The quotation being attributed (source, sentence index): the context `fullest` reads.
    at: std::cell::Cell<(usize, usize)>,
    /// Words the story writes in lower case somewhere (built on first use): a capitalised word
    /// that is never among them is a name ("Glaser"), one that is may open a sentence ("Still").
    /// And the capitalised words it puts after a word for an organisation ("newspaper Izvestia").
    vocabulary: std::cell::OnceCell<(FxHashSet<&'a str>, FxHashSet<&'a str>)>,
    /// Role → the person the story gives it to, computed once per role.
    roles: std::cell::RefCell<std::collections::HashMap<String, Option<String>>>,
}

impl<'a> NameIndex<'a> {
    fn new(sentences: &'a [Sentence], people: &'a FxHashSet<&'a str>) -> NameIndex<'a> {
        NameIndex {
            sentences,
            people,
            full_names: Default::default(),
            genders: Default::default(),
            at: Default::default(),
            vocabulary: Default::default(),
            roles: Default::default(),
        }
    }

    /// Multi-word names (runs of capitalised words, not opening a sentence) of the story, by
    /// their last word, each with where it is written (source, sentence index), built in one
    /// pass on first use (asking the sentences once per surname grew with the square of the
    /// story).
    fn names_ending(&self) -> &FxHashMap<&'a str, Vec<WrittenName>> {
        self.full_names.get_or_init(|| {
            let mut by_last: FxHashMap<&'a str, Vec<WrittenName>> = FxHashMap::default();
            for s in self.sentences {
                let ws = words_of(&s.text);
                // A sentence's first word may be any capitalised word; a run there counts when
                // the tagger reads all of it as a person's name ("Todd Hardy, Josh's father, …").
                let opening_person = |j: usize| ws[..j].iter().all(|w| self.people.contains(w));
                let mut i = 0;
                while i < ws.len() {
                    if is_name_word(ws[i]) {
                        let mut j = i;
                        while j < ws.len() && is_name_word(ws[j]) && j - i < 4 {
                            j += 1;
                        }
                        if j - i >= 2 && (i > 0 || opening_person(j)) {
                            by_last.entry(ws[j - 1]).or_default().push((
                                ws[i..j].join(" "),
                                s.source,
                                s.index,
                            ));
                        }
                        i = j;
                    } else {
                        i += 1;
                    }
                }
            }
            by_last
        })
    }

    /// A single capitalised word that the story never writes in lower case, not an acronym, and
    /// not a word the story puts after one for an organisation ("newspaper Izvestia").
    fn is_proper(&self, w: &str) -> bool {
        let sentences = self.sentences;
        let (lower, orgs) = self.vocabulary.get_or_init(|| {
            let (mut lower, mut orgs) = (FxHashSet::default(), FxHashSet::default());
            for s in sentences {
                let ws = words_of(&s.text);
                for (i, &w) in ws.iter().enumerate() {
                    if w.chars().next().is_some_and(char::is_lowercase) {
                        lower.insert(w);
                    } else if i > 0 && one_of(ORG_CUES, ws[i - 1]) {
                        orgs.insert(w);
                    }
                }
            }
            (lower, orgs)
        });
        let acronym = w.chars().all(|c| !c.is_lowercase());
        !acronym
            && !not_subject(w)
            && !lower.contains(w.to_lowercase().as_str())
            && !orgs.contains(w)
    }

    /// The person the story names with a role ("Mayor Antonio Villaraigosa" for "the mayor").
    fn titled(&self, role: &str) -> Option<String> {
        let role = role.to_ascii_lowercase();
        if let Some(known) = self.roles.borrow().get(&role) {
            return known.clone();
        }
        let found = self.sentences.iter().find_map(|s| {
            let ws = words_of(&s.text);
            ws.iter()
                .position(|w| w.eq_ignore_ascii_case(&role))
                .and_then(|i| name_at(&ws[i + 1..]))
                .filter(|n| n.contains(' '))
                .map(|n| self.fullest(&n))
        });
        self.roles.borrow_mut().insert(role, found.clone());
        found
    }

    /// Persons named in `text` outside its quotation marks, in order: (fullest name, whether the
    /// mention stands where a clause's subject does — opening the sentence or a clause, not a
    /// possessive —, whether a speech verb follows it). Names in quotations are the speaker's
    /// words, never the speaker.
    fn mentions(&self, text: &str) -> Vec<(String, bool, bool)> {
        let plain = outside_quotes(text)
            .replace("’s ", " ~s ")
            .replace("'s ", " ~s ");
        let ws = words_of(&plain);
        let mut out = Vec::new();
        let opens_clause = |at: usize| at == 0 || one_of(CLAUSE_OPENERS, ws[at - 1]);
        let mut i = 0;
        while i < ws.len() {
            // "The mayor complimented …": a role standing for the person it was given to.
            if ws[i].eq_ignore_ascii_case("the")
                && opens_clause(i)
                && ws.get(i + 1).is_some_and(|r| one_of(ROLES, r))
                && ws
                    .get(i + 2)
                    .is_some_and(|w| !is_name_word(w) && *w != "~s")
            {
                let speaks = ws.get(i + 2).is_some_and(|w| is_speech_verb(w));
                out.extend(self.titled(ws[i + 1]).map(|n| (n, true, speaks)));
                i += 2;
                continue;
            }
            if !is_name_word(ws[i]) || not_subject(ws[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < ws.len() && is_name_word(ws[i]) && i - start < 4 {
                i += 1;
            }
            let lead = ws[start..i].iter().take_while(|w| is_title(w)).count();
            let titled = lead > 0 || (start > 0 && is_title(ws[start - 1]));
            let run = &ws[start + lead.min(i - start - 1)..i];
            let tail = run[run.len() - 1];
            // A person: the tagger reads every word of it as a person's name somewhere in the
            // story ("Lawmakers Rip Donald Trump" is a headline; "Enraged" opens a sentence), a
            // personal title goes before it, or it speaks.
            let personal = (start + lead > 0
                && crate::entities::is_person_title(ws[start + lead - 1]))
                || ws.get(i).is_some_and(|w| is_speech_verb(w))
                || run.iter().all(|w| {
                    w.len() <= 2
                        || self.people.contains(w)
                        || crate::entities::is_person_title(w)
                        || crate::entities::is_role_word(w)
                        || is_title(w)
                }) && run.iter().any(|w| self.people.contains(w));
            if crate::entities::is_org_word(tail)
                || crate::entities::is_place_word(tail)
                || !personal
            {
                continue;
            }
            // A single word that the story also writes in lower case ("Still", "Rose") is no
            // name unless a title goes with it; checked first, as the fullest form costs a scan.
            if run.len() == 1 && !titled && !self.is_proper(run[0]) {
                continue;
            }
            let full = self.fullest(&run.join(" "));
            // Titles before the name belong to the clause position ("Mr. Putin said").
            let mut at = start;
            while at > 0 && is_title(ws[at - 1]) {
                at -= 1;
            }
            let next = ws.get(i).copied().unwrap_or("");
            // After a comma, a name between commas is an apposition or a place ("his daughter,
            // Elena, said"; "Rockford, Illinois, when"), not the clause's subject.
            // "Today, Andy Simpson, a spokesman…": after an opening adverb, the subject.
            let after_opener = at == 2 && !is_name_word(ws[0]);
            let apposition =
                at > 0 && ws[at - 1] == "," && (next == "," || next.is_empty()) && !after_opener;
            let subject = next != "~s"
                && ((opens_clause(at) && !apposition)
                    || one_of(AFTER_SUBJECT, next)
                    || is_speech_verb(next));
            out.push((full, subject, subject && is_speech_verb(next)));
        }
        out
    }

    /// Whom a "he" or "she" stands for, given the text before it, nearest first (sentence
    /// index, text): the speaker of a quotation in that sentence, else who speaks in it or the
    /// subject of its main clause; a sentence whose subject is itself a pronoun passes the
    /// search on to the one before ("Luray dismisses … ¶ Still, she can see why … ¶ “…,” she
    /// said"). A name that is no subject (an object, a possessive) is taken only when no
    /// sentence in reach offers better.
    fn antecedent<'t>(
        &self,
        window: impl Iterator<Item = (usize, &'t str)>,
        spoken: &[(usize, String)],
        want: Gender,
    ) -> Option<String> {
        let mut fallback = None;
        for (index, text) in window {
            if let Some((_, n)) = spoken
                .iter()
                .rev()
                .find(|(i, n)| *i == index && self.gender(n).agrees(want))
            {
                return Some(n.clone());
            }
            let mut mentions = self.mentions(text);
            mentions.retain(|m| self.gender(&m.0).agrees(want));
            // Who said something in the sentence, the last of them ("Safronkov called …, but
            // Delattre said"); else the first subject, the main clause's ("Trump said he was
            // afraid Gianforte would lose").
            if let Some(m) = mentions
                .iter()
                .rev()
                .find(|m| m.2)
                .or_else(|| mentions.iter().find(|m| m.1))
            {
                return Some(m.0.clone());
            }
            if fallback.is_none() {
                fallback = mentions.last().map(|m| m.0.clone());
            }
        }
        fallback
    }

    /// The longest name of the story that ends with the same surname (the last word) and holds
    /// every word of `n`, else `n`. When the story names several people so ("Keith Lamont
    /// Scott", "Rakeyia Scott" for "Scott"), the context decides: the one named last before the
    /// quotation in its article, else first after it there; with none, `n` stays as written.
    fn fullest(&self, n: &str) -> String {
        let Some(surname) = n.split_whitespace().last() else {
            return n.to_string();
        };
        let wanted: Vec<&str> = n.split_whitespace().collect();
        let fits: Vec<&WrittenName> = self
            .names_ending()
            .get(surname)
            .into_iter()
            .flatten()
            .filter(|(m, _, _)| {
                m.len() >= n.len() && wanted.iter().all(|w| m.split_whitespace().any(|x| x == *w))
            })
            .collect();
        let longest = |it: &mut dyn Iterator<Item = &&WrittenName>| {
            it.max_by_key(|(m, _, _)| (m.split_whitespace().count(), m.len()))
                .map(|(m, _, _)| m.clone())
        };
        let Some(best) = longest(&mut fits.iter()) else {
            return n.to_string();
        };
        let one_person = fits.iter().all(|(m, _, _)| {
            m.split_whitespace()
                .all(|w| best.split_whitespace().any(|x| x == w))
        });
        if one_person {
            return best;
        }
        let (source, at) = self.at.get();
        // In one sentence, the first named is who it is about ("Maggie Poukkula, the daughter
        // of Tony Poukkula"): `fits` is in reading order, and `max_by_key` keeps the last.
        let before = fits
            .iter()
            .rev()
            .filter(|(_, s, i)| *s == source && *i <= at)
            .max_by_key(|(_, _, i)| *i);
        let after = fits
            .iter()
            .filter(|(_, s, i)| *s == source && *i > at)
            .min_by_key(|(_, _, i)| *i);
        match before.or(after) {
            // The fullest form of that person.
            Some((m, _, _)) => {
                let first = m.split_whitespace().next().unwrap_or_default();
                longest(
                    &mut fits
                        .iter()
                        .filter(|(x, _, _)| x.split_whitespace().any(|w| w == first)),
                )
                .unwrap_or_else(|| m.clone())
            }
            None => n.to_string(),
        }
    }

    /// The gender a story shows for a person's fullest name: "Mr."/"Mrs."/"Ms." before it, and
    /// "he"/"his" against "she"/"her" in the sentences where that person is the only one named
    /// (and the next, when it names nobody). `Any` unless one side wins two to one.
    fn gender(&self, name: &str) -> Gender {
        let table = self.genders.get_or_init(|| self.gender_table());
        match table.get(name) {
            Some(&(m, f)) if m > 2 * f => Gender::Male,
            Some(&(m, f)) if f > 2 * m => Gender::Female,
            _ => Gender::Any,
        }
    }

    fn gender_table(&self) -> FxHashMap<String, (u32, u32)> {
        let mut table: FxHashMap<String, (u32, u32)> = FxHashMap::default();
        let quotation_at = self.at.get();
        // Subject pronouns only: "her" and "his" as often belong to someone else.
        let subject_pronoun = |w: &str| match w {
            "he" | "He" => Some(Gender::Male),
            "she" | "She" => Some(Gender::Female),
            _ => None,
        };
        for (k, s) in self.sentences.iter().enumerate() {
            let ws = words_of(&s.text);
            for (i, w) in ws.iter().enumerate() {
                let g = match w.trim_end_matches('.') {
                    "Mr" => Gender::Male,
                    "Mrs" | "Ms" | "Miss" => Gender::Female,
                    _ => continue,
                };
                if let Some(n) = ws.get(i + 1).filter(|n| is_name_word(n)) {
                    self.at.set((s.source, s.index));
                    let e = table.entry(self.fullest(n)).or_default();
                    if g == Gender::Male {
                        e.0 += 3;
                    } else {
                        e.1 += 3;
                    }
                }
            }
            // A gendered role beside a name: "his wife, Jane Wilson", "mother Aimee Hardy",
            // "Todd Hardy, Josh's father", "Maggie Poukkula, the 19-year-old daughter of …".
            for (i, w) in ws.iter().enumerate() {
                let Some(g) = role_gender(w).filter(|g| *g != Gender::Any) else {
                    continue;
                };
                let after = &ws[i + 1..];
                let after = after.strip_prefix(&[","][..]).unwrap_or(after);
                let len = after.iter().take_while(|w| is_name_word(w)).count();
                let named_after = (len >= 1).then(|| after[..len.min(4)].join(" "));
                // Or the name before: NAME , [det|possessive] [words] ROLE.
                let named_before = ws[..i]
                    .iter()
                    .rposition(|w| *w == ",")
                    .filter(|&c| {
                        c > 0
                            && i - c <= 5
                            && ws[c + 1..i]
                                .iter()
                                .all(|w| !is_name_word(w) || w.ends_with("s") || w.contains('\''))
                    })
                    .and_then(|c| {
                        let mut b = c;
                        while b > 0 && is_name_word(ws[b - 1]) && c - b < 4 {
                            b -= 1;
                        }
                        (b < c).then(|| ws[b..c].join(" "))
                    });
                for n in named_after.into_iter().chain(named_before) {
                    if !n.split_whitespace().all(|w| self.people.contains(w)) {
                        continue;
                    }
                    self.at.set((s.source, s.index));
                    let e = table.entry(self.fullest(&n)).or_default();
                    if g == Gender::Male {
                        e.0 += 3;
                    } else {
                        e.1 += 3;
                    }
                }
            }
            // The person a sentence is about, when it names one only and as its subject: a
            // "he" or "she" opening the next sentence, or right after a verb of saying. Pronouns
            // elsewhere in the sentence are as often someone else's ("When he relayed that he
            // was not, Unruh said …"). The pronouns are looked for first: naming the people of
            // every sentence is the costly part.
            let plain = outside_quotes(&s.text);
            let mut seen: Vec<Gender> = words_of(&plain)
                .windows(2)
                .filter(|p| is_speech_verb(p[0]))
                .filter_map(|p| subject_pronoun(p[1]))
                .collect();
            if let Some(next) = self.sentences.get(k + 1).filter(|n| n.source == s.source) {
                let first_word = next.text.split_whitespace().next().unwrap_or_default();
                if let Some(g) = subject_pronoun(first_word) {
                    seen.push(g);
                }
            }
            if seen.is_empty() {
                continue;
            }
            self.at.set((s.source, s.index));
            let mentions = self.mentions(&s.text);
            let Some(first) = mentions.first().filter(|m| m.1) else {
                continue;
            };
            if mentions.iter().any(|m| m.0 != first.0) {
                continue;
            }
            let e = table.entry(first.0.clone()).or_default();
            for g in seen {
                if g == Gender::Male {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
        self.at.set(quotation_at);
        table
    }
}

/// `text` with what stands between quotation marks blanked to a clause break: an opening mark
/// without a closing one runs to the end, a closing mark without an opening one (the tail of a
/// quotation begun in the sentence before) from the start.
fn outside_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let mut seen_open = false;
    // ``…'' reads as “…”.
    let text = text.replace("``", "“").replace("''", "”");
    for c in text.chars() {
        match c {
            '“' => {
                inside = true;
                seen_open = true;
            }
            '”' => {
                if !seen_open {
                    // Everything so far was quoted.
                    out.clear();
                }
                inside = false;
                out.push_str(" , ");
            }
            '"' => {
                inside = !inside;
                if !inside {
                    out.push_str(" , ");
                }
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Share of words two quotations must have in common (Jaccard) to be the same one reported
/// twice ("between our countries" / "between our two countries").
const SAME_QUOTE: f32 = 0.75;

/// Quotations that say the same words (ignoring case and punctuation; one inside the other; or
/// mostly the same words) become one item with all sources, keeping the first speaker found.
fn merge_same_quotes(quotes: Vec<Quote>) -> Vec<Quote> {
    let key = |t: &str| {
        t.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Words as numbers, and for each word the merged quotations that hold it: a quotation is
    // compared only with those it shares words with (comparing every pair grew with the square
    // of the story: 1 s for 400 articles).
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut holders: Vec<Vec<usize>> = Vec::new();
    let mut out: Vec<(String, Vec<u32>, Quote)> = Vec::new();
    let mut shared: Vec<u32> = Vec::new();
    for q in quotes {
        let k = key(&q.text);
        let mut kw: Vec<u32> = k
            .split_whitespace()
            .map(|w| {
                let next = ids.len() as u32;
                *ids.entry(w.to_string()).or_insert(next)
            })
            .collect();
        kw.sort_unstable();
        kw.dedup();
        holders.resize_with(ids.len(), Vec::new);
        shared.resize(out.len(), 0);
        let mut touched: Vec<usize> = Vec::new();
        for &w in &kw {
            for &o in &holders[w as usize] {
                if shared[o] == 0 {
                    touched.push(o);
                }
                shared[o] += 1;
            }
        }
        // The first merged quotation that is the same: equal, one inside the other, or most
        // words in common.
        touched.sort_unstable();
        let same = touched.iter().copied().find(|&o| {
            let (ok, ow, _) = &out[o];
            let common = shared[o] as usize;
            let union = ow.len() + kw.len() - common;
            *ok == k
                || (common == kw.len() && k.len() > 30 && ok.contains(&k))
                || (common == ow.len() && ok.len() > 30 && k.contains(ok.as_str()))
                || (union > 0 && common as f32 / union as f32 >= SAME_QUOTE)
        });
        for &o in &touched {
            shared[o] = 0;
        }
        match same {
            Some(o) => {
                let existing = &mut out[o].2;
                if existing.speaker.is_none() && q.speaker.is_some() {
                    existing.speaker = q.speaker.clone();
                    existing.attribution = q.attribution;
                }
                existing.support.extend(q.support);
            }
            None => {
                for &w in &kw {
                    holders[w as usize].push(out.len());
                }
                out.push((k, kw, q));
            }
        }
    }
    out.into_iter().map(|(_, _, q)| q).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brief::analyse;
    use crate::ingest::story_from_texts;

    fn quotes_of(texts: &[&str]) -> Vec<Quote> {
        let inputs: Vec<(String, Vec<u8>)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("t{i}"), t.as_bytes().to_vec()))
            .collect();
        let story = story_from_texts(&inputs).unwrap();
        let a = analyse(&story, &Default::default());
        extract_quotes(&story, &a.cleaned, &a.sentences)
    }

    #[test]
    fn newswire_back_quotes_are_quotation_marks() {
        let q = quotes_of(&[
            "Harbour master Ilse Varga inspected the pier on Tuesday morning.\n``The crew kept everyone calm,'' Varga said.\n``We will reopen the route next week,'' said Tomas Brandt, the operator's chief executive.",
        ]);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].text, "The crew kept everyone calm");
        assert_eq!(q[0].speaker.as_deref(), Some("Ilse Varga"));
        assert_eq!(q[1].speaker.as_deref(), Some("Tomas Brandt"));
    }

    #[test]
    fn every_mark_news_uses_and_apostrophes_are_not_marks() {
        let q = quotes_of(&[
            "Harbour master Ilse Varga inspected the pier on Tuesday.\n\n'We will not reopen the pier this winter,' Ms Varga said. The town's mayor didn't comment.\n\n‘The crew kept everyone calm and dry,’ said Tomas Brandt.\n\n“The hull is sound and the engines work,\" said Aino Kask.\n\n«The ferry will sail again in March», said Pavel Orlov.\n\n''The harbour was never this busy,'' said Marek Lind.\n\nBrandt later appeared on “Face the Nation,” said a spokesman.",
        ]);
        let speaker = |t: &str| {
            q.iter()
                .find(|x| x.text.starts_with(t))
                .unwrap_or_else(|| panic!("no quote {t}: {q:?}"))
                .speaker
                .clone()
        };
        assert_eq!(speaker("We will not").as_deref(), Some("Ilse Varga"));
        assert_eq!(speaker("The crew").as_deref(), Some("Tomas Brandt"));
        assert_eq!(speaker("The hull").as_deref(), Some("Aino Kask"));
        assert_eq!(speaker("The ferry").as_deref(), Some("Pavel Orlov"));
        assert_eq!(speaker("The harbour").as_deref(), Some("Marek Lind"));
        // "town's mayor didn't" pairs no marks; a show's name is no quotation.
        assert_eq!(q.len(), 5, "{q:?}");
    }

    #[test]
    fn attribution_in_the_next_sentence_or_after_a_dash() {
        let q = quotes_of(&[
            "Voters in the valley were asked what they thought of the plan.\n\n“How many times do we have to see this happen?” Varga said. “It needs to stop now.”\n\n“The plan ignores the farmers who live here.” ― Tomas Brandt\n\n“Nobody asked us anything at all.” ― Aino Kask",
        ]);
        let speaker = |t: &str| {
            q.iter()
                .find(|x| x.text.starts_with(t))
                .and_then(|x| x.speaker.clone())
        };
        assert_eq!(speaker("How many").as_deref(), Some("Varga"));
        assert_eq!(speaker("It needs").as_deref(), Some("Varga"));
        assert_eq!(speaker("The plan").as_deref(), Some("Tomas Brandt"));
        assert_eq!(speaker("Nobody asked").as_deref(), Some("Aino Kask"));
    }

    #[test]
    fn a_pronoun_agrees_in_gender_and_a_shared_surname_goes_to_the_nearest() {
        let q = quotes_of(&[
            "Police shot Keith Lamont Scott on Tuesday afternoon in Charlotte. He was 43 and a father of seven, his family said. Mr. Scott had been waiting for his son.\n\nHis wife, Rakeyia Scott, filmed the shooting on her phone. Ms. Scott said she was standing a few feet away.\n\n“Don't shoot him, he has no weapon,” she says in the video.\n\n“He was reading a book in his car,” Scott told reporters later.",
        ]);
        let speaker = |t: &str| {
            q.iter()
                .find(|x| x.text.starts_with(t))
                .and_then(|x| x.speaker.clone())
        };
        assert_eq!(
            speaker("Don't shoot").as_deref(),
            Some("Rakeyia Scott"),
            "{q:?}"
        );
        assert_eq!(
            speaker("He was reading").as_deref(),
            Some("Rakeyia Scott"),
            "{q:?}"
        );
    }

    #[test]
    fn speakers_in_every_common_form() {
        let q = quotes_of(&[
            "Harbour master Ilse Marta Varga inspected the pier on Tuesday morning.\n“The crew kept everyone calm,” Varga said.\n“We will reopen the route next week,” said Tomas Brandt, the operator's chief executive.\n\"It was terrifying and loud,\" she said.\nAccording to Brandt, \"the hull is sound and dry.\"\nLavrov told reporters: “These talks were useful and long.”",
        ]);
        let by_text = |t: &str| {
            q.iter()
                .find(|x| x.text.starts_with(t))
                .unwrap_or_else(|| panic!("no quote {t}: {q:?}"))
        };
        assert_eq!(
            by_text("The crew").speaker.as_deref(),
            Some("Ilse Marta Varga")
        );
        assert_eq!(by_text("We will").speaker.as_deref(), Some("Tomas Brandt"));
        let p = by_text("It was");
        assert_eq!(
            (p.speaker.as_deref(), p.attribution),
            (Some("Tomas Brandt"), "pronoun")
        );
        assert_eq!(by_text("the hull").speaker.as_deref(), Some("Tomas Brandt"));
        assert_eq!(by_text("These talks").speaker.as_deref(), Some("Lavrov"));
    }

    #[test]
    fn the_same_quote_in_two_sources_is_one_item() {
        let q = quotes_of(&[
            "“The crew did everything right and kept people calm,” Commander Ilse Varga said on Tuesday.",
            "\"The crew did everything right and kept people calm,\" said Varga, who leads the coastguard.",
        ]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].support.len(), 2);
        assert_eq!(q[0].speaker.as_deref(), Some("Ilse Varga"));
        let q = quotes_of(&[
            "“There is a low level of trust between our countries,” Tillerson said.",
            "“There is a low level of trust between our two countries,” Tillerson said.",
        ]);
        assert_eq!(q.len(), 1, "near-identical wording: {q:?}");
    }

    #[test]
    fn pronoun_takes_the_person_named_just_before() {
        let q = quotes_of(&["Commander Ilse Varga of the coastguard praised the crew.\n“They kept everyone calm in the fog,” she said.\n“We will reopen the route soon,” said Gullwing Lines chief executive Tomas Brandt, in Marrow Harbour."]);
        assert_eq!(q[0].speaker.as_deref(), Some("Ilse Varga"), "{q:?}");
        assert_eq!(q[0].attribution, "pronoun");
        assert_eq!(q[1].speaker.as_deref(), Some("Tomas Brandt"), "{q:?}");
    }

    #[test]
    fn unattributed_quotes_and_pronouns_without_antecedent() {
        let q = quotes_of(&["The report called the plan “a bold and risky gamble” last week.\n“Nobody told us anything at all,” he said."]);
        assert_eq!(q.len(), 1, "the scare quote has no speaker: {q:?}");
        assert_eq!(
            (q[0].speaker.as_deref(), q[0].attribution),
            (None, "unresolved")
        );
    }

    #[test]
    fn split_and_continued_quotations_keep_their_speaker() {
        let q = quotes_of(&[
            "“The crew acted quickly and well,” Ilse Varga said. “Nobody panicked on board at all.”
             “We will review every step of the rescue,” she added later.
             “The report will be ready within a month of today.”",
        ]);
        let texts: Vec<(&str, Option<&str>, &str)> = q
            .iter()
            .map(|q| (q.text.as_str(), q.speaker.as_deref(), q.attribution))
            .collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(
            texts[1],
            (
                "Nobody panicked on board at all",
                Some("Ilse Varga"),
                "continued"
            )
        );
        assert_eq!(texts[2].1, Some("Ilse Varga"), "the pronoun resolves");
        assert_eq!(
            texts[3].2, "continued",
            "a paragraph opening with a quotation goes on"
        );
    }

    #[test]
    fn appositions_and_unnamed_speakers() {
        let q = quotes_of(&["“The talk here is about a planned action,” Aino Kask, a spokeswoman for the ministry, said in a statement.
             “The paramedics found the man on the patio,” a police statement said."]);
        assert_eq!(q[0].speaker.as_deref(), Some("Aino Kask"));
        assert_eq!(
            (q[1].speaker.as_deref(), q[1].attribution),
            (None, "unnamed")
        );
    }

    #[test]
    fn a_pronoun_takes_the_person_just_named_over_the_last_speaker() {
        let q = quotes_of(&["“We expect the camp to pack up and leave,” said Mark Olsen, a spokesman for the mayor.
             Police had no plans to evict anyone, Chief Inspector Joseph Sullivan said on Sunday evening.
             “We look forward to working with the protesters on a solution,” he said."]);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[1].speaker.as_deref(), Some("Joseph Sullivan"));
        assert_eq!(q[1].attribution, "pronoun");
    }

    #[test]
    fn transcripts_and_introducing_colons() {
        let q = quotes_of(&[
            "Veterans of the unit gathered at the harbour for the ceremony on Sunday.
             Art Ishida “In my company half of them were from the islands.”
             On the day, the harbour master Lena Okafor said she was glad to be there:
             “It is the least we can do for them after all these years.”",
        ]);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].speaker.as_deref(), Some("Art Ishida"));
        assert_eq!(q[1].speaker.as_deref(), Some("Lena Okafor"));
    }

    /// The speaker of each quotation whose text starts with `start`.
    fn speaker_of<'q>(q: &'q [Quote], start: &str) -> (Option<&'q str>, &'static str) {
        let found = q
            .iter()
            .find(|x| x.text.starts_with(start))
            .unwrap_or_else(|| panic!("no quote {start}: {q:?}"));
        (found.speaker.as_deref(), found.attribution)
    }

    #[test]
    fn a_pronoun_takes_the_speaker_or_subject_not_a_name_in_a_quotation_or_an_object() {
        let q = quotes_of(&[
            "“We spoke to Oskar Lind about the contract,” Mira Talbot said.\n“It was a long and useful talk,” she said.",
            "Greta Holm thanked Peter Vance for the loan on Monday.\n“I owe him a great deal of money,” she said.",
            "Mayor Ines Dahl opened the new bridge in Marrow.\nThe mayor thanked the workers from Peter Vance's firm.\n“They finished a month early and under budget,” she said.",
        ]);
        assert_eq!(
            speaker_of(&q, "It was a long"),
            (Some("Mira Talbot"), "pronoun")
        );
        assert_eq!(speaker_of(&q, "I owe him"), (Some("Greta Holm"), "pronoun"));
        assert_eq!(
            speaker_of(&q, "They finished"),
            (Some("Ines Dahl"), "pronoun")
        );
    }

    #[test]
    fn more_attribution_forms() {
        let q = quotes_of(&[
            "Lindqvist, who leads the dockers' union, added: “The strike will go on until Friday.”\n\
             “The figures in the report were wrong,” Petra Sand from Ostby, Vale County, told Radio North.\n\
             “He loved the sea more than anything,” says his mother Ruth Ekman.\n\
             Says Hallberg: “Nobody expected the vote to pass so easily.”\n\
             The award went to the crew, alongside the actor Karin Blom, who said: “It was the best week of my life.”",
        ]);
        assert_eq!(speaker_of(&q, "The strike").0, Some("Lindqvist"));
        assert_eq!(speaker_of(&q, "The figures").0, Some("Petra Sand"));
        assert_eq!(speaker_of(&q, "He loved").0, Some("Ruth Ekman"));
        assert_eq!(speaker_of(&q, "Nobody expected").0, Some("Hallberg"));
        assert_eq!(speaker_of(&q, "It was the best").0, Some("Karin Blom"));
        let q =
            quotes_of(&["“Nobody told us the school was closing,” said 16-year-old Tove Ruud."]);
        assert_eq!(speaker_of(&q, "Nobody told").0, Some("Tove Ruud"));
    }

    #[test]
    fn a_quotation_standing_alone_is_reported_but_given_to_no_one() {
        let q = quotes_of(&[
            "Anders Moll said the harbour would reopen within the month.\n\n\
             “The repairs are almost done and the cranes are back in place.”\n\n\
             The report called the plan “a bold and risky gamble” in its summary.",
        ]);
        assert_eq!(q.len(), 1, "the scare quote is still no quotation: {q:?}");
        // Nothing says Moll said it: the quotation stands, its speaker unresolved.
        assert_eq!(speaker_of(&q, "The repairs"), (None, "unresolved"));
        // Marks paired wrongly: the span holds a mark of its own, and is not taken alone.
        let q = quotes_of(&["Anders Moll said the harbour would reopen.\n\n\"The cranes are back,\" he said. \"And the repairs are done.\" \"Nearly.\n"]);
        assert!(q.iter().all(|x| !x.text.starts_with("Nearly")), "{q:?}");
    }
}
