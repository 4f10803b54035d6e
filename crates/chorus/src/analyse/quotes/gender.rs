//! Gender, as far as a story shows it: of a pronoun, and of a word for a person.

use super::attribution::one_of;
use rustc_hash::FxHashMap;

/// Words for a person that say their gender: a role next to a name ("his wife, Jane Wilson";
/// "Todd Hardy, Josh's father") or standing for one ("the actress said"). Not "actor": news
/// writes "the actor Alyssa Milano". Courtesy titles ("Mr.", "Ms.") are read where the gender
/// table reads them, once.
pub(crate) const FEMALE_WORDS: &[&str] = &[
    "mother",
    "mom",
    "mum",
    "wife",
    "daughter",
    "sister",
    "woman",
    "girl",
    "actress",
    "grandmother",
    "aunt",
    "niece",
    "queen",
    "princess",
    "spokeswoman",
    "congresswoman",
    "chairwoman",
    "businesswoman",
    "widow",
    "bride",
    "girlfriend",
    "duchess",
    "lady",
    "stepmother",
    "granddaughter",
    "sister-in-law",
    "daughter-in-law",
    "mother-in-law",
];

pub(crate) const MALE_WORDS: &[&str] = &[
    "father",
    "dad",
    "husband",
    "son",
    "brother",
    "man",
    "boy",
    "grandfather",
    "uncle",
    "nephew",
    "king",
    "prince",
    "spokesman",
    "congressman",
    "chairman",
    "businessman",
    "widower",
    "groom",
    "boyfriend",
    "duke",
    "lord",
    "sir",
    "stepfather",
    "grandson",
    "brother-in-law",
    "son-in-law",
    "father-in-law",
];

/// Epithets that say nothing of gender but stand for someone the story names ("the New York
/// native"); "the official", "the spokesman" as often stand for someone it never names.
pub(super) const PERSON_WORDS: &[&str] = &["native", "star", "singer", "rapper", "comedian"];

/// The gender a role word gives (`Any` for a role without one), or None for a word that is no
/// role.
pub(super) fn role_gender(w: &str) -> Option<Gender> {
    // Asked of every word of a story: one map, built once.
    static GENDERS: std::sync::OnceLock<FxHashMap<&'static str, Gender>> =
        std::sync::OnceLock::new();
    let genders = GENDERS.get_or_init(|| {
        let with = |list: &'static [&'static str], g: Gender| list.iter().map(move |w| (*w, g));
        with(FEMALE_WORDS, Gender::Female)
            .chain(with(MALE_WORDS, Gender::Male))
            .chain(with(PERSON_WORDS, Gender::Any))
            .collect()
    });
    let w = w.trim_end_matches('.');
    if w.len() > 16 {
        return None;
    }
    // Lower-cased on the stack: every word of a story comes through here.
    let mut buf = [0u8; 16];
    for (b, c) in buf.iter_mut().zip(w.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..w.len()])
        .ok()
        .and_then(|l| genders.get(l).copied())
}

/// A person's gender as a story shows it (pronouns, "Mr."/"Ms."), or a pronoun's.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Gender {
    Male,
    Female,
    Any,
}

impl Gender {
    pub(super) fn of_pronoun(w: &str) -> Gender {
        if one_of(&["he", "him", "his"], w) {
            Gender::Male
        } else if one_of(&["she", "her", "hers"], w) {
            Gender::Female
        } else {
            Gender::Any
        }
    }

    pub(super) fn agrees(self, other: Gender) -> bool {
        self == Gender::Any || other == Gender::Any || self == other
    }
}
