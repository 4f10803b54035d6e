//! Time per pipeline stage over a JSON-lines dataset, one cold pass: `cargo run --release -p chorus --example stages -- DATA.jsonl`.
use chorus::clean::{clean_story, CleanOptions};
use chorus::features::{represent, segment_story};
use chorus::group::{group_sentences, SAME_THING};
use chorus::ingest::stories_from_jsonl;
use chorus::represent::Tokenizer;
use chorus::select::{selector_by_name, Budget, SelectionInput};
use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages DATA.jsonl");
    let bytes = std::fs::read(&path).expect("readable data");
    let stories: Vec<_> = stories_from_jsonl(&path, &bytes)
        .into_iter()
        .filter_map(|r| r.ok())
        .map(|j| j.story)
        .collect();
    let mut t = [Duration::ZERO; 11];
    let ilp = selector_by_name("ilp").expect("ilp");
    for s in &stories {
        let tok = Tokenizer::default();
        let t0 = Instant::now();
        let mut cleaned = clean_story(s, &CleanOptions::default(), &tok);
        let t1 = Instant::now();
        let sentences = segment_story(s, &cleaned);
        let tokens: Vec<_> = cleaned
            .iter_mut()
            .flat_map(chorus::clean::CleanArticle::take_tokens)
            .collect();
        let feats = represent(&sentences, s.articles.len(), &tok, tokens);
        let t2 = Instant::now();
        let groups = group_sentences(&sentences, &feats, SAME_THING);
        let t3 = Instant::now();
        let input = SelectionInput::new(&groups, &sentences, &feats);
        let chosen = ilp.select(&input, Budget::Words(250));
        let t4 = Instant::now();
        std::hint::black_box(chosen);
        // As the brief does: the names are tagged once, for the quotes and the entities.
        let mentions = chorus::entities::find_mentions(s, &sentences);
        let tagged = Instant::now();
        t[10] += tagged - t4;
        let quotes = chorus::quotes::quotes_with(s, &cleaned, &sentences, &mentions);
        let t5 = Instant::now();
        t[5] += t5 - tagged;
        std::hint::black_box(chorus::facts::extract_facts(s, &sentences, &feats));
        let t6 = Instant::now();
        t[6] += t6 - t5;
        let speakers: Vec<String> = quotes.iter().filter_map(|q| q.speaker.clone()).collect();
        std::hint::black_box(chorus::entities::entities_of(mentions, &speakers));
        let t7 = Instant::now();
        t[7] += t7 - t6;
        std::hint::black_box(chorus::timeline::extract_timeline(
            s, &sentences, &feats, &groups,
        ));
        let t8 = Instant::now();
        t[8] += t8 - t7;
        std::hint::black_box(chorus::coverage::coverage(
            s.articles.len(),
            &sentences,
            &feats,
        ));
        t[9] += t8.elapsed();
        for (k, d) in [t1 - t0, t2 - t1, t3 - t2, t4 - t3].into_iter().enumerate() {
            t[k] += d;
        }
        t[4] += t4 - t0;
    }
    for (name, d) in [
        "clean",
        "segment+represent",
        "group",
        "select(ilp)",
        "total (no analyses)",
        "quotes",
        "facts",
        "entities",
        "timeline",
        "coverage",
        "names (tagger)",
    ]
    .iter()
    .zip(t)
    {
        println!("{name:<20} {:>8.1} ms", d.as_secs_f64() * 1000.0);
    }
}
