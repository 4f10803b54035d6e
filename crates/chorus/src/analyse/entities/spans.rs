//! The tagger's spans mended before they are read as mentions: two names read as one split
//! (`split_glued`), one name read as two joined (an organisation around a possessive, a venue
//! named after its owner, an airport named after its town, a person's name around its
//! particle), a first name given back to a person from the name before it.

use super::mentions::{common_word, is_initial, is_venue_word};
use super::words::{is_org_word, is_person_title, is_role_word};
use chorus_ner::Kind;
use rustc_hash::FxHashSet as HashSet;

/// A person's name does not open with a middle initial: when the tagger's person starts with
/// one ("W. Tillerson") right after another name ending in a plain capitalised word ("State
/// Rex", taken for a place), that word is the person's first name.
pub(super) fn give_first_names_back(
    text: &str,
    toks: &[(usize, usize)],
    names: &mut Vec<chorus_ner::Span>,
) {
    let word = |i: usize| &text[toks[i].0..toks[i].1];
    for p in 0..names.len() {
        let n = names[p];
        if n.kind != Kind::Person || n.start == 0 || !is_initial(word(n.start)) {
            continue;
        }
        let Some(o) = names
            .iter()
            .position(|o| o.end == n.start && o.end - o.start >= 2)
        else {
            continue;
        };
        let w = word(n.start - 1);
        let plain = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase)
            && !is_person_title(w)
            && !is_role_word(w);
        if plain {
            names[o].end -= 1;
            names[p].start -= 1;
        }
    }
    names.retain(|n| n.end > n.start);
}

/// One name the tagger read as two, side by side, joined with the kind the whole has:
/// - an organisation around a possessive: "St. Jude Children's Research Hospital", "the County
///   Sheriff's Department" — when what follows the possessive is common words ending in an
///   organisation word, so names nothing alone; not after a person, a known place or a known
///   organisation, whose unit it is ("Trump's Justice Department", "Britain's Labour Party",
///   "the House's Homeland Security Committee");
/// - a venue named after its owner: "Gus O'Connor's Pub";
/// - an airport named after its town: "Los Angeles International Airport", read as a place and
///   an organisation;
/// - a person's name around its particle: "Leonardo da Vinci", "Ludwig van Beethoven".
pub(super) fn join_split_names(
    text: &str,
    toks: &[(usize, usize)],
    names: &mut Vec<chorus_ner::Span>,
) {
    let word = |i: usize| toks.get(i).map_or("", |&(b, e)| &text[b..e]);
    let mut i = 0;
    while i + 1 < names.len() {
        let (a, b) = (names[i], names[i + 1]);
        let possessive = b.start == a.end + 1 && matches!(word(a.end), "'s" | "’s");
        let whole = if possessive
            && a.kind != Kind::Person
            && kind_of_organisation(&word, b.start, b.end)
            && !known_owner(&text[toks[a.start].0..toks[a.end - 1].1])
        {
            Some(Kind::Organization)
        } else if (possessive && b.end == b.start + 1 && is_venue_word(word(b.start)))
            || (b.start == a.end
                && word(b.start) == "International"
                && matches!(word(b.end - 1), "Airport" | "Airports"))
        {
            Some(Kind::Place)
        } else if b.start == a.end + 1
            && matches!(
                word(a.end),
                "da" | "di" | "van" | "von" | "der" | "del" | "de"
            )
            && a.kind != Kind::Organization
            && b.kind != Kind::Organization
        {
            Some(Kind::Person)
        } else {
            None
        };
        if let Some(kind) = whole {
            names[i].end = b.end;
            names[i].kind = kind;
            names.remove(i + 1);
        }
        i += 1;
    }
}

/// A name the tagger's training data holds as a place or an organisation: what follows its
/// possessive is its own unit, named apart ("the House's Homeland Security Committee").
fn known_owner(name: &str) -> bool {
    super::known_kinds(name)
        .iter()
        .any(|k| matches!(k, Kind::Place | Kind::Organization))
}

/// Whether tokens `start..end` are common words ending in an organisation word ("Research
/// Hospital", "Department", "Development and Regeneration Group"): a kind of organisation,
/// no name alone.
fn kind_of_organisation<'a>(word: &dyn Fn(usize) -> &'a str, start: usize, end: usize) -> bool {
    end > start
        && is_org_word(&word(end - 1).to_lowercase())
        && (start..end).all(|j| matches!(word(j), "and" | "of" | "&") || common_word(word(j)))
}

/// Two names the tagger read as one. A possessive inside the span ("Fox News' Megyn Kelly",
/// "NBC’s Lester Holt" taken whole) ends the first name, which starts after the span's last
/// lower-case word ("Anderson Cooper and Fox News’ …": "Fox News"). An organisation word followed
/// by a person's words of the article, or by a title and a name, ends an organisation's name
/// ("the Washington Post Trump said…", "Republican National Committee Chairman Reince
/// Priebus"). The first part is an organisation (a place when the tagger said place); the second
/// keeps the tagger's kind, or is a person's when it is two or three words after a possessive or
/// the person's words.
pub(super) fn split_glued(
    text: &str,
    toks: &[(usize, usize)],
    person_words: &HashSet<&str>,
    names: &mut Vec<chorus_ner::Span>,
) {
    let word = |i: usize| &text[toks[i].0..toks[i].1];
    // A possessive: "'s", or a bare apostrophe written onto a word ending in s ("News'"); a
    // bare one after a space opens a quotation.
    let possessive = |i: usize| match word(i) {
        "'s" | "’s" => true,
        "'" | "’" => toks[i].0 == toks[i - 1].1 && word(i - 1).ends_with('s'),
        _ => false,
    };
    let capital = |i: usize| word(i).starts_with(char::is_uppercase);
    let mut out = Vec::with_capacity(names.len());
    for &n in names.iter() {
        let inner = n.start + 1..n.end.saturating_sub(1);
        // Not before a kind of organisation: "St. Jude Children's Research Hospital" is one.
        let at_possessive = inner.clone().find(|&i| {
            let unit_of_owner = || known_owner(&text[toks[n.start].0..toks[i - 1].1]);
            possessive(i)
                && capital(i + 1)
                && (!kind_of_organisation(&word, i + 1, n.end) || unit_of_owner())
        });
        // After the organisation word, titles ("… Committee Chairman Reince Priebus") are
        // the person's, not a name's.
        let titles_from = |i: usize| {
            (i..n.end)
                .find(|&j| !(is_person_title(word(j)) || is_role_word(word(j))))
                .unwrap_or(n.end)
        };
        let at_org_word = (n.kind != Kind::Place)
            .then(|| {
                inner.clone().find(|&i| {
                    let person = titles_from(i + 1);
                    is_org_word(word(i))
                        && capital(i)
                        && person < n.end
                        && (person > i + 1
                            || (i + 1..n.end).all(|j| person_words.contains(word(j))))
                        && (person..n.end).all(capital)
                })
            })
            .flatten();
        let (left_end, right_start) = match (at_possessive, at_org_word) {
            (Some(p), _) => (p, p + 1),
            (None, Some(o)) => (o + 1, titles_from(o + 1)),
            (None, None) => {
                out.push(n);
                continue;
            }
        };
        let left_start = (n.start..left_end)
            .rev()
            .find(|&i| !capital(i))
            .map_or(n.start, |i| i + 1);
        let left_kind = if n.kind == Kind::Place {
            Kind::Place
        } else {
            Kind::Organization
        };
        let right_len = n.end - right_start;
        let right_kind = if (2..=3).contains(&right_len) || at_possessive.is_none() {
            Kind::Person
        } else {
            n.kind
        };
        if left_end > left_start {
            out.push(chorus_ner::Span {
                start: left_start,
                end: left_end,
                kind: left_kind,
            });
        }
        if right_len > 0 {
            out.push(chorus_ner::Span {
                start: right_start,
                end: n.end,
                kind: right_kind,
            });
        }
    }
    *names = out;
}

/// Names never run across a parenthesis: "Larry (Algee Smith)" is a character and the actor who
/// plays him, two names the tagger may read as one. (Square brackets are an editor's words put
/// into a quotation, "[Russian President Vladimir] Putin": one name runs across them.)
pub(super) fn split_at_parentheses(
    text: &str,
    toks: &[(usize, usize)],
    names: &mut Vec<chorus_ner::Span>,
) {
    let bracket = |i: usize| matches!(&text[toks[i].0..toks[i].1], "(" | ")");
    if !names.iter().any(|n| (n.start..n.end).any(bracket)) {
        return;
    }
    let mut out = Vec::with_capacity(names.len() + 1);
    for &n in names.iter() {
        let mut from = n.start;
        for i in n.start..=n.end {
            if i == n.end || bracket(i) {
                if i > from {
                    out.push(chorus_ner::Span {
                        start: from,
                        end: i,
                        kind: n.kind,
                    });
                }
                from = i + 1;
            }
        }
    }
    *names = out;
}
