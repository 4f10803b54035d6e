//! What the words around a name say of it: an organisation ("Pfizer said", taken for a person),
//! a thing of the kind named before it ("the vessel Ocean Shield"), an agreement, an
//! abbreviation the text defines, a word of a quoted title — read where the tagger's own
//! reading of a name is most often wrong.

use super::words::is_place_word;
use chorus_ner::Kind;

/// Whether the words around a name say it is an organisation: a newsroom's or a firm's role
/// right after it ("MSNBC host Chris Matthews", "Akin Gump partner", "Wells Fargo CEO"), the name
/// modifying an organisation noun ("the Chimerix pharmaceutical company"), an apposition naming a
/// kind of organisation ("Northeast Maglev, a Washington-based company") or a company role
/// before it ("the chief executive of Time Warner", "an analyst at BTIG Research") say it. A
/// relative "which" after a name does not: it follows a clause as often ("… to John Podesta,
/// which was published by WikiLeaks"), and as a hint it made people organisations.
pub(super) fn organisation_context(
    text: &str,
    toks: &[(usize, usize)],
    start: usize,
    end: usize,
) -> bool {
    let word = |i: usize| toks.get(i).map_or("", |&(b, e)| &text[b..e]);
    if is_outlet_role(word(end)) || is_company_role(word(end)) {
        return true;
    }
    // "The Chimerix pharmaceutical company said", "Dar El Shifa hospital": the name used as the
    // modifier of an organisation noun, one lower-case word between at most — unless the name is
    // a place's or a people's ("a Washington think tank", "an Okanogan County hospital", "the
    // Italian bank"), and a brand is a product's ("the Milka brand").
    let org_noun =
        |i: usize| (is_organisation_noun(word(i)) || word(i) == "hospital") && word(i) != "brand";
    if (org_noun(end)
        || (word(end).starts_with(char::is_lowercase)
            && word(end).chars().all(char::is_alphabetic)
            && org_noun(end + 1)))
        && !place_or_people(text, toks, start, end)
    {
        return true;
    }
    if word(end) == "," && matches!(word(end + 1), "a" | "an" | "the" | "one") {
        // "Pfizer, one of the world's top drug companies": past "one of", the apposition.
        let from = if word(end + 1) == "one" && word(end + 2) == "of" {
            end + 3
        } else {
            end + 2
        };
        // Its head noun, not an owner before a possessive ("the company's chief executive").
        let stop = (from..from + 7)
            .find(|&i| {
                matches!(
                    word(i),
                    "," | "." | "of" | "at" | "for" | "with" | "in" | "who" | ""
                )
            })
            .unwrap_or(from + 7);
        if (from..stop).any(|i| {
            is_organisation_noun(word(i)) && !matches!(word(i + 1), "'s" | "’s" | "'" | "’")
        }) {
            return true;
        }
    }
    // "professor of Politics" names a field, "professor at Claremont" a college: the roles
    // before "of" are a company's, those before "at" anyone's employer.
    let role = if start >= 2 {
        word(start - 2).to_lowercase()
    } else {
        String::new()
    };
    // "chairman of Hillary Clinton’s campaign": the name owns what the role is of.
    let owner = matches!(word(end), "'s" | "’s" | "'" | "’");
    let role_before = !owner
        && match word(start.wrapping_sub(1)) {
            "of" => matches!(
                role.as_str(),
                "executive"
                    | "executives"
                    | "ceo"
                    | "chairman"
                    | "chairwoman"
                    | "founder"
                    | "co-founder"
                    | "shareholders"
                    | "subsidiary"
                    | "division"
            ),
            "at" => matches!(
                role.as_str(),
                "analyst"
                    | "analysts"
                    | "economist"
                    | "professor"
                    | "researcher"
                    | "researchers"
                    | "partner"
                    | "employee"
                    | "employees"
                    | "executive"
                    | "executives"
            ),
            _ => false,
        };
    role_before
}

/// Nouns of an apposition that say the name before it is an organisation's.
fn is_organisation_noun(w: &str) -> bool {
    matches!(
        w,
        "company"
            | "companies"
            | "firm"
            | "network"
            | "website"
            | "site"
            | "magazine"
            | "newspaper"
            | "paper"
            | "band"
            | "organization"
            | "organisation"
            | "agency"
            | "bank"
            | "publication"
            | "outlet"
            | "startup"
            | "corporation"
            | "conglomerate"
            | "retailer"
            | "chain"
            | "brand"
            | "airline"
            | "broadcaster"
            | "publisher"
            | "manufacturer"
            | "insurer"
            | "lender"
            | "nonprofit"
            | "charity"
            | "aggregator"
            | "tank"
            | "group"
            | "maker"
            | "giant"
            | "label"
    )
}

/// A place's name (one the tagger's training data holds as a place, or ending in a place word:
/// "Okanogan County") or a people's adjective ("Italian", "Pakistani").
fn place_or_people(text: &str, toks: &[(usize, usize)], start: usize, end: usize) -> bool {
    let name = &text[toks[start].0..toks[end - 1].1];
    let last = &text[toks[end - 1].0..toks[end - 1].1];
    super::entry::demonym(name)
        || is_place_word(&last.to_lowercase())
        || super::known_kinds(name).contains(&Kind::Place)
}

/// What a company has, written after its name ("Wells Fargo CEO John Stumpf", "Tesla shares").
fn is_company_role(w: &str) -> bool {
    matches!(
        w,
        "CEO"
            | "CFO"
            | "COO"
            | "executives"
            | "employees"
            | "shares"
            | "stock"
            | "stores"
            | "founder"
            | "cofounder"
            | "co-founder"
    )
}

/// Roles a news outlet gives its people, written after the outlet's name ("MSNBC host Chris
/// Matthews", "Fox News contributor").
fn is_outlet_role(w: &str) -> bool {
    matches!(
        w,
        "host"
            | "hosts"
            | "anchor"
            | "anchors"
            | "correspondent"
            | "correspondents"
            | "reporter"
            | "reporters"
            | "columnist"
            | "columnists"
            | "contributor"
            | "contributors"
            | "commentator"
            | "commentators"
            | "pollster"
            | "pollsters"
            | "editor"
            | "editors"
            | "producer"
            | "producers"
            | "viewers"
            | "readers"
            | "audience"
            | "broadcast"
            | "newsroom"
            | "website"
            | "partner"
            | "partners"
            | "shareholders"
            | "subscribers"
    )
}

/// Lower-case nouns written before the name of a work they name ("the blog Wandering Aramean",
/// "the album Lemonade").
const WORKS: &[&str] = &[
    "blog",
    "podcast",
    "album",
    "film",
    "movie",
    "documentary",
    "novel",
    "book",
    "song",
    "single",
    "series",
    "sitcom",
];

/// Lower-case nouns written before the name of a vessel ("the vessel Ocean Shield", "the ferry
/// Northern Gull"). A ship's name is one thing wherever the story writes it; a work's title often
/// holds a person's name ("the documentary O.J.: Made in America").
pub(super) const VESSELS: &[&str] = &[
    "vessel",
    "ship",
    "warship",
    "frigate",
    "destroyer",
    "submarine",
    "yacht",
    "tanker",
    "ferry",
];

/// Whether a lower-case noun names the kind of work or vessel whose name follows it.
pub(super) fn names_work_or_vessel(w: &str) -> bool {
    WORKS.contains(&w) || VESSELS.contains(&w)
}

/// Lower-case nouns after the name of an agreement or a plan.
pub(super) const AGREEMENT_WORDS: &[&str] = &["agreement", "accord", "accords", "treaty", "pact"];

/// Whether the one-word name at token `i` is initials in parentheses that the words before spell
/// ("joint business agreement (JBA)", "the Federal Aviation Administration (FAA)" — the latter a
/// name, kept: its words are capitalised).
pub(super) fn defined_initials(text: &str, toks: &[(usize, usize)], i: usize) -> bool {
    let word = |j: usize| toks.get(j).map_or("", |&(b, e)| &text[b..e]);
    let initials = word(i);
    let n = initials.chars().count();
    if !(2..=6).contains(&n)
        || !initials.chars().all(|c| c.is_ascii_uppercase())
        || i == 0
        || word(i - 1) != "("
        || word(i + 1) != ")"
    {
        return false;
    }
    // The words before the bracket, skipping function words, whose first letters spell it.
    let mut letters: Vec<char> = initials.chars().rev().collect();
    let mut j = i - 1;
    while j > 0 && !letters.is_empty() {
        j -= 1;
        let w = word(j);
        if matches!(w, "of" | "and" | "for" | "the" | "on" | "in") {
            continue;
        }
        if !w.starts_with(char::is_lowercase) {
            return false;
        }
        let first = w.chars().next().map(|c| c.to_ascii_uppercase());
        if first != letters.first().copied() {
            return false;
        }
        letters.remove(0);
    }
    letters.is_empty()
}

/// Whether `from..to` is part, not the whole, of a short title in quotation marks: every word
/// of the quotation capitalised or a function word ("“John King USA” program").
pub(super) fn in_quoted_title(text: &str, from: usize, to: usize) -> bool {
    let before = &text[text.floor_char_boundary(from.saturating_sub(60))..from];
    let after = &text[to..text.ceil_char_boundary((to + 60).min(text.len()))];
    let Some(open) = before.rfind(['"', '“']) else {
        return false;
    };
    let Some(close) = after.find(['"', '”']) else {
        return false;
    };
    let mark = before[open..].chars().next().map_or(1, char::len_utf8);
    let inside_before = &before[open + mark..];
    let inside_after = &after[..close];
    // Marks hugging the title: an opening mark followed by a space closes an earlier quotation.
    let hugs = !inside_before.starts_with(char::is_whitespace)
        && !inside_after.ends_with(char::is_whitespace);
    let words_in = |s: &str| s.chars().any(char::is_alphanumeric);
    if !hugs || !(words_in(inside_before) || words_in(inside_after)) {
        return false;
    }
    let words: Vec<&str> = inside_before
        .split_whitespace()
        .chain(text[from..to].split_whitespace())
        .chain(inside_after.split_whitespace())
        .collect();
    let quotation = format!("{inside_before}{}{inside_after}", &text[from..to]);
    let quotation = quotation.trim_end_matches(|c: char| !c.is_alphanumeric());
    (2..=6).contains(&words.len())
        && !quotation.contains([',', ':', ';', '"', '“', '”', '!', '?'])
        && words.iter().all(|w| {
            !w.chars().any(char::is_alphanumeric)
                || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || matches!(*w, "of" | "the" | "in" | "and" | "a" | "on" | "for" | "to")
        })
        && words[0].starts_with(char::is_uppercase)
}
