#!/usr/bin/env bash
# The API against its own description: schemathesis (from PyPI, in bench/.venv-contract) runs
# every check it has on every operation of /openapi.json served by a fresh `chorus serve`.
#   bash bench/contract.sh [path/to/chorus] [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
CHORUS="${1:-target/release/chorus}"
EXAMPLES="${2:-100}"
VENV=bench/.venv-contract
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/requirements-contract.txt
fi
WORK=$(mktemp -d)
"$CHORUS" serve --addr 127.0.0.1:0 --db "$WORK/chorus.db" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q listening "$WORK/server.log" && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$WORK/server.log")
"$VENV/bin/schemathesis" --config-file bench/schemathesis.toml run "$URL/openapi.json" \
  --checks all --max-examples "$EXAMPLES" --seed 7
