//! Junk inside a prose paragraph: a sentence a rule names (or learned boilerplate) goes alone,
//! or only the phrase when it is run into the start or end of a long sentence; a sentence inside
//! a short gap of a block-like junk goes with it. The prose around stays, as separate spans.

use super::rules::{phrase_reason, sentence_hits, Hit};
use super::{dropped, skip_space, wire, CleanArticle, DropReason};
use std::ops::Range;

/// Most sentences a block of junk (a crawl notice, a paywall) holds between two that a rule
/// names: a longer gap is the article itself, between two pieces of junk.
const MAX_BLOCK_GAP: usize = 2;

/// Words a sentence must keep after a junk phrase is cut from its start or end; a shorter rest
/// goes with the phrase.
const MIN_REST_WORDS: usize = 8;

/// Keeps a prose paragraph (given as its sentences; `run_in` when its one sentence holds a junk
/// phrase at its start or end), less the junk inside it: a sentence that
/// matches a rule or is learned boilerplate goes alone, or only the phrase when it is run into the start or end of a long
/// sentence; a sentence between two sentences of a block-like junk (a crawl notice, a paywall)
/// goes with them. The prose around stays, as separate spans. Every kept sentence is recorded.
pub(super) fn keep_paragraph(
    text: &str,
    sentences: &[Range<usize>],
    boilerplate: &[bool],
    run_in: bool,
    clean: &mut CleanArticle,
) {
    // A one-sentence paragraph was judged whole already, but for a phrase run into it.
    let hits: Vec<Option<Hit>> = if sentences.len() < 2 && !run_in {
        vec![None; sentences.len()]
    } else {
        sentence_hits(text, sentences)
    };
    // Learned boilerplate where no rule names the junk.
    let hits: Vec<Option<Hit>> = hits
        .into_iter()
        .zip(sentences.iter().zip(boilerplate))
        .map(|(hit, (s, &learned))| {
            hit.or_else(|| {
                learned.then(|| Hit {
                    reason: DropReason::Boilerplate,
                    at: 0..s.len(),
                })
            })
        })
        .collect();
    let reasons: Vec<Option<DropReason>> =
        hits.iter().map(|h| h.as_ref().map(|h| h.reason)).collect();
    let in_blocks = |k: usize| reasons[k].is_some_and(DropReason::comes_in_blocks);
    let mut run: Option<Range<usize>> = None;
    for (k, (s, hit)) in sentences.iter().zip(hits).enumerate() {
        // In a short gap between two sentences of a block-like junk: the block's own.
        let block_before = (0..k).rev().find(|&b| in_blocks(b));
        let block_after = (k + 1..sentences.len()).find(|&a| in_blocks(a));
        let inside_block = matches!((block_before, block_after),
            (Some(b), Some(a)) if a - b - 1 <= MAX_BLOCK_GAP);
        let keep = match (hit, block_before) {
            (Some(hit), _) => cut_junk(text, s.clone(), hit, clean),
            (None, Some(b)) if inside_block => {
                let reason = reasons[b].expect("a block sentence has a reason");
                clean.dropped.push(dropped(text, s.clone(), reason));
                None
            }
            (None, _) => Some(s.clone()),
        };
        match keep {
            Some(kept) => {
                if kept.start != s.start {
                    clean.kept.extend(run.take());
                }
                run = Some(run.map_or(kept.clone(), |r| r.start..kept.end));
                clean.sentences.push((clean.kept.len(), kept.clone()));
                if kept.end != s.end {
                    clean.kept.extend(run.take());
                }
            }
            None => clean.kept.extend(run.take()),
        }
    }
    clean.kept.extend(run);
}

/// In a paragraph of several sentences that is not prose as a whole (it does not end like a
/// sentence), an agency's credit run onto its start or end ("… runs from Jan. 14-27. (Writing
/// by Mara Lindqvist; Editing by Tom Ashby)"), when the other sentences are prose no rule
/// names: the credit's place among the sentences, and its reason. Credits only: other junk
/// named in one sentence (a caption, a login prompt, a menu) says what its neighbours are.
pub(super) fn credit_at_edge(
    text: &str,
    sentences: &[Range<usize>],
) -> Option<(usize, DropReason)> {
    if sentences.len() < 2 {
        return None;
    }
    let named = |s: &Range<usize>| phrase_reason(&text[s.clone()], false);
    let last = sentences.len() - 1;
    [last, 0].into_iter().find_map(|k| {
        let reason = named(&sentences[k]).filter(|r| *r == DropReason::Credit)?;
        let rest: Vec<&Range<usize>> = (0..sentences.len())
            .filter(|&j| j != k)
            .map(|j| &sentences[j])
            .collect();
        let words: usize = rest
            .iter()
            .map(|s| text[(*s).clone()].split_whitespace().count())
            .sum();
        let prose = words >= MIN_REST_WORDS
            && rest.iter().all(|s| named(s).is_none())
            && rest
                .last()
                .is_some_and(|s| super::ends_like_sentence(&text[(*s).clone()]));
        prose.then_some((k, reason))
    })
}

/// A paragraph of one sentence whose junk phrase sits at its start or end with a long sentence
/// beside it ("Play Facebook Twitter Embed rescuers pulled…").
pub(super) fn junk_run_into_prose(text: &str, sentences: &[Range<usize>]) -> bool {
    let [s] = sentences else { return false };
    sentence_hits(text, sentences)
        .pop()
        .flatten()
        .is_some_and(|hit| edge_cut(text, s, &hit).is_some())
}

/// Where a hit can be cut from its sentence alone: (the junk, what is kept), when it sits at the
/// start or the end with at least `MIN_REST_WORDS` words beside it and may be cut (`cuttable`).
fn edge_cut(text: &str, rest: &Range<usize>, h: &Hit) -> Option<(Range<usize>, Range<usize>)> {
    if !cuttable(text, rest, h) {
        return None;
    }
    let (start, mut end) = (rest.start + h.at.start, rest.start + h.at.end);
    // A photo credit in brackets ("(AP Photo/Mara Lindqvist)") closes a caption run into the
    // article: the caption goes up to it, the article after it stays.
    let credit = (h.reason == DropReason::Caption)
        .then(|| caption_credit_end(&text[rest.clone()]))
        .flatten();
    if let Some(credit_end) = credit {
        end = rest.start + credit_end;
    }
    let lead = text[rest.start..start].trim();
    let tail = text[end..rest.end].trim();
    let words = |s: &str| s.split_whitespace().count();
    // "Mara Lindqvist / Splash News The ferry…": a photographer's name before the agency.
    let photographer = h.reason == DropReason::Caption
        && lead.ends_with('/')
        && words(lead) <= 4
        && lead.starts_with(|c: char| c.is_uppercase());
    let at_start = credit.is_some() || photographer || lead.chars().all(|c| !c.is_alphanumeric());
    let at_end = tail.chars().all(|c| !c.is_alphanumeric());
    if at_start && words(&text[end..rest.end]) >= MIN_REST_WORDS {
        // The phrase, and the punctuation between it and the rest ("… video — The fire").
        let resume = end
            + text[end..rest.end]
                .find(|c: char| c.is_alphanumeric() || "\"“‘'(".contains(c))
                .unwrap_or(rest.end - end);
        Some((rest.start..resume, resume..rest.end))
    } else if at_end && words(&text[rest.start..start]) >= MIN_REST_WORDS {
        let stop = rest.start + text[rest.start..start].trim_end().len();
        Some((start..rest.end, rest.start..stop))
    } else {
        None
    }
}

/// Whether a hit may be cut out alone: junk of a kind scrapers run into text, and not a label
/// ("Disclaimer:", "Photo:", "File -"), whose words after it are the same junk — unless a
/// photo credit closes the caption.
fn cuttable(text: &str, sentence: &Range<usize>, hit: &Hit) -> bool {
    let base = sentence.start;
    let label = text[base + hit.at.start..base + hit.at.end]
        .trim_end()
        .ends_with([':', '-', '–', '—']);
    hit.reason.runs_into_prose()
        && (!label
            || hit.reason == DropReason::Caption
                && caption_credit_end(&text[base + hit.at.start..sentence.end]).is_some())
}

/// The end (in bytes) of the first photo credit in brackets in `s`: "(AP Photo/Mara
/// Lindqvist)", "( reuters/… )", "(Photo: …)", "(Associated Press)".
fn caption_credit_end(s: &str) -> Option<usize> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?i)\(\s?(?:(?:ap|reuters|afp|getty|epa|upi)(?: images| photo)?\s?/|(?:photo|image|picture)s?\s?:)[^()]{0,80}\)|\(\s?(?:the )?associated press\s?\)")
            .expect("valid credit")
    })
    .find(s)
    .map(|m| m.end())
}

/// Cuts junk out of one sentence: while a rule matches at the start (or the end) of what is left
/// and at least `MIN_REST_WORDS` words would remain, only the phrase goes; otherwise the whole
/// rest goes. Returns what is kept.
fn cut_junk(
    text: &str,
    sentence: Range<usize>,
    first: Hit,
    clean: &mut CleanArticle,
) -> Option<Range<usize>> {
    let mut rest = sentence;
    let mut hit = Some(first);
    while let Some(h) = hit {
        let Some((junk, kept)) = edge_cut(text, &rest, &h) else {
            clean.dropped.push(dropped(text, rest, h.reason));
            return None;
        };
        let junk = junk.start..junk.start + text[junk.clone()].trim_end().len();
        clean.dropped.push(dropped(text, junk, h.reason));
        rest = kept;
        // What a caption or a media player's notice hid: the article's own dateline.
        if let Some(n) = wire::dateline_len(&text[rest.clone()]) {
            let dateline = text[rest.start..rest.start + n].trim_end().len();
            clean.dropped.push(dropped(
                text,
                rest.start..rest.start + dateline,
                DropReason::Dateline,
            ));
            rest = skip_space(text, rest.start + n)..rest.end;
        }
        hit = sentence_hits(text, std::slice::from_ref(&rest))
            .pop()
            .flatten();
    }
    Some(rest)
}
