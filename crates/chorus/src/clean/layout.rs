//! Paragraphs of plain text, decided block by block and line by line.
//!
//! A file can mix one paragraph per line (most scraped news), blank-line blocks, hard-wrapped
//! lines and menus of short lines, so no decision is made for the whole file. Within a block (lines
//! with no blank line between), a line joins the one before it only when that one stops
//! mid-sentence and the break is a wrap: the next line goes on in lower case, or the line before
//! is full (its next word would not have fitted in the block's widest line, for blocks at least
//! `MIN_WRAP_WIDTH` wide). A line that ends a sentence ends its paragraph, whatever the rest of
//! the file does; so does a line before an indented one. A menu of short lines never wraps,
//! so it never swallows the prose beside it.

use crate::segment::line_break_ends_sentence;
use std::ops::Range;

/// Hard-wrapped text is cut at 60–80 columns; a block whose widest line is narrower than this
/// is a list or a menu, not wrapped prose.
const MIN_WRAP_WIDTH: usize = 40;

/// Non-empty lines, trimmed, as byte ranges.
pub fn line_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n').filter_map(move |line| {
        let s = start;
        start += line.len() + 1;
        let lead = line.len() - line.trim_start().len();
        let t = line.trim();
        (!t.is_empty()).then(|| s + lead..s + lead + t.len())
    })
}

/// Paragraphs as byte ranges, in text order.
pub fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let lines: Vec<Range<usize>> = line_spans(text).collect();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut block_start = 0;
    for i in 1..=lines.len() {
        let block_ends =
            i == lines.len() || text[lines[i - 1].end..lines[i].start].matches('\n').count() >= 2;
        if block_ends {
            paragraphs_of_block(text, &lines[block_start..i], &mut out);
            block_start = i;
        }
    }
    out
}

/// The paragraphs of one block (lines with no blank line between).
fn paragraphs_of_block(text: &str, lines: &[Range<usize>], out: &mut Vec<Range<usize>>) {
    let chars = |r: &Range<usize>| text[r.clone()].chars().count();
    let width = lines.iter().map(chars).max().unwrap_or(0);
    // Indentation marks paragraphs only where the block mixes indented and flush lines.
    let indent = |r: &Range<usize>| {
        let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
        text[line_start..r.start].chars().count()
    };
    let indents: Vec<usize> = lines.iter().map(indent).collect();
    let mixed = indents.iter().any(|&i| i >= 2) && indents.contains(&0);
    let first = out.len();
    let mut prev_line: Option<&Range<usize>> = None;
    for (k, line) in lines.iter().enumerate() {
        let joins = prev_line.is_some_and(|prev| {
            let (p, next) = (&text[prev.clone()], &text[line.clone()]);
            if p.ends_with(':') || line_break_ends_sentence(p, next) {
                return false;
            }
            if mixed && indents[k] >= 2 && indents[k] > indents[k - 1] {
                return false;
            }
            let first_word = next
                .split_whitespace()
                .next()
                .map_or(0, |w| w.chars().count());
            let full = width >= MIN_WRAP_WIDTH && chars(prev) + 1 + first_word > width;
            next.starts_with(|c: char| c.is_lowercase()) || full
        });
        let in_block = out.len() > first;
        match out.last_mut() {
            Some(para) if joins && in_block => para.end = line.end,
            _ => out.push(line.clone()),
        }
        prev_line = Some(line);
    }
}

/// Ends with sentence punctuation (possibly inside closing quotes or brackets).
pub fn ends_like_sentence(s: &str) -> bool {
    // Closing marks may stand apart from the stop, as tokenised corpora write them
    // (`… we can act . "`).
    let t = s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
    });
    t.ends_with(['.', '!', '?', '…'])
}

/// Prose: long enough and ends like a sentence.
pub(super) fn is_prose(s: &str) -> bool {
    ends_like_sentence(s) && s.split_whitespace().nth(11).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<&str> {
        paragraph_spans(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn a_sentence_ends_inside_closing_marks_spaced_or_not() {
        assert!(ends_like_sentence("\"We will rebuild it.\""));
        assert!(ends_like_sentence("we will rebuild it . \" "));
        assert!(ends_like_sentence("(as the mayor put it.) "));
        assert!(!ends_like_sentence("the bridge that the county built \""));
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined_at_their_wraps() {
        let text = "The river rose two metres overnight and the\nold stone bridge at Marrow Ford was closed to\ntraffic by the county on Sunday morning.\n\nVolunteers filled sandbags at the school and\nstacked them along the lower streets before\nthe second crest arrived at dusk.\n";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 2);
        assert!(paras[0].ends_with("Sunday morning."));
        // A wrap before a capitalised word: the line before is full.
        let text = "Engineers from the regional water board met\nMayor Ilse Varga at the dam on Friday morning.\n";
        assert_eq!(paragraphs(text).len(), 1);
    }

    #[test]
    fn one_paragraph_a_line_with_a_cut_line_joined_to_its_lower_case_rest() {
        let text = "The bridge closed on Sunday.\nCounty engineers said the arch\nhad shifted in the flood.\nIt may reopen in May.";
        assert_eq!(
            paragraphs(text),
            vec![
                "The bridge closed on Sunday.",
                "County engineers said the arch\nhad shifted in the flood.",
                "It may reopen in May."
            ]
        );
    }

    #[test]
    fn prose_lines_beside_a_menu_stay_paragraphs_of_their_own() {
        // One block: prose a line each, then a price list and a feature menu.
        let text = "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\nAll 112 passengers were taken off by lifeboats before noon, officials said.\nPremium Annual\n$49.99/year\nDigital replica of our daily paper with options to read and share\nCurated Newsletters\n\nArchives\n";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 7, "{paras:?}");
        assert_eq!(
            paras[1],
            "All 112 passengers were taken off by lifeboats before noon, officials said."
        );
    }

    #[test]
    fn an_abbreviation_at_a_wrap_does_not_end_the_paragraph() {
        let text = "The talks between the two sides were held in the\ncapital, where senior officials of the U.S.\nState Department met the delegation on Friday.\n";
        assert_eq!(paragraphs(text).len(), 1);
    }

    #[test]
    fn indented_lines_start_paragraphs_in_a_wrapped_block() {
        let text = "   The council voted on Tuesday to close the old\nbridge to all traffic for the winter.\n   Engineers will inspect the\narch in the spring, the council said.\n";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 2, "{paras:?}");
        assert!(paras[1].starts_with("Engineers"));
    }
}
