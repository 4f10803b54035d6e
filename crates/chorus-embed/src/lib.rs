//! Sentence embeddings for Chorus: all-MiniLM-L6-v2 (a 6-layer BERT, 384 dimensions, mean-pooled
//! and normalised) run on the CPU by our own encoder.
//!
//! Why our own encoder and not candle's BERT: candle runs each linear layer as one small matrix
//! product per sentence of a padded batch; here that measured 46 sentences/s on 2 cores. Every
//! layer but attention treats tokens independently, so we pack the tokens of many sentences into
//! one matrix — no padding at all — and run each linear layer as one large `gemm`; only attention
//! is done per sentence. The tokenizer is Hugging Face's `tokenizers`, with the model's own
//! `tokenizer.json` (its fixed padding to 128 turned off; truncation at 256 tokens, the model's
//! `max_seq_length`, as sentence-transformers does).

mod encoder;
mod weights;

use std::fmt;
use std::path::{Path, PathBuf};
use tokenizers::{Tokenizer, TruncationParams};

pub use encoder::Encoder;

/// The files a model directory must hold.
pub const MODEL_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// Longest input in tokens (the model's `max_seq_length`); longer sentences are truncated.
pub const MAX_TOKENS: usize = 256;

/// Tokens encoded together (bounds memory: the largest buffer is tokens × 1536 floats).
const TOKENS_PER_CHUNK: usize = 2048;

#[derive(Debug)]
pub enum EmbedError {
    /// A model file is not there.
    Missing(PathBuf),
    /// A model file is there but unusable (truncated, wrong shapes, not the expected model).
    Corrupt {
        file: PathBuf,
        reason: String,
    },
    Tokenizer(String),
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            EmbedError::Missing(p) => write!(f, "model file {} is missing", p.display()),
            EmbedError::Corrupt { file, reason } => {
                write!(f, "model file {} is unusable: {reason}", file.display())
            }
            EmbedError::Tokenizer(e) => write!(f, "tokenizer error: {e}"),
        }
    }
}

impl std::error::Error for EmbedError {}

/// `$CHORUS_MODEL_DIR`, else `$XDG_CACHE_HOME/chorus/all-MiniLM-L6-v2`, else `~/.cache/…`.
/// (Where `chorus model install` puts the model and every command looks for it.)
pub fn default_model_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CHORUS_MODEL_DIR") {
        return PathBuf::from(d);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from("."));
    cache.join("chorus").join("all-MiniLM-L6-v2")
}

/// A loaded sentence-embedding model.
pub struct MiniLm {
    tokenizer: Tokenizer,
    encoder: Encoder,
}

impl MiniLm {
    /// Loads the model from a directory holding [`MODEL_FILES`].
    pub fn load(dir: &Path) -> Result<MiniLm, EmbedError> {
        for f in MODEL_FILES {
            if !dir.join(f).is_file() {
                return Err(EmbedError::Missing(dir.join(f)));
            }
        }
        let corrupt = |file: &str, reason: String| EmbedError::Corrupt {
            file: dir.join(file),
            reason,
        };
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| corrupt("tokenizer.json", e.to_string()))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| corrupt("tokenizer.json", e.to_string()))?;
        let config = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| corrupt("config.json", e.to_string()))?;
        let config: weights::Config =
            serde_json::from_str(&config).map_err(|e| corrupt("config.json", e.to_string()))?;
        let bytes = std::fs::read(dir.join("model.safetensors"))
            .map_err(|e| corrupt("model.safetensors", e.to_string()))?;
        let weights = weights::Weights::from_safetensors(&bytes, &config)
            .map_err(|e| corrupt("model.safetensors", e))?;
        Ok(MiniLm {
            tokenizer,
            encoder: Encoder::new(config, weights),
        })
    }

    /// Embedding size (384).
    pub fn dim(&self) -> usize {
        self.encoder.dim()
    }

    /// As [`MiniLm::embed`], with zero vectors for every text when embedding fails (never
    /// expected once the model is loaded): what a caller that treats "no vector" as "no
    /// evidence" wants.
    pub fn embed_or_zeros(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.embed(texts)
            .unwrap_or_else(|_| vec![vec![0.0; self.dim()]; texts.len()])
    }

    /// One unit-length vector per text, in order. Empty strings, emoji and other scripts are
    /// fine (unknown pieces become `[UNK]`); texts longer than [`MAX_TOKENS`] are truncated.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut ids: Vec<Vec<u32>> = Vec::with_capacity(texts.len());
        // Tokenize in slices so one enormous input does not hold every encoding at once.
        for slice in texts.chunks(256) {
            let encodings = self
                .tokenizer
                .encode_batch(slice.to_vec(), true)
                .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
            ids.extend(encodings.iter().map(|e| e.get_ids().to_vec()));
        }
        // Chunks of about TOKENS_PER_CHUNK tokens, encoded side by side, one thread each: better
        // than splitting every matrix product across threads (measured), and memory stays
        // bounded by the chunk size times the thread count.
        let mut chunks: Vec<Vec<&[u32]>> = Vec::new();
        let mut tokens = 0;
        for seq in &ids {
            if chunks.is_empty() || tokens + seq.len() > TOKENS_PER_CHUNK {
                chunks.push(Vec::new());
                tokens = 0;
            }
            tokens += seq.len();
            chunks.last_mut().expect("just pushed").push(seq.as_slice());
        }
        let threads = rayon::current_num_threads();
        let out: Vec<Vec<f32>> = if chunks.len() == 1 {
            self.encoder.encode(&chunks[0], threads)
        } else {
            use rayon::prelude::*;
            chunks
                .par_iter()
                .map(|c| self.encoder.encode(c, 1))
                .collect::<Vec<_>>()
                .into_iter()
                .flatten()
                .collect()
        };
        Ok(out)
    }
}
