//! Photo captions run into the text as paragraphs of their own, in the style of the British
//! tabloids: no full stop at the end, and a label, a position or a photo agency that prose does
//! not use ("Party animal: The vicomte appeared to revel in the party atmosphere", "Fame Flynet
//! Pippa in Paris this weekend", "… pictured at the back of the group (left)").

/// Words a paragraph needs before it is judged here; shorter lines are headings by shape.
const MIN_WORDS: usize = 8;

/// Most words a caption has; a longer paragraph without a full stop is prose cut short (a
/// truncated article, a scraped paragraph), not a caption.
const MAX_WORDS: usize = 60;

/// Where a caption says its subject stands in the picture.
const POSITIONS: &[&str] = &[
    "(left)",
    "(right)",
    "(centre)",
    "(center)",
    "(above)",
    "(below)",
    "(top)",
    "(bottom)",
    "(pictured)",
    "(inset)",
];

/// A caption paragraph: it does not end like a sentence, and it says where its subject is in
/// the picture ("pictured", "(left)"), or opens with a short label and a colon ("Party animal:
/// …", at most three words before the colon, then a capital).
pub(super) fn is_running_caption(para: &str) -> bool {
    let t = para.trim();
    if super::ends_like_sentence(t)
        || t.split_whitespace().nth(MIN_WORDS - 1).is_none()
        || t.split_whitespace().nth(MAX_WORDS).is_some()
    {
        return false;
    }
    let lower = t.to_lowercase();
    let positioned = POSITIONS.iter().any(|p| lower.contains(p))
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "pictured");
    // A tabloid label is a phrase ("Party animal", "Guest of honour"), not a field name ("Cast",
    // "Update 2", "Mount Tabor Reservoir"), and what follows it is a clause, not a list of names.
    let labelled = t.split_once(": ").is_some_and(|(label, rest)| {
        let words: Vec<&str> = label.split_whitespace().collect();
        (2..=3).contains(&words.len())
            && words[0].starts_with(|c: char| c.is_uppercase())
            && words[1..]
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_lowercase()))
            && rest.starts_with(|c: char| c.is_uppercase())
            && rest.matches(',').count() < 4
    });
    // A line ending with a colon introduces what follows it.
    !t.ends_with(':') && (positioned || labelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabloid_captions_are_found() {
        for para in [
            "Party animal: The ferry's owner appeared to revel in the atmosphere at the harbour party on Tuesday night",
            "Guest of honour: The mayor with a man believed to be the captain's brother (left) at the quay",
            "The captain, pictured at the back of the group next to the mayor, waved to the crowd at the pier",
        ] {
            assert!(is_running_caption(para), "{para}");
        }
    }

    #[test]
    fn prose_and_headings_are_not_captions() {
        for para in [
            "The mayor, pictured on Tuesday, said the ferry would sail again next week.",
            "Rescue at sea: the crew of the Northern Gull kept everyone calm",
            "Ferry strikes rocks",
            "MARA LINDQVIST: The flood gates held overnight in the lower town and the river is falling",
            "Mayor Ilse Varga told reporters on Tuesday that the ferry would sail again next week",
            "Crew: Ilse Varga (captain), Tomas Brandt, Mara Lindqvist, Pell Oster, Jonas Marrow and two deckhands",
            "Update 2: The operator told the Harbour Post that the ferry was not at fault after all:",
            "Update: the ferry, pictured here on Monday, was towed back to the harbour where engineers from the operator and the coastguard inspected the hull for most of the afternoon before they told the crowd that waited on the quay that the ship would stay in the dock for at least a month while the damage to the hull was repaired and the owners decided what to do with",
        ] {
            assert!(!is_running_caption(para), "{para}");
        }
    }
}
