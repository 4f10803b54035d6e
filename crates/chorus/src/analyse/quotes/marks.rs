//! Where quotations are: spans between paired marks of every kind news uses, told apart from
//! apostrophes and from the titles of works.

use super::attribution::one_of;
use std::ops::Range;

/// Byte ranges of quoted text (inside the marks) in one paragraph: double marks of every kind
/// news uses (“curly”, "straight", a curly mark closed by a straight one or the reverse,
/// ``newswire'' and ''archive'' pairs, «guillemets»), then single marks outside them (‘British style’, 'straight').
pub(super) fn quote_spans(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let p = &text[para.clone()];
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let b = p.as_bytes();
    let mut skip = false;
    for (i, c) in p.char_indices() {
        if std::mem::take(&mut skip) {
            continue;
        }
        // ``Newswire quotation marks'': two back-quotes open, two apostrophes close.
        let pair = |mark: u8| b.get(i + 1) == Some(&mark);
        let mut close = |s: usize, open: &mut Option<(usize, char)>| {
            if i > s {
                out.push(para.start + s..para.start + i);
            }
            *open = None;
        };
        match (c, open) {
            ('`', _) if pair(b'`') => {
                open = Some((i + 2, '`'));
                skip = true;
            }
            // ''Archive text'' (old New York Times copy): two apostrophes open as well, where
            // a word starts.
            ('\'', None)
                if pair(b'\'')
                    && p[..i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| c.is_whitespace() || c == '(')
                    && p[i + 2..].starts_with(char::is_alphanumeric) =>
            {
                open = Some((i + 2, '`'));
                skip = true;
            }
            ('\'', Some((s, '`'))) if pair(b'\'') => {
                close(s, &mut open);
                skip = true;
            }
            ('“', _) => open = Some((i + c.len_utf8(), '”')),
            ('«', _) => open = Some((i + c.len_utf8(), '»')),
            ('"', None) => open = Some((i + 1, '"')),
            ('»', Some((s, '»'))) => close(s, &mut open),
            // Curly and straight marks mixed in one pair (an editor's or a converter's doing).
            ('”' | '"', Some((s, '”' | '"'))) => close(s, &mut open),
            _ => {}
        }
    }
    // A quotation that goes on into the next paragraph has no closing mark here (news style).
    if let Some((start, _)) = open {
        let rest = p[start..].trim_end();
        if rest.split_whitespace().count() >= 3 {
            out.push(para.start + start..para.start + start + rest.len());
        }
    }
    let doubles = out.clone();
    out.extend(
        single_quote_spans(p)
            .into_iter()
            .map(|r| para.start + r.start..para.start + r.end)
            .filter(|r| !doubles.iter().any(|d| d.start <= r.end && r.start <= d.end)),
    );
    out.sort_by_key(|r| r.start);
    out
}

/// A short span in Title Case is the name of a show, book or song ("Face the Nation", "All Bets
/// Are Off."), not someone's words, whatever verb stands beside it.
pub(super) fn is_title_of_work(span: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "is", "by",
    ];
    let ws: Vec<&str> = span.split_whitespace().collect();
    // "Glory to GOD!" is an outcry, "The Donald. Big Daddy." two sentences: titles are neither.
    let body = span.trim_end_matches([',', '.', ' ']);
    ws.len() <= 8
        && !body.ends_with(['!', '?'])
        && !body.contains(". ")
        && ws
            .iter()
            .filter(|w| !one_of(SMALL, w))
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
}

/// Spans between single quotation marks (‘…’ or '…'), told apart from apostrophes: an opening
/// mark follows no letter and comes before a letter; a closing mark follows no space and comes
/// before no letter or digit ("don't", "Trump’s" and "the '90s" open or close nothing). Elided
/// words ('em, 'til, rock 'n' roll) open nothing. A plural possessive inside a quotation ("the
/// players' union") closes it early; the two short pieces then stay under three words.
pub(super) fn single_quote_spans(p: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '\'' | '‘' | '’') {
            continue;
        }
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|x| x.1);
        let word_before = prev.is_some_and(char::is_alphanumeric);
        let word_after = next.is_some_and(char::is_alphanumeric);
        let rest = &p[i + c.len_utf8()..];
        let elided = ["em ", "til ", "tis ", "twas ", "n' ", "n ", "cause "]
            .iter()
            .any(|e| {
                rest.get(..e.len())
                    .is_some_and(|r| r.eq_ignore_ascii_case(e))
            });
        let opener = matches!(c, '\'' | '‘')
            && !word_before
            && next.is_some_and(char::is_alphabetic)
            && !elided;
        let closer =
            matches!(c, '\'' | '’') && !word_after && prev.is_some_and(|p| !p.is_whitespace());
        match open {
            Some(s) if closer => {
                if p[s..i].split_whitespace().count() >= 3 {
                    out.push(s..i);
                }
                open = None;
            }
            _ if opener => open = Some(i + c.len_utf8()),
            _ => {}
        }
    }
    out
}

/// `text` with what stands between quotation marks blanked to a clause break: an opening mark
/// without a closing one runs to the end, a closing mark without an opening one (the tail of a
/// quotation begun in the sentence before) from the start.
pub(super) fn outside_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    let mut seen_open = false;
    // ``…'' reads as “…”.
    let text = text.replace("``", "“").replace("''", "”");
    for c in text.chars() {
        match c {
            '“' => {
                inside = true;
                seen_open = true;
            }
            '”' => {
                if !seen_open {
                    // Everything so far was quoted.
                    out.clear();
                }
                inside = false;
                out.push_str(" , ");
            }
            '"' => {
                inside = !inside;
                if !inside {
                    out.push_str(" , ");
                }
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
