#!/usr/bin/env python3
"""Side by side: Chorus methods, lead, the oracle and sumy on the same stories, budget and scorer.

Usage: sumy_compare.py DATA.jsonl CHORUS_OUT_DIR --words N

CHORUS_OUT_DIR is what `chorus eval DATA.jsonl --out DIR --words N` wrote: METHOD.jsonl with each
story's summary, and totals.json with each method's summarisation time. This script runs sumy's
LexRank, TextRank, LSA and KL as its users run them (PlaintextParser with NLTK sentence splitting,
the English Snowball stemmer, sumy's English stop words) under the same word budget: sentences are
taken in sumy's rating order while they fit, never exceeding N words, and shown in document order.
Every summary, Chorus's and sumy's, is then scored by one scorer, Google's rouge-score (stemmed,
best of the references), and the table gives ROUGE F1 x100, wall time of summarisation, and how many
times faster than sumy LexRank each method is.
"""
import argparse
import json
import pathlib
import sys
import time

from rouge_score import rouge_scorer
from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def words(text):
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def budget_selector(max_words):
    """A sumy `sentences_count` callable: best-rated sentences while they fit the word budget."""
    def select(infos):
        chosen, used = [], 0
        for info in infos:
            w = words(str(info.sentence))
            if w and used + w <= max_words:
                chosen.append(info)
                used += w
        return chosen
    return select


def run_sumy(stories, max_words):
    stemmer = Stemmer("english")
    stop = get_stop_words("english")
    methods = {}
    for name, cls in [("sumy-lexrank", LexRankSummarizer), ("sumy-textrank", TextRankSummarizer),
                      ("sumy-lsa", LsaSummarizer), ("sumy-kl", KLSummarizer)]:
        summarizer = cls(stemmer)
        summarizer.stop_words = stop
        outputs, t0 = {}, time.perf_counter()
        for sid, docs in stories:
            parser = PlaintextParser.from_string("\n\n".join(docs), Tokenizer("english"))
            sentences = summarizer(parser.document, budget_selector(max_words))
            outputs[sid] = "\n".join(str(s) for s in sentences)
        methods[name] = (outputs, time.perf_counter() - t0)
        print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return methods


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("chorus_out")
    ap.add_argument("--words", type=int, default=250)
    args = ap.parse_args()
    stories, refs = [], {}
    with open(args.data, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                stories.append((str(row["id"]), row["documents"]))
                refs[str(row["id"])] = row["summaries"]
    out = pathlib.Path(args.chorus_out)
    totals = {t["method"]: t for t in json.loads((out / "totals.json").read_text())}
    methods = {}
    for name, t in totals.items():
        outputs = {}
        with open(out / f"{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                outputs[row["id"]] = row["summary"]
        methods["chorus-" + name if name != "oracle" else "oracle"] = (outputs, t["seconds"])
    print(f"running sumy on {len(stories)} stories ...", file=sys.stderr)
    methods.update(run_sumy(stories, args.words))

    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    base = methods["sumy-lexrank"][1]
    print(f"\n{len(stories)} stories, {args.words}-word budget, rouge-score F1 x100 (stemmed, best reference); "
          f"time = summarisation wall time on one thread")
    print(f"{'method':<16}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}{'ROUGE-Lsum':>11}{'words':>7}{'time s':>9}{'stories/s':>11}{'x LexRank':>11}")
    for name, (outputs, seconds) in methods.items():
        sums = dict.fromkeys(TYPES, 0.0)
        n_words = 0
        for sid, _ in stories:
            hyp = outputs.get(sid, "")
            n_words += words(hyp)
            assert words(hyp) <= args.words, f"{name} {sid} over budget"
            s = scorer.score_multi(refs[sid], hyp)
            for t in TYPES:
                sums[t] += s[t].fmeasure
        n = len(stories)
        speed = n / seconds if seconds > 0 else float("inf")
        print(f"{name:<16}" + "".join(f"{100 * sums[t] / n:>{9 if t != 'rougeLsum' else 11}.2f}" for t in TYPES)
              + f"{n_words / n:>7.0f}{seconds:>9.2f}{speed:>11.0f}{base / seconds if seconds > 0 else float('inf'):>11.0f}")


if __name__ == "__main__":
    main()
