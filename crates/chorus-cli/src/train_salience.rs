//! `chorus train-salience`: learns the concept salience model the `ilp` method ships
//! (`crates/chorus/src/select/salience.json`) from a training split. Every bigram concept of a
//! story is an example, labelled by whether the story's reference summary holds the same two
//! stems in a row; the model is a logistic regression over the binned features of
//! `chorus::select::salience`. Only weights are written, no text of the training data.

use anyhow::{bail, Context, Result};
use chorus::brief::analyse_with;
use chorus::ingest::stories_from_jsonl;
use chorus::ingest::JsonStory;
use chorus::represent::Tokenizer;
use chorus::select::salience::{
    centralities, concept_features, fit, group_sources, sentence_features, Examples, LinearModel,
    SalienceModel, CONCEPT, SENTENCE,
};
use clap::Args;
use rustc_hash::FxHashSet;
use std::path::PathBuf;

#[derive(Args)]
pub struct TrainSalienceArgs {
    /// Training stories with reference summaries: JSON lines (`.jsonl`, or `.jsonl.gz` as
    /// Multi-News+ ships them).
    train: PathBuf,
    /// Where to write the model (JSON).
    #[arg(long)]
    out: PathBuf,
    /// Learn from the first N stories only (0: all).
    #[arg(long, default_value_t = 0)]
    stories: usize,
    /// Passes over the examples.
    #[arg(long, default_value_t = 2)]
    epochs: usize,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = 1e-6)]
    l2: f32,
    /// AdaGrad learning rate.
    #[arg(long, default_value_t = 0.05)]
    rate: f32,
}

/// One story analysed, with its reference summaries' concept bigrams (pairs of stems).
struct Labelled {
    analysis: chorus::brief::Analysis,
    in_summary: FxHashSet<(u32, u32)>,
}

fn labelled(story: &chorus::Story, summaries: &[String]) -> Labelled {
    let tok = Tokenizer::default();
    let analysis = analyse_with(story, &Default::default(), &tok);
    let mut in_summary: FxHashSet<(u32, u32)> = FxHashSet::default();
    for summary in summaries {
        let tokens = tok.tokens(summary);
        for w in tokens.windows(2) {
            if !(w[0].stop && w[1].stop) {
                in_summary.insert((w[0].stem, w[1].stem));
            }
        }
    }
    Labelled {
        analysis,
        in_summary,
    }
}

impl Labelled {
    /// Whether each concept of the story is in the summary.
    fn concept_labels(&self) -> Vec<bool> {
        self.analysis
            .features
            .bigram_words
            .iter()
            .map(|w| self.in_summary.contains(&w.stems))
            .collect()
    }
}

pub fn cmd_train_salience(a: TrainSalienceArgs) -> Result<()> {
    let bytes = crate::input::read_maybe_gz(&a.train)?;
    let name = a.train.display().to_string();
    let stories: Vec<JsonStory> = stories_from_jsonl(&name, &bytes)
        .into_iter()
        .flatten()
        .filter(|s| !s.summaries.is_empty())
        .take(if a.stories > 0 { a.stories } else { usize::MAX })
        .collect();
    if stories.is_empty() {
        bail!("{name} holds no story with a reference summary to learn from");
    }
    // Pass 1: concepts.
    let mut concepts = Examples::new(&CONCEPT);
    for s in &stories {
        let l = labelled(&s.story, &s.summaries);
        let central = centralities(&l.analysis.features);
        let (feats, _) = concept_features(&l.analysis.sentences, &l.analysis.features, &central);
        for (x, y) in feats.iter().zip(l.concept_labels()) {
            concepts.push(x, y as u8 as f32);
        }
    }
    let concept_model = fit(&CONCEPT, &concepts, a.epochs, a.l2, a.rate);
    eprintln!(
        "{} stories, {} concepts ({:.1}% in their summary): log-loss {:.4}",
        stories.len(),
        concepts.len(),
        100.0 * concepts.targets.iter().sum::<f32>() as f64 / concepts.len() as f64,
        concepts.log_loss(&concept_model)
    );
    drop(concepts);
    // Pass 2: sentences, with the concept model's probabilities as a feature. The target is
    // the share of a sentence's concepts that are in the summary.
    let mut sentences = Examples::new(&SENTENCE);
    for s in &stories {
        let l = labelled(&s.story, &s.summaries);
        let (an, f) = (&l.analysis, &l.analysis.features);
        let central = centralities(f);
        let (feats, sources) = concept_features(&an.sentences, f, &central);
        let p: Vec<f32> = feats.iter().map(|x| concept_model.probability(x)).collect();
        let labels = l.concept_labels();
        let sentence_feats = sentence_features(
            &an.sentences,
            f,
            &central,
            &p,
            &sources,
            &group_sources(an.sentences.len(), &an.groups),
        );
        for (x, sf) in sentence_feats.iter().zip(&f.sentences) {
            if sf.bigrams.is_empty() {
                continue;
            }
            let hit = sf.bigrams.iter().filter(|&&b| labels[b as usize]).count();
            sentences.push(x, hit as f32 / sf.bigrams.len() as f32);
        }
    }
    let sentence_model = fit(&SENTENCE, &sentences, a.epochs, a.l2, a.rate);
    eprintln!(
        "{} sentences (mean share of concepts in the summary {:.3}): log-loss {:.4}",
        sentences.len(),
        sentences.targets.iter().sum::<f32>() as f64 / sentences.len() as f64,
        sentences.log_loss(&sentence_model)
    );
    let file = a
        .train
        .file_name()
        .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
    let model = SalienceModel {
        trained_on: format!(
            "{file}: the first {} stories with a summary; {} epochs, l2 {}, rate {} (chorus train-salience)",
            stories.len(),
            a.epochs,
            a.l2,
            a.rate
        ),
        concepts: LinearModel::from_linear(&CONCEPT, &concept_model),
        sentences: LinearModel::from_linear(&SENTENCE, &sentence_model),
    };
    std::fs::write(&a.out, serde_json::to_string(&model)? + "\n")
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    eprintln!("wrote {}", a.out.display());
    Ok(())
}
