//! The encoder on a tiny model written here (random weights, a 26-word vocabulary), so bad input
//! and broken model directories are tested without the 90 MB model.

use chorus_embed::{EmbedError, MiniLm};
use safetensors::tensor::TensorView;
use safetensors::Dtype;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const HIDDEN: usize = 8;
const INTER: usize = 16;
const LAYERS: usize = 2;
const WORDS: &[&str] = &[
    "the",
    "ferry",
    "ran",
    "aground",
    "on",
    "a",
    "reef",
    "off",
    "island",
    "in",
    "fog",
    "all",
    "passengers",
    "were",
    "rescued",
    "coastguard",
    "said",
    "boat",
    "hit",
    "rocks",
    ".",
    ",",
];

fn vocab() -> Vec<String> {
    let mut v: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(WORDS.iter().map(|s| s.to_string()));
    v
}

/// Deterministic pseudo-random weights in [-0.5, 0.5).
fn weights(n: usize, seed: &mut u64) -> Vec<f32> {
    (0..n)
        .map(|_| {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((*seed >> 40) as f32 / (1u64 << 24) as f32) - 0.5
        })
        .collect()
}

fn write_model(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let vocab = vocab();
    let config = serde_json::json!({
        "vocab_size": vocab.len(), "hidden_size": HIDDEN, "num_hidden_layers": LAYERS,
        "num_attention_heads": 2, "intermediate_size": INTER, "max_position_embeddings": 300,
        "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"
    });
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let ids: serde_json::Map<String, serde_json::Value> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (w.clone(), i.into()))
        .collect();
    let special = |t: &str, id: usize| serde_json::json!({"id": t, "ids": [id], "tokens": [t]});
    let tokenizer = serde_json::json!({
        "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
        "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                        "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {"[CLS]": special("[CLS]", 2), "[SEP]": special("[SEP]", 3)}},
        "decoder": null,
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids}
    });
    std::fs::write(dir.join("tokenizer.json"), tokenizer.to_string()).unwrap();

    let mut seed = 7;
    let n = vocab.len();
    let mut tensors: Vec<(String, Vec<usize>, Vec<f32>)> = vec![
        (
            "embeddings.word_embeddings.weight".into(),
            vec![n, HIDDEN],
            weights(n * HIDDEN, &mut seed),
        ),
        (
            "embeddings.position_embeddings.weight".into(),
            vec![300, HIDDEN],
            weights(300 * HIDDEN, &mut seed),
        ),
        (
            "embeddings.token_type_embeddings.weight".into(),
            vec![2, HIDDEN],
            weights(2 * HIDDEN, &mut seed),
        ),
        (
            "embeddings.LayerNorm.weight".into(),
            vec![HIDDEN],
            vec![1.0; HIDDEN],
        ),
        (
            "embeddings.LayerNorm.bias".into(),
            vec![HIDDEN],
            vec![0.0; HIDDEN],
        ),
    ];
    for l in 0..LAYERS {
        let p = format!("encoder.layer.{l}.");
        for (name, shape) in [
            ("attention.self.query", vec![HIDDEN, HIDDEN]),
            ("attention.self.key", vec![HIDDEN, HIDDEN]),
            ("attention.self.value", vec![HIDDEN, HIDDEN]),
            ("attention.output.dense", vec![HIDDEN, HIDDEN]),
            ("intermediate.dense", vec![INTER, HIDDEN]),
            ("output.dense", vec![HIDDEN, INTER]),
        ] {
            let size = shape.iter().product();
            tensors.push((
                format!("{p}{name}.bias"),
                vec![shape[0]],
                weights(shape[0], &mut seed),
            ));
            tensors.push((format!("{p}{name}.weight"), shape, weights(size, &mut seed)));
        }
        for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
            tensors.push((format!("{p}{norm}.weight"), vec![HIDDEN], vec![1.0; HIDDEN]));
            tensors.push((format!("{p}{norm}.bias"), vec![HIDDEN], vec![0.0; HIDDEN]));
        }
    }
    let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
        .into_iter()
        .map(|(n, s, v)| (n, s, v.iter().flat_map(|f| f.to_le_bytes()).collect()))
        .collect();
    let views: HashMap<String, TensorView> = bytes
        .iter()
        .map(|(n, s, b)| {
            (
                n.clone(),
                TensorView::new(Dtype::F32, s.clone(), b).unwrap(),
            )
        })
        .collect();
    safetensors::serialize_to_file(&views, None, &dir.join("model.safetensors")).unwrap();
}

/// Cosine of two unit vectors.
fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn model_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chorus-embed-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_model(&dir);
    dir
}

#[test]
fn any_text_gets_a_unit_vector_and_order_is_kept() {
    let dir = model_dir("ok");
    let m = MiniLm::load(&dir).unwrap();
    let long = "the ferry ran aground ".repeat(2_500); // 10,000 words
    let texts = [
        "The ferry ran aground on a reef.",
        "",
        "🚢🌫️ 渡轮在雾中搁浅 — паром сел на мель",
        long.as_str(),
        "All passengers were rescued, the coastguard said.",
    ];
    let v = m.embed(&texts).unwrap();
    assert_eq!(v.len(), texts.len());
    for e in &v {
        assert_eq!(e.len(), HIDDEN);
        let norm: f32 = e.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!(
            (norm - 1.0).abs() < 1e-4 && e.iter().all(|x| x.is_finite()),
            "{e:?}"
        );
    }
    // Each text alone gives the same vector as in the batch (packing does not leak across texts).
    for (t, e) in texts.iter().zip(&v) {
        let alone = &m.embed(&[t]).unwrap()[0];
        assert!(cosine(alone, e) > 0.99999, "{t:.40}");
    }
    // The 10,000-word text is cut at the model's limit: the same as its first 254 words.
    let first: String = long
        .split_whitespace()
        .take(254)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(cosine(&m.embed(&[first.as_str()]).unwrap()[0], &v[3]) > 0.99999);
    // Different texts differ.
    assert!(cosine(&v[0], &v[4]) < 0.999);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_model_directories_are_clear_errors() {
    let dir = model_dir("broken");
    // Missing file.
    std::fs::remove_file(dir.join("tokenizer.json")).unwrap();
    assert!(
        matches!(MiniLm::load(&dir), Err(EmbedError::Missing(p)) if p.ends_with("tokenizer.json"))
    );
    write_model(&dir);
    // Truncated weights (a partial download).
    let weights = std::fs::read(dir.join("model.safetensors")).unwrap();
    std::fs::write(dir.join("model.safetensors"), &weights[..weights.len() / 2]).unwrap();
    let e = MiniLm::load(&dir).err().expect("truncated weights load");
    assert!(e.to_string().contains("model.safetensors"), "{e}");
    // Weights that do not fit the configuration.
    std::fs::write(dir.join("model.safetensors"), &weights).unwrap();
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    config["hidden_size"] = 16.into();
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let e = MiniLm::load(&dir).err().expect("mismatched config loads");
    assert!(e.to_string().contains("shape"), "{e}");
    // Junk instead of JSON.
    std::fs::write(dir.join("config.json"), b"\x00\x01not json").unwrap();
    assert!(matches!(
        MiniLm::load(&dir),
        Err(EmbedError::Corrupt { .. })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}
