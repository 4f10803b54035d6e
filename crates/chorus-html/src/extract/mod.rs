//! Main-content extraction: which blocks of a page are the article.
//!
//! Ours, in three steps (why ours: ARCHITECTURE.md):
//! 1. **Prune** subtrees that are not the article by what they are — navigation, asides, footers,
//!    forms controls, media, captions, hidden elements, and elements whose class/id/role names
//!    comments, sharing, related links, newsletters, cookie banners, ads — each with a reason. A
//!    prune never removes an element that holds most of the page's paragraph text.
//! 2. **Locate** the article: readability-style scores for paragraphs (length, commas), passed up
//!    to their ancestors with decay, damped by link density; when the page embeds its own text in
//!    JSON-LD `articleBody`, the element whose words best cover it wins instead. Siblings of the
//!    winner that score well or read as prose join it.
//! 3. **Filter** the blocks inside: link lists, bylines, datelines, the headline, and short lines
//!    that are page furniture ("Advertisement", "Read more") are dropped with a reason.

use std::collections::HashSet;

use serde::Serialize;

mod filter;
mod locate;
mod prune;
use filter::*;
use locate::*;
use prune::*;

use crate::dom::{collapse_whitespace, is_white_space_byte, Dom, NodeId, NodeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    Preformatted,
}

/// One paragraph-like piece of the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// Text taken out of the page, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    pub reason: &'static str,
    pub text: String,
    /// The pruned element, as `tag#id.class` (for prunes of whole elements).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
}

#[derive(Debug, Default)]
pub struct Extraction {
    pub blocks: Vec<Block>,
    pub dropped: Vec<Dropped>,
}

/// Dropped text is kept for inspection, cut to this many bytes per piece.
const DROPPED_TEXT_MAX: usize = 300;

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "figure",
    "header",
    "footer",
    "address",
    "center",
    "body",
    "html",
    "#document",
    "form",
    "fieldset",
    "hr",
    "br",
];

fn is_block(name: &str) -> bool {
    BLOCK_TAGS.contains(&name)
}

/// Characters that are not whitespace (as `char::is_whitespace` says), counted byte by byte when
/// the text is ASCII: every text node of a page is counted.
fn visible_chars(t: &str) -> usize {
    if t.is_ascii() {
        t.bytes().filter(|&b| !is_white_space_byte(b)).count()
    } else {
        t.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// Per-node sums over the subtree, computed once bottom-up.
#[derive(Clone, Copy, Default)]
struct Stats {
    chars: usize,
    link_chars: usize,
    /// Characters of prose: text inside `<p>`, or long runs of text outside links (pages that set
    /// their paragraphs in `<div>`s).
    p_chars: usize,
}

/// Sums per node, bottom-up; pruned subtrees count nothing. `counted`, sums made before over the
/// same DOM, gives its text nodes' counts (the costly part) to reuse.
fn stats(
    dom: &Dom,
    order: &[NodeId],
    pruned: &[Option<&'static str>],
    counted: Option<&[Stats]>,
) -> Vec<Stats> {
    let mut s = vec![Stats::default(); dom.len()];
    for &id in order.iter().rev() {
        if pruned[id].is_some() {
            continue;
        }
        let mut own = Stats::default();
        match dom.node(id) {
            NodeKind::Text(t) => {
                own.chars = counted.map_or_else(|| visible_chars(t), |c| c[id].chars);
                if own.chars >= 80 {
                    own.p_chars = own.chars;
                }
            }
            NodeKind::Element(name) => {
                for c in dom.children(id) {
                    own.chars += s[c].chars;
                    own.link_chars += s[c].link_chars;
                    own.p_chars += s[c].p_chars;
                }
                if name == "a" {
                    own.link_chars = own.chars;
                    own.p_chars = 0;
                }
                if name == "p" {
                    own.p_chars = own.chars;
                }
            }
        }
        s[id] = own;
    }
    s
}

struct RawBlock {
    container: NodeId,
    kind: BlockKind,
    text: String,
    link_chars: usize,
    tail: TailHeading,
}

/// Walks the kept tree and cuts it into blocks at block-level elements.
fn blocks(dom: &Dom, pruned: &[Option<&'static str>]) -> Vec<RawBlock> {
    struct Open {
        container: NodeId,
        kind: BlockKind,
    }
    let mut out = Vec::new();
    let mut text = String::new();
    let mut link_chars = 0;
    // Stack of (node, entering?) for an iterative walk with exit events.
    let mut walk = vec![(dom.root(), true)];
    let mut context: Vec<Open> = vec![Open {
        container: dom.root(),
        kind: BlockKind::Paragraph,
    }];
    let mut in_link = 0usize;
    let flush = |text: &mut String,
                 link_chars: &mut usize,
                 context: &Vec<Open>,
                 out: &mut Vec<RawBlock>| {
        let t = collapse_whitespace(text);
        if !t.is_empty() {
            let top = context.last().expect("root context");
            out.push(RawBlock {
                container: top.container,
                kind: top.kind,
                tail: tail_heading(&t),
                text: t,
                link_chars: *link_chars,
            });
        }
        text.clear();
        *link_chars = 0;
    };
    while let Some((id, entering)) = walk.pop() {
        match dom.node(id) {
            NodeKind::Text(t) => {
                text.push_str(t);
                if in_link > 0 {
                    link_chars += visible_chars(t);
                }
            }
            NodeKind::Element(name) => {
                if pruned[id].is_some() {
                    continue;
                }
                let block = is_block(name);
                if entering {
                    if block {
                        flush(&mut text, &mut link_chars, &context, &mut out);
                        let parent_kind = context.last().map_or(BlockKind::Paragraph, |o| o.kind);
                        let kind = match name {
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                            "li" | "dd" | "dt" => BlockKind::ListItem,
                            "blockquote" => BlockKind::Quote,
                            "pre" => BlockKind::Preformatted,
                            _ if matches!(
                                parent_kind,
                                BlockKind::Quote | BlockKind::Preformatted | BlockKind::ListItem
                            ) =>
                            {
                                parent_kind
                            }
                            _ => BlockKind::Paragraph,
                        };
                        context.push(Open {
                            container: id,
                            kind,
                        });
                    }
                    if name == "a" {
                        in_link += 1;
                    }
                    walk.push((id, false));
                    let first = walk.len();
                    walk.extend(dom.children(id).map(|c| (c, true)));
                    walk[first..].reverse();
                } else {
                    if name == "a" {
                        in_link -= 1;
                    }
                    if block {
                        flush(&mut text, &mut link_chars, &context, &mut out);
                        if context.len() > 1 {
                            context.pop();
                        }
                    } else if matches!(name, "span" | "em" | "b" | "i" | "strong" | "a") {
                        // Inline: no break.
                    } else if matches!(name, "td" | "th") {
                        text.push(' ');
                    }
                }
            }
        }
    }
    flush(&mut text, &mut link_chars, &context, &mut out);
    out
}

fn words_of(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

pub(crate) fn extract(dom: &Dom, headline: Option<&str>, ld_body: Option<&str>) -> Extraction {
    let order: Vec<NodeId> = dom.descendants(dom.root()).collect();
    let all = stats(dom, &order, &vec![None; dom.len()], None);
    let hidden = hidden(dom, &order);
    let pruned = prune(dom, &order, &all, &hidden);
    let st = stats(dom, &order, &pruned, Some(&all));
    let raw = blocks(dom, &pruned);
    let mut ex = Extraction::default();
    for &id in &order {
        if let Some(reason) = pruned[id] {
            if reason == "head" {
                continue;
            }
            // Only the outermost pruned element is recorded: its text holds the inner ones'.
            if is_inside_pruned(dom, id, &pruned) {
                continue;
            }
            let t = dom.spaced_text_of(id, DROPPED_TEXT_MAX);
            if !t.is_empty() {
                let mut d = dropped(reason, &t);
                d.element = Some(describe(dom, id));
                ex.dropped.push(d);
            }
        }
    }
    let top = marked_body(dom, &order, &st, &hidden)
        .or_else(|| ld_body.and_then(|b| locate_by_body(dom, &raw, b)))
        .or_else(|| locate(dom, &raw, &st).map(|top| widen(dom, top, &st)));
    let Some(top) = top else {
        return ex;
    };
    let mut in_region = vec![false; dom.len()];
    for r in with_siblings(dom, top, &st, &raw) {
        for d in dom.descendants(r) {
            in_region[d] = true;
        }
    }
    let teaser = teaser_sections(dom, &raw, &st, &in_region, top);
    let headline = headline.map(|h| collapse_whitespace(h).to_lowercase());
    let region_chars: usize = raw
        .iter()
        .filter(|b| in_region[b.container])
        .map(|b| b.text.len())
        .sum();
    let mut seen_chars = 0;
    let mut tail = false;
    for b in raw {
        if !in_region[b.container] {
            ex.dropped.push(dropped("outside-article", &b.text));
            continue;
        }
        seen_chars += b.text.len();
        if !tail && is_tail_heading(&b) && seen_chars * 4 > region_chars * 3 {
            tail = true;
        }
        let chars = visible_chars(&b.text).max(1);
        let reason = if tail {
            Some("after-article")
        } else if teaser[b.container] {
            Some("teaser-section")
        } else if b.link_chars * 2 > chars && chars - b.link_chars < 100 {
            Some("link-list")
        } else if let Some(r) = furniture_line(&b.text) {
            Some(r)
        } else if is_tail_heading(&b) {
            Some("section-label")
        } else if headline
            .as_deref()
            .is_some_and(|h| b.text.to_lowercase() == h)
        {
            Some("headline")
        } else if is_byline(&b.text) {
            Some("byline")
        } else if is_dateline(&b.text) {
            Some("dateline")
        } else {
            None
        };
        match reason {
            Some(r) => ex.dropped.push(dropped(r, &b.text)),
            None => ex.blocks.push(Block {
                kind: b.kind,
                text: b.text,
            }),
        }
    }
    ex
}

/// Sections of the region that open with a teaser heading ("You may like…", "More from…"): lists
/// of other stories wherever they sit, also before the article's last quarter. A section is the
/// largest element whose text starts with the heading and that does not hold the located article
/// element (`top`); a heading amid the article's own text opens no section (it is only a label).
fn teaser_sections(
    dom: &Dom,
    raw: &[RawBlock],
    st: &[Stats],
    in_region: &[bool],
    top: NodeId,
) -> Vec<bool> {
    // Bounds the climb from each heading: deep nesting costs no more than shallow.
    const MAX_CLIMB: usize = 32;
    let mut teaser = vec![false; dom.len()];
    let mut holds_top = vec![false; dom.len()];
    let mut cur = Some(top);
    while let Some(a) = cur {
        holds_top[a] = true;
        cur = dom.parent(a);
    }
    // Region prose read so far: a heading above the article's first paragraph may open a wrapper
    // of the whole page ("Trending:" atop the main column), not a section after the article.
    let mut prose_before = false;
    for b in raw {
        if !in_region[b.container] || teaser[b.container] {
            continue;
        }
        if !is_teaser_heading(b) {
            prose_before |= is_prose(b) || b.kind == BlockKind::Paragraph && b.text.len() > 200;
            continue;
        }
        if !prose_before {
            continue;
        }
        let mut section = b.container;
        for _ in 0..MAX_CLIMB {
            let Some(parent) = dom.parent(section) else {
                break;
            };
            let text_before = dom
                .children(parent)
                .take_while(|&c| c != section)
                .any(|c| st[c].chars > 0);
            if !in_region[parent] || holds_top[parent] || text_before {
                break;
            }
            section = parent;
        }
        if section != b.container && !holds_top[section] {
            for d in dom.descendants(section) {
                teaser[d] = true;
            }
        }
    }
    teaser
}

fn is_inside_pruned(dom: &Dom, id: NodeId, pruned: &[Option<&'static str>]) -> bool {
    let mut cur = dom.parent(id);
    while let Some(p) = cur {
        if pruned[p].is_some() {
            return true;
        }
        cur = dom.parent(p);
    }
    false
}

fn dropped(reason: &'static str, text: &str) -> Dropped {
    let mut end = text.len().min(DROPPED_TEXT_MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Dropped {
        reason,
        text: text[..end].to_string(),
        element: None,
    }
}

/// `tag#id.class1.class2`, for reports.
fn describe(dom: &Dom, id: NodeId) -> String {
    let mut s = dom.name(id).unwrap_or("").to_string();
    if let Some(i) = dom.attr(id, "id").filter(|i| !i.is_empty()) {
        s.push('#');
        s.push_str(i);
    }
    for c in dom
        .attr(id, "class")
        .unwrap_or("")
        .split_whitespace()
        .take(3)
    {
        s.push('.');
        s.push_str(c);
    }
    if let Some(r) = dom.attr(id, "role") {
        s.push_str(&format!("[role={r}]"));
    }
    s
}

#[cfg(test)]
mod tests;
