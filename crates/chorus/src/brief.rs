//! The brief: what Chorus produces, and the pipeline that makes it.
//!
//! ingest (`Story`) → clean → segment → represent → group → select → order → `Brief`.

use crate::analyse::off_story::{likeness, off_story_sources, OFF_STORY_SIMILARITY};
use crate::clean::{clean_story, CleanArticle, CleanOptions, Dropped};
use crate::error::ChorusError;
use crate::features::{represent, segment_story, Sentence, StoryFeatures};
use crate::group::{group_sentences, Group, SAME_THING};
use crate::ingest::{ArticleMeta, Story};
use crate::represent::Tokenizer;
use crate::select::salience::Scorer;
use crate::select::{
    selector_by_name, Budget, ConceptIlp, SelectionInput, Selector, DEFAULT_METHOD, METHODS,
};
pub use crate::support::Support;
use serde::Serialize;
use std::sync::Arc;

/// Options of one brief.
#[derive(Debug, Clone)]
pub struct BriefOptions {
    pub method: String,
    pub budget: Budget,
    pub clean: CleanOptions,
    /// Work out quotes, facts, entities, timeline and coverage (the summary alone when false:
    /// what the evaluator scores).
    pub analyses: bool,
    /// Sentence embeddings for the repetition test (paraphrases that share few words); `None`
    /// runs on word overlap alone.
    pub embedder: Option<crate::embed::Embedder>,
    /// Keep a source that seems to be about another story in the summary (it is flagged either
    /// way; see `off_story`).
    pub keep_off_story: bool,
    /// For the `ilp` method: a concept salience model other than the shipped one (a newly
    /// trained model, to try on a validation split before it ships).
    pub salience: Option<Arc<Scorer>>,
}

impl Default for BriefOptions {
    fn default() -> Self {
        BriefOptions {
            method: DEFAULT_METHOD.to_string(),
            budget: Budget::Words(250),
            clean: CleanOptions::default(),
            analyses: true,
            embedder: None,
            keep_off_story: false,
            salience: None,
        }
    }
}

/// One summary sentence and every source sentence that says it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SummaryItem {
    pub text: String,
    pub words: usize,
    /// The first entry is the sentence shown; the others say the same thing.
    pub support: Vec<Support>,
}

/// One source of the story, with what cleaning removed from it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceInfo {
    pub id: usize,
    pub name: String,
    /// As given, with the headline found by the cleaner as title when none was given.
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// Words in the article as received.
    pub words: usize,
    /// Sentences kept after cleaning.
    pub sentences: usize,
    pub dropped: Vec<Dropped>,
    /// Set when cleaning dropped more than half of the source's words, or all of them: the
    /// brief barely hears this source, and its reader should know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// The brief.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Brief {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    pub method: String,
    pub budget: Budget,
    pub sources: Vec<SourceInfo>,
    pub summary: Vec<SummaryItem>,
    /// Who said what: quotations with their speakers (see `quotes`).
    pub quotes: Vec<crate::quotes::Quote>,
    /// The numbers the sources report, compared across sources (see `facts`).
    pub facts: Vec<crate::facts::Fact>,
    /// People, organisations and places (see `entities`).
    pub entities: Vec<crate::entities::Entity>,
    /// Dated events in order (see `timeline`).
    pub timeline: Vec<crate::timeline::TimelineEvent>,
    /// What each source adds and shares (see `coverage`).
    pub coverage: Vec<crate::coverage::SourceCoverage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Brief {
    pub fn summary_words(&self) -> usize {
        self.summary.iter().map(|s| s.words).sum()
    }
}

/// Every intermediate stage of one story, for the commands that show them (`clean`, `split`) and
/// for evaluation.
pub struct Analysis {
    pub cleaned: Vec<CleanArticle>,
    pub sentences: Vec<Sentence>,
    pub features: StoryFeatures,
    pub groups: Vec<Group>,
}

/// Invented articles ("0.txt", "1.txt", …) as a story, and its analysis: what the analyses'
/// tests start from.
#[cfg(test)]
pub(crate) fn analysed_texts(texts: &[&str]) -> (Story, Analysis) {
    analysed_texts_with(texts, &Tokenizer::default())
}

/// `analysed_texts` with the caller's tokenizer (to look stems up afterwards).
#[cfg(test)]
pub(crate) fn analysed_texts_with(texts: &[&str], tok: &Tokenizer) -> (Story, Analysis) {
    let inputs: Vec<(String, Vec<u8>)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("{i}.txt"), t.as_bytes().to_vec()))
        .collect();
    let story = crate::ingest::story_from_texts(&inputs).unwrap();
    let analysis = analyse_with(&story, &Default::default(), tok);
    (story, analysis)
}

/// Runs clean → segment → represent → group.
pub fn analyse(story: &Story, clean: &CleanOptions) -> Analysis {
    analyse_with(story, clean, &Tokenizer::default())
}

/// `analyse` with the caller's tokenizer, whose stem ids the analysis then uses: a caller that
/// tokenizes other text about the story with it (a reference summary, to learn from) can compare
/// stems.
pub fn analyse_with(story: &Story, clean: &CleanOptions, tok: &Tokenizer) -> Analysis {
    let mut cleaned = clean_story(story, clean, tok);
    let sentences = segment_story(story, &cleaned);
    let tokens: Vec<_> = cleaned
        .iter_mut()
        .flat_map(CleanArticle::take_tokens)
        .collect();
    let features = represent(&sentences, story.articles.len(), tok, tokens);
    let groups = group_sentences(&sentences, &features, SAME_THING);
    Analysis {
        cleaned,
        sentences,
        features,
        groups,
    }
}

/// What the brief reports besides the summary.
#[derive(Default)]
struct Analyses {
    quotes: Vec<crate::quotes::Quote>,
    facts: Vec<crate::facts::Fact>,
    entities: Vec<crate::entities::Entity>,
    timeline: Vec<crate::timeline::TimelineEvent>,
    coverage: Vec<crate::coverage::SourceCoverage>,
}

fn analyses(story: &Story, a: &Analysis, embedder: Option<&crate::embed::Embedder>) -> Analyses {
    let mentions = crate::entities::find_mentions(story, &a.sentences);
    let mut quotes = crate::quotes::quotes_with(story, &a.cleaned, &a.sentences, &mentions);
    let speakers: Vec<String> = quotes.iter().filter_map(|q| q.speaker.clone()).collect();
    let entities = crate::entities::entities_of(mentions, &speakers);
    crate::quotes::name_speakers(&mut quotes, &entities);
    Analyses {
        facts: crate::facts::extract_facts(story, &a.sentences, &a.features),
        entities,
        timeline: crate::timeline::extract_timeline(story, &a.sentences, &a.features, &a.groups),
        coverage: crate::coverage::coverage_with(
            story.articles.len(),
            &a.sentences,
            &a.features,
            embedder.map(|e| e.0.as_ref()),
        ),
        quotes,
    }
}

/// Checks options before any work.
pub fn validate(opts: &BriefOptions) -> Result<(), ChorusError> {
    if !crate::select::METHODS.contains(&opts.method.as_str()) {
        return Err(ChorusError::BadOption(format!(
            "unknown method {:?}; known: {}",
            opts.method,
            METHODS.join(", ")
        )));
    }
    match opts.budget {
        Budget::Words(0) | Budget::Sentences(0) => Err(ChorusError::BadOption(
            "the budget must be at least 1".into(),
        )),
        _ => Ok(()),
    }
}

/// Makes the brief of one story.
pub fn make_brief(story: &Story, opts: &BriefOptions) -> Result<Brief, ChorusError> {
    validate(opts)?;
    let analysis = analyse(story, &opts.clean);
    if analysis.sentences.is_empty() {
        let names: Vec<&str> = story.articles.iter().map(|a| a.name.as_str()).collect();
        return Err(ChorusError::EmptyInput(names.join(", ")));
    }
    let selector: Box<dyn Selector> = match &opts.salience {
        Some(salience) if opts.method == "ilp" => {
            Box::new(ConceptIlp::with_salience(salience.clone()))
        }
        _ => selector_by_name(&opts.method).expect("validated"),
    };
    let off_story = off_story_sources(
        &likeness(&analysis.sentences, &analysis.features),
        OFF_STORY_SIMILARITY,
    );
    // A source about another story stays out of the summary unless asked for: only what it
    // says alone is left out (a point another source makes too is still the story's).
    let kept_groups: Vec<Group>;
    let groups = if off_story.is_empty() || opts.keep_off_story {
        &analysis.groups
    } else {
        kept_groups = analysis
            .groups
            .iter()
            .filter(|g| !g.sources.iter().all(|s| off_story.contains(s)))
            .cloned()
            .collect();
        &kept_groups
    };
    let mut input = SelectionInput::new(groups, &analysis.sentences, &analysis.features);
    if let Some(e) = &opts.embedder {
        input.embed_candidates(e.0.as_ref(), crate::select::MAX_EMBEDDED);
    }
    let chosen = selector.select(&input, opts.budget);
    let ordered = crate::order::order(&input, &chosen);
    let summary = ordered
        .into_iter()
        .map(|ci| {
            let g = input.candidates[ci].group;
            let rep = &analysis.sentences[g.rep];
            let mut support = vec![Support::of(rep)];
            support.extend(
                g.members
                    .iter()
                    .filter(|&&m| m != g.rep)
                    .map(|&m| Support::of(&analysis.sentences[m])),
            );
            // With embeddings, sources that make the same point in other words support it too
            // (one sentence per source not yet cited: the representative of the closest group).
            for cj in 0..input.candidates.len() {
                let other = input.candidates[cj].rep;
                let source = analysis.sentences[other].source;
                if cj != ci
                    && input.paraphrases(ci, cj)
                    && !support.iter().any(|s| s.source == source)
                {
                    support.push(Support::of(&analysis.sentences[other]));
                }
            }
            SummaryItem {
                text: rep.text.clone(),
                words: analysis.features.sentences[g.rep].words,
                support,
            }
        })
        .collect();
    let analyses = if opts.analyses {
        analyses(story, &analysis, opts.embedder.as_ref())
    } else {
        Analyses::default()
    };
    let mut warnings = story.warnings.clone();
    let sources = story
        .articles
        .iter()
        .zip(&analysis.cleaned)
        .map(|(a, c)| {
            let sentences = analysis
                .sentences
                .iter()
                .filter(|s| s.source == a.id)
                .count();
            let words = crate::represent::budget_words(&a.text);
            let off = off_story.contains(&a.id).then(|| {
                format!(
                    "source {} ({}) may be about another story: it shares almost no words with the other sources{}",
                    a.id,
                    a.name,
                    if opts.keep_off_story { "" } else { "; left out of the summary" }
                )
            });
            let warning = match (c.loss_warning(words, &a.name), off) {
                (Some(loss), Some(off)) => Some(format!("{loss}; {off}")),
                (loss, off) => loss.or(off),
            };
            warnings.extend(warning.clone());
            SourceInfo {
                id: a.id,
                name: a.name.clone(),
                meta: ArticleMeta {
                    title: a.meta.title.clone().or_else(|| c.title.clone()),
                    ..a.meta.clone()
                },
                words,
                sentences,
                dropped: c.dropped.clone(),
                warning,
            }
        })
        .collect();
    Ok(Brief {
        story: story.id.clone(),
        method: opts.method.clone(),
        budget: opts.budget,
        sources,
        summary,
        quotes: analyses.quotes,
        facts: analyses.facts,
        entities: analyses.entities,
        timeline: analyses.timeline,
        coverage: analyses.coverage,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::story_from_texts;
    use crate::select::METHODS;

    #[test]
    fn with_embeddings_a_paraphrase_counts_as_a_repeat() {
        let story = story_from_texts(&[
            (
                "a.txt".into(),
                b"Trust between our countries is at a very low level, the visiting minister said on Monday.\nThe talks in Vienna opened with a dinner for both delegations at the old palace."
                    .to_vec(),
            ),
            (
                "b.txt".into(),
                b"Relations between the two nations have badly eroded, according to their foreign ministers.\nNegotiators will meet again in March to discuss border crossings and fishing rights."
                    .to_vec(),
            ),
        ])
        .unwrap();
        let mentions = |b: &Brief| {
            b.summary
                .iter()
                .filter(|s| s.text.contains("Trust") || s.text.contains("eroded"))
                .count()
        };
        let plain = BriefOptions {
            budget: Budget::Words(400),
            analyses: false,
            ..Default::default()
        };
        assert_eq!(
            mentions(&make_brief(&story, &plain).unwrap()),
            2,
            "word overlap alone sees two points"
        );
        let embedded = BriefOptions {
            embedder: Some(crate::embed::Embedder(std::sync::Arc::new(
                crate::embed::KeywordEmbedder(&["Trust", "eroded"]),
            ))),
            ..plain
        };
        let brief = make_brief(&story, &embedded).unwrap();
        assert_eq!(mentions(&brief), 1, "the paraphrase is left out");
        // …and its source is cited for the point, at its own sentence.
        let item = brief
            .summary
            .iter()
            .find(|s| s.text.contains("Trust") || s.text.contains("eroded"))
            .unwrap();
        let sources: Vec<usize> = item.support.iter().map(|s| s.source).collect();
        assert_eq!(sources.len(), 2, "{sources:?}");
        for s in &item.support {
            let text = &story.articles[s.source - 1].text[s.start..s.end];
            assert!(text.contains("Trust") || text.contains("eroded"), "{text}");
        }
        assert!(brief.summary.len() >= 3, "the other points stay");
    }

    /// A story far larger than any graph or search limit: every method still answers within
    /// budget, each sentence at its span.
    #[test]
    fn every_method_handles_a_story_of_many_articles() {
        let places = [
            "Arden", "Bexley", "Corran", "Dunmore", "Elsby", "Fenwick", "Garth", "Hollin",
        ];
        let inputs: Vec<(String, Vec<u8>)> = (0..60)
            .map(|a| {
                let text: String = (0..12)
                    .map(|s| format!("Crews in {} cleared {} fallen trees on road {} after the storm on Sunday, officials said.\n", places[(a + s) % 8], a * 12 + s + 2, s + 1))
                    .collect();
                (format!("a{a}.txt"), text.into_bytes())
            })
            .collect();
        let story = story_from_texts(&inputs).unwrap();
        for m in METHODS {
            let brief = make_brief(
                &story,
                &BriefOptions {
                    method: m.to_string(),
                    budget: Budget::Words(100),
                    ..Default::default()
                },
            )
            .unwrap();
            assert!(!brief.summary.is_empty(), "{m}");
            assert!(brief.summary_words() <= 100, "{m}");
            for item in &brief.summary {
                let s = &item.support[0];
                let text = &story.articles[s.source - 1].text[s.start..s.end];
                assert_eq!(crate::features::normalize_space(text), item.text, "{m}");
            }
        }
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use crate::ingest::story_from_texts;
    use crate::select::METHODS;

    /// Random text built from the characters that drive the cleaner and the splitter (quotes,
    /// dots, brackets, list markers, newlines, non-ASCII): no method may panic, every answer
    /// keeps its budget and points at real spans.
    #[test]
    fn random_text_never_breaks_the_pipeline() {
        const PIECES: &[&str] = &[
            "Mr.",
            "U.S.",
            " ",
            "  ",
            "\n",
            "\n\n",
            ".",
            "...",
            "…",
            "?",
            "!",
            "\"",
            "“",
            "”",
            "'",
            "’",
            "‘",
            "«",
            "»",
            "``",
            "''",
            "―",
            "em",
            "(",
            ")",
            "[",
            "]",
            "1.",
            "2)",
            "a.",
            "•",
            "—",
            "₹",
            "é",
            "日本",
            "The",
            "ferry",
            "said",
            "he",
            "But",
            "Subscribe",
            "Advertisement",
            "|",
            "|||||",
            "p.m.",
            "3.5",
            "@user",
            "http://x.y/z.",
            "FILE -",
            "HOST:",
            "\t",
            "\u{0}",
            "\r\n",
        ];
        let mut next = crate::xorshift::xorshift(0x9E37_79B9_7F4A_7C15);
        for round in 0..60 {
            let articles: Vec<(String, Vec<u8>)> = (0..1 + round % 4)
                .map(|a| {
                    let len = 20 + (next() % 400) as usize;
                    let text: String = (0..len)
                        .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                        .collect::<Vec<_>>()
                        .join(if next().is_multiple_of(3) { "" } else { " " });
                    (format!("r{round}a{a}"), text.into_bytes())
                })
                .collect();
            let Ok(story) = story_from_texts(&articles) else {
                continue;
            };
            for m in METHODS {
                for budget in [Budget::Words(30), Budget::Sentences(2)] {
                    let opts = BriefOptions {
                        method: m.to_string(),
                        budget,
                        ..Default::default()
                    };
                    let Ok(brief) = make_brief(&story, &opts) else {
                        continue;
                    };
                    if let Budget::Words(n) = budget {
                        assert!(brief.summary_words() <= n);
                    }
                    for item in &brief.summary {
                        for s in &item.support {
                            assert!(story.articles[s.source - 1]
                                .text
                                .get(s.start..s.end)
                                .is_some());
                        }
                    }
                    let _ = crate::render::render(&brief, crate::render::Format::Markdown);
                }
            }
        }
    }
}
