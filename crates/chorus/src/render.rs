//! Rendering a brief as text, Markdown or JSON. Deterministic: the same brief gives the same bytes.

use crate::brief::{Brief, SourceInfo};
use crate::coverage::SourceCoverage;
use crate::entities::{Entity, EntityKind};
use crate::facts::{Fact, FactStatus};
use crate::support::Support;
use crate::timeline::{Precision, TimelineEvent};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" | "txt" => Ok(Format::Text),
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format {other:?}; use text, md or json")),
        }
    }
}

pub fn render(brief: &Brief, format: Format) -> String {
    match format {
        Format::Text => text(brief),
        Format::Markdown => markdown(brief),
        Format::Json => {
            serde_json::to_string_pretty(brief).expect("a brief always serialises") + "\n"
        }
    }
}

/// One section of a brief on its own (`chorus brief --only quotes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Summary,
    Quotes,
    Facts,
    Entities,
    Timeline,
    Coverage,
}

/// The sections `--only` takes, by name.
pub const SECTIONS: &[(&str, Section)] = &[
    ("summary", Section::Summary),
    ("quotes", Section::Quotes),
    ("facts", Section::Facts),
    ("entities", Section::Entities),
    ("timeline", Section::Timeline),
    ("coverage", Section::Coverage),
];

impl std::str::FromStr for Section {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        SECTIONS
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, section)| *section)
            .ok_or_else(|| {
                let names: Vec<&str> = SECTIONS.iter().map(|(n, _)| *n).collect();
                format!("unknown section {s:?}; available: {}", names.join(", "))
            })
    }
}

pub fn render_section(brief: &Brief, section: Section, format: Format) -> String {
    match (section, format) {
        (Section::Summary, Format::Json) => json_section("summary", &brief.summary),
        (Section::Summary, Format::Markdown) => summary_markdown(brief),
        (Section::Summary, Format::Text) => summary_text(brief),
        (Section::Quotes, Format::Json) => json_section("quotes", &brief.quotes),
        (Section::Quotes, Format::Markdown) => quotes_markdown(brief),
        (Section::Quotes, Format::Text) => quotes_text(brief),
        (Section::Facts, Format::Json) => json_section("facts", &brief.facts),
        (Section::Facts, Format::Markdown) => facts_markdown(brief),
        (Section::Facts, Format::Text) => facts_text(brief),
        (Section::Entities, Format::Json) => json_section("entities", &brief.entities),
        (Section::Entities, Format::Markdown) => entities_markdown(brief),
        (Section::Entities, Format::Text) => entities_text(brief),
        (Section::Timeline, Format::Json) => json_section("timeline", &brief.timeline),
        (Section::Timeline, Format::Markdown) => timeline_markdown(brief),
        (Section::Timeline, Format::Text) => timeline_text(brief),
        (Section::Coverage, Format::Json) => json_section("coverage", &brief.coverage),
        (Section::Coverage, Format::Markdown) => coverage_markdown(brief),
        (Section::Coverage, Format::Text) => coverage_text(brief),
    }
}

/// Timeline events shown in text and Markdown (all are in the JSON).
const EVENTS_SHOWN: usize = 12;

fn event_date(e: &TimelineEvent) -> String {
    match (&e.date, e.precision) {
        (Some(d), Some(Precision::Year)) => d[..4].to_string(),
        (Some(d), Some(Precision::Month)) => d[..7].to_string(),
        (Some(d), Some(Precision::Week)) => format!("week of {d}"),
        (Some(d), _) => d.clone(),
        (None, _) => e.when.clone(),
    }
}

/// Said once above the timeline, not on every line: why some dates are left as written.
const UNANCHORED_NOTE: &str =
    "Dates such as \"Tuesday\" are left as written: no publication date to anchor them.";

/// Whether any shown event's date is left relative (its article has no publication date).
fn any_unanchored(brief: &Brief) -> bool {
    brief
        .timeline
        .iter()
        .take(EVENTS_SHOWN)
        .any(|e| e.date.is_none())
}

fn timeline_text(brief: &Brief) -> String {
    let mut out = String::new();
    if any_unanchored(brief) {
        let _ = writeln!(out, "({UNANCHORED_NOTE})");
    }
    for e in brief.timeline.iter().take(EVENTS_SHOWN) {
        // "2026-11-10 (Tuesday)" when the date was worked out; "Tuesday" alone when not.
        let when = match &e.date {
            Some(_) => format!("{} ({})", event_date(e), e.when),
            None => e.when.clone(),
        };
        let _ = writeln!(out, "{when}: {} {}", e.text, cite_text(&e.support));
    }
    out
}

fn timeline_markdown(brief: &Brief) -> String {
    let mut out = String::from("## Timeline\n\n");
    if brief.timeline.is_empty() {
        out.push_str("No dated events found.\n");
    }
    if any_unanchored(brief) {
        let _ = writeln!(out, "*{}*\n", md_escape(UNANCHORED_NOTE));
    }
    for e in brief.timeline.iter().take(EVENTS_SHOWN) {
        let date = if e.date.is_some() {
            format!("**{}** ({})", md_escape(&event_date(e)), md_escape(&e.when))
        } else {
            format!("*{}*", md_escape(&e.when))
        };
        let _ = writeln!(
            out,
            "- {date}: {} {}",
            md_escape(&e.text),
            cite_md(&e.support)
        );
    }
    if brief.timeline.len() > EVENTS_SHOWN {
        let _ = writeln!(
            out,
            "- … and {} more (in the JSON).",
            brief.timeline.len() - EVENTS_SHOWN
        );
    }
    out
}

fn overlap_line(c: &SourceCoverage) -> String {
    let parts: Vec<String> = c
        .overlap
        .iter()
        .map(|o| format!("{:.0}% with [{}]", o.shared * 100.0, o.source))
        .collect();
    format!(
        "{} points, {} its own; shares {}",
        c.points,
        c.exclusive_points,
        if parts.is_empty() {
            "nothing (one source)".to_string()
        } else {
            parts.join(", ")
        }
    )
}

fn coverage_text(brief: &Brief) -> String {
    let mut out = String::new();
    for c in &brief.coverage {
        let _ = writeln!(out, "[{}] {}", c.source, overlap_line(c));
        for p in &c.exclusive {
            let _ = writeln!(out, "    only here: {}", p.text);
        }
    }
    out
}

fn coverage_markdown(brief: &Brief) -> String {
    let mut out = String::from("## What each source adds\n\n");
    for c in &brief.coverage {
        let name = brief
            .sources
            .iter()
            .find(|s| s.id == c.source)
            .map(|s| s.meta.outlet.clone().unwrap_or_else(|| s.name.clone()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **[{}] {}** — {}",
            c.source,
            md_escape(&name),
            overlap_line(c)
        );
        for p in &c.exclusive {
            cited_md_line(&mut out, "  - only here:", &p.text, &p.support);
        }
    }
    out
}

/// Entities shown in text and Markdown (all are in the JSON).
const ENTITIES_SHOWN: usize = 15;

fn kind_word(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organisation",
        EntityKind::Place => "place",
        EntityKind::Other => "name",
    }
}

fn entity_line(e: &Entity, escape: fn(&str) -> String) -> String {
    let mut about = kind_word(e.kind).to_string();
    if let Some(r) = e.roles.first() {
        let _ = write!(about, "; {}", escape(r));
    }
    let mut line = format!(
        "{} ({about}), {} mention{}",
        escape(&e.name),
        e.mentions,
        if e.mentions == 1 { "" } else { "s" }
    );
    if !e.variants.is_empty() {
        let v: Vec<String> = e.variants.iter().map(|v| escape(v)).collect();
        let _ = write!(line, ", also “{}”", v.join("”, “"));
    }
    line
}

fn entities_text(brief: &Brief) -> String {
    let mut out = String::new();
    for e in brief.entities.iter().take(ENTITIES_SHOWN) {
        let _ = writeln!(
            out,
            "{} {}",
            entity_line(e, str::to_string),
            cite_text(&e.support)
        );
    }
    out
}

fn entities_markdown(brief: &Brief) -> String {
    let mut out = String::from("## People, organisations, places\n\n");
    if brief.entities.is_empty() {
        out.push_str("No names found.\n");
    }
    for e in brief.entities.iter().take(ENTITIES_SHOWN) {
        let _ = writeln!(
            out,
            "- {} {}",
            entity_line(e, md_escape),
            cite_md(&e.support)
        );
    }
    if brief.entities.len() > ENTITIES_SHOWN {
        let _ = writeln!(
            out,
            "- … and {} more (in the JSON).",
            brief.entities.len() - ENTITIES_SHOWN
        );
    }
    out
}

fn json_section<T: serde::Serialize>(name: &str, value: &T) -> String {
    let mut map = serde_json::Map::new();
    map.insert(
        name.to_string(),
        serde_json::to_value(value).expect("sections serialise"),
    );
    serde_json::to_string_pretty(&map).expect("sections serialise") + "\n"
}

/// Facts shown in text and Markdown (all are in the JSON): at most `FACTS_SHOWN`, those several
/// sources report first (conflicts, then agreements, the most sources first), then those one
/// source alone gives — the ones said in a summary sentence first, then in story order. An
/// editor reads five right figures, not sixteen.
pub const FACTS_SHOWN: usize = 8;

/// The facts text and Markdown show, and how many more the JSON holds.
pub fn shown_facts(brief: &Brief) -> (Vec<&Fact>, usize) {
    let in_summary = |f: &Fact| {
        f.values.iter().flat_map(|v| &v.support).any(|s| {
            brief
                .summary
                .iter()
                .flat_map(|i| &i.support)
                .any(|t| t.source == s.source && t.start <= s.start && s.end <= t.end)
        })
    };
    // `facts` is already ranked by status and sources. A figure one source gives is shown only
    // when the summary says it: an editor wants the few figures that matter, not every number
    // of every article (the rest stay in the JSON and behind the page's button).
    let ranked: Vec<(usize, &Fact)> = brief
        .facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.status != FactStatus::Single || in_summary(f))
        .collect();
    let shown: Vec<&Fact> = ranked
        .into_iter()
        .take(FACTS_SHOWN)
        .map(|(_, f)| f)
        .collect();
    let more = brief.facts.len() - shown.len();
    (shown, more)
}

fn status_word(s: FactStatus) -> &'static str {
    match s {
        FactStatus::Conflict => "CONFLICT",
        FactStatus::Agree => "agree",
        FactStatus::Single => "one source",
    }
}

fn facts_text(brief: &Brief) -> String {
    let mut out = String::new();
    let (shown, more) = shown_facts(brief);
    for f in shown {
        let values: Vec<String> = f
            .values
            .iter()
            .map(|v| format!("{} {}", v.text, cite_text(&v.support)))
            .collect();
        let _ = writeln!(
            out,
            "{} ({}): {}",
            f.subject,
            status_word(f.status),
            values.join("; ")
        );
    }
    if more > 0 {
        let _ = writeln!(out, "… and {more} more (see the JSON).");
    }
    out
}

fn facts_markdown(brief: &Brief) -> String {
    let mut out = String::from("## Facts\n\n");
    let (shown, more) = shown_facts(brief);
    if shown.is_empty() {
        out.push_str("No figures found.\n");
    }
    for f in shown {
        let values: Vec<String> = f
            .values
            .iter()
            .map(|v| format!("“{}” {}", md_escape(&v.text), cite_md(&v.support)))
            .collect();
        let status = match f.status {
            FactStatus::Conflict => "**conflict**".to_string(),
            s => status_word(s).to_string(),
        };
        let _ = writeln!(
            out,
            "- **{}** — {status}: {}",
            md_escape(&f.subject),
            values.join("; ")
        );
    }
    if more > 0 {
        let _ = writeln!(out, "- … and {more} more (in the JSON).");
    }
    out
}

/// The distinct sources of some supports, ascending.
fn sources_of(support: &[Support]) -> Vec<usize> {
    let mut v: Vec<usize> = support.iter().map(|s| s.source).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Citations as plain text ("[1,3]") and as Markdown ("[1][3]").
fn cite_text(support: &[Support]) -> String {
    let ids: Vec<String> = sources_of(support).iter().map(|s| s.to_string()).collect();
    format!("[{}]", ids.join(","))
}

fn cite_md(support: &[Support]) -> String {
    sources_of(support)
        .iter()
        .map(|s| format!("[{s}]"))
        .collect()
}

fn quotes_text(brief: &Brief) -> String {
    let mut out = String::new();
    for q in &brief.quotes {
        let who = match (&q.speaker, &q.speaker_role) {
            (Some(s), Some(r)) => format!("{s} ({r})"),
            (Some(s), None) => s.clone(),
            (None, _) => "(unresolved)".to_string(),
        };
        let _ = writeln!(out, "{who}: “{}” {}", q.text, cite_text(&q.support));
    }
    out
}

fn quotes_markdown(brief: &Brief) -> String {
    let mut out = String::from("## Quotes\n\n");
    if brief.quotes.is_empty() {
        out.push_str("No attributed quotations.\n");
    }
    for q in &brief.quotes {
        let cites = cite_md(&q.support);
        let speaker = match (&q.speaker, &q.speaker_role) {
            (Some(s), Some(r)) => format!("**{}** ({})", md_escape(s), md_escape(r)),
            (Some(s), None) => format!("**{}**", md_escape(s)),
            (None, _) => "*unresolved speaker*".to_string(),
        };
        let _ = writeln!(out, "- {speaker}: “{}” {cites}", md_escape(&q.text));
    }
    out
}

fn source_label(s: &SourceInfo) -> String {
    let m = &s.meta;
    let mut label = m.outlet.clone().unwrap_or_else(|| s.name.clone());
    if let Some(t) = &m.title {
        let _ = write!(label, " — {t}");
    }
    if let Some(p) = &m.published {
        let _ = write!(label, " ({p})");
    }
    if let Some(u) = &m.url {
        let _ = write!(label, " <{u}>");
    }
    label
}

fn summary_text(brief: &Brief) -> String {
    let mut out = String::new();
    for item in &brief.summary {
        let _ = writeln!(out, "{} {}", item.text, cite_text(&item.support));
    }
    out
}

/// One Markdown line: a marker, the sentence, and where it comes from.
fn cited_md_line(out: &mut String, marker: &str, text: &str, support: &[Support]) {
    let _ = writeln!(out, "{marker} {} {}", md_escape(text), cite_md(support));
}

fn summary_markdown(brief: &Brief) -> String {
    let mut out = String::new();
    for item in &brief.summary {
        cited_md_line(&mut out, "-", &item.text, &item.support);
    }
    out
}

/// "1 sentence", "2 sentences".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn text(brief: &Brief) -> String {
    let mut out = summary_text(brief);
    if !brief.quotes.is_empty() {
        let _ = writeln!(out, "\nQuotes:");
        out.push_str(&quotes_text(brief));
    }
    if !brief.facts.is_empty() {
        let _ = writeln!(out, "\nFacts:");
        out.push_str(&facts_text(brief));
    }
    if !brief.entities.is_empty() {
        let _ = writeln!(out, "\nPeople, organisations, places:");
        out.push_str(&entities_text(brief));
    }
    if !brief.timeline.is_empty() {
        let _ = writeln!(out, "\nTimeline:");
        out.push_str(&timeline_text(brief));
    }
    if brief.coverage.len() > 1 {
        let _ = writeln!(out, "\nWhat each source adds:");
        out.push_str(&coverage_text(brief));
    }
    let _ = writeln!(out, "\nSources:");
    for s in &brief.sources {
        let _ = writeln!(out, "[{}] {}", s.id, source_label(s));
        if let Some(w) = &s.warning {
            let _ = writeln!(out, "    warning: {w}");
        }
    }
    out
}

/// Escapes the characters Markdown would read as markup in running text.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(brief: &Brief) -> String {
    let mut out = String::new();
    let title = brief
        .story
        .as_deref()
        .map(|s| format!("Brief: {s}"))
        .unwrap_or_else(|| "Brief".to_string());
    let _ = writeln!(out, "# {}\n", md_escape(&title));
    out.push_str(&summary_markdown(brief));
    let _ = writeln!(out);
    out.push_str(&quotes_markdown(brief));
    let _ = writeln!(out);
    out.push_str(&facts_markdown(brief));
    let _ = writeln!(out);
    out.push_str(&entities_markdown(brief));
    let _ = writeln!(out);
    out.push_str(&timeline_markdown(brief));
    if brief.coverage.len() > 1 {
        let _ = writeln!(out);
        out.push_str(&coverage_markdown(brief));
    }
    let _ = writeln!(out, "\n## Sources\n");
    for s in &brief.sources {
        let _ = writeln!(
            out,
            "{}. {} ({}, {} kept, {} dropped)",
            s.id,
            md_escape(&source_label(s)),
            count(s.words, "word", "words"),
            count(s.sentences, "sentence", "sentences"),
            count(s.dropped.len(), "passage", "passages")
        );
        if let Some(w) = &s.warning {
            let _ = writeln!(out, "   **Warning:** {}", md_escape(w));
        }
    }
    out
}
