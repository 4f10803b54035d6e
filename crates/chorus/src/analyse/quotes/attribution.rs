//! Who a quotation's own sentence says is speaking: the attribution after it ("…,” X said),
//! before it (X said: “…”), in the next sentence, or after a dash; names read off the words
//! around a verb of saying.

use super::gender::{role_gender, Gender};
use super::names::{NameIndex, PREPOSITIONS, ROLES};
use crate::speech::is_speech_verb;

/// Capitalised words that open a clause but are never its speaker.
pub(super) const NOT_SUBJECTS: &[&str] = &[
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "it",
    "the",
    "a",
    "an",
    "this",
    "that",
    "but",
    "and",
    "so",
    "on",
    "in",
    "at",
    "speaking",
    "asked",
    "meanwhile",
    "however",
    "still",
    "now",
    "yet",
    "also",
    "instead",
    "today",
    "yesterday",
    "later",
    "earlier",
    "finally",
    "then",
    "there",
    "here",
    "courtesy",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "when",
    "after",
    "before",
    "while",
    "as",
];

/// A capitalised word that opens a clause but is never its speaker: a listed one, or a month's
/// name ("May" aside, a surname too).
pub(super) fn not_subject(w: &str) -> bool {
    one_of(NOT_SUBJECTS, w)
        || (crate::dates::month_number(w).is_some() && !w.eq_ignore_ascii_case("may"))
}

/// Titles and roles that may precede a name and are not part of it.
pub(super) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "sgt",
    "capt",
    "president",
    "secretary",
    "minister",
    "commander",
    "chief",
    "executive",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "officer",
    "ambassador",
    "senator",
    "governor",
    "mayor",
    "judge",
    "justice",
    "sir",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "pope",
    "rev",
    "father",
    "foreign",
    "prime",
    "deputy",
    "state",
    "passenger",
    "coastguard",
    "police",
    "the",
    "a",
    "an",
    "of",
];

pub(super) enum Speaker {
    Name(String),
    /// "he", "she" (whose gender the antecedent must not contradict), "they", "I".
    Pronoun(Gender),
    /// A person the text names by a role ("the president said", "the actress said"): the one
    /// the story gives that title, else someone of the role's gender named before.
    Role(String),
    /// Attributed to someone the text does not name ("an officer said", "the company said").
    Unnamed,
}

/// "the [words] ROLE" right before a verb of saying: the role, when it is one that stands for
/// a person the story names ("the president", "the actress", "the New York native").
fn role_subject(clause: &[&str]) -> Option<Speaker> {
    let (first, last) = (clause.first()?, clause.last()?);
    (clause.len() >= 2
        && first.eq_ignore_ascii_case("the")
        && clause.iter().all(|w| *w != ",")
        && (role_gender(last).is_some() || one_of(ROLES, last)))
    .then(|| Speaker::Role(last.to_ascii_lowercase()))
}

/// Characters that break a clause: a name never runs across one.
pub(super) const CLAUSE_BREAKS: [char; 7] = [',', ':', ';', '(', ')', '—', '–'];

/// Words, with "," standing for any clause break (comma, colon, dash, bracket) so that a name
/// never runs across one; an initial keeps its period ("W.").
pub(super) fn words_of(s: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    for piece in s.split_inclusive(CLAUSE_BREAKS) {
        let (body, brk) = match piece.chars().last() {
            Some(c) if CLAUSE_BREAKS.contains(&c) => (&piece[..piece.len() - c.len_utf8()], true),
            _ => (piece, false),
        };
        for w in body.split_whitespace() {
            let w = w.trim_matches(|c: char| {
                matches!(
                    c,
                    '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»' | '!' | '?'
                )
            });
            let w = if w.len() > 2 {
                w.trim_end_matches('.')
            } else {
                w
            };
            // "Damon's" names Damon.
            let w = w
                .strip_suffix("’s")
                .or_else(|| w.strip_suffix("'s"))
                .unwrap_or(w);
            if !w.is_empty() && w != "." {
                out.push(w);
            }
        }
        if brk {
            out.push(",");
        }
    }
    out
}

/// The speaker a pronoun makes: "he" or "she" someone to find; "they" a group and "I" the
/// writer, whom a brief does not name ("“…,” they wrote" after two senators' letter).
fn pronoun_speaker(w: &str) -> Speaker {
    if one_of(&["they", "we", "i"], w) {
        Speaker::Unnamed
    } else {
        Speaker::Pronoun(Gender::of_pronoun(w))
    }
}

pub(super) fn is_pronoun(w: &str) -> bool {
    one_of(&["he", "she", "they", "we", "i"], w)
}

/// `w` is one of `list` (which is lower case), ignoring ASCII case: no allocation per word.
pub(super) fn one_of(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Capitalised, not a title, and not a compound like "Invesco-owned".
pub(super) fn is_name_word(w: &str) -> bool {
    let compound_of_lower = w
        .split('-')
        .skip(1)
        .any(|part| part.chars().next().is_some_and(char::is_lowercase));
    w.chars().next().is_some_and(char::is_uppercase) && !is_title(w) && !compound_of_lower
}

/// A name word at `ws[k]`, or a capitalised title word right after a courtesy title: the
/// "King" of "Mr. King" is a surname.
pub(super) fn name_word_at(ws: &[&str], k: usize) -> bool {
    is_name_word(ws[k])
        || (k > 0
            && crate::entities::is_courtesy(ws[k - 1])
            && ws[k].starts_with(char::is_uppercase))
}

pub(super) fn is_title(w: &str) -> bool {
    is_listed_title(w.trim_end_matches('.')) || crate::entities::is_person_title(w) || is_age(w)
}

// One of `TITLES`, in any case: asked of most words of a story, so a hashed lookup, not a scan.
crate::entities::word_set!(is_listed_title, TITLES);

/// "16-year-old" before a name ("said 16-year-old Jennie Steinberg") stands where a title does.
pub(super) fn is_age(w: &str) -> bool {
    const SUFFIX: &str = "-year-old";
    let Some(n) = w.len().checked_sub(SUFFIX.len()) else {
        return false;
    };
    n > 0
        && w.is_char_boundary(n)
        && w[n..].eq_ignore_ascii_case(SUFFIX)
        && w[..n].bytes().all(|b| b.is_ascii_digit())
}

/// The name that follows a speech verb: runs of capitalised words separated only by titles and
/// roles, the last of them ("said Gullwing Lines chief executive Tomas Brandt" → Tomas Brandt).
pub(super) fn name_at(ws: &[&str]) -> Option<String> {
    let mut best: Option<String> = None;
    let mut i = 0;
    while i < ws.len() {
        // "Del. Stacey Plaskett of the Virgin Islands": what follows a name is where they are from.
        if best.as_ref().is_some_and(|b| b.contains(' '))
            && one_of(&["of", "from", "in", "at", "the", "a", "an"], ws[i])
        {
            break;
        }
        if is_title(ws[i]) && !name_word_at(ws, i) {
            i += 1;
            continue;
        }
        // "said 9/11 widow Terry Strada": a short lower-case description before a full name.
        if best.is_none() && !is_name_word(ws[i]) {
            let skip = ws[i..]
                .iter()
                .take(3)
                .take_while(|w| {
                    !is_name_word(w) && **w != "," && !w.starts_with(char::is_uppercase)
                })
                .count();
            let full = ws[i + skip..]
                .iter()
                .take_while(|w| is_name_word(w))
                .count();
            let ends = ws.get(i + skip + full).is_none_or(|w| *w == ",");
            if i == 0 && skip > 0 && full >= 2 && ends {
                i += skip;
                continue;
            }
        }
        if !name_word_at(ws, i) {
            break;
        }
        let start = i;
        while i < ws.len() && name_word_at(ws, i) && i - start < 4 {
            i += 1;
        }
        best = Some(ws[start..i].join(" "));
    }
    best
}

/// The name that ends just before position `end` of `ws` (the subject of "… Tillerson said").
pub(super) fn name_before(ws: &[&str], end: usize) -> Option<String> {
    let mut start = end;
    while start > 0 && is_name_word(ws[start - 1]) && end - start < 4 {
        start -= 1;
    }
    (start < end).then(|| ws[start..end].join(" "))
}

/// The first verb of saying among the first `within` words, and how many words it takes: one,
/// or two for a verb that says only with its particle ("…,” Trump went on; shot back; pointed
/// out; chimed in).
fn cue_in(ws: &[&str], within: usize) -> Option<(usize, usize)> {
    (0..ws.len().min(within)).find_map(|i| {
        if is_speech_verb(ws[i]) {
            return Some((i, 1));
        }
        let particle = match ws[i].to_ascii_lowercase().as_str() {
            "went" | "goes" => "on",
            "shot" | "fired" => "back",
            "pointed" | "points" => "out",
            "chimed" | "weighed" => "in",
            _ => return None,
        };
        ws.get(i + 1)
            .filter(|p| p.eq_ignore_ascii_case(particle))
            .map(|_| (i, 2))
    })
}

/// Attribution after a quotation: ", Tillerson said", ", said Lavrov", ", he said",
/// ", Mr. Putin told reporters".
pub(super) fn attribution_after(after: &str) -> Option<Speaker> {
    // "“…” ― Pamela Padilla": a dash, then only the name (and what it is, after a comma).
    if let Some(rest) = after
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '\'' | '’'))
        .strip_prefix(['—', '―', '–', '-'])
        .filter(|r| r.starts_with(char::is_whitespace) || r.starts_with(char::is_uppercase))
    {
        let ws = words_of(rest);
        let name_len = ws.iter().position(|w| *w == ",").unwrap_or(ws.len());
        if (1..=4).contains(&name_len) && ws[..name_len].iter().all(|w| is_name_word(w)) {
            return name_at(&ws[..name_len]).map(Speaker::Name);
        }
    }
    let ws = words_of(after);
    // "…,” Aleksandr K. Lukashevich, a spokesman for the ministry, said in a statement.
    if let Some(name_end) = (1..ws.len().min(7)).find(|&i| ws[i] == ",") {
        // "panel Chairman Rep. Jason Chaffetz (R-Utah) said": a lower-case word or two may
        // describe the speaker before the titles.
        let described = ws[..name_end]
            .iter()
            .take(2)
            .take_while(|w| w.starts_with(char::is_lowercase) && !one_of(&["the", "a", "an"], w))
            .count();
        let name = &ws[described.min(name_end - 1)..name_end];
        let named = name.iter().all(|w| is_name_word(w) || is_title(w))
            && (0..name.len()).any(|k| name_word_at(name, k));
        // The apposition may be long: "Leonard E. Burman, director of the centrist … Center
        // and a professor at the Maxwell School of Syracuse University, said".
        let verb = ws
            .iter()
            .take(40)
            .skip(name_end)
            .position(|w| is_speech_verb(w));
        if named && verb.is_some() {
            if let Some(n) = name_at(name) {
                return Some(Speaker::Name(n));
            }
        }
    }
    let (v, cue_len) = cue_in(&ws, 10)?;
    // "“Mommy,” she recalls him saying": who is recalled speaks.
    if let (Some(p), Some(s)) = (ws.get(v + 1), ws.get(v + 2)) {
        if one_of(&["him", "her", "them"], p) && one_of(&["saying", "say", "said"], s) {
            return Some(pronoun_speaker(p));
        }
    }
    // "he so famously said", "Varga later told": adverbs between the speaker and the verb.
    let adverbs = ws[..v]
        .iter()
        .rev()
        .take(2)
        .take_while(|w| {
            w.ends_with("ly") || one_of(&["so", "also", "later", "then", "again", "once"], w)
        })
        .count();
    let v_subject = v - adverbs;
    if v_subject > 0 && is_pronoun(ws[v_subject - 1]) {
        return Some(pronoun_speaker(ws[v_subject - 1]));
    }
    if let Some(n) = name_before(&ws, v_subject) {
        return Some(Speaker::Name(n));
    }
    // "…,” Jeffrey Stenger from Polson, Montana, told ABC News: the name that opens the
    // attribution speaks; the one after "told" is spoken to.
    if v > 0 {
        if let Some(n) = name_at(&ws[..v]).filter(|n| n.contains(' ') && is_name_word(ws[0])) {
            return Some(Speaker::Name(n));
        }
    }
    // "…,” the actress said; "…,” the president said; "…,” the New York native told Glenn
    // Close: a person the story names elsewhere.
    if let Some(role) = role_subject(&ws[..v_subject]) {
        return Some(role);
    }
    // Whoever comes after "told" is spoken to.
    if one_of(&["told", "tells", "telling"], ws[v]) {
        return None;
    }
    // "said Lavrov", "said passenger Aino Kask", "said he", "says his mother Robin Roberts"
    let mut rest = &ws[v + cue_len..];
    if rest
        .first()
        .is_some_and(|w| one_of(&["his", "her", "their"], w))
    {
        let role = rest[1..]
            .iter()
            .take(3)
            .take_while(|w| w.chars().all(char::is_lowercase))
            .count();
        if rest.get(1 + role).is_some_and(|w| is_name_word(w)) {
            rest = &rest[1 + role..];
        }
    }
    if let Some(p) = rest.first().filter(|w| is_pronoun(w)) {
        return Some(pronoun_speaker(p));
    }
    // "said the vicomte's brother, Marcy": a role, then the name after a comma, ending the clause.
    if let Some(c) = rest.iter().take(6).position(|w| *w == ",") {
        let name = &rest[c + 1..];
        let len = name.iter().take_while(|w| is_name_word(w)).count();
        if (1..=3).contains(&len)
            && name.get(len).is_none_or(|w| *w == ",")
            && c > 0
            && !is_name_word(rest[c - 1])
        {
            return name_at(&name[..len]).map(Speaker::Name);
        }
    }
    // "…,” a police statement said; "…,” said a forensic investigator: a speaker without a name,
    // when the verb comes right after the quotation's clause (no other clause in between).
    Some(name_at(rest).map(Speaker::Name).unwrap_or(Speaker::Unnamed))
        .filter(|s| !matches!(s, Speaker::Unnamed) || !ws[..v].contains(&","))
}

/// Attribution in the sentence after a quotation that ended its own ("Clinton said.", "she
/// asked him."): a speech verb among its first words, with a name or pronoun before or after it.
pub(super) fn attribution_next(sentence: &str) -> Option<Speaker> {
    if sentence.trim_start().starts_with(['—', '―', '–']) {
        return attribution_after(sentence).filter(|s| matches!(s, Speaker::Name(_)));
    }
    let ws = words_of(sentence);
    let (v, _) = cue_in(&ws, 5)?;
    if sentence.contains(['"', '“']) || ws.len() > 16 {
        return None;
    }
    attribution_after(sentence)
        .filter(|s| matches!(s, Speaker::Name(_) | Speaker::Pronoun(_) | Speaker::Role(_)) && v < 4)
}

/// The text before a quotation ends with a colon, the opening mark aside ("Kelly responded: “").
pub(super) fn ends_with_colon(before: &str) -> bool {
    before
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '“' | '\'' | '‘' | '«' | '`')
        })
        .ends_with(':')
}

/// The speaker of a quotation that a sentence without a verb of saying introduces with a colon:
/// its subject, when the sentence is only a name (a transcript's "Clinton:"), when the clause
/// before the colon opens with a name and goes on in lower case ("Mr. Christie gloated:", "As
/// Professor Foner put it:", "Asked whether …, Mr. Smith shot back:"), or a pronoun ("She then
/// addressed the supporters again:"), or when a name opens the sentence with an apposition
/// ("Tom Ridge, a former secretary of homeland security, put it:"). Anything else ("The sign
/// on the door read:", "… with a simple message:") is someone's words whom it does not name.
fn colon_subject(ws: &[&str]) -> Option<Speaker> {
    let ws = ws.strip_suffix(&[","]).unwrap_or(ws);
    let opening = |c: &'_ [&'_ str]| {
        c.iter()
            .take_while(|w| **w == "," || one_of(&["as", "and", "but", "or", "so", "then"], w))
            .count()
    };
    let name_run = |c: &[&str]| {
        (0..c.len())
            .take_while(|&k| (name_word_at(c, k) || is_title(c[k])) && !not_subject(c[k]))
            .count()
    };
    if let Some(n) = ws
        .iter()
        .all(|w| *w == "," || is_name_word(w) || is_title(w))
        .then(|| name_at(ws))
        .flatten()
    {
        return Some(Speaker::Name(n));
    }
    // "Pollsters agree - Carl Bialik:": a spaced hyphen breaks the clause too.
    let last = &ws[ws
        .iter()
        .rposition(|w| *w == "," || *w == "-")
        .map_or(0, |c| c + 1)..];
    let last = &last[opening(last)..];
    if let Some(p) = last.first().filter(|w| is_pronoun(w) && last.len() > 1) {
        return Some(pronoun_speaker(p));
    }
    // "His favorite quote was his own:", "Her answer:": whose words they are.
    if let Some(p) = last.first().filter(|w| one_of(&["his", "her"], w)) {
        return Some(Speaker::Pronoun(Gender::of_pronoun(p)));
    }
    let lower = |w: Option<&&str>| w.is_some_and(|w| w.starts_with(char::is_lowercase));
    let run = name_run(last);
    if let Some(n) = (run > 0 && (run == last.len() || lower(last.get(run))))
        .then(|| name_at(&last[..run]))
        .flatten()
    {
        return Some(Speaker::Name(n));
    }
    let first = &ws[opening(ws)..];
    let run = name_run(first);
    let apposition_closes = first
        .iter()
        .skip(run + 1)
        .position(|w| *w == ",")
        .is_some_and(|c| lower(first.get(run + 2 + c)));
    if let Some(n) = (run > 0 && first.get(run) == Some(&",") && apposition_closes)
        .then(|| name_at(&first[..run]))
        .flatten()
    {
        return Some(Speaker::Name(n));
    }
    Some(Speaker::Unnamed)
}

/// Words allowed between a verb of saying and the comma that leads into its quotation.
const MAX_BETWEEN: usize = 10;

/// Attribution before a quotation: "Lavrov said: “…”", "According to Lavrov, “…”".
pub(super) fn attribution_before(before: &str, names: &NameIndex) -> Option<Speaker> {
    let ws = words_of(before);
    // A transcript's "Art Iwasaki “In my company …”": nothing before the quotation but a name.
    if (2..=4).contains(&ws.len()) && ws.iter().all(|w| is_name_word(w) || is_title(w)) {
        if let Some(n) = name_at(&ws).filter(|n| n.contains(' ')) {
            return Some(Speaker::Name(n));
        }
    }
    // "Buzzfeed quoted Bryan Freedman, one of Spacey's lawyers, as saying: “…”": whom a paper
    // quotes speaks.
    if let Some(q) = ws
        .iter()
        .position(|w| one_of(&["quoted", "quotes", "quoting"], w))
    {
        let named_next = ws
            .get(q + 1)
            .is_some_and(|w| name_word_at(&ws, q + 1) || is_title(w));
        let as_saying = ws[q + 1..].iter().any(|w| w.eq_ignore_ascii_case("as"));
        if let Some(n) = (named_next && as_saying)
            .then(|| name_at(&ws[q + 1..]))
            .flatten()
        {
            return Some(Speaker::Name(n));
        }
    }
    let introduces = ends_with_colon(before);
    let Some(v) = ws.iter().rposition(|w| is_speech_verb(w)) else {
        return introduces.then(|| colon_subject(&ws)).flatten();
    };
    // "Asked whether …, Mr. Smith shot back:": the verb of saying is in an earlier clause; the
    // clause the colon ends has the speaker.
    let colon = ws.len() - 1; // the "," the colon is
    if introduces && ws.get(v + 1..colon).is_some_and(|b| b.contains(&",")) {
        if let Some(s @ (Speaker::Name(_) | Speaker::Pronoun(_))) = colon_subject(&ws) {
            return Some(s);
        }
    }
    if ws[v].eq_ignore_ascii_case("according") {
        return name_at(ws.get(v + 2..).unwrap_or(&[])).map(Speaker::Name);
    }
    // The verb leads into the quotation: nothing between them, or a short object and a break
    // ("said:", "told reporters,", "added, saying,"); not "called the plan “a gamble”". A
    // sentence that ends with a colon introduces what follows whatever its length ("Lutz says he
    // was happy to take part:").
    let between = &ws[v + 1..];
    // "told Breitbart News Daily SiriusXM host Matt Boyle, “…”": up to ten words of one clause
    // (whom it was told, where, how) between the verb and the comma before the quotation.
    let one_clause = between.last() == Some(&",")
        && between.len() <= MAX_BETWEEN
        && !between[..between.len() - 1].contains(&",");
    if !(introduces || between.is_empty() || one_clause) {
        return None;
    }
    if v > 0 && is_pronoun(ws[v - 1]) {
        return Some(pronoun_speaker(ws[v - 1]));
    }
    // "He was the heart behind the programme and, as reported in MODERN in 2012, “…”": an
    // "as" clause cites where the words were reported, not the main clause's subject.
    if v > 0 && ws[v - 1].eq_ignore_ascii_case("as") {
        return Some(Speaker::Unnamed);
    }
    if let Some(n) = name_before(&ws, v) {
        return Some(Speaker::Name(n));
    }
    // "… the actor Alyssa Milano, who said:"
    if v >= 2 && ws[v - 1].eq_ignore_ascii_case("who") && ws[v - 2] == "," {
        if let Some(n) = name_before(&ws, v - 2) {
            return Some(Speaker::Name(n));
        }
    }
    // "Says Wax: “…”": the verb first, then who.
    if v == 0 {
        if let Some(n) = name_at(between) {
            return Some(Speaker::Name(n));
        }
    }
    // "Damon addressed the allegations, saying, “…”", "The actor told SiriusXM, “…”": the
    // subject further back — the first name of the clause, or a pronoun, or someone unnamed.
    let subject = &ws[..v];
    // "Once in my early 20s, when my mother mentioned it, I laughed and said, “…”": a pronoun in
    // the clause right before the verb is its subject, whatever opens the sentence.
    let last_clause = &subject[subject.iter().rposition(|w| *w == ",").map_or(0, |c| c + 1)..];
    if let Some(p) = last_clause.iter().find(|w| is_pronoun(w)) {
        if !last_clause
            .iter()
            .any(|w| is_name_word(w) && !is_pronoun(w))
        {
            return Some(pronoun_speaker(p));
        }
    }
    // "''Hopefully,'' the president said, ''…''": the role is the subject, not the opening word.
    if let Some(role) = role_subject(last_clause) {
        return Some(role);
    }
    let person_like = |i: usize| {
        is_name_word(subject[i])
            && !not_subject(subject[i])
            && (i == 0 || !(is_name_word(subject[i - 1]) || one_of(PREPOSITIONS, subject[i - 1])))
    };
    if let Some(n) = (0..subject.len()).find_map(|i| {
        person_like(i)
            .then(|| name_at(&subject[i..]))
            .flatten()
            // One word is a name after a title ("Mr. Ross"), or when the story never writes it
            // in lower case ("Ashton, who …, added:"); else it may be any word.
            .filter(|n| {
                n.contains(' ') || (i > 0 && is_title(subject[i - 1])) || names.is_proper(n)
            })
    }) {
        return Some(Speaker::Name(n));
    }
    if let Some(p) = subject.iter().find(|w| is_pronoun(w)) {
        return Some(pronoun_speaker(p));
    }
    Some(Speaker::Unnamed)
}
