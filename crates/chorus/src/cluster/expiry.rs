//! Open stories ordered by when they were last joined, so that the ones past the window are
//! found as time advances, on every article, without looking at every open story.

use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

/// When a story was last joined: (stream position, publication time if known).
pub(super) type Touched = (u64, Option<i64>);

#[derive(Default)]
pub(super) struct Expiry {
    by_seq: BTreeSet<(u64, u64)>,
    by_time: BTreeSet<(i64, u64)>,
    at: FxHashMap<u64, Touched>,
}

impl Expiry {
    /// Records when a story was last joined (replacing what was recorded).
    pub(super) fn set(&mut self, story: u64, touched: Touched) {
        self.remove(story);
        self.by_seq.insert((touched.0, story));
        if let Some(t) = touched.1 {
            self.by_time.insert((t, story));
        }
        self.at.insert(story, touched);
    }

    pub(super) fn remove(&mut self, story: u64) {
        if let Some((seq, time)) = self.at.remove(&story) {
            self.by_seq.remove(&(seq, story));
            if let Some(t) = time {
                self.by_time.remove(&(t, story));
            }
        }
    }

    /// Whether any story was last joined before `seq_limit` or before `time_limit`.
    pub(super) fn any_before(&self, seq_limit: u64, time_limit: Option<i64>) -> bool {
        self.by_seq.first().is_some_and(|&(s, _)| s < seq_limit)
            || matches!((self.by_time.first(), time_limit), (Some(&(t, _)), Some(l)) if t < l)
    }

    /// The stories last joined before `seq_limit` or before `time_limit`, in story order.
    pub(super) fn before(&self, seq_limit: u64, time_limit: Option<i64>) -> Vec<u64> {
        let mut found: Vec<u64> = self
            .by_seq
            .range(..(seq_limit, 0))
            .map(|&(_, s)| s)
            .collect();
        if let Some(l) = time_limit {
            found.extend(self.by_time.range(..(l, 0)).map(|&(_, s)| s));
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}
