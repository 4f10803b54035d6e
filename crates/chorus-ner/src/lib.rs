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
pub mod tokenize;
pub mod train;

pub use features::Word;
pub use labels::{Kind, Span};
pub use model::{Model, ModelError};

/// A loaded tagger.
pub struct Tagger {
    model: Model,
}

impl Tagger {
    /// Reads a model file (`chorus train-ner --out`).
    pub fn from_bytes(gzipped: &[u8]) -> Result<Tagger, ModelError> {
        Ok(Tagger {
            model: Model::read(gzipped)?,
        })
    }

    pub fn from_model(model: Model) -> Tagger {
        Tagger { model }
    }

    /// The names of every sentence of one document (a list of sentences, each a list of tokens).
    /// The document matters: a word written in lower case elsewhere in it is less likely a name.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Span>> {
        let words: Vec<Vec<Word>> = sentences
            .iter()
            .map(|s| s.iter().map(|t| Word::new(t)).collect())
            .collect();
        self.model.tag_document(&words)
    }
}

/// The model that ships with Chorus (`model/ner.bin.gz`), loaded once.
pub fn builtin() -> Result<&'static Tagger, ModelError> {
    static MODEL: &[u8] = include_bytes!("../model/ner.bin.gz");
    static TAGGER: std::sync::OnceLock<Result<Tagger, String>> = std::sync::OnceLock::new();
    match TAGGER.get_or_init(|| Tagger::from_bytes(MODEL).map_err(|e| e.to_string())) {
        Ok(t) => Ok(t),
        Err(_) => Err(ModelError::NotAModel),
    }
}
