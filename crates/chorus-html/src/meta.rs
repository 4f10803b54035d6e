//! Page metadata: title, outlet, authors, dates, canonical URL, language — from JSON-LD, Open Graph
//! and `<meta>` tags, `<time>` elements and `<html lang>`, in that order of trust. Values that are
//! not what their field claims ("Minute Read" as an author, "Am Edt" as a name) are dropped.

use serde::Serialize;
use serde_json::Value;

use crate::dom::{collapse_whitespace, Dom};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The outlet: site name or publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// As the page gives it (ISO 8601 mostly); only values with a plausible year are kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// Primary language subtag, lower case ("en").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What JSON-LD says about the article, beyond the shared fields.
#[derive(Debug, Default)]
pub(crate) struct JsonLdArticle {
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    /// The full text some publishers embed; used to locate the article in the page.
    pub body: Option<String>,
}

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting" | "Report" | "LiveBlogPosting" | "WebPage" | "Blog"
            )
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(check),
        _ => false,
    }
}

fn type_rank(v: &Value) -> u8 {
    // Prefer the article itself over the page that holds it.
    let s = match v.get("@type") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    if s.contains("Article") || s.contains("Posting") || s.contains("Report") {
        2
    } else {
        1
    }
}

/// JSON-LD strings often carry HTML entities ("&#39;", "&mdash;"); the page tokenizer decodes
/// them exactly as in page text.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return collapse_whitespace(s);
    }
    let dom = crate::dom::parse(&s.replace('<', "&lt;"));
    dom.text_of(dom.root())
}

fn string_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(unescape(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(string_of),
        Value::Object(o) => o.get("name").and_then(string_of),
        _ => None,
    }
}

fn names_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(unescape(s)),
        Value::Array(a) => a.iter().for_each(|x| names_of(x, out)),
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                names_of(n, out);
            }
        }
        _ => {}
    }
}

/// Flattens JSON-LD blocks (`@graph`, arrays) into their objects, depth-bounded.
fn objects(v: &Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| objects(x, out, depth + 1)),
        Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                objects(g, out, depth + 1);
            }
            out.push(v.clone());
        }
        _ => {}
    }
}

pub(crate) fn json_ld_article(dom: &Dom) -> JsonLdArticle {
    let mut all = Vec::new();
    for block in &dom.json_ld {
        // serde_json limits recursion itself (128 levels), so hostile JSON only fails to parse.
        if let Ok(v) = serde_json::from_str::<Value>(block.trim()) {
            objects(&v, &mut all, 0);
        }
    }
    let Some(best) = all
        .iter()
        .filter(|v| is_article_type(v))
        .max_by_key(|v| (type_rank(v), v.get("articleBody").is_some()))
    else {
        return JsonLdArticle::default();
    };
    let mut authors = Vec::new();
    if let Some(a) = best.get("author").or_else(|| best.get("creator")) {
        names_of(a, &mut authors);
    }
    let url = best.get("url").and_then(string_of).or_else(|| {
        best.get("mainEntityOfPage")
            .and_then(|m| m.get("@id"))
            .and_then(string_of)
    });
    JsonLdArticle {
        headline: best
            .get("headline")
            .or_else(|| best.get("name"))
            .and_then(string_of),
        authors,
        published: best.get("datePublished").and_then(string_of),
        modified: best.get("dateModified").and_then(string_of),
        publisher: best.get("publisher").and_then(string_of),
        url,
        language: best.get("inLanguage").and_then(string_of),
        description: best.get("description").and_then(string_of),
        body: best
            .get("articleBody")
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

/// `<meta property|name=key content=…>` values, first non-empty.
fn meta_content(dom: &Dom, keys: &[&str]) -> Option<String> {
    for key in keys {
        for id in dom.elements_named("meta") {
            let name = dom
                .attr(id, "property")
                .or_else(|| dom.attr(id, "name"))
                .or_else(|| dom.attr(id, "itemprop"))
                .or_else(|| dom.attr(id, "http-equiv"));
            if name.is_some_and(|n| n.eq_ignore_ascii_case(key)) {
                if let Some(c) = dom.attr(id, "content").map(collapse_whitespace) {
                    if !c.is_empty() {
                        return Some(c);
                    }
                }
            }
        }
    }
    None
}

/// Words that show an "author" value is really a reading time, a timestamp or a label.
const NOT_A_NAME: &[&str] = &[
    "minute",
    "minutes",
    "min",
    "read",
    "reading",
    "am",
    "pm",
    "edt",
    "est",
    "cdt",
    "cst",
    "pdt",
    "pst",
    "gmt",
    "utc",
    "bst",
    "updated",
    "published",
    "posted",
    "share",
    "comments",
    "comment",
    "facebook",
    "twitter",
    "email",
    "admin",
    "administrator",
    "staff",
    "editor",
    "author",
    "ago",
    "hours",
    "hour",
    "by",
    "and",
    "null",
    "undefined",
    "none",
    "unknown",
    "anonymous",
];

/// Cleans one author value: "By Jane Doe" → "Jane Doe"; junk → None.
pub fn clean_author(raw: &str) -> Option<String> {
    let mut s = collapse_whitespace(raw);
    for prefix in ["By ", "by ", "BY ", "Written by ", "Posted by ", "Von "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    let s = s
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '·'))
        .to_string();
    if s.is_empty() || s.len() > 80 || s.contains("://") || s.contains('@') || s.contains('{') {
        return None;
    }
    if s.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 6 {
        return None;
    }
    let junk = words
        .iter()
        .filter(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            NOT_A_NAME.contains(&w.as_str())
        })
        .count();
    // "Staff" alone or "Minute Read" go; "Jane Doe and John Roe" was split before this.
    if junk * 2 >= words.len() {
        return None;
    }
    if !s.chars().any(char::is_uppercase) {
        return None;
    }
    Some(s)
}

fn split_authors(raw: &str, out: &mut Vec<String>) {
    for part in raw.split([',', ';', '|']).flat_map(|p| p.split(" and ")) {
        if let Some(a) = clean_author(part) {
            if !out.iter().any(|x| x.eq_ignore_ascii_case(&a)) {
                out.push(a);
            }
        }
    }
}

/// Keeps a date value only if it carries a plausible year (1990–2099).
pub fn clean_date(raw: &str) -> Option<String> {
    let s = collapse_whitespace(raw);
    let bytes = s.as_bytes();
    let has_year = bytes.windows(4).enumerate().any(|(i, w)| {
        w.iter().all(u8::is_ascii_digit)
            && (w.starts_with(b"19") && w[2] >= b'9' || w.starts_with(b"20"))
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit())
    });
    (has_year && s.len() <= 64).then_some(s)
}

fn clean_text(raw: Option<String>) -> Option<String> {
    raw.map(|s| collapse_whitespace(&s))
        .filter(|s| !s.is_empty() && s.len() <= 400)
}

/// "Headline | Outlet" → "Headline" when the suffix is the outlet (or short and title-like).
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let is_site = site.is_some_and(|s| tail.eq_ignore_ascii_case(s))
                || tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 2;
            if is_site {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

pub(crate) fn page_meta(dom: &Dom, ld: &JsonLdArticle, url: Option<&str>) -> PageMeta {
    let site_name = clean_text(
        meta_content(dom, &["og:site_name", "application-name", "publisher"])
            .or_else(|| ld.publisher.clone()),
    );
    let canonical_url = dom
        .elements_named("link")
        .find(|&id| {
            dom.attr(id, "rel")
                .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        })
        .and_then(|id| dom.attr(id, "href").map(str::to_string))
        .filter(|h| h.starts_with("http"))
        .or_else(|| meta_content(dom, &["og:url"]))
        .or_else(|| ld.url.clone())
        .or_else(|| url.map(str::to_string));
    let site_name = site_name.or_else(|| canonical_url.as_deref().and_then(host_of));
    let title = ld
        .headline
        .clone()
        .or_else(|| meta_content(dom, &["og:title", "twitter:title"]))
        .or_else(|| {
            dom.elements_named("h1")
                .map(|h| dom.text_of(h))
                .find(|t| !t.is_empty())
        })
        .or_else(|| dom.title.clone())
        .map(|t| strip_site_suffix(&collapse_whitespace(&t), site_name.as_deref()));
    let mut authors = Vec::new();
    for a in &ld.authors {
        split_authors(a, &mut authors);
    }
    if authors.is_empty() {
        if let Some(a) = meta_content(dom, &["author", "article:author", "byl", "dc.creator"]) {
            split_authors(&a, &mut authors);
        }
    }
    if authors.is_empty() {
        for id in dom.elements_named("a") {
            if dom.attr(id, "rel").is_some_and(|r| r.contains("author")) {
                split_authors(&dom.text_of(id), &mut authors);
            }
        }
    }
    let time_element = || {
        dom.elements_named("time")
            .find_map(|id| dom.attr(id, "datetime").and_then(clean_date))
    };
    let published = ld
        .published
        .as_deref()
        .and_then(clean_date)
        .or_else(|| {
            meta_content(
                dom,
                &[
                    "article:published_time",
                    "datePublished",
                    "pubdate",
                    "publish-date",
                    "date",
                    "dc.date",
                    "sailthru.date",
                    "parsely-pub-date",
                ],
            )
            .as_deref()
            .and_then(clean_date)
        })
        .or_else(time_element);
    let modified = ld.modified.as_deref().and_then(clean_date).or_else(|| {
        meta_content(
            dom,
            &["article:modified_time", "og:updated_time", "dateModified"],
        )
        .as_deref()
        .and_then(clean_date)
    });
    let language = dom
        .elements_named("html")
        .find_map(|id| dom.attr(id, "lang").map(str::to_string))
        .or_else(|| meta_content(dom, &["content-language", "og:locale"]))
        .or_else(|| ld.language.clone())
        .and_then(|l| {
            let primary = l.split(['-', '_']).next()?.trim().to_ascii_lowercase();
            (primary.len() >= 2
                && primary.len() <= 3
                && primary.chars().all(|c| c.is_ascii_alphabetic()))
            .then_some(primary)
        });
    let description = clean_text(
        meta_content(dom, &["description", "og:description"]).or_else(|| ld.description.clone()),
    );
    PageMeta {
        title: title.filter(|t| !t.is_empty()),
        site_name,
        authors,
        published,
        modified,
        canonical_url,
        language,
        description,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::parse;

    #[test]
    fn junk_author_values_are_dropped() {
        assert_eq!(clean_author("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(clean_author("Minute Read"), None);
        assert_eq!(clean_author("Am Edt"), None);
        assert_eq!(clean_author("Updated 10:42 AM"), None);
        assert_eq!(clean_author("https://example.org/jane"), None);
        assert_eq!(clean_author("Reuters").as_deref(), Some("Reuters"));
        let mut out = Vec::new();
        split_authors("Jane Doe and John Roe, Staff", &mut out);
        assert_eq!(out, ["Jane Doe", "John Roe"]);
    }

    #[test]
    fn dates_need_a_year() {
        assert!(clean_date("2024-03-05T10:00:00Z").is_some());
        assert!(clean_date("March 5, 2019").is_some());
        assert!(clean_date("5 minutes ago").is_none());
        assert!(clean_date("12345").is_none());
    }

    #[test]
    fn json_ld_beats_open_graph_and_title_loses_its_suffix() {
        let html = r#"<html lang="en-GB"><head><title>Storm hits the coast | Tidewater Post</title>
            <meta property="og:site_name" content="Tidewater Post">
            <meta name="author" content="Minute Read">
            <meta property="article:published_time" content="2023-10-01T08:00:00Z">
            <link rel="canonical" href="https://tidewater.example/storm">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Tidewater"},
              {"@type":"NewsArticle","headline":"Storm hits the coast",
               "author":[{"@type":"Person","name":"Ana Ruiz"},{"name":"Lee Park"}],
               "datePublished":"2023-10-01T07:55:00Z"}]}</script></head><body></body></html>"#;
        let dom = parse(html);
        let ld = json_ld_article(&dom);
        let m = page_meta(&dom, &ld, None);
        assert_eq!(m.title.as_deref(), Some("Storm hits the coast"));
        assert_eq!(m.site_name.as_deref(), Some("Tidewater Post"));
        assert_eq!(m.authors, ["Ana Ruiz", "Lee Park"]);
        assert_eq!(m.published.as_deref(), Some("2023-10-01T07:55:00Z"));
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://tidewater.example/storm")
        );
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn without_json_ld_meta_tags_and_time_elements_serve() {
        let html = r#"<html><head><title>Vote delayed - Valley News</title>
            <meta name="author" content="By Sam Hill"></head>
            <body><time datetime="2022-05-04">May 4</time></body></html>"#;
        let dom = parse(html);
        let m = page_meta(
            &dom,
            &json_ld_article(&dom),
            Some("https://www.valley.example/a"),
        );
        assert_eq!(m.title.as_deref(), Some("Vote delayed"));
        assert_eq!(m.authors, ["Sam Hill"]);
        assert_eq!(m.published.as_deref(), Some("2022-05-04"));
        assert_eq!(m.site_name.as_deref(), Some("valley.example"));
    }
}
