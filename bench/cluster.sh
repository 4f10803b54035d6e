#!/usr/bin/env bash
# Story clustering, the figures docs/benchmarks.md's "Clustering a stream" quotes: the 570 articles of the
# Multi-News stories pooled and shuffled with seeds 1-5 and 7, B-cubed F1 per seed and the mean
# over the six (one seed's figure moves by ±0.003 with the order alone), then N synthetic articles
# (default 1,000,000; 0 skips them) for throughput and memory on one thread.
#   bash bench/cluster.sh [DATA.jsonl] [N] [more cluster-eval options, e.g. --embeddings]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/multi_news/multi_news_test_longbench200.jsonl}"
N="${2:-1000000}"
shift $(($# < 2 ? $# : 2))
[ -f "$DATA" ] || { echo "missing data: $DATA" >&2; exit 1; }
cargo build --release --quiet
for seed in 1 2 3 4 5 7; do
  target/release/chorus cluster-eval "$DATA" --seed "$seed" --rounds 1 "$@" |
    awk -v seed="$seed" '/B-cubed/ {
        for (i = 1; i < NF; i++) if ($i == "F1") f1 = $(i + 1) + 0
        if ($1 == "all") all = f1; else text = f1
      }
      END { printf "seed %d  all articles F1 %.4f  articles with text F1 %.4f\n", seed, all, text }'
done | awk '{ print; all += $6; text += $11; n++ }
  END { if (n) printf "mean    all articles F1 %.4f  articles with text F1 %.4f\n", all / n, text / n }'
if [ "$N" -gt 0 ]; then
  target/release/chorus-bench "$DATA" --cluster "$N" | tail -n 1
fi
