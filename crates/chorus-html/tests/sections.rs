//! Sections of a page that are not the article, though they sit inside the article's region.

use chorus_html::{parse_page, PageOptions};

fn text_of(html: &str) -> String {
    parse_page(html.as_bytes(), &PageOptions::default())
        .unwrap()
        .text()
}

fn teasers(n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "<div class=\"item\"><p><a href=\"/t{i}\">Teaser {i}</a></p><p>Teaser {i} tells of lanterns, orchards, \
                 slow trains, winter markets and the many small things a reader might click on \
                 next, on a quiet afternoon, with tea.</p></div>"
            )
        })
        .collect()
}

/// A "you may like" section after a short article holds more text than the article, so the
/// rule for the article's last quarter cannot catch it; the section still goes, whole.
#[test]
fn a_section_opening_with_a_teaser_heading_goes_even_when_longer_than_the_article() {
    let html = format!(
        "<html><body><main>\
         <article class=\"post\"><h1>Harbour reopens</h1>\
         <p>The Tolly harbour reopened on Monday after two years of repairs to its sea wall, the \
         port authority said, and the first boats came in with the morning tide.</p></article>\
         <article class=\"post\"><h3>You may also like</h3>{}</article>\
         </main></body></html>",
        teasers(5)
    );
    let text = text_of(&html);
    assert!(text.contains("The Tolly harbour reopened"), "{text}");
    assert!(!text.contains("lanterns"), "{text}");
    assert!(!text.contains("You may also like"), "{text}");
}

/// A teaser box inside the article's body: the box goes, and the article goes on after it.
#[test]
fn a_teaser_box_amid_the_article_goes_alone() {
    let html = format!(
        "<html><body><article>\
         <p>The council voted on Tuesday to close the old bridge to cars from March, after an \
         inspection found cracks in two of its piers.</p>\
         <div class=\"box\"><h3>More from the council</h3>{}</div>\
         <p>Cyclists and walkers may still cross, and a ferry will run every twenty minutes \
         while the piers are rebuilt, the council said.</p>\
         </article></body></html>",
        teasers(2)
    );
    let text = text_of(&html);
    assert!(text.contains("inspection found cracks"), "{text}");
    assert!(
        text.contains("a ferry will run every twenty minutes"),
        "{text}"
    );
    assert!(!text.contains("lanterns"), "{text}");
}

/// A teaser heading that is the first text of a wrapper around the whole article ("Trending:"
/// atop the main column) opens no section: the article under it stays.
#[test]
fn a_teaser_heading_atop_the_page_column_does_not_take_the_article() {
    let html = "<html><body><div id=\"main\">\
        <div class=\"strip\"><h2>Trending</h2><ul><li><a href=\"/a\">Budget</a></li>\
        <li><a href=\"/b\">Storms</a></li></ul></div>\
        <div class=\"story\"><h1>Storm closes schools</h1>\
        <p>Schools across the valley closed on Thursday as the storm brought down trees and power \
        lines, and the county asked drivers to stay home.</p>\
        <p>Crews expect to restore power to most homes by Saturday evening, the utility said in a \
        statement on its website.</p></div>\
        </div></body></html>";
    let text = text_of(html);
    assert!(text.contains("Schools across the valley closed"), "{text}");
    assert!(text.contains("restore power to most homes"), "{text}");
}
