//! The tree builder: the tokenizer's tokens into a [`Dom`], with bounded nesting and the
//! common implied end tags (why not html5ever's: see the module above).

use super::*;

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
