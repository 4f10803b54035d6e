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

/// Tags pruned wherever they are.
fn tag_reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "nav" | "menu" => "navigation",
        "aside" => "aside",
        "footer" => "footer",
        "button" | "select" | "input" | "label" | "option" | "textarea" => "control",
        "svg" | "canvas" | "video" | "audio" | "picture" | "object" | "embed" | "map" | "img" => {
            "media"
        }
        "figcaption" => "caption",
        "dialog" => "popup",
        "head" | "template" => "head",
        _ => return None,
    })
}

fn role_reason(role: &str) -> Option<&'static str> {
    Some(match role.to_ascii_lowercase().as_str() {
        "navigation" | "menu" | "menubar" => "navigation",
        "complementary" => "aside",
        "contentinfo" => "footer",
        "banner" => "header",
        "dialog" | "alertdialog" => "popup",
        "search" => "control",
        _ => return None,
    })
}

/// Class/id words that mark page furniture. Strong ones apply even beside an article word
/// ("article-comments"); weak ones only when no article word is there ("story-sidebar" stays weak).
const FURNITURE: &[(&str, &str, bool)] = &[
    ("comment", "comments", true),
    ("comments", "comments", true),
    ("disqus", "comments", true),
    ("respond", "comments", false),
    ("share", "share-prompt", true),
    ("sharing", "share-prompt", true),
    ("sharebar", "share-prompt", true),
    ("social", "share-prompt", false),
    ("related", "related-links", true),
    ("recommended", "related-links", true),
    ("recommendations", "related-links", true),
    ("outbrain", "related-links", true),
    ("taboola", "related-links", true),
    ("trending", "related-links", false),
    ("popular", "related-links", false),
    ("newsletter", "newsletter", true),
    ("subscribe", "newsletter", false),
    ("subscription", "newsletter", false),
    ("signup", "newsletter", false),
    ("cookie", "cookie-banner", true),
    ("cookies", "cookie-banner", true),
    ("consent", "cookie-banner", true),
    ("gdpr", "cookie-banner", true),
    ("ad", "advertisement", false),
    ("ads", "advertisement", false),
    ("advert", "advertisement", true),
    ("advertisement", "advertisement", true),
    ("adsense", "advertisement", true),
    ("sponsor", "advertisement", false),
    ("sponsored", "advertisement", false),
    ("promo", "advertisement", false),
    ("sidebar", "aside", false),
    ("widget", "aside", false),
    ("rail", "aside", false),
    ("footer", "footer", false),
    ("nav", "navigation", false),
    ("navbar", "navigation", false),
    ("navigation", "navigation", false),
    ("menu", "navigation", false),
    ("breadcrumb", "navigation", true),
    ("breadcrumbs", "navigation", true),
    ("pagination", "navigation", false),
    ("caption", "caption", false),
    ("image", "caption", false),
    ("photo", "caption", false),
    ("img", "caption", false),
    ("gallery", "caption", false),
    ("figure", "caption", false),
    ("credit", "caption", false),
    ("popup", "popup", true),
    ("popover", "popup", true),
    ("tooltip", "popup", true),
    ("rollover", "popup", true),
    ("hovercard", "popup", true),
    ("modal", "popup", false),
    ("overlay", "popup", false),
    ("paywall", "paywall", false),
    ("tags", "tags", false),
    ("toolbar", "share-prompt", false),
    ("print", "share-prompt", false),
    ("masthead", "header", false),
    ("skip", "navigation", false),
    ("hidden", "hidden", false),
];

/// Microdata properties whose elements are metadata, not article text.
const MICRODATA: &[&str] = &[
    "author",
    "publisher",
    "image",
    "logo",
    "keywords",
    "thumbnailUrl",
    "datePublished",
    "dateModified",
    "interactionStatistic",
    "isAccessibleForFree",
];

/// Class/id words that mark the article itself.
const ARTICLE_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "news", "embed",
];

/// The words of an element's class and id ("story-body__inner" → story, body, inner).
fn class_words<'a>(dom: &'a Dom, id: NodeId) -> impl Iterator<Item = &'a str> + 'a {
    ["class", "id"]
        .into_iter()
        .filter_map(move |k| dom.attr(id, k))
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
}

fn has_article_word(dom: &Dom, id: NodeId) -> bool {
    class_words(dom, id).any(|w| ARTICLE_WORDS.iter().any(|a| a.eq_ignore_ascii_case(w)))
}

/// Why an element's class or id marks it as furniture, if it does.
fn furniture_reason(dom: &Dom, id: NodeId) -> Option<&'static str> {
    // Whether an article word is there matters only for a weak word: asked then, once.
    let mut article = None;
    class_words(dom, id).find_map(|w| {
        let (reason, strong) = furniture_word(w)?;
        (strong || !*article.get_or_insert_with(|| has_article_word(dom, id))).then_some(reason)
    })
}

/// The `FURNITURE` entry of a class word, any case: (reason, strong).
fn furniture_word(w: &str) -> Option<(&'static str, bool)> {
    // A hash table: every class and id word of every element is looked up, and most are not
    // furniture (a sorted table cost a string comparison per halving).
    type Table = rustc_hash::FxHashMap<&'static str, (&'static str, bool)>;
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| FURNITURE.iter().map(|&(w, r, s)| (w, (r, s))).collect());
    // Every furniture word is short and lower case: longer words are not looked up.
    let mut buf = [0u8; 24];
    let lower = buf.get_mut(..w.len())?;
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).ok()?;
    table.get(lower).copied().or_else(|| {
        // Captions named in camel case ("imageEmbedCaption", "PhotoCaption"): a caption is never
        // the article, whatever words come before it.
        (lower.len() > "caption".len() && lower.ends_with("caption")).then_some(("caption", false))
    })
}

fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    // One pass over the attributes (a page has a name once): asked of every element.
    dom.attrs(id).any(|(k, v)| match k {
        "hidden" => true,
        "aria-hidden" => v == "true",
        "style" => style_hides(v),
        _ => false,
    })
}

/// `display: none` or `visibility: hidden` in a style attribute, any case and spacing.
fn style_hides(style: &str) -> bool {
    // Most styles say neither "none" nor "hidden": those are told without building a copy.
    let mentions = |word: &[u8]| {
        style
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !mentions(b"none") && !mentions(b"hidden") {
        return false;
    }
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
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

/// Short lines that are page furniture wherever they appear.
const FURNITURE_LINES: &[&str] = &[
    "advertisement",
    "advertising",
    "sponsored",
    "read more",
    "read next",
    "related",
    "related articles",
    "related stories",
    "related content",
    "more stories",
    "share this",
    "share this article",
    "share this story",
    "share",
    "tweet",
    "email",
    "print",
    "comments",
    "leave a comment",
    "sign up",
    "subscribe",
    "subscribe now",
    "click here",
    "follow us",
    "continue reading",
    "show comments",
    "view comments",
    "skip to content",
    "back to top",
    "loading",
    "story continues below",
    "article continues below",
    "story continues below advertisement",
    "continue reading below",
    "sponsored links",
    "tags",
    "like this",
    "like loading",
    "this slideshow requires javascript",
    // "Advertisement" in the other languages the pages come in.
    "anzeige",
    "werbung",
    "publicidade",
    "publicidad",
    "publicité",
    "pubblicità",
    "advertentie",
    "iklan",
    "реклама",
    "広告",
];

/// Openings of the short heading that starts a section which is not the article ("More from…",
/// "Related"): when less than a quarter of the article's text follows it, all of that goes too.
const TAIL_HEADINGS: &[&str] = &[
    "more from",
    "more stories",
    "more great",
    "more on ",
    "more in ",
    "more news",
    "more coverage",
    "related",
    "recommended",
    "you may also",
    "you might also",
    "you may like",
    "you might like",
    "read next",
    "also read",
    "most popular",
    "most read",
    "popular",
    "trending",
    "latest",
    "top stories",
    "top video",
    "don't miss",
    "don’t miss",
    "what to read next",
    "further reading",
    "editor's picks",
    "editors' picks",
    "around the web",
    "from our partners",
    "join the conversation",
    "comments",
    "about the author",
    "tell us what you think",
    "leave a reply",
    "privacy overview",
    // The same sections in other languages the pages come in.
    "você pode gostar",
    "você também pode gostar",
    "veja também",
    "leia também",
    "notícias relacionadas",
    "artigos relacionados",
    "te puede interesar",
    "también te puede interesar",
    "noticias relacionadas",
    "artículos relacionados",
    "lee también",
    "vous aimerez aussi",
    "à lire aussi",
    "lire aussi",
    "articles similaires",
    "sur le même sujet",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "ähnliche artikel",
    "mehr zum thema",
    "potrebbe interessarti",
    "ti potrebbe interessare",
    "leggi anche",
    "articoli correlati",
    "читайте также",
    "похожие статьи",
    "самые популярные",
    "популярное",
    "комментарии",
    "отзывы",
    "関連記事",
    "相关文章",
    "相關文章",
];

/// Short lines that open a block of page furniture but may sit anywhere.
const FURNITURE_OPENINGS: &[&str] = &[
    "key points",
    "related tags",
    "get our ",
    "sign up for",
    "subscribe to",
    "follow us",
    "click here",
    "have a tip",
    "get the latest",
    "newsletter",
    "advert",
    "share on",
    "share this",
    "image:",
    "photo:",
    "credit:",
    "source:",
];

fn furniture_line(text: &str) -> Option<&'static str> {
    let lower = text.trim_end_matches(['.', ':', '…']).to_lowercase();
    let lower = lower.trim();
    let words = lower.split_whitespace().count();
    if FURNITURE_LINES.contains(&lower) {
        return Some("furniture");
    }
    if text.len() < 200
        && (lower.starts_with("copyright")
            || lower.starts_with('©')
            || lower.contains("all rights reserved")
            || copyright_year(lower))
    {
        return Some("copyright");
    }
    if is_reading_time(lower) || is_identifier(text.trim()) {
        return Some("furniture");
    }
    if text.len() < 600
        && (lower.contains("uses cookies")
            || lower.contains("use cookies")
            || lower.contains("cookie policy")
            || lower.contains("cookies that")
            || lower.contains("these cookies"))
    {
        return Some("cookie-banner");
    }
    if words <= 14 && FURNITURE_OPENINGS.iter().any(|o| lower.starts_with(o)) {
        return Some("furniture");
    }
    if words <= 30 && !text.trim_end().ends_with('.') && is_post_metadata(lower) {
        return Some("post-metadata");
    }
    if is_link_shortcode(lower) || lower.contains("protected email address") {
        return Some("furniture");
    }
    if words <= 80 && has_call_to_action(lower) {
        return Some("call-to-action");
    }
    if words <= 12
        && [
            "getty images",
            "ap photo",
            "/ap",
            "(ap)",
            "| ap",
            "/reuters",
            "| reuters",
            "afp via",
        ]
        .iter()
        .any(|c| lower.contains(c))
        && !lower.ends_with(['.', '"', '”'])
    {
        return Some("credit");
    }
    None
}

/// Sentence openings that ask the reader to do something for the outlet: follow it, sign up,
/// join, write in. News prose reports; it does not address its reader so.
const CALLS_TO_ACTION: &[&str] = &[
    "follow us",
    "follow him",
    "follow her",
    "follow them",
    "follow me",
    "follow @",
    "sign up for",
    "sign up to",
    "subscribe to",
    "subscribe now",
    "join our",
    "click here",
    "like us on",
    "email us",
    "get our ",
];

/// A paragraph with a sentence that opens with a call to action ("Follow us on Twitter…", "Sign
/// up for the free daily newsletter."): an author's or outlet's note, not the article.
fn has_call_to_action(lower: &str) -> bool {
    let mut rest = lower;
    loop {
        // A quoted call ("“Follow me,” the guide said") is speech the article reports: the
        // quote mark keeps it from matching.
        let sentence = rest.trim_start();
        if CALLS_TO_ACTION.iter().any(|c| sentence.starts_with(c)) {
            return true;
        }
        match rest.find(['.', '!', '?']) {
            Some(end) => rest = &rest[end + 1..],
            None => return false,
        }
    }
}

/// Labels of a blog post's filing line ("Filed under: Pop, Celebs", "05/10/2018 - Publicado por:
/// Ana - Categoria: Saúde").
const POST_METADATA: &[&str] = &[
    "filed under",
    "posted in",
    "posted by",
    "tagged:",
    "tags:",
    "category:",
    "categories:",
    "publicado por",
    "publicado em",
    "categoria:",
];

/// A line that opens with a filing label, or holds two of them.
fn is_post_metadata(lower: &str) -> bool {
    POST_METADATA.iter().any(|l| lower.starts_with(l))
        || POST_METADATA.iter().filter(|l| lower.contains(*l)).count() >= 2
}

/// A button or link box the site's CMS left unexpanded ("[button link=…]Send us your
/// review[/button]"). Other shortcodes may wrap the article's own text (code, captions).
fn is_link_shortcode(lower: &str) -> bool {
    lower.starts_with('[')
        && lower.contains("[/")
        && lower.find(']').is_some_and(|end| {
            ["link=", "url=", "href="]
                .iter()
                .any(|a| lower[..end].contains(a))
        })
}

/// "© 2019", "©2019": the copyright sign before a year.
fn copyright_year(lower: &str) -> bool {
    lower.match_indices('©').any(|(at, sign)| {
        let rest = lower[at + sign.len()..].trim_start();
        rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
    })
}

/// "5 min read", "3 minute read": a reading-time label.
fn is_reading_time(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    words
        .next()
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        && matches!(words.next(), Some("min" | "mins" | "minute" | "minutes"))
        && words.next() == Some("read")
        && words.next().is_none()
}

/// One token of three or more lower-case words joined by hyphens ("medium-wide-browser-and-larger"):
/// a style or layout name leaked into the page's text, not prose (which capitalises such a compound
/// standing alone: "Stratford-upon-Avon", "Preis-Leistungs-Sieger").
fn is_identifier(text: &str) -> bool {
    // Whitespace is not a lower-case letter, so the parts' test also rules out spaces.
    let mut parts = text.split('-');
    parts.clone().count() >= 3
        && parts.all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
}

/// What a block is as a section heading, worked out once per block (every rule below asks).
#[derive(Clone, Copy, PartialEq, Eq)]
enum TailHeading {
    No,
    /// A short heading that opens with one of `TAIL_HEADINGS`.
    Tail,
    /// A tail heading that cannot be an article's own subheading: a phrase of two words or more
    /// ("You may like…", "More from…"), or a one-word one alone ("Related"), not "Latest figures".
    Teaser,
}

fn tail_heading(text: &str) -> TailHeading {
    // Trimming trailing dots removes at most one word: longer texts need not be lower-cased.
    if text.split_whitespace().nth(9).is_some() {
        return TailHeading::No;
    }
    let lower = text.to_lowercase();
    // Without trailing dots: "You may like..." trails off; it is not a sentence that ends.
    let key = lower.trim_end().trim_end_matches(['.', '…']);
    if key.split_whitespace().count() > 8
        || key.ends_with(['?', '!', '"', '”'])
        || !TAIL_HEADINGS.iter().any(|h| key.starts_with(h))
    {
        return TailHeading::No;
    }
    let key = key.trim().trim_end_matches(':').trim_end();
    if TAIL_HEADINGS
        .iter()
        .any(|h| key == h.trim() || (h.trim().contains(' ') && key.starts_with(h)))
    {
        TailHeading::Teaser
    } else {
        TailHeading::Tail
    }
}

fn is_tail_heading(b: &RawBlock) -> bool {
    b.tail != TailHeading::No
}

fn is_teaser_heading(b: &RawBlock) -> bool {
    b.tail == TailHeading::Teaser
}

fn is_byline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words <= 8 && (text.starts_with("By ") || text.starts_with("BY ")) && !text.ends_with('.')
}

fn is_dateline(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 10 || text.ends_with('.') && words.len() > 4 {
        return false;
    }
    // "— Dana Pell (@danapell) November 18, 2019" signs a post the article quotes: part of it.
    if text.starts_with('—') && text.contains("(@") {
        return false;
    }
    let lower = text.to_lowercase();
    let has_year = crate::meta::clean_date(text).is_some();
    let label = ["updated", "published", "posted", "last modified"]
        .iter()
        .any(|l| lower.starts_with(l));
    has_year && (label || !text.ends_with('.')) || label && words.len() <= 12
}

/// The pruning pass: a reason per pruned subtree root.
fn prune(dom: &Dom, order: &[NodeId], st: &[Stats], hidden: &Hidden) -> Vec<Option<&'static str>> {
    let total_p = st[dom.root()].p_chars.max(1);
    // The element the page marks as the article body, and its ancestors, are never pruned —
    // unless it is hidden (pages hide a microdata copy of the article).
    let mut protected = vec![false; dom.len()];
    for &id in order {
        if !hidden.within[id] && is_marked_body(dom, id) {
            let mut cur = Some(id);
            while let Some(a) = cur {
                protected[a] = true;
                cur = dom.parent(a);
            }
        }
    }
    let mut pruned = vec![None; dom.len()];
    for &id in order {
        let Some(name) = dom.name(id) else { continue };
        if matches!(name, "html" | "body" | "#document" | "main" | "article") {
            continue;
        }
        // A prune must not take the article with it.
        let holds_article = protected[id] || st[id].p_chars * 2 > total_p && st[id].p_chars > 500;
        let reason = tag_reason(name)
            .filter(|_| !holds_article || matches!(name, "head" | "template"))
            .or_else(|| {
                if holds_article {
                    return None;
                }
                if hidden.own[id] {
                    return Some("hidden");
                }
                if let Some(r) = dom.attr(id, "role").and_then(role_reason) {
                    return Some(r);
                }
                if dom.attr(id, "itemprop").is_some_and(|p| {
                    MICRODATA
                        .iter()
                        .any(|m| p.split_whitespace().any(|w| w == *m))
                }) {
                    return Some("metadata");
                }
                furniture_reason(dom, id)
            });
        pruned[id] = reason;
    }
    pruned
}

/// Readability-style candidate scores: paragraphs pass their score up with decay.
fn locate(dom: &Dom, raw: &[RawBlock], st: &[Stats]) -> Option<NodeId> {
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

fn initial_score(dom: &Dom, id: NodeId) -> f64 {
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

fn is_marked_body(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "itemprop")
        .is_some_and(|v| v.split_whitespace().any(|w| w == "articleBody"))
}

/// Which elements the page hides, told once per page (pruning and finding the marked body ask).
struct Hidden {
    /// The element itself says it is hidden.
    own: Vec<bool>,
    /// It is hidden or inside a hidden element.
    within: Vec<bool>,
}

fn hidden(dom: &Dom, order: &[NodeId]) -> Hidden {
    let mut own = vec![false; dom.len()];
    let mut within = vec![false; dom.len()];
    for &id in order {
        own[id] = dom.name(id).is_some() && is_hidden(dom, id);
        within[id] = own[id] || dom.parent(id).is_some_and(|p| within[p]);
    }
    Hidden { own, within }
}

/// The one visible element the page marks `itemprop="articleBody"`, when it holds most of the
/// page's prose.
fn marked_body(dom: &Dom, order: &[NodeId], st: &[Stats], hidden: &Hidden) -> Option<NodeId> {
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
fn widen(dom: &Dom, mut top: NodeId, st: &[Stats]) -> NodeId {
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
fn locate_by_body(dom: &Dom, raw: &[RawBlock], body: &str) -> Option<NodeId> {
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
fn is_prose(b: &RawBlock) -> bool {
    b.kind == BlockKind::Paragraph
        && b.text.len() > 80
        && b.text.ends_with(['.', '"', '”', '?', '!'])
}

/// Siblings of the located element that belong to the article too: prose with few links, or
/// the same class as the located element (articles split around an inline ad).
fn with_siblings(dom: &Dom, top: NodeId, st: &[Stats], raw: &[RawBlock]) -> Vec<NodeId> {
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
mod tests {
    use super::*;

    #[test]
    fn visible_characters_are_counted_as_char_is_whitespace_says() {
        for t in [
            "",
            "plain words here",
            " \t\n\x0B\x0C\r",
            "café au lait",
            "a\u{a0}b\u{2003}c\u{3000}",
            "\x0Bx\x1Fy",
        ] {
            let plain = t.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(t), plain, "{t:?}");
        }
    }

    #[test]
    fn reading_times_layout_names_and_dated_copyright_lines_are_furniture() {
        for (line, reason) in [
            ("7 Min Read", "furniture"),
            ("12 minute read", "furniture"),
            ("small-screen-and-up", "furniture"),
            ("for-phone-onlyfor-tablet-up", "furniture"),
            (
                "Pages on this site are ©2024 Northgate Media Ltd.",
                "copyright",
            ),
            ("Text and photos © 2023 - the Wexley Courier", "copyright"),
        ] {
            assert_eq!(furniture_line(line), Some(reason), "{line}");
        }
        for line in [
            "Stratford-upon-Avon",
            "e-mail",
            "The ride takes 7 minutes to read the whole map.",
            "She read for 5 minutes.",
            "The © sign was added in 1909, the court heard.",
            "Up-to-date figures came later.",
        ] {
            assert_eq!(furniture_line(line), None, "{line}");
        }
    }

    #[test]
    fn calls_to_action_are_furniture_and_reported_speech_is_not() {
        for line in [
            "Dana Pell covers the coast. Follow her on Twitter @danapell.",
            "Start the day with our briefing. Sign up for the free morning newsletter.",
            "Want more recipes? Subscribe to our newsletter!",
            "Get the county magazine through your door every month. Click here for details.",
        ] {
            assert_eq!(furniture_line(line), Some("call-to-action"), "{line}");
        }
        for line in [
            "Investigators will follow up on every lead, the sheriff said on Monday.",
            "“Follow me,” the guide told the hikers as the fog came down over the ridge.",
            "Residents were urged to sign up for flood alerts before the weekend.",
        ] {
            assert_eq!(furniture_line(line), None, "{line}");
        }
    }

    #[test]
    fn ad_labels_in_other_languages_and_blog_widgets_are_furniture() {
        for line in [
            "Anzeige",
            "WERBUNG",
            "Publicité",
            "Tags:",
            "Like Loading...",
            "Sponsored Links",
        ] {
            assert_eq!(furniture_line(line), Some("furniture"), "{line}");
        }
        // Only the label alone: a sentence that mentions it is text.
        assert_eq!(
            furniture_line("Die Anzeige erschien am Montag in drei Zeitungen."),
            None
        );
    }

    #[test]
    fn filing_lines_link_shortcodes_and_hidden_addresses_are_furniture() {
        for line in [
            "Filed under: Harbours, Weather",
            "Posted by Dana Pell on November 18, 2019, 6:21 AM",
            "18/11/2019 - Publicado por: Ana Lima - Categoria: Saúde - Tags: porto",
        ] {
            assert_eq!(furniture_line(line), Some("post-metadata"), "{line}");
        }
        let button =
            "[button link=\"https://example.org/send\" type=\"big\"] Send us your review[/button]";
        assert_eq!(furniture_line(button), Some("furniture"));
        assert_eq!(
            furniture_line("[javascript protected email address]"),
            Some("furniture")
        );
        for line in [
            // Prose that mentions a label, a sentence that starts like one, a code shortcode.
            "The tags: red, amber and green, mark how full each car park is.",
            "Posted in 2019, the video was seen four million times before it was taken down.",
            "[code lang=\"bash\"]ls -la /srv/harbour[/code]",
        ] {
            assert_eq!(furniture_line(line), None, "{line}");
        }
    }

    #[test]
    fn styles_that_hide_are_told_in_any_case_and_spacing() {
        for style in [
            "display:none",
            "DISPLAY : None;",
            "color: red; visibility:\thidden",
        ] {
            assert!(style_hides(style), "{style}");
        }
        for style in ["display: block", "overflow: hidden", "border: none", ""] {
            assert!(!style_hides(style), "{style}");
        }
    }

    #[test]
    fn a_quoted_posts_signature_is_not_a_dateline() {
        assert!(!is_dateline("— Dana Pell (@danapell) November 18, 2019"));
        assert!(is_dateline("Dana Pell, November 18, 2019"));
        assert!(is_dateline("Updated November 18, 2019"));
    }

    #[test]
    fn furniture_words_are_found_in_any_case_and_only_whole() {
        for (word, reason, strong) in FURNITURE {
            assert!(
                word.len() <= 24 && *word == word.to_ascii_lowercase(),
                "{word}"
            );
            assert_eq!(furniture_word(word), Some((*reason, *strong)));
            assert_eq!(
                furniture_word(&word.to_ascii_uppercase()),
                Some((*reason, *strong))
            );
        }
        let mut words: Vec<&str> = FURNITURE.iter().map(|e| e.0).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), FURNITURE.len(), "a word listed twice");
        assert_eq!(furniture_word("relate"), None);
        assert_eq!(furniture_word("relatedposts"), None);
        assert_eq!(furniture_word(&"related".repeat(5)), None);
        assert_eq!(furniture_word("commenté"), None);
        // A caption named in camel case is a caption (weak, as "caption").
        assert_eq!(
            furniture_word("imageEmbedCaption"),
            Some(("caption", false))
        );
        assert_eq!(furniture_word("PhotoCaption"), Some(("caption", false)));
        assert_eq!(furniture_word("captionless"), None);
    }
}
