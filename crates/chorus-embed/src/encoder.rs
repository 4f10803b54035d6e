//! The BERT encoder over packed tokens: the rows of one matrix are the tokens of many sentences
//! back to back, so every linear layer is one `gemm` with no padding; attention alone looks at
//! sentence boundaries. Then mean pooling over each sentence's tokens and L2 normalisation, as
//! sentence-transformers' all-MiniLM-L6-v2 does.

use crate::weights::{Config, Layer, Weights};
use rayon::prelude::*;

pub struct Encoder {
    config: Config,
    weights: Weights,
}

impl Encoder {
    pub fn new(config: Config, weights: Weights) -> Encoder {
        Encoder { config, weights }
    }

    pub fn dim(&self) -> usize {
        self.config.hidden_size
    }

    /// Embeds sequences of token ids (each already holding `[CLS] … [SEP]`). `threads`: how many
    /// threads each matrix product may use (1 when the caller runs chunks side by side).
    pub fn encode(&self, sequences: &[&[u32]], threads: usize) -> Vec<Vec<f32>> {
        let h = self.config.hidden_size;
        let max_len = self.config.max_position_embeddings;
        let sequences: Vec<&[u32]> = sequences
            .iter()
            .map(|s| &s[..s.len().min(max_len)])
            .collect();
        let mut spans = Vec::with_capacity(sequences.len());
        let mut total = 0;
        for s in &sequences {
            spans.push((total, s.len()));
            total += s.len();
        }
        if total == 0 {
            return vec![vec![0.0; h]; sequences.len()];
        }
        let w = &self.weights;
        let mut x = vec![0f32; total * h];
        for (s, &(start, _)) in sequences.iter().zip(&spans) {
            for (p, &id) in s.iter().enumerate() {
                // An id outside the vocabulary (a foreign tokenizer) reads row 0, not past the end.
                let id = if (id as usize) < self.config.vocab_size {
                    id as usize
                } else {
                    0
                };
                let row = &mut x[(start + p) * h..(start + p + 1) * h];
                let word = &w.word[id * h..(id + 1) * h];
                let pos = &w.position[p * h..(p + 1) * h];
                let typ = &w.token_type[..h];
                for k in 0..h {
                    row[k] = word[k] + pos[k] + typ[k];
                }
            }
        }
        let eps = self.config.layer_norm_eps;
        layer_norm(&mut x, h, &w.embed_norm_g, &w.embed_norm_b, eps, threads);
        for layer in &w.layers {
            x = self.layer(layer, x, total, &spans, threads);
        }
        spans
            .iter()
            .map(|&(start, len)| {
                let mut v = vec![0f32; h];
                for t in start..start + len {
                    for (acc, val) in v.iter_mut().zip(&x[t * h..(t + 1) * h]) {
                        *acc += val;
                    }
                }
                let n = len.max(1) as f32;
                v.iter_mut().for_each(|a| *a /= n);
                let norm = v.iter().map(|a| a * a).sum::<f32>().sqrt().max(1e-12);
                v.iter_mut().for_each(|a| *a /= norm);
                v
            })
            .collect()
    }

    fn layer(
        &self,
        l: &Layer,
        x: Vec<f32>,
        total: usize,
        spans: &[(usize, usize)],
        threads: usize,
    ) -> Vec<f32> {
        let h = self.config.hidden_size;
        let inter = self.config.intermediate_size;
        let eps = self.config.layer_norm_eps;
        let qkv = linear(&x, total, h, &l.qkv_w, &l.qkv_b, 3 * h, threads);
        let ctx = attention(
            &qkv,
            total,
            h,
            self.config.num_attention_heads,
            spans,
            threads,
        );
        let mut a = linear(&ctx, total, h, &l.attn_out_w, &l.attn_out_b, h, threads);
        add_assign(&mut a, &x);
        layer_norm(&mut a, h, &l.attn_norm_g, &l.attn_norm_b, eps, threads);
        let mut hidden = linear(&a, total, h, &l.inter_w, &l.inter_b, inter, threads);
        let gelu_all = |c: &mut [f32]| with_simd(|| c.iter_mut().for_each(|v| *v = gelu(*v)));
        if threads > 1 {
            hidden.par_chunks_mut(4096).for_each(gelu_all);
        } else {
            gelu_all(&mut hidden);
        }
        let mut out = linear(&hidden, total, inter, &l.out_w, &l.out_b, h, threads);
        add_assign(&mut out, &a);
        layer_norm(&mut out, h, &l.out_norm_g, &l.out_norm_b, eps, threads);
        out
    }
}

/// `x [rows × k] · wᵀ + b` with `w` stored `[n × k]`: one multithreaded gemm.
fn linear(
    x: &[f32],
    rows: usize,
    k: usize,
    w: &[f32],
    b: &[f32],
    n: usize,
    threads: usize,
) -> Vec<f32> {
    assert_eq!(x.len(), rows * k);
    assert_eq!(w.len(), n * k);
    let mut y = Vec::with_capacity(rows * n);
    for _ in 0..rows {
        y.extend_from_slice(b);
    }
    // SAFETY: the three buffers hold exactly rows×n, rows×k and n×k floats (asserted above),
    // and the strides below address them row-major within those bounds; `y` does not alias.
    unsafe {
        gemm::gemm(
            rows,
            n,
            k,
            y.as_mut_ptr(),
            1,
            n as isize,
            true,
            x.as_ptr(),
            1,
            k as isize,
            w.as_ptr(),
            k as isize,
            1,
            1.0,
            1.0,
            false,
            false,
            false,
            if threads > 1 {
                gemm::Parallelism::Rayon(threads)
            } else {
                gemm::Parallelism::None
            },
        );
    }
    y
}

/// Multi-head self-attention within each sentence. `qkv` rows are `[q | k | v]`.
fn attention(
    qkv: &[f32],
    total: usize,
    h: usize,
    heads: usize,
    spans: &[(usize, usize)],
    threads: usize,
) -> Vec<f32> {
    let scale = 1.0 / ((h / heads) as f32).sqrt();
    let mut ctx = vec![0f32; total * h];
    // Split the output into one disjoint slice per sentence, then work on sentences in parallel.
    let mut parts: Vec<(&mut [f32], usize, usize)> = Vec::with_capacity(spans.len());
    let mut rest: &mut [f32] = &mut ctx;
    for &(start, len) in spans {
        let (mine, tail) = rest.split_at_mut(len * h);
        parts.push((mine, start, len));
        rest = tail;
    }
    let one = |(out, start, len): (&mut [f32], usize, usize)| {
        let rows = &qkv[start * 3 * h..(start + len) * 3 * h];
        with_simd(|| attend(out, rows, len, h, heads, scale));
    };
    if threads > 1 {
        parts.into_par_iter().for_each(one);
    } else {
        parts.into_iter().for_each(one);
    }
    ctx
}

/// Attention for one sentence: `rows` its `[q | k | v]` rows, `out` its `len × h` context.
#[inline(always)]
fn attend(out: &mut [f32], rows: &[f32], len: usize, h: usize, heads: usize, scale: f32) {
    let d = h / heads;
    // Per head: keys transposed (`d × len`) so a query's scores are vector updates over the
    // sentence, and values contiguous (`len × d`).
    let mut keys_t = vec![0f32; d * len];
    let mut values = vec![0f32; len * d];
    let mut scores = vec![0f32; len];
    for head in 0..heads {
        let off = head * d;
        for (j, row) in rows.chunks_exact(3 * h).enumerate() {
            for c in 0..d {
                keys_t[c * len + j] = row[h + off + c];
            }
            values[j * d..(j + 1) * d].copy_from_slice(&row[2 * h + off..2 * h + off + d]);
        }
        for (i, row) in rows.chunks_exact(3 * h).enumerate() {
            let q = &row[off..off + d];
            scores.iter_mut().for_each(|s| *s = 0.0);
            for (c, &qc) in q.iter().enumerate() {
                let k = &keys_t[c * len..(c + 1) * len];
                for (s, kv) in scores.iter_mut().zip(k) {
                    *s += qc * kv;
                }
            }
            let max = scores.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
            let mut sum = 0.0;
            for s in scores.iter_mut() {
                *s = exp_nonpositive((*s - max) * scale);
                sum += *s;
            }
            let o = &mut out[i * h + off..i * h + off + d];
            o.iter_mut().for_each(|v| *v = 0.0);
            for (s, v) in scores.iter().zip(values.chunks_exact(d)) {
                let p = s / sum;
                for (acc, val) in o.iter_mut().zip(v) {
                    *acc += p * val;
                }
            }
        }
    }
}

fn add_assign(a: &mut [f32], b: &[f32]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

fn layer_norm(x: &mut [f32], h: usize, g: &[f32], b: &[f32], eps: f32, threads: usize) {
    let norm_rows = |rows: &mut [f32]| {
        for row in rows.chunks_mut(h) {
            let mean = row.iter().sum::<f32>() / h as f32;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
            let inv = 1.0 / (var + eps).sqrt();
            for ((v, gk), bk) in row.iter_mut().zip(g).zip(b) {
                *v = (*v - mean) * inv * gk + bk;
            }
        }
    };
    if threads > 1 {
        x.par_chunks_mut(h * 64)
            .for_each(|r| with_simd(|| norm_rows(r)));
    } else {
        with_simd(|| norm_rows(x));
    }
}

/// Runs `f` compiled for AVX2 and FMA when the CPU has them (the build targets baseline x86-64,
/// so without this the loops below stay 4-wide SSE2), else as built.
#[inline(always)]
fn with_simd<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2<R>(f: impl FnOnce() -> R) -> R {
            f()
        }
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports AVX2 and FMA, checked just above.
            return unsafe { avx2(f) };
        }
    }
    f()
}

/// BERT's GELU, `x·Φ(x)` with the exact normal CDF: erf by Abramowitz and Stegun 7.1.26
/// (absolute error below 1.5e-7, well under f32 rounding of the activations).
#[inline(always)]
fn gelu(x: f32) -> f32 {
    let z = x * std::f32::consts::FRAC_1_SQRT_2;
    let a = z.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let poly = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152 + t * 1.061_405_4))));
    let erf_abs = 1.0 - poly * exp_nonpositive(-a * a);
    let erf = if z < 0.0 { -erf_abs } else { erf_abs };
    0.5 * x * (1.0 + erf)
}

/// `e^x` for x ≤ 0, branch-free so loops over it vectorise: 2^(x·log2 e) split into an integer
/// power (built in the exponent bits) and a fraction in [-½, ½] (Taylor series of 2^f to degree
/// 6, relative error below 2e-7 there). Below -87 the argument is clamped (f32 underflows anyway).
#[inline(always)]
fn exp_nonpositive(x: f32) -> f32 {
    let x = x.max(-87.0);
    let t = x * std::f32::consts::LOG2_E;
    // Round to nearest by the 1.5·2^23 trick: plain adds, so it vectorises without SSE4.1.
    const ROUND: f32 = 12_582_912.0;
    let n = (t + ROUND) - ROUND;
    let f = t - n;
    let p = 1.0
        + f * (std::f32::consts::LN_2
            + f * (0.240_226_5
                + f * (0.055_504_11
                    + f * (0.009_618_129 + f * (0.001_333_355 + f * 0.000_154_035_3)))));
    let scale = f32::from_bits((((n as i32) + 127) << 23) as u32);
    p * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gelu_matches_known_values() {
        // x·Φ(x) at a few points (Φ from tables).
        for (x, want) in [
            (0.0, 0.0),
            (1.0, 0.841_344_8),
            (-1.0, -0.158_655_2),
            (2.5, 2.484_475_8),
            (-3.0, -0.004_049_694),
        ] {
            assert!(
                (gelu(x) - want).abs() < 2e-6,
                "gelu({x}) = {} not {want}",
                gelu(x)
            );
        }
    }

    #[test]
    fn fast_exp_is_close_to_exp() {
        for i in 0..=8700 {
            let x = -(i as f32) / 100.0;
            let (got, want) = (exp_nonpositive(x), x.exp());
            assert!(
                (got - want).abs() <= want * 4e-6 + 1e-37,
                "exp({x}): {got} vs {want}"
            );
        }
        assert_eq!(exp_nonpositive(-1000.0), exp_nonpositive(-87.0));
    }

    #[test]
    fn linear_is_x_times_w_transposed_plus_b() {
        // x = [[1, 2], [3, 4]], w = [[1, 0], [1, 1], [0, 2]] (3 outputs), b = [0, 1, 2]
        let y = linear(
            &[1., 2., 3., 4.],
            2,
            2,
            &[1., 0., 1., 1., 0., 2.],
            &[0., 1., 2.],
            3,
            1,
        );
        assert_eq!(y, vec![1., 4., 6., 3., 8., 10.]);
    }

    #[test]
    fn attention_stays_within_each_sentence() {
        // h = 2, one head; two sentences of one token each: each attends only to itself, so its
        // context is its own value vector.
        let qkv = [
            1., 0., 1., 0., 5., 6., /* second token */ 0., 1., 0., 1., 7., 8.,
        ];
        let ctx = attention(&qkv, 2, 2, 1, &[(0, 1), (1, 1)], 1);
        assert_eq!(ctx, vec![5., 6., 7., 8.]);
    }
}
