//! What a number counts: the noun after it, the event it belongs to, and the words that rule a
//! number out (years, times, ages, names).

use super::numbers::*;
use super::vocabulary::*;
use super::word_class::{class_of, WordClass};
use super::*;

/// The numbers of one sentence.
pub(super) fn mentions_in(
    sentence: &str,
    offset: usize,
    (global, index): (usize, usize),
    source: usize,
) -> Vec<Mention> {
    let words = split_words(sentence);
    let lower: Vec<String> = words.iter().map(|w| w.text.to_ascii_lowercase()).collect();
    let when: Vec<String> = lower
        .iter()
        .filter(|w| {
            is_month(w)
                || (w.len() == 4
                    && w.bytes().all(|b| b.is_ascii_digit())
                    && ("1800".."2101").contains(&w.as_str()))
        })
        .map(|w| month_name(w))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].text;
        let prev = i.checked_sub(1).map(|p| words[p].text);
        // The number itself: digits, or a number word.
        let digits = digit_number(w);
        let in_digits = digits.is_some();
        let (mut low, mut high, mut currency, mut percent, vague) = if let Some((v, c, p)) = digits
        {
            (v, v, c, p, false)
        } else if let Some((lo, hi)) = word_number(w) {
            (lo, hi, None, false, lo != hi)
        } else {
            i += 1;
            continue;
        };
        // A currency sign set apart from its number ("$ 30", as tokenised text writes it).
        let apart = prev
            .and_then(sign_currency)
            .filter(|_| currency.is_none() && in_digits);
        let sign_apart = apart.is_some();
        currency = currency.or(apart);
        let mut end = i + 1;
        // Not a count: a year, a time, a date, an identifier ("Flight 8501"), an age (", 45,").
        let is_year = currency.is_none()
            && !percent
            && w.len() == 4
            && !w.contains([',', '.'])
            && (1800.0..=2100.0).contains(&low);
        let after_name = prev.is_some_and(|p| {
            p.starts_with(|c: char| c.is_uppercase())
                && !is_month(p)
                && !MODIFIERS.iter().any(|(m, _)| m.eq_ignore_ascii_case(p))
                && i > 0
                && !sentence[..words[i].start]
                    .trim_end()
                    .ends_with([',', '.', ':', ';'])
        }) && in_digits;
        let date = prev.is_some_and(is_month) || words.get(i + 1).is_some_and(|n| is_month(n.text));
        let time = words.get(i + 1).is_some_and(|n| {
            matches!(
                n.text.to_ascii_lowercase().as_str(),
                "a.m" | "p.m" | "am" | "pm" | "gmt" | "et" | "bst"
            )
        }) || w.contains(':');
        // ", 52," after a name is an age.
        // In lower-cased text (as some corpora ship it) the name is not capitalised: a whole
        // number of a person's years between commas after a word, not the next of a list.
        let age = sentence[words[i].end..].starts_with(',')
            && sentence[..words[i].start].trim_end().ends_with(',')
            && prev.is_some_and(|p| {
                p.starts_with(|c: char| c.is_uppercase())
                    || (p.chars().all(char::is_alphabetic)
                        && in_digits
                        && (1.0..=120.0).contains(&low)
                        && low.fract() == 0.0
                        && words
                            .get(i + 1)
                            .is_some_and(|n| n.text.chars().all(char::is_alphabetic)))
            });
        // "No. 1 priority", "#3 seed": a rank; "Fig. 4": a reference; "aged 71": an age; "per
        // 100,000 residents", "1 in 10 children": a rate's base; "2,400 BC": a year.
        let prev_lower = prev.map(str::to_ascii_lowercase);
        let rank = prev_lower.as_deref().is_some_and(|p| {
            matches!(
                p,
                "no" | "number" | "fig" | "figure" | "table" | "aged" | "age" | "ages" | "per"
            ) || NUMBERED.contains(&p)
        }) || sentence[..words[i].start].ends_with('#')
            // "all g 20 leaders", "an f 16": a letter and a number name something.
            || prev_lower
                .as_deref()
                .is_some_and(|p| p.len() == 1 && p != "a" && p != "i" && p.chars().all(|c| c.is_ascii_alphabetic()))
            // "Sunbury, pa ( 17801 )": a whole number alone in parentheses is a code or an age
            // ("30 (34%) cases" is a share).
            || (w.bytes().all(|b| b.is_ascii_digit())
                && sentence[..words[i].start].trim_end().ends_with('(')
                && sentence[words[i].end..].trim_start().starts_with(')'))
            || {
                // "1 in 10", "one in seven", "one in every seven": a rate's base.
                let of_one = |w: &str| {
                    w.eq_ignore_ascii_case("one")
                        || digit_number(w).is_some()
                        || word_number(w).is_some()
                };
                let before_in = match prev_lower.as_deref() {
                    Some("in") => i.checked_sub(2),
                    Some("every") if i >= 3 && lower[i - 2] == "in" => Some(i - 3),
                    _ => None,
                };
                before_in.is_some_and(|b| of_one(words[b].text))
            };
        // A number word in capitals inside a sentence is part of a name ("Two Fat Ladies" on
        // "BBC Two", the "Gang of Six").
        let named = !in_digits
            && w.starts_with(|c: char| c.is_uppercase())
            && !sentence[..words[i].start]
                .trim_end()
                .trim_end_matches(['"', '“', '‘', '\'', '(', '—', '-'])
                .trim_end()
                .is_empty()
            && !sentence[..words[i].start]
                .trim_end()
                .ends_with(['.', ':', '!', '?']);
        // "50 Old Colony Rd.": an address; "[13 Ways to Hunt Aliens]": a title.
        let capitalised_next = words
            .get(i + 1)
            .is_some_and(|n| n.text.starts_with(|c: char| c.is_uppercase()));
        let street_at = |k: usize, kinds: &[&str]| {
            lower
                .get(k)
                .is_some_and(|w| kinds.contains(&w.trim_end_matches('.')))
        };
        // A word of a street's name: not a function word, not a plural noun ("40 miles of road").
        let name_word = |k: usize| {
            lower
                .get(k)
                .is_some_and(|n| !is_stop_word(n) && class_of(n) != Some(WordClass::Plural))
        };
        let address = in_digits
            && ((capitalised_next
                && (i + 2..i + 5)
                    .any(|k| street_at(k, ROAD_WORDS) || street_at(k, MORE_STREET_WORDS)))
                // Lower-cased text ("84 ellis ave.", "5800 gross dam road"): a house number has
                // no thousands comma, and the street's name runs straight to what kind of street
                // it is (only the kinds no other phrase ends with: not "court", "place").
                || (!w.contains(',')
                    && name_word(i + 1)
                    && (street_at(i + 2, ROAD_WORDS)
                        || (name_word(i + 2) && street_at(i + 3, ROAD_WORDS)))));
        let title = capitalised_next
            && sentence[..words[i].start]
                .trim_end()
                .ends_with(['[', '"', '“', '‘']);
        // "the '69 fastbacks": a model year. (An apostrophe after a word is a possessive,
        // "the Patriots' 31 points"; set apart on both sides, as tokenised text writes both,
        // it is one after a plural.)
        let short_year = in_digits && w.len() == 2 && {
            let before = &sentence[..words[i].start];
            let spaced = before.ends_with(' ');
            match before.trim_end_matches(' ').strip_suffix(['\'', '’']) {
                Some(rest) => {
                    rest.is_empty()
                        || (rest.ends_with(char::is_whitespace)
                            && !(spaced && rest.trim_end().ends_with(['s', 'S'])))
                }
                None => false,
            }
        };
        // "high eight figures": a magnitude, not a count.
        let magnitude = lower.get(i + 1).is_some_and(|n| n == "figures");
        // "Three..." cut short (a caption's teaser): what it counts is not there.
        let cut_short = sentence[words[i].end..].starts_with("...")
            || sentence[words[i].end..].starts_with('…');
        let era = words.get(i + 1).is_some_and(|n| {
            matches!(
                n.text.to_ascii_lowercase().trim_end_matches('.'),
                "bc" | "b.c" | "bce" | "ad" | "a.d" | "ce"
            )
        });
        // "the two men", "the two countries", "the world's two foremost powers": a reference to
        // a pair the story already names, not a figure it reports — unless an outcome follows
        // ("the two people killed"). Larger numbers after "the" are often the story's count
        // ("the three officers", "the three hikers") and stay.
        let reference = lower[i] == "two"
            && prev_lower.as_deref().is_some_and(|p| {
                matches!(p, "the" | "these" | "those") || p.ends_with("'s") || p.ends_with("’s")
            })
            && !words
                .iter()
                .skip(i + 1)
                .take(4)
                .any(|w| event_of(w.text).is_some());
        if is_year
            || short_year
            || cut_short
            || reference
            || address
            || title
            || rank
            || named
            || era
            || magnitude
            || after_name
            || date
            || time
            || age
            || w.contains(|c: char| c.is_alphabetic() && c.is_uppercase()) && in_digits
        {
            i += 1;
            continue;
        }
        let mut half = if in_digits { half_step(w, low) } else { 0.5 };
        // A scale after it ("1.2 million"), and "percent".
        let mut factor = 1.0;
        if let Some(k) = words.get(end).and_then(|n| scale(n.text)) {
            factor = k;
            low *= k;
            high *= k;
            half *= k;
            end += 1;
        } else if let Some(k) = (vague && lower.get(end).is_some_and(|w| w == "of"))
            .then(|| lower.get(end + 1).and_then(|w| scale(w.strip_suffix('s')?)))
            .flatten()
        {
            // "hundreds of millions of dollars": one vague amount, scaled.
            factor = k;
            low *= k;
            high *= k;
            end += 2;
        }
        // "0.26 euros", "20 million dollars": an amount of money, like "$20 million".
        if currency.is_none() {
            if let Some(c) = lower.get(end).and_then(|w| currency_word(w)) {
                currency = Some(c);
                end += 1;
            }
        }
        if words.get(end).is_some_and(|n| {
            let l = n.text.to_ascii_lowercase();
            l == "percent" || l == "pct"
        }) {
            percent = true;
            end += 1;
        } else if words
            .get(end)
            .is_some_and(|n| n.text.eq_ignore_ascii_case("per"))
            && words
                .get(end + 1)
                .is_some_and(|n| n.text.eq_ignore_ascii_case("cent"))
        {
            percent = true;
            end += 2;
        }
        // The modifier before it ("a dozen" reads as one number: "at least a dozen").
        // (A sign set apart is part of the value: "more than $ 1,000".)
        let at = if (lower[i] == "dozen" && i > 0 && lower[i - 1] == "a") || sign_apart {
            i - 1
        } else {
            i
        };
        let mut first = at;
        let mut bound = Bound::Exact;
        for (m, b) in MODIFIERS {
            let n = m.split(' ').count();
            if at >= n
                && (0..n).all(|k| lower[at - n + k] == m.split(' ').nth(k).unwrap_or_default())
            {
                first = at - n;
                bound = *b;
                break;
            }
        }
        // "<50%", ">50%": a bound written as a sign.
        let mut sign = 0;
        if first == at {
            let before = sentence[..words[at].start].chars().next_back();
            if let Some(c @ ('<' | '>')) = before {
                bound = if c == '<' { Bound::Below } else { Bound::Above };
                sign = 1;
            }
        }
        // A range: "3 or 4 days", "seven to eight days", "three to 10 years", "between 10 and
        // 12": one value, from the first number to the second.
        let mut range_low = None;
        if first == at && at >= 2 {
            let joiner = lower[at - 1].as_str();
            let before = words[at - 2].text;
            // "one" is a range's low end ("one or two candidates"), though never a count alone.
            let low_end = digit_number(before)
                .map(|(v, _, _)| v)
                .or_else(|| word_number(before).map(|(lo, _)| lo))
                .or_else(|| before.eq_ignore_ascii_case("one").then_some(1.0));
            let between = at >= 3 && lower[at - 3] == "between";
            // "holtzclaw, 29, to 263 years": a comma parts an age from what follows it.
            let joined = sentence[words[at - 2].end..words[at - 1].start]
                .trim()
                .is_empty();
            if let Some(v) = low_end.filter(|_| {
                joined && (joiner == "or" || joiner == "to" || (joiner == "and" && between))
            }) {
                range_low = Some(v);
                first = if between { at - 3 } else { at - 2 };
            }
        }
        let (lo, hi) = if vague {
            match bound {
                Bound::Exact => (low, high),
                _ => {
                    let (a, _) = interval(low, 0.0, bound);
                    let (_, b) = interval(high, 0.0, bound);
                    (a, b)
                }
            }
        } else {
            interval(low, half, bound)
        };
        // The first number of a range takes the second's scale ("1 to 2 million").
        let (lo, hi) = match range_low {
            Some(v) => (lo.min(v * factor), hi),
            None => (lo, hi),
        };
        // What it counts: the noun after it, skipping "of" ("dozens of people") and up to two
        // modifiers ("four alleged killers", "two foremost nuclear powers"); a verb, adverb or
        // preposition first means it counts nothing nameable ("hundreds outraged by…").
        // "$1,049.26, police said": a number that ends its clause counts nothing after it.
        let clause_ends = sentence[words[end - 1].end..].starts_with([',', ';', ':']);
        let mut k = if clause_ends { words.len() } else { end };
        if words
            .get(k)
            .is_some_and(|n| n.text.eq_ignore_ascii_case("of"))
        {
            k += 1;
            // "85% of the vote", "$100 million of his own money".
            while lower
                .get(k)
                .is_some_and(|w| DETERMINERS.contains(&w.as_str()))
            {
                k += 1;
            }
        }
        let content = |j: usize| {
            let l: &str = &lower[j];
            l.chars().all(|c| c.is_alphabetic() || c == '-')
                && !NOT_COUNTED.contains(&l)
                && !is_month(l)
                && l.len() > 1
        };
        let mut counted = None;
        let mut modifiers = 0;
        // "at least 200 were injured": past a verb of being, only an event is what is counted.
        let mut past_verb = false;
        for (j, word) in lower.iter().enumerate().skip(k).take(4) {
            if !content(j) {
                if matches!(
                    word.as_str(),
                    "were" | "was" | "are" | "is" | "been" | "have" | "had" | "has"
                ) {
                    past_verb = true;
                    continue;
                }
                break;
            }
            if event_of(word).is_some() {
                // "dozens of death threats" counts threats: an event's noun before a plural
                // names a kind of thing.
                let names_kind = !word.ends_with("ed")
                    && lower.get(j + 1).is_some_and(|n| {
                        class_of(n) == Some(WordClass::Plural)
                            && !PEOPLE.contains(&n.as_str())
                            && sentence[words[j].end..words[j + 1].start].trim().is_empty()
                    });
                if !names_kind {
                    counted = Some(j);
                    break;
                }
                modifiers += 1;
                continue;
            }
            if past_verb {
                break;
            }
            match counted_class(word) {
                WordClass::Noun | WordClass::Plural => {
                    counted = Some(j);
                    break;
                }
                WordClass::Modifier if modifiers < 2 => modifiers += 1,
                _ => break,
            }
        }
        // A noun before a noun is part of it ("59 cruise missiles"): the second is counted,
        // both name it.
        let mut compound_start = counted;
        for _ in 0..2 {
            let Some(j) = counted else { break };
            let singular = counted_class(&lower[j]) == WordClass::Noun
                && !lower[j].ends_with('s')
                && !PEOPLE.contains(&lower[j].as_str());
            let next_noun = j + 1 < words.len()
                && content(j + 1)
                && !is_day_word(&lower[j + 1])
                && match class_of(&lower[j + 1]) {
                    Some(c) => matches!(c, WordClass::Noun | WordClass::Plural),
                    // An unknown plural ("fact checkers"); after an unknown word, any unknown
                    // word but a verb's or an adverb's form ("external cooling loops", "solar
                    // radii"): two rare words in a row are most often one technical noun.
                    None => {
                        let next = lower[j + 1].as_str();
                        looks_plural(next)
                            // A rare word between a noun and a plural ("rocket storage sites").
                            || (!next.ends_with("ly")
                                && !next.ends_with("ed")
                                && lower.get(j + 2).is_some_and(|w| {
                                    content(j + 2)
                                        && (class_of(w) == Some(WordClass::Plural)
                                            || (class_of(w).is_none() && looks_plural(w)))
                                }))
                            || (class_of(&lower[j]).is_none()
                                && !next.ends_with("ly")
                                && !next.ends_with("ed")
                                && (!next.ends_with("ing")
                                    || lower.get(j + 2).is_some_and(|w| looks_plural(w))))
                    }
                };
            if !(singular && next_noun && event_of(&lower[j]).is_none()) {
                break;
            }
            counted = Some(j + 1);
        }
        // "600 gold $20 coins", "two $ 100 bills": a price inside the phrase; the noun after it
        // is what is counted.
        if counted.is_none_or(|j| !lower[j].ends_with('s')) {
            let at = counted.map_or(k, |j| j + 1);
            let digits =
                |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == ',');
            let noun = match lower.get(at).and_then(|w| w.strip_prefix(['$', '£', '€'])) {
                Some("") if lower.get(at + 1).is_some_and(|n| digits(n)) => Some(at + 2),
                Some(amount) if digits(amount) => Some(at + 1),
                _ => None,
            }
            .filter(|&p| {
                p < words.len()
                    && content(p)
                    && matches!(
                        counted_class(&lower[p]),
                        WordClass::Noun | WordClass::Plural
                    )
            });
            if noun.is_some() {
                counted = noun;
                compound_start = noun;
            }
        }
        // "$53 million in debt", "$300 in cash": what the money is, after "in".
        if currency.is_some()
            && counted.is_none()
            && lower.get(k).is_some_and(|w| w == "in")
            && lower.get(k + 1).is_some_and(|w| {
                content(k + 1) && matches!(class_of(w), Some(WordClass::Noun | WordClass::Plural))
            })
        {
            counted = Some(k + 1);
            compound_start = counted;
        }
        // An amount of money is the price of the last noun of its phrase ("a $30 court
        // processing fee" is a fee, "a $2 million stadium renovation" a renovation).
        if currency.is_some() {
            let noun = |x: usize| {
                x < lower.len()
                    && content(x)
                    && !is_day_word(&lower[x])
                    && matches!(
                        class_of(&lower[x]),
                        Some(WordClass::Noun | WordClass::Plural)
                    )
            };
            for _ in 0..2 {
                let Some(j) = counted else { break };
                if counted_class(&lower[j]) == WordClass::Plural {
                    break;
                }
                if noun(j + 1) {
                    counted = Some(j + 1);
                } else if j + 2 < lower.len()
                    && content(j + 1)
                    && lower[j + 1].ends_with("ing")
                    && noun(j + 2)
                {
                    counted = Some(j + 2);
                } else {
                    break;
                }
            }
        }
        // "5.6 million euros last year": a date after the number, not what it counts.
        if counted.is_some_and(|j| {
            j > 0
                && TIME_UNITS.contains(&stem_key(&lower[j]).as_str())
                && matches!(lower[j - 1].as_str(), "last" | "this" | "next" | "past")
        }) {
            counted = None;
        }
        if counted.is_none() {
            compound_start = None;
        }
        // "24 hours a day", "$1 a day", "seven days a week": a rate, not a count. (A price per
        // unit, "1.75 cents a gallon", is a figure a reader can use.)
        let rate = counted.is_some_and(|j| {
            matches!(
                lower.get(j + 1).map(String::as_str),
                Some("a" | "per" | "each")
            ) && lower.get(j + 2).is_some_and(|u| {
                TIME_UNITS.contains(&stem_key(u).as_str()) || u == "person" || u == "user"
            })
        });
        // "a child under 13 years old": an age; "10 years ago": a date (the timeline's); "a 9 mm Glock", ".45-caliber": a calibre; "25
        // degrees south latitude": a place on the globe. None is a count.
        let not_a_count = counted.is_some_and(|j| {
            let c = lower[j].as_str();
            let next = lower.get(j + 1).map(String::as_str).unwrap_or_default();
            (TIME_UNITS.contains(&stem_key(c).as_str()) && matches!(next, "old" | "ago"))
                || c == "caliber"
                || c == "calibre"
                || (matches!(c, "mm" | "millimeter" | "millimetre")
                    && (CALIBRE_NEXT.contains(&next)
                        || words
                            .get(j + 1)
                            .is_some_and(|w| w.text.starts_with(|c: char| c.is_uppercase()))))
                || (matches!(c, "degree" | "degrees")
                    && matches!(
                        next,
                        "north" | "south" | "east" | "west" | "latitude" | "longitude"
                    ))
                // "the 1033 program", "a windows 8 consumer preview": a number over one, in
                // digits, right before a singular noun names something; a count of several
                // takes a plural ("1,033 programs"). Units are written singular before a noun
                // ("a 10 foot wall") and stay.
                || (in_digits
                    && currency.is_none()
                    && !percent
                    && range_low.is_none()
                    && matches!(bound, Bound::Exact)
                    && low > 1.0
                    && low.fract() == 0.0
                    // Names are written as bare digits: "83,000" and "42 million" are amounts.
                    && !w.contains(',')
                    && end == i + 1
                    && j == end
                    && class_of(c) == Some(WordClass::Noun)
                    && !is_unit(c)
                    && currency_word(c).is_none()
                    && !matches!(next, "and" | "or")
                    // "600 gold $20 coins": a price inside the phrase, the coins counted.
                    && !next.starts_with(['$', '£', '€'])
                    // "14 business days", "26 animal remains": the noun is the plural's modifier.
                    && class_of(next) != Some(WordClass::Plural)
                    && !looks_plural(next))
        });
        // "the mega millions jackpot": a vague amount in the plural right before a singular
        // noun names something; a vague count takes a plural ("dozens of homes", "hundreds
        // injured"), as a count in digits does (above).
        let vague_name = vague
            && lower[i].ends_with('s')
            && end == i + 1
            && counted.is_some()
            && lower.get(end).is_some_and(|c| singular_noun(c));
        // "the four paws mission", "six flags park": a number word and a plural used as the
        // modifier of a singular noun name something in lower-cased text; a count's plural is
        // what is counted ("four paws" alone, "two officers said").
        let plural_name = !in_digits
            && !vague
            && currency.is_none()
            && !percent
            && end == i + 1
            && counted == Some(end)
            && lower[end].ends_with('s')
            && lower.get(end + 1).is_some_and(|c| {
                singular_noun(c)
                    // "five republicans voting with democrats": a verb's form after its subject;
                    // "two researchers today said": a day.
                    && !c.ends_with("ing")
                    && !is_day_word(c)
                    && sentence[words[end].end..words[end + 1].start].trim().is_empty()
                    && !TIME_UNITS.contains(&stem_key(c).as_str())
            })
            && !is_unit(&lower[end])
            && !TIME_UNITS.contains(&stem_key(&lower[end]).as_str());
        // "worth millions of dollars": money, with nothing named that it is the price of.
        let bare_money = currency.is_none()
            && counted.is_some_and(|j| j > end && currency_word(&lower[j]).is_some());
        if rate || not_a_count || bare_money || vague_name || plural_name {
            i = end;
            continue;
        }
        // "three years and 10 months", "4 feet 8 inches": one value, in the larger unit.
        let mut compound_end = None;
        let (mut lo, mut hi) = (lo, hi);
        if let Some(j) = counted.filter(|_| range_low.is_none() && !vague) {
            let joined = usize::from(matches!(lower.get(j + 1).map(String::as_str), Some("and")));
            let small = words.get(j + 1 + joined).and_then(|n| {
                digit_number(n.text)
                    .filter(|(_, c, p)| c.is_none() && !p)
                    .map(|(v, _, _)| v)
                    .or_else(|| word_number(n.text).filter(|(a, b)| a == b).map(|(v, _)| v))
            });
            let ratio = lower.get(j + 2 + joined).and_then(|unit| {
                let (big, little) = (stem_key(&lower[j]), stem_key(unit));
                COMPOUND_UNITS
                    .iter()
                    .find(|(b, l, _)| *b == big && *l == little)
                    .map(|(_, _, r)| *r)
            });
            if let (Some(v), Some(r)) = (small, ratio) {
                let add = v / r;
                (lo, hi) = match bound {
                    Bound::Exact => (low + add - 0.5 / r, low + add + 0.5 / r),
                    _ => (lo + add, hi + add),
                };
                compound_end = Some(j + 2 + joined);
            }
        }
        // "degrees Fahrenheit" and "degrees Celsius" are two quantities; "men and women" one.
        let unit_after = counted.and_then(|j| {
            let c = lower[j].as_str();
            let next = lower.get(j + 1).map(String::as_str)?;
            let scale = match next {
                "fahrenheit" | "f" => "fahrenheit",
                "celsius" | "c" | "centigrade" => "celsius",
                _ => return None,
            };
            matches!(c, "degree" | "degrees").then(|| format!("degrees {scale}"))
        });
        let pair = counted.and_then(|j| {
            let c = lower[j].as_str();
            let joined = matches!(lower.get(j + 1).map(String::as_str), Some("and" | "or"));
            let other = lower.get(j + 2)?;
            (PEOPLE.contains(&c) && joined && PEOPLE.contains(&other.as_str()))
                .then(|| format!("{c} {} {other}", lower[j + 1]))
        });
        let counted_word = counted.map(|j| lower[j].clone());
        let named_whole = unit_after.or(pair);
        let counted_phrase = named_whole.clone().or_else(|| {
            compound_start
                .zip(counted)
                .map(|(a, b)| lower[a..=b].join(" "))
        });
        // People counts take their event from the sentence around them.
        // People counts take their event from the counted word itself ("200 injured") or the
        // nearest event word around them, after before before.
        // "helped save hundreds of lives": lives saved, not lost.
        let saved_lives = counted_word.as_deref() == Some("lives")
            && (1..=3).any(|d| {
                i.checked_sub(d).is_some_and(|j| {
                    matches!(
                        lower[j].as_str(),
                        "save" | "saved" | "saves" | "saving" | "nurture" | "nurtured"
                    )
                })
            });
        let event = counted_word.as_deref().and_then(|c| {
            if saved_lives {
                return Some("rescued");
            }
            event_of(c).or_else(|| {
                PEOPLE.contains(&c).then(|| {
                    (1..8).find_map(|d| {
                        lower
                            .get(end - 1 + d)
                            .and_then(|w| event_of(w))
                            .or_else(|| i.checked_sub(d).and_then(|j| event_of(&lower[j])))
                    })
                })?
            })
        });
        let (key, subject) = match (currency, percent, counted_word.as_deref(), event) {
            (Some(c), _, Some(noun), _) => (
                format!("{c} {}", stem_key(noun)),
                format!("{c} ({})", counted_phrase.as_deref().unwrap_or(noun)),
            ),
            // An amount or a share of nothing named ("$15 million", "up 0.5 percent") tells a
            // reader nothing on its own: not a figure.
            (Some(_), _, None, _) => {
                i = end;
                continue;
            }
            (None, true, Some(noun), _) => {
                (format!("% {}", stem_key(noun)), format!("percent ({noun})"))
            }
            (None, true, None, _) => {
                i = end;
                continue;
            }
            // "87 dead", "200 injured": the event is what is counted.
            (None, false, Some(noun), Some(ev)) if event_of(noun).is_some() => {
                ("people".to_string(), format!("people {ev}"))
            }
            (None, false, Some(noun), Some(ev)) => (stem_key(noun), format!("{noun} {ev}")),
            (None, false, Some(noun), None) => (
                named_whole.clone().unwrap_or_else(|| stem_key(noun)),
                counted_phrase.clone().unwrap_or_else(|| noun.to_string()),
            ),
            (None, false, None, _) => {
                i = end;
                continue; // a bare number counts nothing we can name
            }
        };
        // "to beat the existing record of 5,209 miles": the record is another quantity than
        // the journey that beats it, and is compared only with records.
        let (key, subject) =
            if first >= 2 && lower[first - 1] == "of" && lower[first - 2] == "record" {
                (format!("record {key}"), format!("{subject} (record)"))
            } else {
                (key, subject)
            };
        let (s, e) = (
            words[first].start - sign,
            words[compound_end.unwrap_or(end - 1)].end,
        );
        out.push(Mention {
            sentence: global,
            index,
            source,
            start: offset + s,
            end: offset + e,
            text: sentence[s..e].to_string(),
            low: lo,
            high: hi,
            bound,
            key,
            // Only a two-word compound's first noun is a kind of what it counts ("bird
            // species"); in three words it names a part ("rocket storage sites" are not rockets).
            first_key: compound_start
                .zip(counted)
                .filter(|(a, b)| a + 1 == *b)
                .map(|(a, _)| stem_key(&lower[a])),
            subject,
            event,
            when: when.clone(),
            names: {
                // Capitalised words before the number, but the sentence's first word and months:
                // what is measured ("In Ashkelon, 10 miles north of Gaza" measures Ashkelon).
                let mut n: Vec<String> = (first.saturating_sub(CONTEXT_WORDS)..first)
                    .filter(|&j| {
                        j > 0
                            && words[j].text.starts_with(|c: char| c.is_uppercase())
                            && words[j].text.chars().any(char::is_lowercase)
                            && !is_month(&lower[j])
                    })
                    .map(|j| lower[j].clone())
                    .collect();
                n.sort_unstable();
                n.dedup();
                n
            },
            context: {
                let counted_key = counted.map(|j| stem_key(&lower[j]));
                let mut c: Vec<String> = (first.saturating_sub(CONTEXT_WORDS)
                    ..(end + CONTEXT_WORDS).min(words.len()))
                    .filter(|&j| (j < first || j >= end) && content(j) && !is_stop_word(&lower[j]))
                    .map(|j| stem_key(&lower[j]))
                    .filter(|w| Some(w) != counted_key.as_ref())
                    .collect();
                c.sort_unstable();
                c.dedup();
                c
            },
        });
        i = compound_end.map_or(end, |c| c + 1);
    }
    out
}
