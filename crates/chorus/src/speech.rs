//! Words of speech, shared by the cleaner, the sentence features and the quotation finder: the
//! verbs that attribute words to a speaker, and the word-set helpers they are asked through.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Verbs that attribute a quote to a speaker.
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "according",
    "asked",
    "asks",
    "wrote",
    "writes",
    "tweeted",
    "explained",
    "stated",
    "noted",
    "continued",
    "insisted",
    "argued",
    "claimed",
    "warned",
    "declared",
    "announced",
    "replied",
    "recalled",
    "urged",
    "acknowledged",
    "admitted",
    "conceded",
    "described",
    "called",
    "posted",
    "charged",
    "responded",
    "saying",
    "elaborated",
    "yelled",
    "shouted",
    "boomed",
    "whispered",
    "recalls",
    "explains",
    "states",
    "write",
    "ask",
    // Cues of direct quotations in PolNeAR's training split (two or more uses), measured on
    // its development split (docs/quotes.md).
    "adding",
    "concluded",
    "concludes",
    "reported",
    "telling",
    "notes",
    "reads",
    "chanted",
    "chanting",
    "remarked",
    "writing",
    "answered",
    "answers",
    "joked",
    "jokes",
    "quipped",
    "continues",
    "interjected",
    "predicted",
    "wondered",
    "exclaimed",
    "confessed",
    "echoed",
    "retorted",
    "responds",
    "asking",
    "barked",
    // Verbs of saying beyond those PolNeAR's training split uses twice, from an English list,
    // measured on PolNeAR dev (docs/quotes.md); "stressed" and "emphasized" left out: they take
    // a quoted phrase as their object as often as speech.
    "boasted",
    "asserted",
    "asserting",
    "commented",
    "observed",
    "complained",
    "cautioned",
    "countered",
    "vowed",
    "pledged",
    "testified",
    "lamented",
    "mused",
    "proclaimed",
];

/// A word list as a set, built once: these lists are asked about every word of every sentence.
pub(crate) fn word_set(
    cell: &'static OnceLock<FxHashSet<&'static str>>,
    list: &'static [&'static str],
) -> &'static FxHashSet<&'static str> {
    cell.get_or_init(|| list.iter().copied().collect())
}

/// One of `SPEECH_VERBS`, in any ASCII case ("said", "Said").
pub(crate) fn is_speech_verb(w: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    w.is_ascii() && lowered(w, |w| word_set(&SET, SPEECH_VERBS).contains(w))
}

/// `f` of the word lower-cased, without allocating for a short ASCII word.
pub(crate) fn lowered<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        f(std::str::from_utf8(lower).expect("ASCII"))
    } else {
        f(&word.to_lowercase())
    }
}
