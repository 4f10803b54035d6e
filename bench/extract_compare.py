"""Side by side on the article-extraction benchmark: Chorus's extractor (its predictions and time,
from `chorus extract-eval --out`) and Python trafilatura, run here on the same 181 pages, one
thread, pages already in memory, each timed as the median of several passes after a warm-up. Both are scored with the benchmark's metric, implemented here
once more in Python as the benchmark's evaluate.py describes it (4-token shingles of \\w+ tokens,
per-page TP/FP/FN normalised, mean precision and recall, F1 of the means), so this also checks the
Rust scorer's figure for Chorus.

usage: extract_compare.py BENCHMARK_DIR CHORUS_PREDICTIONS.json CHORUS_SECONDS
"""
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text):
    toks = TOKEN.findall(text or "")
    n = 4
    out = [tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1))]
    return Counter(s for s in out if s)


def page_counts(gold, pred):
    g, p = shingles(gold), shingles(pred)
    tp = sum(min(g[k], p[k]) for k in g.keys() | p.keys())
    fp = sum(max(0, p[k] - g[k]) for k in p)
    fn = sum(max(0, g[k] - p[k]) for k in g)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def score(golds, preds):
    rows = [page_counts(g, p) for g, p in zip(golds, preds)]
    def prec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else tp / (tp + fp)
    def rec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else tp / (tp + fn)
    p = statistics.mean(prec(*r) for r in rows if r[0] + r[1] > 0)
    r = statistics.mean(rec(*r) for r in rows if r[0] + r[2] > 0)
    return 2 * p * r / (p + r), p, r


def main():
    bench, chorus_json, chorus_seconds = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    rows = [json.loads(l) for l in open(bench / "article_extraction_benchmark.jsonl")]
    pages = [gzip.decompress((bench / r["html_file"]).read_bytes()) for r in rows]
    golds = [r["article_body"] for r in rows]
    chorus = json.load(open(chorus_json))
    chorus_preds = [chorus[r["id"]]["articleBody"] for r in rows]

    import trafilatura
    trafilatura.extract(pages[0])  # warm-up: imports and lazy tables, not counted
    # The median of three passes, as Chorus's time is the median of its passes (after its own
    # warm-up), so that a busy moment on the machine moves neither figure much.
    times = []
    for _ in range(3):
        start = time.perf_counter()
        traf_preds = [trafilatura.extract(p, include_comments=False) or "" for p in pages]
        times.append(time.perf_counter() - start)
    traf_seconds = statistics.median(times)

    n = len(pages)
    print(f"{'extractor':<24}{'F1':>7}{'prec':>7}{'recall':>8}{'pages/s':>10}{'seconds':>9}")
    for name, preds, secs in [
        ("chorus", chorus_preds, chorus_seconds),
        (f"trafilatura {trafilatura.__version__}", traf_preds, traf_seconds),
    ]:
        f1, p, r = score(golds, preds)
        print(f"{name:<24}{f1:7.3f}{p:7.3f}{r:8.3f}{n / secs:10.1f}{secs:9.2f}")
    print(f"speed ratio chorus / trafilatura: {traf_seconds / chorus_seconds:.1f}x")


if __name__ == "__main__":
    main()
