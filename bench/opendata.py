"""Open-data benchmark (not a test): the full dump and the change feed on a demo catalog.

Budgets (issue 15): the dump of 1,000,000 offerings (JSON-LD, CSV and XLSX in one pass) in
≤ 5 minutes with bounded memory; a change-feed page of 1,000 changes p95 ≤ 100 ms.

The catalog is `bildungsportal demo --offerings N --seed 1` in var/bench/demo-N.sqlite3 (the
one the other sections use, built if missing; the demo's whole-catalog announcement fills the
change log). Each measurement runs in a child process, so its peak RSS (ru_maxrss) is its own:

- dump: `build()` of the three catalog files into a temporary directory; wall time, CPU
  time of all processes, peak RSS of the parent and of the largest forked writer, file
  sizes; further distributions (settings) timed on their own; then the change feed's bodies
  rendered ahead (`log.warm()`), timed on its own;
- feed: pages of 1,000 from never-repeated random cursors through the test client (the
  whole Django stack and JSON encoding); p50/p95/max.

    python bench/opendata.py [--size 1000000]
    BENCH_SECTIONS=opendata make bench     # size from BENCH_OPENDATA_SIZE (default 1,000,000)

Switches: BENCH_OPENDATA_PROCESSES=1|2 (default: the setting, 2), BENCH_OPENDATA_FEED=0 (the
dump alone: warming 1,000,000 feed bodies takes far longer than the dump),
BENCH_OPENDATA_DB=postgres (bench/postgres.py's server, kept in var/bench/pg-opendata-<size>/;
stop it with `pg_ctl -D var/bench/pg-opendata-<size>/data stop`).
"""

import argparse
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import loadavg, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZE = int(os.environ.get("BENCH_OPENDATA_SIZE", "1000000"))
DATABASE = os.environ.get("BENCH_OPENDATA_DB", "sqlite")
PAGES = 40
PAGE = 1000

DUMP = """
import json, os, resource, tempfile, time
from pathlib import Path
import django
django.setup()
from django.conf import settings
from django.test.utils import override_settings
from django.utils.module_loading import import_string
from bildungsportal.opendata.conf import conf
from bildungsportal.opendata.dump import build


def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


processes = int(os.environ.get("BENCH_OPENDATA_PROCESSES", "0")) or conf("processes")
extras = conf("extra_distributions")
with tempfile.TemporaryDirectory(dir=os.environ["BENCH_DIR"]) as directory:
    # The three catalog files alone (the budget); further distributions timed on their own.
    only_catalog = {**getattr(settings, "OPEN_DATA", {}), "extra_distributions": []}
    with override_settings(OPEN_DATA=only_catalog):
        started = time.perf_counter()
        result = build(directory, base_url="https://bildung.example", processes=processes)
        seconds = time.perf_counter() - started
    # The first line ends the sampling of memory (bench side): the dump alone.
    print(json.dumps({
        "seconds": seconds, "count": result.count, "files": result.files,
        "processes": processes,
        "cpu_seconds": cpu(resource.RUSAGE_SELF) + cpu(resource.RUSAGE_CHILDREN),
        "load_after": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }), flush=True)
    started = time.perf_counter()
    for path in extras:
        import_string(path)(Path(directory))
    print(json.dumps({"extra": [path.rsplit(".", 1)[-1] for path in extras],
                      "extra_seconds": time.perf_counter() - started}), flush=True)
if os.environ.get("BENCH_OPENDATA_FEED", "1") != "0":
    from bildungsportal.opendata.log import forget_bodies, warm
    forget_bodies()
    started = time.perf_counter()
    warmed = warm()
    print(json.dumps({"warmed": warmed, "warm_seconds": time.perf_counter() - started}))
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
    """The database URL of the demo catalog of ``size`` offerings, built once when missing.

    SQLite: var/bench/demo-<size>.sqlite3. BENCH_OPENDATA_DB=postgres: bench/postgres.py's
    kept bench server (its settings), data under var/bench/pg-opendata-<size>/."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if DATABASE == "postgres":
        import postgres

        server = postgres.BenchPostgres(BENCH_DIR / f"pg-opendata-{size}").start()
        url, built = server.database_url, server.dir / "demo-built"
    else:
        path = BENCH_DIR / f"demo-{size}.sqlite3"
        url, built = f"sqlite:///{path}", path
    env, missing = environment(url), not built.exists()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    if missing:
        subprocess.run([*manage, "load_reference"], check=True, env=env, cwd=ROOT)
        subprocess.run([*manage, "demo", "--offerings", str(size), "--seed", "1"], check=True,
                       env=env, cwd=ROOT)
        built.touch()
    return url


def environment(url):
    return {**os.environ, "DATABASE_URL": url, "HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "bildungsportal.settings", "BENCH_DIR": str(BENCH_DIR)}


def _tree(pid):
    """pid and all its descendants (from /proc)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child_pid in children:
            pids += _tree(int(child_pid))
    return pids


def _sample(pid, peaks, stop):
    """Every 0.2 s the largest RssAnon (heap: Python objects, SQLite's page cache) and RssFile
    (mostly SQLite's memory-mapped database file, capped by mmap_size) of any process of the
    tree, in MB. Sampled from here: a thread in the dump's process would keep it from forking."""
    while not stop.wait(0.2):
        for each in _tree(pid):
            try:
                status = Path(f"/proc/{each}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                for key, field in (("anon", "RssAnon:"), ("file", "RssFile:")):
                    if line.startswith(field):
                        peaks[key] = max(peaks.get(key, 0), int(line.split()[1]) / 1024)


def sampled_child(code, url):
    """child(), its memory sampled until its first output line (the dump's report)."""
    process = subprocess.Popen([sys.executable, "-c", code], env=environment(url), cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    peaks, stop = {}, threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peaks, stop), daemon=True)
    sampler.start()
    first = process.stdout.readline()
    stop.set()
    sampler.join()
    rest = process.stdout.read()
    if process.wait() != 0:
        raise RuntimeError(f"the dump failed ({process.returncode})")
    report = json.loads(first)
    for line in rest.splitlines():
        if line.startswith("{"):
            report.update(json.loads(line))
    return {**report, "peak_anon_mb": peaks.get("anon", 0),
            "peak_file_mb": peaks.get("file", 0)}


def child(code, url):
    out = subprocess.run([sys.executable, "-c", code], check=True, env=environment(url),
                         cwd=ROOT, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def section(size=SIZE):
    url = catalog(size)
    load_before = loadavg()
    dump = sampled_child(DUMP, url)
    if "warmed" not in dump:  # BENCH_OPENDATA_FEED=0: the dump alone
        return {"size": size, "load": load_before, "dump": dump, "feed": None,
                "database": DATABASE}
    feed = child(FEED % {"page": PAGE, "pages": PAGES}, url)
    samples, cold = feed.pop("samples"), feed.pop("cold")
    return {"size": size, "load": load_before, "dump": dump, "database": DATABASE,
            "feed": {**feed, "pages": len(samples), "p50": percentile(samples, 50),
                     "p95": percentile(samples, 95), "max": max(samples),
                     "cold_p50": percentile(cold, 50), "cold_p95": percentile(cold, 95)}}


def render(r, stamp):
    dump, feed = r["dump"], r["feed"]
    per_million = dump["seconds"] / max(dump["count"], 1) * 1_000_000
    sizes = ", ".join(f"{name} {size / 1_048_576:,.0f} MB" for name, size in dump["files"].items())
    sqlite = r.get("database", "sqlite") == "sqlite"
    sqlite_heap = ": Python objects, SQLite's page cache" if sqlite else ": Python objects"
    sqlite_file = (": SQLite's memory-mapped database, capped by its mmap_size" if sqlite
                   else ": program and libraries")
    lines = [
        "## Open data: full dump and change feed",
        "",
        f"{stamp}, `BENCH_SECTIONS=opendata make bench` (bench/opendata.py), "
        f"{'PostgreSQL' if r.get('database') == 'postgres' else 'SQLite'}, "
        f"{r['size']:,} demo offerings, load average {r['load']} before, "
        f"{dump['load_after']} after the dump.",
        "",
        f"- Dump (JSON-LD + CSV + XLSX, {dump['processes']} process(es)): {dump['count']:,} "
        f"offerings in {dump['seconds']:.1f} s wall, {dump['cpu_seconds']:.0f} s CPU "
        f"(all processes); peak RSS {dump['peak_rss_mb']:.0f} MB (parent), "
        f"{dump['peak_rss_child_mb']:.0f} MB (largest writer process), of which at most "
        f"{dump['peak_anon_mb']:.0f} MB heap (RssAnon{sqlite_heap}) and "
        f"{dump['peak_file_mb']:.0f} MB file pages (RssFile{sqlite_file}); {sizes}; "
        f"per 1,000,000: {per_million / 60:.1f} min — budget ≤ 5 min "
        f"{'met' if per_million <= 300 else 'MISSED'}"
        f"{'' if r['size'] >= 1_000_000 else ' (extrapolated, linear)'}.",
    ]
    if dump["extra"]:
        lines.append(f"- Further distributions ({', '.join(dump['extra'])}), not part of the "
                     f"budget: {dump['extra_seconds']:.1f} s.")
    if feed is None:
        lines.append("- Change feed: not measured in this run (`BENCH_OPENDATA_FEED=0`).")
        return lines
    return [
        *lines,
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
