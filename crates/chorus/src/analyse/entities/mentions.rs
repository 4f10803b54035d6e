//! Mentions: the tagger's names in each article's kept sentences, as byte spans of the article,
//! with the role the text gives a person there.

use super::context::{
    defined_initials, in_quoted_title, names_work_or_vessel, organisation_context, AGREEMENT_WORDS,
    VESSELS,
};
use super::shape::{glued, is_discourse_word, is_particle, is_suffix, not_a_name, title_case};
use super::spans::{give_first_names_back, join_split_names, split_at_parentheses, split_glued};
use super::words::{
    is_courtesy, is_family_word, is_newspaper_word, is_org_word, is_person_title, is_role_word,
    is_storm_word,
};
use crate::analyse::facts::word_class::{class_of, WordClass};
use crate::features::Sentence;
use crate::ingest::Story;
use crate::represent::is_stop_word;
use crate::speech::SPEECH_VERBS;
use chorus_ner::tokenize::tokenize;
use chorus_ner::Kind;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// One name as written in one place.
pub(crate) struct Mention {
    /// The name as written ("Rex W. Tillerson", "U.S.").
    pub name: String,
    pub kind: Kind,
    /// Titles or a role written with it ("Secretary of State", "the company's chief executive").
    pub role: Option<String>,
    /// A personal title ("Mr. Putin") or a family word ("her sister Hailey", "her mother,
    /// Elizabeth,") was written before it: evidence of a person.
    pub titled: bool,
    /// The words around it say an organisation (`organisation_context`).
    pub org_context: bool,
    /// It is the whole of a quotation ("the film 'Born Killers'").
    pub quoted: bool,
    /// It follows the lower-case word for a vessel ("the ferry Northern Gull"): the whole entry
    /// is the vessel, whatever the tagger read elsewhere.
    pub vessel: bool,
    /// A woman's (true) or a man's (false) name, as a courtesy title or a role beside it says
    /// ("Mrs. Bush", "Mr. Bush", "first lady Barbara Bush", "his wife, Honey").
    pub female: Option<bool>,
    pub source: usize,
    pub sentence: usize,
    /// Byte span in the article's text.
    pub start: usize,
    pub end: usize,
}

/// The mentions of every article, in reading order.
pub(crate) fn find(story: &Story, sentences: &[Sentence]) -> Vec<Mention> {
    let Ok(tagger) = chorus_ner::builtin() else {
        // The model is compiled in; a build with a broken one fails its tests.
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut asides = Vec::new();
    let mut abbreviations: HashSet<&str> = HashSet::default();
    let mut by_source: Vec<Vec<&Sentence>> = vec![Vec::new(); story.articles.len()];
    for s in sentences {
        if let Some(v) = by_source.get_mut(s.source.wrapping_sub(1)) {
            v.push(s);
        }
    }
    for (a, kept) in by_source.iter_mut().enumerate() {
        kept.sort_by_key(|s| s.start);
        let text = &story.articles[a].text;
        let spans: Vec<Vec<(usize, usize)>> = kept
            .iter()
            .map(|s| {
                tokenize(&text[s.start..s.end])
                    .into_iter()
                    .map(|(b, e)| (s.start + b, s.start + e))
                    .collect()
            })
            .collect();
        let words: Vec<Vec<&str>> = spans
            .iter()
            .map(|t| t.iter().map(|&(b, e)| &text[b..e]).collect())
            .collect();
        // Capitalised words as the article writes them alone ("Dyson reasoned"), to find a name
        // run into the verb after it ("Freeman Dysonproposed").
        let capitalised: HashSet<&str> = words
            .iter()
            .flatten()
            .copied()
            .filter(|w| w.starts_with(char::is_uppercase))
            .collect();
        let lower: HashSet<&str> = words
            .iter()
            .flatten()
            .copied()
            .filter(|w| w.starts_with(char::is_lowercase))
            .collect();
        // Headlines in Title Case read to the tagger as rows of names ("Pence Gives GOP A
        // Boost"): they are left out; their names come again in the text.
        let headline: Vec<bool> = words
            .iter()
            .enumerate()
            .map(|(i, w)| title_case(w, i == 0))
            .collect();
        let body: Vec<Vec<&str>> = words
            .iter()
            .zip(&headline)
            .map(|(w, &h)| if h { Vec::new() } else { w.clone() })
            .collect();
        let first = out.len();
        let tagged = tagger.tag_document(&body);
        // The words of the article's people, as the tagger reads them ("Trump" of "Donald Trump").
        let person_words: HashSet<&str> = tagged
            .iter()
            .zip(&words)
            .flat_map(|(names, w)| {
                names
                    .iter()
                    .filter(|n| n.kind == Kind::Person)
                    .flat_map(move |n| w[n.start..n.end].iter().copied())
            })
            .collect();
        for ((s, toks), mut names) in kept.iter().zip(&spans).zip(tagged) {
            join_split_names(text, toks, &mut names);
            give_first_names_back(text, toks, &mut names);
            split_glued(text, toks, &person_words, &mut names);
            split_at_parentheses(text, toks, &mut names);
            let taken: Vec<bool> = (0..toks.len())
                .map(|i| names.iter().any(|n| (n.start..n.end).contains(&i)))
                .collect();
            for n in names {
                let (start, end) = repair(text, toks, &taken, &lower, n.start, n.end, n.kind);
                let word = |i: usize| &text[toks[i].0..toks[i].1];
                if end == start + 1
                    && opens_sentence(&word, start)
                    && is_discourse_word(&word(start).to_lowercase())
                {
                    continue;
                }
                // "a joint business agreement (JBA)": initials the text defines for a phrase of
                // common words are an abbreviation, not a name, here and wherever it uses them.
                if end == start + 1 && defined_initials(text, toks, start) {
                    abbreviations.insert(word(start));
                    continue;
                }
                if let Some(m) = mention(text, s, toks, start, end, n.kind)
                    .filter(|m| !runs_into_a_verb(&m.name, &capitalised))
                {
                    // "Regardless," "Hey," "Yeah!": one word opening its sentence, followed by a
                    // comma or an exclamation, is a discourse word when the article never names
                    // it again.
                    // (A quotation opening inside a sentence opens one too: thinking, “Oh, …)
                    let opens = start == 0 || matches!(word(start - 1), "“" | "\"" | "‘");
                    let aside = opens
                        && end == start + 1
                        && toks.get(start + 1).is_some_and(|&(b, e)| {
                            matches!(&text[b..e], "," | "!" | "?" | "..." | "…")
                        });
                    out.push(m);
                    if aside {
                        asides.push(out.len() - 1);
                    }
                }
            }
        }
        // Drop the asides named only once in the article, and the defined abbreviations.
        let mut count: HashMap<&str, usize> = HashMap::default();
        for m in &out[first..] {
            *count.entry(m.name.as_str()).or_default() += 1;
        }
        let drop: HashSet<usize> = asides
            .drain(..)
            .filter(|&i| count[out[i].name.as_str()] == 1)
            .chain((first..out.len()).filter(|&i| abbreviations.contains(out[i].name.as_str())))
            .collect();
        let mut index = 0;
        out.retain(|_| {
            index += 1;
            !drop.contains(&(index - 1))
        });
        abbreviations.clear();
        abbreviation_kinds(text, &mut out[first..]);
    }
    // "Irene" where the story writes "Hurricane Irene": the storm, not a place or a person.
    let storms: HashSet<String> = out
        .iter()
        .filter(|m| m.name.split(' ').next().is_some_and(is_storm_word))
        .filter_map(|m| m.name.rsplit(' ').next().map(str::to_string))
        .collect();
    for m in &mut out {
        if storms.contains(&m.name) {
            m.kind = Kind::Misc;
        }
    }
    out
}

/// A word usually written as a common noun, adjective or participle (`facts::word_class`, learned
/// from CoNLL-2003's part-of-speech gold).
pub(super) fn common_word(w: &str) -> bool {
    matches!(
        class_of(w),
        Some(WordClass::Noun | WordClass::Plural | WordClass::Modifier)
    )
}

/// A middle initial: "W.", "M.".
pub(super) fn is_initial(w: &str) -> bool {
    w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Whether token `i` is its sentence's first word, opening quotation marks aside ("‘Look, …").
fn opens_sentence<'t>(word: &dyn Fn(usize) -> &'t str, i: usize) -> bool {
    (0..i).all(|j| word(j).chars().all(|c| "\"“‘'(".contains(c)))
}

/// Two repairs of the tagger's spans, for what CoNLL's Reuters text rarely shows it: an
/// ordinary word opening a sentence taken into a name ("Later Tillerson": the word is written in
/// lower case elsewhere in the article, or is a function word) is dropped; a capitalised first
/// name left outside a person's name after a role ("Secretary of State Rex W. Tillerson") is
/// taken in.
fn repair(
    text: &str,
    toks: &[(usize, usize)],
    taken: &[bool],
    lower: &HashSet<&str>,
    mut start: usize,
    end: usize,
    kind: Kind,
) -> (usize, usize) {
    let word = |i: usize| &text[toks[i].0..toks[i].1];
    if opens_sentence(&word, start) && end > start + 1 {
        let first = word(start).to_lowercase();
        if is_stop_word(&first) || lower.contains(first.as_str()) || is_discourse_word(&first) {
            start += 1;
        }
    }
    // A capitalised word that can be a first name: not a title, a role or a word the article
    // writes in lower case.
    let first_name = |w: &str| {
        let l = w.to_lowercase();
        w.starts_with(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase)
            && w.chars().count() > 1
            && !is_person_title(w)
            && !is_role_word(w)
            && !is_stop_word(&l)
            && !lower.contains(l.as_str())
    };
    // "Colleen M. Keller" read from the initial on: the plain capitalised word before it is the
    // first name.
    if kind == Kind::Person
        && start > 0
        && end - start >= 2
        && is_initial(word(start))
        && first_name(word(start - 1))
        && !taken[start - 1]
    {
        start -= 1;
    }
    if kind == Kind::Person {
        while start > 0 && end - start < 4 && !taken[start - 1] {
            let plain = first_name(word(start - 1));
            // Only after a title or role: "State Rex", "President Vladimir".
            let after_role = start >= 2 && {
                let before = word(start - 2);
                is_person_title(before) || is_role_word(before)
            };
            if !(plain && after_role && start - 1 > 0) {
                break;
            }
            start -= 1;
        }
    }
    (start, end)
}

/// A tagged span made a mention: titles inside a person's span moved to its role, the role and
/// an apposition read around it.
fn mention(
    text: &str,
    s: &Sentence,
    toks: &[(usize, usize)],
    mut start: usize,
    end: usize,
    kind: Kind,
) -> Option<Mention> {
    let word = |i: usize| &text[toks[i].0..toks[i].1];
    let mut titled = false;
    let mut end = end;
    let mut kind = kind;
    // The courtesy title written before the name or opening its span ("Mr. Bush").
    let courtesy = [start.checked_sub(1), Some(start)]
        .into_iter()
        .flatten()
        .find_map(|i| match word(i).trim_end_matches('.') {
            "Mr" => Some(false),
            "Mrs" | "Ms" | "Miss" => Some(true),
            _ => None,
        });
    // "Donald Trump Jr.": a generational suffix is part of a person's name, and makes one.
    if end < toks.len() && kind == Kind::Person && is_suffix(word(end)) {
        end += 1;
    }
    if end - start >= 2 && matches!(word(end - 1).trim_end_matches('.'), "Jr" | "Sr") {
        kind = Kind::Person;
    }
    // "North and South Korea", "Central and South America": the first of two names sharing
    // their last word is a word alone.
    let compass = |w: &str| matches!(w, "North" | "South" | "East" | "West" | "Central");
    if end == start + 1
        && compass(word(start))
        && toks.get(end + 1).is_some()
        && matches!(word(end), "and" | "or")
        && compass(word(end + 1))
    {
        return None;
    }
    // "Hurricane Irene", "Typhoon Haiyan": a storm is an event, whatever the tagger read in its
    // name; "the naval vessel Ocean Shield", "the blog Wandering Aramean": a name after the
    // kind of thing it names is that thing's (other), not a person's or a place's; so is "the
    // Open Skies agreement" (a town's name alone, as in "the Paris agreement", stays the town's).
    if start > 0 && is_storm_word(word(start - 1)) {
        start -= 1;
    }
    let several = end > start + 1;
    // The word before the name, or before a comma before it: "the Chinese ship, Haixun 01" —
    // the kind of thing may stand before a comma.
    let kind_word = match start {
        0 => "",
        1 => word(0),
        _ if word(start - 1) == "," => word(start - 2),
        _ => word(start - 1),
    };
    let kind_before = names_work_or_vessel(kind_word);
    let vessel = VESSELS.contains(&kind_word);
    // "two Tony Awards", "the Nobel Prize": an award.
    let award = several && matches!(word(end - 1), "Award" | "Awards" | "Prize" | "Prizes");
    if (several && is_storm_word(word(start)))
        || kind_before
        || award
        || (several && end < toks.len() && AGREEMENT_WORDS.contains(&word(end)))
    {
        kind = Kind::Misc;
    }
    // "the town of Khan Shaykhun", "the city of Idlib": a place, whatever the tagger read.
    if start > 1
        && word(start - 1) == "of"
        && matches!(
            word(start - 2),
            "town" | "city" | "village" | "province" | "region" | "district" | "county"
        )
    {
        kind = Kind::Place;
    }
    // "Mr. West" read as a place, "her sister Hailey" as one: a courtesy title or a family word
    // before a name makes it a person's; so does a family word before a one-word apposition
    // ("her mother, Elizabeth, at home").
    let kin_apposition = start > 1
        && end == start + 1
        && word(start - 1) == ","
        && toks.get(end).is_some_and(|&(b, e)| &text[b..e] == ",")
        && is_family_word(&word(start - 2).to_lowercase());
    let kin = (start > 0 && is_family_word(&word(start - 1).to_lowercase())) || kin_apposition;
    // Evidence of a person the whole entry keeps, as a title is.
    titled |= kin;
    if kind != Kind::Person && ((several && is_courtesy(word(start).trim_end_matches('.'))) || kin)
    {
        kind = Kind::Person;
    }
    // "USA TODAY", "The Hollywood Reporter", "Las Vegas Sun": a place the tagger took out of a
    // newspaper's name is the newspaper.
    if kind == Kind::Place
        && end < toks.len()
        && word(end).starts_with(char::is_uppercase)
        && is_newspaper_word(word(end))
        && toks[end].0 == toks[end - 1].1 + 1
    {
        end += 1;
        kind = Kind::Organization;
    }
    // "McDermott's Pub", "Gus O'Connor's Pub": a venue named after its owner is a place, the
    // possessive and all.
    if end + 1 < toks.len() && matches!(word(end), "'s" | "’s") && is_venue_word(word(end + 1)) {
        end += 2;
        kind = Kind::Place;
    }
    // "Exxon Mobil CEO": a title after a name is not part of it.
    while end > start + 1 && is_person_title(word(end - 1)) {
        end -= 1;
    }
    if kind == Kind::Person {
        while start + 1 < end && (is_person_title(word(start)) || is_role_word(word(start))) {
            titled |= is_person_title(word(start));
            start += 1;
        }
    }
    // A lower-case word opening a name is not part of it ("the Times", "federal Securities
    // and Exchange Commission"), a name's particle aside ("de Blasio", "bin Laden").
    while start + 1 < end
        && word(start).starts_with(char::is_lowercase)
        && !word(start).contains('-')
        && !is_particle(word(start))
    {
        start += 1;
    }
    // A compound with a lower-case part ("post-World War II", "Ivy League-trained",
    // "anti-Trump") is a modifier, not a name.
    let lower_part = |w: &str| {
        w.contains('-')
            && w.split('-')
                .any(|p| p.starts_with(char::is_lowercase) && p.len() > 2 && !is_particle(p))
    };
    if lower_part(word(start)) || lower_part(word(end - 1)) {
        return None;
    }
    // A name cut before its last word ends on a function word ("the Department of").
    while end > start + 1 && matches!(word(end - 1), "of" | "the" | "and" | "for" | "at") {
        end -= 1;
    }
    // One capitalised word opening a sentence that is usually a common word ("News of a
    // takeover…", "Born in 1979…", "More or Less") is that word.
    if end == start + 1 && opens_sentence(&word, start) && common_word(word(start)) {
        return None;
    }
    // A common noun before a number is a numbered thing, not a name ("Episode 3", "Supplementary
    // Table 3", "Unreal Engine 4", "Chapter 11").
    let numbered = toks.get(end).is_some_and(|&(b, e)| {
        let w = &text[b..e];
        w.starts_with(|c: char| c.is_ascii_digit()) && w.chars().count() <= 4
    });
    let last = word(end - 1).trim_end_matches('.');
    if numbered
        && (class_of(last) == Some(WordClass::Noun) || matches!(last, "Fig" | "Figure" | "Table"))
    {
        return None;
    }
    // A ticker and its day's change ("TSLA, +5.77%").
    let change = |i: usize| {
        toks.get(i).is_some_and(|&(b, e)| {
            let w = &text[b..e];
            w.starts_with(['+', '-']) && w.ends_with('%')
        })
    };
    let comma_after = toks.get(end).is_some_and(|&(b, e)| &text[b..e] == ",");
    if end == start + 1 && word(start).len() <= 5 && comma_after && change(end + 1) {
        return None;
    }
    // Quotation marks and a possessive a token kept ("“Press TV", "Tesla’s") are not the name's.
    let mut from = toks[start].0;
    let mut to = toks[end - 1].1;
    while let Some(c) = text[from..to]
        .chars()
        .next()
        .filter(|c| "\"“‘'".contains(*c))
    {
        from += c.len_utf8();
    }
    for possessive in ["’s", "'s"] {
        if text[from..to].len() > possessive.len() + 1 && text[from..to].ends_with(possessive) {
            to -= possessive.len();
        }
    }
    let name = &text[from..to];
    if !name.chars().any(char::is_alphabetic) || not_a_name(name) || glued(name) {
        return None;
    }
    // "John King USA", "Today in the Sky": a word of a title in quotation marks is the title's,
    // not a name of its own (the whole title is kept, as other). A longer name is more often
    // named inside a quoted sentence ("Welcome to Carnival Cruise Lines.").
    if end - start <= 2 && in_quoted_title(text, from, to) {
        return None;
    }
    // "(Bastien Inzaurralde/The Washington Post)", "Bill Ingalls/NASA": a credit, a
    // photographer's and an outlet's names run together — in parentheses, or with an outlet
    // the tagger's training data knows or one in capitals after the slash.
    // Not two outlets' names ("NBC News/Wall Street Journal", a joint poll's).
    if let Some((who, outlet)) = name.rsplit_once('/') {
        let capitals = outlet.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !outlet.chars().any(char::is_lowercase);
        let who_last = who.rsplit(' ').next().unwrap_or_default().to_lowercase();
        let a_person = who.contains(' ')
            && who.chars().any(char::is_lowercase)
            && !is_org_word(&who_last)
            && super::known_kinds(who).is_empty();
        if in_parentheses(text, from, to)
            || (a_person && (capitals || super::known_kinds(outlet).contains(&Kind::Organization)))
        {
            return None;
        }
    }
    // "Can’t" is "Ca" and "n’t" to the tokenizer.
    if toks
        .get(end)
        .is_some_and(|&(b, e)| matches!(&text[b..e], "n't" | "n’t" | "N'T" | "N’T"))
    {
        return None;
    }
    let mut role = None;
    if kind == Kind::Person {
        let (r, t) = role_before(text, toks, start);
        titled |= t;
        role = r
            .or_else(|| family_role_before(text, toks, start))
            .or_else(|| apposition(&text[toks[end - 1].1..s.end]));
    }
    let org_context = organisation_context(text, toks, start, end);
    let quoted = text[..from].ends_with(['"', '“', '‘', '\''])
        && text[to..]
            .trim_start_matches(['.', ',', '!', '?'])
            .starts_with(['"', '”', '’', '\'']);
    let female = courtesy.or_else(|| role.as_deref().and_then(role_female));
    Some(Mention {
        name: name.to_string(),
        kind,
        role,
        titled,
        org_context,
        quoted,
        vessel,
        female,
        source: s.source,
        sentence: s.index,
        start: from,
        end: to,
    })
}

/// "the California Department of Transportation (CalTrans)", "the Toxic Substances Control Act
/// (TSCA)": a name in parentheses right after another is its short form, of its kind.
fn abbreviation_kinds(text: &str, mentions: &mut [Mention]) {
    for i in 1..mentions.len() {
        let (before, after) = mentions.split_at_mut(i);
        let (full, short) = (&before[i - 1], &mut after[0]);
        let between = text.get(full.end..short.start).unwrap_or_default();
        let closes = text.get(short.end..).is_some_and(|t| t.starts_with(')'));
        if between.trim() == "(" && closes && !short.name.contains(' ') {
            short.kind = full.kind;
            short.org_context |= full.kind == Kind::Organization;
        }
    }
}

/// A venue named after someone ("… 's Pub").
pub(super) fn is_venue_word(w: &str) -> bool {
    matches!(
        w,
        "Pub"
            | "Bar"
            | "Tavern"
            | "Inn"
            | "Restaurant"
            | "Cafe"
            | "Café"
            | "Diner"
            | "Saloon"
            | "Grill"
    )
}

/// Whether a role says a woman's (true) or a man's (false): "first lady", "his wife".
fn role_female(role: &str) -> Option<bool> {
    use crate::analyse::quotes::gender::{FEMALE_WORDS, MALE_WORDS};
    let words: Vec<String> = role
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(str::to_lowercase)
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    match (has(FEMALE_WORDS), has(MALE_WORDS)) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// A name whose last word is a word of the article run into a verb where a page lost a space
/// ("Carl Saganestimated", "Freeman Dysonproposed").
fn runs_into_a_verb(name: &str, capitalised: &HashSet<&str>) -> bool {
    let last = name.rsplit(' ').next().unwrap_or_default();
    last.ends_with("ed")
        && last.char_indices().skip(3).any(|(k, _)| {
            let (head, tail) = last.split_at(k);
            tail.len() >= 5
                && tail.starts_with(char::is_lowercase)
                && head.ends_with(|c: char| c.is_lowercase())
                && capitalised.contains(head)
        })
}

/// Whether `from..to` lies inside one pair of parentheses, within 80 bytes of either.
fn in_parentheses(text: &str, from: usize, to: usize) -> bool {
    let before = &text[text.floor_char_boundary(from.saturating_sub(80))..from];
    let after = &text[to..text.ceil_char_boundary((to + 80).min(text.len()))];
    before
        .rfind('(')
        .is_some_and(|o| !before[o..].contains(')'))
        && after.find(')').is_some_and(|c| !after[..c].contains('('))
}

/// A family role given by whose relative the person is, right before the name: "Carlie's
/// mother, Kristy Trent" or "Josh's father Todd Hardy" (the role is "Carlie's mother").
fn family_role_before(text: &str, toks: &[(usize, usize)], start: usize) -> Option<String> {
    let word = |i: usize| &text[toks[i].0..toks[i].1];
    let comma = usize::from(start > 0 && word(start - 1) == ",");
    let role_at = start.checked_sub(1 + comma)?;
    let owner_at = role_at.checked_sub(2)?;
    let possessive = matches!(word(role_at - 1), "'s" | "’s");
    (possessive && is_family_word(word(role_at)) && word(owner_at).starts_with(char::is_uppercase))
        .then(|| text[toks[owner_at].0..toks[role_at].1].to_string())
}

/// Titles and role words just before a name: "Secretary of State", "Russian Foreign Minister",
/// "chief executive". A courtesy title ("Mr.") is evidence of a person but not a role.
fn role_before(text: &str, toks: &[(usize, usize)], start: usize) -> (Option<String>, bool) {
    let word = |i: usize| &text[toks[i].0..toks[i].1];
    let mut j = start;
    let mut titled = false;
    while j > 0 && start - j < 6 {
        let w = word(j - 1);
        let title = is_person_title(w) || is_role_word(w);
        // "of" inside a role ("Secretary of State"), capitalised modifiers before a title
        // ("Russian Foreign Minister", "Exxon Mobil chief").
        let of = w == "of" && j < start && j >= 2;
        // A run of them is one modifier: "Gullwing Lines chief executive", not "Lines chief …".
        // Not a sentence adverb opening the sentence ("Earlier Russian Foreign Minister …").
        let capital = |w: &str| {
            let lower = w.to_lowercase();
            w.starts_with(char::is_uppercase) && !is_stop_word(&lower) && !is_discourse_word(&lower)
        };
        let modifier = capital(w) && j < start && {
            let next = word(j);
            is_person_title(next) || is_role_word(next) || (capital(next) && j + 1 < start)
        };
        if !(title || of || modifier) {
            break;
        }
        titled |= is_person_title(w);
        j -= 1;
    }
    while j < start && word(j) == "of" {
        j += 1;
    }
    if j == start || !(j..start).any(|i| is_person_title(word(i))) {
        return (None, titled);
    }
    let role = text[toks[j].0..toks[start - 1].1].trim_end_matches('.');
    if is_courtesy(role) {
        return (None, true);
    }
    (Some(role.to_string()), true)
}

/// ", the coastguard commander," right after a name: a role of at most six words, most in lower
/// case, with a personal title among them.
fn apposition(rest: &str) -> Option<String> {
    let rest = rest.strip_prefix(", ")?;
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
            .any(|w| w.starts_with(|c: char| c.is_lowercase()))
        && words.iter().any(|w| is_person_title(w)))
    .then(|| phrase.to_string())
}
