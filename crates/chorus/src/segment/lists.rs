//! Numbered and lettered lists run into one paragraph ("1.) a 2.) b"): their markers are
//! sentence boundaries.

use std::ops::Range;

/// List markers of a paragraph that holds a numbered or lettered sequence ("1.) a 2.) b",
/// "a. x b. y", "• 9. x • 10. y"): each range covers one marker. Empty unless the paragraph opens
/// with a marker and a later marker continues its sequence.
pub(super) fn list_markers(para: &str) -> Vec<Range<usize>> {
    // Only a paragraph that opens with a marker can be a list: most are not, so look there first.
    let first = para.trim_start_matches(['•', '⁃', '*', '·', ' ']);
    if parse_marker(first).is_none() {
        return Vec::new();
    }
    let mut found: Vec<(Range<usize>, ListKey)> = Vec::new();
    for (pos, c) in para.char_indices() {
        let at_token_start = pos == 0
            || para[..pos]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace());
        if !at_token_start {
            continue;
        }
        let mut rest = pos;
        if matches!(c, '•' | '⁃' | '*' | '·') {
            rest += c.len_utf8();
            rest += para[rest..].len() - para[rest..].trim_start_matches(' ').len();
        }
        if let Some((key, len)) = parse_marker(&para[rest..]) {
            found.push((pos..rest + len, key));
        }
    }
    if found.first().is_none_or(|m| m.0.start != 0) {
        return Vec::new();
    }
    // The sequence: each marker continues the one before it.
    let mut seq = vec![found[0].clone()];
    for m in &found[1..] {
        if seq.last().is_some_and(|last| last.1.next_is(&m.1)) {
            seq.push(m.clone());
        }
    }
    if seq.len() < 2 {
        return Vec::new();
    }
    seq.into_iter().map(|m| m.0).collect()
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum ListKey {
    Number(u32, u8),
    Letter(char),
}

impl ListKey {
    fn next_is(&self, other: &ListKey) -> bool {
        match (self, other) {
            (ListKey::Number(a, s), ListKey::Number(b, t)) => *b == a + 1 && s == t,
            (ListKey::Letter(a), ListKey::Letter(b)) => (*a as u32) + 1 == *b as u32,
            _ => false,
        }
    }
}

/// "1.)", "1)", "1.", "a." followed by a space.
fn parse_marker(s: &str) -> Option<(ListKey, usize)> {
    let n_digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if n_digits > 0 && n_digits <= 3 {
        let digits = &s[..n_digits];
        let rest = &s[digits.len()..];
        let n: u32 = digits.parse().ok()?;
        for (style, suffix) in [(0u8, ".) "), (1, ") "), (2, ". ")] {
            if rest.starts_with(suffix) {
                return Some((ListKey::Number(n, style), digits.len() + suffix.len()));
            }
        }
        return None;
    }
    let mut it = s.chars();
    let c = it.next()?;
    if c.is_ascii_lowercase() && s[1..].starts_with(". ") {
        let after = s[3..].chars().next()?;
        if after.is_uppercase() {
            return Some((ListKey::Letter(c), 3));
        }
    }
    None
}
