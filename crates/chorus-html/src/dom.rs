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

use crate::tokenize::{self, Attribute, Mode};

/// Deepest element nesting kept; real pages stay well under 100.
pub const MAX_DEPTH: usize = 256;
/// How far down the open-element stack an end tag looks for its start tag.
pub const END_TAG_SEARCH: usize = 64;

pub type NodeId = usize;

/// A range of bytes in one of the [`Dom`]'s string buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

/// What a node holds, as stored: ranges into the DOM's buffers, so that building a page's tree
/// allocates a few growing buffers rather than strings and vectors per node, and dropping it
/// frees those few (per-node ownership had made freeing a fifth of extraction).
#[derive(Debug, Clone, Copy)]
enum Stored {
    /// Name in `Dom::strs`; attributes `attrs.0..attrs.1` of `Dom::attrs`.
    Element { name: Span, attrs: (usize, usize) },
    /// Text in `Dom::text`.
    Text(Span),
}

#[derive(Debug, Clone)]
struct Node {
    kind: Stored,
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    next_sibling: Option<NodeId>,
}

impl Node {
    /// A node not yet linked to any other but its parent.
    fn new(kind: Stored, parent: Option<NodeId>) -> Node {
        Node {
            kind,
            parent,
            first_child: None,
            last_child: None,
            next_sibling: None,
        }
    }
}

/// A node as its users see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind<'a> {
    /// An element, by its lower-cased tag name.
    Element(&'a str),
    Text(&'a str),
}

/// The parsed page: node 0 is the document root (an element named `#document`).
#[derive(Debug, Default)]
pub struct Dom {
    nodes: Vec<Node>,
    /// The text nodes' text, one after another.
    text: String,
    /// Element names and attribute names and values, one after another.
    strs: String,
    /// (name, value) of every kept attribute, element by element.
    attrs: Vec<(Span, Span)>,
    /// Text of `<script type="application/ld+json">` blocks, for metadata.
    pub json_ld: Vec<String>,
    /// The `<title>` text.
    pub title: Option<String>,
}

impl Dom {
    pub fn root(&self) -> NodeId {
        0
    }

    /// How many nodes there are; ids run from 0 to this.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn str(&self, span: Span) -> &str {
        &self.strs[span.start..span.end]
    }

    pub fn node(&self, id: NodeId) -> NodeKind<'_> {
        match self.nodes[id].kind {
            Stored::Element { name, .. } => NodeKind::Element(self.str(name)),
            Stored::Text(span) => NodeKind::Text(&self.text[span.start..span.end]),
        }
    }

    pub fn name(&self, id: NodeId) -> Option<&str> {
        match self.nodes[id].kind {
            Stored::Element { name, .. } => Some(self.str(name)),
            Stored::Text(_) => None,
        }
    }

    #[inline]
    fn stored_attrs(&self, id: NodeId) -> &[(Span, Span)] {
        match self.nodes[id].kind {
            Stored::Element { attrs, .. } => &self.attrs[attrs.0..attrs.1],
            Stored::Text(_) => &[],
        }
    }

    /// The element's attributes, (name, value), in the page's order.
    pub fn attrs(&self, id: NodeId) -> impl Iterator<Item = (&str, &str)> {
        self.stored_attrs(id)
            .iter()
            .map(|&(k, v)| (self.str(k), self.str(v)))
    }

    #[inline]
    pub fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        // Compared as bytes, length first: only the value found is sliced as a string.
        let strs = self.strs.as_bytes();
        self.stored_attrs(id)
            .iter()
            .find(|(k, _)| k.end - k.start == key.len() && &strs[k.start..k.end] == key.as_bytes())
            .map(|&(_, v)| self.str(v))
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes[id].parent
    }

    /// The node's children, in document order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id].first_child, |&c| self.nodes[c].next_sibling)
    }

    /// Node ids below `from` (itself first) in document order (pre-order), without recursion.
    pub fn descendants(&self, from: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(Some(from), move |&id| {
            if let Some(c) = self.nodes[id].first_child {
                return Some(c);
            }
            let mut at = id;
            loop {
                if at == from {
                    return None;
                }
                if let Some(s) = self.nodes[at].next_sibling {
                    return Some(s);
                }
                at = self.nodes[at].parent?;
            }
        })
    }

    /// All text below `id`, with single spaces between inline pieces.
    pub fn text_of(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.descendants(id) {
            if let NodeKind::Text(t) = self.node(n) {
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
        for n in self.descendants(id) {
            if out.len() > limit * 2 {
                break;
            }
            if let NodeKind::Text(t) = self.node(n) {
                out.push_str(t);
                out.push(' ');
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

/// An ASCII byte that `char::is_whitespace` calls whitespace (vertical tab included, unlike
/// `u8::is_ascii_whitespace`).
pub(crate) fn is_white_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// The words of `s` joined by single spaces, as `split_whitespace` finds them; byte by byte for
/// ASCII text, which is most of what a page holds.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && is_white_space_byte(b[i]) {
                i += 1;
            }
            let start = i;
            while i < b.len() && !is_white_space_byte(b[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
        return out;
    }
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
        let mut builder = Builder {
            dom: Dom::default(),
            stack: Vec::new(),
            overflow: 0,
            in_raw: None,
        };
        let root = builder.element("#document", &[]);
        builder.dom.nodes.push(Node::new(root, None));
        builder.stack.push(0);
        builder
    }

    fn current(&self) -> NodeId {
        *self.stack.last().expect("root stays on the stack")
    }

    /// Stores an element's name and attributes.
    fn element(&mut self, name: &str, attrs: &[Attribute<'_>]) -> Stored {
        let dom = &mut self.dom;
        let mut store = |s: &str| {
            let start = dom.strs.len();
            dom.strs.push_str(s);
            Span {
                start,
                end: dom.strs.len(),
            }
        };
        let name = store(name);
        let first = dom.attrs.len();
        for (k, v) in attrs {
            let pair = (store(k), store(v));
            dom.attrs.push(pair);
        }
        Stored::Element {
            name,
            attrs: (first, dom.attrs.len()),
        }
    }

    fn append(&mut self, kind: Stored) -> NodeId {
        let parent = self.current();
        let id = self.dom.nodes.len();
        self.dom.nodes.push(Node::new(kind, Some(parent)));
        match self.dom.nodes[parent].last_child {
            Some(last) => self.dom.nodes[last].next_sibling = Some(id),
            None => self.dom.nodes[parent].first_child = Some(id),
        }
        self.dom.nodes[parent].last_child = Some(id);
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
        let text = &mut self.dom.text;
        if let Some(last) = self.dom.nodes[parent].last_child {
            if let Stored::Text(span) = &mut self.dom.nodes[last].kind {
                // Text runs arrive in order, so the element's last text node ends the buffer
                // (text after it would have gone into an element after it); should it not, it
                // moves to the end first.
                if span.end != text.len() {
                    let moved = text[span.start..span.end].to_owned();
                    span.start = text.len();
                    text.push_str(&moved);
                }
                text.push_str(s);
                span.end = text.len();
                return;
            }
        }
        let start = text.len();
        text.push_str(s);
        let span = Span {
            start,
            end: text.len(),
        };
        self.append(Stored::Text(span));
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

    fn open(&mut self, name: &str, attrs: &[Attribute<'_>], self_closing: bool) {
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
        let element = self.element(name, attrs);
        let id = self.append(element);
        if !is_void && !self_closing {
            self.stack.push(id);
        }
    }

    fn close(&mut self, name: &str) {
        if name == "br" || name == "p" && !self.has_open("p") {
            // `</br>` and a stray `</p>` act as breaks, per the spec.
            self.open(name, &[], true);
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

    fn start_tag(&mut self, name: &str, attrs: &[Attribute<'_>], self_closing: bool) -> Mode {
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
    // Room for a typical page's share of text, names and nodes, so the buffers seldom regrow
    // (each regrowth copies what they hold).
    let dom = &mut builder.dom;
    dom.text.reserve(html.len() / 4);
    dom.strs.reserve(html.len() / 4);
    dom.nodes.reserve(html.len() / 64);
    dom.attrs.reserve(html.len() / 256);
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
                    let attrs: Vec<Attribute<'_>> = tag
                        .attrs
                        .iter()
                        .filter(|a| b.keep_attribute(&a.name.local))
                        .map(|a| (a.name.local.to_string().into(), a.value.to_string().into()))
                        .collect();
                    return match b.start_tag(&name, &attrs, tag.self_closing) {
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
        for i in 0..dom.len() {
            let attrs: Vec<(&str, &str)> = dom.attrs(i).collect();
            out.push_str(&format!(
                "{i} {:?} {:?} {attrs:?}\n",
                dom.parent(i),
                dom.node(i)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dom: &Dom, id: NodeId) -> Vec<String> {
        dom.children(id)
            .filter_map(|c| dom.name(c).map(str::to_string))
            .collect()
    }

    #[test]
    fn nodes_children_descendants_and_attributes_read_back_from_the_buffers() {
        let dom = parse(
            "<div id=a class='x y' data-skip=1>one<b title=no>two</b>three</div>\
             <p class=\"q&amp;a\" id=first id=second>four",
        );
        let div = dom.elements_named("div").next().unwrap();
        let kinds: Vec<NodeKind> = dom.children(div).map(|c| dom.node(c)).collect();
        assert_eq!(
            kinds,
            [
                NodeKind::Text("one"),
                NodeKind::Element("b"),
                NodeKind::Text("three")
            ]
        );
        // Only kept attributes are stored; references decoded; the first of two names counts.
        let attrs: Vec<(&str, &str)> = dom.attrs(div).collect();
        assert_eq!(attrs, [("id", "a"), ("class", "x y")]);
        let p = dom.elements_named("p").next().unwrap();
        assert_eq!(dom.attr(p, "class"), Some("q&a"));
        assert_eq!(dom.attr(p, "id"), Some("first"));
        assert_eq!(dom.attr(p, "title"), None);
        let b = dom.elements_named("b").next().unwrap();
        assert_eq!(dom.parent(b), Some(div));
        // Pre-order from the div: itself, its text, b, b's text, the last text; not the p.
        let below: Vec<NodeKind> = dom.descendants(div).map(|n| dom.node(n)).collect();
        assert_eq!(below.len(), 5);
        assert_eq!(below[3], NodeKind::Text("two"));
        assert_eq!(dom.text_of(dom.root()), "onetwothreefour");
        assert_eq!(dom.spaced_text_of(div, 100), "one two three");
    }

    #[test]
    fn whitespace_collapses_as_split_whitespace_says() {
        for s in [
            "",
            "   ",
            "one",
            "  one \t two\n\x0B three\x0C\r ",
            "a\u{a0}b \u{2003} c",
            "\x1Fx y",
        ] {
            let plain = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(s), plain, "{s:?}");
        }
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
        let max = (0..dom.len()).map(|i| dom.depth(i)).max().unwrap();
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
