//! `chorus quote-eval`: quotations and speakers scored on PolNeAR's gold attributions.
//!
//! Every PolNeAR article is briefed alone, through the whole pipeline (cleaning included), and
//! the quotations of the brief are set against the article's gold attributions.
//!
//! - **Direct** is PolNeAR's `kind`, except that content wholly inside ''two apostrophes'' (NYT
//!   archive copy, which PolNeAR's conversion read as indirect) is direct too.
//! - **Spans**, by word tokens (runs of letters and digits): a quotation Chorus reports is right
//!   when at least 90% of its tokens lie inside one gold attribution's quoted content (direct, or
//!   the quoted part of a mixed one: a partial quotation is still a quotation). A gold direct
//!   quotation is found when the quotations reported inside it cover at least 90% of its tokens
//!   (a quotation split by its attribution, "…,” said Caddell. “…”, is two reported spans).
//!   Precision is over everything reported, recall over the gold direct quotations.
//! - **Speakers**, over the found direct quotations. The gold speaker is the span as written.
//!   *Named* (its head is a name: "Flynn, a top Trump surrogate", not "a narrator in the Clinton
//!   ad"): right when Chorus's speaker's words are all in it ("Brian Fallon" in "Clinton
//!   campaign spokesman Brian Fallon") or the head name's words are all in Chorus's speaker
//!   ("Trump" in "Donald Trump"). *Pronoun* ("he",
//!   "she"…): PolNeAR does not say whom it stands for; as a stand-in, the named gold speaker of
//!   the nearest attribution before it in the article is taken as the answer (labelled a proxy
//!   in the output). *Unnamed* ("the campaign", "officials"): right when Chorus names nobody or
//!   a name inside the span.

use anyhow::{bail, Result};
use clap::Args;
use std::ops::Range;
use std::path::PathBuf;

#[derive(Args)]
pub struct QuoteEvalArgs {
    /// PolNeAR articles (JSON lines, `.gz` read too): dev to choose, test to report.
    #[arg(long)]
    polnear: PathBuf,
    /// Fail when direct-quotation span F1 is below this.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Fail when speaker accuracy on named gold speakers is below this.
    #[arg(long)]
    min_speaker: Option<f64>,
    /// Whom the pronoun speakers stand for, read by hand (`eval/gold/polnear_pronouns_test.tsv`):
    /// pronoun speakers are then scored against these instead of the proxy.
    #[arg(long)]
    pronouns: Option<PathBuf>,
    /// Fail when speaker accuracy over quotations whose speaker is a name or a pronoun standing
    /// for one (hand-read) is below this.
    #[arg(long)]
    min_resolved_speaker: Option<f64>,
    /// Print this many examples of each kind of miss.
    #[arg(long, default_value_t = 0)]
    list: usize,
}

/// Titles and determiners that make a speaker span no more a name ("the President" is not).
const NOT_NAME_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "secretary",
    "senator",
    "governor",
    "former",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "in",
    "on",
    "at",
    "of",
    "for",
    "and",
    "but",
    "both",
    "some",
    "many",
    "several",
    "one",
    "two",
    "three",
    "that",
    "this",
    "these",
    "those",
    "who",
    "which",
    "it",
    "he",
    "she",
    "they",
    "i",
    "we",
    "you",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "you", "him", "her", "them",
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum SpeakerKind {
    Named,
    Pronoun,
    Unnamed,
    Absent,
}

struct GoldAttribution {
    direct: bool,
    /// PolNeAR's character offset of the start, which names it in the hand-read pronoun file.
    char_start: u64,
    /// Byte ranges of the quoted content.
    content: Vec<Range<usize>>,
    speaker: Option<String>,
    kind: SpeakerKind,
}

/// Words of a speaker span or name, lower case, possessives and punctuation off.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map(|w| {
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of the name a speaker span is about, lower case: the first run of capitalised words
/// (titles aside) that is not a modifier of a lower-case noun after it. "Flynn, a top Trump
/// surrogate" is about Flynn; "a narrator in the Clinton ad" and "Obama's former campaign
/// strategist" name nobody; "Rep. Jim Clyburn (D-S.C.), the assistant leader" is Jim Clyburn.
fn head_name(s: &str) -> Vec<String> {
    let ws: Vec<&str> = s.split_whitespace().collect();
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && words(w)
                .iter()
                .all(|x| !NOT_NAME_WORDS.contains(&x.as_str()) && x.len() > 1)
    };
    let mut i = 0;
    while i < ws.len() {
        if !capitalised(ws[i]) {
            i += 1;
            continue;
        }
        let start = i;
        // A run ends at a clause break: "Flynn, a top Trump surrogate".
        while i < ws.len() && capitalised(ws[i]) {
            i += 1;
            if ws[i - 1].ends_with([',', ')']) {
                break;
            }
        }
        let run = &ws[start..i];
        let last = run[run.len() - 1];
        let possessive = last.ends_with("'s") || last.ends_with("’s");
        let modifier = possessive
            || (!last.ends_with([',', ')', ';', ':'])
                && ws
                    .get(i)
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase)));
        if !modifier {
            return run.iter().flat_map(|w| words(w)).collect();
        }
    }
    Vec::new()
}

fn speaker_kind(span: Option<&str>) -> SpeakerKind {
    match span {
        None => SpeakerKind::Absent,
        Some(s) if PRONOUNS.contains(&s.trim().to_lowercase().as_str()) => SpeakerKind::Pronoun,
        Some(s) if !head_name(s).is_empty() => SpeakerKind::Named,
        Some(_) => SpeakerKind::Unnamed,
    }
}

/// Chorus's speaker `predicted` is the gold span's speaker `gold` (see the module comment).
fn same_speaker(predicted: &str, gold: &str) -> bool {
    let p = words(predicted);
    let g = words(gold);
    let gn = head_name(gold);
    (!p.is_empty() && p.iter().all(|w| g.contains(w)))
        || (!gn.is_empty() && gn.iter().all(|w| p.contains(w)))
}

/// Byte ranges of the word tokens (runs of letters and digits) of `text`.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Token indices whose start lies inside `r`.
fn token_set(toks: &[Range<usize>], r: &Range<usize>) -> Range<usize> {
    let a = toks.partition_point(|t| t.start < r.start);
    let b = toks.partition_point(|t| t.start < r.end);
    a..b
}

fn gold_of(v: &serde_json::Value, text: &str) -> Vec<GoldAttribution> {
    // PolNeAR's offsets count characters (Python); the pipeline's count bytes.
    let byte_at = crate::input::byte_offsets(text);
    let b = |c: &serde_json::Value| {
        c.as_u64()
            .and_then(|c| byte_at.get(c as usize).copied())
            .unwrap_or(text.len())
    };
    let mut out = Vec::new();
    for q in v["quotes"].as_array().into_iter().flatten() {
        let kind = q["kind"].as_str().unwrap_or_default();
        let content: Vec<Range<usize>> = match q["content_fragments"].as_array() {
            Some(frags) => frags.iter().map(|f| b(&f[0])..b(&f[1])).collect(),
            None => std::iter::once(b(&q["start"])..b(&q["end"])).collect(),
        };
        let speaker = q["speaker"].as_str().map(str::to_string);
        // PolNeAR's `kind` was derived reading only double-quote characters; NYT archive copy
        // marks quotations ''so'', and those are direct quotations too.
        let quoted = |r: &Range<usize>| {
            let t = text[r.clone()].trim_matches(|c: char| c.is_whitespace() || c == '.');
            t.starts_with("''") && t.ends_with("''") && t.len() > 4
        };
        let archive = kind == "indirect" && !content.is_empty() && content.iter().all(quoted);
        let kind = if archive { "direct" } else { kind };
        out.push(GoldAttribution {
            direct: kind == "direct",
            char_start: q["start"].as_u64().unwrap_or_default(),
            content,
            kind: speaker_kind(speaker.as_deref()),
            speaker,
        });
        if kind == "indirect" {
            // Kept for the pronoun proxy (an earlier named speaker), never as quoted content.
            out.last_mut().expect("just pushed").content.clear();
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    reported: usize,
    reported_right: usize,
    gold: usize,
    found: usize,
    /// (right, judged) per speaker kind: named, pronoun (proxy or hand-read), unnamed, and
    /// named or a pronoun standing for a name (hand-read).
    speakers: [(usize, usize); 4],
    skipped_articles: usize,
}

/// (article id, quotation start) → the name the pronoun stands for, or None for no one.
type Referents = std::collections::HashMap<(String, u64), Option<String>>;

fn read_referents(path: &std::path::Path) -> Result<Referents> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let mut out = Referents::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 5 {
            bail!("{}: expected 5 columns: {line}", path.display());
        }
        let referent = (f[4] != "-").then(|| f[4].to_string());
        out.insert((f[0].to_string(), f[1].parse()?), referent);
    }
    Ok(out)
}

pub fn cmd_quote_eval(a: QuoteEvalArgs) -> Result<()> {
    let referents = a.pronouns.as_deref().map(read_referents).transpose()?;
    let mut t = Tally::default();
    let mut shown = [0usize; 5]; // missed, wrong span, wrong named, pronoun, unnamed speaker
    let started = std::time::Instant::now();
    for v in crate::ner::read_lines(&a.polnear)? {
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let story = chorus::ingest::story_from_texts(&[(id.clone(), text.clone().into_bytes())])?;
        if story.articles[0].text != text {
            // Offsets would not line up (ingestion normalised the text); counted, not hidden.
            t.skipped_articles += 1;
            continue;
        }
        let options = chorus::BriefOptions::default();
        let brief = chorus::make_brief(&story, &options)?;
        let toks = tokens(&text);
        let gold = gold_of(&v, &text);
        let spans: Vec<(Range<usize>, Option<&str>)> = brief
            .quotes
            .iter()
            .flat_map(|q| {
                q.support
                    .iter()
                    .map(move |s| (s.start..s.end, q.speaker.as_deref()))
            })
            .collect();
        // Which gold attribution each reported span belongs to.
        let mut owner: Vec<Option<usize>> = Vec::new();
        for (r, _) in &spans {
            let mine = token_set(&toks, r);
            let n = mine.len().max(1);
            let best = gold
                .iter()
                .enumerate()
                .map(|(g, att)| {
                    let inside = mine
                        .clone()
                        .filter(|&k| att.content.iter().any(|c| c.contains(&toks[k].start)))
                        .count();
                    (g, inside)
                })
                .max_by_key(|&(_, inside)| inside)
                .filter(|&(_, inside)| inside * 10 >= n * 9)
                .map(|(g, _)| g);
            t.reported += 1;
            t.reported_right += best.is_some() as usize;
            if best.is_none() && shown[1] < a.list {
                shown[1] += 1;
                println!(
                    "reported, not a gold quotation: {id} {:?}",
                    &text[r.clone()]
                );
            }
            owner.push(best);
        }
        for (g, att) in gold.iter().enumerate().filter(|(_, g)| g.direct) {
            t.gold += 1;
            let want: Vec<usize> = att
                .content
                .iter()
                .flat_map(|c| token_set(&toks, c))
                .collect();
            let mine: Vec<usize> = (0..spans.len()).filter(|&i| owner[i] == Some(g)).collect();
            let covered = want
                .iter()
                .filter(|&&k| {
                    mine.iter().any(|&i| {
                        spans[i].0.start <= toks[k].start && toks[k].end <= spans[i].0.end
                    })
                })
                .count();
            if covered * 10 < want.len() * 9 || mine.is_empty() {
                if shown[0] < a.list {
                    shown[0] += 1;
                    let c = &att.content[0];
                    println!(
                        "missed: {id} {:?} ({covered} of {} tokens)",
                        &text[c.clone()],
                        want.len()
                    );
                }
                continue;
            }
            t.found += 1;
            // The speaker of the longest reported span of this quotation.
            let predicted = mine
                .iter()
                .max_by_key(|&&i| spans[i].0.len())
                .and_then(|&i| spans[i].1);
            let slot = match att.kind {
                SpeakerKind::Named => 0,
                SpeakerKind::Pronoun => 1,
                SpeakerKind::Unnamed => 2,
                SpeakerKind::Absent => continue,
            };
            let hand_read = referents
                .as_ref()
                .and_then(|r| r.get(&(id.clone(), att.char_start)));
            let answer = match (att.kind, hand_read) {
                (SpeakerKind::Pronoun, Some(referent)) => referent.clone(),
                (SpeakerKind::Pronoun, None) => gold[..g]
                    .iter()
                    .rev()
                    .find(|e| e.kind == SpeakerKind::Named)
                    .and_then(|e| e.speaker.clone()),
                _ => att.speaker.clone(),
            };
            let no_one = att.kind == SpeakerKind::Unnamed || hand_read == Some(&None);
            let right = match (predicted, &answer) {
                (None, _) if no_one => true,
                (Some(p), Some(gold_name)) => same_speaker(p, gold_name),
                _ => false,
            };
            t.speakers[slot].1 += 1;
            t.speakers[slot].0 += right as usize;
            // Quotations whose speaker is a person the text names, directly or by a pronoun.
            if att.kind == SpeakerKind::Named || hand_read.is_some_and(Option::is_some) {
                t.speakers[3].1 += 1;
                t.speakers[3].0 += right as usize;
            }
            if !right && shown[2 + slot] < a.list {
                shown[2 + slot] += 1;
                let c = &att.content[0];
                let from = text.floor_char_boundary(c.start.saturating_sub(120));
                let to = text.ceil_char_boundary((c.end + 120).min(text.len()));
                println!(
                    "wrong speaker ({}): {id} gold {:?} (as written {:?}), Chorus {:?}: …{}…",
                    ["named", "pronoun", "unnamed"][slot],
                    answer,
                    att.speaker,
                    predicted,
                    text[from..to].replace('\n', " ")
                );
            }
        }
    }
    let p = t.reported_right as f64 / t.reported.max(1) as f64;
    let r = t.found as f64 / t.gold.max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!(
        "PolNeAR {}: direct quotations P {p:.3} ({} of {} reported) R {r:.3} ({} of {} gold) F1 {f1:.3}",
        a.polnear.display(),
        t.reported_right,
        t.reported,
        t.found,
        t.gold
    );
    let acc = |(right, judged): (usize, usize)| right as f64 / judged.max(1) as f64;
    let [named, pronoun, unnamed, resolved] = t.speakers;
    let against = if referents.is_some() {
        "against the hand-read referent"
    } else {
        "against the nearest earlier named gold speaker (a proxy)"
    };
    println!(
        "speakers of found quotations: named {:.3} ({} of {}); pronoun, {against} {:.3} ({} of {}); described without a name, right only when Chorus names no one (\"the president\" is often someone named: a lower bound) {:.3} ({} of {})",
        acc(named),
        named.0,
        named.1,
        acc(pronoun),
        pronoun.0,
        pronoun.1,
        acc(unnamed),
        unnamed.0,
        unnamed.1
    );
    if referents.is_some() {
        println!(
            "speakers that are a name or a pronoun standing for one: {:.3} ({} of {})",
            acc(resolved),
            resolved.0,
            resolved.1
        );
    }
    println!(
        "{} articles skipped (text changed by ingestion); {:.1} s",
        t.skipped_articles,
        started.elapsed().as_secs_f64()
    );
    if let Some(min) = a.min_f1 {
        if f1 < min || t.gold == 0 {
            bail!("direct-quotation F1 {f1:.3} below {min}");
        }
    }
    if let Some(min) = a.min_resolved_speaker {
        if referents.is_none() || acc(resolved) < min || resolved.1 == 0 {
            bail!(
                "speaker accuracy over names and resolved pronouns {:.3} below {min} (needs --pronouns)",
                acc(resolved)
            );
        }
    }
    if let Some(min) = a.min_speaker {
        if acc(named) < min || named.1 == 0 {
            bail!("named-speaker accuracy {:.3} below {min}", acc(named));
        }
    }
    Ok(())
}
