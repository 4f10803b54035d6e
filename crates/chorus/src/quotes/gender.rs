//! Gender, as far as a story shows it: of a pronoun, and of a word for a person.

use super::attribution::one_of;
use rustc_hash::FxHashSet;

/// Words for a person that say their gender: a role next to a name ("his wife, Jane Wilson";
/// "Todd Hardy, Josh's father") or standing for one ("the actress said"). Not "actor": news
/// writes "the actor Alyssa Milano".
pub(super) const FEMALE_WORDS: &[&str] = &[
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
    "mrs",
    "ms",
    "miss",
    "duchess",
    "lady",
    "stepmother",
    "granddaughter",
    "sister-in-law",
    "daughter-in-law",
    "mother-in-law",
];

pub(super) const MALE_WORDS: &[&str] = &[
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
    "mr",
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
    let w = w.trim_end_matches('.');
    // Asked of every word of a story: most are not roles, and a set says so at once.
    static ROLES_SET: std::sync::OnceLock<FxHashSet<&'static str>> = std::sync::OnceLock::new();
    let set = ROLES_SET.get_or_init(|| {
        FEMALE_WORDS
            .iter()
            .chain(MALE_WORDS)
            .chain(PERSON_WORDS)
            .copied()
            .collect()
    });
    if w.len() > 16 || !set.contains(w.to_ascii_lowercase().as_str()) {
        return None;
    }
    if one_of(FEMALE_WORDS, w) {
        Some(Gender::Female)
    } else if one_of(MALE_WORDS, w) {
        Some(Gender::Male)
    } else if one_of(PERSON_WORDS, w) {
        Some(Gender::Any)
    } else {
        None
    }
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
