//! Sentence embeddings as an optional input to selection. The library does no I/O and knows no
//! model: a caller that has one (the CLI loads all-MiniLM-L6-v2 from `chorus-embed`) hands it in
//! through [`BriefOptions::embedder`](crate::BriefOptions); without one, word overlap alone decides.

use std::fmt;
use std::sync::Arc;

/// Anything that turns sentences into vectors whose cosine says how alike they mean.
pub trait SentenceEmbedder: Send + Sync {
    /// One vector per text, in order.
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>>;
}

/// A shared embedder, cheap to clone with the options that carry it.
#[derive(Clone)]
pub struct Embedder(pub Arc<dyn SentenceEmbedder>);

impl fmt::Debug for Embedder {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Embedder")
    }
}

/// A stand-in model for tests: sentences holding any of the words get one vector, every other
/// sentence its own.
#[cfg(test)]
pub(crate) struct KeywordEmbedder(pub &'static [&'static str]);

#[cfg(test)]
impl SentenceEmbedder for KeywordEmbedder {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut v = vec![0.0; 64];
                let keyed = self.0.iter().any(|w| t.contains(w));
                v[if keyed { 0 } else { 1 + i % 63 }] = 1.0;
                v
            })
            .collect()
    }
}

/// Cosine of two vectors; 0 when either is all zeros.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na.sqrt() * nb.sqrt())
    }
}
