//! Who said what: direct quotations in the kept text, each with its speaker.
//!
//! A quotation is a span between paired quotation marks of any kind news uses inside one kept
//! paragraph, of at least three words, and not the title of a work (`marks`). Its speaker
//! comes from the attribution beside it (`attribution`): in the sentence where it ends ("…,”
//! Tillerson said; “…,” said Lavrov; “…,” he said), in the next one when the quotation closed
//! its own ("“…?” Clinton said."), after a dash ("“…” ― Pamela Padilla"), or where it starts
//! (Lavrov said: “…”; According to Lavrov, “…”). Names are resolved to the fullest form the
//! story uses for that person (`names`): "Mr. Tillerson" → "Rex W. Tillerson", and a surname
//! several people share to the one named nearest before. "He"/"she"/"they" take the speaker,
//! or the person speaking or the main clause's subject, of the nearest sentence before them
//! that names a person the tagger reads as one and whose gender the story does not contradict
//! (`gender`); else they stay unresolved. A quotation nothing attributes is reported
//! unresolved, never given to whoever was named last. The same quotation reported by several
//! sources is one item citing all of them. Measured on PolNeAR and the gold sets in
//! `eval/gold/`: `docs/quotes.md`.

use crate::clean::CleanArticle;
use crate::features::{normalize_space, Sentence};
use crate::ingest::Story;
use crate::support::Support;
use rustc_hash::FxHashMap;
use serde::Serialize;

mod attribution;
pub(crate) mod gender;
mod marks;
mod names;
#[cfg(test)]
mod tests;

use attribution::{
    attribution_after, attribution_before, attribution_next, ends_with_colon, Speaker,
};
use gender::{role_gender, Gender};
use marks::{is_title_of_work, quote_spans};
use names::NameIndex;

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

/// Two words said as a clause: a pronoun opens them ("I would", "It's finished"), or they ask
/// or exclaim ("You winning?").
fn is_utterance(span: &str) -> bool {
    let body = span.trim_end_matches([',', '.', ' ']);
    let first = body.split_whitespace().next().unwrap_or_default();
    let first = first.split(['\'', '’']).next().unwrap_or_default();
    body.ends_with(['?', '!'])
        || ["i", "you", "we", "it", "that", "he", "she", "they", "there"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(first))
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

/// Sentences before a quotation searched for the person a "he" or "she" stands for.
const PRONOUN_REACH: usize = 4;

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
            // Where this paragraph's last quotation with a speaker ended.
            let mut spoken_until: Option<usize> = None;
            let opens_with_quote = {
                let t = text[para.clone()].trim_start();
                t.starts_with(['"', '“', '«', '‘', '\'']) || t.starts_with("``")
            };
            for q in quote_spans(text, para.clone()) {
                let words = text[q.clone()].split_whitespace().count();
                // Two words are a quotation only as an utterance ("“I would,” she said"; "“You
                // winning?”"), never as a borrowed phrase ("“lone wolves”").
                let short = words < 3;
                // "“There was carnage on the road,” Bouhlel said. “Bodies everywhere.”": a short
                // span right after the attribution of a quotation goes on with it.
                let goes_on = spoken_until.filter(|&e| e <= q.start).is_some_and(|e| {
                    let between = attribution::words_of(&text[e..q.start]);
                    between.len() <= 6 && between.iter().any(|w| crate::speech::is_speech_verb(w))
                });
                if (short && !goes_on && !(words == 2 && is_utterance(&text[q.clone()])))
                    || is_title_of_work(&text[q.clone()])
                {
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
                        // It ends with the next sentence ("“…!” Clinton said to People. The
                        // former first lady …").
                        let from = end_sentence.end.max(q.end).min(para.end);
                        let to = own
                            .iter()
                            .find(|s| s.start >= from && s.start < para.end)
                            .map_or(para.end, |s| s.end.min(para.end));
                        let rest = &text[from..to];
                        &rest[..rest.find(['"', '“']).unwrap_or(rest.len())]
                    });
                let speaker = attribution_after(after)
                    .or_else(|| next.and_then(attribution_next))
                    .or_else(|| attribution_before(before, &names))
                    .or_else(|| intro.and_then(|t| attribution_before(t, &names)));
                // A short utterance stands only with an attribution of its own, or going on
                // with the quotation before.
                if short && speaker.is_none() && !goes_on {
                    continue;
                }
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
                let ends_paragraph = text[q.end..para.end]
                    .trim_start_matches(['"', '”', '\'', '’', '»', ',', '.', '!', '?'])
                    .trim()
                    .is_empty();
                let whole_paragraph =
                    opens_with_quote && q.start <= para.start + 3 && ends_paragraph;
                let after_colon = ends_with_colon(before) && ends_paragraph;
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
                // Whom a "he" or "she" (or a gendered role) stands for, in the sentences before.
                let resolve_pronoun = |want: Gender| {
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
                };
                let (speaker, how) = match speaker {
                    // Someone's words, but nothing says whose: "Syrian U.N. Ambassador Bashar
                    // Ja'afari said Syria had sent letters … ¶ “We're not going into Syria.”"
                    None if spoken_alone => (None, "unresolved"),
                    Some(Speaker::Name(n)) => {
                        let full = names.fullest(&n);
                        last_named = Some(full.clone());
                        (Some(full), "named")
                    }
                    // A role is whom the story titles so, else a person of its gender before.
                    Some(Speaker::Role(role)) => match (names.titled(&role), role_gender(&role)) {
                        (Some(n), _) => (Some(n), "pronoun"),
                        (None, Some(want)) => resolve_pronoun(want),
                        (None, None) => (None, "unnamed"),
                    },
                    Some(Speaker::Pronoun(want)) => resolve_pronoun(want),
                    Some(Speaker::Unnamed) => (None, "unnamed"),
                    None => match continued {
                        Some(s) => (s, "continued"),
                        // Without attribution or a speaker going on: a title or a scare quote.
                        None => continue,
                    },
                };
                this_paragraph = Some(speaker.clone());
                spoken_until = speaker.is_some().then_some(q.end);
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
