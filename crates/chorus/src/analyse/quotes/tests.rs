//! Quotations and speakers on invented stories.

use super::*;
use crate::brief::analyse;
use crate::ingest::story_from_texts;

fn quotes_of(texts: &[&str]) -> Vec<Quote> {
    let inputs: Vec<(String, Vec<u8>)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("t{i}"), t.as_bytes().to_vec()))
        .collect();
    let story = story_from_texts(&inputs).unwrap();
    let a = analyse(&story, &Default::default());
    extract_quotes(&story, &a.cleaned, &a.sentences)
}

#[test]
fn newswire_back_quotes_are_quotation_marks() {
    let q = quotes_of(&[
        "Harbour master Ilse Varga inspected the pier on Tuesday morning.\n``The crew kept everyone calm,'' Varga said.\n``We will reopen the route next week,'' said Tomas Brandt, the operator's chief executive.",
    ]);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].text, "The crew kept everyone calm");
    assert_eq!(q[0].speaker.as_deref(), Some("Ilse Varga"));
    assert_eq!(q[1].speaker.as_deref(), Some("Tomas Brandt"));
}

#[test]
fn every_mark_news_uses_and_apostrophes_are_not_marks() {
    let q = quotes_of(&[
        "Harbour master Ilse Varga inspected the pier on Tuesday.\n\n'We will not reopen the pier this winter,' Ms Varga said. The town's mayor didn't comment.\n\n‘The crew kept everyone calm and dry,’ said Tomas Brandt.\n\n“The hull is sound and the engines work,\" said Aino Kask.\n\n«The ferry will sail again in March», said Pavel Orlov.\n\n''The harbour was never this busy,'' said Marek Lind.\n\nBrandt later appeared on “Face the Nation,” said a spokesman.",
    ]);
    assert_eq!(speaker_of(&q, "We will not").0, Some("Ilse Varga"));
    assert_eq!(speaker_of(&q, "The crew").0, Some("Tomas Brandt"));
    assert_eq!(speaker_of(&q, "The hull").0, Some("Aino Kask"));
    assert_eq!(speaker_of(&q, "The ferry").0, Some("Pavel Orlov"));
    assert_eq!(speaker_of(&q, "The harbour").0, Some("Marek Lind"));
    // "town's mayor didn't" pairs no marks; a show's name is no quotation.
    assert_eq!(q.len(), 5, "{q:?}");
}

#[test]
fn attribution_in_the_next_sentence_or_after_a_dash() {
    let q = quotes_of(&[
        "Voters in the valley were asked what they thought of the plan.\n\n“How many times do we have to see this happen?” Varga said. “It needs to stop now.”\n\n“The plan ignores the farmers who live here.” ― Tomas Brandt\n\n“Nobody asked us anything at all.” ― Aino Kask",
    ]);
    assert_eq!(speaker_of(&q, "How many").0, Some("Varga"));
    assert_eq!(speaker_of(&q, "It needs").0, Some("Varga"));
    assert_eq!(speaker_of(&q, "The plan").0, Some("Tomas Brandt"));
    assert_eq!(speaker_of(&q, "Nobody asked").0, Some("Aino Kask"));
}

#[test]
fn a_pronoun_agrees_in_gender_and_a_shared_surname_goes_to_the_nearest() {
    let q = quotes_of(&[
        "Police shot Keith Lamont Scott on Tuesday afternoon in Charlotte. He was 43 and a father of seven, his family said. Mr. Scott had been waiting for his son.\n\nHis wife, Rakeyia Scott, filmed the shooting on her phone. Ms. Scott said she was standing a few feet away.\n\n“Don't shoot him, he has no weapon,” she says in the video.\n\n“He was reading a book in his car,” Scott told reporters later.",
    ]);
    assert_eq!(
        speaker_of(&q, "Don't shoot").0,
        Some("Rakeyia Scott"),
        "{q:?}"
    );
    assert_eq!(
        speaker_of(&q, "He was reading").0,
        Some("Rakeyia Scott"),
        "{q:?}"
    );
}

#[test]
fn speakers_in_every_common_form() {
    let q = quotes_of(&[
        "Harbour master Ilse Marta Varga inspected the pier on Tuesday morning.\n“The crew kept everyone calm,” Varga said.\n“We will reopen the route next week,” said Tomas Brandt, the operator's chief executive.\n\"It was terrifying and loud,\" she said.\nAccording to Brandt, \"the hull is sound and dry.\"\nLavrov told reporters: “These talks were useful and long.”",
    ]);
    let by_text = |t: &str| {
        q.iter()
            .find(|x| x.text.starts_with(t))
            .unwrap_or_else(|| panic!("no quote {t}: {q:?}"))
    };
    assert_eq!(
        by_text("The crew").speaker.as_deref(),
        Some("Ilse Marta Varga")
    );
    assert_eq!(by_text("We will").speaker.as_deref(), Some("Tomas Brandt"));
    let p = by_text("It was");
    assert_eq!(
        (p.speaker.as_deref(), p.attribution),
        (Some("Tomas Brandt"), "pronoun")
    );
    assert_eq!(by_text("the hull").speaker.as_deref(), Some("Tomas Brandt"));
    assert_eq!(by_text("These talks").speaker.as_deref(), Some("Lavrov"));
}

#[test]
fn the_same_quote_in_two_sources_is_one_item() {
    let q = quotes_of(&[
        "“The crew did everything right and kept people calm,” Commander Ilse Varga said on Tuesday.",
        "\"The crew did everything right and kept people calm,\" said Varga, who leads the coastguard.",
    ]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].support.len(), 2);
    assert_eq!(q[0].speaker.as_deref(), Some("Ilse Varga"));
    let q = quotes_of(&[
        "“There is a low level of trust between our countries,” Tillerson said.",
        "“There is a low level of trust between our two countries,” Tillerson said.",
    ]);
    assert_eq!(q.len(), 1, "near-identical wording: {q:?}");
}

#[test]
fn pronoun_takes_the_person_named_just_before() {
    let q = quotes_of(&["Commander Ilse Varga of the coastguard praised the crew.\n“They kept everyone calm in the fog,” she said.\n“We will reopen the route soon,” said Gullwing Lines chief executive Tomas Brandt, in Marrow Harbour."]);
    assert_eq!(q[0].speaker.as_deref(), Some("Ilse Varga"), "{q:?}");
    assert_eq!(q[0].attribution, "pronoun");
    assert_eq!(q[1].speaker.as_deref(), Some("Tomas Brandt"), "{q:?}");
}

#[test]
fn unattributed_quotes_and_pronouns_without_antecedent() {
    let q = quotes_of(&["The report called the plan “a bold and risky gamble” last week.\n“Nobody told us anything at all,” he said."]);
    assert_eq!(q.len(), 1, "the scare quote has no speaker: {q:?}");
    assert_eq!(
        (q[0].speaker.as_deref(), q[0].attribution),
        (None, "unresolved")
    );
}

#[test]
fn split_and_continued_quotations_keep_their_speaker() {
    let q = quotes_of(&[
        "“The crew acted quickly and well,” Ilse Varga said. “Nobody panicked on board at all.”
         “We will review every step of the rescue,” she added later.
         “The report will be ready within a month of today.”",
    ]);
    let texts: Vec<(&str, Option<&str>, &str)> = q
        .iter()
        .map(|q| (q.text.as_str(), q.speaker.as_deref(), q.attribution))
        .collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert_eq!(
        texts[1],
        (
            "Nobody panicked on board at all",
            Some("Ilse Varga"),
            "continued"
        )
    );
    assert_eq!(texts[2].1, Some("Ilse Varga"), "the pronoun resolves");
    assert_eq!(
        texts[3].2, "continued",
        "a paragraph opening with a quotation goes on"
    );
}

#[test]
fn appositions_and_unnamed_speakers() {
    let q = quotes_of(&["“The talk here is about a planned action,” Aino Kask, a spokeswoman for the ministry, said in a statement.
         “The paramedics found the man on the patio,” a police statement said."]);
    assert_eq!(q[0].speaker.as_deref(), Some("Aino Kask"));
    assert_eq!(
        (q[1].speaker.as_deref(), q[1].attribution),
        (None, "unnamed")
    );
}

#[test]
fn a_pronoun_takes_the_person_just_named_over_the_last_speaker() {
    let q = quotes_of(&["“We expect the camp to pack up and leave,” said Mark Olsen, a spokesman for the mayor.
         Police had no plans to evict anyone, Chief Inspector Joseph Sullivan said on Sunday evening.
         “We look forward to working with the protesters on a solution,” he said."]);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[1].speaker.as_deref(), Some("Joseph Sullivan"));
    assert_eq!(q[1].attribution, "pronoun");
}

#[test]
fn transcripts_and_introducing_colons() {
    let q = quotes_of(&[
        "Veterans of the unit gathered at the harbour for the ceremony on Sunday.
         Art Ishida “In my company half of them were from the islands.”
         On the day, the harbour master Lena Okafor said she was glad to be there:
         “It is the least we can do for them after all these years.”",
    ]);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Art Ishida"));
    assert_eq!(q[1].speaker.as_deref(), Some("Lena Okafor"));
}

/// The speaker of each quotation whose text starts with `start`.
fn speaker_of<'q>(q: &'q [Quote], start: &str) -> (Option<&'q str>, &'static str) {
    let found = q
        .iter()
        .find(|x| x.text.starts_with(start))
        .unwrap_or_else(|| panic!("no quote {start}: {q:?}"));
    (found.speaker.as_deref(), found.attribution)
}

#[test]
fn a_pronoun_takes_the_speaker_or_subject_not_a_name_in_a_quotation_or_an_object() {
    let q = quotes_of(&[
        "“We spoke to Oskar Lind about the contract,” Mira Talbot said.\n“It was a long and useful talk,” she said.",
        "Greta Holm thanked Peter Vance for the loan on Monday.\n“I owe him a great deal of money,” she said.",
        "Mayor Ines Dahl opened the new bridge in Marrow.\nThe mayor thanked the workers from Peter Vance's firm.\n“They finished a month early and under budget,” she said.",
    ]);
    assert_eq!(
        speaker_of(&q, "It was a long"),
        (Some("Mira Talbot"), "pronoun")
    );
    assert_eq!(speaker_of(&q, "I owe him"), (Some("Greta Holm"), "pronoun"));
    assert_eq!(
        speaker_of(&q, "They finished"),
        (Some("Ines Dahl"), "pronoun")
    );
}

#[test]
fn more_attribution_forms() {
    let q = quotes_of(&[
        "Lindqvist, who leads the dockers' union, added: “The strike will go on until Friday.”\n\
         “The figures in the report were wrong,” Petra Sand from Ostby, Vale County, told Radio North.\n\
         “He loved the sea more than anything,” says his mother Ruth Ekman.\n\
         Says Hallberg: “Nobody expected the vote to pass so easily.”\n\
         The award went to the crew, alongside the actor Karin Blom, who said: “It was the best week of my life.”",
    ]);
    assert_eq!(speaker_of(&q, "The strike").0, Some("Lindqvist"));
    assert_eq!(speaker_of(&q, "The figures").0, Some("Petra Sand"));
    assert_eq!(speaker_of(&q, "He loved").0, Some("Ruth Ekman"));
    assert_eq!(speaker_of(&q, "Nobody expected").0, Some("Hallberg"));
    assert_eq!(speaker_of(&q, "It was the best").0, Some("Karin Blom"));
    let q = quotes_of(&["“Nobody told us the school was closing,” said 16-year-old Tove Ruud."]);
    assert_eq!(speaker_of(&q, "Nobody told").0, Some("Tove Ruud"));
}

#[test]
fn a_quotation_standing_alone_is_reported_but_given_to_no_one() {
    let q = quotes_of(&[
        "Anders Moll said the harbour would reopen within the month.\n\n\
         “The repairs are almost done and the cranes are back in place.”\n\n\
         The report called the plan “a bold and risky gamble” in its summary.",
    ]);
    assert_eq!(q.len(), 1, "the scare quote is still no quotation: {q:?}");
    // Nothing says Moll said it: the quotation stands, its speaker unresolved.
    assert_eq!(speaker_of(&q, "The repairs"), (None, "unresolved"));
    // Marks paired wrongly: the span holds a mark of its own, and is not taken alone.
    let q = quotes_of(&["Anders Moll said the harbour would reopen.\n\n\"The cranes are back,\" he said. \"And the repairs are done.\" \"Nearly.\n"]);
    assert!(q.iter().all(|x| !x.text.starts_with("Nearly")), "{q:?}");
}

#[test]
fn a_role_stands_for_the_person_the_story_titles_so_and_they_for_no_one() {
    let q = quotes_of(&[
        "President Anna Lindqvist opened the bridge on Monday, with Vice President Tomas Brandt beside her.\n\n“This bridge joins two towns that needed each other,” the president said.\n\nTwo senators, Marek Lind and Ilse Varga, wrote to the council. “The costs were never made public,” they wrote.",
    ]);
    assert_eq!(
        speaker_of(&q, "This bridge"),
        (Some("Anna Lindqvist"), "pronoun"),
        "{q:?}"
    );
    assert_eq!(speaker_of(&q, "The costs"), (None, "unnamed"), "{q:?}");
}

#[test]
fn two_words_are_a_quotation_only_as_an_attributed_utterance() {
    let q = quotes_of(&[
        "Voters filled the hall in Marrow Ford on Friday night.\n\n“I would,” Ilse Varga said when asked whether she would run again.\n\nTomas Brandt called the rival plan “lone wolves” politics, and left.\n\n“Thank you.”",
    ]);
    let texts: Vec<&str> = q.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(texts, ["I would"], "{q:?}");
    assert_eq!(q[0].speaker.as_deref(), Some("Ilse Varga"));
}

#[test]
fn more_verbs_of_saying_and_a_described_speaker() {
    let q = quotes_of(&[
        "The council met on Friday to discuss the harbour.\n\n“Subpoenas are not optional,” panel Chairman Rep. Marek Lind (R-Ore.) said after the meeting.\n\nWhen asked about the costs, Varga boasted, “We finished under budget and ahead of time.”",
    ]);
    assert_eq!(speaker_of(&q, "Subpoenas").0, Some("Marek Lind"), "{q:?}");
    assert_eq!(speaker_of(&q, "We finished").0, Some("Varga"), "{q:?}");
}

#[test]
fn the_speaker_is_shown_with_the_role_the_story_gives() {
    let text = "Police searched the woods near Marrow Ford for a missing girl on Sunday.\n\nCarlie's mother, Kristy Trent, spoke to reporters outside the family home.\n\n\"And Carlie, Mommy and Daddy are searching high and low for you,\" she said.\n";
    let story = story_from_texts(&[("t".to_string(), text.as_bytes().to_vec())]).unwrap();
    let brief = crate::make_brief(&story, &Default::default()).unwrap();
    let q = &brief.quotes[0];
    assert_eq!(q.speaker.as_deref(), Some("Kristy Trent"), "{q:?}");
    assert_eq!(q.speaker_role.as_deref(), Some("Carlie's mother"), "{q:?}");
}

#[test]
fn a_colon_introduces_its_subjects_words_with_or_without_a_verb_of_saying() {
    let q = quotes_of(&[
        "The harbour board met on Tuesday to decide the ferry's future.\n\nMr. Brandt gloated: “I told you the route would pay for itself.”\n\nAs Ilse Varga, the harbour master, put it: “We have never had so many passengers.”\n\nAsked whether the board would raise fares, Aino Kask shot back: “Not this year and not the next.”\n\nKask: “The vote was unanimous and the budget is settled.”\n\nThe notice on the pier door: “Closed for repairs until further notice.”",
    ]);
    assert_eq!(speaker_of(&q, "I told you").0, Some("Brandt"));
    assert_eq!(speaker_of(&q, "We have never").0, Some("Ilse Varga"));
    assert_eq!(speaker_of(&q, "Not this year").0, Some("Aino Kask"));
    assert_eq!(speaker_of(&q, "The vote was").0, Some("Aino Kask"));
    // Someone's words, but the colon's sentence names no one.
    assert_eq!(speaker_of(&q, "Closed for repairs").0, None);
}

#[test]
fn the_next_sentence_attributes_and_a_short_span_goes_on_with_its_quotation() {
    let q = quotes_of(&[
        "A storm flooded the harbour town of Lindvik overnight.\n\n“Sometimes we just need a miracle!” Varga said to reporters. The harbour master has run the port for a decade.\n\n“There was water on every street,” Tomas Brandt fumed. “Cars everywhere.”\n\nThe mayor called the damage “serious” in a statement.",
    ]);
    assert_eq!(speaker_of(&q, "Sometimes we").0, Some("Varga"));
    assert_eq!(speaker_of(&q, "There was water").0, Some("Tomas Brandt"));
    // Two words right after the attribution go on with the quotation; a borrowed word does not.
    assert_eq!(speaker_of(&q, "Cars everywhere").0, Some("Tomas Brandt"));
    assert!(q.iter().all(|x| x.text != "serious"), "{q:?}");
}

#[test]
fn a_verb_of_saying_leads_into_its_quotation_across_a_clause_of_who_heard_it() {
    let q = quotes_of(&[
        "The ferry operator faced questions about the delays.\n\nTomas Brandt told the regional radio station's morning host Ilse Varga, “The ferries will run on time from Monday.”\n\nVarga later called the promise “a familiar one that the town has heard before” on air.",
    ]);
    assert_eq!(speaker_of(&q, "The ferries will").0, Some("Tomas Brandt"));
    // "called the promise “…”": a borrowed phrase, no quotation of the caller's own.
    assert!(q.iter().all(|x| !x.text.starts_with("a familiar")), "{q:?}");
}

#[test]
fn whom_a_paper_quotes_speaks_and_an_as_clause_cites_no_one() {
    let q = quotes_of(&[
        "Tomas Brandt ran the ferry line for a decade. He built the harbour café and, as reported in the Lindvik Courier in 2012, “Kindness and hard work guide everything he does.”\n\nAmong his mentors was his sister Ilse Rota Brandt, whom he called the finest sailor in the valley.\n\nBrandt was always ready with advice for the crews he trained. He had a saying for every storm. His favourite line was his own: “A calm captain makes a calm crew.”\n\nThe Courier quoted Aino Kask, the harbour's lawyer, as rejecting the claim: “The company did nothing wrong at any time.”",
    ]);
    assert_eq!(speaker_of(&q, "Kindness and").0, None);
    // The bare surname after his sister was named is he, not she: the pronoun agrees.
    assert_eq!(speaker_of(&q, "A calm captain").0, Some("Tomas Brandt"));
    assert_eq!(speaker_of(&q, "The company did").0, Some("Aino Kask"));
}

#[test]
fn whose_statement_is_said_does_not_speak() {
    let q = quotes_of(&[
        "The harbour board published its plan on Monday.\n\nAino Kask, who studies ports at the Lindvik institute, said Ilse Varga's statement did not settle the matter. “I don't see who pays for the new pier,” she said after reading it.",
    ]);
    assert_eq!(speaker_of(&q, "I don't see").0, Some("Aino Kask"));
}

#[test]
fn a_verb_with_its_particle_attributes() {
    let q = quotes_of(&[
        "The harbour board argued over the ferry for an hour on Monday.\n\n“We cannot keep paying for a pier nobody uses,” Tomas Brandt went on.\n\n“The pier carries more people every year,” Ilse Varga shot back.",
    ]);
    assert_eq!(speaker_of(&q, "We cannot").0, Some("Tomas Brandt"));
    assert_eq!(speaker_of(&q, "The pier carries").0, Some("Ilse Varga"));
}

#[test]
fn a_he_or_she_is_looked_for_only_where_one_can_be() {
    use super::names::may_hold_he_or_she;
    for text in [
        "He said so.",
        "“No,” she said.",
        "the day (he left)",
        "—She",
        "he's",
    ] {
        assert!(may_hold_he_or_she(text), "{text}");
    }
    for text in ["The theatre and the other one.", "Ashe, 3he", "", "h"] {
        assert!(!may_hold_he_or_she(text), "{text}");
    }
    // Looser than the words: "shed" and "Sheila" may hold one, and are then split into words.
    assert!(may_hold_he_or_she("shed") && may_hold_he_or_she("Sheila"));
}

#[test]
fn titles_and_ages_in_any_case() {
    use super::attribution::{is_age, is_title};
    for w in [
        "Mr.",
        "MR",
        "Sen.",
        "President",
        "spokeswoman",
        "16-year-old",
        "16-Year-Old",
    ] {
        assert!(is_title(w), "{w}");
    }
    for w in [
        "Mister",
        "Tillerson",
        "-year-old",
        "x16-year-old",
        "é-year-old",
        "year-old",
    ] {
        assert!(!is_title(w) && !is_age(w), "{w}");
    }
}
