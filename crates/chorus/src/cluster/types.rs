//! What goes into the clusterer and comes out of it: its options, the stream's articles, and the
//! events it reports (assignments, merges, closed stories with their members).

use crate::ingest::ArticleMeta;
use serde::Serialize;

/// Options of the clusterer.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Cosine between an article and a story's centroid at which the article joins the story.
    pub threshold: f32,
    /// Cosine between two stories' centroids at which they merge (both also close to one article).
    pub merge_threshold: f32,
    /// Mean cosine between the members of two stories at which they merge when one of them is
    /// about to close (and at the end of the stream): average-link clustering, which joins the
    /// parts of a story that the greedy, one-article-at-a-time choice split. 0 turns it off.
    pub relink_threshold: f32,
    /// Estimated shingle Jaccard at which an article is a near copy of a member.
    pub duplicate_threshold: f32,
    /// A story closes after this many articles have arrived without one joining it.
    pub window_articles: u64,
    /// ... or after this many seconds of publication time (when articles carry one).
    pub window_secs: i64,
    /// Share of an article's similarity to a story that comes from their embeddings, when both
    /// have one (the rest from terms).
    pub embedding_weight: f32,
    /// Embedding cosine that counts as no likeness at all: any two news leads score about this
    /// much, so it is subtracted (and the rest rescaled) before the embedding is weighed in.
    pub embedding_floor: f32,
    /// Seconds of publication time over which an article's likeness to a story halves: the
    /// similarity is divided by 1 + gap / this, the gap measured to the story's recent members
    /// (a story is about its latest development, not its whole history). 0 turns it off.
    pub time_decay_secs: i64,
    /// Cosine between the heaviest terms of a story about to close and of an earlier, closed
    /// story at which it is said to continue that one (`StoryCluster::continues`). 0 turns it
    /// off.
    pub continues_threshold: f32,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            threshold: 0.25,
            merge_threshold: 0.5,
            relink_threshold: 0.14,
            duplicate_threshold: 0.8,
            window_articles: 20_000,
            window_secs: 3 * 24 * 3600,
            embedding_weight: 0.2,
            embedding_floor: 0.4,
            time_decay_secs: 3 * 24 * 3600,
            continues_threshold: 0.3,
        }
    }
}

impl ClusterOptions {
    /// Terms' cosine blended with the embeddings' (when there are both).
    pub(super) fn blend(&self, terms: f32, embedding: Option<f32>) -> f32 {
        let Some(c) = embedding else {
            return terms;
        };
        let floor = self.embedding_floor;
        let c = ((c - floor) / (1.0 - floor)).max(0.0);
        let w = self.embedding_weight;
        (1.0 - w) * terms + w * c
    }

    /// How much of a likeness is left across a gap in publication time (1 without one).
    pub(super) fn decay(&self, gap: Option<i64>) -> f32 {
        match gap {
            Some(g) if self.time_decay_secs > 0 => {
                1.0 / (1.0 + g.abs() as f32 / self.time_decay_secs as f32)
            }
            _ => 1.0,
        }
    }
}

/// One article of the stream.
#[derive(Debug, Clone, Default)]
pub struct StreamArticle {
    /// The caller's id for it, if any.
    pub id: Option<String>,
    pub meta: ArticleMeta,
    pub text: String,
    /// A sentence embedding of [`embedding_text`] of the article, when the caller has a model;
    /// the clusterer then weighs meaning as well as shared terms.
    pub embedding: Option<Vec<f32>>,
}

/// What happened to one article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Assignment {
    /// Position in the stream, from 1.
    pub seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The story it joined; none when it holds no text to cluster by.
    pub story: Option<u64>,
    /// It started the story.
    pub new_story: bool,
    /// The member (by `seq`) it copies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<u64>,
    /// Cosine with the story it joined (0 for the first member).
    pub similarity: f32,
}

/// A member of a story.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Member {
    pub seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(flatten)]
    pub meta: ArticleMeta,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<u64>,
    pub similarity: f32,
}

/// A closed story.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoryCluster {
    pub story: u64,
    /// The title (or opening words) of the member closest to the story when it joined.
    pub title: String,
    /// Members, copies included.
    pub size: usize,
    /// Members that are not copies of another: the story's independent sources.
    pub distinct: usize,
    pub outlets: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_published: Option<String>,
    /// Stories merged into this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<u64>,
    /// The earlier, closed story about the same subject that this one follows (a trial's next
    /// day, a report's next month): a running subject is a thread of stories, not one story.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continues: Option<u64>,
    /// Members in arrival order (at most [`super::MAX_LISTED`] of them).
    pub articles: Vec<Member>,
    /// Members beyond [`super::MAX_LISTED`], counted only.
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What the clusterer reports, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterEvent {
    Assigned(Assignment),
    /// Story `from` turned out to be part of story `into`; its members moved there.
    Merged {
        from: u64,
        into: u64,
    },
    Closed(StoryCluster),
}
