//! `chorus timeline-check`: the dates a brief's timeline gives its events, judged by hand.
//! Articles are drawn from PolNeAR's test split with the fixed seed `figure-check` uses (an FNV
//! hash of the id, seed 7); each is briefed alone with its publication date (the date in its
//! id), so relative dates ("Tuesday", "last week") are anchored to it. Every timeline event with
//! a date is looked up in a label file: a label names the event by its article, the byte span of
//! its sentence and the date given — no text — and says whether that date is when the event
//! happened (or will), to the precision given (a day, a week, a month, a year).

use crate::ner::{drawn_by_id, number_field, read_lines, read_verdicts, text_field};
use anyhow::{bail, Context, Result};
use clap::Args;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

#[derive(Args)]
pub struct TimelineCheckArgs {
    /// PolNeAR's test split (JSON lines with `id` and `text`; the id holds the publication date).
    #[arg(
        long,
        default_value = "../shared/data/quote_attribution/polnear/test.jsonl"
    )]
    polnear: PathBuf,
    /// Hand labels (`eval/gold/timeline.jsonl`): one line per dated event, `{"story", "start",
    /// "end", "date", "ok"}`.
    #[arg(long, default_value = "eval/gold/timeline.jsonl")]
    labels: PathBuf,
    /// Articles drawn (after `--skip`).
    #[arg(long, default_value_t = 20)]
    articles: usize,
    /// Leave out the first this many drawn articles.
    #[arg(long, default_value_t = 0)]
    skip: usize,
    /// Print every dated event not yet labelled, with its sentence, to label it.
    #[arg(long)]
    dump: bool,
    /// Print every timeline entry of the entry check with its label, to read what was judged.
    #[arg(long)]
    list: bool,
    /// Fail when the share of right dates among anchored events is below this (and when a dated
    /// event is unlabelled).
    #[arg(long)]
    min_anchored: Option<f64>,
    /// Multi-News-200 (JSON lines): also judge every timeline entry of stories drawn from its
    /// stories 30–99 (as `figure-check` draws them) for what it is — an event, a non-event (a
    /// caption, a note, a generic "today", a date that is not when something happened) or a
    /// repeat of an event listed before it.
    #[arg(long)]
    multinews: Option<PathBuf>,
    /// Multi-News-200 stories drawn for the entry check.
    #[arg(long, default_value_t = 10)]
    stories: usize,
    /// Leave out the first this many drawn stories of the entry check (`--skip-stories 20
    /// --stories 10`: the third ten, judged once after the rules they did not shape).
    #[arg(long, default_value_t = 0)]
    skip_stories: usize,
    /// The Multi-News-200 stories (places in the file) the entry check draws from: 30–99, the
    /// first gold set, every one of them judged and read; 100–199, a second set drawn the same
    /// way for the rules read off the first (`--story-range 100-199`); 0–29, a third set, judged
    /// once and not read.
    #[arg(long, default_value = "30-99", value_parser = story_range)]
    story_range: (usize, usize),
    /// Labels of the entry check (`eval/gold/timeline_events.jsonl`): `{"story", "source",
    /// "start", "end", "kind"}`, kind one of "event", "non-event", "repeat".
    #[arg(long, default_value = "eval/gold/timeline_events.jsonl")]
    event_labels: PathBuf,
    /// Fail when more than this share of judged entries are non-events (or one is unlabelled).
    #[arg(long)]
    max_non_events: Option<f64>,
    /// Fail when more than this share of judged entries repeat an event listed before them.
    #[arg(long)]
    max_repeats: Option<f64>,
}

type Key = (String, usize, usize, String);

/// "100-199": the first and last story of a range, in file order.
pub fn story_range(s: &str) -> std::result::Result<(usize, usize), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("{s:?} is not FIRST-LAST"))?;
    let parse = |x: &str| {
        x.trim()
            .parse::<usize>()
            .map_err(|_| format!("{x:?} is not a story number"))
    };
    let (a, b) = (parse(a)?, parse(b)?);
    if a > b {
        return Err(format!("{s:?}: the first story is after the last"));
    }
    Ok((a, b))
}

/// The publication date in a PolNeAR id ("politico_2016-10-17_wikileaks-…").
fn published(id: &str) -> Option<String> {
    id.split('_')
        .find(|p| {
            p.len() == 10
                && p.as_bytes()[4] == b'-'
                && p.as_bytes()[7] == b'-'
                && p.chars().filter(char::is_ascii_digit).count() == 8
        })
        .map(str::to_string)
}

pub fn cmd_timeline_check(a: TimelineCheckArgs) -> Result<()> {
    let labels: FxHashMap<Key, bool> = read_verdicts(&a.labels, a.dump, |v| {
        (
            text_field(v, "story"),
            number_field(v, "start"),
            number_field(v, "end"),
            text_field(v, "date"),
        )
    })?;
    let articles: Vec<(String, String)> = read_lines(&a.polnear)?
        .into_iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or_default().to_string(),
                v["text"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // Events with a date, anchored ones, and those judged right, of each.
    let (mut dated, mut right, mut anchored, mut anchored_right) = (0usize, 0usize, 0, 0);
    let (mut judged, mut unjudged) = (0usize, 0usize);
    for (id, text) in drawn_by_id(articles, a.skip + a.articles)
        .into_iter()
        .skip(a.skip)
    {
        let day = published(&id).with_context(|| format!("no date in the id {id}"))?;
        let line = serde_json::json!({
            "id": id,
            "documents": [{"text": text, "published": day}],
        });
        let Some(Ok(js)) = chorus::ingest::stories_from_jsonl(&id, line.to_string().as_bytes())
            .into_iter()
            .next()
        else {
            continue;
        };
        let Ok(brief) = chorus::make_brief(&js.story, &chorus::BriefOptions::default()) else {
            continue;
        };
        for e in &brief.timeline {
            let Some(date) = &e.date else { continue };
            let s = &e.support[0];
            let key = (id.clone(), s.start, s.end, date.clone());
            match labels.get(&key) {
                Some(&ok) => {
                    judged += 1;
                    dated += 1;
                    right += ok as usize;
                    if e.anchored {
                        anchored += 1;
                        anchored_right += ok as usize;
                    }
                }
                None => {
                    unjudged += 1;
                    if a.dump {
                        println!(
                            "{{\"story\": {:?}, \"start\": {}, \"end\": {}, \"date\": {date:?}, \"ok\": }}\tpublished {day}; {:?} -> {date} ({}){} | {}",
                            id,
                            s.start,
                            s.end,
                            e.when,
                            e.precision
                                .map(|p| format!("{p:?}").to_lowercase())
                                .unwrap_or_default(),
                            e.anchor
                                .as_ref()
                                .map(|x| format!(", from {} ({:?})", x.date, x.kind))
                                .unwrap_or_default(),
                            e.text.replace('\n', " ")
                        );
                    }
                }
            }
        }
    }
    let share = |r: usize, n: usize| r as f64 / n.max(1) as f64;
    println!(
        "PolNeAR test, drawn articles {}-{}: dated events right {right} of {dated} ({:.3}); anchored to the publication date or a stated one: {anchored_right} of {anchored} ({:.3}); {unjudged} dated events not labelled",
        a.skip + 1,
        a.skip + a.articles,
        share(right, dated),
        share(anchored_right, anchored),
    );
    if let Some(path) = &a.multinews {
        entry_check(&a, path)?;
    }
    if let Some(min) = a.min_anchored {
        if unjudged > 0 {
            bail!("{unjudged} dated events have no label: judge them (chorus timeline-check --dump) and add them to {}", a.labels.display());
        }
        if judged == 0 || share(anchored_right, anchored) < min {
            bail!(
                "anchored dates right {:.3}, below {min}",
                share(anchored_right, anchored)
            );
        }
    }
    Ok(())
}

/// The entry check: every timeline entry of the drawn Multi-News-200 stories looked up in the
/// event labels; the shares of non-events and repeats.
fn entry_check(a: &TimelineCheckArgs, path: &std::path::Path) -> Result<()> {
    let mut labels: FxHashMap<(String, usize, usize, usize), String> = FxHashMap::default();
    if a.event_labels.exists() {
        for v in read_lines(&a.event_labels)? {
            let kind = text_field(&v, "kind");
            if !matches!(kind.as_str(), "event" | "non-event" | "repeat") {
                bail!("a timeline entry label of unknown kind {kind:?}");
            }
            let key = (
                text_field(&v, "story"),
                number_field(&v, "source"),
                number_field(&v, "start"),
                number_field(&v, "end"),
            );
            labels.insert(key, kind);
        }
    } else if !a.dump {
        bail!("no labels at {}", a.event_labels.display());
    }
    let stories: Vec<(String, Vec<String>)> = drawn_by_id(
        crate::figure_check::multinews_stories(path, a.story_range.0..=a.story_range.1)?,
        a.skip_stories + a.stories,
    )
    .into_iter()
    .skip(a.skip_stories)
    .collect();
    let (mut events, mut non_events, mut repeats, mut unjudged) = (0usize, 0usize, 0usize, 0usize);
    // Entries judged events (with this code or an older one) that are no longer an entry's first
    // sentence: folded into another entry or dropped. A change that merges entries must not buy
    // fewer repeats with lost events, and this says whether it did.
    let mut shown_keys: FxHashSet<(String, usize, usize, usize)> = FxHashSet::default();
    for (id, docs) in &stories {
        let Some((_, brief)) =
            crate::figure_check::briefed_with(id, docs, &chorus::BriefOptions::default())
        else {
            continue;
        };
        for (n, e) in brief.timeline.iter().enumerate() {
            let s = &e.support[0];
            let key = (id.clone(), s.source, s.start, s.end);
            shown_keys.insert(key.clone());
            // The entry as a reader sees it: its date as written, what it stands for, its sentence.
            let shown = format!(
                "#{n} {:?} -> {} | {}",
                e.when,
                e.date.as_deref().unwrap_or("-"),
                e.text.replace('\n', " ")
            );
            if a.list {
                println!(
                    "{id} [{}] ({} sources, first {}) {shown}",
                    labels.get(&key).map(String::as_str).unwrap_or("unlabelled"),
                    e.support.len(),
                    s.source,
                );
            }
            match labels.get(&key).map(String::as_str) {
                Some("event") => events += 1,
                Some("non-event") => non_events += 1,
                Some(_) => repeats += 1,
                None => {
                    unjudged += 1;
                    if a.dump {
                        println!(
                            "{{\"story\": {id:?}, \"source\": {}, \"start\": {}, \"end\": {}, \"kind\": }}\t{shown}",
                            s.source, s.start, s.end,
                        );
                    }
                }
            }
        }
    }
    let mut gone = 0usize;
    for (id, docs) in &stories {
        let mut keys: Vec<_> = labels
            .iter()
            .filter(|(k, kind)| k.0 == *id && kind.as_str() == "event" && !shown_keys.contains(*k))
            .map(|(k, _)| k)
            .collect();
        keys.sort();
        for (_, source, start, end) in keys {
            gone += 1;
            if a.list {
                let text = docs
                    .get(source.wrapping_sub(1))
                    .and_then(|d| d.get(*start..*end))
                    .unwrap_or("?");
                println!(
                    "{id} [event, no longer an entry] {}",
                    text.replace('\n', " ")
                );
            }
        }
    }
    let judged = events + non_events + repeats;
    let share = |k: usize| k as f64 / judged.max(1) as f64;
    println!(
        "Multi-News-200 stories {}-{}, drawn stories {}-{}: {judged} timeline entries judged: {events} events, {non_events} non-events ({:.3}), {repeats} repeats of an entry above ({:.3}); {unjudged} not labelled; {gone} entries once judged events no longer listed (folded into another or dropped)",
        a.story_range.0,
        a.story_range.1,
        a.skip_stories + 1,
        a.skip_stories + stories.len(),
        share(non_events),
        share(repeats)
    );
    for (max, got, what) in [
        (a.max_non_events, share(non_events), "non-events"),
        (a.max_repeats, share(repeats), "repeats"),
    ] {
        if let Some(max) = max {
            if unjudged > 0 {
                bail!("{unjudged} timeline entries have no label: judge them (chorus timeline-check --multinews … --dump)");
            }
            if got > max {
                bail!("{what} {got:.3} of the timeline's entries, above {max}");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publication_date_is_read_from_the_id() {
        assert_eq!(
            published("politico_2016-10-17_wikileaks-claims").as_deref(),
            Some("2016-10-17")
        );
        assert_eq!(published("no-date-here"), None);
    }
}
