//! L3S-GN1 read as plain text: each annotated page laid out as lines with their gold label, and
//! the body lines cleaning keeps.

use super::*;

/// Gold labels of L3S-GN1 (the `x-nc-selN` classes).
pub(super) const L3S_LABELS: [&str; 6] = [
    "not content",
    "headline",
    "body",
    "supplemental",
    "related",
    "comments",
];

/// L3S-GN1 as plain text. Returns body-line recall.
pub(super) fn l3s(dir: &Path, list: usize) -> Result<f64> {
    // Lines and lines kept per label; words of body lines and of those kept.
    let mut lines = [0usize; 6];
    let mut kept = [0usize; 6];
    let (mut body_words, mut body_words_kept) = (0usize, 0usize);
    let mut drops = Drops::default();
    let mut lost: Vec<String> = Vec::new();
    let mut left: Vec<String> = Vec::new();
    // Body lines and those kept, on the pages of even and of odd position: rules are looked
    // at on the even half only (its losses are what `--list` prints), the odd half says whether
    // a change carries over to pages nobody read.
    let mut halves = [(0usize, 0usize); 2];
    // Non-content lines and those removed, by half.
    let mut halves_removed = [(0usize, 0usize); 2];
    // Body lines lost whose words are kept elsewhere on the page (a repeated paragraph kept once).
    let mut lost_repeated = 0usize;
    let pages = l3s_pages(dir)?;
    let n_pages = pages.len();
    for (row, page) in pages.into_iter().enumerate() {
        let Some(L3sPage {
            file,
            text,
            lines: page,
        }) = page
        else {
            continue;
        };
        let story = match story_from_texts(&[(file.to_string(), text.clone().into_bytes())]) {
            Ok(s) => s,
            Err(_) => continue,
        };
        let article = &story.articles[0];
        let analysis = chorus::analyse(&story, &Default::default());
        let clean = &analysis.cleaned[0];
        for d in &clean.dropped {
            drops.add(d.reason, budget_words(&d.text));
        }
        // Kept: in a kept sentence, or a line of the article's structure (a subheading, a list
        // item or table row between its paragraphs), which is its text but not a sentence.
        let mut kept_spans: Vec<Range<usize>> = clean
            .sentences
            .iter()
            .map(|(_, r)| r.clone())
            .chain(clean.structure.iter().cloned())
            .collect();
        kept_spans.sort_by_key(|r| r.start);
        let spans = line_spans(&page);
        let kept_lines: Vec<bool> = spans
            .iter()
            .map(|span| covered_bytes(&kept_spans, span) * 2 >= span.len())
            .collect();
        let kept_text: HashSet<&str> = page
            .iter()
            .zip(&kept_lines)
            .filter(|(_, &k)| k)
            .map(|((line, _), _)| line.as_str())
            .collect();
        for (((line, label), span), &is_kept) in page.iter().zip(&spans).zip(&kept_lines) {
            let l = *label as usize;
            lines[l] += 1;
            kept[l] += usize::from(is_kept);
            if l == 0 {
                halves_removed[row % 2].0 += 1;
                halves_removed[row % 2].1 += usize::from(!is_kept);
            }
            if l == 2 && !is_kept && kept_text.contains(line.as_str()) {
                lost_repeated += 1;
            }
            if l == 2 {
                halves[row % 2].0 += 1;
                halves[row % 2].1 += usize::from(is_kept);
                let w = budget_words(line);
                body_words += w;
                if is_kept {
                    body_words_kept += w;
                } else if row % 2 == 0 {
                    let reason = clean
                        .dropped
                        .iter()
                        .find(|d| d.start < span.end && span.start < d.end)
                        .map_or("not a sentence", |d| d.reason.as_str());
                    lost.push(format!("[{reason}] {}", snippet(line, 160)));
                }
            } else if l == 0 && is_kept && row % 2 == 0 && line.split_whitespace().count() >= 3 {
                left.push(snippet(line, 120));
            }
        }
        debug_assert_eq!(spans.last().map_or(0, |s| s.end), article.text.len());
    }
    let recall = kept[2] as f64 / lines[2].max(1) as f64;
    println!(
        "L3S-GN1 as plain text ({} pages): body lines kept {} of {} (recall {recall:.4}; by words {:.4})",
        n_pages,
        kept[2],
        lines[2],
        body_words_kept as f64 / body_words.max(1) as f64
    );
    println!(
        "  body-line recall on even pages (rules read) {:.4}, odd pages (not read) {:.4}",
        halves[0].1 as f64 / halves[0].0.max(1) as f64,
        halves[1].1 as f64 / halves[1].0.max(1) as f64
    );
    println!(
        "  body lines lost whose text is kept elsewhere on the page (a repeat kept once): {lost_repeated}; \
         recall counting them kept {:.4}",
        (kept[2] + lost_repeated) as f64 / lines[2].max(1) as f64
    );
    println!(
        "  non-content lines removed on even pages {:.4}, odd pages {:.4}",
        halves_removed[0].1 as f64 / halves_removed[0].0.max(1) as f64,
        halves_removed[1].1 as f64 / halves_removed[1].0.max(1) as f64
    );
    let removed = |l: usize| 1.0 - kept[l] as f64 / lines[l].max(1) as f64;
    let others: Vec<String> = [0usize, 1, 3, 4, 5]
        .iter()
        .map(|&l| format!("{} {:.3} of {}", L3S_LABELS[l], removed(l), lines[l]))
        .collect();
    println!("  share removed: {}", others.join("; "));
    println!("  dropped: {}", drops.line());
    for l in lost.iter().take(list) {
        println!("    lost body line: {l}");
    }
    for l in left.iter().take(list) {
        println!("    kept non-content line: {l}");
    }
    Ok(recall)
}

/// One annotated page of L3S-GN1 as plain text.
struct L3sPage {
    pub file: String,
    /// Its visible lines joined by newlines.
    pub text: String,
    /// Each line and its gold label (an index into `L3S_LABELS`).
    pub lines: Vec<(String, u8)>,
}

/// Every page of L3S-GN1 in the order of `l3s_gn1.jsonl` (its position decides which half it is
/// in: rules and models are read and chosen on the even pages, the odd ones only reported);
/// `None` for a page with no visible text.
fn l3s_pages(dir: &Path) -> Result<Vec<Option<L3sPage>>> {
    let rows = crate::extract_eval::jsonl(&dir.join("l3s_gn1.jsonl"))?;
    rows.iter()
        .map(|r| {
            let file = r["annotated_html_file"]
                .as_str()
                .context("line without annotated_html_file")?;
            let html = gunzip(&dir.join(file))?;
            let lines = render_lines(&String::from_utf8_lossy(&html));
            if lines.is_empty() {
                return Ok(None);
            }
            let text = lines
                .iter()
                .map(|(l, _)| l.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Some(L3sPage {
                file: file.to_string(),
                text,
                lines,
            }))
        })
        .collect()
}

/// The byte span of each line of a page in its text (lines joined by newlines).
fn line_spans(page: &[(String, u8)]) -> Vec<Range<usize>> {
    let mut at = 0;
    page.iter()
        .map(|(line, _)| {
            let span = at..at + line.len();
            at += line.len() + 1;
            span
        })
        .collect()
}

/// Bytes of `span` inside any of `spans` (sorted, not overlapping).
pub(super) fn covered_bytes(spans: &[Range<usize>], span: &Range<usize>) -> usize {
    spans
        .iter()
        .map(|s| s.end.min(span.end).saturating_sub(s.start.max(span.start)))
        .sum()
}

/// Elements whose content a reader does not see.
pub(super) const INVISIBLE: &[&str] = &[
    "head", "script", "style", "noscript", "select", "template", "iframe", "object", "title",
];

/// Elements that start a new line of text.
pub(super) const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The visible text of an annotated page, one block a line (white space collapsed), each line
/// with the gold label most of its characters carry. The annotation's own spans do not break
/// lines: the text is laid out as the original page would be.
pub(super) fn render_lines(html: &str) -> Vec<(String, u8)> {
    let dom = chorus_html::dom::parse(html);
    let mut out = Vec::new();
    let mut line = LineBuf::default();
    walk(&dom, dom.root(), 0, &mut line, &mut out);
    line.flush(&mut out);
    out
}

#[derive(Default)]
pub(super) struct LineBuf {
    text: String,
    chars_by_label: [usize; 6],
}

impl LineBuf {
    fn push(&mut self, s: &str, label: u8) {
        for w in s.split_whitespace() {
            if !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(w);
            self.chars_by_label[label as usize] += w.chars().count();
        }
    }

    fn flush(&mut self, out: &mut Vec<(String, u8)>) {
        if !self.text.is_empty() {
            let label = (0..6u8)
                .max_by_key(|&l| (self.chars_by_label[l as usize], std::cmp::Reverse(l)))
                .unwrap_or(0);
            out.push((std::mem::take(&mut self.text), label));
        }
        self.chars_by_label = [0; 6];
    }
}

pub(super) fn walk(
    dom: &Dom,
    id: usize,
    label: u8,
    line: &mut LineBuf,
    out: &mut Vec<(String, u8)>,
) {
    match dom.node(id) {
        NodeKind::Text(t) => line.push(t, label),
        NodeKind::Element(name) => {
            if INVISIBLE.contains(&name) || dom.attr(id, "hidden").is_some() {
                return;
            }
            if dom.attr(id, "style").is_some_and(|s| {
                let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                s.to_ascii_lowercase().contains("display:none")
            }) {
                return;
            }
            let label = dom
                .attr(id, "class")
                .and_then(|c| {
                    c.split_whitespace()
                        .find_map(|w| w.strip_prefix("x-nc-sel")?.parse::<u8>().ok())
                })
                .filter(|&l| l < 6)
                .unwrap_or(label);
            let block = BLOCKS.contains(&name);
            if block {
                line.flush(out);
            }
            let children: Vec<usize> = dom.children(id).collect();
            for c in children {
                walk(dom, c, label, line, out);
            }
            if block {
                line.flush(out);
            }
        }
    }
}
