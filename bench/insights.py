"""Benchmark of the monitoring computations (bench/run.py may wire it in as a section).

Builds (once) a demo catalog of BENCH_INSIGHTS_SIZE offerings (default 100,000) on SQLite under
var/bench/, adds BENCH_INSIGHTS_RESPONSES demo survey responses (default 20,000), then times in
a fresh process, with nothing cached between requests:

- overview:  indicator_table() for each indicator, whole catalog (what the overview page needs)
- town:      town_profile() for each of the 22 towns (what a town page needs)
- gaps:      ranked_gaps(limit=20)
- snapshot:  take_snapshot() once (every indicator × scope)

Budget (docs/monitoring.md): overview and town page p95 ≤ 300 ms at 100,000 offerings and
20,000 responses on SQLite. Run: `python bench/insights.py` from the repository root.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZE = int(os.environ.get("BENCH_INSIGHTS_SIZE", "100000"))
RESPONSES = int(os.environ.get("BENCH_INSIGHTS_RESPONSES", "20000"))
REPEAT = int(os.environ.get("BENCH_INSIGHTS_REPEAT", "3"))
CLI = [sys.executable, "-c", "import sys; from bildungsportal.cli import main; "
       "sys.exit(main(sys.argv[1:]))"]


def prepare():
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"insights-{SIZE}-{RESPONSES}.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "HTTPS": "0"}

    def run(*args):
        subprocess.run([*CLI, *args], check=True, env=env, cwd=ROOT)

    if not path.exists() or os.environ.get("BENCH_REBUILD"):
        path.unlink(missing_ok=True)
        run("migrate", "-v0")
        run("load_reference")
        started = time.perf_counter()
        run("demo", "--offerings", str(SIZE), "--seed", "1")
        run("demo_survey", "--responses", str(RESPONSES), "--seed", "1")
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    else:
        run("migrate", "-v0")
    return path


MEASURE = """
import json, os, time, tracemalloc
os.environ["DJANGO_SETTINGS_MODULE"] = "bildungsportal.settings"
import django
django.setup()
from bildungsportal.insights.indicators import (INDICATORS, Filters, indicator_table,
                                                 ranked_gaps, town_profile, district_towns)
from bildungsportal.insights.snapshots import take_snapshot

def timed(fn):
    t = time.perf_counter(); fn(); return (time.perf_counter() - t) * 1000

samples = {"overview": {}, "town": [], "gaps": []}
for _ in range(REPEAT):
    for key in INDICATORS:
        samples["overview"].setdefault(key, []).append(
            timed(lambda: indicator_table(Filters(key))))
    for town in district_towns():
        samples["town"].append(timed(lambda: town_profile(town.slug)))
    samples["gaps"].append(timed(lambda: ranked_gaps(limit=20)))
tracemalloc.start()
t = time.perf_counter()
rows = take_snapshot()
samples["snapshot_s"] = time.perf_counter() - t
samples["snapshot_rows"] = rows
samples["snapshot_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps(samples))
"""


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    path = prepare()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "HTTPS": "0"}
    out = subprocess.run([sys.executable, "-c", MEASURE.replace("REPEAT", str(REPEAT))],
                         check=True, env=env, cwd=ROOT, capture_output=True, text=True).stdout
    samples = json.loads(out.strip().splitlines()[-1])
    overview = [v for values in samples["overview"].values() for v in values]
    result = {
        "offerings": SIZE, "responses": RESPONSES,
        "overview_p95_ms": percentile(overview, 95),
        "overview_by_indicator_p95_ms": {k: round(percentile(v, 95), 1)
                                         for k, v in samples["overview"].items()},
        "town_p95_ms": percentile(samples["town"], 95),
        "gaps_p95_ms": percentile(samples["gaps"], 95),
        "snapshot_s": samples["snapshot_s"], "snapshot_rows": samples["snapshot_rows"],
        "snapshot_peak_python_mb": samples["snapshot_peak_mb"],
    }
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main()
