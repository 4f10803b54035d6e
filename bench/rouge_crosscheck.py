#!/usr/bin/env python3
"""Cross-check chorus-rouge against Google's rouge-score on real system outputs.

Usage: rouge_crosscheck.py DATA.jsonl OUT_DIR
  DATA.jsonl  the dataset (id, summaries) the outputs were made from
  OUT_DIR     `chorus eval --out OUT_DIR` output: one METHOD.jsonl per method, each line
              {"id", "summary", "scores": {"rouge1": {"precision", "recall", "f1"}, ...}}

For every story and method, rouge-score (stemmed, score_multi over the references) must give the
same precision, recall and F1 as ours within 1e-4 for rouge1, rouge2, rougeL and rougeLsum.
Exits 1 on any disagreement, printing the first few.
"""
import json
import pathlib
import sys

from rouge_score import rouge_scorer

TOLERANCE = 1e-4
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def main():
    data, out_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    refs = {}
    with open(data, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                refs[str(row["id"])] = row["summaries"]
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    compared, bad = 0, []
    files = sorted(out_dir.glob("*.jsonl"))
    if not files:
        sys.exit(f"no outputs in {out_dir}")
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                theirs = scorer.score_multi(refs[row["id"]], row["summary"])
                for t in TYPES:
                    ours = row["scores"][t]
                    for ours_key, their_value in (("precision", theirs[t].precision), ("recall", theirs[t].recall), ("f1", theirs[t].fmeasure)):
                        compared += 1
                        if abs(ours[ours_key] - their_value) > TOLERANCE:
                            bad.append(f"{path.stem} {row['id']} {t} {ours_key}: ours {ours[ours_key]:.6f} rouge-score {their_value:.6f}")
    print(f"rouge cross-check: {compared} values compared over {len(files)} methods, {len(bad)} disagree (tolerance {TOLERANCE})")
    for b in bad[:20]:
        print("  " + b)
    sys.exit(1 if bad or compared == 0 else 0)


if __name__ == "__main__":
    main()
