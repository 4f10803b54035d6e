//! Training: an averaged structured perceptron (Collins 2002) over the BILOU labels, decoded with
//! Viterbi as tagging is. The number of passes is chosen on the development set; the test set is
//! never read here.

use crate::eval::Score;
use crate::features::{sentence_features, DocStats, History, Word};
use crate::labels::{spans, Label, Span, LABELS};
use crate::lexicon::{gazetteer_key, Lexicon};
use crate::model::{viterbi, Model};
use rustc_hash::FxHashMap;

/// A sentence with its gold labels.
pub struct GoldSentence {
    pub words: Vec<Word>,
    pub gold: Vec<Span>,
}

/// A document: the unit document features are computed over.
pub struct GoldDoc {
    pub sentences: Vec<GoldSentence>,
}

#[derive(Clone)]
pub struct TrainOptions {
    pub max_epochs: usize,
    pub seed: u64,
    /// Word clusters learned elsewhere (empty: none).
    pub clusters: FxHashMap<String, String>,
    /// Use the training names as a gazetteer (built across folds for the training features, so
    /// the tagger cannot learn to trust it blindly).
    pub gazetteer: bool,
    pub folds: usize,
    /// Train a second pass on the first pass's names across each document.
    pub two_passes: bool,
    /// Passes of the first-pass models that give the second pass its training histories (on
    /// the other folds). One, chosen on CoNLL dev (0.9332 against 0.9317 with as many passes as
    /// the first pass's own, 5): a rougher first pass in training makes the second pass lean
    /// on its history features less.
    pub history_epochs: usize,
    /// Passes of the first and the second model, fixed (a final model on more data); None: up
    /// to `max_epochs`, the best on the development data kept.
    pub epochs: Option<(usize, usize)>,
}

/// Names of the documents, as gazetteer entries (key → kinds bit set).
fn gazetteer_of<'a>(docs: impl IntoIterator<Item = &'a GoldDoc>) -> FxHashMap<String, u8> {
    let mut g: FxHashMap<String, u8> = FxHashMap::default();
    for d in docs {
        for s in &d.sentences {
            for span in &s.gold {
                let key = gazetteer_key(s.words[span.start..span.end].iter().map(|w| w.text()));
                let bit = span.kind.index();
                *g.entry(key).or_default() |= 1 << bit;
            }
        }
    }
    g
}

struct Prepared {
    /// Feature ids (training) of each token; `offsets` into `ids`.
    ids: Vec<u32>,
    offsets: Vec<usize>,
    gold: Vec<Label>,
    gold_spans: Vec<Span>,
}

fn prepare(
    docs: &[&GoldDoc],
    histories: Option<&[History]>,
    lexicon_of: impl Fn(usize) -> usize,
    lexicons: &[Lexicon],
    index: &mut FxHashMap<u64, u32>,
    grow: bool,
) -> Vec<Prepared> {
    let mut out = Vec::new();
    let mut feats = Vec::new();
    let mut offsets = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let stats = DocStats::new(doc.sentences.iter().map(|s| s.words.as_slice()));
        let lexicon = &lexicons[lexicon_of(d)];
        for s in &doc.sentences {
            feats.clear();
            let history = histories.map(|h| &h[d]);
            sentence_features(
                &s.words,
                &stats,
                lexicon,
                history,
                None,
                &mut feats,
                &mut offsets,
            );
            let mut ids = Vec::with_capacity(feats.len());
            let mut offs = vec![0];
            for w in offsets.windows(2) {
                for f in &feats[w[0]..w[1]] {
                    let next = index.len() as u32;
                    let id = if grow {
                        Some(*index.entry(*f).or_insert(next))
                    } else {
                        index.get(f).copied()
                    };
                    if let Some(id) = id {
                        ids.push(id);
                    }
                }
                offs.push(ids.len());
            }
            out.push(Prepared {
                ids,
                offsets: offs,
                gold: crate::labels::from_spans(s.words.len(), &s.gold),
                gold_spans: s.gold.clone(),
            });
        }
    }
    out
}

fn emissions(w: &[f32], p: &Prepared, out: &mut Vec<[f32; LABELS]>) {
    out.clear();
    for o in p.offsets.windows(2) {
        let mut s = [0f32; LABELS];
        for &f in &p.ids[o[0]..o[1]] {
            let row = &w[f as usize * LABELS..(f as usize + 1) * LABELS];
            for (a, b) in s.iter_mut().zip(row) {
                *a += b;
            }
        }
        out.push(s);
    }
}

/// Entity-level score of weights on prepared sentences.
fn score(w: &[f32], t: &[f32], data: &[Prepared]) -> Score {
    let mut score = Score::default();
    let mut em = Vec::new();
    for p in data {
        emissions(w, p, &mut em);
        let pred = viterbi(&em, t);
        score.add(&p.gold_spans, &spans(&pred), true);
    }
    score
}

/// What training reports after each pass.
pub struct Epoch {
    pub epoch: usize,
    pub dev: Score,
    pub features: usize,
}

/// Trains the two passes: the first on the words alone; the second also on what the first said
/// about each word across the document. The second pass learns from first-pass names made by
/// models that did not see the document (trained on the other folds), as it will meet them.
pub fn train(
    train: &[GoldDoc],
    dev: &[GoldDoc],
    opts: &TrainOptions,
    mut report: impl FnMut(&Epoch),
) -> (Model, Epoch) {
    let (model, e, _) = train_with_passes(train, dev, opts, &mut report);
    (model, e)
}

/// As `train`, also saying how many passes over the data the first model kept (so a final model
/// can be trained for exactly as many on more data: `TrainOptions::epochs`).
pub fn train_with_passes(
    train: &[GoldDoc],
    dev: &[GoldDoc],
    opts: &TrainOptions,
    mut report: impl FnMut(&Epoch),
) -> (Model, Epoch, usize) {
    let all: Vec<&GoldDoc> = train.iter().collect();
    let dev: Vec<&GoldDoc> = dev.iter().collect();
    let (first_epochs, second_epochs) = opts.epochs.unwrap_or((opts.max_epochs, opts.max_epochs));
    let (first, e) = train_pass(&all, &dev, None, None, opts, first_epochs, &mut report);
    let first_kept = e.epoch;
    if !opts.two_passes {
        return (first, e, first_kept);
    }
    let folds = opts.folds.max(2);
    let mut histories: Vec<Option<History>> = (0..all.len()).map(|_| None).collect();
    for k in 0..folds {
        let rest: Vec<&GoldDoc> = all
            .iter()
            .enumerate()
            .filter(|(d, _)| d % folds != k)
            .map(|(_, d)| *d)
            .collect();
        let (m, _) = train_pass(
            &rest,
            &[],
            None,
            None,
            opts,
            opts.history_epochs,
            &mut |_| {},
        );
        for (d, doc) in all.iter().enumerate().filter(|(d, _)| d % folds == k) {
            histories[d] = Some(history_of(&m, doc));
        }
    }
    let histories: Vec<History> = histories
        .into_iter()
        .map(|h| h.unwrap_or_default())
        .collect();
    let dev_histories: Vec<History> = dev.iter().map(|d| history_of(&first, d)).collect();
    let (mut second, e) = train_pass(
        &all,
        &dev,
        Some(&histories),
        Some(&dev_histories),
        opts,
        second_epochs,
        &mut report,
    );
    second.first = Some(Box::new(first));
    (second, e, first_kept)
}

fn history_of(m: &Model, doc: &GoldDoc) -> History {
    let sentences: Vec<&[Word]> = doc.sentences.iter().map(|s| s.words.as_slice()).collect();
    let owned: Vec<Vec<Word>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| Word::new(w.text())).collect())
        .collect();
    let spans = m.tag_document(&owned);
    History::new(sentences.into_iter().zip(spans.iter().map(Vec::as_slice)))
}

/// Trains one pass on `train`, keeps the pass that scores best on `dev` (the last when there is
/// no `dev`).
fn train_pass(
    train: &[&GoldDoc],
    dev: &[&GoldDoc],
    histories: Option<&[History]>,
    dev_histories: Option<&[History]>,
    opts: &TrainOptions,
    max_epochs: usize,
    report: &mut dyn FnMut(&Epoch),
) -> (Model, Epoch) {
    let folds = opts.folds.max(2);
    let full = Lexicon::new(
        opts.clusters.clone(),
        if opts.gazetteer {
            gazetteer_of(train.iter().copied())
        } else {
            FxHashMap::default()
        },
    );
    let fold_lexicons: Vec<Lexicon> = (0..folds)
        .map(|k| {
            let g = if opts.gazetteer {
                gazetteer_of(
                    train
                        .iter()
                        .enumerate()
                        .filter(|(d, _)| d % folds != k)
                        .map(|(_, d)| *d),
                )
            } else {
                FxHashMap::default()
            };
            Lexicon::new(opts.clusters.clone(), g)
        })
        .collect();
    let mut index = FxHashMap::default();
    let data = prepare(
        train,
        histories,
        |d| d % folds,
        &fold_lexicons,
        &mut index,
        true,
    );
    let dev_data = prepare(
        dev,
        dev_histories,
        |_| 0,
        std::slice::from_ref(&full),
        &mut index,
        false,
    );
    let nf = index.len();
    let (e, rows, transitions) = one_run(
        &data,
        &dev_data,
        nf,
        opts.seed,
        max_epochs,
        dev.is_empty(),
        report,
    );
    (
        Model {
            index,
            rows,
            transitions,
            lexicon: full,
            first: None,
        },
        e,
    )
}

/// The averaged perceptron's weights after `c` updates, from the current weights and the sums
/// of each update times the step it was made at (Daumé's trick: no copy per step).
fn averaged(w: &[f32], acc: &[f64], c: f64) -> Vec<f32> {
    w.iter().zip(acc).map(|(w, a)| w - (a / c) as f32).collect()
}

/// One run of the perceptron; keeps the pass that scores best on the development data (the last
/// pass when there is none).
fn one_run(
    data: &[Prepared],
    dev_data: &[Prepared],
    nf: usize,
    seed: u64,
    max_epochs: usize,
    no_dev: bool,
    report: &mut dyn FnMut(&Epoch),
) -> (Epoch, Vec<f32>, Vec<f32>) {
    let mut w = vec![0f32; nf * LABELS];
    let mut acc = vec![0f64; nf * LABELS];
    let nt = (LABELS + 1) * LABELS;
    let mut t = vec![0f32; nt];
    let mut tacc = vec![0f64; nt];
    let mut c = 1f64;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = seed.max(1);
    let mut best: Option<(Epoch, Vec<f32>, Vec<f32>)> = None;
    let mut em = Vec::new();
    for epoch in 1..=max_epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &si in &order {
            let p = &data[si];
            emissions(&w, p, &mut em);
            let pred = viterbi(&em, &t);
            if pred != p.gold {
                for (i, o) in p.offsets.windows(2).enumerate() {
                    let (g, q) = (p.gold[i] as usize, pred[i] as usize);
                    if g != q {
                        for &f in &p.ids[o[0]..o[1]] {
                            let f = f as usize * LABELS;
                            w[f + g] += 1.0;
                            acc[f + g] += c;
                            w[f + q] -= 1.0;
                            acc[f + q] -= c;
                        }
                    }
                    let gp = if i == 0 {
                        0
                    } else {
                        p.gold[i - 1] as usize + 1
                    };
                    let qp = if i == 0 { 0 } else { pred[i - 1] as usize + 1 };
                    if (gp, g) != (qp, q) {
                        t[gp * LABELS + g] += 1.0;
                        tacc[gp * LABELS + g] += c;
                        t[qp * LABELS + q] -= 1.0;
                        tacc[qp * LABELS + q] -= c;
                    }
                }
            }
            c += 1.0;
        }
        let avg = averaged(&w, &acc, c);
        let tavg = averaged(&t, &tacc, c);
        let e = Epoch {
            epoch,
            dev: score(&avg, &tavg, dev_data),
            features: nf,
        };
        report(&e);
        if best
            .as_ref()
            .is_none_or(|b| e.dev.all.f1() > b.0.dev.all.f1() || no_dev)
        {
            best = Some((e, avg, tavg));
        }
    }
    best.expect("at least one pass")
}
