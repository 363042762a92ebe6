"""Open-data benchmark (not a test): the full dump and the change feed on a demo catalog.

Budgets (issue 15): the dump of 1,000,000 offerings (JSON-LD, CSV and XLSX in one pass) in
≤ 5 minutes with bounded memory; a change-feed page of 1,000 changes p95 ≤ 100 ms.

The catalog is `bildungsportal demo --offerings N --seed 1` in var/bench/demo-N.sqlite3 (the
one the other sections use, built if missing; the demo's whole-catalog announcement fills the
change log). Each measurement runs in a child process, so its peak RSS (ru_maxrss) is its own:

- dump: `build()` into a temporary directory; wall time, peak RSS, file sizes; then the
  change feed's bodies rendered ahead (`log.warm()`), timed on its own;
- feed: pages of 1,000 from never-repeated random cursors through the test client (the
  whole Django stack and JSON encoding); p50/p95/max.

    python bench/opendata.py [--size 1000000]
    BENCH_SECTIONS=opendata make bench     # size from BENCH_OPENDATA_SIZE (default 1,000,000)
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import loadavg, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZE = int(os.environ.get("BENCH_OPENDATA_SIZE", "1000000"))
PAGES = 40
PAGE = 1000

DUMP = """
import json, os, resource, tempfile, time
import django
django.setup()
from bildungsportal.opendata.dump import build
with tempfile.TemporaryDirectory(dir=os.environ["BENCH_DIR"]) as directory:
    started = time.perf_counter()
    result = build(directory, base_url="https://bildung.example")
    seconds = time.perf_counter() - started
from bildungsportal.opendata.log import forget_bodies, warm
forget_bodies()
started = time.perf_counter()
warmed = warm()
warm_seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "count": result.count, "files": result.files,
                  "warm_seconds": warm_seconds, "warmed": warmed,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FEED = """
import json, random, time
import django
django.setup()
from django.test import Client
from bildungsportal.opendata.models import FeedEntry
client = Client()
last = FeedEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
rng = random.Random(1)
cursors = rng.sample(range(0, max(1, last - %(page)d)), k=min(%(pages)d, max(1, last - %(page)d)))
client.get("/api/v1/changes?since=0&limit=10")  # warm-up: imports, connection
sizes = []


def measure(cursors):
    samples = []
    for since in cursors:
        started = time.perf_counter()
        response = client.get(f"/api/v1/changes?since={since}&limit=%(page)d", secure=True)
        body = response.content
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, body[:300]
        sizes.append(len(body))
    return samples


warm = measure(cursors[: len(cursors) // 2])  # bodies stored by the build before
from bildungsportal.opendata.log import forget_bodies, warm as fill
forget_bodies()
cold = measure(cursors[len(cursors) // 2:])  # every offering rendered in the request
fill()
print(json.dumps({"samples": warm, "cold": cold, "entries": FeedEntry.objects.count(),
                  "bytes": sum(sizes) / len(sizes)}))
"""


def catalog(size):
    """var/bench/demo-<size>.sqlite3, built with the demo generator when missing."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"demo-{size}.sqlite3"
    env = environment(path)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not path.exists():
        subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        subprocess.run([*manage, "load_reference"], check=True, env=env, cwd=ROOT)
        subprocess.run([*manage, "demo", "--offerings", str(size), "--seed", "1"], check=True,
                       env=env, cwd=ROOT)
    else:
        subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    return path


def environment(path):
    return {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "bildungsportal.settings", "BENCH_DIR": str(BENCH_DIR)}


def child(code, path):
    out = subprocess.run([sys.executable, "-c", code], check=True, env=environment(path),
                         cwd=ROOT, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def section(size=SIZE):
    path = catalog(size)
    load_before = loadavg()
    dump = child(DUMP, path)
    feed = child(FEED % {"page": PAGE, "pages": PAGES}, path)
    samples, cold = feed.pop("samples"), feed.pop("cold")
    return {"size": size, "load": load_before, "dump": dump,
            "feed": {**feed, "pages": len(samples), "p50": percentile(samples, 50),
                     "p95": percentile(samples, 95), "max": max(samples),
                     "cold_p50": percentile(cold, 50), "cold_p95": percentile(cold, 95)}}


def render(r, stamp):
    dump, feed = r["dump"], r["feed"]
    per_million = dump["seconds"] / max(dump["count"], 1) * 1_000_000
    sizes = ", ".join(f"{name} {size / 1_048_576:.1f} MB" for name, size in dump["files"].items())
    return [
        "## Open data: full dump and change feed",
        "",
        f"{stamp}, `BENCH_SECTIONS=opendata make bench` (bench/opendata.py), SQLite, "
        f"{r['size']:,} demo offerings, load average {r['load']}.",
        "",
        f"- Dump (JSON-LD + CSV + XLSX in one pass): {dump['count']:,} offerings in "
        f"{dump['seconds']:.1f} s, peak RSS {dump['peak_rss_mb']:.0f} MB ({sizes}); "
        f"scaled to 1,000,000: {per_million / 60:.1f} min — budget ≤ 5 min "
        f"{'met' if per_million <= 300 else 'MISSED'}"
        f"{'' if r['size'] >= 1_000_000 else ' (extrapolated, linear)'}.",
        f"- Warming the change feed (`log.warm()`, run by the build command and task after "
        f"the dump): {dump['warmed']:,} bodies in {dump['warm_seconds']:.1f} s.",
        f"- Change feed, pages of {PAGE:,} from {feed['pages']} never-repeated cursors "
        f"({feed['entries']:,} log entries, {feed['bytes'] / 1024:.0f} KB a page): "
        f"p50 {feed['p50']:.1f} ms, p95 {feed['p95']:.1f} ms, max {feed['max']:.1f} ms — "
        f"budget p95 ≤ 100 ms {'met' if feed['p95'] <= 100 else 'MISSED'} (bodies stored by "
        f"the build). Cold (bodies forgotten, every offering rendered in the request): "
        f"p50 {feed['cold_p50']:.0f} ms, p95 {feed['cold_p95']:.0f} ms.",
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args()
    result = section(args.size)
    print(json.dumps(result, indent=1))
    print("\n".join(render(result, "now")))
