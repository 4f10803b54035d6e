#!/usr/bin/env bash
# One command: every Chorus method, lead, the oracle and sumy (LexRank, TextRank, LSA, KL) on the
# same Multi-News stories, budget and scorer, with wall time side by side.
#   bash bench/run.sh [DATA.jsonl] [WORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/multi_news/multi_news_test_longbench200.jsonl}"
WORDS="${2:-250}"
[ -f "$DATA" ] || { echo "missing data: $DATA" >&2; exit 1; }
VENV=bench/.venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements-bench.txt
export NLTK_DATA="$PWD/bench/.nltk_data"
"$VENV/bin/python" bench/make_punkt_tab.py "$NLTK_DATA"
cargo build --release --quiet
OUT=bench/out/chorus
rm -rf "$OUT"
target/release/chorus eval "$DATA" -m ilp,lead,centroid,lexrank,textrank,mmr,oracle --words "$WORDS" --out "$OUT"
"$VENV/bin/python" bench/sumy_compare.py "$DATA" "$OUT" --words "$WORDS"
