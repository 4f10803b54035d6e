//! Sentence segmentation with byte spans.
//!
//! Our own rule-based splitter rather than a crate: segmentation quality is core to Chorus (every
//! provenance id is a sentence), the crates measured here either split after "Mr." or join too much,
//! and we need exact byte spans into the original text. Rules follow the "Golden Rules" of
//! pragmatic_segmenter: a candidate boundary is a run of `.`, `?`, `!` or `…` (with closing quotes
//! and brackets) followed by white space; the word before it and the word after it decide.
//!
//! Lines are paragraphs: a newline always ends a sentence (news text is one paragraph a line).

mod lists;
mod words;

use lists::list_markers;
use std::ops::Range;
use words::{ABBREVIATIONS, MONTHS, PREPOSITIVE, STARTERS, TOP_LEVEL_DOMAINS};

/// Splits `text` into sentence byte ranges (trimmed of surrounding white space, never empty).
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            split_paragraph(text, line_start..i, &mut out);
            line_start = i + 1;
        }
    }
    split_paragraph(text, line_start..text.len(), &mut out);
    out
}

/// Splits one paragraph (a range of `text` with no newline) and appends its sentences to `out`.
pub fn split_paragraph(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let para = &text[range.clone()];
    let base = range.start;
    let markers = list_markers(para);
    let mut cuts = boundary_cuts(para, &markers);
    cuts.extend(markers.iter().skip(1).map(|m| m.start));
    cuts.extend(dateline_cut(para));
    cuts.sort_unstable();
    cuts.dedup();
    let mut start = 0;
    for cut in cuts.into_iter().chain(std::iter::once(para.len())) {
        if cut <= start {
            continue;
        }
        push_trimmed(para, start..cut, base, out);
        start = cut;
    }
}

/// Whether a sentence ends where a line ending with `prev` breaks before a line starting with
/// `next`: the splitter's own decision on the words around the break ("… of the U.S." before
/// "State Department" goes on; before "The talks" it ends).
pub fn line_break_ends_sentence(prev: &str, next: &str) -> bool {
    let prev = prev.trim_end();
    if !prev.trim_end_matches(is_closer).ends_with(is_terminal) {
        return false;
    }
    let tail = prev.rsplit(char::is_whitespace).next().unwrap_or(prev);
    let head: Vec<&str> = next.split_whitespace().take(3).collect();
    if head.is_empty() {
        return true;
    }
    // Most lines end with a plain word and a full stop before a capital: no closer look.
    let word = tail
        .trim_end_matches(is_closer)
        .trim_end_matches(is_terminal)
        .trim_start_matches(is_opener);
    let plain = word.chars().count() > 1
        && word.chars().all(char::is_alphabetic)
        && word.chars().skip(1).all(char::is_lowercase)
        && !PREPOSITIVE.contains(&word.to_lowercase().as_str())
        && !ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        && !MONTHS.contains(&word.to_lowercase().as_str());
    if plain && head[0].starts_with(|c: char| c.is_uppercase()) {
        return true;
    }
    let joined = format!("{tail} {}", head.join(" "));
    boundary_cuts(&joined, &[])
        .iter()
        .any(|&c| c == tail.len() || c == tail.len() + 1)
}

fn push_trimmed(para: &str, r: Range<usize>, base: usize, out: &mut Vec<Range<usize>>) {
    let s = &para[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(base + r.start + lead..base + r.end - trail);
    }
}

/// Byte offsets (within the paragraph) where a new sentence starts.
fn boundary_cuts(para: &str, markers: &[Range<usize>]) -> Vec<usize> {
    // A cut needs a terminal with text after it. Most paragraphs are one sentence, whose only
    // terminals close it (perhaps inside closing quotes): those need no closer look.
    let body = para
        .trim_end()
        .trim_end_matches(is_closer)
        .trim_end_matches(is_terminal);
    if !body.contains(is_terminal) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        // The terminal run: ".", "?!", "...", ". . .", "…", with interior spaces for spaced dots.
        let run_start = i;
        let mut j = i;
        let mut dots = 0usize;
        let mut spaced = false;
        loop {
            if j < chars.len() && is_terminal(chars[j].1) {
                if chars[j].1 == '.' {
                    dots += 1;
                } else if chars[j].1 == '…' {
                    dots += 3;
                }
                j += 1;
            } else if j + 1 < chars.len() && chars[j].1 == ' ' && chars[j + 1].1 == '.' && dots > 0
            {
                spaced = true;
                j += 1;
            } else {
                break;
            }
        }
        let run_end = j; // exclusive, char index
        if markers.iter().any(|m| m.contains(&chars[run_start].0)) {
            i = run_end;
            continue;
        }
        // Closing quotes and brackets belong to the sentence that ends here.
        let mut k = run_end;
        while k < chars.len() && is_closer(chars[k].1) {
            k += 1;
        }
        i = run_end.max(i + 1);
        // A boundary needs white space (or the end) right after the closers, but for text a
        // scraper glued together ("…in Tennessee.Shannon Trent said…").
        if k < chars.len() && !chars[k].1.is_whitespace() {
            if glued_boundary(para, &chars, run_start, run_end, k) {
                // A straight quote between the two opens the next sentence when none is open
                // in this one ("…over.\"The ferry…").
                let from = cuts.last().copied().unwrap_or(0);
                let open = para[from..chars[run_start].0].matches('"').count() % 2 == 1;
                let quote = (run_end..k).find(|&q| chars[q].1 == '"').filter(|_| !open);
                cuts.push(byte_at(&chars, quote.unwrap_or(k), para.len()));
            }
            continue;
        }
        if k >= chars.len() {
            continue; // end of paragraph: nothing to cut
        }
        // Tokenised text spaces its quotation marks ("… he said . \" police …"): a lone straight
        // quote after the terminal closes this sentence when it holds an open quotation, and
        // the sentence ends there whatever case the next word has.
        let from = cuts.last().copied().unwrap_or(0);
        if k + 1 < chars.len()
            && chars[k + 1].1 == '"'
            && chars.get(k + 2).is_none_or(|c| c.1.is_whitespace())
            && para[from..chars[run_start].0].matches('"').count() % 2 == 1
        {
            if k + 2 < chars.len() {
                cuts.push(byte_at(&chars, k + 2, para.len()));
            }
            i = k + 2;
            continue;
        }
        let next = next_word(&chars, k);
        let Some(next) = next else { continue };
        let prev = prev_word(para, &chars, run_start);
        let only_dots = chars[run_start..run_end]
            .iter()
            .all(|(_, c)| matches!(c, '.' | ' ' | '…'));
        let is_ellipsis = only_dots && dots >= 3;
        let decision = if is_ellipsis {
            ellipsis_boundary(para, &chars, run_start, dots, spaced, &next)
        } else if chars[run_start].1 == '.' && only_dots {
            period_boundary(&prev, &next)
        } else {
            // "?" or "!", possibly mixed: a boundary unless the next word continues the sentence.
            Decision::from(!(next.starts_lower || next.opens_paren && prev.word.is_empty()))
        };
        match decision {
            Decision::Cut => cuts.push(byte_at(&chars, k, para.len())),
            Decision::CutAfterFirst => cuts.push(byte_at(&chars, run_start + 1, para.len())),
            Decision::None => {}
        }
    }
    cuts
}

#[derive(PartialEq)]
enum Decision {
    Cut,
    CutAfterFirst,
    None,
}

impl From<bool> for Decision {
    fn from(b: bool) -> Self {
        if b {
            Decision::Cut
        } else {
            Decision::None
        }
    }
}

/// A sentence end with no space after it: one `.`, `?` or `!` after a word in lower case, then
/// a capitalised word ("Tennessee.Shannon", "said.\"The"). Not inside a token that is an
/// abbreviation, a domain or a path ("U.S.Army", "example.Com", "e.g.The").
fn glued_boundary(
    para: &str,
    chars: &[(usize, char)],
    run_start: usize,
    run_end: usize,
    k: usize,
) -> bool {
    if run_end - run_start != 1 || run_start < 2 {
        return false;
    }
    let lower_before =
        chars[run_start - 1].1.is_lowercase() && chars[run_start - 2].1.is_lowercase();
    let capitalised_after =
        chars[k].1.is_uppercase() && chars.get(k + 1).is_some_and(|c| c.1.is_lowercase());
    if !(lower_before && capitalised_after) {
        return false;
    }
    // The whole white-space-delimited token around the stop: an address or a path has more
    // than this one stop, or an "@", "/", ":".
    let start = chars[..run_start]
        .iter()
        .rposition(|c| c.1.is_whitespace())
        .map_or(0, |i| i + 1);
    let end = chars[k..]
        .iter()
        .position(|c| c.1.is_whitespace())
        .map_or(chars.len(), |i| k + i);
    let whole = &para[chars[start].0..byte_at(chars, end, para.len())];
    let after = &para[chars[k].0..byte_at(chars, end, para.len())];
    let plain = !whole.contains(['/', '@', ':', '\\', '_'])
        && !after
            .trim_end_matches(['.', ',', ';', '!', '?', '"', '\''])
            .contains('.')
        && !whole.to_lowercase().starts_with("www")
        && !whole.to_lowercase().starts_with("http");
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let token = prev_word(para, chars, run_start).word;
    let lower = token.trim_start_matches(is_opener).to_lowercase();
    plain
        && !TOP_LEVEL_DOMAINS.contains(&next.as_str())
        && !token.contains('.')
        && !PREPOSITIVE.contains(&lower.as_str())
        && !ABBREVIATIONS.contains(&lower.as_str())
        && !MONTHS.contains(&lower.as_str())
}

fn byte_at(chars: &[(usize, char)], idx: usize, len: usize) -> usize {
    chars.get(idx).map_or(len, |c| c.0)
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›' | '}')
}

fn is_opener(c: char) -> bool {
    // "`" opens ``double back-quote'' quotations (wire copy, older corpora).
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '{' | '`'
    )
}

/// What follows a candidate boundary.
struct NextWord {
    word: String,
    starts_lower: bool,
    starts_upper: bool,
    starts_digit: bool,
    opens_quote: bool,
    opens_paren: bool,
}

fn next_word(chars: &[(usize, char)], mut k: usize) -> Option<NextWord> {
    // A scraper's " | " between two texts separates like white space.
    while k < chars.len() && (chars[k].1.is_whitespace() || chars[k].1 == '|') {
        k += 1;
    }
    if k >= chars.len() {
        return None;
    }
    let mut opens_quote = false;
    let mut opens_paren = false;
    while k < chars.len() && is_opener(chars[k].1) {
        if matches!(chars[k].1, '(' | '[' | '{') {
            opens_paren = true;
        } else {
            opens_quote = true;
        }
        k += 1;
    }
    let word: String = chars[k..]
        .iter()
        .map(|c| c.1)
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’' || *c == '-')
        .collect();
    let first = word.chars().next();
    Some(NextWord {
        starts_lower: first.is_some_and(|c| c.is_lowercase()),
        starts_upper: first.is_some_and(|c| c.is_uppercase()),
        starts_digit: first.is_some_and(|c| c.is_ascii_digit()),
        opens_quote,
        opens_paren,
        word,
    })
}

/// The word before a candidate boundary.
struct PrevWord {
    /// The token up to the terminal run, openers stripped ("U.S", "Mr", "p", "100.00").
    word: String,
}

fn prev_word(para: &str, chars: &[(usize, char)], run_start: usize) -> PrevWord {
    let end = chars[run_start].0;
    let mut start = end;
    for &(b, c) in chars[..run_start].iter().rev() {
        if c.is_whitespace() {
            break;
        }
        start = b;
    }
    let token = para[start..end].trim_start_matches(is_opener);
    PrevWord {
        word: token.to_string(),
    }
}

fn ellipsis_boundary(
    para: &str,
    chars: &[(usize, char)],
    run_start: usize,
    dots: usize,
    spaced: bool,
    next: &NextWord,
) -> Decision {
    // "[...]" marks an omission inside a quotation, never an end.
    if run_start > 0 && chars[run_start - 1].1 == '[' {
        return Decision::None;
    }
    if next.starts_lower || !(next.starts_upper || next.opens_quote) {
        return Decision::None;
    }
    let glued = run_start > 0 && !chars[run_start - 1].1.is_whitespace();
    if spaced {
        // "word. . . . Next": the first period ends the sentence and the spaced ellipsis opens the next.
        if glued && dots >= 4 && para[chars[run_start].0..].starts_with(". .") {
            return Decision::CutAfterFirst;
        }
        // " . . . ." (four) ends a sentence; " . . . " (three) is an omission inside it.
        return Decision::from(dots >= 4);
    }
    Decision::Cut
}

fn period_boundary(prev: &PrevWord, next: &NextWord) -> Decision {
    let w = prev.word.as_str();
    if next.starts_lower {
        return Decision::None;
    }
    if next.opens_paren && !next.starts_upper {
        return Decision::None;
    }
    let bare = w.trim_end_matches('.');
    let lower = bare.to_lowercase();
    // Titles and other words that always precede something: "Mr. Smith", "Mt. Fuji", "No. 5".
    if PREPOSITIVE.contains(&lower.as_str()) {
        return Decision::None;
    }
    let starter = is_sentence_starter(&next.word);
    // Numeric abbreviations: "p. 55", "Sept. 30", "N°. 1026".
    if next.starts_digit
        && (ABBREVIATIONS.contains(&lower.as_str())
            || MONTHS.contains(&lower.as_str())
            || bare.len() == 1
            || bare.ends_with('°'))
    {
        return Decision::None;
    }
    // A single letter: an initial ("Jonas E. Smith") unless a sentence plainly starts after it.
    if bare.chars().count() == 1 && bare.chars().all(|c| c.is_alphabetic()) {
        return Decision::from(starter);
    }
    // Dotted abbreviations ("U.S.", "a.m.", "E.U.") and known ones ("Co.", "Inc.", "Jr.").
    let dotted = bare.contains('.')
        && bare
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(|c| c.is_alphabetic()));
    if dotted || ABBREVIATIONS.contains(&lower.as_str()) || MONTHS.contains(&lower.as_str()) {
        return Decision::from(starter);
    }
    Decision::from(next.starts_upper || next.starts_digit || next.opens_quote || next.opens_paren)
}

fn is_sentence_starter(word: &str) -> bool {
    let w = word.trim_end_matches(['\'', '’']);
    STARTERS.contains(&w)
}

/// Headline and dateline run together on one line ("… founder Saturday, January 31, 2009"): the
/// date is a sentence of its own.
fn dateline_cut(para: &str) -> Option<usize> {
    const DAYS: [&str; 7] = [
        "Monday, ",
        "Tuesday, ",
        "Wednesday, ",
        "Thursday, ",
        "Friday, ",
        "Saturday, ",
        "Sunday, ",
    ];
    let trimmed = para.trim_end();
    // One scan rules out almost every paragraph before the seven searches.
    if !trimmed.contains("day, ") {
        return None;
    }
    for day in DAYS {
        if let Some(at) = trimmed.rfind(day) {
            let tail = &trimmed[at + day.len()..];
            let words: Vec<&str> = tail.split_whitespace().collect();
            let looks_like_date = words.len() == 3
                && words[0].chars().all(char::is_alphabetic)
                && words[1]
                    .trim_end_matches(',')
                    .chars()
                    .all(|c| c.is_ascii_digit())
                && words[2].len() == 4
                && words[2].chars().all(|c| c.is_ascii_digit());
            let before = trimmed[..at].trim_end();
            if looks_like_date && at > 0 && !before.ends_with(|c: char| is_terminal(c) || c == ',')
            {
                return Some(at);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        split_sentences(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Gen. Alma R. Voss met Mr. Okafor at 9 a.m. on Friday. The talks ended early."),
            vec![
                "Gen. Alma R. Voss met Mr. Okafor at 9 a.m. on Friday.",
                "The talks ended early."
            ]
        );
    }

    #[test]
    fn dotted_abbreviation_ends_only_before_a_starter() {
        assert_eq!(
            split("Aid came from the U.S. Navy and the U.N. It arrived late."),
            vec![
                "Aid came from the U.S. Navy and the U.N.",
                "It arrived late."
            ]
        );
    }

    #[test]
    fn decimals_quotes_and_ellipses() {
        assert_eq!(
            split("The levy rose 3.5 percent. “It is unfair,” she said. “We will fight.” Then… nothing. Wait... What?"),
            vec!["The levy rose 3.5 percent.", "“It is unfair,” she said.", "“We will fight.”", "Then… nothing.", "Wait...", "What?"]
        );
    }

    #[test]
    fn spans_are_trimmed_and_point_into_the_text() {
        let text = "  First one.   Second one!\n\nThird line without stop\n";
        let spans = split_sentences(text);
        assert_eq!(spans.len(), 3);
        for r in &spans {
            let s = &text[r.clone()];
            assert_eq!(s, s.trim());
            assert!(!s.is_empty());
        }
        assert_eq!(&text[spans[2].clone()], "Third line without stop");
    }

    #[test]
    fn glued_sentences_are_split_and_abbreviations_are_not() {
        assert_eq!(
            split("The storm hit in Tennessee.Shannon Trent said the roof went first."),
            vec![
                "The storm hit in Tennessee.",
                "Shannon Trent said the roof went first."
            ]
        );
        assert_eq!(
            split("He told reporters it was over.\"The ferry is gone,\" he said."),
            vec![
                "He told reporters it was over.",
                "\"The ferry is gone,\" he said."
            ]
        );
        for one in [
            "Troops of the U.S.Army crossed the river at dawn.",
            "The page at example.Com went dark on Monday.",
            "Rivers rose, e.g.The Marrow rose two metres.",
            "He met Mr.Smith at noon on Tuesday.",
        ] {
            assert_eq!(split(one), vec![one]);
        }
    }

    #[test]
    fn a_spaced_closing_quote_stays_with_its_sentence() {
        // Tokenised corpora space their quotation marks; the mark after the full stop closes
        // the quotation, even when the next sentence lost its capital.
        assert_eq!(
            split(
                "\" we will rebuild it . \" police did not say when. \" a new one \" is planned."
            ),
            vec![
                "\" we will rebuild it . \"",
                "police did not say when.",
                "\" a new one \" is planned."
            ]
        );
    }

    #[test]
    fn back_quoted_quotations_are_quotations() {
        // No boundary inside ``…!'' when the sentence goes on; a boundary before `` opening one.
        assert_eq!(
            split("The crowd shouted ``You resign!'' at the mayor on Tuesday. ``We will stay,'' she said."),
            vec![
                "The crowd shouted ``You resign!'' at the mayor on Tuesday.",
                "``We will stay,'' she said."
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            ".",
            "...",
            "!?",
            " . . . . ",
            "a. b. c.",
            "1. 2. 3.",
            "“",
            "\u{0}.\u{0}",
            "é. É. ü!",
        ] {
            let spans = split_sentences(s);
            for r in spans {
                assert!(s.get(r).is_some());
            }
        }
    }
}
