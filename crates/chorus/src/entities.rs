//! The people, organisations and places of a story, without a model.
//!
//! A name is a run of capitalised words inside a kept sentence ("Ilse Varga", "Bank of England",
//! "Pell Island"), a word opening a sentence only when the story never writes it in lower case.
//! Titles and roles before it are not part of it but are kept as the entity's roles ("Coastguard
//! Commander Ilse Varga"; "Varga, the coastguard commander,"). What kind of name it is comes from
//! evidence in each mention, counted over all of them: a person has a personal title, speaks
//! (a speech verb after it, or a quotation's speaker) or an age; an organisation ends with an
//! organisation word ("Council", "Airlines") or is an acronym; a place follows "in", "at", "near",
//! "from" or ends with a place word ("Island", "County"). A surname alone joins the fullest person
//! name that ends with it; "Mr. Tillerson", "Tillerson's" and "Rex Tillerson" are one entity.

use crate::brief::Support;
use crate::features::{is_speech_verb, Sentence, SPEECH_VERBS};
use crate::ingest::Story;
use crate::represent::{is_stop_word, split_words};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

/// One person, organisation or place of the story.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entity {
    /// The fullest form the story uses.
    pub name: String,
    pub kind: EntityKind,
    /// Titles and roles the text gives it ("Coastguard Commander", "the ferry's captain").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Other forms of the name in the text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    pub mentions: usize,
    pub sources: Vec<usize>,
    /// The first mention in each source that names it.
    pub support: Vec<Support>,
}

/// Titles that make the name after them a person's.
const PERSON_TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "gen",
    "general",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "lt",
    "col",
    "colonel",
    "sgt",
    "sergeant",
    "capt",
    "captain",
    "president",
    "vice",
    "secretary",
    "minister",
    "premier",
    "chancellor",
    "commander",
    "chief",
    "officer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "ambassador",
    "mayor",
    "judge",
    "justice",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "pastor",
    "rabbi",
    "imam",
    "sheikh",
    "coach",
    "manager",
    "detective",
    "inspector",
    "constable",
    "deputy",
    "sheriff",
    "attorney",
    "lawyer",
    "ceo",
    "chairman",
    "chairwoman",
    "founder",
    "author",
    "actor",
    "actress",
    "singer",
    "star",
    "rapper",
    "host",
    "anchor",
    "reporter",
    "editor",
    "commissioner",
    "superintendent",
    "trooper",
    "agent",
    "prosecutor",
    "dean",
    "skipper",
    "pilot",
    "passenger",
    "witness",
    "resident",
    "volunteer",
];

/// Titles of courtesy: evidence of a person, not a role.
const COURTESY: &[&str] = &["mr", "mrs", "ms", "miss", "mx"];

/// Words that open a role but are not personal titles on their own ("Foreign Minister",
/// "Coastguard Commander", "Prime Minister").
const ROLE_WORDS: &[&str] = &[
    "foreign",
    "prime",
    "state",
    "interior",
    "defense",
    "defence",
    "finance",
    "health",
    "executive",
    "former",
    "acting",
    "first",
    "senior",
    "assistant",
    "coastguard",
    "police",
    "fire",
    "army",
    "navy",
    "district",
    "county",
    "city",
    "u.s",
    "us",
    "federal",
    "national",
    "regional",
    "local",
    "supreme",
    "court",
    "white",
    "house",
    "press",
    "deputy",
    "head",
    "team",
    "club",
    "league",
    "party",
    "opposition",
    "republican",
    "democratic",
    "democrat",
];

/// Last words of organisation names.
const ORG_WORDS: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "company",
    "co",
    "ltd",
    "llc",
    "plc",
    "group",
    "holdings",
    "bank",
    "university",
    "college",
    "school",
    "institute",
    "institution",
    "foundation",
    "association",
    "society",
    "party",
    "council",
    "committee",
    "commission",
    "ministry",
    "department",
    "agency",
    "bureau",
    "office",
    "administration",
    "authority",
    "board",
    "service",
    "services",
    "police",
    "coastguard",
    "guard",
    "army",
    "navy",
    "force",
    "forces",
    "corps",
    "court",
    "congress",
    "parliament",
    "senate",
    "assembly",
    "network",
    "news",
    "times",
    "post",
    "press",
    "journal",
    "herald",
    "tribune",
    "telegraph",
    "guardian",
    "airlines",
    "airways",
    "lines",
    "motors",
    "union",
    "federation",
    "league",
    "club",
    "fc",
    "church",
    "hospital",
    "centre",
    "center",
    "clinic",
    "museum",
    "organization",
    "organisation",
    "coalition",
    "alliance",
    "network",
    "studios",
    "records",
    "labs",
    "laboratory",
    "laboratories",
    "technologies",
    "systems",
    "partners",
    "fund",
    "trust",
    "wire",
    "radio",
    "tv",
    "television",
    "channel",
    "magazine",
    "daily",
    "courier",
    "ledger",
];

/// Last words of place names.
const PLACE_WORDS: &[&str] = &[
    "island",
    "islands",
    "county",
    "city",
    "town",
    "village",
    "river",
    "lake",
    "mountain",
    "mountains",
    "mount",
    "street",
    "road",
    "avenue",
    "boulevard",
    "harbour",
    "harbor",
    "bay",
    "valley",
    "province",
    "state",
    "republic",
    "kingdom",
    "sea",
    "ocean",
    "airport",
    "park",
    "square",
    "bridge",
    "station",
    "port",
    "coast",
    "peninsula",
    "strait",
    "gulf",
    "district",
    "region",
    "canyon",
    "desert",
    "forest",
    "beach",
    "heights",
    "hills",
    "falls",
    "creek",
    "reef",
    "channel",
    "territory",
    "territories",
    "emirates",
];

/// Prepositions after which a name is most likely a place.
const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "across",
    "outside",
    "throughout",
    "toward",
    "towards",
    "around",
    "off",
    "inside",
];

/// Capitalised words that are never names on their own.
const NOT_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
    "i",
    "a",
    "the",
    "mr",
    "mrs",
    "ms",
    "dr",
    "am",
    "pm",
    "photo",
    "image",
    "video",
    "getty",
    "images",
    "ap",
    "reuters",
    "afp",
    "update",
    "updated",
    "read",
    "more",
    "advertisement",
    "click",
    "share",
    "tweet",
    "email",
    "print",
    "comments",
    "story",
    "highlights",
    "close",
    "watch",
    "related",
    "breaking",
    "news",
    "live",
    "file",
    "enlarge",
    "caption",
    "credit",
    "copyright",
    "subscribe",
    "yes",
    "no",
    "oh",
    "ok",
];

/// Words that may join the capitalised words of one name ("Bank of England", "Charles de Gaulle").
const CONNECTORS: &[&str] = &[
    "of", "de", "da", "del", "van", "von", "der", "al", "bin", "la", "le", "du",
];

/// A membership test of a word list, case and a final full stop aside, through a hash set built
/// on first use (the lists are read for every capitalised word of a story).
macro_rules! word_set {
    ($name:ident, $list:ident) => {
        pub(crate) fn $name(w: &str) -> bool {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            let set = SET.get_or_init(|| $list.iter().copied().collect());
            let w = w.trim_end_matches('.');
            if !w.bytes().any(|b| b.is_ascii_uppercase()) {
                return set.contains(w);
            }
            // Lower-cased on the stack: every capitalised word of a story comes through here.
            let mut buf = [0u8; 24];
            if w.len() > buf.len() || !w.is_ascii() {
                return set.contains(w.to_lowercase().as_str());
            }
            for (b, c) in buf.iter_mut().zip(w.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            std::str::from_utf8(&buf[..w.len()]).is_ok_and(|l| set.contains(l))
        }
    };
}

word_set!(is_person_title, PERSON_TITLES);
word_set!(is_role_word, ROLE_WORDS);
word_set!(is_org_word, ORG_WORDS);
word_set!(is_place_word, PLACE_WORDS);
word_set!(is_place_preposition, PLACE_PREPOSITIONS);
word_set!(is_not_name, NOT_NAMES);
word_set!(is_connector, CONNECTORS);
word_set!(is_courtesy, COURTESY);

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| *c != '.').collect();
    (2..=6).contains(&letters.len()) && letters.iter().all(|c| c.is_ascii_uppercase())
}

/// One mention: the name as written, its span, and the evidence around it.
struct Found {
    name: String,
    role: Option<String>,
    source: usize,
    sentence: usize,
    start: usize,
    end: usize,
    votes: [u32; 3], // person, organisation, place
    /// Opens its sentence: a capitalised word there may be any word.
    initial: bool,
}

/// Finds the entities of a story. `speakers` are the quotations' speakers: people.
pub fn extract_entities(story: &Story, sentences: &[Sentence], speakers: &[String]) -> Vec<Entity> {
    // Words the story writes in lower case somewhere: capitalised at a sentence start, they are
    // ordinary words ("Police", "Officials"), not names.
    let mut lower_words: HashSet<&str> = HashSet::default();
    for s in sentences {
        for w in s.text.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.starts_with(|c: char| c.is_lowercase()) {
                lower_words.insert(w);
            }
        }
    }
    let speakers: HashSet<&str> = speakers.iter().map(String::as_str).collect();
    let mut found: Vec<Found> = Vec::new();
    for s in sentences {
        let text = &story.articles[s.source - 1].text;
        let sentence = &text[s.start..s.end];
        found.extend(names_in(sentence, s, &lower_words, &speakers));
    }
    merge(found)
}

fn names_in(
    sentence: &str,
    s: &Sentence,
    lower_words: &HashSet<&str>,
    speakers: &HashSet<&str>,
) -> Vec<Found> {
    let words = split_words(sentence);
    let mut out = Vec::new();
    // Punctuation right after a word ends a name (a comma, a full stop that is not an initial's).
    let breaks_after = |i: usize| {
        let w = &words[i];
        if sentence[w.end..]
            .trim_start()
            .starts_with(['(', ')', '—', '–', '|'])
        {
            return true; // "MARROW HARBOUR (Coastal Wire)"
        }
        let next = sentence[w.end..].chars().next();
        match next {
            Some('.') => !(w.text.chars().count() == 1 || is_person_title(w.text)),
            Some(c) => matches!(
                c,
                ',' | ';' | ':' | ')' | '(' | '"' | '”' | '“' | '—' | '–' | '!' | '?'
            ),
            None => true,
        }
    };
    let is_name_word = |i: usize| {
        let w = words[i].text;
        capitalised(w)
            && !is_not_name(w)
            && w.chars().any(char::is_alphabetic)
            && !(i == 0 && {
                let l = w.to_lowercase();
                lower_words.contains(l.as_str()) || is_stop_word(&l)
            })
    };
    let mut i = 0;
    while i < words.len() {
        if !is_name_word(i) && !is_person_title(words[i].text) {
            i += 1;
            continue;
        }
        // A run of capitalised words (with connectors inside), titles included.
        let start = i;
        let mut j = i;
        while j < words.len() {
            let w = words[j].text;
            let inside_connector =
                is_connector(w) && j > start && j + 1 < words.len() && is_name_word(j + 1);
            let title = capitalised(w) && is_person_title(w);
            if !(is_name_word(j) || inside_connector || title) {
                break;
            }
            // A title after name words starts the next name: "… Administration Officer Gerardo
            // Hernandez", "Los Angeles Mayor Eric Garcetti".
            let after_name = j > start
                && !is_person_title(words[j - 1].text)
                && !is_role_word(words[j - 1].text);
            if title && after_name && j + 1 < words.len() && is_name_word(j + 1) {
                break;
            }
            j += 1;
            if breaks_after(j - 1) || j - start >= 6 {
                break;
            }
        }
        if j == start {
            i += 1;
            continue;
        }
        // Leading titles and role words are the role, the rest the name.
        let mut k = start;
        while k < j - 1 && (is_person_title(words[k].text) || is_role_word(words[k].text)) {
            k += 1;
        }
        let titled = (start..k).any(|t| is_person_title(words[t].text));
        if k == j - 1 && is_person_title(words[k].text) {
            i = j; // a title alone
            continue;
        }
        let name_words: Vec<&str> = words[k..j]
            .iter()
            .map(|w| {
                w.text
                    .strip_suffix("'s")
                    .or_else(|| w.text.strip_suffix("’s"))
                    .unwrap_or(w.text)
            })
            .collect();
        let name = name_words.join(" ");
        if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            i = j;
            continue;
        }
        // The role: capitalised titles in the run ("Coastguard Commander"), else lower-case
        // ones just before it ("chief executive Tomas Brandt"); courtesy titles are not roles.
        let mut role_start = start;
        while role_start > 0
            && role_start + 3 > start
            && words[role_start - 1]
                .text
                .starts_with(|c: char| c.is_lowercase())
            && (is_person_title(words[role_start - 1].text)
                || is_role_word(words[role_start - 1].text))
            && !breaks_after(role_start - 1)
        {
            role_start -= 1;
        }
        let titled = titled || (role_start..start).any(|t| is_person_title(words[t].text));
        let role = (k > role_start)
            .then(|| {
                sentence[words[role_start].start..words[k - 1].end]
                    .trim_end_matches('.')
                    .to_string()
            })
            .filter(|r| !is_courtesy(r));
        let last = *name_words.last().expect("a name has words");
        let mut votes = [0u32; 3];
        // Person: a personal title, a speech verb next, a quotation's speaker, an age.
        let after = words.get(j).map(|w| w.text.to_lowercase());
        let speaks = after.as_deref().is_some_and(is_speech_verb);
        let age = sentence[words[j - 1].end..]
            .trim_start_matches([',', ' '])
            .starts_with(|c: char| c.is_ascii_digit())
            && sentence[words[j - 1].end..].starts_with(',');
        // Strong evidence counts two, weak one: organisations and places speak too
        // ("AirAsia said"), and people are found "in" things.
        if titled || age || speakers.contains(name.as_str()) {
            votes[0] += 2;
        } else if speaks && name_words.len() > 1 {
            votes[0] += 1;
        }
        // Organisation: an organisation word last, or an acronym.
        if is_org_word(last) || (name_words.len() == 1 && is_acronym(last)) {
            votes[1] += 2;
        }
        // Place: a place word last, or after a place preposition.
        let before = start.checked_sub(1).map(|b| words[b].text);
        if is_place_word(last) {
            votes[2] += 2;
        } else if before.is_some_and(is_place_preposition) && !titled && !speaks {
            votes[2] += 1;
        }
        // "Indonesian officials": a nationality, not a name.
        let demonym = name_words.len() == 1
            && ["ian", "ese", "ish", "ans"]
                .iter()
                .any(|e| last.ends_with(e))
            && words
                .get(j)
                .is_some_and(|w| w.text.starts_with(|c: char| c.is_lowercase()));
        if demonym {
            i = j;
            continue;
        }
        out.push(Found {
            name,
            role,
            source: s.source,
            sentence: s.index,
            start: s.start + words[k].start,
            end: s.start + words[j - 1].end,
            votes,
            initial: k == 0,
        });
        // "Ilse Varga, the coastguard commander," gives a role too: a person's, when the
        // phrase names one.
        if let Some(appos) = apposition(sentence, words[j - 1].end) {
            if appos.split_whitespace().any(is_person_title) {
                if let Some(f) = out.last_mut() {
                    if f.role.is_none() {
                        f.role = Some(appos);
                    }
                    f.votes[0] += 2;
                }
            }
        }
        i = j;
    }
    out
}

/// ", the coastguard commander," right after a name: a role of at most six lower-case words.
fn apposition(sentence: &str, after: usize) -> Option<String> {
    let rest = sentence[after..].strip_prefix(", ")?;
    let end = rest.find(',')?;
    let phrase = &rest[..end];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let article = matches!(words.first().copied(), Some("the" | "a" | "an"));
    (article
        && (2..=6).contains(&words.len())
        && words[1..].iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
                && !SPEECH_VERBS.contains(w)
                && !matches!(*w, "who" | "which" | "that")
        })
        && words
            .iter()
            .skip(1)
            .any(|w| w.starts_with(|c: char| c.is_lowercase())))
    .then(|| phrase.to_string())
}

/// Groups mentions into entities: the same name, or a person's surname (or shorter form) with
/// the fullest name that ends with it.
fn merge(mut found: Vec<Found>) -> Vec<Entity> {
    // A one-word name only ever seen opening a sentence ("Officials said …") is not a name.
    let inside: HashSet<String> = found
        .iter()
        .filter(|f| !f.initial)
        .map(|f| f.name.clone())
        .collect();
    found.retain(|f| !f.initial || f.name.contains(' ') || inside.contains(&f.name));
    // Canonical form of each written name: the longest person's name of the story that ends
    // with it word-wise ("Ciancia" → "Paul Ciancia"), else itself.
    let mut person_votes: HashMap<&str, u32> = HashMap::default();
    for f in &found {
        *person_votes.entry(f.name.as_str()).or_default() += f.votes[0];
    }
    let mut person_names: Vec<&str> = person_votes
        .iter()
        .filter(|(name, &v)| {
            let last = name.rsplit(' ').next().unwrap_or_default();
            v > 0 && name.contains(' ') && !is_org_word(last) && !is_place_word(last)
        })
        .map(|(name, _)| *name)
        .collect();
    person_names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    person_names.dedup();
    let canonical = |name: &str| -> String {
        person_names
            .iter()
            .find(|p| {
                p.len() > name.len()
                    && p.ends_with(name)
                    && p[..p.len() - name.len()].ends_with(' ')
            })
            .map_or(name.to_string(), |p| p.to_string())
    };
    // Names differing only in case are one ("PELL ISLAND" in a dateline, "Pell Island").
    let mut order: Vec<String> = Vec::new();
    let mut by_name: HashMap<String, Vec<&Found>> = HashMap::default();
    for f in &found {
        let c = canonical(&f.name).to_lowercase();
        by_name
            .entry(c.clone())
            .or_insert_with(|| {
                order.push(c.clone());
                Vec::new()
            })
            .push(f);
    }
    let mut entities: Vec<Entity> = order
        .into_iter()
        .map(|key| {
            let ms = &by_name[&key];
            // Shown as the fullest form, in mixed case where the text has it.
            let name = ms
                .iter()
                .map(|m| canonical(&m.name))
                .max_by_key(|n| {
                    (
                        n.len(),
                        n.chars().any(char::is_lowercase),
                        std::cmp::Reverse(n.clone()),
                    )
                })
                .unwrap_or_default();
            let mut votes = [0u32; 3];
            for m in ms {
                for (v, x) in votes.iter_mut().zip(m.votes) {
                    *v += x;
                }
            }
            // An organisation or place word at the end decides; otherwise the evidence does.
            let last = name.rsplit(' ').next().unwrap_or_default();
            let kind = match votes {
                _ if is_org_word(last) => EntityKind::Organization,
                _ if is_place_word(last) => EntityKind::Place,
                [0, 0, 0] => EntityKind::Other,
                [p, o, l] if p >= o && p >= l => EntityKind::Person,
                [_, o, l] if o >= l => EntityKind::Organization,
                _ => EntityKind::Place,
            };
            let mut roles: Vec<String> = Vec::new();
            let mut variants: Vec<String> = Vec::new();
            let mut sources: Vec<usize> = Vec::new();
            let mut support: Vec<Support> = Vec::new();
            for m in ms {
                if let Some(r) = &m.role {
                    if !roles.iter().any(|x| x.eq_ignore_ascii_case(r)) {
                        roles.push(r.clone());
                    }
                }
                if !m.name.eq_ignore_ascii_case(&name) && !variants.contains(&m.name) {
                    variants.push(m.name.clone());
                }
                if !sources.contains(&m.source) {
                    sources.push(m.source);
                    support.push(Support {
                        source: m.source,
                        sentence: m.sentence,
                        start: m.start,
                        end: m.end,
                    });
                }
            }
            sources.sort_unstable();
            support.sort_by_key(|s| s.source);
            Entity {
                name,
                kind,
                roles,
                variants,
                mentions: ms.len(),
                sources,
                support,
            }
        })
        // A capitalised word seen once with no sign of what it names is noise.
        .filter(|e| e.kind != EntityKind::Other || e.mentions >= 2)
        .collect();
    entities.sort_by(|a, b| {
        b.sources
            .len()
            .cmp(&a.sources.len())
            .then(b.mentions.cmp(&a.mentions))
            .then(a.support[0].source.cmp(&b.support[0].source))
            .then(a.support[0].start.cmp(&b.support[0].start))
    });
    entities
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::story_from_texts;

    fn entities_of(texts: &[&str]) -> Vec<Entity> {
        let inputs: Vec<(String, Vec<u8>)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{i}.txt"), t.as_bytes().to_vec()))
            .collect();
        let story = story_from_texts(&inputs).unwrap();
        let a = crate::brief::analyse(&story, &Default::default());
        extract_entities(&story, &a.sentences, &[])
    }

    fn find<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
        es.iter().find(|e| e.name == name).unwrap_or_else(|| {
            panic!(
                "{name} not in {:?}",
                es.iter().map(|e| &e.name).collect::<Vec<_>>()
            )
        })
    }

    #[test]
    fn people_organisations_and_places_with_roles_and_variants() {
        let es = entities_of(&[
            "Coastguard Commander Ilse Varga said the ferry struck a reef off Pell Island on Tuesday.\n\
             The Gullwing Lines ferry had left Marrow Harbour at dawn with 112 passengers aboard.\n\
             Varga said the crew acted quickly.",
            "The ferry's operator, Gullwing Lines, said it would cooperate with investigators in Marrow Harbour.\n\
             Mrs. Varga's team searched the area, the regional council said.",
        ]);
        let varga = find(&es, "Ilse Varga");
        assert_eq!(varga.kind, EntityKind::Person);
        assert_eq!(varga.mentions, 3);
        assert_eq!(varga.sources, vec![1, 2]);
        assert!(
            varga.roles.iter().any(|r| r == "Coastguard Commander"),
            "{:?}",
            varga.roles
        );
        assert!(varga.variants.contains(&"Varga".to_string()));
        assert_eq!(find(&es, "Gullwing Lines").kind, EntityKind::Organization);
        assert_eq!(find(&es, "Pell Island").kind, EntityKind::Place);
        let harbour = find(&es, "Marrow Harbour");
        assert_eq!(
            (harbour.kind, harbour.sources.len()),
            (EntityKind::Place, 2)
        );
        assert!(es.iter().all(|e| e.name != "Tuesday" && e.name != "The"));
    }

    #[test]
    fn apposition_gives_a_role_and_sentence_openers_are_not_names() {
        let es = entities_of(&[
            "Tomas Brandt, the company's chief executive, said the route would reopen.\n\
             Officials said the reef was marked on charts. Officials in the town agreed.\n\
             Brandt said little else.",
        ]);
        let brandt = find(&es, "Tomas Brandt");
        assert_eq!(brandt.kind, EntityKind::Person);
        assert_eq!(
            brandt.roles,
            vec!["the company's chief executive".to_string()]
        );
        assert!(es.iter().all(|e| e.name != "Officials"));
    }
}
