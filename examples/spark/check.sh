#!/usr/bin/env bash
# The Spark job in local mode against the CLI, on WARC files made from ../shared's real pages:
# the same stories, each brief byte for byte what `chorus cluster --brief` writes.
#   examples/spark/check.sh CHORUS_BINARY WHEEL_DIR [SHARED_DIR]
set -euo pipefail
CHORUS=$(realpath "$1")
WHEELS=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=$(realpath "${3:-$HERE/../../../shared}")
if ! command -v java >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
fi
WORK=$(mktemp -d)
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$WHEELS"/*.whl
"$WORK/venv/bin/python" "$HERE/make_test_warcs.py" "$SHARED" "$WORK/warc"

# The CLI: the same files, in the order of their names.
mkdir -p "$WORK/cli"
"$CHORUS" cluster "$WORK"/warc/*.warc.gz --brief "$WORK/cli" --brief-format json > "$WORK/cli-stories.jsonl"

# Spark, local mode, two executor threads.
export PYSPARK_PYTHON="$WORK/venv/bin/python" PYSPARK_DRIVER_PYTHON="$WORK/venv/bin/python"
"$WORK/venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
  "$HERE/briefs_from_warc.py" "$WORK/warc" "$WORK/spark" --format json 2> "$WORK/spark.log" \
  || { tail -40 "$WORK/spark.log"; exit 1; }
"$WORK/venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false \
  "$HERE/briefs_from_warc.py" "$WORK/warc" "$WORK/spark-parquet" --format parquet 2>> "$WORK/spark.log" \
  || { tail -40 "$WORK/spark.log"; exit 1; }

"$WORK/venv/bin/python" - "$WORK" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
cli = {int(os.path.basename(p)[6:12]): open(p, encoding="utf-8").read() for p in glob.glob(f"{work}/cli/story-*.json")}
rows = [json.loads(l) for p in sorted(glob.glob(f"{work}/spark/part-*.json")) for l in open(p, encoding="utf-8")]
spark = {r["story"]: r["brief"] for r in rows}
assert len(cli) >= 20, f"only {len(cli)} stories with several sources: the test stream is too thin"
assert set(spark) == set(cli), f"stories differ: only CLI {sorted(set(cli) - set(spark))[:10]}, only Spark {sorted(set(spark) - set(cli))[:10]}"
differ = [s for s in cli if cli[s] != spark[s]]
assert not differ, f"{len(differ)} briefs differ from the CLI's, e.g. story {differ[0]}"
for r in rows:
    b = json.loads(r["brief"])
    assert b["summary"] and len(b["sources"]) >= 2, f"story {r['story']}: no summary or one source"
    assert r["sources"] >= 2 and r["title"], f"story {r['story']}: row without its sources or title"
from pyspark.sql import SparkSession
spark_session = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
pq = {r["story"]: r["brief"] for r in spark_session.read.parquet(f"{work}/spark-parquet").collect()}
assert pq == spark, "the Parquet output differs from the JSON lines"
spark_session.stop()
print(f"spark check: {len(cli)} stories briefed, each brief identical to chorus cluster --brief's; Parquet the same")
PY
rm -rf "$WORK"
