//! Cleaning plain text: which paragraphs (lines) of an article are the story, and which are web
//! junk or about another story. Every removal keeps its span and reason.
//!
//! Rules were built on the Multi-News test sample (real crawl junk from many outlets) and the seeds:
//! they key on phrases that web furniture uses and prose does not, and on shape (short lines with no
//! sentence punctuation). Phrases that also occur in prose ("subscribers", "sign in") only count in
//! short paragraphs. After a paywall or subscription paragraph, the non-prose lines that follow (plan
//! names, prices, feature lists) are dropped with it.

use crate::ingest::{Article, Story};
use crate::represent::{Token, Tokenizer};
use crate::segment::split_paragraph;
use regex::Regex;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::OnceLock;

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
}

impl DropReason {
    /// Junk that comes as a block of its own: found in one sentence, it takes the paragraph.
    pub fn condemns_paragraph(self) -> bool {
        matches!(
            self,
            DropReason::CrawlArtefact
                | DropReason::ErrorPage
                | DropReason::SocialEmbed
                | DropReason::MediaPlayer
                | DropReason::Paywall
                | DropReason::Newsletter
                | DropReason::Disclaimer
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

/// An article after cleaning: the spans kept (one per paragraph, in order) and what was dropped.
#[derive(Debug, Clone, Default)]
pub struct CleanArticle {
    pub source: usize,
    pub kept: Vec<Range<usize>>,
    pub dropped: Vec<Dropped>,
    /// Kept sentences: (index into `kept`, byte span), in text order.
    pub sentences: Vec<(usize, Range<usize>)>,
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

/// Paragraphs shorter than this are "short": phrases that also occur in prose ("subscribers",
/// "sign in") only count as junk in them.
const SHORT_WORDS: usize = 20;

struct Rule {
    reason: DropReason,
    re: regex::bytes::Regex,
    /// Applies only to paragraphs shorter than this many words.
    max_words: usize,
}

/// The phrase rules, tried in table order. They are written in lower case and matched against
/// lower-cased text: much cheaper than case-insensitive Unicode automata (measured: joining them
/// into one alternation or a RegexSet was slower still, the joined automaton thrashes its cache).
struct Rules {
    each: Vec<Rule>,
    /// Which rules could match where: one scan of a paragraph picks, for each sentence, the few
    /// rules worth running. Without it every rule ran on every sentence, and the fixed cost of a
    /// regex call, not the scanning, made phrase rules a third of the cleaner's time.
    prefilter: RulePrefilter,
}

/// Literals that every match of a rule holds, found by `regex-syntax`'s literal extractor from
/// each top-level alternative of the rule: a rule can match a haystack only if one of its
/// literals occurs in it (at its very start, for an alternative that begins with `^`).
struct RulePrefilter {
    /// Literals that may sit anywhere, and the rules each admits.
    anywhere: aho_corasick::AhoCorasick,
    anywhere_rules: Vec<u32>,
    /// Literals pinned to the start, by first byte, with the rules each admits: checked at
    /// each span's start only, so common short ones ("ap", "by ", digits) cost nothing elsewhere.
    at_start: Vec<Vec<(Vec<u8>, u32)>>,
    /// Rules with an alternative no literal pins down: always run.
    always: u32,
}

impl RulePrefilter {
    fn new(patterns: &[&str]) -> RulePrefilter {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        use std::collections::BTreeMap;
        assert!(patterns.len() <= 32, "rule masks are 32 bits");
        let mut anywhere: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
        let mut at_start: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
        let mut always = 0u32;
        for (i, pat) in patterns.iter().enumerate() {
            let bit = 1u32 << i;
            for alt in top_level_alternatives(pat) {
                let hir = regex_syntax::ParserBuilder::new()
                    .utf8(false)
                    .build()
                    .parse(&format!("(?-u){alt}"))
                    .expect("valid rule");
                let usable = |kind: ExtractKind| {
                    let seq = Extractor::new().kind(kind).extract(&hir);
                    let lits: Vec<Vec<u8>> = seq
                        .literals()?
                        .iter()
                        .map(|l| l.as_bytes().to_vec())
                        .collect();
                    (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some(lits)
                };
                let (lits, pinned) = match usable(ExtractKind::Prefix) {
                    Some(lits) => (lits, alt.starts_with('^')),
                    // A suffix literal is also somewhere in every match, but not at its start.
                    None => match usable(ExtractKind::Suffix) {
                        Some(lits) => (lits, false),
                        None => {
                            always |= bit;
                            continue;
                        }
                    },
                };
                // A literal holding another is implied by it: keep the shorter (for literals
                // pinned to the start, only a prefix implies).
                let implied = |l: &Vec<u8>| {
                    lits.iter().any(|k| {
                        k.len() < l.len()
                            && if pinned {
                                l.starts_with(k)
                            } else {
                                l.windows(k.len()).any(|w| w == k.as_slice())
                            }
                    })
                };
                let into = if pinned { &mut at_start } else { &mut anywhere };
                for l in lits.iter().filter(|l| !implied(l)) {
                    // A literal's first bytes occur wherever it does: eight of them rule out
                    // nearly as much, and keep the automaton small and quick to build.
                    let head = if pinned { l } else { &l[..l.len().min(8)] };
                    *into.entry(head.to_vec()).or_default() |= bit;
                }
            }
        }
        // A literal that holds a shorter one admitting the same rules (or more) adds nothing.
        let implied: Vec<Vec<u8>> = anywhere
            .iter()
            .filter(|(l, &rules)| {
                anywhere.iter().any(|(k, &by)| {
                    k.len() < l.len()
                        && by & rules == rules
                        && l.windows(k.len()).any(|w| w == k.as_slice())
                })
            })
            .map(|(l, _)| l.clone())
            .collect();
        for l in implied {
            anywhere.remove(&l);
        }
        // A full DFA: the literals are few (a few hundred states), and it scans fastest.
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(anywhere.keys())
            .expect("literals build");
        let mut by_first = vec![Vec::new(); 256];
        for (l, rules) in at_start {
            by_first[l[0] as usize].push((l, rules));
        }
        RulePrefilter {
            anywhere: automaton,
            anywhere_rules: anywhere.into_values().collect(),
            at_start: by_first,
            always,
        }
    }

    /// For each span of `hay` (sorted, not overlapping), the rules (bit i = rule i) that could
    /// match the span taken as a haystack of its own.
    fn candidates(&self, hay: &[u8], spans: &[Range<usize>]) -> Vec<u32> {
        let mut masks = vec![self.always; spans.len()];
        for m in self.anywhere.find_overlapping_iter(hay) {
            let i = spans.partition_point(|sp| sp.end <= m.start());
            if let Some(sp) = spans.get(i) {
                if sp.start <= m.start() && m.end() <= sp.end {
                    masks[i] |= self.anywhere_rules[m.pattern().as_usize()];
                }
            }
        }
        for (sp, mask) in spans.iter().zip(&mut masks) {
            let span = &hay[sp.clone()];
            if let Some(&first) = span.first() {
                for (l, rules) in &self.at_start[first as usize] {
                    if span.starts_with(l) {
                        *mask |= rules;
                    }
                }
            }
        }
        masks
    }
}

/// The top-level alternatives of a regular expression (`a|b(c|d)` → `a`, `b(c|d)`).
fn top_level_alternatives(pat: &str) -> Vec<&str> {
    let (mut depth, mut in_class, mut escaped, mut start) = (0i32, false, false, 0);
    let mut out = Vec::new();
    for (i, c) in pat.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth -= 1,
            '|' if !in_class && depth == 0 => {
                out.push(&pat[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&pat[start..]);
    out
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let any = usize::MAX;
        let short = SHORT_WORDS;
        let spec: &[(DropReason, usize, &str)] = &[
            (DropReason::CrawlArtefact, any, r"alexa internet|internet archive|wayback machine|these crawls are part of|archive-it|web collections? curated|crawl data|archived from the original|this page has been archived"),
            (DropReason::ErrorPage, any, r"(page|article|content|file) you (requested|are looking for|were looking for|tried to (reach|access)) (was|is|could|can|does|did|has)(n't| not| no longer)|^(error )?404\b|^page not found"),
            (DropReason::SocialEmbed, any, r"tweet with a location|location information to your tweets|add a location to your tweets|when you tweet with a location|pic\.twitter\.com|a post shared by|view this post on instagram|\(@\w+\) (january|february|march|april|may|june|july|august|september|october|november|december) \d|— .{1,60}\(@\w+\)"),
            (DropReason::MediaPlayer, any, r"this feature is not available right now|rating is available when the video|interactive transcript could not be loaded|your browser does not support|(enable|requires?) javascript|javascript is (disabled|required)|please try again later|the video will (start|auto-?play)|autoplay|^(watch|video|listen|audio|play video)( now)?:?\s*$|^play (facebook|twitter|email|video)|^loading\.*\s*$|embed code|press play"),
            (DropReason::Paywall, any, r"subscribe (now|today|to read|for|to continue)|hit your limit|free articles?|already (subscribed|a subscriber)|renews automatically|cancel anytime|behind the paywall|to continue reading|unlimited (digital )?access|digital subscription|subscription plans?|\{\{[a-z_]+\}\}|premium (stories|content|articles)|become a (member|subscriber)|support (our|independent) journalism|you've reached your|remaining free"),
            (DropReason::Paywall, short, r"subscri(be|ption|bers?)|paywall|e-?paper|ad-free|digital replica|complimentary access"),
            (DropReason::PriceList, any, r"^(?:₹|\$|£|€|¥)\s?[\d,.]+(\s?/\s?(month|mo|year|yr|week))?\s*$|^\d+\s+(months?|years?|weeks?)\s*$|(?:₹|\$|£|€)\s?[\d,.]+\s?/\s?(month|mo|year|yr|week)"),
            (DropReason::Login, short, r"\blog ?in\b|\bsign ?in\b|create (an|a free) account|forgot (your )?password|register (now|for free)"),
            (DropReason::Newsletter, any, r"newsletters?\b.*\b(sign up|subscribe|inbox)|sign up for (our|the|breaking)|breaking news emails|get (breaking news|the latest)[^.]{0,40}(alerts|emails|headlines)|delivered (straight )?to your inbox|in your inbox|^sign up (for|to) |^view all .{0,40}newsletters|by signing up|thanks for signing up|thanks for subscribing|as an interest to stay up to date|add .{1,40} as an interest"),
            (DropReason::Newsletter, short, r"newsletters?|sign up|privacy policy|terms of (use|service)"),
            (DropReason::SharePrompt, any, r"share this (article|story|page)|spreading the word about|share on (facebook|twitter|linkedin)|leave a comment|join the (conversation|discussion)|comments? (are|have been) (closed|disabled)|view comments|post a comment|follow us on|follow @\w+|^follow .{0,60}(on twitter|@\w+)|keep your comments|report abuse|comment guidelines|^read more\.?\s*$|for the latest news and analysis|like us on facebook|click here|^text size|enlarge this image|toggle caption|^(share|tweet|email|print|comments?|reddit|facebook|twitter|pinterest|linkedin|whatsapp|google\+|flipboard)(\s*[|/,]\s*\w+)*\s*$"),
            (DropReason::SharePrompt, short, r"^read (more|next|the full)|^more from|^see also|^related( coverage| stories| articles| content)?:?|^recommended|you may also like|^most (popular|read)|^trending|^top of page|^back to top|^more on this|^also read|^read also|^latest (news|stories)"),
            (DropReason::Advertisement, any, r"^advertisement\b\s*(continue|$)|^advertisement\s*$|continue reading the main story|story continues below|story continued below|^sponsored( content)?\s*$|ad feedback|^ad choices|^skip (ad|advertisement)"),
            (DropReason::Disclaimer, any, r"^disclaimer\s*:|has not been edited by|auto-generated from a syndicated feed|all rights reserved|copyright ©|^©|may not be (published|reproduced|broadcast|redistributed)|for your personal, non-commercial use|^[\w .]{0,30}reprints:|we only request your email address|this material may not be|the views expressed|cookie policy|we use cookies|property of the u\.s\. house"),
            (DropReason::Credit, any, r"^\(?(additional )?reporting by|editing by .{1,60}\)?\s*$|contributed (to )?this report|^(associated press|the associated press|reuters|afp|ap)\s*$|^by [a-z]+( [a-z.]+){0,3}( and [a-z]+( [a-z.]+){0,3})?(,| \|)?( [a-z ]+)?\s*$|^by [a-z.'-]+( [a-z.'-]+){0,3}\s*(\||,|/|·)|staff (writer|reporter)\s*$|^originally published (on|in|at|by)|^(updated|published|posted|last updated):? .{0,40}\d"),
            (DropReason::Caption, any, r"^file\s*(?:-|–|—)|\((ap|reuters|afp|getty)( images| photo)?/|\(ap photo|\((photo|image|picture)s?:|^\(image:|photo credit|photograph by|image copyright|image caption|media caption|/(getty images|reuters|ap|afp|epa|european pressphoto agency|nyt|the new york times)\s*$|getty images|ap photo/|/ap photo|image \d+ of|back to gallery|^(photo|image|picture|graphic|video|photos|images)\s*(\d+\s*(of|/)\s*\d+)?\s*:|[/|]\s*(afp|getty images|reuters|ap|epa|ap photo)\s*[/|]"),
        ];
        // ASCII word boundaries keep every rule on the fast DFA engine (Unicode `\b` falls back
        // to a much slower one on non-ASCII text); the words they guard are ASCII anyway.
        // Byte-oriented, ASCII classes (`\w`, `\s`, `\b` of ASCII): the automata are a fraction
        // of the Unicode ones, quick to build and to warm up, and the rules only name ASCII words
        // (non-ASCII literals such as "₹" still match as their UTF-8 bytes).
        let ascii_b = |pat: &str| format!("(?-u){pat}");
        let each: Vec<Rule> = spec
            .iter()
            .map(|(reason, max_words, pat)| Rule { reason: *reason, re: regex::bytes::Regex::new(&ascii_b(pat)).expect("valid rule"), max_words: *max_words })
            .collect();
        let prefilter = RulePrefilter::new(&spec.iter().map(|r| r.2).collect::<Vec<_>>());
        Rules { each, prefilter }
    })
}

fn speaker_tag() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "ROBIN YOUNG, HOST:", "UNIDENTIFIED MAN #1:", "SEN. JOHN DOE (R-OH):" at the start of a line.
    RE.get_or_init(|| Regex::new(r"^(?:[A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*){0,4}(?:, [A-Z][A-Z ./'’\-]{1,40})?(?: #\d+)?(?: \([A-Z\-]+\))?):\s+").expect("valid"))
}

/// Junk recognised in one sentence of a longer paragraph: only the rules that hold at any length
/// (a caption credit or crawl notice run into the article text by the scraper).
fn sentence_reason(sentence: &str) -> Option<DropReason> {
    let s = sentence.trim().to_ascii_lowercase();
    rules().first_match(s.as_bytes(), |rule| rule.max_words == usize::MAX)
}

/// `sentence_reason` for every sentence of a paragraph, with one prefilter scan of the paragraph.
fn sentence_reasons(text: &str, sentences: &[Range<usize>]) -> Vec<Option<DropReason>> {
    let (start, end) = (sentences[0].start, sentences[sentences.len() - 1].end);
    // ASCII lower-casing keeps byte offsets, so sentence spans index the lowered paragraph.
    let lower = text[start..end].to_ascii_lowercase();
    let spans: Vec<Range<usize>> = sentences
        .iter()
        .map(|s| s.start - start..s.end - start)
        .collect();
    let r = rules();
    let masks = r.prefilter.candidates(lower.as_bytes(), &spans);
    spans
        .iter()
        .zip(masks)
        .map(|(s, mask)| {
            r.first_in(&lower.as_bytes()[s.clone()], mask, |rule| {
                rule.max_words == usize::MAX
            })
        })
        .collect()
}

impl Rules {
    /// The first rule (table order) that `applies` and matches `hay`.
    fn first_match(&self, hay: &[u8], applies: impl Fn(&Rule) -> bool) -> Option<DropReason> {
        let whole = 0..hay.len();
        let mask = self.prefilter.candidates(hay, std::slice::from_ref(&whole))[0];
        self.first_in(hay, mask, applies)
    }

    /// `first_match` among the rules in `mask`.
    fn first_in(
        &self,
        hay: &[u8],
        mask: u32,
        applies: impl Fn(&Rule) -> bool,
    ) -> Option<DropReason> {
        self.each
            .iter()
            .enumerate()
            .find(|(i, rule)| mask & (1 << i) != 0 && applies(rule) && rule.re.is_match(hay))
            .map(|(_, r)| r.reason)
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

/// Junk recognised by the phrases web furniture uses. In a paragraph of several sentences the
/// rules that hold at any length are left to each sentence (`sentence_reason`), so that one
/// caption run into an article drops alone.
fn phrase_reason(para: &str, several_sentences: bool) -> Option<DropReason> {
    let trimmed = para.trim();
    // Only whether it is short matters: count no further.
    let n_words = trimmed.split_whitespace().take(SHORT_WORDS).count();
    let r = rules();
    if several_sentences && n_words >= SHORT_WORDS {
        return None; // only the rules for any length could match, and those go sentence by sentence
    }
    // The rules are written in lower case: matching lower-cased text is much cheaper than a
    // case-insensitive Unicode automaton.
    let trimmed = trimmed.to_ascii_lowercase();
    r.first_match(trimmed.as_bytes(), |rule| {
        n_words < rule.max_words && !(several_sentences && rule.max_words == usize::MAX)
    })
}

/// A line without sentence punctuation of at most this many words is a heading.
const HEADING_MAX_WORDS: usize = 25;

/// Junk recognised by shape: no words, or a short line without sentence punctuation.
fn shape_reason(para: &str) -> Option<DropReason> {
    let trimmed = para.trim();
    if !trimmed.chars().any(char::is_alphanumeric) {
        return Some(DropReason::SectionLabel); // "___", "***", "+"
    }
    if !ends_like_sentence(trimmed) {
        let n_words = trimmed
            .split_whitespace()
            .take(HEADING_MAX_WORDS + 1)
            .count();
        if n_words <= 5 {
            return Some(DropReason::SectionLabel);
        }
        // "Lutz said he was happy to take part:" introduces the quotation below it.
        let introduces = trimmed.ends_with(':')
            && trimmed
                .split_whitespace()
                .any(crate::features::is_speech_verb);
        if n_words <= HEADING_MAX_WORDS && !introduces {
            return Some(DropReason::Heading);
        }
    }
    None
}

/// Ends with sentence punctuation (possibly inside closing quotes or brackets).
pub fn ends_like_sentence(s: &str) -> bool {
    let t = s
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    t.ends_with(['.', '!', '?', '…'])
}

/// Prose: long enough and ends like a sentence.
fn is_prose(s: &str) -> bool {
    ends_like_sentence(s) && s.split_whitespace().nth(11).is_some()
}

/// Cleans every article of a story; off-topic detection looks across articles.
pub fn clean_story(story: &Story, opts: &CleanOptions, tok: &Tokenizer) -> Vec<CleanArticle> {
    let mut out: Vec<CleanArticle> = story.articles.iter().map(clean_article).collect();
    if opts.off_topic {
        drop_off_topic(story, &mut out, tok);
    }
    out
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
    let mut first_line = true;
    let mut sentences = Vec::new();
    for line in paragraph_spans(text) {
        let mut span = line;
        let mut para = &text[span.clone()];
        // A tag opens with a capital and holds a colon: most paragraphs skip the regex.
        let may_be_tagged =
            para.starts_with(|c: char| c.is_ascii_uppercase()) && para.contains(':');
        if let Some(m) = may_be_tagged.then(|| speaker_tag().find(para)).flatten() {
            let tag_end = span.start + m.end();
            if m.as_str().trim_end().len() > 3 && tag_end < span.end {
                clean.dropped.push(dropped(
                    text,
                    span.start..span.start + m.as_str().trim_end().len(),
                    DropReason::SpeakerTag,
                ));
                span = tag_end..span.end;
                para = &text[span.clone()];
            }
        }
        sentences.clear();
        split_paragraph(text, span.clone(), &mut sentences);
        let several = sentences.len() > 1;
        let reason = phrase_reason(para, several)
            .or_else(|| in_block.filter(|_| !is_prose(para)))
            .or_else(|| {
                // Junk by shape: name it by a phrase in one of its sentences when there is one.
                let shape = shape_reason(para)?;
                Some(if several {
                    sentences
                        .iter()
                        .find_map(|s| sentence_reason(&text[s.clone()]))
                        .unwrap_or(shape)
                } else {
                    shape
                })
            })
            .map(|r| {
                if first_line
                    && r == DropReason::SectionLabel
                    && para.chars().any(char::is_alphabetic)
                {
                    DropReason::Heading
                } else {
                    r
                }
            });
        match reason {
            Some(r) => {
                if matches!(
                    r,
                    DropReason::Paywall | DropReason::PriceList | DropReason::Login
                ) {
                    in_block = Some(r);
                }
                if first_line && r == DropReason::Heading && clean.title.is_none() {
                    clean.title = Some(para.trim().to_string());
                }
                clean.dropped.push(dropped(text, span, r));
            }
            None => {
                in_block = None;
                if !seen.insert(para.trim()) {
                    clean
                        .dropped
                        .push(dropped(text, span, DropReason::Duplicate));
                } else {
                    keep_paragraph(text, &sentences, &mut clean);
                }
            }
        }
        first_line = false;
    }
    clean
}

/// Keeps a paragraph (given as its sentences), less any junk sentence inside it: the sentences
/// around such a sentence stay as separate spans. Every kept sentence is recorded.
fn keep_paragraph(text: &str, sentences: &[Range<usize>], clean: &mut CleanArticle) {
    let single = sentences.len() < 2;
    let (kept_before, sentences_before, dropped_before) =
        (clean.kept.len(), clean.sentences.len(), clean.dropped.len());
    let mut run: Option<Range<usize>> = None;
    // A one-sentence paragraph was judged whole already.
    let reasons = if single {
        vec![None; sentences.len()]
    } else {
        sentence_reasons(text, sentences)
    };
    for (s, reason) in sentences.iter().zip(reasons) {
        match reason {
            // Some junk is never a stray sentence in an article but a block of its own (a crawl
            // notice, a paywall, an embed): one such sentence condemns the paragraph.
            Some(reason) if reason.condemns_paragraph() => {
                clean.kept.truncate(kept_before);
                clean.sentences.truncate(sentences_before);
                clean.dropped.truncate(dropped_before);
                let span = sentences[0].start..sentences[sentences.len() - 1].end;
                clean.dropped.push(dropped(text, span, reason));
                return;
            }
            Some(reason) => {
                clean.kept.extend(run.take());
                clean.dropped.push(dropped(text, s.clone(), reason));
            }
            None => {
                run = Some(run.map_or(s.clone(), |r| r.start..s.end));
                clean.sentences.push((clean.kept.len(), s.clone()));
            }
        }
    }
    clean.kept.extend(run);
}

fn dropped(text: &str, span: Range<usize>, reason: DropReason) -> Dropped {
    Dropped {
        start: span.start,
        end: span.end,
        reason,
        text: text[span].to_string(),
    }
}

/// Non-empty lines, trimmed, as byte ranges.
pub fn line_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n').filter_map(move |line| {
        let s = start;
        start += line.len() + 1;
        let lead = line.len() - line.trim_start().len();
        let t = line.trim();
        (!t.is_empty()).then(|| s + lead..s + lead + t.len())
    })
}

/// Paragraphs as byte ranges. News text is usually one paragraph a line; hard-wrapped text (lines
/// cut at a fixed width, paragraphs between blank lines) is read block by block, and a line that
/// stops mid-sentence joins the next when that one goes on in lower case.
pub fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let lines: Vec<Range<usize>> = line_spans(text).collect();
    let blank_between =
        |a: &Range<usize>, b: &Range<usize>| text[a.end..b.start].matches('\n').count() >= 2;
    // Hard-wrapped: most lines that have a next line in the same block stop mid-sentence.
    let (mut inner, mut cut) = (0usize, 0usize);
    for w in lines.windows(2) {
        if !blank_between(&w[0], &w[1]) {
            inner += 1;
            cut += usize::from(!ends_like_sentence(&text[w[0].clone()]));
        }
    }
    let wrapped = inner >= 3 && cut * 10 >= inner * 7 && text.contains("\n\n");
    let mut out: Vec<Range<usize>> = Vec::new();
    for line in lines {
        let joins = out.last().is_some_and(|prev: &Range<usize>| {
            if blank_between(prev, &line) {
                return false;
            }
            if wrapped {
                return true;
            }
            let p = &text[prev.clone()];
            !ends_like_sentence(p)
                && !p.ends_with(':')
                && text[line.clone()].starts_with(|c: char| c.is_lowercase())
        });
        match out.last_mut() {
            Some(prev) if joins => prev.end = line.end,
            _ => out.push(line),
        }
    }
    out
}

/// Fewest content words a paragraph needs before it can be judged off-topic.
const OFF_TOPIC_MIN_WORDS: usize = 12;
/// Largest share of a paragraph's content words found elsewhere in the story for it to be dropped.
const OFF_TOPIC_MAX_SHARED: f32 = 0.15;

/// Drops kept paragraphs whose content words are mostly absent from the rest of the story: the
/// paragraph about another story that pages append ("In other news…", a promo for another
/// article). Each paragraph is compared with the other articles, or with the rest of its own
/// article when the story has only one.
fn drop_off_topic(story: &Story, cleaned: &mut [CleanArticle], tok: &Tokenizer) {
    // Content stems per kept paragraph, and in how many kept paragraphs of the story a stem
    // occurs (stem ids are story-local and dense).
    let mut para_stems: Vec<Vec<Vec<u32>>> = Vec::new();
    let mut paragraphs_with: Vec<u32> = Vec::new();
    for (a, c) in story.articles.iter().zip(cleaned.iter_mut()) {
        let mut per_para: Vec<Vec<u32>> = vec![Vec::new(); c.kept.len()];
        c.tokens = c
            .sentences
            .iter()
            .map(|(_, r)| tok.tokens(&a.text[r.clone()]))
            .collect();
        for ((p, _), toks) in c.sentences.iter().zip(&c.tokens) {
            per_para[*p].extend(toks.iter().filter(|t| !t.stop && t.alpha).map(|t| t.stem));
        }
        for stems in &mut per_para {
            stems.sort_unstable();
            stems.dedup();
            for &s in stems.iter() {
                let s = s as usize;
                if s >= paragraphs_with.len() {
                    paragraphs_with.resize(s + 1, 0);
                }
                paragraphs_with[s] += 1;
            }
        }
        para_stems.push(per_para);
    }
    // Articles left with nothing (all junk) say nothing about the topic.
    for (ai, c) in cleaned.iter_mut().enumerate() {
        let text = &story.articles[ai].text;
        let mut keep = Vec::with_capacity(c.kept.len());
        let before = c.dropped.len();
        for (pi, span) in c.kept.iter().enumerate() {
            let uniq = &para_stems[ai][pi];
            // Quotations use the speaker's own words and share few with reports: never judged.
            let quoted = text[span.clone()].contains(['"', '“', '”']);
            if uniq.len() < OFF_TOPIC_MIN_WORDS || quoted {
                keep.push(span.clone());
                continue;
            }
            // Shared: used by another article, or by another paragraph of this one — by another
            // paragraph of the story, that is.
            let shared = uniq
                .iter()
                .filter(|&&s| paragraphs_with[s as usize] > 1)
                .count();
            let frac = shared as f32 / uniq.len() as f32;
            if frac < OFF_TOPIC_MAX_SHARED {
                c.dropped
                    .push(dropped(text, span.clone(), DropReason::OffTopic));
            } else {
                keep.push(span.clone());
            }
        }
        // When most of an article looks off-topic, the comparison is what failed (a story told
        // in other words, or a cluster of loosely related pieces): keep the article whole.
        let judged = c.kept.len();
        if (c.dropped.len() - before) * 2 > judged {
            c.dropped.truncate(before);
            continue;
        }
        c.kept = keep;
        let kept = &c.kept;
        c.sentences
            .retain(|(_, r)| kept.iter().any(|k| k.start <= r.start && r.end <= k.end));
        for (p, r) in &mut c.sentences {
            *p = kept
                .iter()
                .position(|k| k.start <= r.start && r.end <= k.end)
                .unwrap_or(*p);
        }
        c.dropped.sort_by_key(|d| d.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::article_from_text;

    fn article(text: &str) -> Article {
        article_from_text(1, "t", text.to_string(), &mut Vec::new())
    }

    #[test]
    fn top_level_alternatives_respect_groups_classes_and_escapes() {
        assert_eq!(
            top_level_alternatives(r"a|b(c|d)|[|x]\||^e"),
            vec!["a", "b(c|d)", r"[|x]\|", "^e"]
        );
        assert_eq!(top_level_alternatives("one"), vec!["one"]);
    }

    #[test]
    fn prefilter_admits_a_rule_only_where_its_literals_can_match() {
        let p = RulePrefilter::new(&[r"^read more", r"wayback machine|\(@\w+\)", r"^[\w ]{0,9}$"]);
        let hay = b"so read more. read more now. the wayback machine. (@ap) said";
        let spans = vec![0..13, 14..28, 29..49, 50..hay.len()];
        let masks = p.candidates(hay, &spans);
        // Rule 2 pins down no literal at its start: it is always a candidate.
        assert_eq!(masks, vec![0b100, 0b101, 0b110, 0b110]);
        // And the prefilter never hides a real match.
        let rules: Vec<regex::bytes::Regex> = [r"^read more", r"wayback machine|\(@\w+\)"]
            .iter()
            .map(|r| regex::bytes::Regex::new(r).unwrap())
            .collect();
        for (span, mask) in spans.iter().zip(&masks) {
            for (i, re) in rules.iter().enumerate() {
                if re.is_match(&hay[span.clone()]) {
                    assert!(mask & (1 << i) != 0, "rule {i} in {span:?}");
                }
            }
        }
    }

    #[test]
    fn junk_lines_are_dropped_with_reasons() {
        let text = "Harbour ferry hits rocks\nThe ferry Northern Gull struck rocks off Pell Island on Tuesday, officials said.\nAdvertisement\nSubscribe now for unlimited access.\nPremium Annual\n$49.99/year\nShare this article\nStarting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.\nAll 112 passengers were taken off safely by lifeboats before noon, the coastguard said.\n";
        let c = clean_article(&article(text));
        let kept: Vec<&str> = c.kept.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!(kept[1].starts_with("All 112"));
        let reasons: Vec<DropReason> = c.dropped.iter().map(|d| d.reason).collect();
        assert_eq!(
            reasons,
            vec![
                DropReason::Heading,
                DropReason::Advertisement,
                DropReason::Paywall,
                DropReason::Paywall,
                DropReason::PriceList,
                DropReason::SharePrompt,
                DropReason::CrawlArtefact
            ]
        );
        assert_eq!(c.title.as_deref(), Some("Harbour ferry hits rocks"));
        for d in &c.dropped {
            assert_eq!(&text[d.start..d.end], d.text);
        }
    }

    #[test]
    fn error_pages_are_not_articles() {
        for page in [
            "Sorry, the page you requested was not found.",
            "Oops! The article you are looking for is no longer available on this site.",
            "404 - Page not found",
            "Page Not Found",
        ] {
            assert_eq!(junk_reason(page), Some(DropReason::ErrorPage), "{page}");
        }
        // A story about an error page is a story.
        let text = "Visitors to the ministry's website saw a page not found message for most of Tuesday, after the server was taken offline by the attack.";
        assert_eq!(junk_reason(text), None);
    }

    #[test]
    fn prose_mentioning_subscribers_is_kept() {
        let text = "The streaming service said it gained four million subscribers in the quarter, beating what analysts had expected for the period.";
        assert_eq!(junk_reason(text), None);
        assert_eq!(
            junk_reason("Subscribers get more."),
            Some(DropReason::Paywall)
        );
    }

    #[test]
    fn speaker_tags_are_cut_and_the_words_kept() {
        let text = "MARA LINDQVIST, HOST: The flood gates held overnight in the lower town, engineers said.";
        let c = clean_article(&article(text));
        assert_eq!(c.dropped[0].reason, DropReason::SpeakerTag);
        assert_eq!(
            &text[c.kept[0].clone()],
            "The flood gates held overnight in the lower town, engineers said."
        );
    }

    #[test]
    fn hard_wrapped_text_is_read_as_paragraphs() {
        let text = "The river rose two metres overnight and the\nold stone bridge at Marrow Ford was closed to\ntraffic by the county on Sunday morning.\n\nVolunteers filled sandbags at the school and\nstacked them along the lower streets before\nthe second crest arrived at dusk.\n";
        let paras = paragraph_spans(text);
        assert_eq!(paras.len(), 2);
        assert!(text[paras[0].clone()].ends_with("Sunday morning."));
        // One line a paragraph, with a line cut mid-sentence joined to its lower-case continuation.
        let text = "The bridge closed on Sunday.\nCounty engineers said the arch\nhad shifted in the flood.\nIt may reopen in May.";
        let paras: Vec<&str> = paragraph_spans(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            paras,
            vec![
                "The bridge closed on Sunday.",
                "County engineers said the arch\nhad shifted in the flood.",
                "It may reopen in May."
            ]
        );
    }

    #[test]
    fn repeated_paragraph_is_a_duplicate() {
        let text = "The dam held after three days of rain, the regional water board said on Friday.\nThe dam held after three days of rain, the regional water board said on Friday.";
        let c = clean_article(&article(text));
        assert_eq!(c.kept.len(), 1);
        assert_eq!(c.dropped[0].reason, DropReason::Duplicate);
    }

    #[test]
    fn paragraph_about_another_story_is_off_topic() {
        let a = "The dam at Kessler Reservoir held after three days of rain, the regional water board said on Friday, and engineers inspected the spillway.\nEngineers at Kessler Reservoir said the spillway and the dam wall showed no cracks after the rain.";
        let b = "Rain tested the Kessler Reservoir dam for three days; the water board said the dam wall held and engineers found the spillway sound.\nIn other news, a jazz festival downtown drew record crowds as saxophonists, drummers and singers performed across twelve stages under sunny skies through the weekend.";
        let story = Story {
            id: None,
            articles: vec![
                article_from_text(1, "a", a.into(), &mut Vec::new()),
                article_from_text(2, "b", b.into(), &mut Vec::new()),
            ],
            warnings: vec![],
        };
        let c = clean_story(&story, &CleanOptions::default(), &Tokenizer::default());
        assert_eq!(c[0].kept.len(), 2);
        assert_eq!(c[1].kept.len(), 1);
        assert_eq!(c[1].dropped[0].reason, DropReason::OffTopic);
    }
}
