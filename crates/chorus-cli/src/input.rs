//! Reading inputs for the commands: files, directories, stdin, JSON lines.

use anyhow::{bail, Context, Result};
use chorus::ingest::{stories_from_jsonl, story_from_inputs, Input, JsonStory};
use chorus::Story;
use chorus_fetch::{fetch, is_url, FetchOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A gzip file's bytes, unpacked.
pub(crate) fn gunzip(path: &Path) -> Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .with_context(|| format!("cannot gunzip {}", path.display()))?;
    Ok(out)
}

/// A file's bytes, unpacked when its name ends in `.gz` (the data sets ship both ways).
pub(crate) fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
    if path.extension().is_some_and(|e| e == "gz") {
        gunzip(path)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

/// Input files larger than this are refused before reading (the library cuts articles further).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// A unit of work: one story, or one line of a JSON-lines file that failed to parse.
pub type StoryResult = std::result::Result<JsonStory, chorus::ChorusError>;

pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.len() > MAX_INPUT_BYTES {
        bail!(
            "{}: {} bytes is more than the {} bytes an input may have",
            path.display(),
            meta.len(),
            MAX_INPUT_BYTES
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)
        .context("reading standard input")?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        bail!("standard input is more than {} bytes", MAX_INPUT_BYTES);
    }
    Ok(buf)
}

fn is_jsonl(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson" | "json")
    )
}

/// Expands directories (sorted, non-recursive, hidden files skipped) into files.
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" || p.to_str().is_some_and(is_url) {
            out.push(p.clone());
        } else if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|e| {
                    e.is_file()
                        && !e
                            .file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with('.'))
                })
                .collect();
            entries.sort();
            if entries.is_empty() {
                bail!("{}: directory has no files", p.display());
            }
            out.extend(entries);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Reads the inputs as stories. JSON-lines files give one story per line; all other inputs
/// together form one story, one article per file or URL (stdin when no input is given or for
/// `-`); text and HTML pages alike. A URL that cannot be fetched is left out, and the story
/// says so in its warnings (stderr, the brief's `warnings`): the brief is made from the rest.
/// With `multinews`, a plain input is one story whose articles are separated by `|||||`.
pub fn read_stories(inputs: &[PathBuf], multinews: bool) -> Result<Vec<StoryResult>> {
    let files = if inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        expand(inputs)?
    };
    let mut stories = Vec::new();
    let mut texts: Vec<Input> = Vec::new();
    let fetch_options = FetchOptions::default();
    let mut failed_urls: Vec<String> = Vec::new();
    for f in &files {
        if let Some(url) = f.to_str().filter(|s| is_url(s)) {
            match fetch(url, &fetch_options) {
                Ok(input) => texts.push(input),
                Err(e) => failed_urls.push(format!("left out, could not be fetched: {e:#}")),
            }
            continue;
        }
        let (name, bytes) = if f.as_os_str() == "-" {
            ("stdin".to_string(), read_stdin()?)
        } else {
            (f.display().to_string(), read_file(f)?)
        };
        if f.as_os_str() != "-" && chorus_warc::is_warc(f) {
            // A WARC file's HTML pages are articles of the story, as if each were a file.
            let pages = chorus_warc::pages_from_warc(&bytes);
            // Said with the story's warnings (stderr, the brief's `warnings`).
            failed_urls.extend(pages.summary(&name));
            texts.extend(pages.pages);
        } else if f.as_os_str() != "-" && is_jsonl(f) {
            stories.extend(stories_from_jsonl(&name, &bytes));
        } else if multinews {
            stories.push(
                chorus::ingest::story_from_multinews(&name, &bytes).map(|story| JsonStory {
                    story,
                    summaries: vec![],
                }),
            );
        } else {
            texts.push(Input {
                name,
                bytes,
                ..Input::default()
            });
        }
    }
    if !failed_urls.is_empty() && texts.is_empty() && stories.is_empty() {
        bail!("no input could be read: {}", failed_urls.join("; "));
    }
    if !texts.is_empty() {
        stories.push(story_from_inputs(&texts).map(|mut story| {
            story.warnings.extend(failed_urls);
            JsonStory {
                story,
                summaries: vec![],
            }
        }));
    }
    Ok(stories)
}

/// Label of a story in messages.
pub fn story_label(story: &Story) -> String {
    story.id.clone().unwrap_or_else(|| {
        story
            .articles
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The byte offset of each character of `text`, and its length after the last: gold sets
/// written in Python count characters, Rust slices bytes.
pub fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect()
}
