//! Cleaning plain text: which paragraphs and sentences of an article are the story, and which
//! are web junk, wire furniture or about another story. Every removal keeps its span and reason;
//! nothing is removed without one.
//!
//! Steps, each in its own module:
//! - `layout`: paragraphs, decided block by block (one a line, hard-wrapped, menus);
//! - `wire`: what case tells: datelines and speaker tags cut from a paragraph's head, bylines,
//!   slugs and separators;
//! - `phrases` and `rules`: the phrases web furniture uses, a table of rows;
//! - here: shape (short lines without sentence punctuation), context (what follows a paywall is
//!   the paywall), headings inside the article kept as its structure, and junk inside a prose
//!   paragraph cut out sentence by sentence — or as a phrase run into a sentence's start or
//!   end — never taking the prose around it;
//! - `off_topic`: paragraphs the rest of the story shares almost nothing with.

pub mod boilerplate;
mod caption;
mod layout;
mod off_topic;
mod phrases;
mod prose;
mod rules;
mod wire;

pub use layout::{ends_like_sentence, line_spans, paragraph_spans};

use crate::ingest::{Article, Story};
use crate::represent::{budget_words, Token, Tokenizer};
use crate::segment::split_paragraph;
use layout::is_prose;
use rules::{phrase_reason, sentence_hits};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Why a piece of text was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    Paywall,
    PriceList,
    Login,
    SharePrompt,
    Newsletter,
    Advertisement,
    SectionLabel,
    Heading,
    CrawlArtefact,
    /// "The page you requested was not found": the outlet served an error, not the article.
    ErrorPage,
    SocialEmbed,
    MediaPlayer,
    Disclaimer,
    Caption,
    Credit,
    SpeakerTag,
    Duplicate,
    OffTopic,
    /// "WASHINGTON (AP) —" at the head of a paragraph: the place and agency, not the sentence.
    Dateline,
    /// Data or code instead of prose: a JSON object a scraper or an upload left (`{"id": …}`).
    Code,
    /// "By Mara Lindqvist, Associated Press Writer".
    Byline,
    /// News agencies' copy furniture: slugs, separators, desk contacts, filing notes.
    WireFurniture,
    /// Sentences that recur word for word, with the same neighbour, across many unrelated
    /// stories of a crawl (see `boilerplate`).
    Boilerplate,
}

impl DropReason {
    /// Junk that comes as a block of its own (a crawl notice, a paywall, an embed): a sentence
    /// between two of its sentences in a paragraph belongs to the block too.
    pub fn comes_in_blocks(self) -> bool {
        matches!(
            self,
            DropReason::CrawlArtefact
                | DropReason::ErrorPage
                | DropReason::SocialEmbed
                | DropReason::MediaPlayer
                | DropReason::Paywall
                | DropReason::Newsletter
                | DropReason::Disclaimer
                | DropReason::Boilerplate
        )
    }

    /// Junk that scrapers run into the text beside it ("Play Facebook Twitter Embed", a photo
    /// credit, "Breaking news emails…"): only the phrase goes when a long sentence goes on after
    /// or before it. Other junk (a disclaimer, a paywall, a crawl notice) says more than its
    /// phrase, so its sentence goes whole.
    pub fn runs_into_prose(self) -> bool {
        matches!(
            self,
            DropReason::MediaPlayer
                | DropReason::Newsletter
                | DropReason::Caption
                | DropReason::Credit
                | DropReason::SharePrompt
                | DropReason::Advertisement
                | DropReason::WireFurniture
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::Paywall => "paywall",
            DropReason::PriceList => "price-list",
            DropReason::Login => "login",
            DropReason::SharePrompt => "share-prompt",
            DropReason::Newsletter => "newsletter",
            DropReason::Advertisement => "advertisement",
            DropReason::SectionLabel => "section-label",
            DropReason::Heading => "heading",
            DropReason::CrawlArtefact => "crawl-artefact",
            DropReason::ErrorPage => "error-page",
            DropReason::SocialEmbed => "social-embed",
            DropReason::MediaPlayer => "media-player",
            DropReason::Disclaimer => "disclaimer",
            DropReason::Caption => "caption",
            DropReason::Credit => "credit",
            DropReason::SpeakerTag => "speaker-tag",
            DropReason::Duplicate => "duplicate",
            DropReason::OffTopic => "off-topic",
            DropReason::Dateline => "dateline",
            DropReason::Code => "code",
            DropReason::Byline => "byline",
            DropReason::WireFurniture => "wire-furniture",
            DropReason::Boilerplate => "boilerplate",
        }
    }
}

/// A removed piece of an article.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Dropped {
    pub start: usize,
    pub end: usize,
    pub reason: DropReason,
    pub text: String,
}

/// An article after cleaning: the spans kept (one per paragraph, or per run of sentences a junk
/// sentence interrupts, in order) and what was dropped.
#[derive(Debug, Clone, Default)]
pub struct CleanArticle {
    pub source: usize,
    pub kept: Vec<Range<usize>>,
    pub dropped: Vec<Dropped>,
    /// Kept sentences: (index into `kept`, byte span), in text order.
    pub sentences: Vec<(usize, Range<usize>)>,
    /// Lines of the article that are not sentences — its subheadings, list labels and table
    /// rows, between its prose paragraphs: kept as its text, never summarised.
    pub structure: Vec<Range<usize>>,
    /// Tokens of each kept sentence (parallel to `sentences`) when off-topic detection computed
    /// them; representation takes them rather than tokenising twice.
    pub(crate) tokens: Vec<Vec<Token>>,
    /// A headline found at the top of a plain-text article.
    pub title: Option<String>,
}

impl CleanArticle {
    /// The kept sentences' tokens, when the cleaner computed them (empty otherwise); taken, not
    /// copied, by representation.
    pub fn take_tokens(&mut self) -> Vec<Vec<Token>> {
        std::mem::take(&mut self.tokens)
    }

    /// A warning when cleaning dropped more than half of the article's `words` (its word count,
    /// `represent::budget_words` of its text), or all of it: a brief that quietly leaves a
    /// source out is wrong in a way no reader can see.
    pub fn loss_warning(&self, words: usize, name: &str) -> Option<String> {
        if self.sentences.is_empty() && words > 0 {
            return Some(format!(
                "{name}: nothing left after cleaning (all {words} words dropped: {})",
                self.reasons_by_words()
            ));
        }
        let dropped: usize = self.dropped.iter().map(|d| budget_words(&d.text)).sum();
        (dropped * 2 > words).then(|| {
            format!(
                "{name}: cleaning dropped {dropped} of its {words} words ({}%: {})",
                dropped * 100 / words.max(1),
                self.reasons_by_words()
            )
        })
    }

    /// The drop reasons, most words first ("paywall 320 words, heading 12 words").
    fn reasons_by_words(&self) -> String {
        let mut by: Vec<(DropReason, usize)> = Vec::new();
        for d in &self.dropped {
            let w = budget_words(&d.text);
            match by.iter_mut().find(|(r, _)| *r == d.reason) {
                Some(e) => e.1 += w,
                None => by.push((d.reason, w)),
            }
        }
        by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        by.iter()
            .map(|(r, w)| format!("{} {w} words", r.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Options of the cleaner.
#[derive(Debug, Clone)]
pub struct CleanOptions {
    /// Drop paragraphs that share too little with the rest of the story.
    pub off_topic: bool,
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions { off_topic: true }
    }
}

/// Classifies one paragraph by its text alone.
pub fn junk_reason(para: &str) -> Option<DropReason> {
    phrase_reason(para, false).or_else(|| shape_reason(para))
}

/// Junk recognised by the phrases web furniture uses ("Subscribe now", "Tweet with a location"),
/// not by shape: for readers of a paragraph's words (clustering) headings and tweets still count.
pub fn phrase_junk(para: &str) -> Option<DropReason> {
    phrase_reason(para, false)
}

/// A line without sentence punctuation of at most this many words is a heading.
const HEADING_MAX_WORDS: usize = 25;

/// Most headings or labels in a row that are the article's own between two of its paragraphs
/// (a subheading, a dateline line, a short list); a longer run is a menu unless its lines read
/// as list items. Chosen on the even pages of L3S-GN1 as plain text (1, 2, 3, 5, 8 tried: 3 kept
/// most body lines while still removing 85% of the non-content lines); `docs/cleaning.md`.
const MAX_STRUCTURE_RUN: usize = 3;

/// Mean words per line of a longer run of short lines for it to be a list in the article
/// (2.5, 3, 4 tried on the same pages).
const LIST_ITEM_MIN_WORDS: usize = 3;

/// A quotation signed with a dash and its speaker's name ("“Nobody asked us.” ― Aino Kask"):
/// prose, though it ends with a name.
fn signed_quotation(line: &str) -> bool {
    let Some((quote, name)) = line.rsplit_once(['—', '―', '–']) else {
        return false;
    };
    let quote = quote.trim_end();
    let name_words: Vec<&str> = name.split_whitespace().collect();
    quote.ends_with(['”', '"', '’', '\''])
        && ends_like_sentence(quote.trim_end_matches(['”', '"', '’', '\'']))
        && quote.starts_with(['“', '"', '‘', '\''])
        && (1..=5).contains(&name_words.len())
        && name_words[0].starts_with(char::is_uppercase)
}

/// Junk recognised by shape: no words, or a short line without sentence punctuation.
fn shape_reason(para: &str) -> Option<DropReason> {
    let trimmed = para.trim();
    if !trimmed.chars().any(char::is_alphanumeric) {
        return Some(DropReason::SectionLabel); // "***", "+"
    }
    if ends_like_sentence(trimmed) || signed_quotation(trimmed) {
        return None;
    }
    let n_words = trimmed
        .split_whitespace()
        .take(HEADING_MAX_WORDS + 1)
        .count();
    // "Lutz said he was happy to take part:" introduces the quotation below it: a sentence.
    // Other clauses ending with a colon ("The Times reports:") are kept as the article's
    // structure when they stand between its paragraphs, like headings.
    let introduces = trimmed.ends_with(':')
        && trimmed
            .split_whitespace()
            .any(crate::speech::is_speech_verb);
    if introduces {
        return None;
    }
    if n_words <= 5 {
        return Some(DropReason::SectionLabel);
    }
    (n_words <= HEADING_MAX_WORDS).then_some(DropReason::Heading)
}

/// Cleans every article of a story; off-topic detection looks across articles.
pub fn clean_story(story: &Story, opts: &CleanOptions, tok: &Tokenizer) -> Vec<CleanArticle> {
    let mut out: Vec<CleanArticle> = story.articles.iter().map(clean_article).collect();
    if opts.off_topic {
        off_topic::drop_off_topic(story, &mut out, tok);
    }
    out
}

/// What one paragraph is, judged alone.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Verdict {
    /// Prose; `run_in` when a junk phrase is run into its one sentence (cut out later); `edge`
    /// the place and reason of a credit run onto its start or end (`prose::credit_at_edge`).
    Prose {
        run_in: bool,
        edge: Option<(usize, DropReason)>,
    },
    /// Junk by a phrase, a wire convention or context.
    Junk(DropReason),
    /// A short line without sentence punctuation: a heading or label — the article's own when
    /// it stands between its prose paragraphs.
    Shape(DropReason),
}

/// Junk removal within one article.
pub fn clean_article(article: &Article) -> CleanArticle {
    let text = &article.text;
    let mut clean = CleanArticle {
        source: article.id,
        ..Default::default()
    };
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    // A paywall block: once one starts, the plan names, prices and feature lists after it go too.
    let mut in_block: Option<DropReason> = None;
    let mut judged: Vec<Judged> = Vec::new();
    let units = paragraph_units(text);
    for (i, unit) in units.into_iter().enumerate() {
        clean.dropped.extend(
            unit.head
                .into_iter()
                .map(|(r, reason)| dropped(text, r, reason)),
        );
        let (span, sentences) = (unit.span, unit.sentences);
        let para = &text[span.clone()];
        let several = sentences.len() > 1;
        let verdict = if is_data(para) {
            Verdict::Junk(DropReason::Code)
        } else if wire::is_byline(para) {
            Verdict::Junk(DropReason::Byline)
        } else if wire::is_wire_furniture(para) {
            Verdict::Junk(DropReason::WireFurniture)
        } else if let Some(r) = phrase_reason(para, several) {
            // A phrase run into the start or end of a long sentence is cut from it later.
            if several || !prose::junk_run_into_prose(text, &sentences) {
                Verdict::Junk(r)
            } else if !seen.insert(para.trim()) {
                Verdict::Junk(DropReason::Duplicate)
            } else {
                Verdict::Prose {
                    run_in: true,
                    edge: None,
                }
            }
        } else if let Some(r) = in_block.filter(|_| !is_prose(para)) {
            Verdict::Junk(r)
        } else if caption::is_running_caption(para) {
            Verdict::Junk(DropReason::Caption)
        } else if let Some(shape) = shape_reason(para) {
            // Name it by a phrase in one of its sentences when there is one — unless that is a
            // credit run onto prose ("… runs from Jan. 14-27. (Writing by …; Editing by …)" does
            // not end like a sentence): the credit goes alone.
            let named = several
                .then(|| sentence_hits(text, &sentences).into_iter().flatten().next())
                .flatten();
            let edge = named
                .as_ref()
                .and_then(|_| prose::credit_at_edge(text, &sentences));
            match named {
                Some(_) if edge.is_some() => Verdict::Prose {
                    run_in: false,
                    edge,
                },
                Some(hit) => Verdict::Junk(hit.reason),
                None if i == 0 && para.chars().any(char::is_alphabetic) => {
                    Verdict::Shape(DropReason::Heading)
                }
                None => Verdict::Shape(shape),
            }
        } else if !seen.insert(para.trim()) {
            Verdict::Junk(DropReason::Duplicate)
        } else {
            Verdict::Prose {
                run_in: false,
                edge: None,
            }
        };
        match verdict {
            Verdict::Junk(
                r @ (DropReason::Paywall | DropReason::PriceList | DropReason::Login),
            ) => in_block = Some(r),
            Verdict::Prose { .. } => in_block = None,
            _ => {}
        }
        if i == 0 && verdict == Verdict::Shape(DropReason::Heading) {
            clean.title = Some(para.trim().to_string());
        }
        judged.push((span, verdict, sentences));
    }
    let structure = structure_lines(text, &judged);
    let all: Vec<Range<usize>> = judged.iter().flat_map(|j| j.2.iter().cloned()).collect();
    let learned = boilerplate::boilerplate_sentences(text, &all);
    let mut at = 0;
    for (k, (span, verdict, sentences)) in judged.iter().enumerate() {
        let boilerplate = &learned[at..at + sentences.len()];
        at += sentences.len();
        match *verdict {
            Verdict::Prose { run_in, edge } => {
                let (mut sentences, mut boilerplate) = (&sentences[..], boilerplate);
                if let Some((j, reason)) = edge {
                    clean
                        .dropped
                        .push(dropped(text, sentences[j].clone(), reason));
                    let rest = if j == 0 { 1..sentences.len() } else { 0..j };
                    sentences = &sentences[rest.clone()];
                    boilerplate = &boilerplate[rest];
                }
                prose::keep_paragraph(text, sentences, boilerplate, run_in, &mut clean)
            }
            Verdict::Shape(_) if structure[k] => clean.structure.push(span.clone()),
            Verdict::Shape(r) | Verdict::Junk(r) => {
                clean.dropped.push(dropped(text, span.clone(), r))
            }
        }
    }
    clean.dropped.sort_by_key(|d| d.start);
    clean
}

/// Whether a paragraph is data rather than prose: a JSON object or array, whole (it opens
/// with `{` or `[`, closes with `}` or `]`, and holds a quoted key: `"id":`).
fn is_data(para: &str) -> bool {
    let t = para.trim();
    t.starts_with(['{', '['])
        && t.ends_with(['}', ']'])
        && (t.contains("\":") || t.contains("\" :"))
}

/// A paragraph with its verdict and its sentences.
type Judged = (Range<usize>, Verdict, Vec<Range<usize>>);

/// Which paragraphs (judged by shape) are the article's structure: a short run of headings and
/// labels right between two prose paragraphs (a subheading, a few list items), or a longer run
/// that reads as a list. A long run of short labels, or one at the edge of the prose, is the
/// page's (menus, promos, footers).
fn structure_lines(text: &str, judged: &[Judged]) -> Vec<bool> {
    let mut structure = vec![false; judged.len()];
    let mut k = 0;
    while k < judged.len() {
        if !matches!(judged[k].1, Verdict::Shape(_)) {
            k += 1;
            continue;
        }
        let run_end = (k..judged.len())
            .find(|&e| !matches!(judged[e].1, Verdict::Shape(_)))
            .unwrap_or(judged.len());
        let between = k > 0
            && matches!(judged[k - 1].1, Verdict::Prose { .. })
            && judged
                .get(run_end)
                .is_some_and(|j| matches!(j.1, Verdict::Prose { .. }));
        let words: usize = judged[k..run_end]
            .iter()
            .map(|j| text[j.0.clone()].split_whitespace().count())
            .sum();
        let lines = run_end - k;
        // A list in an article has items of a few words ("Pat Lindqvist (Marrow University)");
        // a menu has labels of one or two ("Home", "World News").
        let list = words >= LIST_ITEM_MIN_WORDS * lines;
        if between && (lines <= MAX_STRUCTURE_RUN || list) {
            structure[k..run_end].iter_mut().for_each(|s| *s = true);
        }
        k = run_end;
    }
    structure
}

/// A paragraph ready to be judged: its span after the furniture at its head (a speaker tag, a
/// dateline) is cut off, and its sentences.
struct Unit {
    span: Range<usize>,
    /// What was cut from the head, in order.
    head: Vec<(Range<usize>, DropReason)>,
    sentences: Vec<Range<usize>>,
}

fn paragraph_units(text: &str) -> Vec<Unit> {
    paragraph_spans(text)
        .into_iter()
        .map(|mut span| {
            let mut head = Vec::new();
            if let Some(n) = wire::speaker_tag_len(&text[span.clone()]) {
                head.push((span.start..span.start + n, DropReason::SpeakerTag));
                span = skip_space(text, span.start + n)..span.end;
            }
            if let Some(n) = wire::dateline_len(&text[span.clone()]) {
                let dateline = text[span.start..span.start + n].trim_end().len();
                head.push((span.start..span.start + dateline, DropReason::Dateline));
                span = skip_space(text, span.start + n)..span.end;
            }
            let mut sentences = Vec::new();
            split_paragraph(text, span.clone(), &mut sentences);
            Unit {
                span,
                head,
                sentences,
            }
        })
        .collect()
}

/// Every sentence of an article as the cleaner reads it, before anything is judged (what
/// boilerplate is learned from).
pub fn raw_sentences(text: &str) -> Vec<Range<usize>> {
    paragraph_units(text)
        .into_iter()
        .flat_map(|u| u.sentences)
        .collect()
}

/// The first byte at or after `at` that is not white space.
pub(super) fn skip_space(text: &str, at: usize) -> usize {
    at + (text[at..].len() - text[at..].trim_start().len())
}

pub(super) fn dropped(text: &str, span: Range<usize>, reason: DropReason) -> Dropped {
    Dropped {
        start: span.start,
        end: span.end,
        reason,
        text: text[span].to_string(),
    }
}

#[cfg(test)]
mod tests;
