//! Step 1: pruning what is not the article by what it is (tags, roles, class and id words,
//! hidden elements), each with a reason.

use super::*;

/// Tags pruned wherever they are.
pub(super) fn tag_reason(name: &str) -> Option<&'static str> {
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

pub(super) fn role_reason(role: &str) -> Option<&'static str> {
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
pub(super) const FURNITURE: &[(&str, &str, bool)] = &[
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
pub(super) const MICRODATA: &[&str] = &[
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
pub(super) const ARTICLE_WORDS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "news", "embed",
];

/// The words of an element's class and id ("story-body__inner" → story, body, inner).
pub(super) fn class_words<'a>(dom: &'a Dom, id: NodeId) -> impl Iterator<Item = &'a str> + 'a {
    ["class", "id"]
        .into_iter()
        .filter_map(move |k| dom.attr(id, k))
        .flat_map(|v| v.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
}

pub(super) fn has_article_word(dom: &Dom, id: NodeId) -> bool {
    class_words(dom, id).any(|w| ARTICLE_WORDS.iter().any(|a| a.eq_ignore_ascii_case(w)))
}

/// Why an element's class or id marks it as furniture, if it does.
pub(super) fn furniture_reason(dom: &Dom, id: NodeId) -> Option<&'static str> {
    // Whether an article word is there matters only for a weak word: asked then, once.
    let mut article = None;
    class_words(dom, id).find_map(|w| {
        let (reason, strong) = furniture_word(w)?;
        (strong || !*article.get_or_insert_with(|| has_article_word(dom, id))).then_some(reason)
    })
}

/// The `FURNITURE` entry of a class word, any case: (reason, strong).
pub(super) fn furniture_word(w: &str) -> Option<(&'static str, bool)> {
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

pub(super) fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    // One pass over the attributes (a page has a name once): asked of every element.
    dom.attrs(id).any(|(k, v)| match k {
        "hidden" => true,
        "aria-hidden" => v == "true",
        "style" => style_hides(v),
        _ => false,
    })
}

/// `display: none` or `visibility: hidden` in a style attribute, any case and spacing.
pub(super) fn style_hides(style: &str) -> bool {
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

/// The pruning pass: a reason per pruned subtree root.
pub(super) fn prune(
    dom: &Dom,
    order: &[NodeId],
    st: &[Stats],
    hidden: &Hidden,
) -> Vec<Option<&'static str>> {
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

/// Which elements the page hides, told once per page (pruning and finding the marked body ask).
pub(super) struct Hidden {
    /// The element itself says it is hidden.
    pub(super) own: Vec<bool>,
    /// It is hidden or inside a hidden element.
    pub(super) within: Vec<bool>,
}

pub(super) fn hidden(dom: &Dom, order: &[NodeId]) -> Hidden {
    let mut own = vec![false; dom.len()];
    let mut within = vec![false; dom.len()];
    for &id in order {
        own[id] = dom.name(id).is_some() && is_hidden(dom, id);
        within[id] = own[id] || dom.parent(id).is_some_and(|p| within[p]);
    }
    Hidden { own, within }
}
