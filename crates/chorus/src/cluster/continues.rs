//! Closed stories kept in brief (their heaviest terms), so that a story about to close can name
//! the earlier story of the same subject it continues: a running subject becomes a thread of
//! stories a reader can follow, not one story that never ends.

use super::sparse::{keep_heaviest, sparse_dot};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::collections::VecDeque;

/// Heaviest terms of a closed story kept to compare later stories with.
const PAST_TERMS: usize = 60;
/// Of which, terms it is looked up by.
const PAST_LOOKUP: usize = 20;
/// Past stories compared exactly, by most shared lookup terms.
const PAST_CANDIDATES: usize = 16;

/// Where a story sits in the stream: publication time when known, else arrival.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub first_seq: u64,
    pub last_seq: u64,
    pub first_time: Option<i64>,
    pub last_time: Option<i64>,
}

impl Span {
    /// Whether this story began before `other` did.
    fn began_before(&self, other: &Span) -> bool {
        match (self.first_time, other.first_time) {
            (Some(a), Some(b)) if a != b => a < b,
            _ => self.first_seq < other.first_seq,
        }
    }

    /// Order of the last members: publication time when both have one, else arrival.
    fn ended(&self) -> (i64, u64) {
        (self.last_time.unwrap_or(i64::MIN), self.last_seq)
    }
}

struct Past {
    story: u64,
    span: Span,
    /// Unit vector of its heaviest terms, sorted by term.
    terms: Vec<(u32, f32)>,
    lookup: Vec<u32>,
}

/// The last `keep` closed stories.
pub(super) struct PastStories {
    keep: usize,
    past: VecDeque<Past>,
    postings: FxHashMap<u32, SmallVec<[u64; 2]>>,
    by_story: FxHashMap<u64, usize>,
    /// Stories popped from the front of `past` so far: `by_story` holds positions counted from
    /// the first story ever kept.
    popped: usize,
}

impl PastStories {
    pub(super) fn new(keep: usize) -> PastStories {
        PastStories {
            keep,
            past: VecDeque::new(),
            postings: FxHashMap::default(),
            by_story: FxHashMap::default(),
            popped: 0,
        }
    }

    /// The most recent kept story that began before `span` and whose terms' cosine with
    /// `centroid` (sorted by term) is at least `threshold`.
    pub(super) fn continued_by(
        &self,
        centroid: &[(u32, f32)],
        span: &Span,
        threshold: f32,
    ) -> Option<u64> {
        let heaviest = heaviest_unit(centroid, PAST_TERMS);
        let mut lookup = heaviest.clone();
        keep_heaviest(&mut lookup, PAST_LOOKUP);
        let mut hits: FxHashMap<u64, u32> = FxHashMap::default();
        for &(t, _) in &lookup {
            for &s in self
                .postings
                .get(&t)
                .map(SmallVec::as_slice)
                .unwrap_or_default()
            {
                *hits.entry(s).or_default() += 1;
            }
        }
        let mut found: Vec<(u32, u64)> = hits.into_iter().map(|(s, n)| (n, s)).collect();
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.truncate(PAST_CANDIDATES);
        found
            .into_iter()
            .filter_map(|(_, s)| self.by_story.get(&s).map(|&i| &self.past[i - self.popped]))
            .filter(|p| p.span.began_before(span))
            .map(|p| (sparse_dot(&heaviest, &p.terms), p))
            .filter(|&(c, _)| c >= threshold)
            .max_by(|(c, p), (d, q)| {
                c.total_cmp(d)
                    .then((p.span.ended(), p.story).cmp(&(q.span.ended(), q.story)))
            })
            .map(|(_, p)| p.story)
    }

    /// Keeps a closed story; forgets the oldest beyond `keep`.
    pub(super) fn add(&mut self, story: u64, centroid: &[(u32, f32)], span: Span) {
        if self.keep == 0 {
            return;
        }
        let terms = heaviest_unit(centroid, PAST_TERMS);
        let mut lookup = terms.clone();
        keep_heaviest(&mut lookup, PAST_LOOKUP);
        let lookup: Vec<u32> = lookup.into_iter().map(|(t, _)| t).collect();
        for &t in &lookup {
            self.postings.entry(t).or_default().push(story);
        }
        self.by_story.insert(story, self.popped + self.past.len());
        self.past.push_back(Past {
            story,
            span,
            terms,
            lookup,
        });
        while self.past.len() > self.keep {
            let old = self.past.pop_front().expect("longer than keep");
            self.popped += 1;
            self.by_story.remove(&old.story);
            for t in old.lookup {
                if let Some(list) = self.postings.get_mut(&t) {
                    list.retain(|s| *s != old.story);
                    if list.is_empty() {
                        self.postings.remove(&t);
                    }
                }
            }
        }
    }
}

/// The `n` heaviest terms as a unit vector sorted by term.
fn heaviest_unit(centroid: &[(u32, f32)], n: usize) -> Vec<(u32, f32)> {
    let mut v = centroid.to_vec();
    keep_heaviest(&mut v, n);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    v.sort_unstable_by_key(|&(t, _)| t);
    v
}
