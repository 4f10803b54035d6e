//! `chorus learn-boilerplate`: learns the boilerplate table the cleaner ships
//! (`crates/chorus/src/clean/boilerplate_pairs.bin`) from a training split: pairs of consecutive
//! sentences that recur in at least `--min-stories` different stories. Only 64-bit hashes of the
//! pairs are written; no text leaves the training data. The threshold was chosen on the
//! validation split (`docs/cleaning.md`): at 5 stories the table starts to hold photo-gallery
//! captions that read as news; at 10 every pair it drops there is furniture.

use anyhow::{Context, Result};
use chorus::clean::boilerplate::{pair_hash, sentence_hash};
use chorus::clean::raw_sentences;
use chorus::ingest::{stories_from_jsonl, JsonStory};
use clap::Args;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

#[derive(Args)]
pub struct LearnBoilerplateArgs {
    /// Training stories: JSON lines (`.jsonl`, or `.jsonl.gz` as Multi-News+ ships them).
    train: PathBuf,
    /// A pair of sentences is boilerplate when this many different stories hold it.
    #[arg(long, default_value_t = 10)]
    min_stories: u32,
    /// Where to write the table (sorted little-endian u64 hashes).
    #[arg(long)]
    out: PathBuf,
    /// Print this many of the kept pairs, rarest first, to read what the table holds.
    #[arg(long, default_value_t = 0)]
    show: usize,
}

/// The sentence hashes of an article, in order (None: a sentence with no letter or digit).
fn sentence_hashes(text: &str) -> Vec<Option<u64>> {
    raw_sentences(text)
        .into_iter()
        .map(|r| sentence_hash(&text[r]))
        .collect()
}

fn pairs_of(hashes: &[Option<u64>]) -> impl Iterator<Item = (usize, u64)> + '_ {
    hashes.windows(2).enumerate().filter_map(|(i, w)| match w {
        [Some(x), Some(y)] => Some((i, pair_hash(*x, *y))),
        _ => None,
    })
}

pub fn cmd_learn_boilerplate(a: LearnBoilerplateArgs) -> Result<()> {
    let bytes = crate::input::read_maybe_gz(&a.train)?;
    let stories: Vec<JsonStory> = stories_from_jsonl(&a.train.display().to_string(), &bytes)
        .into_iter()
        .flatten()
        .collect();
    // Pass 1: in how many stories each pair occurs.
    let mut count: FxHashMap<u64, (u32, usize)> = FxHashMap::default();
    let mut articles = 0usize;
    for (si, story) in stories.iter().enumerate() {
        for article in &story.story.articles {
            articles += 1;
            for (_, key) in pairs_of(&sentence_hashes(&article.text)) {
                let e = count.entry(key).or_insert((0, usize::MAX));
                if e.1 != si {
                    e.0 += 1;
                    e.1 = si;
                }
            }
        }
    }
    println!(
        "{} stories, {articles} articles, {} distinct sentence pairs",
        stories.len(),
        count.len()
    );
    for k in [3, 5, 10, 20, 50, 100] {
        let n = count.values().filter(|(c, _)| *c >= k).count();
        println!("  pairs in at least {k:>3} stories: {n}");
    }
    let frequent: FxHashSet<u64> = count
        .iter()
        .filter(|(_, (c, _))| *c >= a.min_stories)
        .map(|(h, _)| *h)
        .collect();
    // Pass 2, for --show: an example of each frequent pair.
    let mut examples: FxHashMap<u64, String> = FxHashMap::default();
    if a.show > 0 {
        for article in stories.iter().flat_map(|s| &s.story.articles) {
            let spans = raw_sentences(&article.text);
            let hashes: Vec<Option<u64>> = spans
                .iter()
                .map(|r| sentence_hash(&article.text[r.clone()]))
                .collect();
            for (i, key) in pairs_of(&hashes) {
                if frequent.contains(&key) && !examples.contains_key(&key) {
                    let (x, y) = (
                        &article.text[spans[i].clone()],
                        &article.text[spans[i + 1].clone()],
                    );
                    examples.insert(key, format!("{x} / {y}"));
                }
            }
        }
        let mut shown: Vec<(u32, &String)> = frequent
            .iter()
            .map(|k| (count[k].0, &examples[k]))
            .collect();
        shown.sort();
        for (c, text) in shown.iter().take(a.show) {
            println!("  {c:>5}  {}", text.chars().take(200).collect::<String>());
        }
    }
    let mut table: Vec<u64> = frequent.into_iter().collect();
    table.sort_unstable();
    let bytes: Vec<u8> = table.iter().flat_map(|h| h.to_le_bytes()).collect();
    std::fs::write(&a.out, bytes).with_context(|| format!("cannot write {}", a.out.display()))?;
    println!(
        "wrote {} pairs (in at least {} stories) to {}",
        table.len(),
        a.min_stories,
        a.out.display()
    );
    Ok(())
}

/// `chorus learn-word-classes`: the table of what part of speech a word usually is, which facts
/// read to tell what a number counts (`chorus::facts::word_class`). Learned from a
/// part-of-speech gold set in JSON lines with `tokens` and `pos` (CoNLL-2003's training split,
/// Penn Treebank tags). Proper-noun tags are left out: a capitalised name says nothing of what
/// the word is in lower case ("United States" against "11 states").
#[derive(Args)]
pub struct LearnWordClassesArgs {
    /// Training sentences: JSON lines (`.jsonl` or `.jsonl.gz`) with `tokens` and `pos`.
    train: PathBuf,
    /// Where to write the table (sorted little-endian u32 entries).
    #[arg(long)]
    out: PathBuf,
}

pub fn cmd_learn_word_classes(a: LearnWordClassesArgs) -> Result<()> {
    use chorus::facts::word_class::{entry, WordClass, MIN_COUNT};
    let bytes = crate::input::read_maybe_gz(&a.train)?;
    let text = String::from_utf8(bytes).context("the training file is not UTF-8")?;
    let mut counts: FxHashMap<String, [u32; 4]> = FxHashMap::default();
    let mut tokens = 0usize;
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("line {}", n + 1))?;
        let words = v["tokens"].as_array().context("a line without tokens")?;
        let tags = v["pos"].as_array().context("a line without pos tags")?;
        for (w, t) in words.iter().zip(tags) {
            let (Some(w), Some(t)) = (w.as_str(), t.as_str()) else {
                continue;
            };
            tokens += 1;
            if t == "NNP" || !w.chars().any(char::is_alphabetic) {
                continue;
            }
            counts.entry(w.to_lowercase()).or_default()[WordClass::of_tag(t) as usize] += 1;
        }
    }
    let classes = [
        WordClass::Noun,
        WordClass::Plural,
        WordClass::Modifier,
        WordClass::Other,
    ];
    let mut table: Vec<u32> = counts
        .iter()
        .filter(|(_, c)| c.iter().sum::<u32>() >= MIN_COUNT)
        .map(|(w, c)| {
            // The most frequent class; a tie goes to the earlier (noun before modifier).
            let best = (0..4).fold(0, |b, k| if c[k] > c[b] { k } else { b });
            entry(w, classes[best])
        })
        .collect();
    table.sort_unstable();
    table.dedup();
    let bytes: Vec<u8> = table.iter().flat_map(|e| e.to_le_bytes()).collect();
    std::fs::write(&a.out, bytes).with_context(|| format!("cannot write {}", a.out.display()))?;
    println!(
        "{tokens} tokens, {} distinct words; wrote {} (seen at least {MIN_COUNT} times) to {}",
        counts.len(),
        table.len(),
        a.out.display()
    );
    Ok(())
}
