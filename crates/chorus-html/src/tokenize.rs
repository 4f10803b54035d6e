//! The HTML tokenizer under our tree builder: tags (lower-cased names, attributes with character
//! references decoded, duplicates dropped, self-closing flag), text (character references
//! decoded), comments, doctypes and bogus comments skipped, and the raw-text modes the builder
//! asks for after `<title>`, `<textarea>`, `<script>`, `<style>` and the like. It follows the
//! WHATWG tokenizer's rules for all of these, as html5ever's tokenizer does.
//!
//! Why not html5ever's tokenizer, which this replaced: it reads one character at a time from a
//! buffer queue and builds a reference-counted string per token; over the article-extraction
//! benchmark's pages it ran at about 100 MB/s and took over half of extraction's time, while the
//! speed target (20× trafilatura) needs the whole of extraction at about 150 MB/s. html5gum, the
//! other spec tokenizer, measured no faster. This one scans bytes for the next delimiter and hands
//! text to the builder as slices of the input. It was checked against html5ever's output on every
//! page of the three benchmark sets (the same tree, text and attributes on each).
//!
//! Left out, because nothing here needs them: parse errors, and the tokens of comments and
//! doctypes (they are skipped, as the tree builder ignored them).

use markup5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use std::borrow::Cow;

/// How the text after a start tag is read, as the tree builder decides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Mode {
    /// Markup and character references.
    Data,
    /// Character references but no markup, up to the matching end tag (`title`, `textarea`).
    Rcdata,
    /// Neither, up to the matching end tag (`style`, `iframe`, …).
    Rawtext,
    /// As `Rawtext`, except that an end tag inside `<!-- <script> … -->` does not count.
    ScriptData,
    /// Everything to the end is text (`plaintext`).
    Plaintext,
}

/// A kept attribute: its name (lower-cased) and its value (references decoded), borrowed from
/// the page where nothing had to change.
pub(crate) type Attribute<'a> = (Cow<'a, str>, Cow<'a, str>);

/// What the tokenizer reports to.
pub(crate) trait Sink {
    /// Whether an attribute is worth keeping (the rest are parsed and dropped unstored).
    fn keep_attribute(&self, name: &str) -> bool;
    /// A start tag; returns how the text after it is read.
    fn start_tag(&mut self, name: &str, attrs: &[Attribute<'_>], self_closing: bool) -> Mode;
    fn end_tag(&mut self, name: &str);
    /// A run of text; consecutive runs belong together.
    fn text(&mut self, text: &str);
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

/// Tokenizes a page into `sink`.
pub(crate) fn tokenize(input: &str, sink: &mut impl Sink) {
    // The input stream's preprocessing: CR LF and lone CR become LF.
    let normalized;
    let input = if input.contains('\r') {
        normalized = input.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        input
    };
    Tokenizer {
        s: input,
        b: input.as_bytes(),
        i: 0,
        attrs: Vec::new(),
    }
    .run(sink);
}

struct Tokenizer<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// The kept attributes of the last start tag read: one buffer for every tag.
    attrs: Vec<Attribute<'a>>,
}

/// A parsed tag: name and self-closing; its kept attributes are in `Tokenizer::attrs`.
struct Tag<'a> {
    name: Cow<'a, str>,
    self_closing: bool,
}

impl<'a> Tokenizer<'a> {
    fn run(&mut self, sink: &mut impl Sink) {
        let mut mode = Mode::Data;
        let mut raw_end = String::new();
        while self.i < self.b.len() {
            match mode {
                Mode::Data => {
                    if let Some(tag) = self.data(sink) {
                        raw_end.clear();
                        raw_end.push_str(&tag.name);
                        mode = sink.start_tag(&tag.name, &self.attrs, tag.self_closing);
                    }
                }
                Mode::Rcdata | Mode::Rawtext | Mode::ScriptData => {
                    self.raw_text(sink, &raw_end, mode);
                    mode = Mode::Data;
                }
                Mode::Plaintext => {
                    text_replacing_nul(sink, &self.s[self.i..]);
                    self.i = self.b.len();
                }
            }
        }
    }

    /// Data state up to and including the next start tag, which it returns (end tags, comments
    /// and text are handled on the way).
    fn data(&mut self, sink: &mut impl Sink) -> Option<Tag<'a>> {
        while self.i < self.b.len() {
            let start = self.i;
            let next = memchr::memchr3(b'<', b'&', b'\0', &self.b[start..])
                .map_or(self.b.len(), |p| start + p);
            if next > start {
                sink.text(&self.s[start..next]);
            }
            self.i = next;
            let Some(&c) = self.b.get(next) else {
                break;
            };
            match c {
                b'\0' => self.i += 1, // a null character in text is dropped
                b'&' => {
                    let (decoded, to) = char_ref_at(self.b, next, false);
                    sink.text(&decoded);
                    self.i = to;
                }
                _ => {
                    if let Some(tag) = self.markup(sink) {
                        return Some(tag);
                    }
                }
            }
        }
        None
    }

    /// At a `<` in data: a start tag (returned), an end tag (reported), a comment or doctype
    /// (skipped), or a plain `<` (text).
    fn markup(&mut self, sink: &mut impl Sink) -> Option<Tag<'a>> {
        let b = self.b;
        let at = self.i;
        match b.get(at + 1) {
            Some(c) if c.is_ascii_alphabetic() => {
                self.i = at + 1;
                return self.tag(sink);
            }
            Some(b'/') => match b.get(at + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.i = at + 2;
                    if let Some(t) = self.tag(sink) {
                        sink.end_tag(&t.name);
                    }
                }
                Some(b'>') => self.i = at + 3,
                None => {
                    sink.text("</");
                    self.i = at + 2;
                }
                Some(_) => self.skip_past(at + 2, b">"),
            },
            Some(b'!') => {
                if b[at + 2..].starts_with(b"--") {
                    self.comment(at + 4);
                } else {
                    // A doctype, CDATA outside foreign content, or a bogus comment: all end at
                    // the next '>'.
                    self.skip_past(at + 2, b">");
                }
            }
            Some(b'?') => self.skip_past(at + 1, b">"),
            // "a < b", or '<' last: text.
            _ => {
                sink.text("<");
                self.i = at + 1;
            }
        }
        None
    }

    /// Moves past the first `needle` at or after `from` (to the end when there is none).
    fn skip_past(&mut self, from: usize, needle: &[u8]) {
        self.i =
            find(self.b, from.min(self.b.len()), needle).map_or(self.b.len(), |p| p + needle.len());
    }

    /// A comment whose body starts at `body`: it ends at `-->` or `--!>`; `<!-->` and `<!--->`
    /// end at once.
    fn comment(&mut self, body: usize) {
        let b = self.b;
        if b.get(body) == Some(&b'>') {
            self.i = body + 1;
            return;
        }
        if b.get(body) == Some(&b'-') && b.get(body + 1) == Some(&b'>') {
            self.i = body + 2;
            return;
        }
        let mut from = body;
        loop {
            let Some(p) = find(b, from, b"--") else {
                self.i = b.len();
                return;
            };
            // Any run of dashes, then '>' or "!>".
            let mut q = p + 2;
            while b.get(q) == Some(&b'-') {
                q += 1;
            }
            match b.get(q) {
                Some(b'>') => {
                    self.i = q + 1;
                    return;
                }
                Some(b'!') if b.get(q + 1) == Some(&b'>') => {
                    self.i = q + 2;
                    return;
                }
                None => {
                    self.i = b.len();
                    return;
                }
                _ => from = q,
            }
        }
    }

    /// A tag whose name starts at `self.i`; none at the end of input inside it (the spec drops
    /// such a tag).
    fn tag(&mut self, sink: &impl Sink) -> Option<Tag<'a>> {
        let b = self.b;
        let start = self.i;
        let end = b[start..]
            .iter()
            .position(|&c| is_space(c) || c == b'/' || c == b'>')
            .map_or(b.len(), |p| start + p);
        let name = lower_replacing_nul(&self.s[start..end]);
        self.i = end;
        let mut tag = Tag {
            name,
            self_closing: false,
        };
        self.attrs.clear();
        loop {
            while self.i < b.len() && is_space(b[self.i]) {
                self.i += 1;
            }
            match b.get(self.i) {
                None => return None,
                Some(b'>') => {
                    self.i += 1;
                    return Some(tag);
                }
                Some(b'/') => {
                    self.i += 1;
                    if b.get(self.i) == Some(&b'>') {
                        self.i += 1;
                        tag.self_closing = true;
                        return Some(tag);
                    }
                }
                Some(_) => {
                    let Some((name, raw_value)) = self.attribute() else {
                        self.i = b.len(); // the end of input inside a tag takes the tag
                        return None;
                    };
                    // Only kept attributes are decoded and stored; of two with one name, the
                    // first counts (a dropped one's duplicates are dropped too).
                    if sink.keep_attribute(&name) && self.attrs.iter().all(|(n, _)| *n != name) {
                        self.attrs.push((name, attribute_value(raw_value)));
                    }
                }
            }
        }
    }

    /// An attribute starting at `self.i` (not a space, `/` or `>`): its name and its value as
    /// written; none at the end of input.
    fn attribute(&mut self) -> Option<(Cow<'a, str>, &'a str)> {
        let b = self.b;
        let start = self.i;
        // The first character is part of the name even when it is '='.
        let end = b[start + 1..]
            .iter()
            .position(|&c| is_space(c) || matches!(c, b'/' | b'>' | b'='))
            .map_or(b.len(), |p| start + 1 + p);
        let name = lower_replacing_nul(&self.s[start..end]);
        self.i = end;
        while self.i < b.len() && is_space(b[self.i]) {
            self.i += 1;
        }
        if b.get(self.i) != Some(&b'=') {
            return (self.i < b.len()).then_some((name, ""));
        }
        self.i += 1;
        while self.i < b.len() && is_space(b[self.i]) {
            self.i += 1;
        }
        let value = match b.get(self.i) {
            None => return None,
            Some(&q @ (b'"' | b'\'')) => {
                let from = self.i + 1;
                let to = from + memchr::memchr(q, &b[from..])?;
                self.i = to + 1;
                &self.s[from..to]
            }
            Some(b'>') => "",
            Some(_) => {
                let from = self.i;
                let to = b[from..]
                    .iter()
                    .position(|&c| is_space(c) || c == b'>')
                    .map_or(b.len(), |p| from + p);
                if to == b.len() {
                    return None;
                }
                self.i = to;
                &self.s[from..to]
            }
        };
        Some((name, value))
    }

    /// Raw text up to the end tag named `name` (`</name` then a space, `/` or `>`), which is
    /// consumed and reported.
    fn raw_text(&mut self, sink: &mut impl Sink, name: &str, mode: Mode) {
        let b = self.b;
        let end = if mode == Mode::ScriptData {
            script_end(b, self.i)
        } else {
            let mut from = self.i;
            loop {
                let Some(p) = find(b, from, b"</") else {
                    break None;
                };
                if end_tag_at(b, p, name.as_bytes()) {
                    break Some(p);
                }
                from = p + 2;
            }
        };
        let text_end = end.unwrap_or(b.len());
        let text = &self.s[self.i..text_end];
        if mode == Mode::Rcdata {
            decode_references(text, false, |piece| sink.text(piece));
        } else {
            text_replacing_nul(sink, text);
        }
        match end {
            Some(p) => {
                self.i = p + 2;
                if self.tag(sink).is_some() {
                    sink.end_tag(name);
                }
            }
            None => self.i = b.len(),
        }
    }
}

/// Whether `b[at..]` is the end tag `</name` followed by a space, `/` or `>`.
fn end_tag_at(b: &[u8], at: usize, name: &[u8]) -> bool {
    b[at..].starts_with(b"</") && tag_name_at(b, at + 2, name)
}

/// Whether `b[at..]` is `name` (any case) followed by a space, `/` or `>`.
fn tag_name_at(b: &[u8], at: usize, name: &[u8]) -> bool {
    let after = at + name.len();
    after < b.len()
        && b[at..after].eq_ignore_ascii_case(name)
        && (is_space(b[after]) || b[after] == b'/' || b[after] == b'>')
}

/// Where script data starting at `from` ends: the `<` of its `</script`. Inside `<!-- … -->`
/// a `<script>` starts a stretch where `</script>` does not end the script (the spec's escaped
/// and double-escaped states); none when the script runs to the end.
fn script_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let p = i + memchr::memchr(b'<', &b[i..])?;
        if end_tag_at(b, p, b"script") {
            return Some(p);
        }
        if !b[p..].starts_with(b"<!--") {
            i = p + 1;
            continue;
        }
        // Escaped, right after "<!--": the dashes count towards a closing "-->".
        let (mut j, mut dashes, mut double) = (p + 4, 2, false);
        loop {
            match *b.get(j)? {
                b'-' => {
                    dashes += 1;
                    j += 1;
                }
                b'>' if dashes >= 2 => {
                    j += 1;
                    break;
                }
                b'<' => {
                    dashes = 0;
                    if !double && end_tag_at(b, j, b"script") {
                        return Some(j);
                    }
                    if !double && tag_name_at(b, j + 1, b"script") {
                        double = true;
                        j += 7;
                    } else if double && end_tag_at(b, j, b"script") {
                        double = false;
                        j += 8;
                    } else {
                        j += 1;
                    }
                }
                _ => {
                    dashes = 0;
                    j += 1;
                }
            }
        }
        i = j;
    }
}

/// Decodes the character reference at `b[at] == b'&'`: its characters (or "&" when there is
/// none) and where reading goes on.
fn char_ref_at(b: &[u8], at: usize, in_attribute: bool) -> (Cow<'static, str>, usize) {
    let none = (Cow::Borrowed("&"), at + 1);
    match b.get(at + 1) {
        Some(b'#') => {
            let (hex, digits_from) = match b.get(at + 2) {
                Some(b'x' | b'X') => (true, at + 3),
                _ => (false, at + 2),
            };
            let radix = if hex { 16 } else { 10 };
            let mut n: u32 = 0;
            let mut too_big = false;
            let mut p = digits_from;
            while let Some(d) = b.get(p).and_then(|&c| (c as char).to_digit(radix)) {
                n = n.saturating_mul(radix).saturating_add(d);
                too_big |= n > 0x10FFFF;
                p += 1;
            }
            if p == digits_from {
                // "&#" or "&#x" without digits is text as it stands.
                return (
                    Cow::Owned(String::from_utf8_lossy(&b[at..digits_from]).into_owned()),
                    digits_from,
                );
            }
            if b.get(p) == Some(&b';') {
                p += 1;
            }
            let c = match n {
                _ if too_big => '\u{FFFD}',
                0 | 0xD800..=0xDFFF => '\u{FFFD}',
                0x80..=0x9F => C1_REPLACEMENTS[(n - 0x80) as usize]
                    .unwrap_or_else(|| char::from_u32(n).unwrap_or('\u{FFFD}')),
                n => char::from_u32(n).unwrap_or('\u{FFFD}'),
            };
            (Cow::Owned(c.to_string()), p)
        }
        Some(c) if c.is_ascii_alphanumeric() => {
            // The longest entity name the input continues with (names are ASCII).
            let mut best: Option<(usize, (u32, u32))> = None;
            let mut p = at + 1;
            while p < b.len() && b[p].is_ascii() {
                let Ok(name) = std::str::from_utf8(&b[at + 1..=p]) else {
                    break;
                };
                match NAMED_ENTITIES.get(name) {
                    Some(&m) => {
                        if m.0 != 0 {
                            best = Some((p + 1, m));
                        }
                        p += 1;
                    }
                    None => break,
                }
            }
            let Some((end, (c1, c2))) = best else {
                return none;
            };
            if in_attribute
                && b[end - 1] != b';'
                && b.get(end)
                    .is_some_and(|&c| c == b'=' || c.is_ascii_alphanumeric())
            {
                // For historical reasons an attribute keeps "&copy=…" as written.
                return none;
            }
            let mut s = String::new();
            s.extend(char::from_u32(c1));
            if c2 != 0 {
                s.extend(char::from_u32(c2));
            }
            (Cow::Owned(s), end)
        }
        _ => none,
    }
}

/// Text with character references decoded and null characters replaced (RCDATA, attribute
/// values), handed to `emit` piece by piece.
fn decode_references(raw: &str, in_attribute: bool, mut emit: impl FnMut(&str)) {
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let next = memchr::memchr2(b'&', b'\0', &b[i..]).map_or(b.len(), |p| i + p);
        if next > i {
            emit(&raw[i..next]);
        }
        i = next;
        match b.get(i) {
            Some(b'&') => {
                let (decoded, to) = char_ref_at(b, i, in_attribute);
                emit(&decoded);
                i = to;
            }
            Some(_) => {
                emit("\u{FFFD}");
                i += 1;
            }
            None => {}
        }
    }
}

/// An attribute value with character references decoded and null characters replaced.
fn attribute_value(raw: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'&', b'\0', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    decode_references(raw, true, |piece| out.push_str(piece));
    Cow::Owned(out)
}

/// A name lower-cased (ASCII letters only, as the spec says) with null characters replaced.
fn lower_replacing_nul(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.to_ascii_lowercase().replace('\0', "\u{FFFD}"))
}

fn text_replacing_nul(sink: &mut impl Sink, text: &str) {
    if text.contains('\0') {
        sink.text(&text.replace('\0', "\u{FFFD}"));
    } else if !text.is_empty() {
        sink.text(text);
    }
}

/// The first `needle` in `hay` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use crate::dom::html5ever_oracle::{dump, parse as parse_with_html5ever};
    use crate::dom::parse;

    fn same_as_html5ever(html: &str) {
        assert_eq!(
            dump(&parse(html)),
            dump(&parse_with_html5ever(html)),
            "tree differs from html5ever's for {html:?}"
        );
    }

    /// The corners of the tokenizer spec that pages reach, each beside html5ever's reading.
    #[test]
    fn agrees_with_html5ever_on_hand_written_corners() {
        for html in [
            "<p class=lead id='x' data-a=\"1\">Hi &amp; bye &copy; 2024 &notit; &notin; &#169; &#xA9; &#x; &# &#0; &#128; &#x110000; &unknown; a&b</p>",
            "<a href=\"/x?a=1&copy=2&amp;b\" title=x>&amp</a><a href=&lt;x&gt;>y</a>",
            "<DIV CLASS=A Class=B><P>one<p>two</DIV>",
            "<p>a < b and c<d e>f</p><p>x <3 y</p>",
            "text <!-- a comment --> more <!----> <!--> <!---> <!-- x --!> tail",
            "<!DOCTYPE html><html><head><title>T &amp; U</title></head><body>b</body></html>",
            "<title>a <b>not a tag</b> &lt;</title><p>after",
            "<textarea>x <p> y</textarea><style>p > a { }</style><p>z",
            "<script type=\"application/ld+json\">{\"a\": \"&amp; <b>\"}</script><p>q",
            "<p>one</p  ><p>two</p foo=bar><br/><br /><img src=x alt=y/>",
            "</><p>x</ p></3><?php echo 1 ?><![CDATA[ y ]]>z",
            "<p a=1 a=2 class=c class=d>dup</p>",
            "<p class = \"spaced\" id= 'q' role =main>s</p>",
            "<p class=\"unterminated>x</p><p>y</p>",
            "<p>cut at the end <a href=\"x",
            "<p>line\r\nbreaks\rhere</p>",
            "<p>nul\u{0}char</p><title>t\u{0}</title>",
            "<plaintext><p>not a tag</p>",
            "<xmp><b>raw</b></xmp><iframe><p>x</p></iframe ><noscript>n</noscript>",
            "<title>unclosed title <p>rest",
            "<p>&AMP; &Amp; &amp &lt &gt; &quot &nbsp; &NotNestedGreaterGreater; &acE;</p>",
            "<p \"quote\"=1 <odd=2 =eq=3>attrs</p>",
            "<p class=a/b>slash</p><p/ class=c>x</p>",
            "\u{FEFF}<p>after a byte-order mark</p>",
            "<",
            "<p>a</p><",
            "<p>a</",
            "<!-- never closed",
            "<p>é &eacute; &Eacute &#233;</p><p class=\"é\">x</p>",
        ] {
            same_as_html5ever(html);
        }
    }

    /// Pages stitched at random from fragments that stress the tokenizer's states (300,000 rounds
    /// agreed when it was written; the suite runs fewer).
    #[test]
    fn agrees_with_html5ever_on_random_tag_soup() {
        const PARTS: &[&str] = &[
            "<p>",
            "</p>",
            "<div class=x>",
            "</div>",
            "<li>",
            "text ",
            "&amp;",
            "&copy",
            "&#65;",
            "&#x",
            "<",
            ">",
            "</",
            "<!--",
            "-->",
            "--!>",
            "<a href='y&amp;z'>",
            "</a>",
            "=",
            "\"",
            "'",
            "<title>",
            "</title>",
            "<style>",
            "</style>",
            "<br/>",
            "<td>",
            "<tr>",
            "\n",
            "\r\n",
            " ",
            "<b",
            "</b >",
            "<!doctype x>",
            "<?x?>",
            "é",
            "&notin;x",
            "<p class=\"a\" class=b>",
            "<script type=application/ld+json>",
            "</script>",
            "<textarea>",
            "</textarea>",
            "/",
            "<img/>",
            "&lt",
            "\u{0}",
            "<script>",
            "-",
            "<!-->",
            "<SCRIPT >",
            "</script ",
            "<iframe>",
            "</iframe>",
            "<plaintext>",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5000 {
            let n = 1 + next() % 30;
            let html: String = (0..n)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            same_as_html5ever(&html);
        }
    }
}
