//! Step 2: locating the article: readability-style scores, the element the page marks as its body,
//! or the one whose words cover its JSON-LD `articleBody`; and the siblings that belong with it.

use super::*;

/// Readability-style candidate scores: paragraphs pass their score up with decay.
pub(super) fn locate(dom: &Dom, raw: &[RawBlock], st: &[Stats]) -> Option<NodeId> {
    let mut score = vec![0.0f64; dom.len()];
    let mut seen = vec![false; dom.len()];
    // Text under a "You may like" or "Related" heading is other articles' teasers: it does not
    // vote for where the article is (a list of long teasers outweighs a short article).
    let mut under_tail_heading = false;
    for b in raw {
        if b.kind == BlockKind::Heading {
            under_tail_heading = is_teaser_heading(b);
            continue;
        }
        let chars = b.text.chars().count();
        if chars < 25 || under_tail_heading {
            continue;
        }
        let commas = b.text.matches([',', '，']).count() as f64;
        let s = 1.0 + commas + (chars as f64 / 100.0).min(3.0);
        let mut level = 0;
        let mut cur = dom.parent(b.container);
        if dom.name(b.container) != Some("p") {
            // Text directly in a div: the div itself is a candidate.
            cur = Some(b.container);
        }
        while let Some(a) = cur {
            if level > 4 {
                break;
            }
            if !seen[a] {
                seen[a] = true;
                score[a] += initial_score(dom, a);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            score[a] += s / divider;
            level += 1;
            cur = dom.parent(a);
        }
    }
    let mut best: Option<(NodeId, f64)> = None;
    for id in 0..dom.len() {
        if !seen[id] {
            continue;
        }
        let density = st[id].link_chars as f64 / st[id].chars.max(1) as f64;
        let s = score[id] * (1.0 - density);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((id, s));
        }
    }
    best.map(|(id, _)| id)
}

pub(super) fn initial_score(dom: &Dom, id: NodeId) -> f64 {
    let tag = match dom.name(id).unwrap_or("") {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let mut class = 0.0;
    if has_article_word(dom, id) {
        class += 25.0;
    }
    if furniture_reason(dom, id).is_some() {
        class -= 25.0;
    }
    tag + class
}

pub(super) fn is_marked_body(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "itemprop")
        .is_some_and(|v| v.split_whitespace().any(|w| w == "articleBody"))
}

/// The one visible element the page marks `itemprop="articleBody"`, when it holds most of the
/// page's prose.
pub(super) fn marked_body(
    dom: &Dom,
    order: &[NodeId],
    st: &[Stats],
    hidden: &Hidden,
) -> Option<NodeId> {
    let mut marked = order
        .iter()
        .copied()
        .filter(|&id| !hidden.within[id] && is_marked_body(dom, id));
    let first = marked.next()?;
    if marked.next().is_some() {
        return None;
    }
    let total = st[dom.root()].p_chars.max(1);
    (st[first].p_chars >= 300 && st[first].p_chars * 2 >= total).then_some(first)
}

/// Articles split into several containers (around ads, images, "companion columns"): climb
/// through wrappers — parents whose text is nearly all the located element's — so that the
/// sibling test sees the other parts.
pub(super) fn widen(dom: &Dom, mut top: NodeId, st: &[Stats]) -> NodeId {
    while let Some(parent) = dom.parent(top) {
        if matches!(dom.name(parent), Some("body" | "html" | "#document")) {
            break;
        }
        if st[top].chars * 100 >= st[parent].chars * 85 {
            top = parent;
        } else {
            break;
        }
    }
    top
}

/// When the page embeds its text as JSON-LD `articleBody`, the smallest element whose words cover
/// most of it is the article.
pub(super) fn locate_by_body(dom: &Dom, raw: &[RawBlock], body: &str) -> Option<NodeId> {
    let body_words: HashSet<String> = words_of(body).collect();
    if body_words.len() < 40 {
        return None;
    }
    // Words each block shares with the body, credited to every ancestor.
    let mut hits = vec![0usize; dom.len()];
    let mut total = vec![0usize; dom.len()];
    for b in raw {
        let words: Vec<String> = words_of(&b.text).collect();
        let shared = words.iter().filter(|w| body_words.contains(*w)).count();
        let mut cur = Some(b.container);
        while let Some(a) = cur {
            hits[a] += shared;
            total[a] += words.len();
            cur = dom.parent(a);
        }
    }
    let all = hits[dom.root()];
    if all == 0 {
        return None;
    }
    // The deepest element holding ≥ 90% of the matching words.
    let mut best: Option<(NodeId, usize)> = None;
    for (id, &h) in hits.iter().enumerate() {
        if h * 10 >= all * 9 && dom.name(id).is_some() {
            let depth = dom.depth(id);
            if best.is_none_or(|(_, d)| depth > d) {
                best = Some((id, depth));
            }
        }
    }
    let (id, _) = best?;
    // Only trust it when the element is mostly the body (else the JSON-LD was a teaser).
    (hits[id] * 2 >= total[id]).then_some(id)
}

/// A prose paragraph: long, and ends like a sentence.
pub(super) fn is_prose(b: &RawBlock) -> bool {
    b.kind == BlockKind::Paragraph
        && b.text.len() > 80
        && b.text.ends_with(['.', '"', '”', '?', '!'])
}

/// Siblings of the located element that belong to the article too: prose with few links, or
/// the same class as the located element (articles split around an inline ad).
pub(super) fn with_siblings(dom: &Dom, top: NodeId, st: &[Stats], raw: &[RawBlock]) -> Vec<NodeId> {
    let Some(parent) = dom.parent(top) else {
        return vec![top];
    };
    // Elements holding a prose paragraph, marked bottom-up.
    let mut prose = vec![false; dom.len()];
    for b in raw {
        if is_prose(b) {
            let mut cur = Some(b.container);
            while let Some(a) = cur {
                if prose[a] {
                    break;
                }
                prose[a] = true;
                cur = dom.parent(a);
            }
        }
    }
    let top_chars = st[top].chars.max(1);
    let top_class = dom.attr(top, "class");
    let mut out = Vec::new();
    for sib in dom.children(parent) {
        if sib == top {
            out.push(sib);
            continue;
        }
        if dom.name(sib).is_none() {
            continue;
        }
        let chars = st[sib].chars;
        let density = st[sib].link_chars as f64 / chars.max(1) as f64;
        let same_class = top_class.is_some() && dom.attr(sib, "class") == top_class;
        if density < 0.25 && prose[sib] && chars * 10 > top_chars
            || density < 0.5 && same_class && chars > 0
        {
            out.push(sib);
        }
    }
    out
}
