//! Online story clustering: a stream of articles in arrival order, each assigned to a story as it
//! arrives, in one pass and bounded memory.
//!
//! An article becomes a TF-IDF vector of the stemmed content terms of its title and lead
//! ([`profile`]); the IDF comes from the stream itself, in a fixed-size hashed table. A story is
//! the sum of its members' vectors (a centroid, pruned to its heaviest terms). An inverted index
//! from terms to the stories whose centroid holds them finds the candidates; the article joins
//! the most similar story at cosine ≥ `threshold`, or starts a new one. When the story it joined
//! is then close, centroid to centroid, to another story the article was close to, they turn out
//! to be one and merge.
//! When the caller gives articles a sentence embedding, each story also sums its members' (unit)
//! embeddings, the stories nearest in meaning join the candidates, and similarity blends the term
//! cosine with the embedding cosine ([`ClusterOptions::embedding_weight`]).
//! Exact copies (same words) and near copies (MinHash of word shingles) are members marked
//! `duplicate_of`: they count once, and neither move the centroid nor the IDF.
//! A story closes once no article has joined it for `window_articles` articles or, when
//! publication times are given, `window_secs` of stream time; closing frees everything it held.

pub mod batch;
mod continues;
mod expiry;
pub mod metrics;
pub mod profile;
mod sparse;
mod story;
pub mod stream;
mod types;

use crate::dates::parse_timestamp;
use continues::{Past, PastStories};
use expiry::Expiry;
pub use profile::embedding_text;
use profile::{sketch_similarity, Profile, Profiler};
use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;
use sparse::{keep_first_by, keep_heaviest, sparse_dot};
use std::collections::VecDeque;
use story::{centroid_cosine, centroid_dot, stories_embedding_cosine, ActiveStory};
pub use types::{Assignment, ClusterEvent, ClusterOptions, Member, StoryCluster, StreamArticle};

/// Distinct content terms an article needs to be placed: with fewer (a bare "Yes" left of a
/// notice page) nothing says which story it belongs to, and it would join the first that shares
/// its one word.
const MIN_TERMS: usize = 3;
/// Members a story lists; beyond, they are counted (a copy sent without end must not grow memory).
pub const MAX_LISTED: usize = 10_000;
/// Recent distinct members whose sketches near-copies are checked against.
const MAX_SKETCHES: usize = 256;
/// Buckets of the hashed document-frequency table.
const DF_BUCKETS: usize = 1 << 20;
/// Heaviest terms of an article kept in its vector.
const ARTICLE_TERMS: usize = 80;
/// Heaviest terms of an article used to look up candidate stories.
const LOOKUP_TERMS: usize = 30;
/// Candidate stories scored exactly, by most shared lookup terms. 64 and 32 chose the same stories
/// as 16 on six shuffles of Multi-News, with and without embeddings; each is a centroid read from
/// memory.
const MAX_CANDIDATES: usize = 16;
/// A centroid is pruned to `CENTROID_KEEP` terms when it grows past `CENTROID_MAX`.
const CENTROID_MAX: usize = 1000;
const CENTROID_KEEP: usize = 500;
/// Stories a story about to close is compared with, by most shared heavy terms.
const RELINK_CANDIDATES: usize = 16;
/// Stories scored exactly because their embedding is among the closest to the article's.
const EMBEDDING_CANDIDATES: usize = 16;
/// The article's candidate stories checked for a merge with the story it joined.
const MERGE_CHECKS: usize = 8;
/// Closed stories remembered to say which one a closing story continues (a few hundred bytes
/// each).
const PAST_STORIES: usize = 10_000;

/// The online clusterer. Feed it with [`Clusterer::push`], end with [`Clusterer::finish`].
pub struct Clusterer {
    opts: ClusterOptions,
    profiler: Profiler,
    df: Vec<u32>,
    n_docs: u32,
    active: FxHashMap<u64, ActiveStory>,
    /// Term → the open stories indexed under it. Most terms index one or two stories (at 100,000
    /// synthetic articles, 311,000 of 355,000), so those are kept in the table itself, not in a
    /// heap list of their own: 114 MB at that point instead of 133.
    postings: FxHashMap<u32, SmallVec<[u64; 2]>>,
    /// Posting entries that point at closed or merged stories; compacted when they are many.
    stale: usize,
    live: usize,
    /// Exact-text hash → (story, seq of the first member with that text).
    exact: FxHashMap<u64, (u64, u64)>,
    seq: u64,
    next_story: u64,
    clock: Option<i64>,
    /// Open stories by when they were last joined.
    expiry: Expiry,
    /// Closed stories, for `continues`.
    past: PastStories,
}

impl Clusterer {
    pub fn new(opts: ClusterOptions) -> Clusterer {
        Clusterer {
            opts,
            profiler: Profiler::default(),
            df: vec![0; DF_BUCKETS],
            n_docs: 0,
            active: FxHashMap::default(),
            postings: FxHashMap::default(),
            stale: 0,
            live: 0,
            exact: FxHashMap::default(),
            seq: 0,
            next_story: 1,
            clock: None,
            expiry: Expiry::default(),
            past: PastStories::new(PAST_STORIES),
        }
    }

    /// Stories open now.
    pub fn open_stories(&self) -> usize {
        self.active.len()
    }

    /// Assigns one article; returns its assignment, then any merge and any stories that closed.
    pub fn push(&mut self, article: StreamArticle) -> Vec<ClusterEvent> {
        self.seq += 1;
        let seq = self.seq;
        let time = article.meta.published.as_deref().and_then(parse_timestamp);
        if let Some(t) = time {
            self.clock = Some(self.clock.map_or(t, |c| c.max(t)));
        }
        let profile = self
            .profiler
            .profile(article.meta.title.as_deref(), &article.text);
        let embedding = article.embedding.as_deref().and_then(unit);
        let mut events = Vec::new();
        let member = |similarity: f32, duplicate_of: Option<u64>| Member {
            seq,
            id: article.id.clone(),
            meta: article.meta.clone(),
            duplicate_of,
            similarity,
        };
        let assigned = |story, new_story, duplicate_of, similarity| {
            ClusterEvent::Assigned(Assignment {
                seq,
                id: article.id.clone(),
                story,
                new_story,
                duplicate_of,
                similarity,
            })
        };
        if profile.terms.len() < MIN_TERMS {
            events.push(assigned(None, false, None, 0.0));
        } else if let Some(&(story, original)) = self
            .exact
            .get(&profile.exact)
            .filter(|&&(story, _)| self.within_window(&self.active[&story], time))
        {
            // A copy joins its original's story, unless it was published outside the story's
            // window (a re-post weeks later is not this story's news).
            let s = self
                .active
                .get_mut(&story)
                .expect("exact hashes of open stories only");
            s.touch(seq, time);
            self.expiry.set(story, s.touched());
            s.list(member(1.0, Some(original)));
            events.push(assigned(Some(story), false, Some(original), 1.0));
        } else {
            events.extend(self.place(seq, time, profile, embedding, member, assigned));
        }
        // Stories close as soon as the stream has moved past their window: checked on every
        // article (the oldest open story is one look away), so a slow stream closes them too.
        if self.expiry.any_before(self.seq_limit(), self.time_limit()) {
            events.extend(self.sweep(false));
        }
        events
    }

    /// Closes every open story, in story order.
    pub fn finish(mut self) -> Vec<ClusterEvent> {
        self.sweep(true)
    }

    fn idf(&self, t: u32) -> f32 {
        idf(self.n_docs as f32, self.df[t as usize % DF_BUCKETS] as f32)
    }

    /// An article's likeness to a story: terms and embeddings blended, decayed by the time
    /// since the story's recent members.
    fn similarity(
        &self,
        story: &ActiveStory,
        by_term: &[(u32, f32)],
        e: Option<&[f32]>,
        time: Option<i64>,
    ) -> f32 {
        let gap = time.zip(story.recent_time()).map(|(t, r)| t - r);
        self.opts.blend(
            story.cosine(by_term),
            e.and_then(|e| story.embedding_cosine(e)),
        ) * self.opts.decay(gap)
    }

    /// Whether a time falls within the window of a story's span (or either is unknown): an
    /// article published more than a window before or after it is not part of it.
    fn within_window(&self, story: &ActiveStory, time: Option<i64>) -> bool {
        let w = self.opts.window_secs;
        match (time, story.first_time, story.last_time) {
            (Some(t), Some(f), Some(l)) => t >= f - w && t <= l + w,
            _ => true,
        }
    }

    /// Whether two stories' spans of publication time come within the window of each other
    /// (or either is unknown): only then can they be one story.
    fn spans_meet(&self, a: &ActiveStory, b: &ActiveStory) -> bool {
        match (a.first_time, a.last_time, b.first_time, b.last_time) {
            (Some(af), Some(al), Some(bf), Some(bl)) => {
                af.max(bf) - al.min(bl) <= self.opts.window_secs
            }
            _ => true,
        }
    }

    /// Stories last joined before this position are past the window in articles...
    fn seq_limit(&self) -> u64 {
        self.seq.saturating_sub(self.opts.window_articles)
    }

    /// ... and those last joined before this time, past it in publication time.
    fn time_limit(&self) -> Option<i64> {
        self.clock.map(|c| c.saturating_sub(self.opts.window_secs))
    }

    fn place(
        &mut self,
        seq: u64,
        time: Option<i64>,
        profile: Profile,
        embedding: Option<Vec<f32>>,
        member: impl Fn(f32, Option<u64>) -> Member,
        assigned: impl Fn(Option<u64>, bool, Option<u64>, f32) -> ClusterEvent,
    ) -> Vec<ClusterEvent> {
        let v = article_vector(&profile.terms, |t| self.idf(t));
        let mut by_term = v.clone();
        by_term.sort_unstable_by_key(|&(t, _)| t);

        // Candidates: stories sharing the most lookup terms, then exact cosines.
        let lookup = v.iter().take(LOOKUP_TERMS).map(|&(t, _)| t);
        let mut candidates = self.stories_sharing(lookup, None, MAX_CANDIDATES);
        if let Some(e) = &embedding {
            // Meaning finds stories told in other words, which the term index misses.
            let mut near: Vec<(f32, u64)> = self
                .active
                .iter()
                .filter_map(|(&s, story)| story.embedding_cosine(e).map(|c| (c, s)))
                .collect();
            let k = EMBEDDING_CANDIDATES.min(near.len());
            if k > 0 {
                near.select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                candidates.extend(near[..k].iter().map(|&(_, s)| s));
                candidates.sort_unstable();
                candidates.dedup();
            }
        }
        let mut scored: Vec<(f32, u64)> = candidates
            .iter()
            .map(|&s| (&self.active[&s], s))
            .filter(|(story, _)| self.within_window(story, time))
            .map(|(story, s)| {
                let sim = self.similarity(story, &by_term, embedding.as_deref(), time);
                (sim, s)
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let best = scored
            .first()
            .copied()
            .filter(|b| b.0 >= self.opts.threshold);

        let mut events = Vec::new();
        let (story, similarity) = match best {
            Some((sim, s)) => (s, sim),
            None => {
                let id = self.next_story;
                self.next_story += 1;
                self.active.insert(
                    id,
                    ActiveStory {
                        cluster: StoryCluster {
                            story: id,
                            title: String::new(),
                            size: 0,
                            distinct: 0,
                            outlets: Vec::new(),
                            first_published: None,
                            last_published: None,
                            merged: Vec::new(),
                            continues: None,
                            articles: Vec::new(),
                            omitted: 0,
                        },
                        centroid: Vec::new(),
                        embedding: Vec::new(),
                        indexed: Vec::new(),
                        norm2: 0.0,
                        sketches: VecDeque::new(),
                        exact: Vec::new(),
                        first_seq: seq,
                        last_seq: seq,
                        recent_times: VecDeque::new(),
                        first_time: None,
                        last_time: None,
                        title_score: -1.0,
                    },
                );
                (id, 0.0)
            }
        };
        let s = self.active.get_mut(&story).expect("just chosen or created");
        s.touch(seq, time);
        self.expiry.set(story, s.touched());
        let copy_of = s
            .sketches
            .iter()
            .find(|(_, sk)| sketch_similarity(sk, &profile.sketch) >= self.opts.duplicate_threshold)
            .map(|&(m, _)| m);
        s.list(member(similarity, copy_of));
        events.push(assigned(Some(story), best.is_none(), copy_of, similarity));
        if copy_of.is_some() {
            return events; // a copy moves nothing
        }
        if similarity > s.title_score {
            s.title_score = similarity;
            s.cluster.title = profile.headline;
        }
        if let Some(t) = time {
            s.note_recent(t);
        }
        if s.sketches.len() == MAX_SKETCHES {
            s.sketches.pop_front();
        }
        s.sketches.push_back((seq, profile.sketch));
        s.exact.push(profile.exact);
        self.exact.insert(profile.exact, (story, seq));
        s.add(&by_term);
        s.prune();
        if let Some(e) = &embedding {
            s.add_embedding(e);
        }
        for &(t, _) in v.iter().take(LOOKUP_TERMS) {
            if s.index_under(t) {
                self.postings.entry(t).or_default().push(story);
                self.live += 1;
            }
        }
        self.n_docs += 1;
        for &(t, _) in &profile.terms {
            let b = &mut self.df[t as usize % DF_BUCKETS];
            *b = b.saturating_add(1);
        }

        // A story that grew may now be as alike to another as their members are to each other:
        // they are one story told twice. The article's near candidates are the ones to check.
        let mut current = story;
        for &(sim, other) in scored.iter().take(MERGE_CHECKS) {
            if other == current || sim < self.opts.threshold || !self.active.contains_key(&other) {
                continue;
            }
            let (a, b) = (&self.active[&current], &self.active[&other]);
            if !self.spans_meet(a, b) {
                continue;
            }
            let alike = self
                .opts
                .blend(centroid_cosine(a, b), stories_embedding_cosine(a, b));
            if alike >= self.opts.merge_threshold {
                current = self.merge_stories(current, other, &mut events);
            }
        }
        events
    }

    /// Merges two open stories, reported in `events`: the one with more sources takes in the
    /// other (on a tie, the older one). Returns the story they became.
    fn merge_stories(&mut self, a: u64, b: u64, events: &mut Vec<ClusterEvent>) -> u64 {
        let (x, y) = (&self.active[&a], &self.active[&b]);
        let (into, from) = if (y.cluster.distinct, a) > (x.cluster.distinct, b) {
            (b, a)
        } else {
            (a, b)
        };
        self.merge(from, into);
        events.push(ClusterEvent::Merged { from, into });
        into
    }

    fn merge(&mut self, from: u64, into: u64) {
        let f = self.active.remove(&from).expect("open story");
        self.expiry.remove(from);
        for h in &f.exact {
            if let Some(e) = self.exact.get_mut(h).filter(|e| e.0 == from) {
                e.0 = into;
            }
        }
        self.stale += f.indexed.len();
        let s = self.active.get_mut(&into).expect("open story");
        s.add(&f.centroid);
        s.prune();
        if !f.embedding.is_empty() {
            s.add_embedding(&f.embedding);
        }
        for &t in &f.indexed {
            if s.index_under(t) {
                self.postings.entry(t).or_default().push(into);
                self.live += 1;
            }
        }
        s.first_seq = s.first_seq.min(f.first_seq);
        s.last_seq = s.last_seq.max(f.last_seq);
        s.first_time = match (s.first_time, f.first_time) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        s.last_time = s.last_time.max(f.last_time);
        for &t in &f.recent_times {
            s.note_recent(t);
        }
        self.expiry.set(into, s.touched());
        if f.title_score > s.title_score {
            s.title_score = f.title_score;
            s.cluster.title = f.cluster.title;
        }
        s.cluster.merged.push(from);
        s.cluster.merged.extend(f.cluster.merged);
        for m in f.cluster.articles {
            s.list(m);
        }
        s.cluster.omitted += f.cluster.omitted;
        s.exact.extend(f.exact);
        s.sketches.extend(f.sketches);
        while s.sketches.len() > MAX_SKETCHES {
            s.sketches.pop_front();
        }
    }

    /// Merges stories whose members are, on average, as alike as the members of one story:
    /// average-link clustering, started from the given stories (those about to close) and
    /// repeated on the merged ones until no pair is alike enough. Since a centroid is the sum of
    /// its members' unit vectors, the mean cosine between two stories' members is their
    /// centroids' dot product over the product of their sizes.
    fn relink(&mut self, mut pending: Vec<u64>) -> Vec<ClusterEvent> {
        let mut events = Vec::new();
        while !pending.is_empty() {
            pending.sort_unstable();
            pending.dedup();
            let mut pairs: Vec<(f32, u64, u64)> = Vec::new();
            let mut scored: FxHashSet<(u64, u64)> = FxHashSet::default();
            for &a in &pending {
                let Some(story) = self.active.get(&a) else {
                    continue; // merged away or closed since
                };
                for b in self.relink_candidates(a, story) {
                    if !scored.insert((a.min(b), a.max(b))) {
                        continue; // found from the other side
                    }
                    let other = &self.active[&b];
                    if !self.spans_meet(story, other) {
                        continue; // the same subject, days apart: two stories
                    }
                    let mean = self.mean_similarity(story, other);
                    if mean >= self.opts.relink_threshold {
                        pairs.push((mean, a.min(b), a.max(b)));
                    }
                }
            }
            pairs.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
            pending.clear();
            // Each story merges once a round: after a merge its other pairs are out of date,
            // so the merged story is looked at again in the next round.
            let mut done: FxHashSet<u64> = FxHashSet::default();
            for (_, a, b) in pairs {
                if done.contains(&a) || done.contains(&b) {
                    continue;
                }
                pending.push(self.merge_stories(a, b, &mut events));
                done.extend([a, b]);
            }
        }
        events
    }

    /// Mean similarity between the members of two stories, embeddings blended in as for joins.
    fn mean_similarity(&self, a: &ActiveStory, b: &ActiveStory) -> f32 {
        let pairs = a.cluster.distinct as f32 * b.cluster.distinct as f32;
        if pairs <= 0.0 {
            return 0.0;
        }
        let embedding =
            (!a.embedding.is_empty() && a.embedding.len() == b.embedding.len()).then(|| {
                let dot: f32 = a
                    .embedding
                    .iter()
                    .zip(&b.embedding)
                    .map(|(x, y)| x * y)
                    .sum();
                dot / pairs
            });
        let gap = a.recent_time().zip(b.recent_time()).map(|(x, y)| x - y);
        self.opts.blend(centroid_dot(a, b) / pairs, embedding) * self.opts.decay(gap)
    }

    /// Open stories sharing the most of a story's heaviest terms.
    fn relink_candidates(&self, id: u64, story: &ActiveStory) -> Vec<u64> {
        let mut heaviest: Vec<(u32, f32)> = story.centroid.clone();
        keep_heaviest(&mut heaviest, LOOKUP_TERMS);
        self.stories_sharing(
            heaviest.iter().map(|&(t, _)| t),
            Some(id),
            RELINK_CANDIDATES,
        )
    }

    /// The open stories (other than `except`) indexed under the most of these terms, at most
    /// `limit`, most shared first.
    fn stories_sharing(
        &self,
        terms: impl Iterator<Item = u32>,
        except: Option<u64>,
        limit: usize,
    ) -> Vec<u64> {
        let mut hits: FxHashMap<u64, u32> = FxHashMap::default();
        for t in terms {
            for &s in self
                .postings
                .get(&t)
                .map(SmallVec::as_slice)
                .unwrap_or_default()
            {
                *hits.entry(s).or_default() += 1;
            }
        }
        let mut found: Vec<(u64, u32)> = hits
            .into_iter()
            .filter(|(s, _)| Some(*s) != except && self.active.contains_key(s))
            .collect();
        // Thousands of stories can share a common term; only the best `limit` are wanted.
        keep_first_by(&mut found, limit, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.into_iter().map(|(s, _)| s).collect()
    }

    /// Whether a story is past the window (every story is when `all`).
    fn is_expired(&self, s: &ActiveStory, all: bool) -> bool {
        all || s.last_seq < self.seq_limit()
            || matches!((self.time_limit(), s.last_time), (Some(c), Some(l)) if l < c)
    }

    /// Stories past the window (all of them when `all`), in story order.
    fn expired(&self, all: bool) -> Vec<u64> {
        if !all {
            return self.expiry.before(self.seq_limit(), self.time_limit());
        }
        let mut expired: Vec<u64> = self.active.keys().copied().collect();
        expired.sort_unstable();
        expired
    }

    /// Closes stories past the window (all of them when `all`), in story order.
    fn sweep(&mut self, all: bool) -> Vec<ClusterEvent> {
        let mut expired = self.expired(all);
        let mut events = Vec::new();
        if self.opts.relink_threshold > 0.0 && !expired.is_empty() {
            // A story about to close is first offered to the open ones: one it merges into
            // (or that merges into it) stays open. A merged story is as recent as its most
            // recent part, so what is past the window now was on the list before.
            events = self.relink(expired.clone());
            expired.retain(|id| self.active.get(id).is_some_and(|s| self.is_expired(s, all)));
        }
        for id in expired {
            let mut s = self.active.remove(&id).expect("listed");
            self.expiry.remove(id);
            for h in &s.exact {
                // A later copy outside the window may have its own story by now.
                if self.exact.get(h).is_some_and(|e| e.0 == id) {
                    self.exact.remove(h);
                }
            }
            self.stale += s.indexed.len();
            if self.opts.continues_threshold > 0.0 {
                let past = Past::of(id, &s.centroid, s.span());
                s.cluster.continues = self.past.continued_by(&past, self.opts.continues_threshold);
                self.past.add(past);
            }
            events.push(ClusterEvent::Closed(s.finish()));
        }
        if self.stale > 1024 && self.stale * 2 > self.live {
            let active = &self.active;
            self.postings.retain(|t, stories| {
                stories.retain(|s| {
                    active
                        .get(s)
                        .is_some_and(|a| a.indexed.binary_search(t).is_ok())
                });
                !stories.is_empty()
            });
            self.live = self.postings.values().map(SmallVec::len).sum();
            self.stale = 0;
        }
        events
    }
}

/// Inverse document frequency of a term found in `df` of `n_docs` articles (smoothed: a term
/// in every article still weighs 1).
fn idf(n_docs: f32, df: f32) -> f32 {
    ((n_docs + 1.0) / (df + 1.0)).ln() + 1.0
}

/// An article's unit TF-IDF vector from its profile's weighted counts: its `ARTICLE_TERMS`
/// heaviest terms, heaviest first.
fn article_vector(counts: &[(u32, f32)], idf: impl Fn(u32) -> f32) -> Vec<(u32, f32)> {
    let mut v: Vec<(u32, f32)> = counts
        .iter()
        .map(|&(t, c)| (t, (1.0 + c.ln()) * idf(t)))
        .collect();
    keep_heaviest(&mut v, ARTICLE_TERMS);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    v.iter_mut().for_each(|(_, w)| *w /= norm);
    v
}

/// The vector scaled to length 1; none for an empty or all-zero one.
fn unit(v: &[f32]) -> Option<Vec<f32>> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    (norm > 0.0 && norm.is_finite()).then(|| v.iter().map(|x| x / norm).collect())
}

#[cfg(test)]
mod tests;
