//! What the words around a name say of it being an organisation: read where the tagger's own
//! reading of a name ("Pfizer said", taken for a person) is most often wrong.

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
        "CEO" | "CFO" | "COO" | "executives" | "employees" | "shares" | "stock" | "stores"
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
