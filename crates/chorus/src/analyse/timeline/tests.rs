use super::events::{is_caption, names_the_day_s_event, same_day, same_weekday, shares_a_name};
use super::read::date_in;
use super::*;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Sentences that give no date (each named when one does).
fn no_date_in(sentences: &[&str], published: Option<NaiveDate>) {
    for s in sentences {
        assert!(date_in(s, published).is_none(), "{s}");
    }
}

#[test]
fn absolute_dates() {
    let pub_day = Some(day(2026, 11, 11));
    let (w, d, p, a) = date_in("The ferry sailed on Nov. 10, 2025 at dawn.", pub_day).unwrap();
    assert_eq!(
        (w.as_str(), d, p, a),
        (
            "Nov. 10, 2025",
            Some(day(2025, 11, 10)),
            Precision::Day,
            false
        )
    );
    let (_, d, _, _) = date_in(
        "The ferry sank on Dec. 28 in a gale.",
        Some(day(2027, 1, 3)),
    )
    .unwrap();
    assert_eq!(d, Some(day(2026, 12, 28)), "last December, read in January");
    let (_, d, _, _) = date_in(
        "The ferry will sail again on Dec. 28.",
        Some(day(2027, 1, 3)),
    )
    .unwrap();
    assert_eq!(d, Some(day(2027, 12, 28)), "the future looks forward");
    let (_, d, _, a) = date_in("Repairs began on 3 March.", pub_day).unwrap();
    assert_eq!(
        (d, a),
        (Some(day(2026, 3, 3)), true),
        "the publication year"
    );
    let (_, d, p, _) = date_in("The bridge closed in March 2017 for repairs.", pub_day).unwrap();
    assert_eq!((d, p), (Some(day(2017, 3, 1)), Precision::Month));
    let (_, d, p, _) =
        date_in("The route has run since 1998 without an accident.", pub_day).unwrap();
    assert_eq!((d, p), (Some(day(1998, 1, 1)), Precision::Year));
    assert!(date_in("They may 5 times more often.", pub_day).is_none());
}

#[test]
fn relative_dates_are_anchored_to_publication() {
    // 2026-11-11 is a Wednesday.
    let wed = Some(day(2026, 11, 11));
    let (w, d, _, a) = date_in("The ferry struck a reef on Tuesday.", wed).unwrap();
    assert_eq!(
        (w.as_str(), d, a),
        ("Tuesday", Some(day(2026, 11, 10)), true)
    );
    let (_, d, _, _) = date_in("The board will publish its report on Friday.", wed).unwrap();
    assert_eq!(d, Some(day(2026, 11, 13)), "the future looks forward");
    let (_, d, _, _) = date_in("Divers reached the wreck yesterday.", wed).unwrap();
    assert_eq!(d, Some(day(2026, 11, 10)));
    let (_, d, p, _) = date_in("Inspectors visited the ship last week.", wed).unwrap();
    assert_eq!((d, p), (Some(day(2026, 11, 2)), Precision::Week));
    // Without a publication date a weekday stays relative.
    let (w, d, _, a) = date_in("The ferry struck a reef on Tuesday.", None).unwrap();
    assert_eq!((w.as_str(), d, a), ("Tuesday", None, false));
}

#[test]
fn last_and_next_and_the_verb_before_a_day_say_which_way_it_goes() {
    // 2026-11-11 is a Wednesday.
    let wed = Some(day(2026, 11, 11));
    let on = |s: &str| date_in(s, wed).and_then(|(_, d, _, _)| d);
    assert_eq!(
        on("The mayor vowed again on Monday that the ferry will sail."),
        Some(day(2026, 11, 9)),
        "a verb in the past before the day, whatever the sentence's future"
    );
    assert_eq!(
        on("Asked about it in last Wednesday's debate, she said the fares would fall."),
        Some(day(2026, 11, 4))
    );
    assert_eq!(
        on("The harbour reopens next Friday."),
        Some(day(2026, 11, 13))
    );
    // "in the last month" is a stretch up to now, not October.
    assert_eq!(
        on("Some changes made in the last month appear to be holding."),
        None
    );
    // "Today," opening a sentence in the present is nowadays.
    assert_eq!(on("Today, ferries carry most of the island's food."), None);
    assert_eq!(
        on("Today, the council voted to close the pier."),
        Some(day(2026, 11, 11))
    );
}

#[test]
fn a_speaker_s_dates_and_nowadays_are_not_the_article_s() {
    let wed = Some(day(2026, 11, 11));
    assert!(date_in("\"We sailed yesterday,\" the captain said.", wed).is_none());
    assert!(date_in("“I will know on Friday,” she said.", wed).is_none());
    // A quotation closed in this sentence, opened in the one before: its speaker's words
    // are blanked, the rest is read.
    let (w, _, _, _) = date_in("It was over by then, \" the coach said on Tuesday.", wed).unwrap();
    assert_eq!(w, "Tuesday");
    assert!(date_in("Today's birds are living dinosaurs.", wed).is_none());
    assert!(date_in("The ferry docked today after the storm.", wed).is_some());
    // Nowadays, or a supposition: said in the present, or a modal right after "today".
    no_date_in(
        &[
            "Islanders use the ferry today for most of their food.",
            "A storm like that today could close the harbour for a week.",
            "Ferries sank often; the ones sailing today can still founder.",
            "Today, the harbour is quiet and its piers are rotting.",
        ],
        wed,
    );
    // A day's "today": news told as it breaks, under way, or coming.
    assert!(date_in("The coastguard reports today that the hull is sound.", wed).is_some());
    assert!(date_in("Divers are searching the wreck today.", wed).is_some());
    assert!(date_in("The minister will visit the island today.", wed).is_some());
}

#[test]
fn without_a_publication_date_a_stated_date_anchors_what_follows() {
    let (story, a) = crate::brief::analysed_texts(&[
        "The harbour ferry ran aground on March 3, 2021, near the northern breakwater. \
         Divers reached the hull on Tuesday after the swell dropped. \
         Correction: an earlier version gave the wrong name for the harbour master.",
        "The harbour ferry was refloated on Friday by two tugs from the naval yard. \
         Inspectors are still looking at the hull of the old ferry.",
    ]);
    let events = extract_timeline(&story, &a.sentences, &a.features, &a.groups);
    let tuesday = events.iter().find(|e| e.when == "Tuesday").unwrap();
    // 2021-03-03 was a Wednesday: "Tuesday" is the day before it.
    assert_eq!(tuesday.date.as_deref(), Some("2021-03-02"));
    assert_eq!(
        tuesday.anchor,
        Some(Anchor {
            kind: AnchorKind::Stated,
            date: "2021-03-03".into()
        })
    );
    // The second article states no date: its Friday stays relative.
    let friday = events.iter().find(|e| e.when == "Friday").unwrap();
    assert_eq!((friday.date.as_deref(), &friday.anchor), (None, &None));
    assert!(!events.iter().any(|e| e.text.starts_with("Correction")));
    assert_in_date_order(&events);
}

#[test]
fn a_date_the_article_looks_back_on_anchors_nothing() {
    let (story, a) = crate::brief::analysed_texts(&[
        "On Oct. 3, 1995, a jury acquitted the harbour master of every charge. \
         The parole board meets on Thursday to hear his case again. \
         He was sent back to prison in 2008 after a robbery at the docks.",
        "The harbour master will ask the board for his release at a hearing this week.",
    ]);
    let events = extract_timeline(&story, &a.sentences, &a.features, &a.groups);
    // A later year (2008) says 1995 is history, not the day the piece was written.
    let thursday = events.iter().find(|e| e.when == "Thursday").unwrap();
    assert_eq!((thursday.date.as_deref(), &thursday.anchor), (None, &None));
    assert!(super::names_a_year_after("sent back in 2008.", 1996));
    assert!(!super::names_a_year_after(
        "sent back in 1996, at 12008 m",
        1996
    ));
}

#[test]
fn a_recurring_day_and_an_unreachable_office_are_not_events() {
    let wed = Some(day(2026, 11, 11));
    no_date_in(
        &["Protests have been held outside the ferry office every Friday since the closure."],
        wed,
    );
    assert!(super::events::is_editors_note(
        "Harbour police could not immediately be reached about the arrests Friday afternoon."
    ));
    assert!(super::events::is_editors_note(
        "Editors’ note: This story was updated on March 21, 2018, to correct a figure."
    ));
}

/// Dated events in date order, then undated ones.
#[test]
fn captions_and_named_days_are_not_events() {
    let wed = Some(day(2026, 11, 11));
    assert!(is_caption(
        "Protesters hold up flowers near the square in Manama, Bahrain, Saturday, Feb. 19, 2011."
    ));
    assert!(is_caption(
        "A reconstruction of the dinosaur is shown in this October 31, 2016 photo."
    ));
    assert!(!is_caption(
        "The council met on Saturday, and voted on Feb. 19 to close the road."
    ));
    // An editor's note of where the piece first ran; the birds "of today" are nowadays'.
    assert!(super::events::is_editors_note(
        "This post originally ran in April 2013."
    ));
    assert!(date_in(
        "The dinosaur may have sounded like the largest birds of today.",
        wed
    )
    .is_none());
    // The same date without its comma after the day's name.
    assert!(is_caption(
        "Fishermen mend their nets on the quay in Marlow, Wednesday March 21, 2012."
    ));
    // A gallery's or a blog's stamp run into what follows it.
    assert!(is_caption(
        "March 3, 2021 A tug pushes the ferry off the northern breakwater."
    ));
    assert!(is_caption(
        "March 3, 2021: Keeping customers happy is the whole of the trade."
    ));
    assert!(!is_caption(
        "March 3, 2021, was the day the ferry ran aground."
    ));
    assert!(!is_caption("On March 3, 2021 the ferry ran aground."));
    // An agency's caption: the place, then the day set off by a comma at the very end.
    assert!(is_caption(
        "Two skaters chase the puck during a practice game in Lakeview, Ontario, Canada, January 9, 2019."
    ));
    assert!(!is_caption("The ferry was refloated on January 9, 2019."));
    // In lower case too, as Multi-News+ writes it; what a picture shows ends with where or
    // when it was taken, an article's sentence goes on.
    assert!(is_caption(
        "a tug pushes the ferry off the breakwater in marlow, thursday, jan. 10, 2019."
    ));
    assert!(is_caption(
        "The harbour master speaks to reporters in Marlow, Thursday, Jan. 10, 2019, before the inquiry opened."
    ));
    assert!(!is_caption(
        "The operator announced on Thursday, Jan. 10, 2019, that it would sell the ferry."
    ));
    assert!(!is_caption(
        "The ferry, refloated on January 9, 2019, sails again."
    ));
    // The day the reporter reached someone is not an event of the story; what they said is.
    assert!(super::events::is_editors_note(
        "\"It hurts,\" said her neighbour, who was reached by phone on Friday."
    ));
    assert!(!super::events::is_editors_note(
        "Reached by telephone, the mayor said Friday that the bridge would reopen."
    ));
    assert!(super::events::is_editors_note(
        "A telephone listing for the ferry's owner rang unanswered Friday."
    ));
    assert!(date_in("He is a cast member of Saturday Night Live.", wed).is_none());
    no_date_in(
        &[
            "It is a fine Saturday-matinee thriller.",
            "She told the BBC's Today programme that fares would rise.",
        ],
        wed,
    );
    // An AP caption with its commas misplaced.
    assert!(is_caption(
        "The ferry at the pier in Pell Harbour, Northern Isles, Friday, May, 2 2014."
    ));
    // What a figure is compared with is not when something happened, nor is an anniversary's
    // day the day of what it recalls; a speculation is no event…
    no_date_in(
        &[
            "Fares were up from $3 million in 2014.",
            "Ticket sales are down 8% from last year.",
            "There will be fewer inspectors than in 2012.",
            "Ten years ago this morning, the ferry Northern Gull left Marrow Harbour.",
            "A year ago Tuesday, the pier collapsed.",
            "The union could strike as soon as Saturday, when the season opens.",
            "Ridership grew from 2.1 million in 1990 to 4.8 million in 2015.",
            "It is unclear whether the islanders will turn out on Friday after the vote.",
            "The skipper, seen here in 2014, was fined for the collision.",
            "The mayor, pictured on Tuesday, said the ferry would sail again.",
        ],
        wed,
    );
    // A doubt about how a day's deed is read keeps the day.
    let (w, _, _, _) = date_in(
        "It was unclear whether Thursday's closures were meant to last.",
        wed,
    )
    .unwrap();
    assert_eq!(w, "Thursday");
    // … but a change and its year is.
    let (w, _, _, _) = date_in("The limit was raised to 20 years from 15 in 1997.", wed).unwrap();
    assert_eq!(w, "1997");
    // The reporter's errand is not the story's.
    for errand in [
        "The captain could not be reached for comment Tuesday.",
        "The operator did not immediately return calls Tuesday.",
        "The passengers' conditions were not available Tuesday night.",
    ] {
        assert!(super::events::is_editors_note(errand), "{errand}");
    }
    assert!(!super::events::is_editors_note(
        "The ferry returned to service Tuesday."
    ));
    // … but a day said outright is, whatever "as soon as" follows it.
    let (w, _, _, _) = date_in("The pier reopens Saturday, as soon as repairs end.", wed).unwrap();
    assert_eq!(w, "Saturday");
    let (w, _, _, _) = date_in("The Sunday Times said so on Monday.", wed).unwrap();
    assert_eq!(w, "Monday");
}

#[test]
fn one_event_is_one_day_and_names_in_common() {
    let event = |when: &str, date: Option<&str>, precision: Option<Precision>| TimelineEvent {
        when: when.into(),
        date: date.map(str::to_string),
        precision,
        anchored: false,
        anchor: None,
        text: String::new(),
        support: Vec::new(),
    };
    let year = event("1947", Some("1947-01-01"), Some(Precision::Year));
    let born = event("June 24, 1947", Some("1947-06-24"), Some(Precision::Day));
    let later = event("June 25, 1947", Some("1947-06-25"), Some(Precision::Day));
    assert!(same_day(&year, &born) && !same_day(&born, &later));
    let (mon, mon2) = (event("Monday", None, None), event("monday", None, None));
    assert!(same_day(&mon, &mon2) && !same_day(&mon, &event("Sunday", None, None)));
    assert!(!same_day(&mon, &born));
    // One day with its year and without.
    let (june24, june25) = (event("June 24", None, None), event("25 June", None, None));
    assert!(same_day(&born, &june24) && same_day(&june24, &born));
    assert!(!same_day(&born, &june25) && same_day(&later, &june25));
    assert!(!same_day(&year, &june24));
    // Both without a year: one month and day, however written.
    let (aug24, aug24_first) = (event("Aug. 24", None, None), event("24 August", None, None));
    assert!(same_day(&aug24, &aug24_first) && same_day(&aug24_first, &aug24));
    assert!(!same_day(&aug24, &event("25 August", None, None)) && !same_day(&aug24, &june24));
    // A weekday and a date the story writes with that weekday ("on Friday, Aug. 1").
    let aug1 = TimelineEvent {
        text: "The truce begins at dawn on Friday, Aug. 1, both sides said.".into(),
        ..event("Aug. 1", None, None)
    };
    let (fri, sat) = (event("Friday", None, None), event("Saturday", None, None));
    assert!(same_day(&fri, &aug1) && same_day(&aug1, &fri) && !same_day(&sat, &aug1));
    let aug1_dated = TimelineEvent {
        text: "The truce began on Friday, Aug. 1, 2014, at dawn.".into(),
        ..event("Aug. 1, 2014", Some("2014-08-01"), Some(Precision::Day))
    };
    assert!(same_day(&aug1_dated, &fri) && !same_day(&aug1_dated, &sat));
    assert!(!same_day(&born, &fri));
    // A Wednesday one article's date anchors (2012-03-21 was one) and another article's
    // "Wednesday" left relative may be one day; a day stated outright is no anchor for it.
    let anchored_wed = TimelineEvent {
        anchored: true,
        ..event("Wednesday", Some("2012-03-21"), Some(Precision::Day))
    };
    let (wed, thu) = (
        event("Wednesday", None, None),
        event("Thursday", None, None),
    );
    assert!(same_weekday(&anchored_wed, &wed) && same_weekday(&wed, &anchored_wed));
    assert!(!same_weekday(&anchored_wed, &thu) && !same_day(&anchored_wed, &wed));
    let stated = event("March 21, 2012", Some("2012-03-21"), Some(Precision::Day));
    assert!(!same_weekday(&stated, &wed));
    assert!(shares_a_name(
        "In a news conference Monday, Herman supplied three photos.",
        "His client was ready to testify, Herman's office told reporters."
    ));
    assert!(!shares_a_name(
        "The Florida lawyer produced photos Monday.",
        "On Monday the lawyer spoke in July."
    ));
}

#[test]
fn a_day_named_as_its_event_points_back_to_it() {
    let event = |when: &str, text: &str| TimelineEvent {
        when: when.into(),
        date: None,
        precision: None,
        anchored: false,
        anchor: None,
        text: text.into(),
        support: Vec::new(),
    };
    for text in [
        "Thursday's shootings come just 11 months after another.",
        "Police killed the shooters in both Wednesday incidents.",
        "In Tuesday’s election, the party lost the House.",
    ] {
        let day = ["Monday", "Tuesday", "Wednesday", "Thursday"]
            .into_iter()
            .find(|d| text.contains(d))
            .unwrap();
        assert!(names_the_day_s_event(&event(day, text)), "{text}");
    }
    for text in [
        "The council met on Thursday to vote.",
        "It happened on the Monday night after the storm.",
    ] {
        let day = ["Monday", "Thursday"]
            .into_iter()
            .find(|d| text.contains(d))
            .unwrap();
        assert!(!names_the_day_s_event(&event(day, text)), "{text}");
    }
}

pub(crate) fn assert_in_date_order(events: &[TimelineEvent]) {
    let dates: Vec<Option<&str>> = events.iter().map(|e| e.date.as_deref()).collect();
    let dated = dates.iter().take_while(|d| d.is_some()).count();
    assert!(dates[dated..].iter().all(Option::is_none), "{dates:?}");
    assert!(dates[..dated].windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn events_come_in_date_order_whatever_order_the_articles_tell_them() {
    // Invented stories from shuffled dated sentences, a fixed seed.
    let days = [
        "on Monday",
        "on Tuesday",
        "yesterday",
        "last week",
        "on March 3, 2021",
        "in 1998",
        "in May 2020",
        "on Friday",
    ];
    let mut next = crate::xorshift::xorshift(7);
    for round in 0..20 {
        let texts: Vec<String> = (0..3)
            .map(|a| {
                (0..4)
                    .map(|k| {
                        let when = days[(next() % days.len() as u64) as usize];
                        format!("The council of town {a}{k}{round} met its auditors {when} about the budget.")
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (story, a) = crate::brief::analysed_texts(&refs);
        let events = extract_timeline(&story, &a.sentences, &a.features, &a.groups);
        assert!(!events.is_empty());
        assert_in_date_order(&events);
    }
}

#[test]
fn the_sentences_of_a_quotation_are_the_speaker_s() {
    // The days an article's timeline lists, and must or must not list.
    let check = |article: &str, listed: &[&str], not_listed: &str| {
        let (story, a) = crate::brief::analysed_texts(&[article]);
        let events = extract_timeline(&story, &a.sentences, &a.features, &a.groups);
        let days: Vec<&str> = events.iter().map(|e| e.when.as_str()).collect();
        assert!(!days.contains(&not_listed), "{days:?}");
        assert!(listed.iter().all(|d| days.contains(d)), "{days:?}");
    };
    check(
        "The harbour master spoke to reporters about the storm on Friday.\n\n\
         She said: “The night of the storm was the worst of my working life. I remember it was a \
         Monday. We lost two boats.”\n\n\
         Repairs to the breakwater began on Tuesday, the council said.",
        &["Friday", "Tuesday"],
        "Monday",
    );
    // A quotation that goes on into the next paragraph (its mark opens it again) is still the
    // speaker's; a stray mark never closed is not a quotation.
    check(
        "The ferry captain described the crossing to the inquiry on Thursday.\n\n\
         He said: “We left the harbour at dawn. It was a Sunday.\n\n\
         “Nobody expected the fog to come in so fast.”\n\n\
         Officials called the plan a \"bold step' for the port. The old pier opened in 1996 on \
         the site of a shipyard.",
        &["1996", "Thursday"],
        "Sunday",
    );
}

#[test]
fn statuses_tallies_and_states_that_did_not_hold_are_not_events() {
    let wed = Some(day(2026, 11, 11));
    no_date_in(
        &[
            "As of June 7, 20 ferries have been inspected in 2026, the board said.",
            "At least 30 people have been hurt since Monday, officials said.",
            "The harbour was not hit on Tuesday.",
            "The ferry hadn't been found by Tuesday morning.",
            "The tide will be lower than it is today.",
            "Today we're going to have fun.'",
        ],
        wed,
    );
    // A deed not done is still told of its day, and "not … until" is when it happened.
    for s in [
        "When she didn't show up for work Saturday, her father called the police.",
        "The breach was not fully contained until Sunday.",
    ] {
        assert!(date_in(s, wed).is_some(), "{s}");
    }
    assert!(is_caption(
        "(Left to right) Ilse Varga and Tomas Brandt stand on the pier."
    ));
    assert!(is_caption(
        "Ilse Varga attends the gala at the Harbour Hall on May 3, 2017 in Marlow, England."
    ));
    assert!(!is_caption("The ferry sank on May 3, 2017 in Marlow Bay."));
    assert!(is_caption(
        "September 6, 2011 1:45 p.m.: A reader wrote to us about two points in this story."
    ));
    assert!(super::events::is_editors_note(
        "A version of this article appeared November 16, 2012, on page A1."
    ));
    assert!(super::events::is_editors_note(
        "Contacted this morning, the board's officers refused to comment."
    ));
}
