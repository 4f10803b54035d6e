//! Where the article is: the text that votes for a container, and the text that must not.

use chorus_html::{parse_page, PageOptions};

/// A short article beside a long list of other articles' teasers under a "you may like" heading
/// (here in Portuguese, as on the page that taught us this): the teasers have more text and more
/// commas, but they are not the article.
#[test]
fn teasers_under_a_you_may_like_heading_do_not_outvote_a_short_article() {
    let teaser = |n: usize| {
        format!(
            "<div class=\"c{n}\"><p>Teaser number {n}, about gardens, rivers, long walks, old friends, \
             quiet evenings and the small, patient habits that make a day feel full, kind and worth \
             remembering, again and again.</p></div>"
        )
    };
    let html = format!(
        "<html><body>\
         <div class=\"a\"><h1>Harbour reopens</h1>\
         <p>The Tolly harbour reopened on Monday after two years of repairs to its sea wall.</p>\
         <p>Fishing boats returned by noon, and the ferry to Marrow runs again from Friday.</p></div>\
         <div class=\"b\"><h3>Você pode gostar...</h3>{}</div>\
         </body></html>",
        (1..=6).map(teaser).collect::<String>()
    );
    let page = parse_page(html.as_bytes(), &PageOptions::default()).unwrap();
    let text = page.text();
    assert!(text.contains("The Tolly harbour reopened"), "{text}");
    assert!(text.contains("ferry to Marrow"), "{text}");
}

/// A post embedded in the article (a tweet it quotes) is part of the article; a share bar beside
/// it is not, though both carry the word "social" in their class.
#[test]
fn an_embedded_post_is_kept_and_a_share_bar_dropped() {
    let html = "<html><body><article>\
        <p>The county's new road-safety slogan drew mockery online within hours of its launch on Monday.</p>\
        <div class=\"social-media-embed\"><blockquote>Who approved this slogan? Asking for the whole county. \
        — Dana Pell (@danapell) November 18, 2019</blockquote></div>\
        <p>Officials said the campaign cost about half a million dollars and would run until spring.</p>\
        <div class=\"social-share\"><p>Share on Facebook</p><p>Share on Twitter</p></div>\
        </article></body></html>";
    let page = parse_page(html.as_bytes(), &PageOptions::default()).unwrap();
    let text = page.text();
    assert!(text.contains("Who approved this slogan?"), "{text}");
    assert!(text.contains("half a million dollars"), "{text}");
    assert!(!text.contains("Share on Facebook"), "{text}");
}
