use super::*;

#[test]
fn visible_characters_are_counted_as_char_is_whitespace_says() {
    for t in [
        "",
        "plain words here",
        " \t\n\x0B\x0C\r",
        "café au lait",
        "a\u{a0}b\u{2003}c\u{3000}",
        "\x0Bx\x1Fy",
    ] {
        let plain = t.chars().filter(|c| !c.is_whitespace()).count();
        assert_eq!(visible_chars(t), plain, "{t:?}");
    }
}

#[test]
fn reading_times_layout_names_and_dated_copyright_lines_are_furniture() {
    for (line, reason) in [
        ("7 Min Read", "furniture"),
        ("12 minute read", "furniture"),
        ("small-screen-and-up", "furniture"),
        ("for-phone-onlyfor-tablet-up", "furniture"),
        (
            "Pages on this site are ©2024 Northgate Media Ltd.",
            "copyright",
        ),
        ("Text and photos © 2023 - the Wexley Courier", "copyright"),
    ] {
        assert_eq!(furniture_line(line), Some(reason), "{line}");
    }
    for line in [
        "Stratford-upon-Avon",
        "e-mail",
        "The ride takes 7 minutes to read the whole map.",
        "She read for 5 minutes.",
        "The © sign was added in 1909, the court heard.",
        "Up-to-date figures came later.",
    ] {
        assert_eq!(furniture_line(line), None, "{line}");
    }
}

#[test]
fn calls_to_action_are_furniture_and_reported_speech_is_not() {
    for line in [
        "Dana Pell covers the coast. Follow her on Twitter @danapell.",
        "Start the day with our briefing. Sign up for the free morning newsletter.",
        "Want more recipes? Subscribe to our newsletter!",
        "Get the county magazine through your door every month. Click here for details.",
    ] {
        assert_eq!(furniture_line(line), Some("call-to-action"), "{line}");
    }
    for line in [
        "Investigators will follow up on every lead, the sheriff said on Monday.",
        "“Follow me,” the guide told the hikers as the fog came down over the ridge.",
        "Residents were urged to sign up for flood alerts before the weekend.",
    ] {
        assert_eq!(furniture_line(line), None, "{line}");
    }
}

#[test]
fn ad_labels_in_other_languages_and_blog_widgets_are_furniture() {
    for line in [
        "Anzeige",
        "WERBUNG",
        "Publicité",
        "Tags:",
        "Like Loading...",
        "Sponsored Links",
    ] {
        assert_eq!(furniture_line(line), Some("furniture"), "{line}");
    }
    // Only the label alone: a sentence that mentions it is text.
    assert_eq!(
        furniture_line("Die Anzeige erschien am Montag in drei Zeitungen."),
        None
    );
}

#[test]
fn filing_lines_link_shortcodes_and_hidden_addresses_are_furniture() {
    for line in [
        "Filed under: Harbours, Weather",
        "Posted by Dana Pell on November 18, 2019, 6:21 AM",
        "18/11/2019 - Publicado por: Ana Lima - Categoria: Saúde - Tags: porto",
    ] {
        assert_eq!(furniture_line(line), Some("post-metadata"), "{line}");
    }
    let button =
        "[button link=\"https://example.org/send\" type=\"big\"] Send us your review[/button]";
    assert_eq!(furniture_line(button), Some("furniture"));
    assert_eq!(
        furniture_line("[javascript protected email address]"),
        Some("furniture")
    );
    for line in [
        // Prose that mentions a label, a sentence that starts like one, a code shortcode.
        "The tags: red, amber and green, mark how full each car park is.",
        "Posted in 2019, the video was seen four million times before it was taken down.",
        "[code lang=\"bash\"]ls -la /srv/harbour[/code]",
    ] {
        assert_eq!(furniture_line(line), None, "{line}");
    }
}

#[test]
fn styles_that_hide_are_told_in_any_case_and_spacing() {
    for style in [
        "display:none",
        "DISPLAY : None;",
        "color: red; visibility:\thidden",
    ] {
        assert!(style_hides(style), "{style}");
    }
    for style in ["display: block", "overflow: hidden", "border: none", ""] {
        assert!(!style_hides(style), "{style}");
    }
}

#[test]
fn a_quoted_posts_signature_is_not_a_dateline() {
    assert!(!is_dateline("— Dana Pell (@danapell) November 18, 2019"));
    assert!(is_dateline("Dana Pell, November 18, 2019"));
    assert!(is_dateline("Updated November 18, 2019"));
}

#[test]
fn furniture_words_are_found_in_any_case_and_only_whole() {
    for (word, reason, strong) in FURNITURE {
        assert!(
            word.len() <= 24 && *word == word.to_ascii_lowercase(),
            "{word}"
        );
        assert_eq!(furniture_word(word), Some((*reason, *strong)));
        assert_eq!(
            furniture_word(&word.to_ascii_uppercase()),
            Some((*reason, *strong))
        );
    }
    let mut words: Vec<&str> = FURNITURE.iter().map(|e| e.0).collect();
    words.sort_unstable();
    words.dedup();
    assert_eq!(words.len(), FURNITURE.len(), "a word listed twice");
    assert_eq!(furniture_word("relate"), None);
    assert_eq!(furniture_word("relatedposts"), None);
    assert_eq!(furniture_word(&"related".repeat(5)), None);
    assert_eq!(furniture_word("commenté"), None);
    // A caption named in camel case is a caption (weak, as "caption").
    assert_eq!(
        furniture_word("imageEmbedCaption"),
        Some(("caption", false))
    );
    assert_eq!(furniture_word("PhotoCaption"), Some(("caption", false)));
    assert_eq!(furniture_word("captionless"), None);
}
