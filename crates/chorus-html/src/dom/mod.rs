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

mod build;

#[cfg(test)]
pub(crate) use build::html5ever_oracle;
pub use build::parse;

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
