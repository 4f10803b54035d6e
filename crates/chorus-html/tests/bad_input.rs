//! Hostile and broken pages: each gives a clear error or a sensible result, in bounded time and
//! memory, without overflowing the stack.

use chorus_html::{looks_like_html, parse_page, HtmlError, PageOptions, MAX_PAGE_BYTES};

fn page(bytes: &[u8]) -> Result<chorus_html::Page, HtmlError> {
    parse_page(bytes, &PageOptions::default())
}

#[test]
fn nesting_a_hundred_thousand_deep_keeps_the_text() {
    let depth = 100_000;
    for tag in ["div", "span", "p", "li", "table"] {
        let html = format!(
            "<html><body>{}The buried sentence says something true.{}</body></html>",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        );
        let p = page(html.as_bytes()).unwrap();
        assert!(
            p.text()
                .contains("The buried sentence says something true."),
            "{tag}: {:?}",
            p.text()
        );
    }
    // Unclosed, and closed in the wrong order.
    let html = format!("{}x y z.", "<div><b><i>".repeat(50_000));
    assert!(page(html.as_bytes()).is_ok());
}

#[test]
fn a_fifty_megabyte_page_is_read_up_to_the_cap() {
    let para = "<p>The council met again on Tuesday to vote on the harbour plan, and the vote passed.</p>\n";
    let mut html = String::from("<html><body><article>");
    while html.len() < 50 << 20 {
        html.push_str(para);
    }
    html.push_str("<p>END-MARKER beyond the cap.</p></article></body></html>");
    let p = page(html.as_bytes()).unwrap();
    let text = p.text();
    assert!(text.contains("the harbour plan"));
    assert!(!text.contains("END-MARKER"), "text past the cap was read");
    assert!(text.len() < MAX_PAGE_BYTES);
}

#[test]
fn pages_without_body_or_text_give_no_blocks_and_empty_input_an_error() {
    assert_eq!(page(b"").unwrap_err(), HtmlError::Empty);
    assert_eq!(page(b"  \n\t ").unwrap_err(), HtmlError::Empty);
    for html in [
        &b"<html><head><title>Only a title</title></head></html>"[..],
        b"<html><body></body></html>",
        b"<html><body><script>var a = 1;</script><img src=x></body></html>",
        b"<!DOCTYPE html>",
    ] {
        let p = page(html).unwrap();
        assert!(p.blocks.is_empty(), "{:?}", p.blocks);
    }
}

#[test]
fn a_binary_file_named_html_is_refused() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..5000u32).map(|i| (i * 7919 % 251) as u8));
    assert_eq!(page(&png).unwrap_err(), HtmlError::Binary);
    assert!(!looks_like_html(&png));
}

#[test]
fn a_wrong_declared_charset_still_reads_the_text() {
    // Declares UTF-8, is Windows-1252.
    let html = b"<html><head><meta charset=\"utf-8\"></head><body><article>\
        <p>Der Stadtrat hat am Dienstag \xfcber den Hafenplan abgestimmt, und die Mehrheit war gro\xdf.</p>\
        <p>Die B\xfcrgermeisterin sagte, der Bau beginne im Fr\xfchjahr und dauere zwei Jahre lang.</p>\
        </article></body></html>";
    let p = page(html).unwrap();
    assert!(p.text().contains("über den Hafenplan"), "{}", p.text());
    // Declares Shift_JIS, is UTF-8.
    let html = "<meta charset=shift_jis><body><p>Le conseil a voté mardi : la réforme du port est adoptée, dit la maire.</p></body>";
    let p = page(html.as_bytes()).unwrap();
    assert!(p.text().contains("voté mardi"), "{}", p.text());
}

#[test]
fn unbalanced_markup_and_entities_do_not_lose_text() {
    let html = "<body><div><p>First &amp; foremost, the vote passed on Tuesday after a long debate.<p>Second, \
        the mayor said &#8220;work starts in spring&#8221; and nobody objected to it.</div></span></table>";
    let p = page(html.as_bytes()).unwrap();
    let text = p.text();
    assert!(text.contains("First & foremost"), "{text}");
    assert!(text.contains("“work starts in spring”"), "{text}");
    assert_eq!(p.blocks.len(), 2);
}

#[test]
fn an_article_in_another_script_is_extracted() {
    let html = "<html lang=\"ja\"><body><nav><a href=/>ホーム</a></nav><article>\
        <p>東京都は火曜日、新しい防災計画を発表した。計画では、避難所の数を二倍に増やす。</p>\
        <p>知事は記者会見で「市民の安全が最優先だ」と述べた。</p></article></body></html>";
    let p = page(html.as_bytes()).unwrap();
    assert_eq!(p.meta.language.as_deref(), Some("ja"));
    assert!(p.text().contains("防災計画"));
    assert!(!p.text().contains("ホーム"));
}

/// Runs of what makes a tokenizer back up or look ahead: each page of a few megabytes parses
/// (in linear time: a quadratic tokenizer would take hours on these) and keeps the text after.
#[test]
fn tokenizer_worst_cases_are_read_through() {
    let n = 1 << 20;
    let tail = "<p>The harbour plan passed on Tuesday after a long debate.</p>";
    for prefix in [
        "<".repeat(n),
        "&".repeat(n),
        "&#".repeat(n / 2),
        "&amp".repeat(n / 4),
        "</".repeat(n / 2),
        "<!-".repeat(n / 3),
        format!("<p{}>", " a=1".repeat(n / 4)),
        format!("<p class=\"{}\">", "x".repeat(n)),
        format!(
            "<script type=application/ld+json>{}--></script>",
            "<!--".repeat(n / 4)
        ),
    ] {
        let html = format!("<html><body>{prefix}{tail}</body></html>");
        let p = page(html.as_bytes()).unwrap();
        assert!(
            p.text().contains("harbour plan passed"),
            "lost after {:?}",
            &prefix[..20]
        );
    }
    // Never closed: a comment, a quoted attribute, a title take the rest of the page with them.
    for open in ["<!-- ", "<p class=\"x", "<title>"] {
        let html = format!(
            "<html><body><p>Before it.</p>{open}{}{tail}",
            "y ".repeat(n / 2)
        );
        let p = page(html.as_bytes()).unwrap();
        assert!(!p.text().contains("harbour plan"), "{open}: {:?}", p.text());
    }
}
