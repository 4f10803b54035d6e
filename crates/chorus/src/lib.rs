//! Chorus: several news articles about one story in, one attributed, non-redundant brief out.
//!
//! The pipeline (see ARCHITECTURE.md): [`ingest`] → [`clean`] → [`segment`] → [`features`]
//! (represent) → [`group`] → [`select`] → [`order`] → [`brief`] → [`render`]. The library does no
//! I/O: callers hand it bytes and get values back.
//!
//! ```
//! use chorus::{ingest::story_from_texts, make_brief, render, BriefOptions, Budget, Format};
//!
//! let story = story_from_texts(&[
//!     ("a.txt".into(), b"The Tolly Ford bridge reopened on Monday after two years of repairs, the county said.\nSubscribe now for unlimited access.".to_vec()),
//!     ("b.txt".into(), b"Drivers crossed the Tolly Ford bridge on Monday as it reopened after two years of repairs.".to_vec()),
//! ])?;
//! let brief = make_brief(&story, &BriefOptions { budget: Budget::Words(40), ..Default::default() })?;
//! assert!(brief.summary_words() <= 40);
//! // Every summary sentence points at the source sentences that say it.
//! let first = &brief.summary[0];
//! let article = &story.articles[first.support[0].source - 1];
//! assert!(article.text[first.support[0].start..first.support[0].end].contains("Tolly Ford"));
//! assert!(!render(&brief, Format::Markdown).contains("Subscribe"));
//! # Ok::<(), chorus::ChorusError>(())
//! ```

pub mod analyse;
pub mod brief;
pub mod clean;
pub mod cluster;
pub mod dates;
pub mod embed;
pub mod error;
pub mod features;
pub mod group;
pub mod ingest;
pub mod order;
pub mod render;
pub mod represent;
pub mod segment;
pub mod select;
mod speech;
pub mod support;
mod union_find;
mod xorshift;

// The analyses keep their paths at the crate root (`chorus::quotes`, …).
pub use analyse::{coverage, entities, facts, quotes, timeline};

pub use brief::{analyse, make_brief, Brief, BriefOptions};
pub use error::ChorusError;
pub use ingest::{Article, Story};
pub use render::{render, Format};
pub use select::{Budget, DEFAULT_METHOD, METHODS};
