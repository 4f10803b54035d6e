//! Closed stories kept in brief (their heaviest terms), so that a story about to close can name
//! the earlier story of the same subject it continues: a running subject becomes a thread of
//! stories a reader can follow, not one story that never ends.

use super::sparse::{keep_first_by, keep_heaviest, sparse_dot};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::collections::VecDeque;

/// Heaviest terms of a closed story kept to compare later stories with.
const PAST_TERMS: usize = 60;
/// Of which, terms it is looked up by.
const PAST_LOOKUP: usize = 20;
/// Past stories compared exactly, by most shared lookup terms.
const PAST_CANDIDATES: usize = 16;
/// Past stories a term finds, the latest: a term common to thousands of stories (a president's
/// name) would otherwise cost a count for each of them at every close.
const PAST_PER_TERM: usize = 32;

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

/// What is kept of a closed story.
pub(super) struct Past {
    story: u64,
    span: Span,
    /// Unit vector of its heaviest terms, sorted by term.
    terms: Vec<(u32, f32)>,
    /// Its heaviest few terms, which it is looked up by.
    lookup: Vec<u32>,
}

impl Past {
    /// A story in brief: its `PAST_TERMS` heaviest terms (a centroid holds up to a thousand).
    pub(super) fn of(story: u64, centroid: &[(u32, f32)], span: Span) -> Past {
        let mut heaviest = centroid.to_vec();
        keep_heaviest(&mut heaviest, PAST_TERMS);
        let lookup: Vec<u32> = heaviest.iter().take(PAST_LOOKUP).map(|&(t, _)| t).collect();
        let norm = heaviest.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            heaviest.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        heaviest.sort_unstable_by_key(|&(t, _)| t);
        // Kept for long: without its spare capacity (the centroid's length).
        heaviest.shrink_to_fit();
        Past {
            story,
            span,
            terms: heaviest,
            lookup,
        }
    }
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

    /// The kept story that began before `story` did and whose heaviest terms are the most alike
    /// to its, at a cosine of at least `threshold` (on a tie, the one that ended last).
    pub(super) fn continued_by(&self, story: &Past, threshold: f32) -> Option<u64> {
        let mut hits: FxHashMap<u64, u32> = FxHashMap::default();
        for &t in &story.lookup {
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
        keep_first_by(&mut found, PAST_CANDIDATES, |a, b| b.cmp(a));
        found
            .into_iter()
            .filter_map(|(_, s)| self.by_story.get(&s).map(|&i| &self.past[i - self.popped]))
            .filter(|p| p.span.began_before(&story.span))
            .map(|p| (sparse_dot(&story.terms, &p.terms), p))
            .filter(|&(c, _)| c >= threshold)
            .max_by(|(c, p), (d, q)| {
                c.total_cmp(d)
                    .then((p.span.ended(), p.story).cmp(&(q.span.ended(), q.story)))
            })
            .map(|(_, p)| p.story)
    }

    /// Keeps a closed story; forgets the oldest beyond `keep`.
    pub(super) fn add(&mut self, past: Past) {
        if self.keep == 0 {
            return;
        }
        for &t in &past.lookup {
            let list = self.postings.entry(t).or_default();
            list.push(past.story);
            if list.len() > PAST_PER_TERM {
                list.remove(0);
            }
        }
        self.by_story
            .insert(past.story, self.popped + self.past.len());
        self.past.push_back(past);
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
