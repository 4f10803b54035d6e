//! The `chorus` command: a thin layer over the `chorus` library.

mod check;
mod clean_eval;
mod cluster;
mod cluster_eval;
mod dated_eval;
mod dated_stream;
mod eval;
mod extract_eval;
mod figure_check;
mod gold;
mod input;
mod learn;
mod model;
mod ner;
mod off_story_eval;
mod only_here_check;
mod quote_eval;
mod serve;
mod split_eval;
mod timeline_check;
mod train_salience;

use anyhow::{bail, Context, Result};
use chorus::brief::analyse;
use chorus::clean::CleanOptions;
use chorus::{make_brief, render, BriefOptions, Budget, Format};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

// glibc's allocator was 15% of a brief's instructions (3.9 million allocations over
// Multi-News-200); mimalloc serves the same small, short-lived allocations in a fraction of it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "chorus",
    version,
    about = "Several news articles about one story in, one attributed brief out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Summarise a story: files (one article each), a directory of them, stdin, or JSON lines (one story a line).
    Brief(BriefArgs),
    /// Show what cleaning keeps and drops, with the reason for each drop.
    Clean(InputArgs),
    /// Split text into sentences (with byte spans), or score the splitter on gold sets.
    Split(SplitArgs),
    /// Check briefs on real data: budget kept, every sentence verbatim at its span, no junk left.
    Check(check::CheckArgs),
    /// Measure what cleaning keeps and loses on real sets (seeds, Multi-News, L3S-GN1, PolNeAR).
    CleanEval(clean_eval::CleanEvalArgs),
    /// Learn the cleaner's boilerplate table from a training split (sentence pairs that recur across stories).
    LearnBoilerplate(learn::LearnBoilerplateArgs),
    /// Check the dates a brief's timeline gives, against hand labels of PolNeAR test articles (eval/gold/timeline.jsonl).
    TimelineCheck(timeline_check::TimelineCheckArgs),
    /// Learn the table of word classes that facts read to tell what a number counts
    LearnWordClasses(learn::LearnWordClassesArgs),
    /// Train the summary's concept salience model on a training split (Multi-News+ train).
    TrainSalience(train_salience::TrainSalienceArgs),
    /// Train the entity tagger on CoNLL-2003 (passes chosen on its development split).
    TrainNer(ner::TrainNerArgs),
    /// Score the entity tagger on CoNLL-2003 test, CoNLL++ and GUM test.
    NerEval(ner::NerEvalArgs),
    /// Precision of the entities briefs list, against hand labels of PolNeAR test articles.
    EntityCheck(ner::EntityCheckArgs),
    /// Precision of the figures briefs show and of their verdicts, against hand labels (Multi-News-200 stories 30-99, PolNeAR test).
    FigureCheck(figure_check::FigureCheckArgs),
    /// Precision of the "only here" points briefs show, against hand labels (Multi-News-200 stories 30-99).
    OnlyHereCheck(only_here_check::OnlyHereCheckArgs),
    /// Score quotations and speakers on PolNeAR's gold attributions.
    QuoteEval(quote_eval::QuoteEvalArgs),
    /// Score methods (and the extractive oracle) with ROUGE over a dataset with reference summaries.
    Eval(eval::EvalArgs),
    /// Group a stream of articles (JSON lines) into stories, printed as they close; optionally brief each.
    Cluster(cluster::ClusterArgs),
    /// Pool a dataset's stories into one shuffled stream and score how well `cluster` recovers them.
    ClusterEval(cluster_eval::ClusterEvalArgs),
    /// How well sources about another story are told apart, on Multi-News+ (its vote of
    /// unrelated documents).
    OffStoryEval(off_story_eval::OffStoryEvalArgs),
    /// Score quotes, speakers and conflicts against the hand-labelled gold sets (eval/gold).
    Gold(gold::GoldArgs),
    /// ROUGE of one hypothesis against one or more references (rouge-score compatible).
    Rouge(eval::RougeArgs),
    /// Score main-content extraction from HTML on real page sets, beside published extractors.
    ExtractEval(extract_eval::ExtractEvalArgs),
    /// Extract the article and its metadata from HTML pages (files, `.html.gz`, or URLs).
    Extract(extract_eval::ExtractArgs),
    /// Serve the HTTP API and the web page (briefs kept in SQLite).
    Serve(serve::ServeArgs),
    /// Install or locate the sentence-embedding model (all-MiniLM-L6-v2).
    Model(model::ModelArgs),
    /// Sentence embeddings of text lines, or a check against known-good vectors.
    Embed(model::EmbedArgs),
}

#[derive(Args)]
struct InputArgs {
    /// Input files (text or HTML), directories of them, or http(s) URLs; `-` or nothing reads
    /// stdin. `.jsonl` files hold one story per line.
    inputs: Vec<PathBuf>,
    /// Plain inputs hold several articles separated by `|||||` (the Multi-News form).
    #[arg(long)]
    multinews: bool,
    /// Keep paragraphs that share little with the rest of the story.
    #[arg(long)]
    keep_off_topic: bool,
}

#[derive(Args)]
struct BriefArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Selection method: ilp, lead, centroid, lexrank, textrank, mmr.
    #[arg(long, short, default_value = chorus::DEFAULT_METHOD)]
    method: String,
    /// Word budget (default 250).
    #[arg(long, short, conflicts_with = "sentences")]
    words: Option<usize>,
    /// Sentence budget instead of words.
    #[arg(long, short)]
    sentences: Option<usize>,
    /// Output format: text, md, json (JSON lines when the input has several stories).
    #[arg(long, short, default_value = "text")]
    format: String,
    /// Print one section only: summary, quotes, facts, entities, timeline, coverage.
    #[arg(long)]
    only: Option<String>,
    /// Also use sentence embeddings (needs `chorus model install`): paraphrases count as
    /// repeats, centrality counts meaning as well as words, and a point another source makes in
    /// other words is not "only here".
    #[arg(long)]
    embeddings: bool,
    /// Keep a source that seems to be about another story in the summary (it is flagged
    /// either way).
    #[arg(long)]
    keep_off_story: bool,
    /// The embedding model directory (default: `chorus model path`).
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
struct SplitArgs {
    /// Text files to split (stdin when none).
    inputs: Vec<PathBuf>,
    /// Score against GUM gold sentences (JSON lines with text and sentence offsets).
    #[arg(long)]
    gum: Option<PathBuf>,
    /// Score against the Golden Rules cases (JSON lines with text and sentences).
    #[arg(long)]
    golden: Option<PathBuf>,
    /// Fail when GUM boundary F1 is below this.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Fail when fewer Golden Rules pass.
    #[arg(long)]
    min_rules: Option<usize>,
    /// Print each boundary the splitter got wrong.
    #[arg(long)]
    verbose: bool,
}

fn main() {
    // Writing to a closed pipe (`chorus … | head`) ends the process quietly, as other Unix tools
    // do, instead of panicking in `println!`.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Brief(a) => cmd_brief(a),
        Command::Clean(a) => cmd_clean(a),
        Command::Split(a) => cmd_split(a),
        Command::Check(a) => check::run(a),
        Command::CleanEval(a) => clean_eval::cmd_clean_eval(a),
        Command::LearnBoilerplate(a) => learn::cmd_learn_boilerplate(a),
        Command::TimelineCheck(a) => timeline_check::cmd_timeline_check(a),
        Command::LearnWordClasses(a) => learn::cmd_learn_word_classes(a),
        Command::Eval(a) => eval::cmd_eval(a),
        Command::TrainNer(a) => ner::cmd_train_ner(a),
        Command::TrainSalience(a) => train_salience::cmd_train_salience(a),
        Command::NerEval(a) => ner::cmd_ner_eval(a),
        Command::EntityCheck(a) => ner::cmd_entity_check(a),
        Command::FigureCheck(a) => figure_check::cmd_figure_check(a),
        Command::OnlyHereCheck(a) => only_here_check::cmd_only_here_check(a),
        Command::QuoteEval(a) => quote_eval::cmd_quote_eval(a),
        Command::Rouge(a) => eval::cmd_rouge(a),
        Command::ExtractEval(a) => extract_eval::cmd_extract_eval(a),
        Command::Extract(a) => extract_eval::cmd_extract(a),
        Command::Serve(a) => serve::cmd_serve(a),
        Command::Model(a) => model::cmd_model(a),
        Command::Embed(a) => model::cmd_embed(a),
        Command::Cluster(a) => cluster::cmd_cluster(a),
        Command::Gold(a) => gold::cmd_gold(a),
        Command::ClusterEval(a) => cluster_eval::cmd_cluster_eval(a),
        Command::OffStoryEval(a) => off_story_eval::cmd_off_story_eval(a),
    };
    if let Err(e) = result {
        eprintln!("chorus: error: {e:#}");
        std::process::exit(1);
    }
}

fn clean_options(a: &InputArgs) -> CleanOptions {
    CleanOptions {
        off_topic: !a.keep_off_topic,
    }
}

fn cmd_brief(a: BriefArgs) -> Result<()> {
    let format: Format = a.format.parse().map_err(anyhow::Error::msg)?;
    let only: Option<chorus::render::Section> = a
        .only
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let budget = match (a.words, a.sentences) {
        (_, Some(n)) => Budget::Sentences(n),
        (Some(n), None) => Budget::Words(n),
        (None, None) => Budget::Words(250),
    };
    let embedder = model::embedder_if(a.embeddings || a.model.is_some(), a.model.as_deref())?;
    let opts = BriefOptions {
        method: a.method.clone(),
        budget,
        clean: clean_options(&a.input),
        embedder,
        keep_off_story: a.keep_off_story,
        ..Default::default()
    };
    chorus::brief::validate(&opts)?;
    let stories = input::read_stories(&a.input.inputs, a.input.multinews)?;
    let many = stories.len() > 1;
    let mut out = std::io::stdout().lock();
    let mut failures = 0;
    // JSON lines out, one per story in: each carries the input's id, and a story that could not
    // be summarised gives an error line in its place, so output joins back to input.
    let json_lines = many && format == Format::Json;
    for s in stories {
        let id = s.as_ref().ok().and_then(|js| js.story.id.clone());
        let result = s.map_err(anyhow::Error::from).and_then(|js| {
            for w in &js.story.warnings {
                eprintln!("chorus: warning: {w}");
            }
            let brief =
                make_brief(&js.story, &opts).with_context(|| input::story_label(&js.story))?;
            // Sources that cleaning left with little or nothing: said loudly, on stderr too.
            for w in brief.sources.iter().filter_map(|s| s.warning.as_ref()) {
                eprintln!("chorus: warning: {w}");
            }
            Ok(brief)
        });
        match result {
            Ok(brief) => {
                let text = match only {
                    Some(section) => chorus::render::render_section(&brief, section, format),
                    None if json_lines => {
                        let line = BatchLine {
                            id: id.as_deref(),
                            brief: &brief,
                        };
                        serde_json::to_string(&line)? + "\n"
                    }
                    None => render(&brief, format),
                };
                out.write_all(text.as_bytes())?;
                if many && format != Format::Json {
                    out.write_all(b"\n")?;
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("chorus: error: {e:#}");
                if json_lines {
                    let line = BatchError {
                        id: id.as_deref(),
                        error: format!("{e:#}"),
                    };
                    writeln!(out, "{}", serde_json::to_string(&line)?)?;
                }
            }
        }
    }
    out.flush()?;
    if failures > 0 {
        bail!(
            "{failures} stor{} could not be summarised",
            if failures == 1 { "y" } else { "ies" }
        );
    }
    Ok(())
}

/// One line of batch JSON output: the story's id first, then its brief.
#[derive(serde::Serialize)]
struct BatchLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(flatten)]
    brief: &'a chorus::Brief,
}

/// The line a story that could not be summarised leaves in the batch output, in its place.
#[derive(serde::Serialize)]
struct BatchError<'a> {
    id: Option<&'a str>,
    error: String,
}

fn cmd_clean(a: InputArgs) -> Result<()> {
    let opts = clean_options(&a);
    let stories = input::read_stories(&a.inputs, a.multinews)?;
    let mut out = std::io::stdout().lock();
    for s in stories {
        let js = s?;
        // What reading said (an article cut at 2 MB, invalid UTF-8, a binary file skipped).
        for w in &js.story.warnings {
            eprintln!("chorus: warning: {w}");
        }
        let analysis = analyse(&js.story, &opts);
        if let Some(id) = &js.story.id {
            writeln!(out, "=== story {id}")?;
        }
        for (article, clean) in js.story.articles.iter().zip(&analysis.cleaned) {
            writeln!(out, "--- [{}] {}", article.id, article.name)?;
            let words = chorus::represent::budget_words(&article.text);
            if let Some(w) = clean.loss_warning(words, &article.name) {
                eprintln!("chorus: warning: {w}");
                writeln!(out, "  WARNING  {w}")?;
            }
            // What the page extractor left out, before the text cleaner saw it.
            for d in &article.page_dropped {
                writeln!(out, "  DROP  (page: {}) {}", d.reason, d.text)?;
            }
            // Kept and dropped, in text order.
            let mut rows: Vec<(usize, String)> = clean
                .kept
                .iter()
                .map(|r| (r.start, format!("  keep  {}", &article.text[r.clone()])))
                .collect();
            rows.extend(
                clean
                    .structure
                    .iter()
                    .map(|r| (r.start, format!("  head  {}", &article.text[r.clone()]))),
            );
            // Every line of a dropped block carries the label: a bare line would read as kept.
            rows.extend(clean.dropped.iter().flat_map(|d| {
                d.text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(move |l| {
                        (
                            d.start,
                            format!("  DROP  ({}) {}", d.reason.as_str(), l.trim()),
                        )
                    })
            }));
            rows.sort_by_key(|r| r.0);
            for (_, line) in rows {
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

fn cmd_split(a: SplitArgs) -> Result<()> {
    let mut failed = Vec::new();
    if let Some(path) = &a.gum {
        let r = split_eval::eval_gum(path)?;
        if a.verbose {
            r.misses.iter().for_each(|m| println!("{m}"));
        }
        println!("GUM boundaries (all):              {}", r.all);
        println!("GUM boundaries (inside paragraph): {}", r.inside);
        if let Some(min) = a.min_f1 {
            if r.all.f1() < min {
                failed.push(format!("GUM F1 {:.4} is below {min}", r.all.f1()));
            }
        }
    }
    if let Some(path) = &a.golden {
        let r = split_eval::eval_golden(path)?;
        if a.verbose {
            r.failures.iter().for_each(|m| println!("{m}"));
        }
        println!("Golden Rules: {} of {} passed", r.passed, r.total);
        if let Some(min) = a.min_rules {
            if r.passed < min {
                failed.push(format!(
                    "{} Golden Rules passed, fewer than {min}",
                    r.passed
                ));
            }
        }
    }
    if a.gum.is_none() && a.golden.is_none() {
        let stories = input::read_stories(&a.inputs, false)?;
        let mut out = std::io::stdout().lock();
        for s in stories {
            let js = s?;
            for article in &js.story.articles {
                for r in chorus::segment::split_sentences(&article.text) {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}",
                        article.id,
                        r.start,
                        r.end,
                        chorus::features::normalize_space(&article.text[r.clone()])
                    )?;
                }
            }
        }
    }
    if !failed.is_empty() {
        bail!("{}", failed.join("; "));
    }
    Ok(())
}
