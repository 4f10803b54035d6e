//! Step 3: filtering the blocks inside the article: furniture lines, section headings that end
//! it, calls to action, bylines and datelines.

use super::*;

/// Short lines that are page furniture wherever they appear.
pub(super) const FURNITURE_LINES: &[&str] = &[
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
pub(super) const TAIL_HEADINGS: &[&str] = &[
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
pub(super) const FURNITURE_OPENINGS: &[&str] = &[
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

pub(super) fn furniture_line(text: &str) -> Option<&'static str> {
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
pub(super) const CALLS_TO_ACTION: &[&str] = &[
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
pub(super) fn has_call_to_action(lower: &str) -> bool {
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
pub(super) const POST_METADATA: &[&str] = &[
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
pub(super) fn is_post_metadata(lower: &str) -> bool {
    POST_METADATA.iter().any(|l| lower.starts_with(l))
        || POST_METADATA.iter().filter(|l| lower.contains(*l)).count() >= 2
}

/// A button or link box the site's CMS left unexpanded ("[button link=…]Send us your
/// review[/button]"). Other shortcodes may wrap the article's own text (code, captions).
pub(super) fn is_link_shortcode(lower: &str) -> bool {
    lower.starts_with('[')
        && lower.contains("[/")
        && lower.find(']').is_some_and(|end| {
            ["link=", "url=", "href="]
                .iter()
                .any(|a| lower[..end].contains(a))
        })
}

/// "© 2019", "©2019": the copyright sign before a year.
pub(super) fn copyright_year(lower: &str) -> bool {
    lower.match_indices('©').any(|(at, sign)| {
        let rest = lower[at + sign.len()..].trim_start();
        rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
    })
}

/// "5 min read", "3 minute read": a reading-time label.
pub(super) fn is_reading_time(lower: &str) -> bool {
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
pub(super) fn is_identifier(text: &str) -> bool {
    // Whitespace is not a lower-case letter, so the parts' test also rules out spaces.
    let mut parts = text.split('-');
    parts.clone().count() >= 3
        && parts.all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
}

/// What a block is as a section heading, worked out once per block (every rule below asks).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TailHeading {
    No,
    /// A short heading that opens with one of `TAIL_HEADINGS`.
    Tail,
    /// A tail heading that cannot be an article's own subheading: a phrase of two words or more
    /// ("You may like…", "More from…"), or a one-word one alone ("Related"), not "Latest figures".
    Teaser,
}

pub(super) fn tail_heading(text: &str) -> TailHeading {
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

pub(super) fn is_tail_heading(b: &RawBlock) -> bool {
    b.tail != TailHeading::No
}

pub(super) fn is_teaser_heading(b: &RawBlock) -> bool {
    b.tail == TailHeading::Teaser
}

pub(super) fn is_byline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words <= 8 && (text.starts_with("By ") || text.starts_with("BY ")) && !text.ends_with('.')
}

pub(super) fn is_dateline(text: &str) -> bool {
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
