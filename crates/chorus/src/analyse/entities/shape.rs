//! The shape of a tagged span that says it is not a name, or where a name starts: headline
//! lines and headline words, names run together, discourse words opening a sentence, particles
//! and suffixes.

use super::words::{is_courtesy, is_person_title};

/// A line in Title Case: at least four words, every one capitalised but short function words
/// (and clitics: "Can’t" is "Ca", "n’t"), with some function word capitalised too ("… To Fact
/// Check Trump", "Pence Gives GOP A Boost") — or, for an article's first line (its title), five
/// capitalised words with the function words in lower case ("How to Mend the Tax Code").
pub(super) fn title_case(words: &[&str], first_line: bool) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the",
        "to", "vs", "with",
    ];
    let clitic =
        |w: &str| w.starts_with(['\'', '’']) || w.eq_ignore_ascii_case("n't") || w == "n’t";
    let lettered: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().any(char::is_alphabetic) && !clitic(w))
        .collect();
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    let small = |w: &str| SMALL.contains(&w.to_lowercase().as_str());
    let shaped = lettered.len() >= 4 && lettered.iter().all(|w| capital(w) || SMALL.contains(w));
    shaped
        && (lettered.iter().skip(1).any(|w| capital(w) && small(w))
            || (first_line && lettered.iter().filter(|w| capital(w) && !small(w)).count() >= 5))
}

/// What the tagger takes for a name but a reader would not: a title alone ("Mr."), a quotation
/// with editorial brackets ("[I]f") or markup, a party and state ("R-Ohio", "D-Va"), a plural
/// acronym ("PACs"), the acronym of an office or a common noun ("POTUS", "super PAC"),
/// headline words (`headline_words`).
pub(super) fn not_a_name(name: &str) -> bool {
    let party = name.len() > 2
        && name.as_bytes()[1] == b'-'
        && matches!(name.as_bytes()[0], b'R' | b'D' | b'I')
        && name[2..].starts_with(|c: char| c.is_ascii_uppercase());
    let plural_acronym = name.len() >= 3
        && name.ends_with('s')
        && name[..name.len() - 1]
            .chars()
            .all(|c| c.is_ascii_uppercase());
    (!name.contains(' ') && (is_person_title(name) || is_courtesy(name.trim_end_matches('.'))))
        || name.contains(['[', ']', '<', '>'])
        || matches!(name, "POTUS" | "FLOTUS" | "VPOTUS" | "PAC" | "TV")
        // Common nouns written as initials ("the SUV", "a GPU", "the IPO").
        || matches!(
            name,
            "SUV" | "SUVs" | "ATM" | "GPU" | "CPU" | "IPO" | "DNA" | "RNA" | "GPS" | "CEO" | "CFO" | "COO"
                | "PC" | "HIV" | "AIDS" | "MRI" | "ICU" | "LED" | "USB" | "URL" | "PDF" | "GDP" | "VIP"
                | "DUI" | "DIY" | "LGBT" | "LGBTQ" | "CD" | "CDs" | "DVD" | "DVDs"
                | "DSLR" | "VHS" | "HD"
        )
        // Time zones ("noon ET", "11 p.m. EST").
        || matches!(
            name,
            "ET" | "EST" | "EDT" | "PST" | "PDT" | "CST" | "CDT" | "MST" | "MDT" | "GMT" | "UTC" | "BST" | "CET" | "CEST"
        )
        || headline_words(name)
        || party
        || plural_acronym
}

/// Lower-case particles of names ("de Blasio", "bin Laden", "al-Assad", "van Gogh").
pub(super) fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "al" | "el"
            | "bin"
            | "ibn"
            | "de"
            | "del"
            | "della"
            | "der"
            | "di"
            | "da"
            | "du"
            | "dos"
            | "la"
            | "le"
            | "van"
            | "von"
            | "ter"
            | "ten"
            | "y"
            | "bint"
            | "abu"
    )
}

/// A generational suffix of a person's name.
pub(super) fn is_suffix(w: &str) -> bool {
    matches!(w.trim_end_matches('.'), "Jr" | "Sr" | "II" | "III" | "IV")
}

/// Names run together where a page lost its spaces ("Sen. Kelly AyotteRep. Bradley ByrneAl
/// CardenasRep."): a word after the first that goes on in capitals after three lower-case
/// letters. Names written so keep such a word short before the capital ("McConnell",
/// "MacDougall", "DuVernay") or are one word ("PolitiFact").
pub(super) fn glued(name: &str) -> bool {
    // A title run onto the name before it ("LeeRep.", "SpikerSen."), in any word.
    let title_after = |w: &str| {
        let w = w.trim_end_matches('.');
        ["Rep", "Sen", "Gov", "Lt", "Dr", "Mr", "Mrs", "Ms"]
            .iter()
            .any(|t| {
                w.strip_suffix(t)
                    .is_some_and(|before| before.ends_with(char::is_lowercase))
            })
    };
    name.split_whitespace().any(title_after)
        || name.split_whitespace().skip(1).any(|w| {
            let mut run = 0;
            for c in w.chars() {
                if c.is_uppercase() && run >= 3 {
                    return true;
                }
                run = if c.is_lowercase() { run + 1 } else { 0 };
            }
            false
        })
}

/// A name with a capitalised function word inside it ("Donald Trump Is Right", "Evolution Of
/// The U.S. Prison System", "War On Drugs") is a headline's words, not a name: names write their
/// inner function words in lower case ("Bank of America", "Center for American Progress").
fn headline_words(name: &str) -> bool {
    const INNER: &[&str] = &[
        "Of", "On", "To", "In", "For", "With", "From", "At", "By", "And", "Or", "Is", "Are", "Was",
        "Were", "Be", "Has", "Have", "The", "A", "An", "Into", "Over", "After", "As", "Not",
        "Will", "Can", "Says", "Said",
    ];
    name.split_whitespace().skip(1).any(|w| INNER.contains(&w))
}

/// Words that open a sentence before a name without being part of it ("Meanwhile Trump
/// continues…", "Still, Ryan…") and that an article may never write in lower case.
pub(super) fn is_discourse_word(lower: &str) -> bool {
    const DISCOURSE: &[&str] = &[
        "meanwhile",
        "still",
        "later",
        "earlier",
        "instead",
        "however",
        "now",
        "yet",
        "indeed",
        "perhaps",
        "today",
        "yesterday",
        "tonight",
        "overall",
        "separately",
        "finally",
        "plus",
        "ironically",
        "notably",
        "similarly",
        "likewise",
        "nonetheless",
        "nevertheless",
        "moreover",
        "besides",
        "currently",
        "recently",
        "previously",
        "eventually",
        "afterward",
        "afterwards",
        "thus",
        "hence",
        "otherwise",
        "ultimately",
        "apparently",
        "clearly",
        "obviously",
        "naturally",
        "sadly",
        "unfortunately",
        "fortunately",
        "interestingly",
        "initially",
        "originally",
        "typically",
        "traditionally",
        "historically",
        "publicly",
        "privately",
        "politically",
        "personally",
        "specifically",
        "generally",
        "basically",
        "essentially",
        "frankly",
        "honestly",
        "certainly",
        "surely",
        "undoubtedly",
        "regardless",
        "hey",
        "well",
        "yes",
        "no",
        "oh",
        "ok",
        "okay",
        "look",
        "listen",
        "sure",
        "thanks",
        "congratulations",
        "like",
        "unlike",
        "despite",
        "amid",
        "asked",
        "says",
        "said",
        "when",
        "while",
        "if",
        "unless",
        "whether",
        "because",
        "since",
    ];
    DISCOURSE.contains(&lower)
}
