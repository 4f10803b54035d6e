#!/usr/bin/env bash
# Load benchmark of `chorus serve` (not a test): briefs/second and latency at 1, 16 and 64
# concurrent clients POSTing the example story, then 10,000 tiny requests at once.
#   bash bench/load.sh [SECONDS_PER_LEVEL]
# Needs wrk (Debian package `wrk`; installed here when missing and apt-get is available).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 - "$WORK/body.json" <<'PY'
import json, pathlib, sys
files = sorted(pathlib.Path("examples/ferry").glob("*.txt"))
body = {"articles": [{"text": f.read_text(), "name": f.name} for f in files], "words": 250}
pathlib.Path(sys.argv[1]).write_text(json.dumps(body))
PY
target/release/chorus serve --addr 127.0.0.1:0 --db "$WORK/chorus.db" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q listening "$WORK/server.log" && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$WORK/server.log")
echo "server $URL, $(nproc) cores, ${DURATION} s per level, POST /api/briefs with the example story (4 articles, 250 words)"
printf '%-8s %10s %8s %12s %10s %10s %10s\n' clients requests errors briefs/s p50_ms p99_ms max_ms
for c in 1 16 64; do
  line=$(BODY_FILE="$WORK/body.json" wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${DURATION}s" --timeout 30s \
    -s bench/load.lua "$URL/api/briefs" | grep '^RESULT')
  val() { echo "$line" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
  printf '%-8s %10s %8s %12s %10s %10s %10s\n' "$c" "$(val requests)" \
    "$(( $(val errors) + $(val non2xx) ))" "$(val rps)" "$(val p50_ms)" "$(val p99_ms)" "$(val max_ms)"
done
ulimit -n 20000 2>/dev/null || true
python3 bench/burst.py "${URL#http://}" 10000 /health
curl -sf "$URL/health" >/dev/null && echo "health after the burst: ok"
echo "stored briefs: $(curl -sf "$URL/health" | sed -n 's/.*"briefs":\([0-9]*\).*/\1/p')"
