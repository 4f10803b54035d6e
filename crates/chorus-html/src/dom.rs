//! A small DOM built from our tokenizer ([`crate::tokenize`]) by our own tree builder.
//!
//! Why not html5ever's tree builder: the spec's algorithm scans the whole stack of open elements for
//! many start tags ("is there a `p` in button scope?"), so a page nested 100,000 deep costs ~10^10
//! steps (a readability crate built on it ran > 20 s on such a page). Extraction needs only the block
//! structure, so this builder takes the spec's tokens (entities, raw text, comments, attributes)
//! and replaces tree construction with a bounded version: nesting stops deepening at
//! [`MAX_DEPTH`] (deeper elements become transparent: their text joins the deepest open element),
//! the common implied end tags are applied (`p`, `li`, `td`, `tr`, `option`, `dt`/`dd`), and an end
//! tag without an open element of its name within [`END_TAG_SEARCH`] levels is ignored. Every step is
//! O(1) or bounded by a constant, so building is linear in the input; traversals elsewhere are
//! iterative, so no input can overflow the stack.

use crate::tokenize::{self, Mode};

/// Deepest element nesting kept; real pages stay well under 100.
pub const MAX_DEPTH: usize = 256;
/// How far down the open-element stack an end tag looks for its start tag.
pub const END_TAG_SEARCH: usize = 64;

pub type NodeId = usize;

#[derive(Debug, Clone)]
pub enum NodeKind {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
}

/// The parsed page: node 0 is the document root (an element named `#document`).
#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// Text of `<script type="application/ld+json">` blocks, for metadata.
    pub json_ld: Vec<String>,
    /// The `<title>` text.
    pub title: Option<String>,
}

impl Dom {
    pub fn root(&self) -> NodeId {
        0
    }

    pub fn name(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Element { name, .. } => Some(name),
            NodeKind::Text(_) => None,
        }
    }

    pub fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        match &self.nodes[id].kind {
            NodeKind::Element { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            NodeKind::Text(_) => None,
        }
    }

    /// Element ids in document order (pre-order), iteratively.
    pub fn descendants(&self, from: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            out.push(id);
            stack.extend(self.nodes[id].children.iter().rev());
        }
        out
    }

    /// All text below `id`, with single spaces between inline pieces.
    pub fn text_of(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.descendants(id) {
            if let NodeKind::Text(t) = &self.nodes[n].kind {
                out.push_str(t);
            }
        }
        collapse_whitespace(&out)
    }

    /// All text below `id`, a space between separate text nodes (for reports: "Home News" rather
    /// than "HomeNews" from a menu's items).
    /// Stops once about `limit` bytes are gathered.
    pub fn spaced_text_of(&self, id: NodeId, limit: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if out.len() > limit * 2 {
                break;
            }
            match &self.nodes[n].kind {
                NodeKind::Text(t) => {
                    out.push_str(t);
                    out.push(' ');
                }
                NodeKind::Element { .. } => stack.extend(self.nodes[n].children.iter().rev()),
            }
        }
        collapse_whitespace(&out)
    }

    /// Elements with the given tag name, in document order.
    pub fn elements_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        (0..self.nodes.len()).filter(move |&i| self.name(i) == Some(name))
    }

    pub fn depth(&self, mut id: NodeId) -> usize {
        let mut d = 0;
        while let Some(p) = self.nodes[id].parent {
            d += 1;
            id = p;
        }
        d
    }
}

pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Start tags that close an open `<p>` (the spec's list, shortened to what pages use).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
];

struct Builder {
    dom: Dom,
    stack: Vec<NodeId>,
    /// Elements not pushed because the stack was full, so their end tags are ignored.
    overflow: usize,
    in_raw: Option<RawTarget>,
}

#[derive(Clone, Copy, PartialEq)]
enum RawTarget {
    Title,
    JsonLd,
    Discard,
}

impl Builder {
    /// A builder holding the document root.
    fn new() -> Builder {
        let mut dom = Dom::default();
        dom.nodes.push(Node {
            kind: NodeKind::Element {
                name: "#document".to_string(),
                attrs: Vec::new(),
            },
            parent: None,
            children: Vec::new(),
        });
        Builder {
            dom,
            stack: vec![0],
            overflow: 0,
            in_raw: None,
        }
    }

    fn current(&self) -> NodeId {
        *self.stack.last().expect("root stays on the stack")
    }

    fn append(&mut self, kind: NodeKind) -> NodeId {
        let parent = self.current();
        let id = self.dom.nodes.len();
        self.dom.nodes.push(Node {
            kind,
            parent: Some(parent),
            children: Vec::new(),
        });
        self.dom.nodes[parent].children.push(id);
        id
    }

    fn push_text(&mut self, s: &str) {
        match self.in_raw {
            Some(RawTarget::Title) => {
                self.dom.title.get_or_insert_with(String::new).push_str(s);
                return;
            }
            Some(RawTarget::JsonLd) => {
                if let Some(last) = self.dom.json_ld.last_mut() {
                    last.push_str(s);
                }
                return;
            }
            Some(RawTarget::Discard) => return,
            None => {}
        }
        let parent = self.current();
        if let Some(&last) = self.dom.nodes[parent].children.last() {
            if let NodeKind::Text(t) = &mut self.dom.nodes[last].kind {
                t.push_str(s);
                return;
            }
        }
        self.append(NodeKind::Text(s.to_string()));
    }

    /// Closes the nearest open element named one of `names`, unless a `stop` element comes first.
    fn close_nearest(&mut self, names: &[&str], stop: &[&str]) {
        let limit = self.stack.len().saturating_sub(END_TAG_SEARCH).max(1);
        for pos in (limit..self.stack.len()).rev() {
            let name = self.dom.name(self.stack[pos]).unwrap_or("");
            if names.contains(&name) {
                self.stack.truncate(pos);
                return;
            }
            if stop.contains(&name) {
                return;
            }
        }
    }

    fn open(&mut self, name: &str, attrs: Vec<(String, String)>, self_closing: bool) {
        if CLOSES_P.contains(&name) {
            self.close_nearest(&["p"], &["div", "td", "th", "li", "section", "article"]);
        }
        match name {
            "li" => self.close_nearest(&["li"], &["ul", "ol", "menu"]),
            "dt" | "dd" => self.close_nearest(&["dt", "dd"], &["dl"]),
            "td" | "th" => self.close_nearest(&["td", "th"], &["tr", "table"]),
            "tr" => self.close_nearest(&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "option" => self.close_nearest(&["option"], &["select"]),
            _ => {}
        }
        let is_void = VOID.contains(&name);
        if self.stack.len() >= MAX_DEPTH && !is_void {
            // Too deep: the element is transparent; its end tag must not pop a real element.
            self.overflow += 1;
            return;
        }
        let id = self.append(NodeKind::Element {
            name: name.to_string(),
            attrs,
        });
        if !is_void && !self_closing {
            self.stack.push(id);
        }
    }

    fn close(&mut self, name: &str) {
        if name == "br" || name == "p" && !self.has_open("p") {
            // `</br>` and a stray `</p>` act as breaks, per the spec.
            self.open(name, Vec::new(), true);
            return;
        }
        if self.overflow > 0 && !self.has_open(name) {
            self.overflow -= 1;
            return;
        }
        self.close_nearest(&[name], &[]);
    }

    fn has_open(&self, name: &str) -> bool {
        let limit = self.stack.len().saturating_sub(END_TAG_SEARCH).max(1);
        self.stack[limit..]
            .iter()
            .any(|&id| self.dom.name(id) == Some(name))
    }
}

impl tokenize::Sink for Builder {
    /// The attributes extraction and metadata read; the rest (`src`, `data-*`, …) are not stored.
    fn keep_attribute(&self, name: &str) -> bool {
        matches!(
            name,
            "class"
                | "id"
                | "role"
                | "itemprop"
                | "hidden"
                | "aria-hidden"
                | "style"
                | "property"
                | "name"
                | "content"
                | "rel"
                | "href"
                | "datetime"
                | "lang"
                | "type"
                | "http-equiv"
                | "charset"
        )
    }

    fn start_tag(&mut self, name: &str, attrs: Vec<(String, String)>, self_closing: bool) -> Mode {
        let raw = match name {
            "title" => Some((RawTarget::Title, Mode::Rcdata)),
            "textarea" => Some((RawTarget::Discard, Mode::Rcdata)),
            "script" => {
                let json_ld = attrs
                    .iter()
                    .any(|(k, v)| k == "type" && v.eq_ignore_ascii_case("application/ld+json"));
                if json_ld {
                    self.dom.json_ld.push(String::new());
                    Some((RawTarget::JsonLd, Mode::ScriptData))
                } else {
                    Some((RawTarget::Discard, Mode::ScriptData))
                }
            }
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some((RawTarget::Discard, Mode::Rawtext))
            }
            _ => None,
        };
        if let Some((target, mode)) = raw {
            if self_closing {
                return Mode::Data;
            }
            self.in_raw = Some(target);
            return mode;
        }
        if name == "plaintext" {
            self.open("pre", attrs, false);
            return Mode::Plaintext;
        }
        self.open(name, attrs, self_closing);
        Mode::Data
    }

    fn end_tag(&mut self, name: &str) {
        if self.in_raw.is_some() {
            self.in_raw = None;
        } else {
            self.close(name);
        }
    }

    fn text(&mut self, text: &str) {
        self.push_text(text);
    }
}

/// Finds `needle` (ASCII, lower case) in `hay` ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let rest = &hay[i..];
        let at = memchr::memchr2(first, first.to_ascii_uppercase(), rest)?;
        i += at;
        if i + needle.len() <= hay.len() && hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Drops the bodies of `<script>` (except JSON-LD) and `<style>` elements and of comments before
/// tokenizing: on news pages they are most of the bytes, carry no article text, and the tokenizer
/// would walk them one character at a time. The tags themselves stay, so the tree is unchanged.
fn strip_raw_bodies(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]).map(|p| p + i) {
        let rest = &bytes[lt..];
        let (open_len, close): (usize, &[u8]) = if rest.starts_with(b"<!--") {
            (4, b"-->")
        } else if rest.len() > 7 && rest[..7].eq_ignore_ascii_case(b"<script") {
            (7, b"</script")
        } else if rest.len() > 6 && rest[..6].eq_ignore_ascii_case(b"<style") {
            (6, b"</style")
        } else {
            i = lt + 1;
            continue;
        };
        // The body starts after the opening tag's '>' (comments: right after "<!--").
        let body_start = if close == b"-->" {
            lt + open_len
        } else {
            match bytes[lt + open_len..].iter().position(|&b| b == b'>') {
                Some(p) => lt + open_len + p + 1,
                None => break,
            }
        };
        let tag = &html[lt..body_start];
        let Some(end) = find_ci(bytes, body_start, close) else {
            break;
        };
        let keep = close == b"</script" && tag.to_ascii_lowercase().contains("ld+json");
        if !keep && end > body_start {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            o.push_str(&html[copied..body_start]);
            copied = end;
        }
        i = end + close.len();
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// Parses decoded HTML into a [`Dom`]. Linear in the input for any nesting.
pub fn parse(html: &str) -> Dom {
    let html = strip_raw_bodies(html);
    let mut builder = Builder::new();
    // A byte-order mark is not text.
    tokenize::tokenize(html.strip_prefix('\u{FEFF}').unwrap_or(&html), &mut builder);
    builder.dom
}

/// The tokenizer this crate used before its own, html5ever's, driving the same tree builder: the
/// oracle the tokenizer is tested against.
#[cfg(test)]
pub(crate) mod html5ever_oracle {
    use super::*;
    use crate::tokenize::Sink as _;
    use html5ever::tokenizer::{
        states::RawKind, BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
        TokenizerOpts,
    };
    use std::cell::RefCell;

    struct Html5ever(RefCell<Builder>);

    impl TokenSink for Html5ever {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let mut b = self.0.borrow_mut();
            match token {
                Token::CharacterTokens(t) => b.text(&t),
                Token::TagToken(tag) => {
                    let name = tag.name.to_string();
                    if tag.kind == TagKind::EndTag {
                        b.end_tag(&name);
                        return TokenSinkResult::Continue;
                    }
                    let attrs = tag
                        .attrs
                        .iter()
                        .filter(|a| b.keep_attribute(&a.name.local))
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect();
                    return match b.start_tag(&name, attrs, tag.self_closing) {
                        Mode::Data => TokenSinkResult::Continue,
                        Mode::Rcdata => TokenSinkResult::RawData(RawKind::Rcdata),
                        Mode::Rawtext => TokenSinkResult::RawData(RawKind::Rawtext),
                        Mode::ScriptData => TokenSinkResult::RawData(RawKind::ScriptData),
                        Mode::Plaintext => TokenSinkResult::Plaintext,
                    };
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }

    pub(crate) fn parse(html: &str) -> Dom {
        let html = strip_raw_bodies(html);
        let tokenizer = Tokenizer::new(
            Html5ever(RefCell::new(Builder::new())),
            TokenizerOpts::default(),
        );
        let queue = BufferQueue::default();
        queue.push_back((&*html).into());
        let _ = tokenizer.feed(&queue);
        tokenizer.end();
        tokenizer.sink.0.into_inner().dom
    }

    /// Everything the tree holds, as text, for comparing two trees.
    pub(crate) fn dump(dom: &Dom) -> String {
        let mut out = format!("title {:?}\njson-ld {:?}\n", dom.title, dom.json_ld);
        for (i, n) in dom.nodes.iter().enumerate() {
            out.push_str(&format!("{i} {:?} {:?}\n", n.parent, n.kind));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dom: &Dom, id: NodeId) -> Vec<String> {
        dom.nodes[id]
            .children
            .iter()
            .filter_map(|&c| dom.name(c).map(str::to_string))
            .collect()
    }

    #[test]
    fn implied_end_tags_make_siblings() {
        let dom = parse("<body><p>one<p>two<ul><li>a<li>b</ul><div>x</div></body>");
        let body = dom.elements_named("body").next().unwrap();
        assert_eq!(names(&dom, body), ["p", "p", "ul", "div"]);
        let ul = dom.elements_named("ul").next().unwrap();
        assert_eq!(names(&dom, ul), ["li", "li"]);
        assert_eq!(dom.text_of(body), "onetwoabx");
    }

    #[test]
    fn scripts_styles_and_comments_carry_no_text_but_json_ld_and_title_are_kept() {
        let dom = parse(
            "<title>A &amp; B</title><script>var x = '<p>no</p>';</script><style>p{}</style>\
             <!-- hidden --><script type=\"application/ld+json\">{\"a\": 1}</script><p>yes</p>",
        );
        assert_eq!(dom.text_of(dom.root()), "yes");
        assert_eq!(dom.title.as_deref(), Some("A & B"));
        assert_eq!(dom.json_ld, ["{\"a\": 1}"]);
    }

    #[test]
    fn nesting_beyond_the_limit_is_flattened_and_text_kept() {
        let depth = 100_000;
        let html = format!(
            "{}deep text{}<p>after</p>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let dom = parse(&html);
        let max = (0..dom.nodes.len()).map(|i| dom.depth(i)).max().unwrap();
        assert!(max <= MAX_DEPTH + 1, "depth {max}");
        let text = dom.text_of(dom.root());
        assert!(
            text.contains("deep text") && text.ends_with("after"),
            "{text}"
        );
    }

    #[test]
    fn raw_bodies_are_skipped_but_json_ld_and_text_around_them_are_kept() {
        let html = "<p>a</p><SCRIPT type=x>if (a<b) { document.write('<p>no</p>') }</script>\
                    <!-- <p>gone</p> --><style>p > a {}</style><p>b</p>\
                    <script type='application/ld+json'>{\"k\": \"<v>\"}</script><p>c";
        let dom = parse(html);
        assert_eq!(dom.text_of(dom.root()), "abc");
        assert_eq!(dom.json_ld, ["{\"k\": \"<v>\"}"]);
        // An unclosed script swallows the rest, as in a browser.
        assert_eq!(parse("<p>x</p><script>never closed <p>y").text_of(0), "x");
    }

    #[test]
    fn stray_end_tags_do_not_close_unrelated_elements() {
        let dom = parse("<div><p>a</span></b>b</p></div><p>c</p>");
        let div = dom.elements_named("div").next().unwrap();
        assert_eq!(dom.text_of(div), "ab");
    }
}
