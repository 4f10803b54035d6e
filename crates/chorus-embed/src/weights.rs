//! The model's configuration and weights, read from `config.json` and `model.safetensors` and
//! checked against each other, so a partial or foreign file is an error here, not a panic later.

use safetensors::{Dtype, SafeTensors};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    pub type_vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f32,
    #[serde(default = "default_act")]
    pub hidden_act: String,
}

fn default_eps() -> f32 {
    1e-12
}

fn default_act() -> String {
    "gelu".into()
}

/// One encoder layer. Matrices are row-major `[out × in]`, as stored.
pub struct Layer {
    /// Query, key and value stacked: `[3·hidden × hidden]`.
    pub qkv_w: Vec<f32>,
    pub qkv_b: Vec<f32>,
    pub attn_out_w: Vec<f32>,
    pub attn_out_b: Vec<f32>,
    pub attn_norm_g: Vec<f32>,
    pub attn_norm_b: Vec<f32>,
    pub inter_w: Vec<f32>,
    pub inter_b: Vec<f32>,
    pub out_w: Vec<f32>,
    pub out_b: Vec<f32>,
    pub out_norm_g: Vec<f32>,
    pub out_norm_b: Vec<f32>,
}

pub struct Weights {
    pub word: Vec<f32>,
    pub position: Vec<f32>,
    pub token_type: Vec<f32>,
    pub embed_norm_g: Vec<f32>,
    pub embed_norm_b: Vec<f32>,
    pub layers: Vec<Layer>,
}

impl Weights {
    pub fn from_safetensors(bytes: &[u8], c: &Config) -> Result<Weights, String> {
        if c.hidden_act != "gelu" {
            return Err(format!("activation {:?} is not supported", c.hidden_act));
        }
        if c.num_attention_heads == 0 || !c.hidden_size.is_multiple_of(c.num_attention_heads) {
            return Err("hidden size is not a multiple of the attention heads".into());
        }
        let st = SafeTensors::deserialize(bytes).map_err(|e| e.to_string())?;
        // Some exports prefix every name with "bert.".
        let prefix = if st.names().iter().any(|n| n.starts_with("bert.")) {
            "bert."
        } else {
            ""
        };
        let get = |name: &str, shape: &[usize]| -> Result<Vec<f32>, String> {
            let full = format!("{prefix}{name}");
            let t = st
                .tensor(&full)
                .map_err(|_| format!("tensor {full} is missing"))?;
            if t.dtype() != Dtype::F32 {
                return Err(format!("tensor {full} is {:?}, not F32", t.dtype()));
            }
            if t.shape() != shape {
                return Err(format!(
                    "tensor {full} has shape {:?}, expected {shape:?}",
                    t.shape()
                ));
            }
            Ok(t.data()
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect())
        };
        let h = c.hidden_size;
        let i = c.intermediate_size;
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for n in 0..c.num_hidden_layers {
            let p = format!("encoder.layer.{n}.");
            let mut qkv_w = get(&format!("{p}attention.self.query.weight"), &[h, h])?;
            qkv_w.extend(get(&format!("{p}attention.self.key.weight"), &[h, h])?);
            qkv_w.extend(get(&format!("{p}attention.self.value.weight"), &[h, h])?);
            let mut qkv_b = get(&format!("{p}attention.self.query.bias"), &[h])?;
            qkv_b.extend(get(&format!("{p}attention.self.key.bias"), &[h])?);
            qkv_b.extend(get(&format!("{p}attention.self.value.bias"), &[h])?);
            layers.push(Layer {
                qkv_w,
                qkv_b,
                attn_out_w: get(&format!("{p}attention.output.dense.weight"), &[h, h])?,
                attn_out_b: get(&format!("{p}attention.output.dense.bias"), &[h])?,
                attn_norm_g: get(&format!("{p}attention.output.LayerNorm.weight"), &[h])?,
                attn_norm_b: get(&format!("{p}attention.output.LayerNorm.bias"), &[h])?,
                inter_w: get(&format!("{p}intermediate.dense.weight"), &[i, h])?,
                inter_b: get(&format!("{p}intermediate.dense.bias"), &[i])?,
                out_w: get(&format!("{p}output.dense.weight"), &[h, i])?,
                out_b: get(&format!("{p}output.dense.bias"), &[h])?,
                out_norm_g: get(&format!("{p}output.LayerNorm.weight"), &[h])?,
                out_norm_b: get(&format!("{p}output.LayerNorm.bias"), &[h])?,
            });
        }
        Ok(Weights {
            word: get("embeddings.word_embeddings.weight", &[c.vocab_size, h])?,
            position: get(
                "embeddings.position_embeddings.weight",
                &[c.max_position_embeddings, h],
            )?,
            token_type: get(
                "embeddings.token_type_embeddings.weight",
                &[c.type_vocab_size, h],
            )?,
            embed_norm_g: get("embeddings.LayerNorm.weight", &[h])?,
            embed_norm_b: get("embeddings.LayerNorm.bias", &[h])?,
            layers,
        })
    }
}
