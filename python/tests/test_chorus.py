"""The Python binding checked through Python: the seeds' brief, bad input, the same bytes as the
CLI, batches and threads. Needs ../shared beside the repository (the seeds) and the CLI built
(target/release/chorus) — it fails, never skips, when either is missing."""
import json
import os
import pathlib
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

import chorus

REPO = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("CHORUS_SHARED", REPO.parent / "shared"))
CLI = REPO / "target" / "release" / "chorus"

BRIDGE = [
    "The Tolly Ford bridge reopened on Monday after two years of repairs, the county said.",
    "Drivers crossed the Tolly Ford bridge on Monday as it reopened after repairs.",
]


def seeds():
    files = sorted((SHARED / "seeds").glob("*.txt"))
    assert len(files) == 4, f"the four seed articles are missing under {SHARED / 'seeds'}"
    return [f.read_text(encoding="utf-8") for f in files]


def multi_news_articles(stories):
    """The articles of the first Multi-News-200 stories, as stream articles with ids."""
    data = SHARED / "data" / "multi_news" / "multi_news_test_longbench200.jsonl"
    articles = []
    with open(data, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n == stories:
                break
            story = json.loads(line)
            articles += [{"id": f"{story['id']}/{k}", "text": d} for k, d in enumerate(story["documents"])]
    return articles


def test_the_seeds_brief_is_within_budget_and_every_sentence_is_at_its_span():
    texts = seeds()
    b = chorus.brief(texts, words=120)
    words = sum(len(item["text"].split()) for item in b["summary"])
    assert 0 < words <= 120
    for item in b["summary"]:
        first = item["support"][0]
        source_text = texts[first["source"] - 1].encode("utf-8")
        span = source_text[first["start"] : first["end"]].decode("utf-8")
        assert " ".join(span.split()) == item["text"]
    assert len(b["sources"]) == 4
    names = [e["name"] for e in b["entities"]]
    assert any("Tillerson" in n for n in names), names


def test_bad_input_is_a_chorus_error_with_a_message():
    for bad in ([], [""], ["   \n\n  "], "", [{"text": ""}]):
        with pytest.raises(chorus.ChorusError) as e:
            chorus.brief(bad)
        assert str(e.value)
    with pytest.raises(chorus.ChorusError, match="unknown method"):
        chorus.brief(BRIDGE, method="nope")
    with pytest.raises(chorus.ChorusError, match="not both"):
        chorus.brief(BRIDGE, words=10, sentences=2)
    with pytest.raises(chorus.ChorusError, match="at least 1"):
        chorus.brief(BRIDGE, words=0)
    with pytest.raises(chorus.ChorusError):
        chorus.brief([object()])
    # Binary and invalid text still gives a clear answer, never a crash.
    with pytest.raises(chorus.ChorusError):
        chorus.extract(b"\x00\x01\x02" * 100)
    assert isinstance(chorus.clean("\ufffd" * 20 + " café naïve. " * 3), dict)


def test_the_json_is_the_cli_s_byte_for_byte(tmp_path):
    assert CLI.exists(), f"build the CLI first: cargo build --release ({CLI})"
    line = tmp_path / "story.jsonl"
    line.write_text(json.dumps({"id": "s1", "documents": BRIDGE}) + "\n", encoding="utf-8")
    cli = subprocess.run(
        [str(CLI), "brief", str(line), "-f", "json", "-w", "40"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    assert chorus.brief_text(BRIDGE, id="s1", words=40) == cli
    md = subprocess.run(
        [str(CLI), "brief", str(line), "-f", "md", "-w", "40"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    assert chorus.brief_text(BRIDGE, id="s1", words=40, format="md") == md
    assert json.loads(cli) == chorus.brief(BRIDGE, id="s1", words=40)


def test_brief_many_matches_one_by_one_and_keeps_failures_in_place():
    stories = [BRIDGE, [""], seeds()]
    many = chorus.brief_many(stories, words=60)
    assert len(many) == 3
    assert many[0] == chorus.brief(BRIDGE, words=60)
    assert "error" in many[1] and "empty" in many[1]["error"]
    assert many[2]["summary"] == chorus.brief(seeds(), words=60)["summary"]


def test_threads_get_the_same_briefs():
    texts = seeds()
    expected = chorus.brief(texts, words=80)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: chorus.brief(texts, words=80), range(8)))
    assert all(r == expected for r in results)


def test_clean_extract_and_rouge():
    c = chorus.clean(
        "Subscribe now for unlimited access to every story.\n\n"
        "The Tolly Ford bridge reopened on Monday after two years of repairs, the county said."
    )
    assert [s["text"] for s in c["sentences"]] == [
        "The Tolly Ford bridge reopened on Monday after two years of repairs, the county said."
    ]
    assert c["dropped"][0]["reason"] == "paywall"
    page = chorus.extract(
        b"<html><head><title>Bridge reopens</title></head><body><nav>Home | World</nav>"
        b"<article><p>The Tolly Ford bridge reopened on Monday after two years of repairs, "
        b"the county said in a statement.</p></article></body></html>",
        url="https://example.org/bridge",
    )
    assert page["meta"]["title"] == "Bridge reopens"
    assert any("Tolly Ford" in b["text"] for b in page["blocks"])
    r = chorus.rouge("the cat sat", "the cat sat down")
    assert r["rouge1"]["precision"] == pytest.approx(0.75)
    assert r["rouge1"]["recall"] == pytest.approx(1.0)
    assert chorus.rouge(["a b", "the cat sat"], "the cat sat")["rouge1"]["f1"] == pytest.approx(1.0)
    with pytest.raises(chorus.ChorusError):
        chorus.rouge([], "x")


def test_the_clusterer_tells_the_cli_s_stories(tmp_path):
    assert CLI.exists(), f"build the CLI first: cargo build --release ({CLI})"
    articles = multi_news_articles(12)
    stream = tmp_path / "stream.jsonl"
    stream.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    cli = subprocess.run(
        [str(CLI), "cluster", str(stream)], check=True, capture_output=True
    ).stdout.decode("utf-8")
    cli_stories = [json.loads(l) for l in cli.splitlines() if l.strip()]
    c = chorus.Clusterer()
    events = []
    for a in articles:
        events.extend(c.add(a))
    events.extend(c.close())
    stories = [e for e in events if e["type"] == "story"]
    assert len(stories) >= 8
    assert stories == cli_stories
    assert sum(e["type"] == "article" for e in events) == len(articles)
    with pytest.raises(chorus.ChorusError, match="closed"):
        c.add("more text")
    with pytest.raises(chorus.ChorusError, match="not an article"):
        chorus.Clusterer().add({"text": 3})
    with pytest.raises(chorus.ChorusError):
        chorus.Clusterer(window_hours=-1)


def test_evaluate_scores_as_chorus_eval_does(tmp_path):
    assert CLI.exists(), f"build the CLI first: cargo build --release ({CLI})"
    data = SHARED / "data" / "multi_news" / "multi_news_test_longbench200.jsonl"
    with open(data, encoding="utf-8") as f:
        lines = [next(f) for _ in range(15)]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run(
        [str(CLI), "eval", str(sample), "-m", "ilp", "-w", "120", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    totals = json.loads((out / "totals.json").read_text())[0]
    for dataset in (str(sample), [json.loads(l) for l in lines]):
        e = chorus.evaluate(dataset, method="ilp", words=120)
        assert e["stories"] == totals["stories"] == 15
        for m in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
            assert e[m] == pytest.approx(totals[m], abs=1e-9), m
        assert all(len(s["summary"].split()) <= 120 for s in e["per_story"])
    with pytest.raises(chorus.ChorusError, match="no story"):
        chorus.evaluate([{"id": "x", "documents": ["A bridge reopened on Monday."], "summaries": []}])


def test_a_kept_story_is_briefed_as_chorus_cluster_briefs_it(tmp_path):
    assert CLI.exists(), f"build the CLI first: cargo build --release ({CLI})"
    articles = multi_news_articles(6)
    stream = tmp_path / "stream.jsonl"
    stream.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    out = tmp_path / "briefs"
    out.mkdir()
    subprocess.run(
        [str(CLI), "cluster", str(stream), "--brief", str(out), "--brief-format", "json"],
        check=True,
        capture_output=True,
    )
    c = chorus.Clusterer(keep_articles=True)
    events = [e for a in articles for e in c.add(a)] + c.close()
    stories = [e for e in events if e["type"] == "story" and e["distinct"] >= 2]
    assert len(stories) >= 3
    for s in stories:
        assert [a["seq"] for a in s["sources"]] == sorted(a["seq"] for a in s["sources"])
        cli = (out / f"story-{s['story']:06d}.json").read_text(encoding="utf-8")
        assert chorus.brief_story(s, format="json") == cli
        assert chorus.brief_story(s)["sources"] == json.loads(cli)["sources"]
    with pytest.raises(chorus.ChorusError, match="keep_articles"):
        chorus.brief_story({k: v for k, v in stories[0].items() if k != "sources"})
    plain = [e for e in chorus.Clusterer().add(articles[0]) if e["type"] == "story"]
    assert all("sources" not in e for e in plain)


def test_read_warc_gives_the_pages_the_cli_reads_and_counts_the_rest():
    def record(kind, uri, body):
        head = (
            f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2026-12-06T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        return head + body + b"\r\n\r\n"

    page = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><head><title>Bridge reopens</title></head><body><article>"
        + "".join(f"<p>{s}</p>" for s in BRIDGE * 3).encode()
        + b"</article></body></html>"
    )
    gone = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>No</p>"
    warc = record("request", "https://a.example/", b"GET / HTTP/1.1\r\n\r\n")
    warc += record("response", "https://a.example/bridge", page) + record("response", "https://a.example/x", gone)
    read = chorus.read_warc(warc)
    assert [a["id"] for a in read["articles"]] == ["https://a.example/bridge"]
    assert read["articles"][0]["title"] == "Bridge reopens"
    assert "Tolly Ford bridge reopened" in read["articles"][0]["text"]
    assert read["skipped"] == {"request": 1, "response: status 404": 1}
    broken = chorus.read_warc(warc[:-40])
    assert broken["errors"] and len(broken["articles"]) == 1
    assert chorus.read_warc(b"not a warc file")["errors"]
    c = chorus.Clusterer()
    assert c.add(read["articles"][0])[0]["type"] == "article"


def test_embeddings_give_the_cli_s_brief_with_embeddings(tmp_path):
    # The installed model (`chorus model install`, which CI runs first): a missing one fails here.
    data = SHARED / "data" / "multi_news" / "multi_news_test_longbench200.jsonl"
    story = json.loads(data.read_text(encoding="utf-8").splitlines()[0])
    texts = story["documents"]
    line = tmp_path / "story.jsonl"
    line.write_text(json.dumps({"id": story["id"], "documents": texts}) + "\n", encoding="utf-8")
    cli = subprocess.run(
        [str(CLI), "brief", str(line), "--embeddings", "-f", "json"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    with_model = chorus.brief_text(texts, id=story["id"], embeddings=True)
    # The model changes this story's brief (paraphrases cited, coverage), so it was used.
    assert with_model != chorus.brief_text(texts, id=story["id"])
    assert with_model == cli
    many = chorus.brief_many([texts], embeddings=True)
    assert many[0]["summary"] == json.loads(cli)["summary"]
    with pytest.raises(chorus.ChorusError, match="chorus model install"):
        chorus.brief(texts, embeddings=str(tmp_path / "no-model-here"))
    with pytest.raises(chorus.ChorusError, match="model directory"):
        chorus.brief(texts, embeddings=3.5)
