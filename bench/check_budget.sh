#!/usr/bin/env bash
# The word budget as users count it: every summary that `chorus eval --out OUT_DIR -w WORDS` wrote
# has at most WORDS words by `wc -w` (coreutils, not our counter).
#
# Usage: bench/check_budget.sh OUT_DIR WORDS
# Exits 1 naming the first summary over budget.
set -euo pipefail
out="$1"
words="$2"
summaries=0
# One summary per line of each METHOD.jsonl, read with python3 (JSON), counted with wc -w.
for file in "$out"/*.jsonl; do
  while IFS= read -r -d '' summary; do
    n=$(printf '%s' "$summary" | wc -w)
    if [ "$n" -gt "$words" ]; then
      echo "over budget in $file: $n words by wc -w, budget $words:" >&2
      printf '%s\n' "$summary" >&2
      exit 1
    fi
    summaries=$((summaries + 1))
  done < <(python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        sys.stdout.write(json.loads(line)["summary"] + "\0")
' "$file")
done
if [ "$summaries" -eq 0 ]; then
  echo "no summaries found in $out" >&2
  exit 1
fi
echo "$summaries summaries within $words words by wc -w"
