//! The people, organisations and places of a story.
//!
//! Names are found by the learned tagger of `chorus-ner` (trained on CoNLL-2003; figures in
//! `docs/entities.md`), article by article over the kept sentences, so a word is read with its
//! whole article around it (`mentions`). Titles and roles before a person's name are kept as
//! roles, never as the name ("Secretary of State" of "Rex W. Tillerson"), and so is an
//! apposition ("Varga, the coastguard commander,"). The mentions of one real-world entity are
//! then grouped across sources (`resolve`): spellings of one name, "Mr. Putin" with "Vladimir V.
//! Putin", "U.S." with "United States", a surname with the one full name it can stand for — by
//! nearest context when several people share it, and not at all when nothing decides.

mod context;
mod entry;
mod mentions;
mod resolve;
mod shape;
mod spans;
mod words;

pub(crate) use words::{
    is_courtesy, is_org_word, is_person_title, is_place_word, is_role_word, word_set,
};

/// The kinds the names of the tagger's training data give `name` (its gazetteer; none when the
/// model cannot be read — it is compiled in, and a build with a broken one fails its tests).
fn known_kinds(name: &str) -> Vec<chorus_ner::Kind> {
    chorus_ner::builtin().map_or_else(|_| Vec::new(), |t| t.known_kinds(name))
}

use crate::features::Sentence;
use crate::ingest::Story;
use crate::support::Support;
use serde::Serialize;

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
    /// Every mention, by source and position.
    pub spans: Vec<Support>,
}

/// Finds the entities of a story, most important first (most mentions across the sources, then
/// named by the most sources). `speakers` are the quotations' speakers: a name among them is a person's.
pub fn extract_entities(story: &Story, sentences: &[Sentence], speakers: &[String]) -> Vec<Entity> {
    entities_of(find_mentions(story, sentences), speakers)
}

/// The names the tagger finds in a story's kept sentences, found once for the quotations (whose
/// "he" may stand only for a person) and the entities.
pub struct Mentions(Vec<mentions::Mention>);

impl Mentions {
    /// The words of the names tagged as a person's anywhere in the story ("Rex", "Tillerson").
    pub fn person_words(&self) -> rustc_hash::FxHashSet<&str> {
        self.0
            .iter()
            .filter(|m| m.kind == chorus_ner::Kind::Person)
            .flat_map(|m| m.name.split_whitespace())
            .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
            .collect()
    }
}

/// Tags the story's kept sentences.
pub fn find_mentions(story: &Story, sentences: &[Sentence]) -> Mentions {
    Mentions(mentions::find(story, sentences))
}

/// The entities of mentions already found (see `extract_entities`).
pub fn entities_of(found: Mentions, speakers: &[String]) -> Vec<Entity> {
    resolve::group(found.0, speakers)
}

/// A name already found, to score the grouping on its own (on gold mentions).
pub struct GivenName {
    pub name: String,
    pub kind: EntityKind,
    /// 1-based, as `Support::source`.
    pub source: usize,
    /// The sentence's index in its source (nearest context reads it).
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
}

/// A name as the tagger's mentions give it: no possessive, no leading "The", a person's name
/// without titles before it ("Professor Cres Eastman" → "Cres Eastman").
fn tidy(name: &str, kind: EntityKind) -> String {
    let mut n = name.trim();
    for suffix in ["'s", "’s", "'", "’"] {
        n = n.strip_suffix(suffix).unwrap_or(n);
    }
    n = n.strip_prefix("The ").unwrap_or(n);
    if kind == EntityKind::Person {
        while let Some((first, rest)) = n.split_once(' ') {
            if !(words::is_person_title(first) || words::is_role_word(first)) {
                break;
            }
            n = rest;
        }
    }
    n.to_string()
}

/// Groups given names as a brief groups the names it finds: each name's entity number, or None
/// for a name left out (a surname nothing decides between several people).
pub fn group_names(names: &[GivenName]) -> Vec<Option<usize>> {
    let mentions: Vec<mentions::Mention> = names
        .iter()
        .map(|n| mentions::Mention {
            name: tidy(&n.name, n.kind),
            kind: match n.kind {
                EntityKind::Person => chorus_ner::Kind::Person,
                EntityKind::Organization => chorus_ner::Kind::Organization,
                EntityKind::Place => chorus_ner::Kind::Place,
                EntityKind::Other => chorus_ner::Kind::Misc,
            },
            role: None,
            titled: false,
            org_context: false,
            quoted: false,
            vessel: false,
            female: None,
            source: n.source,
            sentence: n.sentence,
            start: n.start,
            end: n.end,
        })
        .collect();
    let mut out = vec![None; names.len()];
    for (e, group) in resolve::grouping(&mentions, &[]).groups.iter().enumerate() {
        for &i in group {
            out[i] = Some(e);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities_of(texts: &[&str]) -> Vec<Entity> {
        let (story, a) = crate::brief::analysed_texts(texts);
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

    #[test]
    fn spellings_of_one_place_and_one_person_are_one_entry() {
        let es = entities_of(&[
            "Officials in the United States said on Monday that talks would resume. Senator Dana Whitfield said the U.S. position had not changed.",
            "The US delegation arrived in Geneva on Tuesday, Mrs. Whitfield said.",
            "Dana K. Whitfield, who leads the delegation, met officials from the USA and France.",
        ]);
        let us = find(&es, "United States");
        assert_eq!(us.kind, EntityKind::Place);
        assert_eq!(us.sources, vec![1, 2, 3]);
        let people: Vec<&Entity> = es
            .iter()
            .filter(|e| e.name.ends_with("Whitfield"))
            .collect();
        assert_eq!(
            people.len(),
            1,
            "{:?}",
            es.iter().map(|e| &e.name).collect::<Vec<_>>()
        );
        assert_eq!(people[0].sources, vec![1, 2, 3]);
        assert!(
            people[0].roles.iter().any(|r| r == "Senator"),
            "{:?}",
            people[0].roles
        );
        // Every mention's span is the name or a variant as written.
        for e in &es {
            assert_eq!(e.mentions, e.spans.len());
        }
    }

    #[test]
    fn a_shared_surname_goes_to_the_nearest_bearer_or_to_nobody() {
        let es = entities_of(&[
            "Paul Sorkin, a surgeon, operated on the boy on Friday. Sorkin said the operation went well.\n\n\
             His wife, Dana Sorkin, waited outside with relatives. Sorkin said she had not slept.",
            "Relatives gathered at the hospital in Boston on Saturday. Sorkin thanked the nurses.",
        ]);
        let paul = find(&es, "Paul Sorkin");
        let dana = find(&es, "Dana Sorkin");
        assert_eq!(
            (paul.mentions, dana.mentions),
            (2, 2),
            "each gets the Sorkin right after them"
        );
        assert_eq!(paul.sources, vec![1]);
        // In the second article nothing says which Sorkin: the mention is neither's, and no
        // separate "Sorkin" is listed.
        assert!(es.iter().all(|e| e.name != "Sorkin"));
    }

    fn names(es: &[Entity]) -> Vec<&str> {
        es.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn names_run_together_or_glued_to_a_headline_are_not_listed() {
        let es = entities_of(&[
            "Lawmakers Who Back The Plan Say Ferry Rules Are Overdue
             The list of backers includes Sen. Dana WhitfieldRep. Tomas BrandtGov. Ilse Varga.
             Meanwhile Whitfield said the vote would come in March, and Senator Dana Whitfield              told reporters in Marrow Harbour that the Clintons had called her.",
            "Hillary Clinton and Bill Clinton visited Marrow Harbour on Friday.",
        ]);
        let listed = names(&es);
        assert!(
            listed
                .iter()
                .all(|n| !n.contains("WhitfieldRep") && !n.contains("BrandtGov")),
            "{listed:?}"
        );
        assert!(
            listed.iter().all(|n| !n.starts_with("Meanwhile")),
            "{listed:?}"
        );
        assert!(listed.iter().all(|n| *n != "Clintons"), "{listed:?}");
        assert!(listed.contains(&"Dana Whitfield"), "{listed:?}");
    }

    #[test]
    fn an_outlet_and_its_anchor_are_two_names() {
        let es = entities_of(&[
            "The debate was moderated by Fox News' Megyn Kelly on Thursday in Cleveland.
             Kelly asked about taxes. Fox News said ratings were high.",
        ]);
        assert_eq!(find(&es, "Fox News").kind, EntityKind::Organization);
        assert_eq!(find(&es, "Megyn Kelly").kind, EntityKind::Person);
    }

    #[test]
    fn short_forms_of_organisations_join_their_full_name_but_not_a_place() {
        let es = entities_of(&[
            "The United Nations Security Council met on Friday. The Council condemned the test.
             Students at Hofstra University protested, and Hofstra closed its gates.
             The Washington Post reported the vote from Washington, and the Post said more would follow.",
        ]);
        let council = find(&es, "United Nations Security Council");
        assert!(
            council.variants.iter().any(|v| v == "Council"),
            "{:?}",
            council.variants
        );
        assert!(find(&es, "Hofstra University")
            .variants
            .iter()
            .any(|v| v == "Hofstra"));
        let post = find(&es, "Washington Post");
        assert!(
            post.variants.iter().all(|v| v != "Washington"),
            "{:?}",
            post.variants
        );
        assert!(es
            .iter()
            .all(|e| e.name != "Council" && e.name != "Hofstra"));
    }

    #[test]
    fn a_nickname_joins_the_full_name_and_a_junior_stays_apart() {
        let es = entities_of(&[
            "Timothy J. Sloan will lead the bank, its board said on Wednesday. Tim Sloan has worked there since 1987.",
            "Donald Trump Jr. spoke in Ohio on Monday. His father, Donald Trump, spoke in Iowa. Trump Jr. returned on Tuesday.",
        ]);
        let sloan = find(&es, "Timothy J. Sloan");
        assert!(
            sloan.variants.iter().any(|v| v == "Tim Sloan"),
            "{:?}",
            sloan.variants
        );
        let junior = find(&es, "Donald Trump Jr.");
        assert_eq!(junior.mentions, 2, "{:?}", junior.variants);
        assert!(find(&es, "Donald Trump")
            .variants
            .iter()
            .all(|v| !v.contains("Jr")));
    }

    #[test]
    fn what_the_text_says_of_a_name_decides_an_organisation() {
        let es = entities_of(&[
            "Kestrel Pharma, one of the largest drug companies in Europe, gave $2 million.\n\
             Kestrel Pharma said the gift had no conditions. Lena Ortiz, the chief executive of \
             Brightwater, said her firm gave nothing. Ortiz said so on Monday.",
        ]);
        assert_eq!(find(&es, "Kestrel Pharma").kind, EntityKind::Organization);
        assert_eq!(find(&es, "Brightwater").kind, EntityKind::Organization);
        assert_eq!(find(&es, "Lena Ortiz").kind, EntityKind::Person);
    }

    #[test]
    fn a_department_of_is_the_department() {
        let es = entities_of(&[
            "The State Department said on Monday that talks would resume in Geneva.",
            "Officials at the Department of State declined to comment on the talks in Geneva.",
        ]);
        let depts: Vec<&Entity> = es.iter().filter(|e| e.name.contains("State")).collect();
        assert_eq!(depts.len(), 1, "{:?}", names(&es));
        assert_eq!(depts[0].sources, vec![1, 2]);
    }

    #[test]
    fn a_company_suffix_and_an_initial_do_not_split_an_entity() {
        let es = entities_of(&[
            "Kestrel Pharma Inc. reported higher sales on Monday, said Colleen M. Varga, its \
             chief analyst. Kestrel Pharma will pay a dividend, Varga said.",
        ]);
        let kestrel: Vec<&Entity> = es.iter().filter(|e| e.name.contains("Kestrel")).collect();
        assert_eq!(kestrel.len(), 1, "{:?}", names(&es));
        assert_eq!(kestrel[0].mentions, 2);
        assert!(names(&es).contains(&"Colleen M. Varga"), "{:?}", names(&es));
        assert!(es.iter().all(|e| e.name != "M. Varga"));
    }

    #[test]
    fn a_law_is_a_named_thing_not_an_organisation() {
        let es = entities_of(&[
            "Parliament passed the Coastal Waters Protection Act on Monday, officials in Marrow Harbour said.",
            "Critics of the Coastal Waters Protection Act said the law went too far.",
        ]);
        let act = find(&es, "Coastal Waters Protection Act");
        assert_eq!(act.kind, EntityKind::Other);
        assert!(es.iter().all(|e| !e.name.starts_with("the ")));
    }

    #[test]
    fn an_organisation_named_once_needs_evidence_beyond_the_tagger() {
        use entry::organisation_evidence as evidence;
        // What would keep it: the words around it, an organisation word, capitals, the
        // training data's names (Reuters' companies of 1996).
        assert!(evidence("Zenbox", true));
        assert!(evidence("Marrow Harbour Trust", false));
        assert!(evidence("KRBE", false) && evidence("U.N.", false));
        assert!(evidence("Reuters", false));
        // What would not: a product, a show, a range of hills, a one-word "Trust".
        for name in [
            "Zenbox",
            "Kestrel Glass",
            "Flinders Hills",
            "Trust",
            "Zenbox 4",
        ] {
            assert!(!evidence(name, false), "{name}");
        }
        // In a brief: said once, with nothing but the tagger's reading, it is not listed; said
        // once with a role around it, it is.
        let es = entities_of(&[
            "Lena Ortiz, an analyst at Brightwater Capital, said sales of the Zenbox rose. \
             Ortiz said so on Monday in Marrow Harbour.",
        ]);
        assert_eq!(
            find(&es, "Brightwater Capital").kind,
            EntityKind::Organization
        );
        assert!(es
            .iter()
            .all(|e| e.name != "Zenbox" || e.kind != EntityKind::Organization));
    }

    #[test]
    fn titles_holidays_initials_and_run_together_words_are_not_listed() {
        let es = entities_of(&[
            "North and South Korea will march together, Seoul said on Tuesday. Tomas Brandt, \
             who starred in the 2003 film 'Harbor Lights', drove a black SUV to the draw at 11 \
             p.m. EST after Christmas. Physicist Freeman Dysonproposed the idea in 1960. Dyson \
             reasoned that a star could be enclosed. Brandt said Korea was ready.",
        ]);
        for bad in [
            "North",
            "Harbor Lights",
            "SUV",
            "EST",
            "Christmas",
            "Freeman Dysonproposed",
        ] {
            assert!(
                es.iter().all(|e| e.name != bad),
                "{bad} in {:?}",
                names(&es)
            );
        }
        assert_eq!(find(&es, "Tomas Brandt").kind, EntityKind::Person);
        assert_eq!(find(&es, "Seoul").kind, EntityKind::Place);
    }

    #[test]
    fn storms_vessels_defined_initials_and_title_words_are_not_people_or_places() {
        let es = entities_of(&[
            "Hurricane Odalys swept past Marrow Harbour on Friday. Odalys brought floods to \
             Kestrel County, said Mayor Lena Ortiz. The naval vessel Harbour Shield joined the \
             rescue. The airlines signed a joint route agreement (JRA) with Brightwater Air, and \
             the JRA starts in May. Flights left Marrow Harbour International Airport late. \
             Ortiz spoke on \"Morning Marrow Today\" about Central and South America.",
        ]);
        let storm = es.iter().find(|e| e.name.contains("Odalys"));
        assert!(
            storm.is_none_or(|e| e.kind == EntityKind::Other),
            "{:?}",
            storm.map(|e| (&e.name, e.kind))
        );
        for bad in ["JRA", "Central", "Today", "Marrow Today"] {
            assert!(
                es.iter().all(|e| e.name != bad),
                "{bad} in {:?}",
                names(&es)
            );
        }
        assert!(es
            .iter()
            .all(|e| e.name != "Harbour Shield" || e.kind == EntityKind::Other));
        assert!(
            es.iter().all(|e| e.name != "International Airport"),
            "{:?}",
            names(&es)
        );
        assert_eq!(find(&es, "Lena Ortiz").kind, EntityKind::Person);
    }

    #[test]
    fn a_vessel_named_once_as_one_is_one_wherever_else_it_is_named() {
        // "Northern Gull" alone reads as a place to the tagger; "the ferry Northern Gull" says
        // what it is. A film's title holding a person's name does not make the person a film.
        let es = entities_of(&[
            "The passenger ferry Northern Gull struck a reef off Pell Island on Tuesday. All the \
             crew of the Northern Gull were rescued. The Northern Gull was built in 1998. \
             Director Mara Lindqvist made the documentary Mara Lindqvist Goes North, and \
             Mara Lindqvist said on Tuesday she would film again.",
        ]);
        let ferry = find(&es, "Northern Gull");
        assert_eq!(ferry.kind, EntityKind::Other, "{:?}", names(&es));
        assert!(ferry.mentions >= 3);
        assert!(es
            .iter()
            .any(|e| e.name == "Mara Lindqvist" && e.kind == EntityKind::Person));
    }

    #[test]
    fn islamic_state_is_an_organisation_whatever_the_tagger_reads() {
        let es = entities_of(&[
            "The minister hoped to make the battle against the Islamic State a focus of the \
             trip to Marrow Harbour, to seal off the last escape routes of the Islamic State \
             force there, officials said.",
        ]);
        assert_eq!(
            find(&es, "Islamic State").kind,
            EntityKind::Organization,
            "{:?}",
            names(&es)
        );
    }

    #[test]
    fn roles_plural_titles_towns_and_department_initials() {
        let es = entities_of(&[
            "Earlier Harbour Minister Ilse Varga said the ferry would sail again. Rescuers \
             reached the town of Khan Marrow by noon, the coastguard said.",
        ]);
        let varga = find(&es, "Ilse Varga");
        assert_eq!(varga.roles, ["Harbour Minister"], "{:?}", varga.roles);
        assert_eq!(find(&es, "Khan Marrow").kind, EntityKind::Place);
        // A plural title is a title: "Sens. Tomas Brandt, Mara Lindqvist and …".
        let es = entities_of(&[
            "The harbour board heard on Monday from Sens. Tomas Brandt, Mara Lindqvist and Aino Kask.",
        ]);
        assert!(
            es.iter().any(|e| e.name == "Tomas Brandt"),
            "{:?}",
            names(&es)
        );
        // "DOJ" is the Justice Department's, which "Department of Justice" names too.
        let es = entities_of(&[
            "The Justice Department sent letters on Monday. A DOJ spokesman said the \
             Department of Justice would move quickly.",
        ]);
        let doj = find(&es, "Justice Department");
        assert!(doj.variants.iter().any(|v| v == "DOJ"), "{:?}", names(&es));
    }

    #[test]
    fn a_titled_surname_makes_the_full_name_a_person() {
        // The tagger read "Odile West" as a place twice; "Mr. West" says a person.
        let m =
            |name: &str, kind: chorus_ner::Kind, titled: bool, start: usize| mentions::Mention {
                name: name.to_string(),
                kind,
                role: None,
                titled,
                org_context: false,
                quoted: false,
                vessel: false,
                female: None,
                source: 1,
                sentence: start,
                start: start * 100,
                end: start * 100 + name.len(),
            };
        let mentions = vec![
            m("Odile West", chorus_ner::Kind::Place, false, 0),
            m("Odile West", chorus_ner::Kind::Place, false, 1),
            m("West", chorus_ner::Kind::Person, true, 2),
        ];
        let es = resolve::group(mentions, &[]);
        assert_eq!(es.len(), 1, "{:?}", names(&es));
        assert_eq!(es[0].name, "Odile West");
        assert_eq!(es[0].kind, EntityKind::Person);
        assert_eq!(es[0].mentions, 3);
    }

    #[test]
    fn a_founder_after_a_name_says_a_company() {
        let text = "Brightwater founder Lena Ortiz spoke.";
        let toks = chorus_ner::tokenize::tokenize(text);
        assert!(context::organisation_context(text, &toks, 0, 1));
        let text = "Brightwater said Lena Ortiz spoke.";
        let toks = chorus_ner::tokenize::tokenize(text);
        assert!(!context::organisation_context(text, &toks, 0, 1));
    }

    #[test]
    fn a_surname_titled_mr_is_not_a_womans_and_middle_names_tell_people_apart() {
        let m = |name: &str, female: Option<bool>, at: usize| mentions::Mention {
            name: name.to_string(),
            kind: chorus_ner::Kind::Person,
            role: None,
            titled: female.is_some(),
            org_context: false,
            quoted: false,
            vessel: false,
            female,
            source: 1,
            sentence: at,
            start: at * 100,
            end: at * 100 + name.len(),
        };
        // "Mr. Kask" comes right after Mari Kask, a woman: it is Jaan Kask's.
        let es = resolve::group(
            vec![
                m("Jaan Kask", None, 0),
                m("Mari Kask", Some(true), 1),
                m("Kask", Some(false), 2),
            ],
            &[],
        );
        let jaan = es.iter().find(|e| e.name == "Jaan Kask").unwrap();
        assert_eq!(jaan.mentions, 2, "{:?}", names(&es));
        // Two middle initials, two people; the bare full name stays apart.
        let es = resolve::group(
            vec![
                m("Peeter H.W. Kask", None, 0),
                m("Peeter W. Kask", None, 1),
                m("Peeter Herbert Walker Kask", None, 2),
            ],
            &[],
        );
        assert_eq!(es.len(), 2, "{:?}", names(&es));
        assert!(es.iter().any(|e| e.mentions == 2));
    }

    #[test]
    fn credits_venues_and_eras_are_read_as_such() {
        let es = entities_of(&[
            "Lena Ortiz met Tomas Brandt at McDermott’s Pub in Marrow Harbour on Monday. Tools \
             of the Middle Stone Age were found there, Ortiz said. Tomas Brandt/NASA took the \
             photograph.",
        ]);
        assert!(es.iter().all(|e| !e.name.contains('/')), "{:?}", names(&es));
        assert!(
            es.iter()
                .all(|e| e.name != "Middle Stone Age" || e.kind == EntityKind::Other),
            "{:?}",
            names(&es)
        );
        assert!(es.iter().all(|e| e.name != "McDermott"), "{:?}", names(&es));
    }

    #[test]
    fn a_surname_with_its_particle_and_a_short_form_in_parentheses() {
        let es = entities_of(&[
            "The Marrow Harbour Department of Transportation (HarbourTrans) closed the bridge on \
             Monday, officials said. Viscount Tomas de Vere opened the harbour fair on Tuesday. \
             Later, de Vere said the fair would reopen in May.",
        ]);
        assert!(es.iter().all(|e| e.name != "de Vere"), "{:?}", names(&es));
        assert_eq!(find(&es, "Tomas de Vere").mentions, 2);
        assert!(es
            .iter()
            .all(|e| e.name != "HarbourTrans" || e.kind == EntityKind::Organization));
    }

    #[test]
    fn parentheses_ranks_nationalities_and_quoted_interjections() {
        let es = entities_of(&[
            "The singer Larry (Algee Smith) and his friend Fred (Jacob Latimore) stay the night at the motel in Marlow.\n\
             Israel's top military spokesman, Brig. Gen. Yoav Mordechai, spoke to reporters in Marlow on Thursday.\n\
             Officials said the campaign was aimed at the Palestinian people of the region around Marlow.\n\
             She remembers thinking, “Oh, no, what if it comes back to Marlow tonight?”\n\
             She met her mother, Elizabeth, at home in Marlow, and they drove to the clinic.",
        ]);
        let names = names(&es);
        assert!(names.contains(&"Algee Smith"), "{names:?}");
        assert!(names.iter().all(|n| !n.contains('(')), "{names:?}");
        assert!(names.contains(&"Yoav Mordechai"), "{names:?}");
        assert_eq!(find(&es, "Elizabeth").kind, EntityKind::Person);
        for not_a_name in ["Palestinian", "Oh"] {
            assert!(!names.contains(&not_a_name), "{not_a_name}: {names:?}");
        }
    }
}
