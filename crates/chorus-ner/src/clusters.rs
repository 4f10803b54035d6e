//! Word clusters from unlabelled news, the tagger's answer to rare names: a word never seen in
//! the training data still shares a cluster with words that were ("Idlib" with other towns).
//!
//! Each frequent word is described by the words seen just before and just after it (positive
//! pointwise mutual information with the most frequent context words), projected to a few
//! hundred dimensions, and the words are split in two again and again by 2-means on cosine
//! similarity. A word's cluster is its path of splits ("0110…"), so prefixes are coarser
//! clusters, as with Brown clusters, which cost far more to learn.

use rustc_hash::FxHashMap;

pub struct ClusterOptions {
    /// Words kept (most frequent first) and their least count.
    pub max_words: usize,
    pub min_count: u64,
    /// Context words (most frequent first), on each side.
    pub contexts: usize,
    /// Dimensions of the projected vectors.
    pub dims: usize,
    /// Depth of the tree of splits: at most 2^depth clusters.
    pub depth: usize,
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            max_words: 100_000,
            min_count: 5,
            contexts: 600,
            dims: 192,
            depth: 12,
            seed: 7,
        }
    }
}

/// Collects a corpus as word ids; documents are separated so no context crosses them.
#[derive(Default)]
pub struct Corpus {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    stream: Vec<u32>,
}

const BREAK: u32 = u32::MAX;

impl Corpus {
    /// Adds one document's tokens (lower-cased here).
    pub fn add<'a>(&mut self, tokens: impl IntoIterator<Item = &'a str>) {
        for t in tokens {
            let lower = t.to_lowercase();
            let id = match self.ids.get(&lower) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(lower.clone(), id);
                    self.words.push(lower);
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] += 1;
            self.stream.push(id);
        }
        self.stream.push(BREAK);
    }

    pub fn tokens(&self) -> usize {
        self.stream.len()
    }

    /// Word → cluster path.
    pub fn clusters(&self, o: &ClusterOptions) -> FxHashMap<String, String> {
        let mut by_count: Vec<u32> = (0..self.words.len() as u32).collect();
        by_count.sort_by(|a, b| {
            self.counts[*b as usize]
                .cmp(&self.counts[*a as usize])
                .then(a.cmp(b))
        });
        let kept: Vec<u32> = by_count
            .iter()
            .copied()
            .filter(|&w| self.counts[w as usize] >= o.min_count)
            .take(o.max_words)
            .collect();
        let mut row = vec![u32::MAX; self.words.len()];
        for (r, &w) in kept.iter().enumerate() {
            row[w as usize] = r as u32;
        }
        let mut ctx = vec![u32::MAX; self.words.len()];
        for (c, &w) in by_count.iter().take(o.contexts).enumerate() {
            ctx[w as usize] = c as u32;
        }
        let width = 2 * o.contexts;
        let mut counts = vec![0u32; kept.len() * width];
        for t in 0..self.stream.len() {
            let w = self.stream[t];
            if w == BREAK || row[w as usize] == u32::MAX {
                continue;
            }
            let base = row[w as usize] as usize * width;
            if t > 0 && self.stream[t - 1] != BREAK && ctx[self.stream[t - 1] as usize] != u32::MAX
            {
                counts[base + ctx[self.stream[t - 1] as usize] as usize] += 1;
            }
            if t + 1 < self.stream.len()
                && self.stream[t + 1] != BREAK
                && ctx[self.stream[t + 1] as usize] != u32::MAX
            {
                counts[base + o.contexts + ctx[self.stream[t + 1] as usize] as usize] += 1;
            }
        }
        // PPMI, then a fixed random projection (Gaussian by the sum of uniforms).
        let mut col_total = vec![0f64; width];
        let mut total = 0f64;
        for r in counts.chunks(width) {
            for (c, &x) in r.iter().enumerate() {
                col_total[c] += x as f64;
                total += x as f64;
            }
        }
        let mut rng = Rng(o.seed.max(1));
        let projection: Vec<f32> = (0..width * o.dims).map(|_| rng.gaussian()).collect();
        let mut vectors = vec![0f32; kept.len() * o.dims];
        for (r, counts) in counts.chunks(width).enumerate() {
            let row_total: f64 = counts.iter().map(|&x| x as f64).sum();
            let v = &mut vectors[r * o.dims..(r + 1) * o.dims];
            for (c, &x) in counts.iter().enumerate() {
                if x == 0 {
                    continue;
                }
                let pmi = ((x as f64 * total) / (row_total * col_total[c])).ln();
                if pmi <= 0.0 {
                    continue;
                }
                let p = &projection[c * o.dims..(c + 1) * o.dims];
                for (a, b) in v.iter_mut().zip(p) {
                    *a += pmi as f32 * b;
                }
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|x| *x /= norm);
        }
        let mut paths = vec![String::new(); kept.len()];
        let all: Vec<usize> = (0..kept.len()).collect();
        split(
            &vectors,
            o.dims,
            all,
            String::new(),
            o.depth,
            &mut rng,
            &mut paths,
        );
        kept.iter()
            .zip(paths)
            .map(|(&w, p)| (self.words[w as usize].clone(), p))
            .collect()
    }
}

/// Splits `members` in two by 2-means on cosine, recursively, writing each word's path.
fn split(
    vectors: &[f32],
    dims: usize,
    members: Vec<usize>,
    path: String,
    depth: usize,
    rng: &mut Rng,
    paths: &mut [String],
) {
    if depth == 0 || members.len() < 4 {
        for m in members {
            paths[m] = path.clone();
        }
        return;
    }
    let v = |m: usize| &vectors[m * dims..(m + 1) * dims];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    let mut centres = [
        v(members[(rng.next() % members.len() as u64) as usize]).to_vec(),
        v(members[(rng.next() % members.len() as u64) as usize]).to_vec(),
    ];
    let mut side = vec![false; members.len()];
    for _ in 0..8 {
        for (i, &m) in members.iter().enumerate() {
            side[i] = dot(v(m), &centres[1]) > dot(v(m), &centres[0]);
        }
        for (k, centre) in centres.iter_mut().enumerate() {
            centre.iter_mut().for_each(|x| *x = 0.0);
            for (i, &m) in members.iter().enumerate() {
                if side[i] == (k == 1) {
                    centre.iter_mut().zip(v(m)).for_each(|(a, b)| *a += b);
                }
            }
            let norm = centre.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                centre.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (i, &m) in members.iter().enumerate() {
        if side[i] {
            right.push(m)
        } else {
            left.push(m)
        }
    }
    if left.is_empty() || right.is_empty() {
        for m in left.into_iter().chain(right) {
            paths[m] = path.clone();
        }
        return;
    }
    split(
        vectors,
        dims,
        left,
        format!("{path}0"),
        depth - 1,
        rng,
        paths,
    );
    split(
        vectors,
        dims,
        right,
        format!("{path}1"),
        depth - 1,
        rng,
        paths,
    );
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn gaussian(&mut self) -> f32 {
        (0..4)
            .map(|_| (self.next() >> 11) as f32 / (1u64 << 53) as f32)
            .sum::<f32>()
            - 2.0
    }
}
