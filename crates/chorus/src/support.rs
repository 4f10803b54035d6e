//! Provenance: a pointer to one source sentence. Every analysis and the brief point at the
//! articles through it, so it lives apart from all of them (none imports another to get it).

use crate::features::Sentence;
use serde::Serialize;

/// A pointer to one source sentence: the provenance currency.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Support {
    pub source: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
}

impl Support {
    pub(crate) fn of(s: &Sentence) -> Support {
        Support {
            source: s.source,
            sentence: s.index,
            start: s.start,
            end: s.end,
        }
    }
}
