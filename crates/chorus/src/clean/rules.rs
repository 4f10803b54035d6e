//! Running the phrase rules of `phrases.rs` fast.
//!
//! Rules are byte regexes with ASCII classes matched against ASCII-lower-cased text, which keeps
//! byte offsets (sentence spans index the lowered text directly). Case-insensitive Unicode
//! automata were 2× slower and warmed up slowly; a Unicode alternation of all rules thrashed the
//! lazy DFA cache. A literal prefilter decides which rules run at all: `regex-syntax`'s
//! extractor gives, per phrase, literals that every match starts (or ends) with; one
//! Aho-Corasick scan of a paragraph finds which occur in which sentence, and literals of `^`
//! phrases are checked only at each sentence's start. Without it every rule ran on every
//! sentence, and the fixed cost of a regex call made the phrase rules a third of cleaning.

use super::phrases::{Row, Scope, ROWS};
use super::DropReason;
use std::ops::Range;
use std::sync::OnceLock;

/// Paragraphs shorter than this are "short": phrases that also occur in prose ("subscribers",
/// "sign in") only count as junk in them.
pub(super) const SHORT_WORDS: usize = 20;

/// A paragraph ending like a sentence with at least this many words is prose, where the
/// phrases of `Scope::Short` rules do not count.
const SHORT_SENTENCE_WORDS: usize = 10;

pub(super) struct Rule {
    pub reason: DropReason,
    pub scope: Scope,
    re: regex::bytes::Regex,
}

pub(super) struct Rules {
    each: Vec<Rule>,
    prefilter: RulePrefilter,
}

/// Where a rule matched inside a sentence, and why.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Hit {
    pub reason: DropReason,
    /// The match, relative to the start of the text it was found in.
    pub at: Range<usize>,
}

pub(super) fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::new(ROWS))
}

impl Rules {
    fn new(rows: &[Row]) -> Rules {
        let each = rows
            .iter()
            .map(|row| Rule {
                reason: row.reason,
                scope: row.scope,
                re: regex::bytes::Regex::new(&format!("(?-u){}", row.phrases.join("|")))
                    .expect("valid rule"),
            })
            .collect();
        let phrases: Vec<&[&str]> = rows.iter().map(|r| r.phrases).collect();
        Rules {
            each,
            prefilter: RulePrefilter::new(&phrases),
        }
    }

    /// The first rule (table order) that `applies` and matches `hay` (lower-cased).
    pub fn first_match(&self, hay: &[u8], applies: impl Fn(&Rule) -> bool) -> Option<DropReason> {
        let whole = 0..hay.len();
        let mask = self.prefilter.candidates(hay, std::slice::from_ref(&whole))[0];
        self.first_in(hay, mask, applies).map(|h| h.reason)
    }

    /// `first_match` among the rules in `mask`, with where it matched.
    fn first_in(&self, hay: &[u8], mask: u64, applies: impl Fn(&Rule) -> bool) -> Option<Hit> {
        self.each
            .iter()
            .enumerate()
            .filter(|(i, rule)| mask & (1 << i) != 0 && applies(rule))
            .find_map(|(_, rule)| {
                rule.re.find(hay).map(|m| Hit {
                    reason: rule.reason,
                    at: m.range(),
                })
            })
    }
}

/// Junk recognised in one paragraph by its phrases. In a paragraph of several sentences the
/// rules that hold at any length are left to each sentence (`sentence_hits`), so that one
/// caption run into an article drops alone.
pub(super) fn phrase_reason(para: &str, several_sentences: bool) -> Option<DropReason> {
    let trimmed = para.trim();
    // Only whether it is short matters: count no further. A sentence of some length is prose
    // even when short ("Sprint had a subscriber base of 53.8 million at the end of 2007.").
    let short = trimmed.split_whitespace().nth(SHORT_WORDS - 1).is_none()
        && !(super::ends_like_sentence(trimmed)
            && trimmed
                .split_whitespace()
                .nth(SHORT_SENTENCE_WORDS - 1)
                .is_some());
    if several_sentences && !short {
        return None; // only the rules for any length could match, and those go sentence by sentence
    }
    let lower = trimmed.to_ascii_lowercase();
    rules().first_match(lower.as_bytes(), |rule| match rule.scope {
        Scope::Short => short,
        Scope::Any => !several_sentences,
    })
}

/// The rules that hold at any length, run on each sentence of a paragraph (spans into `text`,
/// sorted), with one prefilter scan of the paragraph.
pub(super) fn sentence_hits(text: &str, sentences: &[Range<usize>]) -> Vec<Option<Hit>> {
    let (start, end) = (sentences[0].start, sentences[sentences.len() - 1].end);
    // ASCII lower-casing keeps byte offsets, so sentence spans index the lowered paragraph.
    let lower = text[start..end].to_ascii_lowercase();
    let spans: Vec<Range<usize>> = sentences
        .iter()
        .map(|s| s.start - start..s.end - start)
        .collect();
    let r = rules();
    let masks = r.prefilter.candidates(lower.as_bytes(), &spans);
    spans
        .iter()
        .zip(masks)
        .map(|(s, mask)| {
            r.first_in(&lower.as_bytes()[s.clone()], mask, |rule| {
                rule.scope == Scope::Any
            })
        })
        .collect()
}

/// The literals every match of `phrase` holds, and whether they are pinned to the start of the
/// haystack (prefixes of a `^` phrase); `None` when no literal pins the phrase down (its rule
/// must then run everywhere).
fn phrase_literals(phrase: &str) -> Option<(Vec<Vec<u8>>, bool)> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(&format!("(?-u){phrase}"))
        .expect("valid rule");
    let usable = |kind: ExtractKind| {
        let seq = Extractor::new().kind(kind).extract(&hir);
        let lits: Vec<Vec<u8>> = seq
            .literals()?
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect();
        (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some(lits)
    };
    match usable(ExtractKind::Prefix) {
        Some(lits) => Some((lits, phrase.starts_with('^'))),
        // A suffix literal is also somewhere in every match, but not at its start.
        None => usable(ExtractKind::Suffix).map(|lits| (lits, false)),
    }
}

/// Literals that every match of a rule holds, found by `regex-syntax`'s literal extractor from
/// each phrase of the rule: a rule can match a haystack only if one of its literals occurs in it
/// (at its very start, for a phrase that begins with `^`).
struct RulePrefilter {
    /// Literals that may sit anywhere, and the rules each admits.
    anywhere: aho_corasick::AhoCorasick,
    anywhere_rules: Vec<u64>,
    /// Literals pinned to the start, by first byte, with the rules each admits: checked at
    /// each span's start only, so common short ones ("ap", "by ", digits) cost nothing elsewhere.
    at_start: Vec<Vec<(Vec<u8>, u64)>>,
    /// Rules with a phrase no literal pins down: always run.
    always: u64,
}

impl RulePrefilter {
    fn new(rules: &[&[&str]]) -> RulePrefilter {
        use std::collections::BTreeMap;
        assert!(rules.len() <= 64, "rule masks are 64 bits");
        let mut anywhere: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        let mut at_start: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        let mut always = 0u64;
        for (i, phrases) in rules.iter().enumerate() {
            let bit = 1u64 << i;
            for phrase in phrases.iter() {
                let Some((lits, pinned)) = phrase_literals(phrase) else {
                    always |= bit;
                    continue;
                };
                // A literal holding another is implied by it: keep the shorter (for literals
                // pinned to the start, only a prefix implies).
                let implied = |l: &Vec<u8>| {
                    lits.iter().any(|k| {
                        k.len() < l.len()
                            && if pinned {
                                l.starts_with(k)
                            } else {
                                l.windows(k.len()).any(|w| w == k.as_slice())
                            }
                    })
                };
                let into = if pinned { &mut at_start } else { &mut anywhere };
                for l in lits.iter().filter(|l| !implied(l)) {
                    // A literal's first bytes occur wherever it does: eight of them rule out
                    // nearly as much, and keep the automaton small and quick to build.
                    let head = if pinned { l } else { &l[..l.len().min(8)] };
                    *into.entry(head.to_vec()).or_default() |= bit;
                }
            }
        }
        // A literal that holds a shorter one admitting the same rules (or more) adds nothing.
        let implied: Vec<Vec<u8>> = anywhere
            .iter()
            .filter(|(l, &rules)| {
                anywhere.iter().any(|(k, &by)| {
                    k.len() < l.len()
                        && by & rules == rules
                        && l.windows(k.len()).any(|w| w == k.as_slice())
                })
            })
            .map(|(l, _)| l.clone())
            .collect();
        for l in implied {
            anywhere.remove(&l);
        }
        // A full DFA: the literals are few (a few hundred states), and it scans fastest.
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(anywhere.keys())
            .expect("literals build");
        let mut by_first = vec![Vec::new(); 256];
        for (l, rules) in at_start {
            by_first[l[0] as usize].push((l, rules));
        }
        RulePrefilter {
            anywhere: automaton,
            anywhere_rules: anywhere.into_values().collect(),
            at_start: by_first,
            always,
        }
    }

    /// For each span of `hay` (sorted, not overlapping), the rules (bit i = rule i) that could
    /// match the span taken as a haystack of its own.
    fn candidates(&self, hay: &[u8], spans: &[Range<usize>]) -> Vec<u64> {
        let mut masks = vec![self.always; spans.len()];
        for m in self.anywhere.find_overlapping_iter(hay) {
            let i = spans.partition_point(|sp| sp.end <= m.start());
            if let Some(sp) = spans.get(i) {
                if sp.start <= m.start() && m.end() <= sp.end {
                    masks[i] |= self.anywhere_rules[m.pattern().as_usize()];
                }
            }
        }
        for (sp, mask) in spans.iter().zip(&mut masks) {
            let span = &hay[sp.clone()];
            if let Some(&first) = span.first() {
                for (l, rules) in &self.at_start[first as usize] {
                    if span.starts_with(l) {
                        *mask |= rules;
                    }
                }
            }
        }
        masks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_catches_its_example_and_leaves_its_prose() {
        for (i, row) in ROWS.iter().enumerate() {
            let single = Rules::new(std::slice::from_ref(row));
            let applies = |rule: &Rule| {
                rule.scope == Scope::Any || row.catches.split_whitespace().count() < SHORT_WORDS
            };
            let catches = row.catches.to_ascii_lowercase();
            assert_eq!(
                single.first_match(catches.as_bytes(), applies),
                Some(row.reason),
                "row {i} ({:?}) misses {:?}",
                row.reason,
                row.catches
            );
            // The prose is left alone by every rule, not only its own.
            assert_eq!(
                phrase_reason(row.leaves, false),
                None,
                "row {i}'s prose is caught: {:?}",
                row.leaves
            );
        }
    }

    #[test]
    fn desk_contacts_broadcast_credits_and_follow_prompts_are_furniture() {
        for (line, reason) in [
            (
                "To contact the reporter on this story: Ann Lee in Boston at alee@example.com.",
                DropReason::Credit,
            ),
            (
                "To contact the editor responsible for this story: Bo Dahl at bdahl@example.com",
                DropReason::Credit,
            ),
            (
                "Mara Quist reports for the KXT4 News at 5 on Saturday, Aug. 11, 2018.",
                DropReason::Credit,
            ),
            (
                "Follow WXQ 7 for the latest on air and online.",
                DropReason::SharePrompt,
            ),
            (
                "Get the report now » 12 harbour trends for the year ahead.",
                DropReason::Advertisement,
            ),
            (
                "Exclusive free report: 12 harbour trends for the year ahead.",
                DropReason::Advertisement,
            ),
        ] {
            assert_eq!(phrase_reason(line, false), Some(reason), "{line}");
        }
        for prose in [
            "She tried to contact the reporter who wrote this story, without success.",
            "The station reports for the local news that the bridge will reopen on Monday.",
            "Investigators will follow the money for the latest leads in the case.",
        ] {
            assert_eq!(phrase_reason(prose, false), None, "{prose}");
        }
    }

    #[test]
    fn prefilter_admits_a_rule_only_where_its_literals_can_match() {
        let rules: [&[&str]; 3] = [
            &[r"^read more"],
            &[r"wayback machine", r"\(@\w+\)"],
            &[r"^[\w ]{0,9}$"],
        ];
        let p = RulePrefilter::new(&rules);
        let hay = b"so read more. read more now. the wayback machine. (@ap) said";
        let spans = vec![0..13, 14..28, 29..49, 50..hay.len()];
        let masks = p.candidates(hay, &spans);
        // Rule 2 pins down no literal at its start: it is always a candidate.
        assert_eq!(masks, vec![0b100, 0b101, 0b110, 0b110]);
        // And the prefilter never hides a real match.
        for (span, mask) in spans.iter().zip(&masks) {
            for (i, phrases) in rules.iter().enumerate() {
                let re = regex::bytes::Regex::new(&phrases.join("|")).unwrap();
                if re.is_match(&hay[span.clone()]) {
                    assert!(mask & (1 << i) != 0, "rule {i} in {span:?}");
                }
            }
        }
    }

    #[test]
    fn every_phrase_has_a_telling_literal_to_prefilter_on() {
        // A phrase with no literal every match holds makes its rule run on every sentence, and
        // one whose only literal is a space or a digit as good as that: cleaning was half as slow
        // again with one such phrase in the table.
        assert_eq!(rules().prefilter.always, 0);
        for row in ROWS {
            for phrase in row.phrases {
                let (lits, pinned) = phrase_literals(phrase).expect("literals");
                let weak = lits.iter().any(|l| {
                    l.iter()
                        .all(|b| b.is_ascii_whitespace() || b.is_ascii_digit())
                });
                assert!(pinned || !weak, "{phrase}: {lits:?}");
            }
        }
    }

    #[test]
    fn a_hit_says_where_the_phrase_is() {
        let text = "Please enable Javascript to watch this video. The ferry left at noon.";
        let hits = sentence_hits(text, &[0..45, 46..text.len()]);
        let hit = hits[0].as_ref().expect("media player");
        assert_eq!(hit.reason, DropReason::MediaPlayer);
        assert_eq!(hit.at, 0..44);
        assert_eq!(hits[1], None);
    }
}
