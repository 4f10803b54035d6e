//! Entity-level scores as conlleval counts them: a predicted name is right only when its span
//! and kind both equal a gold name's.

use crate::labels::Span;
use rustc_hash::FxHashSet;

#[derive(Default, Clone, Copy, Debug)]
pub struct Counts {
    pub right: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.right, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Counts over all kinds and per kind.
#[derive(Default, Clone, Debug)]
pub struct Score {
    pub all: Counts,
    pub by_kind: [Counts; 4],
}

impl Score {
    /// Adds one sentence. With `typed` false, a name is right when its span is (GUM's kinds are
    /// not CoNLL's).
    pub fn add(&mut self, gold: &[Span], predicted: &[Span], typed: bool) {
        let key = |s: &Span| (s.start, s.end, if typed { Some(s.kind) } else { None });
        let g: FxHashSet<_> = gold.iter().map(key).collect();
        for p in predicted {
            let right = g.contains(&key(p));
            let k = p.kind.index();
            self.all.predicted += 1;
            self.by_kind[k].predicted += 1;
            if right {
                self.all.right += 1;
                self.by_kind[k].right += 1;
            }
        }
        for s in gold {
            self.all.gold += 1;
            self.by_kind[s.kind.index()].gold += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Kind;

    #[test]
    fn a_name_counts_only_with_its_span_and_kind() {
        let span = |start, end, kind| Span { start, end, kind };
        let gold = [span(0, 2, Kind::Person), span(4, 5, Kind::Place)];
        let predicted = [
            span(0, 2, Kind::Person),
            span(4, 5, Kind::Organization),
            span(6, 7, Kind::Misc),
        ];
        let mut s = Score::default();
        s.add(&gold, &predicted, true);
        assert_eq!((s.all.right, s.all.predicted, s.all.gold), (1, 3, 2));
        assert!((s.all.f1() - 0.4).abs() < 1e-9);
        let mut u = Score::default();
        u.add(&gold, &predicted, false);
        assert_eq!(u.all.right, 2);
    }
}
