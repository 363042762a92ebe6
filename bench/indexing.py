"""Indexing section of `make bench`: 1,000,000 offerings in bounded memory.

- `bildungsportal demo --offerings 1000000 --seed 1` under `/usr/bin/time -v` (wall time, peak
  RSS) on a fresh SQLite file (var/bench/demo-1000000.sqlite3, kept) and on the bench
  PostgreSQL (bench/postgres.py, which builds its catalog the same way). The demo command
  generates the catalog with bulk inserts and then calls rebuild_index().
- rebuild_index() alone (all search documents rewritten, in chunks of 2,000) under
  `/usr/bin/time -v` on both databases.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZE = 1_000_000
CLI = str(ROOT / ".venv" / "bin" / "bildungsportal")
REBUILD = """
import time, django
django.setup()
from bildungsportal.search.indexing import rebuild_index
t = time.perf_counter()
n = rebuild_index()
print(f"rebuilt {n} documents in {time.perf_counter() - t:.1f} s")
"""


def sqlite_demo():
    """Build var/bench/demo-1000000.sqlite3 once under time -v; the result is kept beside it."""
    from timing import timed_command

    path = BENCH_DIR / f"demo-{SIZE}.sqlite3"
    marker = BENCH_DIR / f"demo-{SIZE}.json"
    if path.exists() and marker.exists() and not os.environ.get("BENCH_REBUILD"):
        return path, json.loads(marker.read_text())
    path.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "HTTPS": "0"}
    subprocess.run([CLI, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([CLI, "load_reference"], check=True, env=env, cwd=ROOT)
    result = timed_command([CLI, "demo", "--offerings", str(SIZE), "--seed", "1"], env,
                           BENCH_DIR / f"demo-{SIZE}.log", cwd=ROOT)
    result["offerings"] = SIZE
    marker.write_text(json.dumps(result, indent=1))
    return path, result


def rebuild(database_url, log_name):
    from timing import timed_command

    env = {**os.environ, "DATABASE_URL": database_url, "HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "bildungsportal.settings"}
    result = timed_command([sys.executable, "-c", REBUILD], env, BENCH_DIR / log_name, cwd=ROOT)
    result["command"] = "rebuild_index()  (python -c, django.setup())"
    return result


def postgres_demo_small(size=100_000):
    """The demo command on a fresh bench PostgreSQL (bench settings), thrown away afterwards:
    the import rate at a size that can be re-measured in a minute when the machine is quiet."""
    import shutil

    import postgres
    from timing import timed_command

    server = postgres.BenchPostgres(BENCH_DIR / "pg-import-tmp")
    if server.data_dir.exists():
        server.stop()
        shutil.rmtree(server.dir)
    server.start()
    try:
        env = {**os.environ, "DATABASE_URL": server.database_url, "HTTPS": "0"}
        subprocess.run([CLI, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        subprocess.run([CLI, "load_reference"], check=True, env=env, cwd=ROOT)
        result = timed_command([CLI, "demo", "--offerings", str(size), "--seed", "1"], env,
                               BENCH_DIR / f"demo-{size}-pg.log", cwd=ROOT)
        result["offerings"] = size
        return result
    finally:
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)


def section():
    import postgres

    if os.environ.get("BENCH_INDEX_ONLY") == "postgres-100k":
        return {"postgres_demo_100k": postgres_demo_small()}
    results = {}
    results["postgres_demo_100k"] = postgres_demo_small()
    path, results["sqlite_demo"] = sqlite_demo()
    results["sqlite_rebuild"] = rebuild(f"sqlite:///{path}", f"rebuild-{SIZE}-sqlite.log")
    server = postgres.BenchPostgres().start()
    try:
        results["postgres_demo"] = postgres.build(server)
        results["postgres_rebuild"] = rebuild(server.database_url, f"rebuild-{SIZE}-pg.log")
    finally:
        if not os.environ.get("BENCH_PG_KEEP"):
            server.stop()
    return results


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    print(json.dumps(section(), indent=1))
