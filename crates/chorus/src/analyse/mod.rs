//! The analyses of a story, each on the kept sentences and each pointing at them through
//! [`Support`](crate::support::Support): who said what, the figures and whether the sources agree,
//! the people, organisations and places, the timeline, and what each source adds. The brief runs
//! them; none of them imports the brief or another's internals beyond its public items.

pub mod coverage;
pub mod entities;
pub mod facts;
pub mod off_story;
pub mod quotes;
pub mod timeline;
