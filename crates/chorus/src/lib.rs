//! Chorus: several news articles about one story in, one attributed, non-redundant brief out.
//!
//! The pipeline (see ARCHITECTURE.md): [`ingest`] → [`clean`] → [`segment`] → [`features`]
//! (represent) → [`group`] → [`select`] → [`order`] → [`brief`] → [`render`]. The library does no
//! I/O: callers hand it bytes and get values back.

pub mod brief;
pub mod clean;
pub mod error;
pub mod features;
pub mod group;
pub mod ingest;
pub mod order;
pub mod render;
pub mod represent;
pub mod segment;
pub mod select;

pub use brief::{analyse, make_brief, Brief, BriefOptions};
pub use error::ChorusError;
pub use ingest::{Article, Story};
pub use render::{render, Format};
pub use select::{Budget, DEFAULT_METHOD, METHODS};
