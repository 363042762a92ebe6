"""Read replicas: API search throughput with the primary alone, one and two streaming replicas.

Not part of `make bench` (it starts its own servers). A throwaway primary (tests/pg.py) gets
the demo catalog; for 0, 1 and 2 replicas (tests/pg.py TemporaryReplica, pg_basebackup -R)
gunicorn (2 workers) serves GET /api/v1/offerings with DATABASE_REPLICA_URLS set, and wrk
sends never-repeated searches (bench/longtail.py's generator) with 8 connections. Beside
requests/s it prints how many transactions each server ran during the load
(pg_stat_database.xact_commit): that shows where the reads went. Everything shares this
machine's cores, so the figures show the routing at work, not real scale-out.

    .venv/bin/python bench/replicas.py [offerings=10000] [seconds=15]
    BENCH_REPLICAS=1,0 .venv/bin/python bench/replicas.py   # other counts or another order
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

# A load generator is one client: the API's rate limit per network would stop it.
os.environ.setdefault("API_RATE_LIMIT", "off")

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import longtail  # noqa: E402
import throughput  # noqa: E402
from timing import loadavg  # noqa: E402

from tests.pg import TemporaryPostgres, TemporaryReplica  # noqa: E402

CONNECTIONS = 8


def url(server):
    return f"postgres://postgres@{quote(str(server.dir), safe='')}/postgres"


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def vocabulary(primary):
    with primary.connect() as db:
        titles = [r[0] for r in db.execute(
            "SELECT title FROM catalog_offering WHERE status = 'published' LIMIT 20000")]
        slugs = {name: [r[0] for r in db.execute(sql)] for name, sql in {
            "topic": "SELECT slug FROM catalog_topic",
            "life_phase": "SELECT slug FROM catalog_lifephase",
            "format": "SELECT slug FROM catalog_format",
            "town": "SELECT slug FROM places_municipality WHERE region_id NOTNULL ORDER BY name",
            "place": "SELECT name FROM places_municipality WHERE region_id NOTNULL ORDER BY name",
        }.items()}
    words = sorted({w.strip(".,:;–-()\"'").lower() for t in titles for w in t.split()} - {""})
    return [w for w in words if len(w) >= 4 and w.isalpha()], slugs


def transactions(server):
    with server.connect() as db:
        return db.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'").fetchone()[0]


def run(env, servers, paths, seconds):
    port = throughput.free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "bildungsportal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    scripts = []
    try:
        throughput.wait_for(port)

        def load(slice_, duration):
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
                f.write(throughput.LUA % {
                    "paths": "{" + ", ".join(json.dumps(p) for p in slice_) + "}"})
                scripts.append(f.name)
            return throughput.run_wrk(port, slice_, duration, CONNECTIONS, f.name)

        load(paths[:1000], throughput.WARMUP_SECONDS)  # every worker builds its index
        before, load_before = [transactions(s) for s in servers], loadavg()
        result = load(paths[1000:], seconds)
        result["load"] = (load_before, loadavg())
        result["transactions"] = [transactions(s) - b for s, b in zip(servers, before,
                                                                       strict=True)]
    finally:
        server.terminate()
        server.wait(timeout=20)
        for name in scripts:
            os.unlink(name)
    return result


def main(offerings=10_000, seconds=15):
    primary = TemporaryPostgres().start()
    replicas = []
    try:
        env = {**os.environ, "DATABASE_URL": url(primary), "DEBUG": "0", "HTTPS": "0",
               "CONN_MAX_AGE": "60", "DJANGO_SETTINGS_MODULE": "bildungsportal.settings"}
        env.pop("TESTING", None)
        env.pop("DATABASE_REPLICA_URLS", None)
        started = time.monotonic()
        manage(env, "setup", "--no-demo")
        manage(env, "demo", "--offerings", str(offerings), "--seed", "1")
        print(f"catalog: {offerings:,} demo offerings on the primary "
              f"({time.monotonic() - started:.0f} s)")
        with primary.connect() as db:  # as autovacuum would soon: no run measures it at work
            db.execute("VACUUM ANALYZE")
        words, slugs = vocabulary(primary)
        queries = longtail.generate(words, slugs, 3 * 60_000)
        counts = [int(n) for n in os.environ.get("BENCH_REPLICAS", "0,1,2").split(",")]
        for n in counts:
            while len(replicas) < n:
                replicas.append(TemporaryReplica(primary).start())
            run_env = dict(env)
            if n:
                run_env["DATABASE_REPLICA_URLS"] = ",".join(url(r) for r in replicas[:n])
            paths = ["/api/v1/offerings?" + q for q in queries[n * 60_000:(n + 1) * 60_000]]
            r = run(run_env, [primary, *replicas[:n]], paths, seconds)
            print(f"{n} replica(s): {r['rps']:.0f} req/s, p50 {r['p50']:.0f} ms, "
                  f"p95 {r['p95']:.0f} ms, errors {r['errors']}; transactions during the load "
                  f"primary/replicas {r['transactions']}; load average "
                  f"{r['load'][0]} → {r['load'][1]}")
    finally:
        for replica in replicas:
            replica.stop()
        primary.stop()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
