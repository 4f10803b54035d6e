//! Splits running text into tokens the way CoNLL-2003 (Penn Treebank style) did, since that is
//! what the tagger was trained on: punctuation apart ("Tillerson ," "( AP )"), a possessive apart
//! ("Putin 's"), abbreviations and initials whole ("U.S.", "Mr.", "W."), hyphenated words and
//! numbers whole ("Arab-Israeli", "1,000"). Every token is a byte span of the text, so a name
//! is shown exactly as written.

/// Abbreviations whose full stop belongs to the word (lower case, without the stop).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "ave", "blvd", "brig", "capt", "cmdr", "co", "col", "corp", "cpl", "dec",
    "dept", "dr", "esq", "etc", "feb", "fig", "fla", "ft", "gen", "gov", "hon", "inc", "jan", "jr",
    "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no", "nov", "oct",
    "pfc", "ph.d", "prof", "pvt", "rep", "reps", "rev", "sen", "sens", "sep", "sept", "sgt", "sr",
    "st", "supt", "vs",
];

const OPENERS: &[char] = &['"', '“', '‘', '«', '(', '[', '{', '\''];
const CLOSERS: &[char] = &[
    '"', '”', '’', '»', ')', ']', '}', ',', ';', ':', '!', '?', '…', '\'',
];

/// Token byte spans of `text`.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    // About one token in five bytes of running text.
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s, text.len(), &mut out);
    }
    out
}

/// One whitespace-free chunk: split at dashes, leading and trailing punctuation peeled, then the
/// core split before a possessive or "n't".
fn chunk(text: &str, mut s: usize, mut e: usize, out: &mut Vec<(usize, usize)>) {
    // Dashes between words: "war—and" → "war", "—", "and"; "--" likewise. (Both long dashes
    // start with the byte 0xE2: most chunks hold neither it nor a hyphen.)
    let bytes = &text.as_bytes()[s..e];
    let dashes: &[&str] = if bytes.contains(&b'-') || bytes.contains(&0xE2) {
        &["—", "–", "--"]
    } else {
        &[]
    };
    for dash in dashes {
        if let Some(p) = text[s..e].find(dash) {
            if p > 0 || p + dash.len() < e - s {
                chunk(text, s, s + p, out);
                out.push((s + p, s + p + dash.len()));
                chunk(text, s + p + dash.len(), e, out);
                return;
            }
        }
    }
    // Leading punctuation, one token each.
    while s < e {
        let c = text[s..e].chars().next().unwrap_or(' ');
        let rest = &text[s + c.len_utf8()..e];
        // "'90s" and "’em" keep their apostrophe.
        let elision = matches!(c, '\'' | '’') && rest.starts_with(|d: char| d.is_ascii_digit());
        if OPENERS.contains(&c) && !elision && !rest.is_empty() {
            out.push((s, s + c.len_utf8()));
            s += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, kept in order.
    let mut tail = Vec::new();
    while s < e {
        let word = &text[s..e];
        let c = word.chars().next_back().unwrap_or(' ');
        let stem = &word[..word.len() - c.len_utf8()];
        if stem.is_empty() {
            break;
        }
        let peel = if c == '.' {
            !keeps_full_stop(stem)
        } else if c == '\'' || c == '’' {
            // "players'" keeps a possessive apostrophe as a token of its own; a closing quote too.
            true
        } else {
            CLOSERS.contains(&c)
        };
        if !peel {
            break;
        }
        // "..." stays one token.
        if c == '.' && stem.ends_with("..") {
            let dots = word.len() - word.trim_end_matches('.').len();
            tail.push((e - dots, e));
            e -= dots;
            continue;
        }
        tail.push((e - c.len_utf8(), e));
        e -= c.len_utf8();
    }
    core(text, s, e, out);
    out.extend(tail.into_iter().rev());
}

fn keeps_full_stop(stem: &str) -> bool {
    let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
    if stem.contains('.') && letters > 0 && !stem.ends_with('.') {
        return true; // "U.S", "a.m"
    }
    if letters == 1 && stem.chars().count() == 1 {
        return true; // an initial: "W."
    }
    let lower = stem.to_lowercase();
    ABBREVIATIONS.binary_search(&lower.as_str()).is_ok()
}

fn core(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    if s >= e {
        return;
    }
    let word = &text[s..e];
    // Every suffix below holds an apostrophe; most words hold none.
    if !word.contains(['\'', '’']) {
        out.push((s, e));
        return;
    }
    for suffix in [
        "'s", "’s", "n't", "n’t", "'m", "’m", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d",
    ] {
        let cut = word.len().saturating_sub(suffix.len());
        if cut > 0 && word.is_char_boundary(cut) && word[cut..].eq_ignore_ascii_case(suffix) {
            let cut = e - suffix.len();
            out.push((s, cut));
            out.push((cut, e));
            return;
        }
    }
    out.push((s, e));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_keep_their_stop() {
        assert_eq!(
            words("Secretary of State Rex W. Tillerson met Mr. Putin in the U.S. on Jan. 3."),
            [
                "Secretary",
                "of",
                "State",
                "Rex",
                "W.",
                "Tillerson",
                "met",
                "Mr.",
                "Putin",
                "in",
                "the",
                "U.S.",
                "on",
                "Jan.",
                "3",
                "."
            ]
        );
    }

    #[test]
    fn punctuation_quotes_and_possessives_apart() {
        assert_eq!(
            words("“We're not going,” Putin's aide said (AP)—and left..."),
            [
                "“", "We", "'re", "not", "going", ",", "”", "Putin", "'s", "aide", "said", "(",
                "AP", ")", "—", "and", "left", "..."
            ]
        );
        assert_eq!(
            words("the players' union didn't"),
            ["the", "players", "'", "union", "did", "n't"]
        );
        assert_eq!(
            words("Arab-Israeli 1,000 '90s"),
            ["Arab-Israeli", "1,000", "'90s"]
        );
    }

    #[test]
    fn spans_cover_the_text_exactly() {
        let text = "  «Oui», dit-il.  \n Ça va? ";
        for (s, e) in tokenize(text) {
            assert!(s < e && !text[s..e].trim().is_empty());
        }
        assert_eq!(
            words(text),
            ["«", "Oui", "»", ",", "dit-il", ".", "Ça", "va", "?"]
        );
        assert!(tokenize("").is_empty() && tokenize(" \n").is_empty());
        assert_eq!(words("— x -- y"), ["—", "x", "--", "y"]);
    }

    #[test]
    fn abbreviations_are_sorted_for_binary_search() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }
}
