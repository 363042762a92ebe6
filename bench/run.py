"""make bench: the scale benchmarks, written to docs/benchmarks.md. Never part of make test.

Sections (BENCH_SECTIONS, comma-separated; default all of them):

- sqlite      API search with facets on demo catalogs of 10,000 and 100,000 offerings
              (BENCH_SIZES), in-process (one worker, the whole Django stack, test client)
- postgres    the same at 1,000,000 offerings on a kept bench PostgreSQL (bench/postgres.py)
- throughput  searches/s through gunicorn at 100,000 offerings, load by wrk (bench/throughput.py)
- tantivy     text matching side by side with tantivy at 100,000 (bench/tantivy_compare.py)
- index       demo generation and rebuild_index at 1,000,000 on SQLite and PostgreSQL,
              wall time and peak RSS (bench/indexing.py)
- ingest      100,000 CSV rows through run_import on SQLite (and PostgreSQL when DATABASE_URL
              points to one), time and peak RSS (bench/ingest_csv.py)
- surveys     survey submissions per second through gunicorn on a throwaway PostgreSQL, every
              one counted in the database afterwards (bench/survey_submit.py)
- relevance   nDCG@10 and success@10 of the relevance set on SQLite and PostgreSQL, per query
              class (bench/relevance.py runs tests/test_relevance.py in both passes)
- longtail    never-repeated searches (bench/longtail.py): in-process p50/p95 at 100,000 on
              SQLite with every query, facet set and page new; the same requests through
              gunicorn with 1 and 8 clients
- tantivy_longtail  the longtail section's first 1,000 requests answered by ours and by
              tantivy (page, count, facet counts) in one process (bench/tantivy_longtail.py)
- memory      USS/PSS per gunicorn worker (2 workers) with the search index arrays private,
              shared, and shared after `publish_index`, at BENCH_MEMORY_SIZES (100000; the
              1,000,000 catalog is built by prepare() when listed) (bench/index_memory.py)
- insights    the Bildungsmonitoring at 100,000 offerings and 20,000 survey responses: office
              overview and town pages with never-seen filters, the Bildungsbericht PDF,
              snapshot_indicators (SQLite; a throwaway PostgreSQL with
              BENCH_INSIGHTS_POSTGRES=1) (bench/insights_pages.py, database from
              bench/insights.py)
- opendata    the open-data dump (JSON-LD + CSV + XLSX) of BENCH_OPENDATA_SIZE offerings
              (default 1,000,000; SQLite), time and peak RSS, and change-feed pages of 1,000
              (bench/opendata.py)

Sections sqlite, postgres and throughput run twice: with the search caches as deployed
(results and broad matches kept per index version: the query mix repeats, so this measures
repeated searches) and with both caches off (SEARCH_RESULT_CACHE_SIZE=0,
SEARCH_MATCH_CACHE_MB=0: every request computed, the long tail of unique searches).

Each catalog is built once under var/bench/ and reused. Every section's latest result is kept in
var/bench/results.json, so running one section re-renders the whole page with the others' last
numbers (each with its own date and load average).
"""

import contextlib
import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# A load generator is one client: the API's rate limit per network would stop it.
os.environ.setdefault("API_RATE_LIMIT", "off")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import loadavg, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = BENCH_DIR / "results.json"
ALL_SECTIONS = ("sqlite", "postgres", "throughput", "tantivy", "index", "ingest", "surveys",
                "relevance", "longtail", "tantivy_longtail", "memory", "insights", "opendata")
SECTIONS = [s.strip() for s in os.environ.get("BENCH_SECTIONS", ",".join(ALL_SECTIONS)).split(",")
            if s.strip()]
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
# name → environment of the measured processes (bildungsportal/settings.py reads it)
CACHE_MODES = {
    "caches on": {},
    "caches off": {"SEARCH_RESULT_CACHE_SIZE": "0", "SEARCH_MATCH_CACHE_MB": "0"},
}
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


@contextlib.contextmanager
def cache_mode(name):
    """Set the search cache environment that child processes (servers, measurers) inherit."""
    saved = {key: os.environ.get(key) for key in CACHE_MODES["caches off"]}
    os.environ.update(CACHE_MODES[name])
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


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
    else:
        run([*cli, "migrate", "-v0"], env)  # a kept catalog gets the migrations added since
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
print(json.dumps({{"warmup": warmup, "samples": samples}}))
"""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "HTTPS": "0"}
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "?")
    return (f"{cpu}, {os.cpu_count()} cores, {int(mem) // 1024 // 1024} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def now():
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def code_version():
    """The commit measured, with '-dirty' when the working tree had uncommitted changes."""
    result = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "?"


# --- sections: each returns a JSON-able dict that render() turns into Markdown ------------------


def section_sqlite():
    rows = []
    for size in SIZES:
        path = prepare(size)
        for mode in CACHE_MODES:
            print(f"catalog of {size:,} offerings, {mode}")
            load_before = loadavg()
            with cache_mode(mode):
                result = measure(size, path)
            all_samples = [v for vs in result["samples"].values() for v in vs]
            per_query = {q: percentile(v, 95) for q, v in result["samples"].items()}
            worst = max(per_query.items(), key=lambda kv: kv[1])
            rows.append({"size": size, "caches": mode, "requests": len(all_samples),
                         "p50": percentile(all_samples, 50), "p95": percentile(all_samples, 95),
                         "worst": worst, "warmup": result["warmup"], "per_query": per_query,
                         "load": [load_before, loadavg()]})
            print(f"  p50 {rows[-1]['p50']:.1f} ms, p95 {rows[-1]['p95']:.1f} ms, slowest "
                  f"query p95: {worst[0]!r} {worst[1]:.1f} ms, index build "
                  f"{result['warmup']:.1f} s")
    return {"rows": rows, "repeat": REPEAT}


def section_postgres():
    import postgres

    results = {}
    for mode in CACHE_MODES:
        print(f"PostgreSQL, {postgres.SIZE:,} offerings (bench/postgres.py), {mode}")
        with cache_mode(mode):
            result = postgres.section(QUERIES, REPEAT)
        print(f"  p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, slowest "
              f"{result['worst'][0]!r} {result['worst'][1]:.1f} ms")
        results[mode] = result
    return {"modes": results}


def section_throughput():
    import throughput

    path = prepare(100_000)
    rows = []
    for mode in CACHE_MODES:
        print(f"throughput through gunicorn, 100,000 offerings (bench/throughput.py), {mode}")
        with cache_mode(mode):
            for row in throughput.section(path, QUERIES):
                row["caches"] = mode
                rows.append(row)
                print(f"  {row['options']}: {row['rps']:.0f} req/s, p95 {row['p95']:.0f} ms, "
                      f"errors {row['errors']}")
    return {"rows": rows}


def section_tantivy():
    import tantivy_compare

    path = prepare(100_000)
    print("text matching side by side with tantivy, 100,000 offerings")
    result = tantivy_compare.section(path)
    if "summary" in result:
        s = result["summary"]
        print(f"  p95 ours {s['ours']['p95']:.1f} ms, tantivy top-10 "
              f"{s['tantivy_top10']['p95']:.1f} ms, tantivy all {s['tantivy_all']['p95']:.1f} ms")
    return result


def section_index():
    import indexing

    print("indexing 1,000,000 offerings (bench/indexing.py)")
    return indexing.section()


def section_ingest():
    import ingest_csv

    print("CSV import, 100,000 rows (bench/ingest_csv.py)")
    return ingest_csv.section()


def section_surveys():
    import survey_submit

    print("survey submissions through gunicorn on PostgreSQL (bench/survey_submit.py)")
    return survey_submit.section()


def section_relevance():
    import relevance

    return relevance.section()


def section_longtail():
    import longtail

    print("never-repeated searches, 100,000 offerings (bench/longtail.py)")
    return longtail.section(prepare(100_000))


def section_tantivy_longtail():
    import tantivy_longtail

    print("never-repeated searches beside tantivy, 100,000 offerings (bench/tantivy_longtail.py)")
    result = tantivy_longtail.section(prepare(100_000))
    if "summary" in result:
        s = result["summary"]
        print(f"  p50/p95 ours {s['ours']['p50']:.1f}/{s['ours']['p95']:.1f} ms, tantivy "
              f"{s['tantivy']['p50']:.1f}/{s['tantivy']['p95']:.1f} ms")
    return result


def section_memory():
    import index_memory

    results = []
    for size in (int(n) for n in os.environ.get("BENCH_MEMORY_SIZES", "100000").split(",")):
        print(f"memory per worker, {size:,} offerings (bench/index_memory.py)")
        results.append(index_memory.section(prepare(size)))
        for mode, m in results[-1]["modes"].items():
            print(f"  {mode}: USS " + ", ".join(f"{w['uss']:.0f}" for w in m["workers"]) + " MB")
    return {"sizes": results}


def section_insights():
    import insights_pages

    print("Bildungsmonitoring (bench/insights_pages.py)")
    return insights_pages.section()


def section_opendata():
    import opendata

    print(f"open data: dump and change feed, {opendata.SIZE:,} offerings (bench/opendata.py)")
    return opendata.section()


SECTION_FUNCTIONS = {"sqlite": section_sqlite, "postgres": section_postgres,
                     "throughput": section_throughput, "tantivy": section_tantivy,
                     "index": section_index, "ingest": section_ingest,
                     "surveys": section_surveys, "relevance": section_relevance,
                     "longtail": section_longtail, "tantivy_longtail": section_tantivy_longtail,
                     "memory": section_memory, "insights": section_insights,
                     "opendata": section_opendata}


# --- rendering ----------------------------------------------------------------------------------


def stamp(r):
    """'date, code abc1234' for a section's first line."""
    return f"{r['date']}, code `{r['code']}`" if r.get("code") else r["date"]


def ms(value):
    return f"{value:.1f} ms"


def verdict(ok):
    return "**met**" if ok else "**missed**"


def render_sqlite(r):
    lines = [
        "## 1. API search with facets, SQLite (budget: p95 ≤ 30 ms at 100,000)",
        "",
        f"{stamp(r)}, `BENCH_SECTIONS=sqlite make bench`. `GET /api/v1/offerings` with facets "
        "in-process through the whole Django stack (one worker, Django test client), "
        f"{len(QUERIES)} queries × {r['repeat']} rounds.",
        "",
        "| offerings | search caches | requests | p50 | p95 | slowest query (its p95) | "
        "index build | load avg before → after |",
        "|---:|---|---:|---:|---:|---|---:|---|",
    ]
    for row in r["rows"]:
        lines.append(
            f"| {row['size']:,} | {row.get('caches', 'caches off')} | {row['requests']} | "
            f"{ms(row['p50'])} | {ms(row['p95'])} | "
            f"`{row['worst'][0] or '(empty)'}` ({ms(row['worst'][1])}) | "
            f"{row['warmup']:.1f} s | {row['load'][0]} → {row['load'][1]} |")
    for row in r["rows"]:
        if row["size"] == 100_000:
            lines += ["", f"Budget p95 ≤ 30 ms at 100,000, {row.get('caches', 'caches off')}: "
                      f"{verdict(row['p95'] <= 30)} ({ms(row['p95'])})."]
    return lines


def render_postgres(results):
    if "modes" not in results:
        return render_postgres_mode(results, "caches off")
    lines = []
    for mode, r in results["modes"].items():
        r = {**r, "date": results["date"], "code": results.get("code")}
        lines += render_postgres_mode(r, mode) + [""]
    return lines[:-1]


def render_postgres_mode(r, mode):
    build = r.get("build", {})
    lines = [
        f"## 2. API search with facets, PostgreSQL, {r['offerings']:,} offerings, {mode} "
        "(budget: p95 ≤ 150 ms)",
        "",
        f"{stamp(r)}, `BENCH_SECTIONS=postgres make bench`. Same query mix and method as "
        f"section 1 ({r['requests']} requests, one worker, in-process), on the bench PostgreSQL "
        "of bench/postgres.py (the test suite's tests/pg.py server kept under "
        "var/bench/pg-1m/; shared_buffers 1GB, work_mem 64MB, fsync off; unix socket). "
        "Catalog: `bildungsportal demo --offerings 1000000 --seed 1` against it "
        f"({build.get('wall_s', '?')} s, peak RSS {build.get('peak_rss_mb', '?')} MB).",
        "",
        "| p50 | p95 | p99 | slowest query (its p95) | in-memory index build | RSS after "
        "build | RSS at end | load avg before → after |",
        "|---:|---:|---:|---|---:|---:|---:|---|",
        f"| {ms(r['p50'])} | {ms(r['p95'])} | {ms(r['p99'])} | `{r['worst'][0] or '(empty)'}` "
        f"({ms(r['worst'][1])}) | {r['warmup']:.1f} s | {r['rss_after_build_mb']} MB | "
        f"{r['rss_end_mb']} MB | {r['load'][0]} → {r['load'][1]} |",
        "",
        "Per query (p95, matches):",
        "",
        "| query | p95 | count |",
        "|---|---:|---:|",
    ]
    for q, p95 in sorted(r["per_query"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| `{q or '(empty)'}` | {ms(p95)} | {r['counts'].get(q, '?'):,} |")
    lines += ["", f"Budget p95 ≤ 150 ms at 1,000,000: {verdict(r['p95'] <= 150)} "
              f"({ms(r['p95'])})."]
    return lines


def render_throughput(r):
    rows = r["rows"]
    lines = [
        "## 3. Throughput through gunicorn, 100,000 offerings (budget: ≥ 300 requests/s)",
        "",
        f"{stamp(r)}, `BENCH_SECTIONS=throughput make bench`. gunicorn "
        "(`bildungsportal.wsgi`, sync workers, DEBUG off, HTTPS=0, 127.0.0.1) on the "
        "100,000-offering SQLite bench catalog; load from a second process on loopback: "
        f"{rows[0]['tool']} (`apt-get install wrk`), {rows[0]['connections']} connections, "
        f"{rows[0]['seconds']} s after a warm-up that lets every worker build its in-memory "
        "index; the Lua script rotates over the query mix of section 1 (GET /api/v1/offerings). "
        "Load generator and server share the same 2 cores.",
        "",
        "| gunicorn | search caches | requests | requests/s | p50 | p95 | p99 | errors | "
        "load avg before → after |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        lines.append(
            f"| `{row['options']}` | {row.get('caches', 'caches off')} | {row['requests']:,} | "
            f"{row['rps']:.0f} | {ms(row['p50'])} | "
            f"{ms(row['p95'])} | {ms(row['p99'])} | {row['errors']} | "
            f"{row['load'][0]} → {row['load'][1]} |")
    for mode in dict.fromkeys(row.get("caches", "caches off") for row in rows):
        best = max(row["rps"] for row in rows if row.get("caches", "caches off") == mode)
        lines += ["", f"Budget ≥ 300 requests/s, {mode}: {verdict(best >= 300)} "
                  f"(best {best:.0f}/s)."]
    return lines


def render_tantivy(r):
    if "summary" not in r:
        return ["## 4. Text matching beside tantivy", "", f"Skipped: {r.get('skipped')}"]
    s = r["summary"]
    lines = [
        f"## 4. Text matching beside tantivy ({r['docs']:,} documents)",
        "",
        f"{stamp(r)}, `BENCH_SECTIONS=tantivy make bench` ({r['tantivy']}, PyPI `tantivy`, "
        "the `bench` extra). Tantivy indexes the SearchDocument columns of the 100,000 bench "
        "catalog (our analyzer's output) with its `whitespace` tokenizer, so both hold exactly "
        "the same terms. Each query string is parsed and compiled once (query.py); the same "
        "node tree becomes an FTS5 MATCH (ours: `SQLiteBackend().match()`, every match with "
        "its score as numpy arrays) and a tantivy BooleanQuery (terms and prefixes — "
        "RegexQuery `stem.*` — OR'ed over the five fields with our column weights as boosts, "
        "phrases as PhraseQuery, exclusions as MustNot). Tantivy is timed as (a) top 10 + "
        "count and (b) every match with score, mapped to offering ids (what ours returns). "
        f"Build of the tantivy index: {r['build_seconds']:.1f} s, {r['segments']} segment. "
        f"{r['repeat']} rounds per query, p95 over all. Same match sets: "
        + ("yes, for every query." if all(x["same_ids"] for x in r["rows"]) else
           "NO for " + ", ".join(x["query"] for x in r["rows"] if not x["same_ids"]) + ".")
        + f" Load avg {r['load'][0]} → {r['load'][1]}.",
        "",
        "| | p50 | p95 | ours ÷ this (p95) |",
        "|---|---:|---:|---:|",
    ]
    for name, label in (("ours", "ours: FTS5 match()"),
                        ("tantivy_top10", "tantivy: top 10 + count"),
                        ("tantivy_all", "tantivy: all matches + scores"),
                        ("ours_api", "ours: whole API search with facets (context)")):
        ratio = s["ours"]["p95"] / s[name]["p95"] if s[name]["p95"] else float("nan")
        lines.append(f"| {label} | {ms(s[name]['p50'])} | {ms(s[name]['p95'])} | "
                     f"{ratio:.1f} |")
    lines += ["", "| query | matches | ours p95 | tantivy top 10 p95 | tantivy all p95 | "
              "ours ÷ tantivy all | API p95 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for x in r["rows"]:
        p = x["p95"]
        lines.append(f"| `{x['query']}` | {x['matches_ours']:,} | {ms(p['ours'])} | "
                     f"{ms(p['tantivy_top10'])} | {ms(p['tantivy_all'])} | "
                     f"{p['ours'] / p['tantivy_all']:.1f} | {ms(p['ours_api'])} |")
    return lines


def render_index(r):
    lines = [
        "## 5. Indexing 1,000,000 offerings (budget: import ≥ 2,000 offerings/s)",
        "",
        f"{stamp(r)}, `BENCH_SECTIONS=index make bench`, each command under `/usr/bin/time -v`"
        " (peak RSS = its maximum resident set size). `demo` = `bildungsportal demo "
        "--offerings 1000000 --seed 1` into a freshly migrated database (bulk inserts, then "
        "rebuild_index()); `rebuild_index` = every search document rewritten in chunks of "
        "2,000 (python -c … rebuild_index()).",
        "",
        "| database | command | wall time | offerings/s | peak RSS | finished | load avg before "
        "→ after |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for key, db, what in (("sqlite_demo", "SQLite", "demo"),
                          ("postgres_demo", "PostgreSQL", "demo"),
                          ("postgres_demo_100k", "PostgreSQL", "demo, 100,000 offerings"),
                          ("sqlite_rebuild", "SQLite", "rebuild_index"),
                          ("postgres_rebuild", "PostgreSQL", "rebuild_index")):
        x = r.get(key)
        if not x:
            continue
        rate = x.get("offerings", 1_000_000) / x["wall_s"]
        lines.append(f"| {db} | {what} | {x['wall_s']:.0f} s | {rate:,.0f} | "
                     f"{x['peak_rss_mb']} MB | {x['date']} | {x['load_before']} → "
                     f"{x['load_after']} |")
    for key, label in (("sqlite_demo", "SQLite, 1,000,000"),
                       ("postgres_demo", "PostgreSQL, 1,000,000"),
                       ("postgres_demo_100k", "PostgreSQL, 100,000")):
        if r.get(key):
            rate = r[key].get("offerings", 1_000_000) / r[key]["wall_s"]
            lines += ["", f"Budget ≥ 2,000 offerings/s (generation + search index), {label}: "
                      f"{verdict(rate >= 2000)} ({rate:,.0f}/s)."]
    return lines


def render_ingest(r):
    import ingest_csv

    return ingest_csv.render(r, stamp(r))


def render_surveys(r):
    import survey_submit

    return survey_submit.render(r, stamp(r))


def render_relevance(r):
    import relevance

    return relevance.render(r, stamp(r))


def render_longtail(r):
    import longtail

    return longtail.render(r, stamp(r))


def render_tantivy_longtail(r):
    import tantivy_longtail

    return tantivy_longtail.render(r, stamp(r))


def render_memory(r):
    import index_memory

    return index_memory.render(r["sizes"], stamp(r))


def render_insights(r):
    import insights_pages

    return insights_pages.render(r, stamp(r))


def render_opendata(r):
    import opendata

    return opendata.render(r, stamp(r))


RENDERERS = {"sqlite": render_sqlite, "postgres": render_postgres,
             "throughput": render_throughput, "tantivy": render_tantivy, "index": render_index,
             "ingest": render_ingest, "surveys": render_surveys, "relevance": render_relevance,
             "longtail": render_longtail, "tantivy_longtail": render_tantivy_longtail,
             "memory": render_memory, "insights": render_insights,
             "opendata": render_opendata}


MARKER = "<!-- bench section: %s -->"
# Headings of pages written before the markers: heading start → section.
HEADINGS = (("## 1. ", "sqlite"), ("## 2. ", "postgres"), ("## 3. ", "throughput"),
            ("## 4. ", "tantivy"), ("## 5. ", "index"), ("## 6. ", "ingest"),
            ("## Survey", "surveys"), ("## Relevance", "relevance"),
            ("## Never-repeated searches beside", "tantivy_longtail"),
            ("## Never-repeated", "longtail"), ("## Memory per worker", "memory"),
            ("## Bildungsmonitoring", "insights"),
            ("## Open data", "opendata"))
NOTES_HEADING = "## Reading the numbers"


def kept_sections(path=None):
    """section → its lines in the current docs/benchmarks.md, so a run of one section on a
    machine without var/bench/results.json (a fresh checkout) keeps the others' text."""
    path = path or ROOT / "docs" / "benchmarks.md"
    if not path.exists():
        return {}
    sections, current = {}, None
    for line in path.read_text().splitlines():
        marker = re.fullmatch(MARKER.replace("%s", r"(\w+)"), line.strip())
        if line.startswith(NOTES_HEADING):
            break
        if marker:
            current = marker.group(1)
            sections[current] = []
            continue
        if line.startswith("## "):
            name = next((n for prefix, n in HEADINGS if line.startswith(prefix)), None)
            if name and name != current:
                current = name
                sections.setdefault(current, [])
        if current:
            sections[current].append(line)
    return {name: _strip_blank(lines) for name, lines in sections.items()}


def _strip_blank(lines):
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def render(results):
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`bench/run.py` and its section modules); never timed inside "
        "the tests. Run one section with `BENCH_SECTIONS=sqlite|postgres|throughput|tantivy|"
        "index|ingest|surveys|relevance|longtail|tantivy_longtail|memory|insights|opendata make "
        "bench` "
        "(comma-separated; default all); every "
        "section keeps its last result in var/bench/results.json, so each section below "
        "carries its own date and load average. Needs `apt-get install postgresql wrk` and "
        "`.venv/bin/pip install -e '.[bench]'` (tantivy).",
        "",
        f"- Machine: {machine()}. Shared: other engineers ran test suites on the same 2 cores "
        "during these runs, hence the load average (from /proc/loadavg) beside every number.",
        f"- Query mix of sections 1–3 ({len(QUERIES)} queries): "
        + ", ".join(f"`{q or '(empty)'}`" for q in QUERIES),
        "- Catalogs: `bildungsportal demo --offerings N --seed 1` (built once under var/bench/).",
        "",
    ]
    kept = kept_sections()
    for name in ALL_SECTIONS:
        if name in results:
            lines += [MARKER % name, *RENDERERS[name](results[name]), ""]
        elif name in kept:  # no result on this machine: keep the page's last text
            lines += [MARKER % name, *kept[name], ""]
    notes = ROOT / "docs" / "benchmarks-notes.md"
    if notes.exists():
        lines.append(notes.read_text())
    return "\n".join(lines)


def main():
    unknown = set(SECTIONS) - set(ALL_SECTIONS)
    if unknown:
        sys.exit(f"unknown BENCH_SECTIONS {sorted(unknown)}; known: {', '.join(ALL_SECTIONS)}")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in SECTIONS:
        result = SECTION_FUNCTIONS[name]()
        result["date"] = now()
        result["code"] = code_version()
        if name == "index":  # BENCH_INDEX_ONLY re-measures one part: keep the others
            result = {**results.get(name, {}), **result}
        results[name] = result
        RESULTS.write_text(json.dumps(results, indent=1))
    (ROOT / "docs" / "benchmarks.md").write_text(render(results))
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
