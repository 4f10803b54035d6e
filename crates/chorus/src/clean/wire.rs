//! Newswire and broadcast conventions read in the text's own case: datelines at the start of a
//! paragraph ("WASHINGTON (AP) —", "NAIROBI, October 23 (Xinhua) --", "CAIRO—"), bylines ("By
//! Mara Lindqvist", "By JOHN SMITH, Associated Press Writer" — but not "By one vote, …" or "By
//! Tuesday, …"), section slugs ("CUBA-ELIAN"), separators ("___", "# # #", "-30-") and speaker
//! tags of transcripts ("ROBIN YOUNG, HOST:"). Case is the evidence here, which the lower-cased
//! phrase rules cannot see.

use regex::Regex;
use std::sync::OnceLock;

/// News agencies whose name in brackets marks a dateline.
const AGENCIES: &str = r"AP|Reuters|AFP|UPI|Xinhua|CNN|Bloomberg|dpa|DPA|ANI|IANS|PTI|Kyodo|Yonhap|TASS|EFE|ANSA|AAP|CNS|CNSNews\.com|RIA Novosti|Interfax|NNA|KUNA|WAM|SPA|APA|BNA|IRNA|Anadolu|PA|MENA|Fox News|Sputnik";

/// Weekdays, months and words that open prose after "By" ("By Tuesday, …", "By March, …").
const NOT_NAMES: &[&str] = &[
    "A",
    "About",
    "After",
    "All",
    "Also",
    "An",
    "Any",
    "April",
    "August",
    "Before",
    "Both",
    "Christmas",
    "Dawn",
    "December",
    "Each",
    "Early",
    "Easter",
    "Eight",
    "Election",
    "End",
    "Evening",
    "Every",
    "February",
    "Five",
    "Four",
    "Friday",
    "Half",
    "His",
    "Her",
    "However",
    "January",
    "July",
    "June",
    "Last",
    "Late",
    "Law",
    "March",
    "May",
    "Midnight",
    "Monday",
    "Most",
    "Mid",
    "Midday",
    "Morning",
    "Next",
    "Night",
    "Nine",
    "Noon",
    "November",
    "Now",
    "October",
    "One",
    "Our",
    "September",
    "Seven",
    "Six",
    "Some",
    "Sunday",
    "Ten",
    "That",
    "The",
    "Their",
    "Then",
    "These",
    "This",
    "Those",
    "Three",
    "Thursday",
    "Today",
    "Tomorrow",
    "Tonight",
    "Tuesday",
    "Two",
    "Wednesday",
    "Year",
    "Yesterday",
];

fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A place in capitals ("LOS ANGELES", "HEMPSTEAD, N.Y.", "UNITED NATIONS"), or in title
        // case when an agency follows; then a date ("Sept. 26", "October 23"); then the agency
        // in brackets; then a dash. Either the agency or a dash after capitals must be there.
        let caps_place = r"[A-Z][A-Z.'’\-]+(?:\s[A-Z][A-Z.'’\-]+){0,3}";
        // Before an agency, a place in any case ("new york ( ap ) —" in lower-cased copy).
        let title_place = r"[A-Za-z][a-z.]+(?:\s[A-Za-z][a-z.]+){0,3}";
        let region = r"(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?){0,2}";
        let date = r"(?:,?\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?\s\d{1,2})?";
        let agency = format!(r"\(\s?(?i:{AGENCIES})\s?\)");
        // A date alone before the agency ("Dec 29 (Reuters) -").
        let date_alone = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December)\.?\s\d{1,2},?\s?";
        let dash = r"(?:\s*(?:—|–|―)\s*|\s+(?:--|-|_)\s+)";
        // An outlet not in the list, in brackets between a place in capitals and a dash
        // ("MARROW HARBOUR (Coastal Wire) - A ferry …"): the place and the dash make it one.
        let outlet = r"\(\s?[A-Z][A-Za-z.&'’\-]*(?:\s[A-Z][A-Za-z.&'’\-]*){0,3}\s?\)";
        Regex::new(&format!(
            r"^(?:(?:{caps_place}{region}{date}\s?)?{agency}{dash}?|{date_alone}{agency}{dash}?|{title_place}{region}{date}\s?{agency}{dash}?|{caps_place}{region}{date}\s?{outlet}{dash}|{caps_place}{region}{date}{dash})"
        ))
        .expect("valid dateline")
    })
}

/// A dateline's bracket or dash comes within this many bytes of the paragraph's start
/// ("HEMPSTEAD, N.Y., Sept. 26 (UPI) —" is 35).
const DATELINE_MAX_BYTES: usize = 100;

/// The length in bytes of a dateline opening `para`, when a sentence follows it.
pub(super) fn dateline_len(para: &str) -> Option<usize> {
    // Every dateline opens with a letter or an agency's bracket, and has a bracket or a dash
    // within its first words: most paragraphs are ruled out before the regex.
    if !para.starts_with(|c: char| c.is_alphabetic() || c == '(') {
        return None;
    }
    let mut head_end = para.len().min(DATELINE_MAX_BYTES);
    while !para.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &para[..head_end];
    if !(head.contains(['(', '—', '–', '―', '_']) || head.contains(" -") || head.contains("--"))
    {
        return None;
    }
    let m = dateline_re().find(para)?;
    let rest = &para[m.end()..];
    // A dateline heads a sentence: a heading in capitals followed by a dash and a few words
    // ("NATO — the facts") is left alone.
    (rest.split_whitespace().nth(5).is_some()).then_some(m.end())
}

fn byline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let word = r"(?:[A-Z][A-Za-z'’.\-]*|de|van|von|da|del|der|la|le|bin|al|el)";
        let name = format!(r"{word}(?:\s{word}){{0,3}}");
        let tail = r"(?:\s*[,|/·—–\-]\s*[A-Z0-9][^\n]{0,80})?";
        Regex::new(&format!(
            r"^(?:(?:Story|Written|Words|Text|Reported|Posted|Compiled)\s)?[Bb]y:?\s({name}(?:\s(?:and|&)\s{name})*){tail}\s*$"
        ))
        .expect("valid byline")
    })
}

/// A byline: the whole paragraph is "By" and a name, with an optional short tail (the writer's
/// role, outlet or date).
pub(super) fn is_byline(para: &str) -> bool {
    let para = para.trim();
    if !(para.starts_with(|c: char| c.is_uppercase()) && para.split_whitespace().nth(16).is_none())
    {
        return false;
    }
    let Some(caps) = byline_re().captures(para) else {
        return false;
    };
    let names = &caps[1];
    let first = names.split_whitespace().next().unwrap_or("");
    let first_bare = first.trim_end_matches([',', '.']);
    // "By Trump's own admission", "By Tuesday, …", "By One Vote".
    !(NOT_NAMES.contains(&first_bare)
        || names
            .split_whitespace()
            .any(|w| w.ends_with("'s") || w.ends_with("’s")))
}

/// Wire furniture by shape: a slug ("CUBA-ELIAN", "BC-US-ELECTION"), a separator ("___", "***",
/// "# # #", "-30-").
pub(super) fn is_wire_furniture(para: &str) -> bool {
    let t = para.trim();
    let separator = !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '_' | '-' | '*' | '=' | '#' | '~' | '+' | ' '))
        || t == "-30-";
    let slug = t.len() >= 5
        && t.contains('-')
        && !t.starts_with('-')
        && !t.ends_with('-')
        && t.split('-').all(|part| {
            part.len() >= 2
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        && t.chars().any(|c| c.is_ascii_uppercase());
    separator || slug
}

fn speaker_tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "ROBIN YOUNG, HOST:", "UNIDENTIFIED MAN #1:", "SEN. JOHN DOE (R-OH):" at the start of a line.
    RE.get_or_init(|| Regex::new(r"^(?:[A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*){0,4}(?:, [A-Z][A-Z ./'’\-]{1,40})?(?: #\d+)?(?: \([A-Z\-]+\))?):\s+").expect("valid"))
}

/// The length in bytes of a transcript's speaker tag opening `para` (the tag, without the white
/// space after it), when words follow it.
pub(super) fn speaker_tag_len(para: &str) -> Option<usize> {
    // A tag opens with a capital and holds a colon: most paragraphs skip the regex.
    if !(para.starts_with(|c: char| c.is_ascii_uppercase()) && para.contains(':')) {
        return None;
    }
    let m = speaker_tag_re().find(para)?;
    let tag = m.as_str().trim_end();
    (tag.len() > 3 && m.end() < para.len()).then_some(tag.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_found_in_every_wire_style() {
        for (para, dateline) in [
            (
                "WASHINGTON (AP) — The Senate voted on the bill late on Tuesday.",
                "WASHINGTON (AP) — ",
            ),
            (
                "WASHINGTON (AP) _ The Senate voted on the bill late on Tuesday.",
                "WASHINGTON (AP) _ ",
            ),
            (
                "NAIROBI, October 23 (Xinhua) -- Kenya opened the new port on Monday.",
                "NAIROBI, October 23 (Xinhua) -- ",
            ),
            (
                "HEMPSTEAD, N.Y., Sept. 26 (UPI) — The candidate was escorted off the premises.",
                "HEMPSTEAD, N.Y., Sept. 26 (UPI) — ",
            ),
            (
                "CAIRO—Egypt's parliament approved the budget after a long debate.",
                "CAIRO—",
            ),
            (
                "MOSCOW — Secretary of State met the foreign minister for two hours.",
                "MOSCOW — ",
            ),
            (
                "WASHINGTON ― The lawmakers said on Friday that they would act.",
                "WASHINGTON ― ",
            ),
            (
                "Washington (CNN)The president signed the order on Friday afternoon.",
                "Washington (CNN)",
            ),
            (
                "(AP) — The ferry left the harbour two hours late on Sunday.",
                "(AP) — ",
            ),
            (
                "MIDWAY ATOLL - Seventy-four years ago, a naval battle was fought here.",
                "MIDWAY ATOLL - ",
            ),
            // An outlet the list does not know, between a place in capitals and a dash.
            (
                "MARROW HARBOUR (Coastal Wire) - A ferry ran aground on a reef on Tuesday.",
                "MARROW HARBOUR (Coastal Wire) - ",
            ),
            (
                "PLANTATION, Fla. (WSVN) -- Deputies closed the road after the crash.",
                "PLANTATION, Fla. (WSVN) -- ",
            ),
        ] {
            assert_eq!(
                dateline_len(para).map(|n| &para[..n]),
                Some(dateline),
                "{para}"
            );
        }
    }

    #[test]
    fn prose_and_headings_are_not_datelines() {
        for para in [
            "By one vote, the coalition lost its majority in the chamber on Tuesday.",
            "The Senate voted on the bill late on Tuesday, officials said.",
            "NATO — the facts",
            "U.S.-led forces entered the town on Sunday after a week of shelling.",
            "Mr. Putin said the talks in Moscow (which lasted two hours) were useful.",
            "NATO (North Atlantic Treaty Organization) members met in Brussels on Friday.",
        ] {
            assert_eq!(dateline_len(para), None, "{para}");
        }
    }

    #[test]
    fn bylines_are_names_and_not_prose_opening_with_by() {
        for para in [
            "By Mara Lindqvist",
            "By JOHN SMITH, Associated Press Writer",
            "By Mara Lindqvist and Tomas Brandt | March 3, 2017",
            "Story by Ilse Varga",
            "By Jonas de la Cruz",
        ] {
            assert!(is_byline(para), "{para}");
        }
        for para in [
            "By one vote, the coalition lost its majority.",
            "By Tuesday, the coalition had lost its majority.",
            "By Trump's own admission, the returns are thick.",
            "By any definition, the plan is a fraud!",
            "By March, Prices Had Doubled",
        ] {
            assert!(!is_byline(para), "{para}");
        }
    }

    #[test]
    fn slugs_and_separators_are_wire_furniture() {
        for para in [
            "CUBA-ELIAN",
            "BC-US-ELECTION",
            "___",
            "# # #",
            "-30-",
            "***",
        ] {
            assert!(is_wire_furniture(para), "{para}");
        }
        for para in [
            "U.S.-led",
            "NATO",
            "Covid-19",
            "A-10 jets flew over.",
            "X-RAY",
        ] {
            assert!(!is_wire_furniture(para), "{para}");
        }
    }
}
