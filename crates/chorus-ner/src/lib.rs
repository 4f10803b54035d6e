//! Finds the names of people, organisations, places and other things in news text.
//!
//! The tagger is an averaged structured perceptron over BILOU labels (`labels`), reading rich
//! features of each word and its neighbours (`features`), word clusters and a gazetteer learned
//! from data (`lexicon`), decoded with Viterbi (`model`). It is trained by `chorus train-ner` on
//! CoNLL-2003 (`train`) and scored as conlleval does (`eval`). Text is split into tokens the way
//! the training data was (`tokenize`), each a byte span, so names come back exactly as written.

pub mod clusters;
pub mod eval;
pub mod features;
pub mod labels;
pub mod lexicon;
pub mod model;
mod tagger;
pub mod tokenize;
pub mod train;

pub use features::Word;
pub use labels::{Kind, Span};
pub use model::{Model, ModelError};
pub use tagger::Tagger;

/// The model that ships with Chorus (`model/ner.bin.gz`), loaded once.
pub fn builtin() -> Result<&'static Tagger, ModelError> {
    static MODEL: &[u8] = include_bytes!("../model/ner.bin.gz");
    static TAGGER: std::sync::OnceLock<Result<Tagger, String>> = std::sync::OnceLock::new();
    match TAGGER.get_or_init(|| Tagger::from_bytes(MODEL).map_err(|e| e.to_string())) {
        Ok(t) => Ok(t),
        Err(_) => Err(ModelError::NotAModel),
    }
}
