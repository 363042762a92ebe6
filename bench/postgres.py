"""PostgreSQL section of `make bench`: search with facets at 1,000,000 demo offerings.

The server is the test suite's throwaway PostgreSQL (tests/pg.py, reused, not copied), but
kept: its data directory lives under var/bench/pg-1m/ so the one-off catalog build (several
minutes) is reused by later runs. Bench configuration: shared_buffers 1GB, work_mem 64MB,
fsync off (a bench, not a production setup). Unix socket only, no TCP.

    python bench/postgres.py start|build|stop    # by hand; make bench calls section()
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pg import SUPERUSER, TemporaryPostgres  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
SIZE = int(os.environ.get("BENCH_PG_SIZE", "1000000"))
CLUSTER_DIR = BENCH_DIR / ("pg-1m" if SIZE == 1_000_000 else f"pg-{SIZE}")
SERVER_OPTIONS = [
    "-c listen_addresses=''",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=50",
    "-c shared_buffers=1GB",
    "-c work_mem=64MB",
    "-c maintenance_work_mem=512MB",
    "-c effective_cache_size=8GB",
    "-c max_wal_size=4GB",
]


class BenchPostgres(TemporaryPostgres):
    """TemporaryPostgres with a fixed, kept directory and bench settings."""

    def __init__(self, directory=CLUSTER_DIR):
        super().__init__()
        self.dir = Path(directory)

    def start(self):
        fresh = not (self.data_dir / "PG_VERSION").exists()
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.as_system_user:
            shutil.chown(self.dir, user=SUPERUSER, group=SUPERUSER)
        if fresh:
            self._run(
                self.bin_dir / "initdb", "--pgdata", self.data_dir, "--username", SUPERUSER,
                "--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync",
            )  # fmt: skip
        if not (self.data_dir / "postmaster.pid").exists():
            options = " ".join([*SERVER_OPTIONS, f"-c unix_socket_directories='{self.dir}'"])
            self._run(
                self.bin_dir / "pg_ctl", "--pgdata", self.data_dir, "--log", self.log_file,
                "--options", options, "--wait", "--timeout", "120", "start",
            )  # fmt: skip
        return self

    def stop(self):
        """Stop the server, keep the data."""
        if (self.data_dir / "postmaster.pid").exists():
            self._run(self.bin_dir / "pg_ctl", "--pgdata", self.data_dir, "--mode", "fast",
                      "--wait", "stop")

    @property
    def database_url(self):
        return f"postgres://{SUPERUSER}@{quote(str(self.dir), safe='')}/postgres"

    def psql(self, sql):
        return self._run(self.bin_dir / "psql", "-h", self.dir, "-U", SUPERUSER, "-d",
                         "postgres", "-At", "-c", sql).stdout.strip()


def built_marker():
    return CLUSTER_DIR / "built.json"


def build(server):
    """migrate + load_reference + demo --offerings SIZE, under /usr/bin/time -v, once."""
    env = {**os.environ, "DATABASE_URL": server.database_url, "HTTPS": "0"}
    cli = str(ROOT / ".venv" / "bin" / "bildungsportal")
    if built_marker().exists():
        # the kept catalog gets the migrations added since it was built
        subprocess.run([cli, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        return json.loads(built_marker().read_text())
    subprocess.run([cli, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([cli, "load_reference"], check=True, env=env, cwd=ROOT)
    from timing import timed_command

    result = timed_command([cli, "demo", "--offerings", str(SIZE), "--seed", "1"], env,
                           CLUSTER_DIR / "demo.log")
    result["offerings"] = SIZE
    built_marker().write_text(json.dumps(result, indent=1))
    return result


MEASURE = r"""
import json, os, resource, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
queries = json.loads(sys.argv[1])
repeat = int(sys.argv[2])
client = Client()
started = time.perf_counter()
assert client.get("/api/v1/offerings").status_code == 200  # builds the in-memory index
warmup = time.perf_counter() - started
rss_after_build = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024
samples = {}
counts = {}
for _ in range(repeat):
    for q in queries:
        t = time.perf_counter()
        response = client.get("/api/v1/offerings?" + q)
        samples.setdefault(q, []).append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (q, response.status_code, response.content[:300])
        counts[q] = response.json()["count"]
rss_end = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024
print(json.dumps({"warmup": warmup, "samples": samples, "counts": counts,
                  "rss_after_build_mb": rss_after_build, "rss_end_mb": rss_end,
                  "vendor": connection.vendor}))
"""


def measure(server, queries, repeat):
    env = {**os.environ, "DATABASE_URL": server.database_url, "HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "bildungsportal.settings"}
    env.pop("DEBUG", None)
    out = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(queries), str(repeat)],
                         check=True, env=env, cwd=ROOT, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def section(queries, repeat):
    """Run the PostgreSQL section; returns a dict for the report."""
    from timing import loadavg, percentile

    server = BenchPostgres().start()
    try:
        built = build(server)
        load_before = loadavg()
        result = measure(server, queries, repeat)
        load_after = loadavg()
        offerings = server.psql("select count(*) from catalog_offering")
    finally:
        if not os.environ.get("BENCH_PG_KEEP"):
            server.stop()
    samples = [v for vs in result["samples"].values() for v in vs]
    per_query = {q: percentile(vs, 95) for q, vs in result["samples"].items()}
    worst = max(per_query.items(), key=lambda kv: kv[1])
    return {
        "offerings": int(offerings) if offerings.isdigit() else offerings,
        "requests": len(samples),
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "p99": percentile(samples, 99),
        "worst": worst,
        "per_query": per_query,
        "counts": result["counts"],
        "warmup": result["warmup"],
        "rss_after_build_mb": result["rss_after_build_mb"],
        "rss_end_mb": result["rss_end_mb"],
        "build": built,
        "load": (load_before, load_after),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    action = sys.argv[1] if len(sys.argv) > 1 else "start"
    server = BenchPostgres()
    if action == "start":
        server.start()
        print(server.database_url)
    elif action == "build":
        server.start()
        print(json.dumps(build(server), indent=1))
    elif action == "stop":
        server.stop()
