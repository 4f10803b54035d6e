//! One entry of the list from one group of mentions: its kind, the name it is shown by, its
//! roles and spans — or no entry, for what is not worth listing (adjectives of peoples, a
//! family's plural, a kind of organisation alone, an organisation nothing but the tagger
//! vouches for).

use super::mentions::Mention;
use super::resolve::{ALIASES, ALIAS_ORGANISATIONS};
use super::words::{is_newspaper_word, is_org_word, is_place_word};
use super::{Entity, EntityKind};
use crate::analyse::facts::word_class::class_of;
use crate::represent::is_stop_word;
use crate::support::Support;
use chorus_ner::Kind;

/// Organisation words a story does use alone for one organisation (`entity`): legislatures,
/// armed forces and parties ("Congress", "the Army"), and newspapers' ("the Times"; not "News").
/// Every other
/// organisation word alone is a kind of organisation, what is left of a name the tagger cut.
const NAMES_ALONE: &[&str] = &[
    "congress",
    "parliament",
    "senate",
    "assembly",
    "army",
    "navy",
    "police",
    "force",
    "forces",
    "corps",
    "guard",
    "coastguard",
    "party",
];

/// A nationality or other single word of kind "other" ("Russian", "Americans") is not an entity
/// of its own.
pub(super) fn demonym(name: &str) -> bool {
    let w = name.trim_end_matches('s');
    !name.contains(' ')
        && ["an", "ese", "ish", "i", "ic", "ch"]
            .iter()
            .any(|e| w.ends_with(e))
}

/// A single word that is the plural of a person's surname in the story ("Clintons").
fn family(name: &str, mentions: &[Mention]) -> bool {
    let Some(stem) = name
        .strip_suffix('s')
        .filter(|s| !s.contains(' ') && s.len() >= 3)
    else {
        return false;
    };
    mentions.iter().any(|m| {
        m.kind == Kind::Person && m.name.contains(' ') && m.name.rsplit(' ').next() == Some(stem)
    })
}

pub(super) fn entity(
    mentions: &[Mention],
    keys: &[Vec<String>],
    ms: &[usize],
    kind_of: &dyn Fn(&str) -> usize,
    speakers: &[String],
) -> Option<Entity> {
    let mut votes = [0usize; 4];
    for &i in ms {
        votes[kind_of(&keys[i].join(" "))] += 1;
    }
    let mut kind = match (0..4).max_by_key(|&k| (votes[k], std::cmp::Reverse(k)))? {
        0 => EntityKind::Person,
        1 => EntityKind::Organization,
        2 => EntityKind::Place,
        _ => EntityKind::Other,
    };
    // Shown as its fullest form, the most written of those, then the first.
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (order, &i) in ms.iter().enumerate() {
        let name = mentions[i].name.as_str();
        match counts.iter_mut().find(|c| c.0 == name) {
            Some(c) => c.1 += 1,
            None => counts.push((name, 1, order)),
        }
    }
    // A name with aliases is shown as its key where the text writes it ("Russia", not "Russian
    // Federation"; "United States", not "United States of America").
    let alias_key = |n: &str| {
        let l = n.to_lowercase();
        ALIASES.iter().any(|row| row[0] == l)
    };
    let name = counts
        .iter()
        .max_by_key(|(n, count, order)| {
            (
                alias_key(n),
                n.split_whitespace().count(),
                *count,
                std::cmp::Reverse(*order),
            )
        })?
        .0
        .to_string();
    // What the tagger's training data knows of the whole name outweighs its reading here: a name
    // it holds only as a place is one ("Germany", "United States", taken for an organisation or a
    // person), one it holds only as an organisation is not a person ("United Nations"). Not the
    // other way: Reuters' sports pages name teams by their towns ("Adelaide", "Durham").
    match (kind, super::known_kinds(&name).as_slice()) {
        (EntityKind::Person | EntityKind::Organization, [Kind::Place]) => kind = EntityKind::Place,
        (EntityKind::Person, [Kind::Organization]) => kind = EntityKind::Organization,
        _ => {}
    }
    if ms
        .iter()
        .any(|&i| ALIAS_ORGANISATIONS.contains(&keys[i].join(" ").as_str()))
    {
        kind = EntityKind::Organization;
    }
    // "Mr. West" among "Kanye West" read as a place: a titled mention makes a person.
    if ms.iter().any(|&i| mentions[i].titled) {
        kind = EntityKind::Person;
    }
    // "WWF" read as a person: initials are an organisation's, not a person's name ("DOWN" and
    // "GOD", words in capitals, are not initials).
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let lower = name.to_lowercase();
    if kind == EntityKind::Person
        && !name.contains(' ')
        && (2..=5).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && class_of(&lower).is_none()
        && !is_stop_word(&lower)
    {
        kind = EntityKind::Organization;
    }
    // "Jamaica's Parliament" read as a place: a word for an organisation alone is one.
    if kind == EntityKind::Place && !name.contains(' ') && is_org_word(&name.to_lowercase()) {
        kind = EntityKind::Organization;
    }
    // "Irene" of "Hurricane Irene": a storm, wherever the tagger put its name alone; "the
    // Northern Gull" of "the ferry Northern Gull": a vessel, wherever it read a place.
    if ms.iter().any(|&i| mentions[i].vessel) {
        kind = EntityKind::Other;
    }
    if ms.iter().any(|&i| {
        mentions[i]
            .name
            .split_whitespace()
            .next()
            .is_some_and(super::words::is_storm_word)
    }) {
        kind = EntityKind::Other;
    }
    // "Australian", "Singaporean": one word the tagger's training data holds only as a
    // nationality (other) is not a person, an organisation or a place of its own ("the
    // Palestinian people").
    if matches!(
        kind,
        EntityKind::Person | EntityKind::Organization | EntityKind::Place
    ) && !name.contains(' ')
        && super::known_kinds(&name).as_slice() == [Kind::Misc]
    {
        return None;
    }
    // "Other" names are listed only when they are several words ("Clean Air Act"): single
    // words of that kind are mostly nationalities, parties' members and adjectives.
    // "South Korean", "North Korean": a people's adjective after a qualifier.
    let peoples = name
        .rsplit(' ')
        .next()
        .is_some_and(|w| ["an", "ese", "ish"].iter().any(|e| w.ends_with(e)));
    if kind == EntityKind::Other
        && (demonym(&name) || peoples || ms.len() < 2 || !name.contains(' '))
    {
        return None;
    }
    // "British", "Chinese", "Midwestern": an adjective of a people or a region, whatever the
    // tagger took it for (place names do not end so, as "-an" ones do: "Iran").
    let w = name.trim_end_matches('s');
    if !name.contains(' ') && ["ish", "ese", "ern"].iter().any(|e| w.ends_with(e)) {
        return None;
    }
    // One word taken for a person that the story never names in full, never titles, never
    // gives a role and never quotes ("Pfizer", "Verizon", "Bloomberg" in "a Bloomberg article")
    // is more often a company or a product than a person: left out rather than listed wrongly.
    if kind == EntityKind::Person
        && !name.contains(' ')
        && !ms.iter().any(|&i| {
            let m = &mentions[i];
            m.titled || m.role.is_some() || speakers.iter().any(|s| s == &m.name)
        })
    {
        return None;
    }
    // "Department" of "the Sheriff's Department", "Office", "Fraternity", "Boulevard": a kind of
    // organisation or of place alone is what is left of a name the tagger cut, not a name.
    let lower = name.to_lowercase();
    if !name.contains(' ')
        && ((kind == EntityKind::Organization
            && is_org_word(&lower)
            && !NAMES_ALONE.contains(&lower.as_str())
            && !(is_newspaper_word(&lower) && lower != "news"))
            || (kind != EntityKind::Person && is_place_word(&lower)))
    {
        return None;
    }
    // An organisation named once that nothing but the tagger calls one — no organisation word
    // in its name, not written in capitals, no role or apposition around it, not an
    // organisation among the names of the tagger's training data — is as often a product, a
    // show, a method or a place ("PlayStation", "Google Glass", "Flinders Ranges"): left out.
    if kind == EntityKind::Organization
        && ms.len() == 1
        && !organisation_evidence(&name, ms.iter().any(|&i| mentions[i].org_context))
    {
        return None;
    }
    // "the Clintons", "the Obamas": a family, written as a plural of its surname.
    if family(&name, mentions) {
        return None;
    }
    // "Democratic", "Republican", "American" alone, whatever the tagger took them for, are a
    // party's or a country's adjective, not an entity.
    if !name.contains(' ')
        && ["ican", "cratic"]
            .iter()
            .any(|e| name.to_lowercase().ends_with(e))
        && !ms.iter().any(|&i| mentions[i].titled)
    {
        return None;
    }
    let mut roles: Vec<String> = Vec::new();
    let mut variants: Vec<String> = Vec::new();
    let mut sources: Vec<usize> = Vec::new();
    let mut support: Vec<Support> = Vec::new();
    let mut spans: Vec<Support> = Vec::new();
    for &i in ms {
        let m = &mentions[i];
        if let Some(r) = &m.role {
            if !roles.iter().any(|x| x.eq_ignore_ascii_case(r)) {
                roles.push(r.clone());
            }
        }
        if m.name != name && !variants.contains(&m.name) {
            variants.push(m.name.clone());
        }
        let span = Support {
            source: m.source,
            sentence: m.sentence,
            start: m.start,
            end: m.end,
        };
        if !sources.contains(&m.source) {
            sources.push(m.source);
            support.push(span.clone());
        }
        spans.push(span);
    }
    sources.sort_unstable();
    support.sort_by_key(|s| (s.source, s.start));
    spans.sort_by_key(|s| (s.source, s.start));
    Some(Entity {
        name,
        kind,
        roles,
        variants,
        mentions: ms.len(),
        sources,
        support,
        spans,
    })
}

/// Whether anything besides the tagger says a name is an organisation's (`entity`): the words
/// around a mention (`org_context`), an organisation word among several, capitals only, or the
/// names of the tagger's training data.
pub(super) fn organisation_evidence(name: &str, org_context: bool) -> bool {
    if org_context {
        return true;
    }
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if words.len() >= 2 && words.iter().any(|w| is_org_word(&w.to_lowercase())) {
        return true;
    }
    // "FBI", "U.N.", "NC NAACP", "POLITICO": capitals only.
    let letters = name.chars().filter(|c| c.is_alphabetic());
    if letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase) {
        return true;
    }
    super::known_kinds(name).contains(&Kind::Organization)
}
