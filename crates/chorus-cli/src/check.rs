//! `chorus check`: the real-data checks CI runs. For every story and every method asked for:
//! the summary is within budget, every summary sentence is found verbatim (white space aside) in
//! its cited source at its byte span, a sentence opening with a pronoun or connective follows
//! its own predecessor, and none of the web junk that cleaning targets reaches a
//! summary. Junk is counted by an independent probe (phrases below, not the cleaner's rules) in
//! the raw input, in the text cleaning keeps, and in the summaries.

use crate::input::{read_stories, story_label};
use anyhow::{bail, Result};
use chorus::clean::CleanArticle;
use chorus::features::normalize_space;
use chorus::{make_brief, BriefOptions, Budget};
use clap::Args;
use regex::Regex;
use std::path::PathBuf;

#[derive(Args)]
pub struct CheckArgs {
    /// Story inputs: JSON-lines files (one story a line) and directories of plain-text articles
    /// (one story each).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Methods to check, comma separated.
    #[arg(long, default_value = chorus::DEFAULT_METHOD, value_delimiter = ',')]
    methods: Vec<String>,
    #[arg(long, default_value_t = 250)]
    words: usize,
    /// Print each junk line found in the kept text.
    #[arg(long)]
    verbose: bool,
    /// Fail when any source loses a larger share of its prose-like lines to cleaning (the
    /// data-loss probe; 0.1 = 10%).
    #[arg(long)]
    max_prose_loss: Option<f64>,
}

/// Phrases of web furniture: each is junk wherever it appears in a news summary.
const JUNK_PROBE: &str = r"(?i)subscribe (now|today|to|for)|free articles|hit your limit|already subscribed|paywall|\blog in\b|\bsign in\b|sign up|newsletter|share this (article|story)|comments? (are|have been) closed|leave a comment|^advertisement\b|continue reading|story continues|read more|alexa internet|internet archive|wayback machine|crawl data|tweet with a location|your tweets|pic\.twitter\.com|view this post on instagram|interactive transcript|rating is available when|not available right now|javascript|^disclaimer\b|all rights reserved|click here|follow us|toggle caption|enlarge this image|getty images|\(ap photo|^photo:|^image:|\{\{|₹|/month\b|renews automatically|cancel anytime|(?-i:^[A-Z][A-Z .'-]+, [A-Z][A-Z .'-]+:)|follow @\w|top of page";

pub(crate) fn junk_probe() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(JUNK_PROBE).expect("valid probe"))
}

/// The data-loss probe for one source: its prose-like lines (ending like a sentence, at least
/// 12 words, no junk phrase of the probe) and those of them cleaning dropped (less than half of
/// the line left in kept sentences), with the reason of the drop that took most of each.
pub(crate) struct ProseLoss {
    pub lines: usize,
    pub lost: Vec<(String, &'static str)>,
}

impl ProseLoss {
    pub fn share(&self) -> f64 {
        self.lost.len() as f64 / self.lines.max(1) as f64
    }
}

pub(crate) fn prose_loss(article: &chorus::ingest::Article, clean: &CleanArticle) -> ProseLoss {
    let text = &article.text;
    let mut loss = ProseLoss {
        lines: 0,
        lost: Vec::new(),
    };
    for span in chorus::clean::line_spans(text) {
        let line = &text[span.clone()];
        if !chorus::clean::ends_like_sentence(line)
            || line.split_whitespace().nth(11).is_none()
            || junk_probe().is_match(line)
        {
            continue;
        }
        loss.lines += 1;
        let overlap = |r: &std::ops::Range<usize>| {
            r.end.min(span.end).saturating_sub(r.start.max(span.start))
        };
        let kept: usize = clean
            .sentences
            .iter()
            .map(|(_, r)| r)
            .chain(&clean.structure)
            .map(overlap)
            .sum();
        if kept * 2 < line.len() {
            let reason = clean
                .dropped
                .iter()
                .max_by_key(|d| overlap(&(d.start..d.end)))
                .filter(|d| overlap(&(d.start..d.end)) > 0)
                .map_or("not a sentence", |d| d.reason.as_str());
            loss.lost.push((line.to_string(), reason));
        }
    }
    loss
}

#[derive(Default)]
struct Tally {
    stories: usize,
    summaries: usize,
    sentences: usize,
    over_budget: usize,
    not_verbatim: usize,
    junk_raw: usize,
    junk_kept: usize,
    junk_summary: usize,
    errors: usize,
    all_junk: usize,
    dangling: usize,
    quotes: usize,
    quotes_with_speaker: usize,
    quotes_not_verbatim: usize,
    facts: usize,
    facts_multi: usize,
    conflicts: usize,
    facts_not_verbatim: usize,
    /// Facts called agreeing whose values no one number fits (there must be none).
    agree_without_common_value: usize,
    timeline_events: usize,
    /// Timelines not in date order (dated events by date, then the undated; must be none).
    timeline_out_of_order: usize,
}

/// The text of a support's span in its article, white space collapsed; None if the span is not
/// a real one.
fn span_text(story: &chorus::Story, sup: &chorus::brief::Support) -> Option<String> {
    story
        .articles
        .iter()
        .find(|x| x.id == sup.source)
        .and_then(|x| x.text.get(sup.start..sup.end))
        .map(normalize_space)
}

pub fn run(a: CheckArgs) -> Result<()> {
    let probe = Regex::new(JUNK_PROBE).expect("valid probe");
    let mut stories = Vec::new();
    for input in &a.inputs {
        stories.extend(read_stories(std::slice::from_ref(input), false)?);
    }
    let mut t = Tally::default();
    let mut first_problems: Vec<String> = Vec::new();
    // (source label, prose-like lines, lost lines with reasons) of sources that lost any.
    let (mut prose_lines, mut prose_lost) = (0usize, 0usize);
    let mut losing: Vec<(String, ProseLoss)> = Vec::new();
    for s in stories {
        let js = match s {
            Ok(js) => js,
            Err(e) => {
                t.errors += 1;
                first_problems.push(e.to_string());
                continue;
            }
        };
        let story = &js.story;
        t.stories += 1;
        let analysis = chorus::analyse(story, &Default::default());
        if analysis.sentences.is_empty() {
            // All junk (a crawl notice and nothing else): an error by design, not a failure.
            t.all_junk += 1;
            continue;
        }
        for article in &story.articles {
            t.junk_raw += article
                .text
                .lines()
                .filter(|l| probe.is_match(l.trim()))
                .count();
        }
        for (article, clean) in story.articles.iter().zip(&analysis.cleaned) {
            let loss = prose_loss(article, clean);
            prose_lines += loss.lines;
            prose_lost += loss.lost.len();
            if !loss.lost.is_empty() {
                losing.push((format!("{} [{}]", story_label(story), article.id), loss));
            }
            for r in &clean.kept {
                let para = &article.text[r.clone()];
                if probe.is_match(para) {
                    t.junk_kept += 1;
                    if a.verbose {
                        println!(
                            "kept junk? {} [{}]: {}",
                            story_label(story),
                            article.id,
                            para
                        );
                    }
                }
            }
        }
        for method in &a.methods {
            let opts = BriefOptions {
                method: method.clone(),
                budget: Budget::Words(a.words),
                ..Default::default()
            };
            let brief = match make_brief(story, &opts) {
                Ok(b) => b,
                Err(e) => {
                    t.errors += 1;
                    first_problems.push(format!("{} ({method}): {e}", story_label(story)));
                    continue;
                }
            };
            t.summaries += 1;
            if method == &a.methods[0] {
                for q in &brief.quotes {
                    t.quotes += 1;
                    t.quotes_with_speaker += usize::from(q.speaker.is_some());
                    // The shown words are the first support's; the others are real spans (their
                    // sources' own wording of the same quotation).
                    let faithful = span_text(story, &q.support[0])
                        .is_some_and(|span| span.contains(q.text.as_str()))
                        && q.support.iter().all(|sup| span_text(story, sup).is_some());
                    if !faithful {
                        t.quotes_not_verbatim += 1;
                        first_problems.push(format!(
                            "{}: quote not found at its span: {}",
                            story_label(story),
                            q.text
                        ));
                    }
                }
            }
            if method == &a.methods[0] {
                for f in &brief.facts {
                    t.facts += 1;
                    t.facts_multi += usize::from(f.sources.len() > 1);
                    t.conflicts += usize::from(f.status == chorus::facts::FactStatus::Conflict);
                    if f.status == chorus::facts::FactStatus::Agree && !f.has_common_value() {
                        t.agree_without_common_value += 1;
                        first_problems.push(format!(
                            "{}: {} called agreeing, but no one number fits its values",
                            story_label(story),
                            f.subject
                        ));
                    }
                    // Every value is the text at each of its spans (case aside: "Four", "four").
                    let faithful = f.values.iter().all(|v| {
                        v.support.iter().all(|sup| {
                            span_text(story, sup).is_some_and(|s| s.eq_ignore_ascii_case(&v.text))
                        })
                    });
                    if !faithful {
                        t.facts_not_verbatim += 1;
                        first_problems.push(format!(
                            "{}: a value of {} not found at its span",
                            story_label(story),
                            f.subject
                        ));
                    }
                }
            }
            t.timeline_events += brief.timeline.len();
            let dates: Vec<Option<&str>> =
                brief.timeline.iter().map(|e| e.date.as_deref()).collect();
            let dated = dates.iter().take_while(|d| d.is_some()).count();
            let in_order = dates[dated..].iter().all(Option::is_none)
                && dates[..dated].windows(2).all(|w| w[0] <= w[1]);
            if !in_order {
                t.timeline_out_of_order += 1;
                first_problems.push(format!(
                    "{} ({method}): timeline out of date order: {dates:?}",
                    story_label(story)
                ));
            }
            if brief.summary_words() > a.words {
                t.over_budget += 1;
                first_problems.push(format!(
                    "{} ({method}): {} words over a budget of {}",
                    story_label(story),
                    brief.summary_words(),
                    a.words
                ));
            }
            for (k, item) in brief.summary.iter().enumerate() {
                // A sentence opening with "He", "But"… must follow its own predecessor.
                if chorus::features::eligibility(&item.text).1 {
                    let ok = k > 0 && {
                        let (prev, cur) = (&brief.summary[k - 1].support[0], &item.support[0]);
                        prev.source == cur.source && prev.sentence + 1 == cur.sentence
                    };
                    if !ok {
                        t.dangling += 1;
                        first_problems.push(format!(
                            "{} ({method}): dangling opening without its predecessor: {}",
                            story_label(story),
                            item.text
                        ));
                    }
                }
                t.sentences += 1;
                // The shown sentence is its first support exactly; the others are real spans
                // that say the same thing.
                let ok = span_text(story, &item.support[0]).is_some_and(|span| span == item.text)
                    && item
                        .support
                        .iter()
                        .all(|sup| span_text(story, sup).is_some());
                if !ok {
                    t.not_verbatim += 1;
                    first_problems.push(format!(
                        "{} ({method}): not verbatim at its span: {}",
                        story_label(story),
                        item.text
                    ));
                }
                if probe.is_match(&item.text) {
                    t.junk_summary += 1;
                    first_problems.push(format!(
                        "{} ({method}): junk in summary: {}",
                        story_label(story),
                        item.text
                    ));
                }
            }
        }
    }
    println!(
        "stories {}  all junk (refused) {}  briefs {}  summary sentences {}  errors {}",
        t.stories, t.all_junk, t.summaries, t.sentences, t.errors
    );
    println!(
        "over budget {}  not verbatim at span {}  dangling openings without predecessor {}",
        t.over_budget, t.not_verbatim, t.dangling
    );
    println!(
        "quotes {}  with a speaker {}  not verbatim at span {}",
        t.quotes, t.quotes_with_speaker, t.quotes_not_verbatim
    );
    println!(
        "facts {}  from several sources {}  in conflict {}  not verbatim at span {}  agreeing without a common value {}",
        t.facts, t.facts_multi, t.conflicts, t.facts_not_verbatim, t.agree_without_common_value
    );
    println!(
        "timeline events {}  timelines out of date order {}",
        t.timeline_events, t.timeline_out_of_order
    );
    println!(
        "junk lines (probe): raw input {}  kept after cleaning {}  in summaries {}",
        t.junk_raw, t.junk_kept, t.junk_summary
    );
    losing.sort_by(|a, b| b.1.share().total_cmp(&a.1.share()));
    println!(
        "data loss (prose-like lines dropped by cleaning): {prose_lost} of {prose_lines}; sources losing any: {}",
        losing.len()
    );
    for (name, loss) in losing.iter().take(5) {
        println!(
            "  {name}: {} of {} ({:.0}%), e.g. [{}] {}",
            loss.lost.len(),
            loss.lines,
            100.0 * loss.share(),
            loss.lost[0].1,
            loss.lost[0].0.chars().take(100).collect::<String>()
        );
    }
    let over_loss: Vec<&(String, ProseLoss)> = match a.max_prose_loss {
        Some(max) => losing.iter().filter(|(_, l)| l.share() > max).collect(),
        None => Vec::new(),
    };
    for (name, loss) in &over_loss {
        first_problems.push(format!(
            "{name} lost {:.0}% of its prose-like lines",
            100.0 * loss.share()
        ));
    }
    for p in first_problems.iter().take(20) {
        println!("  problem: {p}");
    }
    if t.stories == 0 {
        bail!("no story was read");
    }
    if t.over_budget
        + t.not_verbatim
        + t.junk_summary
        + t.errors
        + t.dangling
        + t.quotes_not_verbatim
        + t.facts_not_verbatim
        + t.agree_without_common_value
        + t.timeline_out_of_order
        + over_loss.len()
        > 0
    {
        bail!("check failed");
    }
    println!("check passed");
    Ok(())
}
