"""Python API against the CLI on one core: pages/s (WARC pages read and clustered) and stories/s
(briefs), the same inputs, the same work; and the Spark job's throughput with 1 and 2 local
executor threads. Needs the wheel installed (`chorus`), pyspark and warcio for the Spark part.

    python bench/python_overhead.py CHORUS_BINARY SHARED_DIR [--spark]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chorus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def best_of(n, f):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main(cli, shared, spark):
    os.sched_setaffinity(0, {0})  # this process and the CLI it runs: one core
    one_core = ["taskset", "-c", "0"]
    work = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, str(REPO / "examples/spark/make_test_warcs.py"), shared, str(work / "warc")], check=True)
    warcs = sorted((work / "warc").glob("*.warc.gz"))
    data = [w.read_bytes() for w in warcs]

    def py_pages():
        c = chorus.Clusterer()
        n = 0
        for d in data:
            for a in chorus.read_warc(d)["articles"]:
                a.pop("warnings", None)
                c.add(a)
                n += 1
        c.close()
        return n

    pages = py_pages()
    t_py = best_of(3, py_pages)
    t_cli = best_of(3, lambda: subprocess.run(one_core + [cli, "cluster", *map(str, warcs)], check=True, capture_output=True))
    print(f"pages (read + extract + cluster), {pages} pages of {len(warcs)} WARC files, one core:")
    print(f"  CLI    {pages / t_cli:8.1f} pages/s   ({t_cli:.2f} s, process start included)")
    print(f"  Python {pages / t_py:8.1f} pages/s   ({t_py:.2f} s)   overhead {100 * (t_py / t_cli - 1):+.1f}%")

    mn = Path(shared) / "data" / "multi_news" / "multi_news_test_longbench200.jsonl"
    stories = [json.loads(l) for l in mn.read_text(encoding="utf-8").splitlines() if l.strip()]

    def py_briefs():
        for s in stories:
            try:
                chorus.brief_text(s["documents"], id=s["id"])
            except chorus.ChorusError:
                pass  # the CLI reports the same story and goes on

    t_py = best_of(3, py_briefs)
    # Exit status 1: one story is all junk, said on stderr; the other briefs are printed.
    t_cli = best_of(3, lambda: subprocess.run(one_core + [cli, "brief", str(mn), "-f", "json"], capture_output=True))
    n = len(stories)
    print(f"briefs (every analysis, JSON), {n} Multi-News-200 stories, one core:")
    print(f"  CLI    {n / t_cli:8.1f} stories/s ({t_cli:.2f} s, process start included)")
    print(f"  Python {n / t_py:8.1f} stories/s ({t_py:.2f} s)   overhead {100 * (t_py / t_cli - 1):+.1f}%")

    if spark:
        os.sched_setaffinity(0, set(range(os.cpu_count())))
        job = REPO / "examples/spark/briefs_from_warc.py"
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
        submit = Path(sys.executable).parent / "spark-submit"
        # Eight copies of each file, so that extraction, not the JVM's start, is most of the job
        # (copies are extracted like any page; the clusterer then marks them as copies).
        big = work / "warc-x8"
        big.mkdir()
        for w in warcs:
            for k in range(8):
                shutil.copy(w, big / f"{w.name[:-8]}-{k}.warc.gz")
        for threads in (1, 2):
            out = work / f"spark-{threads}"
            t = time.perf_counter()
            r = subprocess.run(
                [str(submit), "--master", f"local[{threads}]", "--conf", "spark.ui.enabled=false", str(job), str(big), str(out)],
                env=env, check=True, capture_output=True, text=True,
            )
            t = time.perf_counter() - t
            line = [l for l in r.stdout.splitlines() if l.startswith("chorus-spark:")][0]
            print(f"Spark local[{threads}]: {8 * pages / t:6.1f} pages/s over the whole job ({t:.1f} s, JVM start included): {line}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--spark" in sys.argv[3:])
