//! Grouping mentions into entities: one entry per real-world entity in a story.
//!
//! - Spellings of one name are one key: case, full stops and courtesy titles aside ("U.S." and
//!   "US", "Mr. Putin" and "Putin"), and the few names news writes in several ways (`ALIASES`).
//! - A person's full names are one when their first and last words are ("Vladimir V. Putin",
//!   "Vladimir Putin").
//! - A single word that is the last (or first) word of a person's full name stands for that
//!   person. When several people of the story share it (two Sorkins), each mention goes to the
//!   nearest of them named in the same article, before it if any, else after it; a mention in an
//!   article naming none of them is left out rather than guessed.
//! - An acronym joins the one organisation or place whose initials it spells.

use super::entry;
use super::mentions::Mention;
use super::words::{is_courtesy, is_org_word, is_place_word};
use super::Entity;
use crate::union_find::UnionFind;
use chorus_ner::Kind;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Names written in several ways, each row one entity, the first its key (our own list of the
/// commonest cases; a story's own acronyms are found by their initials).
pub(super) const ALIASES: &[&[&str]] = &[
    &[
        "united states",
        "us",
        "usa",
        "united states of america",
        "america",
    ],
    &["united kingdom", "uk", "britain", "great britain"],
    &["united nations", "un"],
    &["russia", "russian federation"],
    // States of the United States and their abbreviations in news style.
    &["alabama", "ala"],
    &["arizona", "ariz"],
    &["arkansas", "ark"],
    &["california", "calif", "cal"],
    &["colorado", "colo"],
    &["connecticut", "conn"],
    &["delaware", "del"],
    &["florida", "fla"],
    &["georgia", "ga"],
    &["illinois", "ill"],
    &["indiana", "ind"],
    &["kansas", "kan"],
    &["kentucky", "ky"],
    &["louisiana", "la"],
    &["maryland", "md"],
    &["massachusetts", "mass"],
    &["michigan", "mich"],
    &["minnesota", "minn"],
    &["mississippi", "miss"],
    &["missouri", "mo"],
    &["montana", "mont"],
    &["nebraska", "neb"],
    &["nevada", "nev"],
    &["new hampshire", "nh"],
    &["new jersey", "nj"],
    &["new mexico", "nm"],
    &["north carolina", "nc"],
    &["north dakota", "nd"],
    &["oklahoma", "okla"],
    &["oregon", "ore"],
    &["pennsylvania", "pa"],
    &["rhode island", "ri"],
    &["south carolina", "sc"],
    &["south dakota", "sd"],
    &["tennessee", "tenn"],
    &["texas", "tex"],
    &["vermont", "vt"],
    &["virginia", "va"],
    &["washington state", "wash"],
    &["west virginia", "wva"],
    &["wisconsin", "wis"],
    &["wyoming", "wyo"],
    &["european union", "eu"],
    &["federal reserve", "fed", "federal reserve board"],
    &["house of representatives", "house"],
    &[
        "islamic state",
        "isis",
        "isil",
        "islamic state of iraq and syria",
        "islamic state of iraq and the levant",
        "daesh",
    ],
    &["united arab emirates", "uae"],
    &["soviet union", "ussr"],
    &["north korea", "dprk"],
    &[
        "democratic republic of congo",
        "drc",
        "democratic republic of the congo",
    ],
];

/// The keys of `ALIASES` rows that name an organisation, whatever the tagger reads in one form
/// ("Islamic State", a state to it: a place).
pub(super) const ALIAS_ORGANISATIONS: &[&str] = &[
    "united nations",
    "european union",
    "federal reserve",
    "islamic state",
];

/// Last words of laws, treaties, indices, reports and days (names of kind "other").
const LAW_WORDS: &[&str] = &[
    "Accord",
    "Accords",
    "Act",
    "Agreement",
    "Amendment",
    "Average",
    "Book",
    "Bowl",
    "Age",
    "Ages",
    "Championship",
    "Championships",
    "Competition",
    "Convention",
    "Cup",
    "Day",
    "Festival",
    "Games",
    "Marathon",
    "Olympics",
    "Index",
    "Jubilee",
    "Rule",
    "Tournament",
    "Treaty",
];

/// Documents named by one word: things, not organisations ("the Constitution").
const DOCUMENTS: &[&str] = &["Constitution", "Bible", "Koran", "Quran", "Torah"];

/// Holidays of one word: days, not organisations or places ("after Christmas").
const HOLIDAYS: &[&str] = &[
    "Christmas",
    "Easter",
    "Thanksgiving",
    "Halloween",
    "Hanukkah",
    "Ramadan",
    "Passover",
    "Diwali",
    "Eid",
];

/// Words skipped when reading an organisation's initials.
const INITIALS_SKIP: &[&str] = &["of", "the", "and", "for", "de", "&"];

/// The key of a name: its words lower-cased, full stops and a leading courtesy title dropped,
/// then an alias's key.
fn key_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split_whitespace()
        .map(|w| w.replace('.', "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && is_courtesy(&words[0]) {
        words.remove(0);
    }
    // "The Post" is "Post"; "U.S. Federal Reserve" the "Federal Reserve" (a name of two words or
    // more after the country: "US Airways" stays).
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    if words.len() > 2 && words[0] == "us" {
        words.remove(0);
    }
    // "Tesla Inc." is Tesla, "Zeta Beta Tau Fraternity, Inc." the fraternity — a company's
    // suffix after a comma, one word or an organisation word ("Bill Clinton Inc.", a memo's name
    // for a man's business, stays whole); "University at Albany" is the "University of Albany".
    let corporate = |w: &str| matches!(w, "inc" | "corp" | "co" | "ltd" | "llc" | "plc");
    if words.len() > 1 && corporate(&words[words.len() - 1]) {
        let before = &words[words.len() - 2];
        if before.ends_with(',') || words.len() == 2 || is_org_word(before) {
            words.pop();
        }
    }
    for w in words.iter_mut() {
        // "Miami Gardens' Police" is the "Miami Gardens Police".
        while w.ends_with([',', '\'', '’']) {
            w.pop();
        }
        if w == "at" {
            *w = "of".to_string();
        }
    }
    // "U. S." is "US".
    if words.len() > 1 && words.iter().all(|w| w.chars().count() == 1) {
        words = vec![words.concat()];
    }
    // "Department of State" is the State Department, "Ministry of Defence" the Defence Ministry.
    if words.len() == 3
        && matches!(words[0].as_str(), "department" | "ministry")
        && words[1] == "of"
    {
        words = vec![words[2].clone(), words[0].clone()];
    }
    let joined = words.join(" ");
    for row in ALIASES {
        if row.contains(&joined.as_str()) {
            return row[0].split(' ').map(str::to_string).collect();
        }
    }
    words
}

/// "George W. Bush" and "George H.W. Bush" are two people: full names of one first name and
/// surname whose middle names or initials differ are keyed apart ("george w bush", "george hw
/// bush"; "Herbert Walker" is "hw"). Full names without a middle stay with the one middle the
/// story writes, or alone when it writes several.
fn split_by_middle_names(keys: &[Vec<String>], people: &mut HashMap<String, Vec<usize>>) {
    let middle = |k: &[String]| -> String {
        if k.len() < 3 || is_suffix_key(&k[k.len() - 1]) {
            return String::new();
        }
        k[1..k.len() - 1]
            .iter()
            .map(|w| {
                if w.chars().count() <= 2 {
                    w.clone()
                } else {
                    w.chars().take(1).collect()
                }
            })
            .collect()
    };
    let mut split: Vec<(String, Vec<usize>)> = Vec::new();
    for (key, members) in people.iter_mut() {
        let mut middles: Vec<String> = members
            .iter()
            .map(|&i| middle(&keys[i]))
            .filter(|m| !m.is_empty())
            .collect();
        middles.sort();
        middles.dedup();
        if middles.len() < 2 {
            continue;
        }
        let (first, last) = key.split_once(' ').unwrap_or((key.as_str(), ""));
        for m in middles {
            let apart: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| middle(&keys[i]) == m)
                .collect();
            members.retain(|i| !apart.contains(i));
            split.push((format!("{first} {m} {last}"), apart));
        }
    }
    people.retain(|_, v| !v.is_empty());
    people.extend(split);
}

/// A generational suffix as a key word ("jr" of "Jr.").
fn is_suffix_key(w: &str) -> bool {
    matches!(w, "jr" | "sr" | "ii" | "iii" | "iv")
}

/// Whether a person key ends in a suffix (its first word is then the surname).
fn is_suffix_key_end(key: &str) -> bool {
    key.rsplit(' ').next().is_some_and(is_suffix_key)
}

/// Whether every letter of a name is a capital ("NATO", "U.S.", "DNC").
fn capitals_only(name: &str) -> bool {
    name.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
}

/// Whether two words differ by one substituted letter ("sergey", "sergei").
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len() == b.len() && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

/// A surname without its Arabic article: "al-Assad" is "Assad".
fn surname(w: &str) -> &str {
    ["al-", "el-", "al ", "el "]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .filter(|r| r.len() > 1)
        .unwrap_or(w)
}

/// The kind voted for a key (0 person, 1 organisation, 2 place, 3 other).
fn kind_of(votes: &HashMap<String, [u32; 4]>, key: &str) -> usize {
    let v = votes.get(key).copied().unwrap_or_default();
    (0..4)
        .max_by_key(|&k| (v[k], std::cmp::Reverse(k)))
        .unwrap_or(3)
}

/// Mentions grouped into entities (indices into `mentions`); a mention left out (a surname that
/// nothing decides between several people) is in no group.
pub(crate) struct Grouping {
    pub groups: Vec<Vec<usize>>,
    keys: Vec<Vec<String>>,
    votes: HashMap<String, [u32; 4]>,
}

pub(crate) fn group(mentions: Vec<Mention>, speakers: &[String]) -> Vec<Entity> {
    let g = grouping(&mentions, speakers);
    let kind_of = |key: &str| kind_of(&g.votes, key);
    let mut entities: Vec<Entity> = g
        .groups
        .iter()
        .filter_map(|ms| entry::entity(&mentions, &g.keys, ms, &kind_of, speakers))
        .collect();
    // Importance: mentions across all sources, then how many sources name it.
    entities.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(b.sources.len().cmp(&a.sources.len()))
            .then(a.support[0].source.cmp(&b.support[0].source))
            .then(a.support[0].start.cmp(&b.support[0].start))
    });
    entities
}

pub(crate) fn grouping(mentions: &[Mention], speakers: &[String]) -> Grouping {
    let keys: Vec<Vec<String>> = mentions.iter().map(|m| key_words(&m.name)).collect();
    // Votes for each key's kind, over all its mentions.
    let mut votes: HashMap<String, [u32; 4]> = HashMap::default();
    for (m, k) in mentions.iter().zip(&keys) {
        let v = votes.entry(k.join(" ")).or_default();
        v[m.kind.index()] += 1;
        let last = m.name.rsplit(' ').next().unwrap_or_default();
        // "Battle of Stone Mill", "Siege of Leningrad": an event.
        let event = ["Battle of ", "Siege of "]
            .iter()
            .any(|p| m.name.starts_with(p));
        let law = event
            || (m.name.contains(' ') && LAW_WORDS.contains(&last))
            || DOCUMENTS.contains(&m.name.as_str())
            || HOLIDAYS.contains(&m.name.as_str())
            // A name that is the whole of a quotation is a title ("the 2003 film 'Born
            // Killers'", "“Walk of Punishment”") or a nickname, not who or where.
            || m.quoted;
        // A speaker is a person's evidence unless its name says an organisation ("noted the
        // Milwaukee Journal Sentinel").
        let named_org = m.name.contains(' ') && (law || is_org_word(last));
        let speaker = speakers.iter().any(|s| s == &m.name);
        let org_context =
            m.org_context && !m.titled && !law && !ALIASES.iter().any(|row| row[0] == k.join(" "));
        if m.titled || (speaker && !named_org && !org_context) {
            v[0] += 2;
        }
        // What the text says of a name outweighs how the tagger read its other mentions: "Pfizer,
        // one of the world's top drug companies" and "Pfizer said" are one company.
        if org_context {
            v[1] += 100;
        }
        // The hand-kept word lists stay as evidence: "… Lines" is a company, "… Harbour" a place.
        if law {
            // "Clean Air Act", "North American Free Trade Agreement": a law or a treaty is a
            // named thing, not the organisation the tagger often takes it for.
            v[3] += 3;
        } else if m.name.contains(' ') && is_org_word(last) {
            v[1] += 2;
        } else if m.name.contains(' ') && is_place_word(last) {
            v[2] += 2;
        }
    }
    // "Mr. West" makes "Kanye West", read as a place, a person's name: a surname the story
    // titles names a person in every name it ends.
    let titled_surnames: HashSet<&str> = mentions
        .iter()
        .zip(&keys)
        .filter(|(m, k)| m.titled && k.len() == 1)
        .map(|(_, k)| k[0].as_str())
        .collect();
    for (m, k) in mentions.iter().zip(&keys) {
        if k.len() >= 2
            && m.kind != Kind::Organization
            && titled_surnames.contains(k[k.len() - 1].as_str())
        {
            votes.entry(k.join(" ")).or_default()[0] += 100;
        }
    }
    let kind_of = |key: &str| -> usize {
        let v = votes.get(key).copied().unwrap_or_default();
        (0..4)
            .max_by_key(|&k| (v[k], std::cmp::Reverse(k)))
            .unwrap_or(3)
    };
    // Full names of people: first and last word.
    // "Donald Trump Jr." and "Trump Jr." are one person, not Donald Trump: a suffixed name's key
    // is its surname and suffix.
    let person_key = |k: &[String]| match k {
        [.., last, suffix] if is_suffix_key(suffix) => {
            format!("{} {}", surname(last), suffix)
        }
        _ => format!("{} {}", k[0], surname(&k[k.len() - 1])),
    };
    let mut people: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, k) in keys.iter().enumerate() {
        if k.len() >= 2 && kind_of(&k.join(" ")) == 0 {
            people.entry(person_key(k)).or_default().push(i);
        }
    }
    // "Sergey Lavrov" and "Sergei Lavrov": one person when the first names differ by one letter.
    let mut person_keys: Vec<String> = people.keys().cloned().collect();
    person_keys.sort();
    for a in 0..person_keys.len() {
        for b in a + 1..person_keys.len() {
            let (fa, la) = person_keys[a].split_once(' ').unwrap_or_default();
            let (fb, lb) = person_keys[b].split_once(' ').unwrap_or_default();
            // "Tim Sloan" and "Timothy J. Sloan": a first name the start of the other's, by three
            // letters or more, and not a woman's form of it ("Eric" and "Erica", "Chris" and
            // "Christine" are two people).
            let feminine = |b: &str| {
                ["a", "ine", "ina", "elle", "ette"]
                    .iter()
                    .any(|e| b.ends_with(e))
            };
            let short_for = |a: &str, b: &str| {
                a.len() >= 3 && b.len() >= a.len() + 3 && b.starts_with(a) && !feminine(b)
            };
            let same_first = (fa.len() >= 4 && fb.len() >= 4 && one_letter_apart(fa, fb))
                || short_for(fa, fb)
                || short_for(fb, fa);
            if la == lb && same_first {
                let moved = people.remove(&person_keys[b]).unwrap_or_default();
                if let Some(v) = people.get_mut(&person_keys[a]) {
                    v.extend(moved);
                } else {
                    people.insert(person_keys[b].clone(), moved);
                }
            }
        }
    }
    split_by_middle_names(&keys, &mut people);
    let person_of: HashMap<usize, String> = people
        .iter()
        .flat_map(|(k, v)| v.iter().map(move |&i| (i, k.clone())))
        .collect();
    // Each person's sex, where a courtesy title or a role says it and nothing contradicts it.
    let female_of: HashMap<&String, bool> = people
        .iter()
        .filter_map(|(k, v)| {
            let said: Vec<bool> = v.iter().filter_map(|&i| mentions[i].female).collect();
            let first = *said.first()?;
            said.iter().all(|&f| f == first).then_some((k, first))
        })
        .collect();
    let mut uf = UnionFind::new(mentions.len());
    let mut left_out = vec![false; mentions.len()];
    let mut by_key: HashMap<String, usize> = HashMap::default();
    for (i, k) in keys.iter().enumerate() {
        // A name of an initial and a surname ("W. Tillerson") is a surname with a hint; "de
        // Soultrait" is a surname with its particle.
        let initial_and_surname =
            k.len() == 2 && (k[0].chars().count() == 1 || super::shape::is_particle(&k[0]));
        if (k.len() == 1 || initial_and_surname) && mentions[i].kind != Kind::Place {
            let word = &k[k.len() - 1];
            let mut candidates: Vec<&String> = people
                .keys()
                .filter(|p| {
                    // A suffixed key ("biden jr") is its surname and suffix.
                    let mut back = p.rsplit(' ');
                    let last = back
                        .next()
                        .filter(|w| !is_suffix_key(w))
                        .or_else(|| back.next());
                    last == Some(surname(word))
                        || (!is_suffix_key_end(p) && p.split(' ').next() == Some(word))
                })
                .collect();
            candidates.sort();
            // "Mr. Bush" is not Barbara Bush: a surname titled as a man's or a woman's is not
            // the name of someone the story says is of the other sex.
            if let Some(female) = mentions[i].female {
                candidates.retain(|c| female_of.get(c).is_none_or(|&f| f == female));
            }
            // A surname names the same person as its full name only when that is a person.
            if !candidates.is_empty() && (mentions[i].kind == Kind::Person || candidates.len() == 1)
            {
                match nearest(mentions, i, &candidates, &people) {
                    Resolved::Joins(j) => {
                        uf.union(i, j);
                        continue;
                    }
                    Resolved::Ambiguous => {
                        left_out[i] = true;
                        continue;
                    }
                    Resolved::Own => {}
                }
            }
        }
        let key = person_of.get(&i).cloned().unwrap_or_else(|| k.join(" "));
        match by_key.get(&key) {
            Some(&j) => uf.union(i, j),
            None => {
                by_key.insert(key, i);
            }
        }
    }
    short_forms(mentions, &keys, &by_key, &kind_of, &mut uf);
    // Acronyms: "NATO" with "North Atlantic Treaty Organization" when only one name spells it.
    let mut initials: HashMap<String, Vec<usize>> = HashMap::default();
    for (key, &i) in &by_key {
        let words: Vec<&str> = key
            .split(' ')
            .filter(|w| !INITIALS_SKIP.contains(w))
            .collect();
        if words.len() >= 2 && matches!(kind_of(key), 1 | 2) {
            let a: String = words.iter().filter_map(|w| w.chars().next()).collect();
            initials.entry(a).or_default().push(i);
            // "DOJ" of "the Justice Department" (keyed so from "Department of Justice").
            if words.len() == 2 && words[1] == "department" {
                if let Some(c) = words[0].chars().next() {
                    initials.entry(format!("do{c}")).or_default().push(i);
                }
            }
            // "ZBT" of "Zeta Beta Tau Fraternity": an acronym may leave out the generic word.
            if words.len() >= 3 && is_org_word(words[words.len() - 1]) {
                let a: String = words[..words.len() - 1]
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .collect();
                initials.entry(a).or_default().push(i);
            }
        }
    }
    for (key, &i) in &by_key {
        if key.contains(' ') || !capitals_only(&mentions[i].name) {
            continue;
        }
        // One entity spelled by the initials, however many of its names spell them ("Zeta Beta
        // Tau" and "Zeta Beta Tau Fraternity", already one).
        let mut spelled: Vec<usize> = initials
            .get(key)
            .into_iter()
            .flatten()
            .map(|&j| uf.root(j))
            .collect();
        spelled.sort_unstable();
        spelled.dedup();
        if let [j] = spelled[..] {
            uf.union(i, j);
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for (i, &out) in left_out.iter().enumerate() {
        if !out {
            groups.entry(uf.root(i)).or_default().push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort();
    Grouping {
        groups,
        keys,
        votes,
    }
}

/// An organisation's short form joins its full name when the story has one full name it can
/// be: the last words when they end in an organisation word ("the Council" of "Security
/// Council", "Times" of "New York Times", "Monetary Fund"), the first words otherwise ("Hofstra"
/// of "Hofstra University", "Fox" of "Fox News"). Both must be organisations: "Washington" (a
/// place) stays apart from "Washington Post"; and a generic body ("Senate", "House") is not the
/// short form of one of its committees.
fn short_forms(
    mentions: &[Mention],
    keys: &[Vec<String>],
    by_key: &HashMap<String, usize>,
    kind_of: &dyn Fn(&str) -> usize,
    uf: &mut UnionFind,
) {
    const ORGANISATION: usize = 1;
    let orgs: Vec<(&String, usize)> = by_key
        .iter()
        .filter(|(k, _)| kind_of(k) == ORGANISATION)
        .map(|(k, &i)| (k, i))
        .collect();
    let mut joins = Vec::new();
    for &(short, i) in &orgs {
        let words: Vec<&str> = short.split(' ').collect();
        if words.len() > 3 || keys[i].len() != words.len() {
            continue;
        }
        let generic = is_org_word(words[words.len() - 1]);
        // An acronym ("DNC", "CBS"), a name with aliases ("U.N.") and the House are bodies of
        // their own, not the short form of a name they open ("DNC Rules Committee", "House
        // Intelligence Committee", "United Nations Security Council").
        let body = words == ["house"]
            || ALIASES.iter().any(|row| row[0] == short.as_str())
            || (words.len() == 1
                && mentions[i]
                    .name
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    > 1
                && capitals_only(&mentions[i].name));
        if body && !generic {
            continue;
        }
        let full: Vec<usize> = orgs
            .iter()
            .filter(|(long, _)| {
                let lw: Vec<&str> = long.split(' ').collect();
                // The words next to the short form in the full one are a name's words: "Library
                // of Congress" is not the Congress, "State of Ohio" not the State.
                let joint = |w: &str| {
                    !matches!(
                        w,
                        "of" | "at" | "for" | "and" | "the" | "on" | "in" | "&" | "de"
                    )
                };
                lw.len() > words.len()
                    && if generic {
                        lw.ends_with(&words) && joint(lw[lw.len() - words.len() - 1])
                    } else {
                        lw.starts_with(&words) && joint(lw[words.len()])
                    }
            })
            .map(|&(_, j)| j)
            .collect();
        if let [j] = full[..] {
            joins.push((i, j));
        }
    }
    for (i, j) in joins {
        uf.union(i, j);
    }
}

/// What a one-word mention that may be a surname (or first name) stands for.
enum Resolved {
    /// The full-name mention it joins.
    Joins(usize),
    /// Its own entry: several people share the name and it comes before any of them is named in
    /// its article.
    Own,
    /// Left out: several people of the story share it and its article names none of them.
    Ambiguous,
}

/// How far ahead (in sentences) a full name may come and still claim a surname before it: a
/// headline's "Clinton" and the lead's "Hillary Clinton".
const FORWARD_SENTENCES: usize = 3;

/// The story's only person with the name; else nearest context: the nearest of them named
/// before it in its article, else one named just after it (a headline and its lead).
fn nearest(
    mentions: &[Mention],
    i: usize,
    candidates: &[&String],
    people: &HashMap<String, Vec<usize>>,
) -> Resolved {
    let m = &mentions[i];
    let same_source: Vec<usize> = candidates
        .iter()
        .flat_map(|c| &people[*c])
        .copied()
        .filter(|&j| mentions[j].source == m.source)
        .collect();
    // One person of the story has the name: it is theirs ("Mr. Putin", "Lavrov" in a lead
    // before "Sergey V. Lavrov"). Telling apart a second, never fully named one ("Clinton"
    // beside "Bill Clinton") would need knowledge the text does not give.
    if let [only] = candidates {
        return people[*only]
            .first()
            .map_or(Resolved::Ambiguous, |&j| Resolved::Joins(j));
    }
    if same_source.is_empty() {
        return Resolved::Ambiguous;
    }
    let before = same_source
        .iter()
        .copied()
        .filter(|&j| mentions[j].start < m.start)
        .max_by_key(|&j| mentions[j].start);
    let soon_after = same_source
        .iter()
        .copied()
        .filter(|&j| {
            mentions[j].start > m.start && mentions[j].sentence <= m.sentence + FORWARD_SENTENCES
        })
        .min_by_key(|&j| mentions[j].start);
    match before.or(soon_after) {
        Some(j) => Resolved::Joins(j),
        None => Resolved::Own,
    }
}
