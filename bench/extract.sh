#!/usr/bin/env bash
# One command: HTML main-content extraction measured on real page sets — the article-extraction
# benchmark (with the published systems' shipped outputs re-scored), trafilatura's English eval
# pages, L3S-GN1 — and speed side by side with Python trafilatura on the same 181 pages.
#   bash bench/extract.sh [SHARED_DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
AEB="$DATA/article_extraction_benchmark"
[ -f "$AEB/article_extraction_benchmark.jsonl" ] || { echo "missing data: $AEB" >&2; exit 1; }
VENV=bench/.venv-extract
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements-extract.txt
cargo build --release --quiet
mkdir -p bench/out
LOG=bench/out/extract-eval.txt
target/release/chorus extract-eval --aeb "$AEB" --trafilatura "$DATA/trafilatura_eval" \
  --l3s "$DATA/boilerplate_benchmarks/l3s_gn1" --out bench/out/chorus-extract.json | tee "$LOG"
# Chorus's own one-thread time over the 181 pages (the median of its timed passes), as
# extract-eval measured it.
SECONDS_CHORUS=$(sed -n 's/.*chorus .* (\([0-9.]*\) s, one thread, median.*/\1/p' "$LOG")
"$VENV/bin/python" bench/extract_compare.py "$AEB" bench/out/chorus-extract.json "$SECONDS_CHORUS"
