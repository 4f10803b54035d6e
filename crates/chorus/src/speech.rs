//! Words of speech, shared by the cleaner, the sentence features, the quotation finder, the
//! summary's needs and the timeline: the verbs that attribute words to a speaker, the word-set
//! helpers they are asked through, and which way a sentence's quotation marks go.

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
    // Other forms of the verbs above, and verbs of saying that cue quoted words in PolNeAR's
    // training split (any kind of attribution), chosen on training and development
    // (docs/quotes.md). Verbs whose object is a person ("praised", "accused", "offered",
    // "quoted", "thanked") are left out: after them a name is whom they speak of, not who speaks.
    "noting",
    "note",
    "calls",
    "arguing",
    "argue",
    "argues",
    "claims",
    "claim",
    "claiming",
    "reports",
    "read",
    "explaining",
    "stating",
    "describes",
    "describing",
    "vows",
    "vowing",
    "insists",
    "insisting",
    "implied",
    "tweeting",
    "tweets",
    "remarking",
    "retweeted",
    "admits",
    "admitting",
    "chants",
    "comment",
    "declares",
    "declaring",
    "shouting",
    "shouts",
    "yelling",
    "yells",
    "announces",
    "announcing",
    "replies",
    "replying",
    "recalling",
    "acknowledges",
    "acknowledging",
    "concedes",
    "conceding",
    "calling",
    "posting",
    "responding",
    "whispers",
    "reading",
    "quips",
    "quipping",
    "joking",
    "predicts",
    "wonders",
    "exclaims",
    "confesses",
    "echoes",
    "echoing",
    "retorts",
    "boasts",
    "boasting",
    "asserts",
    "observes",
    "complains",
    "complaining",
    "cautions",
    "counters",
    "pledges",
    "testifies",
    "laments",
    "muses",
    "proclaims",
    "fumed",
    "fumes",
    "gloated",
    "blogged",
    "scoffed",
    "snapped",
    "demanded",
    "demands",
    "interjecting",
    "proposed",
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

/// Which way a sentence's unpaired quotation mark goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unpaired {
    /// Every mark is paired (or there are none).
    None,
    /// A quotation opens and does not close in the sentence.
    Opens,
    /// The sentence closes a quotation opened before it.
    Closes,
    /// Unpaired, but which way cannot be told (a straight mark with space on both sides, as
    /// tokenised corpora write them), or both ways at once.
    Unknown,
}

pub(crate) fn has_mark(text: &str) -> bool {
    text.contains(['"', '“', '”'])
}

/// The unpaired quotation mark of a sentence, if any. Curly marks say their way; a straight
/// mark opens when a word follows it and closes when it follows a word or punctuation. Read
/// left to right from outside any quotation: a closing mark with nothing open closes a
/// quotation begun before the sentence; a quotation still open at its end goes on after it.
pub(crate) fn unpaired(text: &str) -> Unpaired {
    let (mut inside, mut closes_before, mut unsure) = (false, false, false);
    for (at, mark) in text.match_indices(['"', '“', '”']) {
        let opens = match mark {
            "“" => true,
            "”" => false,
            _ => {
                let before = text[..at].chars().next_back();
                let after = text[at + 1..].chars().next();
                let word_after =
                    after.is_some_and(|c| c.is_alphanumeric() || c == '‘' || c == '\'');
                let glued_before = before.is_some_and(|c| !c.is_whitespace() && c != '(');
                match (glued_before, word_after) {
                    (false, true) => true,
                    (true, false) => false,
                    _ => {
                        unsure = true;
                        !inside
                    }
                }
            }
        };
        match (opens, inside) {
            (true, _) => inside = true,
            (false, true) => inside = false,
            (false, false) => closes_before = true,
        }
    }
    match (closes_before, inside) {
        (false, false) => Unpaired::None,
        _ if unsure => Unpaired::Unknown,
        (false, true) => Unpaired::Opens,
        (true, false) => Unpaired::Closes,
        (true, true) => Unpaired::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unpaired_mark_says_which_way_it_goes() {
        assert_eq!(unpaired("\"We will rebuild the bridge."), Unpaired::Opens);
        assert_eq!(
            unpaired("The mayor said: “We will rebuild."),
            Unpaired::Opens
        );
        assert_eq!(
            unpaired("It will take a year,\" she said."),
            Unpaired::Closes
        );
        assert_eq!(
            unpaired("It will take a year,\" she said. \"Then we open."),
            Unpaired::Unknown,
            "one quotation closes and another opens: no simple part of either"
        );
        assert_eq!(
            unpaired("He called it “a disgrace” and left."),
            Unpaired::None
        );
        assert_eq!(unpaired("\"It is over,\" she said."), Unpaired::None);
        assert_eq!(unpaired("she said . \" we will go on ."), Unpaired::Unknown);
    }
}
