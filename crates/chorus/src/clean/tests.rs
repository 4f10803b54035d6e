use super::*;
use crate::ingest::article_from_text;

fn article(text: &str) -> Article {
    article_from_text(1, "t", text.to_string(), &mut Vec::new())
}

fn kept_sentences(text: &str) -> Vec<String> {
    clean_article(&article(text))
        .sentences
        .iter()
        .map(|(_, r)| text[r.clone()].to_string())
        .collect()
}

fn reasons(text: &str) -> Vec<(DropReason, String)> {
    clean_article(&article(text))
        .dropped
        .into_iter()
        .map(|d| (d.reason, d.text))
        .collect()
}

#[test]
fn junk_lines_are_dropped_with_reasons() {
    let text = "Harbour ferry hits rocks\nThe ferry Northern Gull struck rocks off Pell Island on Tuesday, officials said.\nAdvertisement\nSubscribe now for unlimited access.\nPremium Annual\n$49.99/year\nShare this article\nStarting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.\nAll 112 passengers were taken off safely by lifeboats before noon, the coastguard said.\n";
    let c = clean_article(&article(text));
    let kept: Vec<&str> = c.kept.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept[1].starts_with("All 112"));
    let reasons: Vec<DropReason> = c.dropped.iter().map(|d| d.reason).collect();
    assert_eq!(
        reasons,
        vec![
            DropReason::Heading,
            DropReason::Advertisement,
            DropReason::Paywall,
            DropReason::Paywall,
            DropReason::PriceList,
            DropReason::SharePrompt,
            DropReason::CrawlArtefact
        ]
    );
    assert_eq!(c.title.as_deref(), Some("Harbour ferry hits rocks"));
    for d in &c.dropped {
        assert_eq!(&text[d.start..d.end], d.text);
    }
}

#[test]
fn prose_a_line_beside_a_paywall_menu_is_all_kept() {
    let text = "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\nAll 112 passengers were taken off by lifeboats before noon, officials said.\nThe operator said the captain had twenty years of experience on the route.\nYou've hit your limit of {{free_limit}} free articles this month.\nSmart Quarterly\n₹900\n3 Months\nComplimentary Access to The Daily Planet\nNews, Games, Cooking and Audio\n\n\nArchives\nRepository of articles dating back to 1997\n";
    let kept = kept_sentences(text);
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(kept[2].starts_with("The operator said"));
    let dropped = reasons(text);
    assert!(
        dropped
            .iter()
            .all(|(r, _)| *r == DropReason::Paywall || *r == DropReason::PriceList),
        "{dropped:?}"
    );
    assert!(dropped
        .iter()
        .any(|(_, t)| t.starts_with("Complimentary Access")));
}

#[test]
fn a_junk_sentence_in_a_paragraph_goes_alone() {
    let text = "Rescuers pulled two fishermen from the water on Tuesday. Please enable Javascript to watch this video. The men were taken to the hospital in Marrow Harbour, the coastguard said.";
    assert_eq!(
        kept_sentences(text),
        vec![
            "Rescuers pulled two fishermen from the water on Tuesday.",
            "The men were taken to the hospital in Marrow Harbour, the coastguard said."
        ]
    );
    let c = clean_article(&article(text));
    assert_eq!(c.kept.len(), 2);
    assert_eq!(c.dropped[0].reason, DropReason::MediaPlayer);
}

#[test]
fn a_junk_phrase_run_into_a_sentence_takes_only_itself() {
    let text = "Play Facebook Twitter Embed rescuers pulled two fishermen from the cold water off Pell Island on Tuesday, the coastguard said.";
    let kept = kept_sentences(text);
    assert_eq!(
        kept,
        vec!["rescuers pulled two fishermen from the cold water off Pell Island on Tuesday, the coastguard said."]
    );
    assert_eq!(
        reasons(text),
        vec![(
            DropReason::MediaPlayer,
            "Play Facebook Twitter Embed".to_string()
        )]
    );
    // Too little left after the phrase: the sentence goes whole.
    let text = "Play Facebook Twitter Embed ferry news. The ferry left the harbour at noon on Tuesday with its passengers.";
    assert_eq!(kept_sentences(text).len(), 1);
}

#[test]
fn a_caption_run_into_the_article_goes_up_to_its_credit() {
    let text = "File - In this May 2 photo, a ferry sits at the pier in Marrow Harbour. (AP Photo/Mara Lindqvist) MARROW HARBOUR (AP) — The ferry operator said on Tuesday it would replace the whole fleet by next spring.";
    let kept = kept_sentences(text);
    assert_eq!(
        kept,
        vec!["The ferry operator said on Tuesday it would replace the whole fleet by next spring."]
    );
    let r: Vec<DropReason> = reasons(text).into_iter().map(|(r, _)| r).collect();
    assert!(
        r.contains(&DropReason::Caption) && r.contains(&DropReason::Dateline),
        "{r:?}"
    );
}

#[test]
fn a_json_object_is_data_not_prose() {
    let text = "{\"id\": 7, \"title\": \"Ferry hits rocks\", \"tags\": [\"ferry\", \"coast\"]}\n\nThe ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\n";
    assert_eq!(kept_sentences(text).len(), 1);
    assert_eq!(reasons(text)[0].0, DropReason::Code);
    // Brackets around prose are not data.
    let text =
        "[The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.]";
    assert!(reasons(text).iter().all(|(r, _)| *r != DropReason::Code));
}

#[test]
fn an_agency_credit_run_onto_a_paragraph_takes_only_itself() {
    // The paragraph does not end like a sentence and holds a credit: the credit goes, the
    // sentence before it stays.
    let text = "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\n\nThe island's harbour reopens on Friday after divers check the wreck. (Writing by Mara Lindqvist; Editing by Tom Ashby)\n";
    assert_eq!(
        kept_sentences(text),
        vec![
            "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.",
            "The island's harbour reopens on Friday after divers check the wreck."
        ]
    );
    let credit = "(Writing by Mara Lindqvist; Editing by Tom Ashby)";
    assert_eq!(reasons(text), [(DropReason::Credit, credit.to_string())]);
    // An agency graphic's caption before its credit is a caption, credit and all.
    let text = "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\n\nMap locates Pell Island off the northern coast. (Associated Press)\n";
    assert_eq!(kept_sentences(text).len(), 1);
    assert!(reasons(text).iter().all(|(r, _)| *r == DropReason::Caption));
}

#[test]
fn who_stands_where_in_a_picture_is_a_caption() {
    let text = "Ilse Varga (2nd L) and Mara Lindqvist (R) stand on the pier in Marrow Harbour with the crew. The ferry operator said on Tuesday it would replace the whole fleet by next spring.";
    assert_eq!(
        kept_sentences(text),
        vec!["The ferry operator said on Tuesday it would replace the whole fleet by next spring."]
    );
}

#[test]
fn a_sentence_inside_a_crawl_notice_goes_with_it() {
    let text = "These crawls are part of an effort to keep old pages. That way a reader can find the page later on. The Wayback Machine shows them. The council voted on Tuesday to close the bridge for the whole winter.";
    assert_eq!(
        kept_sentences(text),
        vec!["The council voted on Tuesday to close the bridge for the whole winter."]
    );
}

#[test]
fn headings_inside_the_article_are_its_structure() {
    let text = "Ferry strikes rocks off Pell Island\nThe ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\nHow the rescue unfolded\nAll 112 passengers were taken off by lifeboats before noon, officials said.\nMore ferry stories from the coast\n";
    let c = clean_article(&article(text));
    let structure: Vec<&str> = c.structure.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(structure, vec!["How the rescue unfolded"]);
    let dropped: Vec<&str> = c.dropped.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        dropped,
        vec![
            "Ferry strikes rocks off Pell Island",
            "More ferry stories from the coast"
        ]
    );
    assert_eq!(c.sentences.len(), 2);
}

#[test]
fn a_dateline_is_cut_from_its_sentence_with_exact_spans() {
    let text = "WASHINGTON (AP) — The Senate voted late on Tuesday to keep the ferry subsidy for another year.";
    let c = clean_article(&article(text));
    assert_eq!(c.dropped[0].reason, DropReason::Dateline);
    assert_eq!(c.dropped[0].text, "WASHINGTON (AP) —");
    let (_, r) = &c.sentences[0];
    assert!(text[r.clone()].starts_with("The Senate voted"));
}

#[test]
fn bylines_go_and_sentences_opening_with_by_stay() {
    let text = "By Mara Lindqvist, Associated Press Writer\nBy one vote, the coalition lost its majority in the council on Tuesday night.\nBy Tuesday, the ferry had been towed back to the harbour for repairs.";
    let kept = kept_sentences(text);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert_eq!(reasons(text)[0].0, DropReason::Byline);
}

#[test]
fn section_labels_are_named_as_such() {
    for label in ["Comments", "Latest News", "12 Comments", "Most Popular"] {
        assert_eq!(
            junk_reason(label),
            Some(DropReason::SectionLabel),
            "{label}"
        );
    }
    assert_eq!(
        junk_reason("Share this article"),
        Some(DropReason::SharePrompt)
    );
}

#[test]
fn a_line_introducing_a_quotation_is_kept() {
    // With a verb of saying: a sentence, for the quotation below it.
    let text = "The mayor spoke to reporters at the harbour on Tuesday after the rescue.\nLutz said he was happy to take part:\n\"The crew kept everyone calm,\" the mayor said after the rescue.";
    assert_eq!(kept_sentences(text).len(), 3);
    // Without: the article's structure, kept but not a sentence.
    let text = "The mayor spoke to reporters at the harbour on Tuesday after the rescue.\nThe Harbour Post reports:\n\"The crew kept everyone calm,\" the mayor said after the rescue.";
    let c = clean_article(&article(text));
    assert_eq!(c.sentences.len(), 2);
    assert_eq!(&text[c.structure[0].clone()], "The Harbour Post reports:");
    assert!(c.dropped.is_empty());
}

#[test]
fn error_pages_are_not_articles() {
    for page in [
        "Sorry, the page you requested was not found.",
        "Oops! The article you are looking for is no longer available on this site.",
        "404 - Page not found",
        "Page Not Found",
    ] {
        assert_eq!(junk_reason(page), Some(DropReason::ErrorPage), "{page}");
    }
    // A story about an error page is a story.
    let text = "Visitors to the ministry's website saw a page not found message for most of Tuesday, after the server was taken offline by the attack.";
    assert_eq!(junk_reason(text), None);
}

#[test]
fn prose_mentioning_subscribers_is_kept() {
    let text = "The streaming service said it gained four million subscribers in the quarter, beating what analysts had expected for the period.";
    assert_eq!(junk_reason(text), None);
    assert_eq!(
        junk_reason("Subscribers get more."),
        Some(DropReason::Paywall)
    );
}

#[test]
fn speaker_tags_are_cut_and_the_words_kept() {
    let text =
        "MARA LINDQVIST, HOST: The flood gates held overnight in the lower town, engineers said.";
    let c = clean_article(&article(text));
    assert_eq!(c.dropped[0].reason, DropReason::SpeakerTag);
    assert_eq!(
        &text[c.kept[0].clone()],
        "The flood gates held overnight in the lower town, engineers said."
    );
}

#[test]
fn repeated_paragraph_is_a_duplicate() {
    let text = "The dam held after three days of rain, the regional water board said on Friday.\nThe dam held after three days of rain, the regional water board said on Friday.";
    let c = clean_article(&article(text));
    assert_eq!(c.kept.len(), 1);
    assert_eq!(c.dropped[0].reason, DropReason::Duplicate);
}

#[test]
fn losing_most_of_a_source_is_warned_about() {
    let text = "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\nSubscribe now for unlimited access to every story we publish.\nYou've hit your limit of free articles this month, sign in or subscribe to read on.\nAlready a subscriber? Log in to read the rest of this article and many more.";
    let c = clean_article(&article(text));
    let w = c
        .loss_warning(budget_words(text), "a.txt")
        .expect("a warning");
    assert!(w.starts_with("a.txt: cleaning dropped"), "{w}");
    assert!(w.contains("paywall"), "{w}");
    let kept_all =
        "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.";
    assert_eq!(
        clean_article(&article(kept_all)).loss_warning(budget_words(kept_all), "b"),
        None
    );
    let junk = "Subscribe now for unlimited access.";
    let w = clean_article(&article(junk))
        .loss_warning(budget_words(junk), "c")
        .unwrap();
    assert!(w.contains("nothing left"), "{w}");
}

#[test]
fn paragraph_about_another_story_is_off_topic() {
    let a = "The dam at Kessler Reservoir held after three days of rain, the regional water board said on Friday, and engineers inspected the spillway.\nEngineers at Kessler Reservoir said the spillway and the dam wall showed no cracks after the rain.";
    let b = "Rain tested the Kessler Reservoir dam for three days; the water board said the dam wall held and engineers found the spillway sound.\nIn other news, a jazz festival downtown drew record crowds as saxophonists, drummers and singers performed across twelve stages under sunny skies through the weekend.";
    let story = Story {
        id: None,
        articles: vec![
            article_from_text(1, "a", a.into(), &mut Vec::new()),
            article_from_text(2, "b", b.into(), &mut Vec::new()),
        ],
        warnings: vec![],
    };
    let c = clean_story(&story, &CleanOptions::default(), &Tokenizer::default());
    assert_eq!(c[0].kept.len(), 2);
    assert_eq!(c[1].kept.len(), 1);
    assert_eq!(c[1].dropped[0].reason, DropReason::OffTopic);
}
