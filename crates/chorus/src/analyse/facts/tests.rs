use super::*;

fn one(s: &str) -> Vec<Mention> {
    mentions_in(s, 0, (0, 0), 1)
}

#[test]
fn numbers_with_modifiers_become_intervals() {
    let m = one("More than 80 people were killed and at least 200 were injured, officials said.");
    assert_eq!(m.len(), 2, "{m:?}");
    assert_eq!((m[0].low, m[0].high), (80.0, f64::INFINITY));
    assert_eq!((m[0].key.as_str(), m[0].event), ("people", Some("killed")));
    assert_eq!(m[0].text, "More than 80");
    assert_eq!((m[1].low, m[1].event), (200.0, Some("injured")));
    let m = one("The flight lasted nearly two hours.");
    assert_eq!((m[0].low, m[0].high, m[0].key.as_str()), (1.7, 2.0, "hour"));
    let m = one("The fire has burned 4,500 acres of forest.");
    assert_eq!(
        (m[0].low, m[0].high, m[0].key.as_str()),
        (4450.0, 4550.0, "acre")
    );
    let m = one("Police said four alleged killers were in custody.");
    assert_eq!(m[0].key, "killer");
    let (a, b) = (
        one("The club sold $16 tickets.")[0].clone(),
        one("The club sold $15.99 tickets.")[0].clone(),
    );
    assert!(a.low <= b.high && b.low <= a.high, "rounding: {a:?} {b:?}");
    let m = one("The city approved a $1.2 million budget.");
    assert_eq!((m[0].low, m[0].high), (1.15e6, 1.25e6));
    assert_eq!(m[0].text, "$1.2 million");
    let m = one("Turnout reached 64 percent of voters.");
    assert_eq!((m[0].low, m[0].key.as_str()), (63.5, "% voter"));
    let m = one("Up to two dozen people watched.");
    assert_eq!((m[0].text.as_str(), m[0].high), ("Up to two dozen", 24.0));
    assert_eq!(m.len(), 1, "{m:?}");
    let m = one("Dozens of passengers were rescued.");
    assert_eq!(
        (m[0].low, m[0].high, m[0].event),
        (24.0, 99.0, Some("rescued"))
    );
    assert_eq!(m[0].subject, "passengers rescued");
}

#[test]
fn years_dates_times_names_and_ages_are_not_counts() {
    no_figures(&[
        "The bridge opened in 1998 after years of delays.",
        "The vote is on Nov. 10 in the capital.",
        "The ferry left at 7:15 a.m. from the harbour.",
        "AirAsia Flight 8501 lost contact with air traffic control.",
        "Ilse Varga, 52, said the crew did everything right.",
        "One of the passengers filmed the rescue.",
    ]);
}

#[test]
fn what_a_number_counts_is_a_noun_a_reader_understands() {
    let counted = |s: &str| one(s).iter().map(|m| m.subject.clone()).collect::<Vec<_>>();
    // Modifiers between the number and its noun are skipped; a noun before a noun is part of it.
    assert_eq!(
        counted("Officials said two foremost nuclear powers met."),
        ["powers"]
    );
    assert_eq!(
        counted("The navy fired 59 cruise missiles."),
        ["cruise missiles"]
    );
    assert_eq!(
        counted("Officials said two hard-line regimes struck back."),
        ["regimes"]
    );
    // A verb, adverb or preposition after the number: nothing nameable is counted.
    for s in [
        "Hundreds outraged by the ruling marched.",
        "Call 911 directly if you see smoke.",
        "The fee rose to $15 million this year.",
        "Shares fell 0.5 percent on Friday.",
    ] {
        assert!(counted(s).is_empty(), "{s}: {:?}", counted(s));
    }
}

#[test]
fn ranges_bounds_and_a_dozen_read_as_one_value() {
    let m = one("She will be home in seven to eight days.");
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        (m[0].text.as_str(), m[0].key.as_str()),
        ("seven to eight", "day")
    );
    assert!(m[0].low <= 7.0 && m[0].high >= 8.0, "{m:?}");
    let m = one("He was sentenced to three to 10 years in prison.");
    assert_eq!(m[0].text, "three to 10");
    let m = one("At least a dozen companies gave money.");
    assert_eq!((m[0].text.as_str(), m[0].low), ("At least a dozen", 12.0));
    let m = one("The bone is short (<50% of the femoral length).");
    assert_eq!(
        (m[0].text.as_str(), m[0].low, m[0].high),
        ("<50%", 0.0, 50.0)
    );
}

/// Asserts that none of `sentences` gives a figure.
fn no_figures(sentences: &[&str]) {
    for s in sentences {
        let m = one(s);
        assert!(m.is_empty(), "{s}: {m:?}");
    }
}

#[test]
fn a_number_word_and_a_plural_before_a_singular_noun_name_something() {
    no_figures(&[
        "the vet of the four paws mission said the lions were weak.",
        "a student of the seven hills school was found on the campus.",
    ]);
    for counted in [
        "two researchers today said they had found the fort.",
        "the vote failed, with five republicans voting with the democrats.",
        "police said four officers were hurt.",
    ] {
        assert_eq!(one(counted).len(), 1, "{counted}");
    }
}

#[test]
fn an_age_set_off_by_commas_is_no_range_and_a_letter_and_number_are_a_name() {
    let m = one("a judge sentenced daniel holtzclaw, 29, to 263 years in prison.");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].low > 200.0, "{m:?}");
    no_figures(&[
        "the summit of all g 20 leaders opened in the city.",
        "the owners wanted 200 million rand for the land.",
    ]);
    let m = one("The jail held them for three to five years.");
    assert_eq!((m[0].low, m[0].text.as_str()), (3.0, "three to five"));
}

#[test]
fn a_record_is_another_quantity_than_what_beats_it() {
    let m = one("The balloon flew about 5,300 miles to beat the record of 5,200 miles.");
    assert_eq!(m.len(), 2, "{m:?}");
    assert_ne!(m[0].key, m[1].key);
    assert_eq!(m[1].subject, "miles (record)");
}

#[test]
fn ranks_rates_ages_references_and_names_are_not_counts() {
    no_figures(&[
        "It is his No. 1 priority this year.",
        "The app tracked her 24 hours a day, seven days a week.",
        "More than 1 in 10 children has the condition.",
        "Following her death aged 71, she was mourned by many.",
        "The feathers are shown in Fig. 4 of the paper.",
        "She starred in the BBC show Two Fat Ladies for years.",
        "The city was built in 2,400 BC by farmers.",
    ]);
    let m = one("Workers ages 18 to 34 spend 70 minutes a shift on their phones.");
    assert_eq!(m.len(), 1, "an age range is not a count: {m:?}");
    assert_eq!(m[0].key, "minute");
    let m = one("The county averaged 717 reports per 100,000 residents.");
    assert_eq!(m.len(), 1, "the rate's base is not a count: {m:?}");
    assert_eq!(m[0].subject, "reports");
}

fn mention(source: usize, low: f64, high: f64) -> Mention {
    Mention {
        sentence: 0,
        index: 0,
        source,
        start: 0,
        end: 0,
        text: String::new(),
        low,
        high,
        bound: Bound::Exact,
        key: "people".into(),
        first_key: None,
        subject: "people killed".into(),
        event: Some("killed"),
        when: Vec::new(),
        names: Vec::new(),
        context: Vec::new(),
    }
}

#[test]
fn compatible_intervals_agree_and_disjoint_ones_conflict() {
    let inf = f64::INFINITY;
    let agree = [
        mention(1, 80.0, inf),
        mention(2, 87.0, 87.0),
        mention(3, 87.0, inf),
    ];
    let f = make_fact(&agree.iter().collect::<Vec<_>>(), &[(0, 1), (1, 2), (0, 2)]);
    assert_eq!(f.status, FactStatus::Agree);
    assert_eq!(f.values.len(), 3);
    // Touching intervals ("2" and "3") share no number.
    let touching = [mention(1, 1.5, 2.5), mention(2, 2.5, 3.5)];
    assert!(!common_value(&touching.iter().collect::<Vec<_>>()));
    let conflict = [mention(1, 111.5, 112.5), mention(2, 113.5, 114.5)];
    let f = make_fact(&conflict.iter().collect::<Vec<_>>(), &[(0, 1)]);
    assert_eq!(f.status, FactStatus::Conflict);
    // Unlinked values (sentences about different things) do not conflict, nor agree: no one
    // number fits both, so they are two facts.
    let status = |facts: Vec<Fact>| facts.iter().map(|f| f.status).collect::<Vec<_>>();
    let split = facts_of_group(&conflict.iter().collect::<Vec<_>>(), &[]);
    assert_eq!(status(split), [FactStatus::Single, FactStatus::Single]);
    // A source giving a total and a part is not in conflict with one repeating the total: the
    // total agrees, the part stands alone.
    let parts = [
        mention(1, 112.0, 112.0),
        mention(1, 6.0, 6.0),
        mention(2, 112.0, 112.0),
    ];
    let split = facts_of_group(&parts.iter().collect::<Vec<_>>(), &[(0, 2)]);
    assert_eq!(status(split), [FactStatus::Single, FactStatus::Agree]);
    let single = [mention(1, 3.0, 3.0)];
    assert_eq!(
        make_fact(&single.iter().collect::<Vec<_>>(), &[]).status,
        FactStatus::Single
    );
}

/// The facts of invented sources.
fn facts_of(texts: &[&str]) -> Vec<Fact> {
    let (story, a) = crate::brief::analysed_texts(texts);
    extract_facts(&story, &a.sentences, &a.features)
}

#[test]
fn values_no_one_number_fits_are_never_said_to_agree() {
    // Two counts of states in sentences about one subject, with nothing that says they count
    // the same thing: two facts, not "11 || 19 — agree".
    let facts = facts_of(&[
        "The new voting law now applies in 11 states across the country, officials said on Monday.",
        "Officials said on Monday the new voting law could reach 19 states across the country by next year.",
    ]);
    let states: Vec<&Fact> = facts
        .iter()
        .filter(|f| f.subject.contains("state"))
        .collect();
    assert!(!states.is_empty(), "{facts:?}");
    for f in &facts {
        if f.status == FactStatus::Agree {
            let low = f
                .values
                .iter()
                .map(|v| v.low)
                .fold(f64::NEG_INFINITY, f64::max);
            let high = f
                .values
                .iter()
                .map(|v| v.high)
                .fold(f64::INFINITY, f64::min);
            assert!(low <= high, "agree without a common value: {f:?}");
        }
    }
    assert!(
        states.iter().all(|f| f.status != FactStatus::Agree),
        "{states:?}"
    );
}

#[test]
fn counts_beside_different_names_never_conflict() {
    let a = one("In Ashkelon, a city about 10 miles north of the border, sirens sounded.");
    let b = one("In Sderot, a town about 15 miles north of the border, sirens sounded.");
    let c = one("In Ashkelon, a city about 15 miles north of the border, sirens sounded.");
    let (a, b, c) = (
        Mention {
            source: 1,
            ..a[0].clone()
        },
        Mention {
            source: 2,
            ..b[0].clone()
        },
        Mention {
            source: 2,
            ..c[0].clone()
        },
    );
    assert!(
        !conflicting(&[&a, &b], &[(0, 1)]),
        "two towns, two distances"
    );
    assert!(conflicting(&[&a, &c], &[(0, 1)]), "one town, two distances");
}

#[test]
fn runs_that_one_number_fits() {
    let m = |low: f64, high: f64| Mention {
        low,
        high,
        ..one("About 10 people were hurt.")[0].clone()
    };
    let (a, b, c, d) = (
        m(10.5, 11.5),
        m(11.0, 12.0),
        m(18.5, 19.5),
        m(80.0, f64::INFINITY),
    );
    let runs = fitting_runs(&[&c, &a, &d, &b]);
    assert_eq!(runs, vec![vec![1, 3], vec![0], vec![2]]);
    assert!(common_value(&[&a, &b]) && !common_value(&[&a, &c]));
}

#[test]
fn ages_rates_calibres_and_coordinates_are_not_counts() {
    no_figures(&[
        "She was charged with battery of a child under 13 years old last week.",
        "The suspect used a 9 mm Glock pistol in the attack.",
        "It worked with headphones you got 10 years ago.",
        "The ship picked up the signal at about 25 degrees south latitude.",
        "One in seven colon cancer patients is under 50.",
        "The bodies were found at 50 Old Colony Rd. on Friday.",
        "[13 Ways to Hunt Intelligent Aliens] The paper revived the model.",
        "The study found one in every seven patients was younger.",
    ]);
}

#[test]
fn a_house_number_in_lower_cased_text_is_an_address() {
    no_figures(&[
        "a neighbour who lives a few houses from 84 ellis ave. heard the shots.",
        "the crash closed 5800 gross dam road for hours.",
    ]);
    // Not a street's name before the road: what is counted stays.
    for s in [
        "the town paved 40 miles of road last year.",
        "crews cleared 1,200 trees from the road.",
    ] {
        assert_eq!(one(s).len(), 1, "{s}");
    }
}

#[test]
fn a_number_before_a_singular_noun_names_something() {
    no_figures(&[
        "the agency runs the 1033 program for police departments.",
        "microsoft released the windows 8 consumer preview this morning.",
        "she drove the elmwood 20 bus toward the college.",
    ]);
    // Counts of several, units written singular before a noun, and a noun that modifies a
    // plural stay figures.
    for s in [
        "the agency runs 1033 programs for police departments.",
        "they built a 10 foot wall around the yard.",
        "the winner is told within 14 business days of the drawing.",
        "investigators found 12 men and two women inside.",
        "the farmer keeps 60 head of buffalo on the ranch.",
        "the union said 83,000 job losses were announced.",
    ] {
        assert!(!one(s).is_empty(), "{s}");
    }
    // A vague amount in the plural before a singular noun is a name too; before a plural, or
    // with "of", a count.
    no_figures(&["the mega thousands jackpot climbed again on friday."]);
    for s in [
        "thousands of ferry passengers were stranded on friday.",
        "the storm left dozens of homes without power.",
    ] {
        assert!(!one(s).is_empty(), "{s}");
    }
}

#[test]
fn bounds_that_allow_the_same_number_meet_where_they_touch() {
    let up_to = one("As many as 175 children were found in the fields.");
    let at_least = one("At least 175 children were found in the fields.");
    let more_than = one("More than 175 children were found in the fields.");
    let fits = |a: &[Mention], b: &[Mention]| {
        one_number_fits([a[0].written(), b[0].written()].into_iter())
    };
    // 175 is allowed by both; "more than 175" allows it not.
    assert!(fits(&up_to, &at_least));
    assert!(!fits(&up_to, &more_than));
    // Rounding intervals that touch still share no number: "2" [1.5, 2.5] and "3" [2.5, 3.5].
    assert!(!one_number_fits(
        [(1.5, 2.5, (false, false)), (2.5, 3.5, (false, false))].into_iter()
    ));
    assert!(common_value(&[&up_to[0], &at_least[0]]));
}

#[test]
fn lives_saved_are_not_lives_lost() {
    let m = one("The pastor helped save and nurture hundreds of lives in the camps.");
    assert_eq!(m[0].event, Some("rescued"), "{m:?}");
    let m = one("The storm claimed 12 lives on the coast.");
    assert_eq!(m[0].event, Some("killed"), "{m:?}");
}

#[test]
fn units_and_pairs_name_what_is_counted() {
    let f = one("The shield withstands temperatures up to 2,500 degrees Fahrenheit.");
    let c = one("The shield withstands temperatures up to 1,370 degrees Celsius.");
    assert_eq!(f[0].subject, "degrees fahrenheit");
    assert_ne!(f[0].key, c[0].key, "two scales are two quantities");
    let m = one("Scientists followed 9,509 men and women with heart disease.");
    assert_eq!(m[0].subject, "men and women");
    let m = one("One of two external cooling loops at the station shut down.");
    assert_eq!(m[0].subject, "external cooling loops");
    let m = one("The probe will fly within 9 solar radii of the surface.");
    assert_eq!(m[0].subject, "solar radii");
}

#[test]
fn a_bound_agrees_only_with_values_near_it() {
    let inf = f64::INFINITY;
    let bounded = |source, low, high, bound| Mention {
        bound,
        ..mention(source, low, high)
    };
    // "up to 75,000 reservists" and "16,000 reservists": one fits both as written, but a
    // source says "up to" near what it means.
    let far = [
        bounded(1, 0.0, 75_000.0, Bound::AtMost),
        bounded(2, 15_999.5, 16_000.5, Bound::Exact),
    ];
    assert!(!common_value(&far.iter().collect::<Vec<_>>()));
    let split = facts_of_group(&far.iter().collect::<Vec<_>>(), &[(0, 1)]);
    assert!(
        split.iter().all(|f| f.status != FactStatus::Agree),
        "{split:?}"
    );
    let near = [
        bounded(1, 100.0, inf, Bound::Above),
        bounded(2, 117.0, 143.0, Bound::About),
    ];
    assert!(common_value(&near.iter().collect::<Vec<_>>()));
}

#[test]
fn compounds_and_scaled_vague_amounts_are_one_value() {
    let m = one("The judge added three years and 10 months to his sentence.");
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].text, "three years and 10 months");
    assert!(m[0].low < 3.0 + 10.0 / 12.0 && 3.0 + 10.0 / 12.0 < m[0].high);
    let m = one("The boy was 4 feet 8 inches tall when he vanished.");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].low > 4.6 && m[0].high < 4.72, "{m:?}");
    let m = one("Hundreds of millions of viewers watched the final.");
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!((m[0].low, m[0].high), (2e8, 9.99e8));
    assert_eq!(m[0].subject, "viewers");
}

#[test]
fn a_rare_word_between_a_noun_and_a_plural_is_part_of_the_name() {
    let m = one("Jets struck hundreds of suspected rocket storage sites overnight.");
    assert_eq!(m[0].subject, "rocket storage sites");
}

#[test]
fn the_two_of_a_pair_already_named_is_no_figure() {
    let facts = facts_of(&[
        "The two ministers met for nearly two hours on Tuesday, and the harbour's two piers were \
         closed. The two men killed in the storm were fishermen.",
    ]);
    let subjects: Vec<&str> = facts.iter().map(|f| f.subject.as_str()).collect();
    assert!(!subjects.contains(&"ministers"), "{subjects:?}");
    assert!(!subjects.contains(&"piers"), "{subjects:?}");
    assert!(subjects.contains(&"hours"), "{subjects:?}");
    assert!(
        subjects.iter().any(|s| s.contains("killed")),
        "{subjects:?}"
    );
}

#[test]
fn model_years_cut_teasers_and_clause_ends_are_no_counts() {
    no_figures(&[
        "Fans can now restore the '69 fastbacks and the ’65 convertible.",
        "Fans can restore the ' 65 convertible, as the tokenised corpus writes it.",
        "Defense attorneys sit beside him. Three... (Associated Press)",
        "The couple took groceries worth $1,049.26, police said.",
        "jeffrey michels, 64, was arrested on thursday.",
        "The firm paid 5.6 million euros last year.",
        "Milk sells for 0.26 euros a litre.",
    ]);
    // A possessive before a number is no model year.
    let m = one("It was the teams' 31 points that set a record.");
    assert_eq!(m[0].key, "point", "{m:?}");
}

#[test]
fn money_is_the_price_of_the_last_noun_of_its_phrase() {
    let m = one("He was fined $ 1,000 and a $ 30 court processing fee.");
    let fee = m.iter().find(|m| m.text.ends_with("30")).expect("the fee");
    assert_eq!(
        (fee.key.as_str(), fee.subject.as_str()),
        ("$ fee", "$ (court processing fee)")
    );
    assert_eq!(fee.text, "$ 30");
    let m = one("They took more than $ 1,000 of goods.");
    assert_eq!(
        (m[0].text.as_str(), m[0].bound),
        ("more than $ 1,000", Bound::Above)
    );
    let m = one("The rapper says he is $53 million in debt.");
    assert_eq!(m[0].key, "$ debt", "{m:?}");
    let m = one("The union won 20 million euros in aid.");
    assert_eq!(m[0].key, "€ aid", "{m:?}");
    let m = one("They tried to take $1,000 of merchandise Saturday.");
    assert_eq!(m[0].key, "$ merchandise", "{m:?}");
}

#[test]
fn an_events_noun_before_a_plural_names_a_kind_of_thing() {
    let m = one("The clinic received dozens of death threats from callers.");
    assert_eq!((m[0].key.as_str(), m[0].event), ("threat", None), "{m:?}");
    let m = one("At least 20 deaths were reported.");
    assert_eq!(m[0].event, Some("killed"), "{m:?}");
}

#[test]
fn children_among_the_dead_are_a_part_not_a_disagreement() {
    // Two children killed with the pilot and his son are a part of the four lives the crash
    // claimed; the same count of children and people killed is one fact.
    let facts = facts_of(&[
        "The small plane crash into the house on Friday claimed four lives, officials said.",
        "The small plane crash into the house on Friday killed two children, officials said.",
    ]);
    assert!(
        facts.iter().all(|f| f.status != FactStatus::Conflict),
        "{facts:?}"
    );
    let facts = facts_of(&[
        "The small plane crash into the house on Friday claimed three lives, officials said.",
        "The small plane crash into the house on Friday killed three children, officials said.",
    ]);
    assert!(
        facts.iter().any(|f| f.status == FactStatus::Agree),
        "{facts:?}"
    );
}

#[test]
fn one_opens_a_range_a_price_inside_a_phrase_is_skipped_and_figures_are_a_magnitude() {
    let m = one("He would interview one or two candidates over the weekend.");
    assert_eq!(
        (m[0].text.as_str(), m[0].key.as_str()),
        ("one or two", "candidate"),
        "{m:?}"
    );
    assert!(m[0].low == 1.0 && m[0].high >= 2.0, "{m:?}");
    let m = one("The workers stole 600 gold $20 coins from the cellar.");
    assert_eq!(m[0].key, "coin", "{m:?}");
    let m = one("Tellers found two $ 100 bills under the counter.");
    assert_eq!(m[0].key, "bill", "{m:?}");
    // "one" alone is still no count.
    assert!(one("One of them left early.").is_empty());
    assert!(one("His wealth runs to the high eight figures.").is_empty());
}

#[test]
fn numbers_in_a_series_codes_in_parentheses_and_bare_money_are_no_counts() {
    no_figures(&[
        "He homered in game 3 of the series on Friday.",
        "The firm filed for Chapter 11 last spring.",
        "Sunbury, pa ( 17801 ) today cloudy skies.",
        "The painting, worth millions of dollars, was found.",
    ]);
    // A share in parentheses is still a figure.
    let m = one("Cranial nerve dysfunction was reported in 30 (34%) cases.");
    assert!(m.iter().any(|m| m.text == "34%"), "{m:?}");
}
