"""make bench: API search with facets on demo catalogs of 10,000 and 100,000 offerings.

Builds each catalog once in its own SQLite file under var/bench/ (reused on later runs),
then times GET /api/v1/offerings in-process (one worker, the whole Django stack) for a mix
of queries, and writes docs/benchmarks.md. Never part of make test.
"""

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
QUERIES = [
    "",
    "q=englisch",
    "q=kurs",
    "q=yoga+anf",
    "q=fuehrerschein",
    "q=excel",
    "town=bensheim",
    "town=bensheim&town=heppenheim&life_phase=bildung-im-alter",
    "life_phase=weiterbildung-beruf&topic=sprachen&free=0",
    "free=1&accessible=1",
    "weekday=di&time_of_day=abends",
    "near=64625&radius_km=10&sort=distance",
    "q=deutsch&near=Heppenheim&radius_km=20",
    "sort=price&page=3",
    "sort=date&date_from=2027-03-01&date_to=2027-04-30",
    "q=computer&format=online",
]


def run(cmd, env):
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)


def prepare(size):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"demo-{size}.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "HTTPS": "0"}
    cli = [str(ROOT / ".venv" / "bin" / "bildungsportal")]
    if not path.exists() or os.environ.get("BENCH_REBUILD"):
        path.unlink(missing_ok=True)
        run([*cli, "migrate", "-v0"], env)
        run([*cli, "load_reference"], env)
        started = time.perf_counter()
        run([*cli, "demo", "--offerings", str(size), "--seed", "1"], env)
        print(f"  demo catalog of {size:,} built in {time.perf_counter() - started:.0f} s")
    return path


def measure(size, path):
    """Run in a child process so each catalog gets its own settings and in-memory index."""
    code = f"""
import os, json, time
os.environ["DATABASE_URL"] = "sqlite:///{path}"
os.environ["DJANGO_SETTINGS_MODULE"] = "bildungsportal.settings"
import django
django.setup()
from django.test import Client
client = Client()
queries = {QUERIES!r}
started = time.perf_counter()
client.get("/api/v1/offerings")  # builds the in-memory index
warmup = time.perf_counter() - started
samples = {{}}
for _ in range({REPEAT}):
    for q in queries:
        t = time.perf_counter()
        response = client.get("/api/v1/offerings?" + q)
        samples.setdefault(q, []).append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (q, response.status_code, response.content[:300])
        response.json()["count"]
    samples.setdefault("_counts", {{}})
print(json.dumps({{"warmup": warmup, "samples": samples}}))
"""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "HTTPS": "0"}
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT,
                         capture_output=True, text=True).stdout
    import json

    return json.loads(out.strip().splitlines()[-1])


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "?")
    return (f"{cpu}, {os.cpu_count()} cores, {int(mem) // 1024 // 1024} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def main():
    rows = []
    for size in SIZES:
        print(f"catalog of {size:,} offerings")
        path = prepare(size)
        result = measure(size, path)
        all_samples = [v for k, vs in result["samples"].items() if k != "_counts" for v in vs]
        p50, p95 = percentile(all_samples, 50), percentile(all_samples, 95)
        worst = max(((k, percentile(v, 95)) for k, v in result["samples"].items()
                     if k != "_counts"), key=lambda kv: kv[1])
        rows.append((size, len(all_samples), p50, p95, worst, result["warmup"]))
        print(f"  p50 {p50:.1f} ms, p95 {p95:.1f} ms, slowest query p95: {worst[0]!r} "
              f"{worst[1]:.1f} ms, index build {result['warmup']:.1f} s")

    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`bench/run.py`); never timed inside the tests.",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        "- Command: `make bench` (environment: BENCH_SIZES, BENCH_REPEAT, BENCH_REBUILD)",
        "- What: `GET /api/v1/offerings` with facets, in-process through the whole Django stack "
        "(one worker, Django test client), SQLite, demo catalog `bildungsportal demo --seed 1`.",
        f"- Query mix ({len(QUERIES)} queries × {REPEAT} rounds): "
        + ", ".join(f"`{q or '(empty)'}`" for q in QUERIES),
        "",
        "## API search with facets, SQLite",
        "",
        "| offerings | requests | p50 | p95 | slowest query (its p95) | index build |",
        "|---:|---:|---:|---:|---|---:|",
    ]
    for size, n, p50, p95, worst, warmup in rows:
        lines.append(f"| {size:,} | {n} | {p50:.1f} ms | {p95:.1f} ms | "
                     f"`{worst[0] or '(empty)'}` ({worst[1]:.1f} ms) | {warmup:.1f} s |")
    lines += [
        "",
        "Budget (issue 2, first version): p95 ≤ 50 ms at 100,000 offerings.",
        "",
    ]
    extra = ROOT / "docs" / "benchmarks-notes.md"
    if extra.exists():
        lines.append(extra.read_text())
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines))
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
