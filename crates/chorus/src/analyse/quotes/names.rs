//! The story's names, for speakers: the fullest form of a name, who a pronoun stands for, and
//! the gender a story shows for a person.

use super::attribution::{is_name_word, is_title, name_at, not_subject, one_of, words_of};
use super::gender::{role_gender, Gender};
use super::marks::outside_quotes;
use crate::features::Sentence;
use crate::speech::is_speech_verb;
use rustc_hash::{FxHashMap, FxHashSet};

/// Words that open a clause, after which a name is the clause's subject.
pub(super) const CLAUSE_OPENERS: &[&str] = &[
    ",", "and", "but", "when", "while", "as", "because", "after", "before", "though", "although",
    "so", "then", "where",
];

/// Words after which a name is the subject of what follows ("Sementilli will be remembered").
pub(super) const AFTER_SUBJECT: &[&str] = &[
    "is", "was", "has", "had", "will", "would", "can", "could", "may", "might", "must", "should",
    "did", "does", "also", "later", "then", "never", "who",
];

/// Words after which a name is a place or a thing, not a clause's subject ("at a rally in Iowa").
pub(super) const PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "of", "to", "for", "on", "with", "by", "near", "into", "outside", "inside",
];

/// Words after which a capitalised word names an organisation, not a person.
pub(super) const ORG_CUES: &[&str] = &[
    "newspaper",
    "magazine",
    "daily",
    "paper",
    "tabloid",
    "broadcaster",
    "network",
    "channel",
    "station",
    "agency",
    "company",
    "firm",
    "group",
    "website",
    "site",
    "outlet",
    "publication",
];

/// Roles that a story names a person by once it has introduced them ("the mayor complimented
/// the protesters" after "Mayor Antonio Villaraigosa").
pub(super) const ROLES: &[&str] = &[
    "mayor",
    "president",
    "governor",
    "senator",
    "minister",
    "actor",
    "actress",
    "singer",
    "judge",
    "sheriff",
    "chief",
    "director",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "prosecutor",
    "attorney",
    "lawyer",
    "coach",
    "star",
    "officer",
    "secretary",
    "author",
    "researcher",
    "scientist",
    "doctor",
    "comedian",
    "rapper",
    "musician",
    "chairman",
    "ceo",
];

/// A name as written, with where: (name, source, sentence index).
pub(super) type WrittenName = (String, usize, usize);

/// Full names used in the story, to resolve "Tillerson" or "Mr. Tillerson" to "Rex W. Tillerson".
pub(super) struct NameIndex<'a> {
    sentences: &'a [Sentence],
    /// Words of names the tagger takes for a person's.
    people: &'a FxHashSet<&'a str>,
    /// Last word → the multi-word names that end with it, with where (built on first use).
    full_names: std::cell::OnceCell<FxHashMap<&'a str, Vec<WrittenName>>>,
    /// Fullest name → evidence of gender (male, female), built on first use.
    genders: std::cell::OnceCell<FxHashMap<String, (u32, u32)>>,
    /// The quotation being attributed (source, sentence index): the context `fullest` reads.
    pub(super) at: std::cell::Cell<(usize, usize)>,
    /// Words the story writes in lower case somewhere (built on first use): a capitalised word
    /// that is never among them is a name ("Glaser"), one that is may open a sentence ("Still").
    /// And the capitalised words it puts after a word for an organisation ("newspaper Izvestia").
    vocabulary: std::cell::OnceCell<(FxHashSet<&'a str>, FxHashSet<&'a str>)>,
    /// Role → the person the story gives it to, computed once per role.
    roles: std::cell::RefCell<std::collections::HashMap<String, Option<String>>>,
    /// Each sentence's `words_of`, split once for the four tables read off every sentence.
    words: std::cell::OnceCell<Vec<Vec<&'a str>>>,
}

impl<'a> NameIndex<'a> {
    pub(super) fn new(sentences: &'a [Sentence], people: &'a FxHashSet<&'a str>) -> NameIndex<'a> {
        NameIndex {
            sentences,
            people,
            full_names: Default::default(),
            genders: Default::default(),
            at: Default::default(),
            vocabulary: Default::default(),
            roles: Default::default(),
            words: Default::default(),
        }
    }

    /// The words of every sentence (`words_of`), in the order of `sentences`.
    fn sentence_words(&self) -> &[Vec<&'a str>] {
        self.words
            .get_or_init(|| self.sentences.iter().map(|s| words_of(&s.text)).collect())
    }

    /// Multi-word names (runs of capitalised words, not opening a sentence) of the story, by
    /// their last word, each with where it is written (source, sentence index), built in one
    /// pass on first use (asking the sentences once per surname grew with the square of the
    /// story).
    fn names_ending(&self) -> &FxHashMap<&'a str, Vec<WrittenName>> {
        self.full_names.get_or_init(|| {
            let mut by_last: FxHashMap<&'a str, Vec<WrittenName>> = FxHashMap::default();
            for (s, ws) in self.sentences.iter().zip(self.sentence_words()) {
                // A sentence's first word may be any capitalised word; a run there counts when
                // the tagger reads all of it as a person's name ("Todd Hardy, Josh's father, …").
                let opening_person = |j: usize| ws[..j].iter().all(|w| self.people.contains(w));
                let mut i = 0;
                while i < ws.len() {
                    if is_name_word(ws[i]) {
                        let mut j = i;
                        while j < ws.len() && is_name_word(ws[j]) && j - i < 4 {
                            j += 1;
                        }
                        if j - i >= 2 && (i > 0 || opening_person(j)) {
                            by_last.entry(ws[j - 1]).or_default().push((
                                ws[i..j].join(" "),
                                s.source,
                                s.index,
                            ));
                        }
                        i = j;
                    } else {
                        i += 1;
                    }
                }
            }
            by_last
        })
    }

    /// A single capitalised word that the story never writes in lower case, not an acronym, and
    /// not a word the story puts after one for an organisation ("newspaper Izvestia").
    pub(super) fn is_proper(&self, w: &str) -> bool {
        let (lower, orgs) = self.vocabulary.get_or_init(|| {
            let (mut lower, mut orgs) = (FxHashSet::default(), FxHashSet::default());
            for ws in self.sentence_words() {
                for (i, &w) in ws.iter().enumerate() {
                    if w.chars().next().is_some_and(char::is_lowercase) {
                        lower.insert(w);
                    } else if i > 0 && one_of(ORG_CUES, ws[i - 1]) {
                        orgs.insert(w);
                    }
                }
            }
            (lower, orgs)
        });
        let acronym = w.chars().all(|c| !c.is_lowercase());
        !acronym
            && !not_subject(w)
            && !lower.contains(w.to_lowercase().as_str())
            && !orgs.contains(w)
    }

    /// The person the story names with a role ("Mayor Antonio Villaraigosa" for "the mayor").
    pub(super) fn titled(&self, role: &str) -> Option<String> {
        let role = role.to_ascii_lowercase();
        if let Some(known) = self.roles.borrow().get(&role) {
            return known.clone();
        }
        // "Vice President Joseph R. Biden Jr." is not the president.
        let other_office = |ws: &[&str], i: usize| {
            i > 0
                && one_of(
                    &["vice", "former", "deputy", "assistant", "acting", "ex"],
                    ws[i - 1],
                )
        };
        let found = self.sentence_words().iter().find_map(|ws| {
            (0..ws.len())
                .find(|&i| ws[i].eq_ignore_ascii_case(&role) && !other_office(ws, i))
                .and_then(|i| name_at(&ws[i + 1..]))
                .filter(|n| n.contains(' '))
                .map(|n| self.fullest(&n))
        });
        self.roles.borrow_mut().insert(role, found.clone());
        found
    }

    /// Persons named in `text` outside its quotation marks, in order: (fullest name, whether the
    /// mention stands where a clause's subject does — opening the sentence or a clause, not a
    /// possessive —, whether a speech verb follows it). Names in quotations are the speaker's
    /// words, never the speaker.
    pub(super) fn mentions(&self, text: &str) -> Vec<(String, bool, bool)> {
        let plain = outside_quotes(text)
            .replace("’s ", " ~s ")
            .replace("'s ", " ~s ");
        let ws = words_of(&plain);
        let mut out = Vec::new();
        let opens_clause = |at: usize| at == 0 || one_of(CLAUSE_OPENERS, ws[at - 1]);
        let mut i = 0;
        while i < ws.len() {
            // "The mayor complimented …": a role standing for the person it was given to.
            if ws[i].eq_ignore_ascii_case("the")
                && opens_clause(i)
                && ws.get(i + 1).is_some_and(|r| one_of(ROLES, r))
                && ws
                    .get(i + 2)
                    .is_some_and(|w| !is_name_word(w) && *w != "~s")
            {
                let speaks = ws.get(i + 2).is_some_and(|w| is_speech_verb(w));
                out.extend(self.titled(ws[i + 1]).map(|n| (n, true, speaks)));
                i += 2;
                continue;
            }
            if !is_name_word(ws[i]) || not_subject(ws[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < ws.len() && is_name_word(ws[i]) && i - start < 4 {
                i += 1;
            }
            let lead = ws[start..i].iter().take_while(|w| is_title(w)).count();
            let titled = lead > 0 || (start > 0 && is_title(ws[start - 1]));
            let run = &ws[start + lead.min(i - start - 1)..i];
            let tail = run[run.len() - 1];
            // A person: the tagger reads every word of it as a person's name somewhere in the
            // story ("Lawmakers Rip Donald Trump" is a headline; "Enraged" opens a sentence), a
            // personal title goes before it, or it speaks.
            let personal = (start + lead > 0
                && crate::entities::is_person_title(ws[start + lead - 1]))
                || ws.get(i).is_some_and(|w| is_speech_verb(w))
                || run.iter().all(|w| {
                    w.len() <= 2
                        || self.people.contains(w)
                        || crate::entities::is_person_title(w)
                        || crate::entities::is_role_word(w)
                        || is_title(w)
                }) && run.iter().any(|w| self.people.contains(w));
            if crate::entities::is_org_word(tail)
                || crate::entities::is_place_word(tail)
                || !personal
            {
                continue;
            }
            // A single word that the story also writes in lower case ("Still", "Rose") is no
            // name unless a title goes with it; checked first, as the fullest form costs a scan.
            if run.len() == 1 && !titled && !self.is_proper(run[0]) {
                continue;
            }
            let full = self.fullest(&run.join(" "));
            // Titles before the name belong to the clause position ("Mr. Putin said").
            let mut at = start;
            while at > 0 && is_title(ws[at - 1]) {
                at -= 1;
            }
            let next = ws.get(i).copied().unwrap_or("");
            // "Democratic Sen. Claire McCaskill scolded him": capitalised modifiers opening the
            // sentence leave the name its subject.
            let modifiers_only = at > 0
                && ws[..at]
                    .iter()
                    .all(|w| w.starts_with(char::is_uppercase) && !self.people.contains(w));
            // "Aparna Mathur, who studies tax policy, said …": the verb after an aside.
            let speaks_after_aside = next == ","
                && ws[i + 1..]
                    .iter()
                    .take(25)
                    .position(|w| *w == ",")
                    .is_some_and(|c| ws.get(i + 2 + c).is_some_and(|w| is_speech_verb(w)));
            // "…, noted NBC's Dante Chinni": the verb right before the name (or before whose
            // it is). Not "told Forbes", "asked Trump": who is told or asked does not speak.
            let verb_before = match at {
                0 => None,
                _ if ws[at - 1] == "~s" && at >= 3 => Some(ws[at - 3]),
                _ => Some(ws[at - 1]),
            };
            // "…, said Ivanka Trump's statement didn't …": whose statement it is does not speak.
            let spoken_before = next != "~s"
                && verb_before.is_some_and(|v| {
                    is_speech_verb(v)
                        && !one_of(&["told", "tells", "telling", "asked", "asks", "asking"], v)
                });
            // After a comma, a name between commas is an apposition or a place ("his daughter,
            // Elena, said"; "Rockford, Illinois, when"), not the clause's subject.
            // "Today, Andy Simpson, a spokesman…": after an opening adverb, the subject.
            let after_opener = at == 2 && !is_name_word(ws[0]);
            let apposition =
                at > 0 && ws[at - 1] == "," && (next == "," || next.is_empty()) && !after_opener;
            let subject = next != "~s"
                && ((opens_clause(at) && !apposition)
                    || modifiers_only
                    || one_of(AFTER_SUBJECT, next)
                    || is_speech_verb(next)
                    || speaks_after_aside);
            let speaks = (subject && (is_speech_verb(next) || speaks_after_aside)) || spoken_before;
            out.push((full, subject || spoken_before, speaks));
        }
        out
    }

    /// Whom a "he" or "she" stands for, given the text before it, nearest first (sentence
    /// index, text): the speaker of a quotation in that sentence, else who speaks in it or the
    /// subject of its main clause; a sentence whose subject is itself a pronoun passes the
    /// search on to the one before ("Luray dismisses … ¶ Still, she can see why … ¶ “…,” she
    /// said"). A name that is no subject (an object, a possessive) is taken only when no
    /// sentence in reach offers better.
    pub(super) fn antecedent<'t>(
        &self,
        window: impl Iterator<Item = (usize, &'t str)>,
        spoken: &[(usize, String)],
        want: Gender,
    ) -> Option<String> {
        let mut fallback = None;
        for (index, text) in window {
            if let Some((_, n)) = spoken
                .iter()
                .rev()
                .find(|(i, n)| *i == index && self.gender(n).agrees(want))
            {
                return Some(n.clone());
            }
            // A sentence whose subject is the same pronoun ("He notes that the Commission …
            // announced …") passes the search on: the names in it are not whom it stands for.
            let opening = text
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default();
            if want != Gender::Any
                && one_of(&["he", "she"], opening)
                && Gender::of_pronoun(opening) == want
            {
                continue;
            }
            let mut mentions = self.mentions(text);
            // A bare surname that went to a family member of the other gender ("his sister
            // Mirella Rota Sementilli … ¶ Sementilli was available … ¶ His favorite quote") is
            // the one of that surname whose gender agrees, when there is one.
            for m in &mut mentions {
                if !self.gender(&m.0).agrees(want) && !text.contains(m.0.as_str()) {
                    if let Some(other) = self.same_surname_agreeing(&m.0, want) {
                        m.0 = other;
                    }
                }
            }
            mentions.retain(|m| self.gender(&m.0).agrees(want));
            // Who said something in the sentence, the last of them ("Safronkov called …, but
            // Delattre said"); else the first subject, the main clause's ("Trump said he was
            // afraid Gianforte would lose").
            if let Some(m) = mentions
                .iter()
                .rev()
                .find(|m| m.2)
                .or_else(|| mentions.iter().find(|m| m.1))
            {
                return Some(m.0.clone());
            }
            if fallback.is_none() {
                fallback = mentions.last().map(|m| m.0.clone());
            }
        }
        fallback
    }

    /// The one other person of the story with `full`'s surname whose gender does not contradict
    /// `want` (their fullest written name), if exactly one.
    fn same_surname_agreeing(&self, full: &str, want: Gender) -> Option<String> {
        let surname = full.split_whitespace().last()?;
        let mut people: Vec<&str> = Vec::new();
        for (m, _, _) in self.names_ending().get(surname)? {
            let first = m.split_whitespace().next().unwrap_or_default();
            if m.contains(' ')
                && !full.split_whitespace().any(|w| w == first)
                && self.gender(m) == want
                && !people
                    .iter()
                    .any(|p| p.split_whitespace().any(|w| w == first))
            {
                people.push(m);
            }
        }
        match people.as_slice() {
            [one] => Some(self.fullest(one)),
            _ => None,
        }
    }

    /// The longest name of the story that ends with the same surname (the last word) and holds
    /// every word of `n`, else `n`. When the story names several people so ("Keith Lamont
    /// Scott", "Rakeyia Scott" for "Scott"), the context decides: the one named last before the
    /// quotation in its article, else first after it there; with none, `n` stays as written.
    pub(super) fn fullest(&self, n: &str) -> String {
        let Some(surname) = n.split_whitespace().last() else {
            return n.to_string();
        };
        let wanted: Vec<&str> = n.split_whitespace().collect();
        let fits: Vec<&WrittenName> = self
            .names_ending()
            .get(surname)
            .into_iter()
            .flatten()
            .filter(|(m, _, _)| {
                m.len() >= n.len() && wanted.iter().all(|w| m.split_whitespace().any(|x| x == *w))
            })
            .collect();
        let longest = |it: &mut dyn Iterator<Item = &&WrittenName>| {
            it.max_by_key(|(m, _, _)| (m.split_whitespace().count(), m.len()))
                .map(|(m, _, _)| m.clone())
        };
        let Some(best) = longest(&mut fits.iter()) else {
            return n.to_string();
        };
        let one_person = fits.iter().all(|(m, _, _)| {
            m.split_whitespace()
                .all(|w| best.split_whitespace().any(|x| x == w))
        });
        if one_person {
            return best;
        }
        let (source, at) = self.at.get();
        // In one sentence, the first named is who it is about ("Maggie Poukkula, the daughter
        // of Tony Poukkula"): `fits` is in reading order, and `max_by_key` keeps the last.
        let before = fits
            .iter()
            .rev()
            .filter(|(_, s, i)| *s == source && *i <= at)
            .max_by_key(|(_, _, i)| *i);
        let after = fits
            .iter()
            .filter(|(_, s, i)| *s == source && *i > at)
            .min_by_key(|(_, _, i)| *i);
        match before.or(after) {
            // The fullest form of that person.
            Some((m, _, _)) => {
                let first = m.split_whitespace().next().unwrap_or_default();
                longest(
                    &mut fits
                        .iter()
                        .filter(|(x, _, _)| x.split_whitespace().any(|w| w == first)),
                )
                .unwrap_or_else(|| m.clone())
            }
            None => n.to_string(),
        }
    }

    /// The gender a story shows for a person's fullest name: "Mr."/"Mrs."/"Ms." before it, and
    /// "he"/"his" against "she"/"her" in the sentences where that person is the only one named
    /// (and the next, when it names nobody). `Any` unless one side wins two to one.
    pub(super) fn gender(&self, name: &str) -> Gender {
        let table = self.genders.get_or_init(|| self.gender_table());
        match table.get(name) {
            Some(&(m, f)) if m > 2 * f => Gender::Male,
            Some(&(m, f)) if f > 2 * m => Gender::Female,
            _ => Gender::Any,
        }
    }

    fn gender_table(&self) -> FxHashMap<String, (u32, u32)> {
        let mut table: FxHashMap<String, (u32, u32)> = FxHashMap::default();
        let quotation_at = self.at.get();
        // Subject pronouns only: "her" and "his" as often belong to someone else.
        let subject_pronoun = |w: &str| match w {
            "he" | "He" => Some(Gender::Male),
            "she" | "She" => Some(Gender::Female),
            _ => None,
        };
        for (k, (s, ws)) in self.sentences.iter().zip(self.sentence_words()).enumerate() {
            for (i, w) in ws.iter().enumerate() {
                let g = match w.trim_end_matches('.') {
                    "Mr" => Gender::Male,
                    "Mrs" | "Ms" | "Miss" => Gender::Female,
                    _ => continue,
                };
                if let Some(n) = ws.get(i + 1).filter(|n| is_name_word(n)) {
                    self.at.set((s.source, s.index));
                    let e = table.entry(self.fullest(n)).or_default();
                    if g == Gender::Male {
                        e.0 += 3;
                    } else {
                        e.1 += 3;
                    }
                }
            }
            // A gendered role beside a name: "his wife, Jane Wilson", "mother Aimee Hardy",
            // "Todd Hardy, Josh's father", "Maggie Poukkula, the 19-year-old daughter of …".
            for (i, w) in ws.iter().enumerate() {
                let Some(g) = role_gender(w).filter(|g| *g != Gender::Any) else {
                    continue;
                };
                let after = &ws[i + 1..];
                let after = after.strip_prefix(&[","][..]).unwrap_or(after);
                let len = after.iter().take_while(|w| is_name_word(w)).count();
                let named_after = (len >= 1).then(|| after[..len.min(4)].join(" "));
                // Or the name before: NAME , [det|possessive] [words] ROLE.
                let named_before = ws[..i]
                    .iter()
                    .rposition(|w| *w == ",")
                    .filter(|&c| {
                        c > 0
                            && i - c <= 5
                            && ws[c + 1..i]
                                .iter()
                                .all(|w| !is_name_word(w) || w.ends_with("s") || w.contains('\''))
                    })
                    .and_then(|c| {
                        let mut b = c;
                        while b > 0 && is_name_word(ws[b - 1]) && c - b < 4 {
                            b -= 1;
                        }
                        (b < c).then(|| ws[b..c].join(" "))
                    });
                for n in named_after.into_iter().chain(named_before) {
                    if !n.split_whitespace().all(|w| self.people.contains(w)) {
                        continue;
                    }
                    self.at.set((s.source, s.index));
                    let e = table.entry(self.fullest(&n)).or_default();
                    if g == Gender::Male {
                        e.0 += 3;
                    } else {
                        e.1 += 3;
                    }
                }
            }
            // The person a sentence is about, when it names one only and as its subject: a
            // "he" or "she" opening the next sentence, or right after a verb of saying. Pronouns
            // elsewhere in the sentence are as often someone else's ("When he relayed that he
            // was not, Unruh said …"). The pronouns are looked for first: naming the people of
            // every sentence is the costly part.
            let mut seen: Vec<Gender> = Vec::new();
            if may_hold_he_or_she(&s.text) {
                let plain = outside_quotes(&s.text);
                seen.extend(
                    words_of(&plain)
                        .windows(2)
                        .filter(|p| is_speech_verb(p[0]))
                        .filter_map(|p| subject_pronoun(p[1])),
                );
            }
            if let Some(next) = self.sentences.get(k + 1).filter(|n| n.source == s.source) {
                let first_word = next.text.split_whitespace().next().unwrap_or_default();
                if let Some(g) = subject_pronoun(first_word) {
                    seen.push(g);
                }
            }
            if seen.is_empty() {
                continue;
            }
            self.at.set((s.source, s.index));
            let mentions = self.mentions(&s.text);
            let Some(first) = mentions.first().filter(|m| m.1) else {
                continue;
            };
            if mentions.iter().any(|m| m.0 != first.0) {
                continue;
            }
            let e = table.entry(first.0.clone()).or_default();
            for g in seen {
                if g == Gender::Male {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
        self.at.set(quotation_at);
        table
    }
}

/// Whether `text` may hold "he" or "she" as a word of its own: some "he" (or "He") whose "h"
/// (or the "s" of "she") follows no ASCII letter or digit. Without one, no word of the text,
/// with or without its quotations, is either pronoun; most sentences have none, and looking
/// costs less than splitting them into words.
pub(super) fn may_hold_he_or_she(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(1)).any(|i| {
        if !matches!(b[i], b'h' | b'H') || b[i + 1] != b'e' {
            return false;
        }
        let start = if i > 0 && matches!(b[i - 1], b's' | b'S') {
            i - 1
        } else {
            i
        };
        start == 0 || !b[start - 1].is_ascii_alphanumeric()
    })
}
