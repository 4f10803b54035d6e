//! An open story: its centroid, its members' sketches and hashes, its times.

use super::continues::Span;
use super::expiry::Touched;
use super::sparse::{keep_heaviest, sparse_dot};
use super::{Member, StoryCluster, CENTROID_KEEP, CENTROID_MAX, MAX_LISTED};
use crate::dates::format_timestamp;
use std::collections::VecDeque;

/// Latest members whose publication times say where a story is now.
const RECENT_TIMES: usize = 8;

pub(super) struct ActiveStory {
    pub(super) cluster: StoryCluster,
    /// (term, weight), sorted by term: a story holds a few hundred terms, and a sorted vector
    /// takes a third of the memory of a hash map of them (thousands of stories are open at once).
    pub(super) centroid: Vec<(u32, f32)>,
    pub(super) norm2: f32,
    /// Sum of the members' unit embeddings (empty when none had one).
    pub(super) embedding: Vec<f32>,
    /// Terms the story is indexed under (sorted): the heaviest terms of each of its members,
    /// a fraction of its centroid, so the index stays small.
    pub(super) indexed: Vec<u32>,
    pub(super) sketches: VecDeque<(u64, Vec<u64>)>,
    pub(super) exact: Vec<u64>,
    pub(super) first_seq: u64,
    pub(super) last_seq: u64,
    /// Publication times of the latest members (at most `RECENT_TIMES`, oldest first).
    pub(super) recent_times: VecDeque<i64>,
    pub(super) first_time: Option<i64>,
    pub(super) last_time: Option<i64>,
    /// Similarity of the member whose headline is the title.
    pub(super) title_score: f32,
}

impl ActiveStory {
    /// Cosine with an article's unit vector, sorted by term.
    pub(super) fn cosine(&self, by_term: &[(u32, f32)]) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        sparse_dot(by_term, &self.centroid) / self.norm2.sqrt()
    }

    /// Cosine of an embedding with the story's; none when either has none.
    pub(super) fn embedding_cosine(&self, e: &[f32]) -> Option<f32> {
        (!self.embedding.is_empty() && self.embedding.len() == e.len())
            .then(|| crate::embed::cosine(&self.embedding, e))
    }

    pub(super) fn add_embedding(&mut self, e: &[f32]) {
        if self.embedding.is_empty() {
            self.embedding = e.to_vec();
        } else if self.embedding.len() == e.len() {
            self.embedding.iter_mut().zip(e).for_each(|(s, x)| *s += x);
        }
    }

    /// Adds a vector, sorted by term, to the centroid.
    pub(super) fn add(&mut self, v: &[(u32, f32)]) {
        let old = std::mem::take(&mut self.centroid);
        let mut merged = Vec::with_capacity(old.len() + v.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < v.len() {
            match (old.get(i), v.get(j)) {
                (Some(&(a, x)), Some(&(b, y))) if a == b => {
                    self.norm2 += (x + y) * (x + y) - x * x;
                    merged.push((a, x + y));
                    i += 1;
                    j += 1;
                }
                (Some(&(a, x)), Some(&(b, _))) if a < b => {
                    merged.push((a, x));
                    i += 1;
                }
                (Some(&e), None) => {
                    merged.push(e);
                    i += 1;
                }
                (_, Some(&(b, y))) => {
                    self.norm2 += y * y;
                    merged.push((b, y));
                    j += 1;
                }
                (None, None) => unreachable!("loop condition"),
            }
        }
        self.centroid = merged;
    }

    /// Keeps the heaviest terms.
    pub(super) fn prune(&mut self) {
        if self.centroid.len() <= CENTROID_MAX {
            return;
        }
        let all = &mut self.centroid;
        keep_heaviest(all, CENTROID_KEEP);
        all.sort_unstable_by_key(|&(t, _)| t);
        all.shrink_to_fit();
        self.norm2 = all.iter().map(|(_, w)| w * w).sum();
    }

    /// Records that the story is indexed under a term; false if it already was.
    pub(super) fn index_under(&mut self, t: u32) -> bool {
        match self.indexed.binary_search(&t) {
            Ok(_) => false,
            Err(at) => {
                self.indexed.insert(at, t);
                true
            }
        }
    }

    pub(super) fn touch(&mut self, seq: u64, time: Option<i64>) {
        self.last_seq = self.last_seq.max(seq);
        if let Some(t) = time {
            self.first_time = Some(self.first_time.map_or(t, |f| f.min(t)));
            self.last_time = Some(self.last_time.map_or(t, |l| l.max(t)));
        }
    }

    /// When the story was last joined.
    pub(super) fn touched(&self) -> Touched {
        (self.last_seq, self.last_time)
    }

    pub(super) fn span(&self) -> Span {
        Span {
            first_seq: self.first_seq,
            last_seq: self.last_seq,
            first_time: self.first_time,
            last_time: self.last_time,
        }
    }

    /// Records a new member's publication time among the latest.
    pub(super) fn note_recent(&mut self, t: i64) {
        let at = self.recent_times.partition_point(|&r| r <= t);
        self.recent_times.insert(at, t);
        if self.recent_times.len() > RECENT_TIMES {
            self.recent_times.pop_front();
        }
    }

    /// The mean publication time of the latest members: where the story is now.
    pub(super) fn recent_time(&self) -> Option<i64> {
        let n = self.recent_times.len() as i64;
        (n > 0).then(|| self.recent_times.iter().sum::<i64>() / n)
    }

    pub(super) fn list(&mut self, member: Member) {
        self.cluster.size += 1;
        if member.duplicate_of.is_none() {
            self.cluster.distinct += 1;
        }
        if self.cluster.articles.len() < MAX_LISTED {
            self.cluster.articles.push(member);
        } else {
            self.cluster.omitted += 1;
        }
    }

    pub(super) fn finish(mut self) -> StoryCluster {
        let mut outlets: Vec<String> = Vec::new();
        for m in &self.cluster.articles {
            if let Some(o) = &m.meta.outlet {
                if !outlets.contains(o) {
                    outlets.push(o.clone());
                }
            }
        }
        self.cluster.outlets = outlets;
        self.cluster.first_published = self.first_time.map(format_timestamp);
        self.cluster.last_published = self.last_time.map(format_timestamp);
        self.cluster.articles.sort_by_key(|m| m.seq);
        self.cluster.merged.sort_unstable();
        self.cluster
    }
}

pub(super) fn stories_embedding_cosine(a: &ActiveStory, b: &ActiveStory) -> Option<f32> {
    a.embedding_cosine(&b.embedding)
}

pub(super) fn centroid_cosine(a: &ActiveStory, b: &ActiveStory) -> f32 {
    let denom = (a.norm2 * b.norm2).sqrt();
    if denom > 0.0 {
        centroid_dot(a, b) / denom
    } else {
        0.0
    }
}

pub(super) fn centroid_dot(a: &ActiveStory, b: &ActiveStory) -> f32 {
    sparse_dot(&a.centroid, &b.centroid)
}
