"""make bench, section "memory": memory per gunicorn worker with the index arrays private
(each worker builds its own copy) and shared (search/shared_index.py: one worker writes a
version's arrays, both map them).

For each mode: gunicorn --workers 2 on the bench catalog, BENCH_MEMORY_REQUESTS never-repeated
API searches (bench/longtail.py's generator, 4 client threads, so both workers build or map
their index and fill their caches as in use), then per worker from /proc/<pid>/smaps_rollup:
RSS, PSS (shared pages divided among the processes that map them) and USS (private pages:
what the worker alone holds; Private_Clean + Private_Dirty). Also the size of the index
version on disk (the arrays, what sharing counts once).

    python bench/index_memory.py var/bench/demo-100000.sqlite3   # prints JSON
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "400"))
# Modes to run, comma-separated labels of section()'s modes (default all), e.g.
# BENCH_MEMORY_MODES="shared, published first" (a label contains commas: separate by ";").
MODES = [m.strip() for m in os.environ.get("BENCH_MEMORY_MODES", "").split(";") if m.strip()]
VARIANTS = (
    ("MALLOC_MMAP_THRESHOLD_=131072", {"MALLOC_MMAP_THRESHOLD_": "131072"}),
    ("SEARCH_MATCH_CACHE_MB=16", {"SEARCH_MATCH_CACHE_MB": "16"}),
    ("MALLOC_MMAP_THRESHOLD_=131072, SEARCH_MATCH_CACHE_MB=16",
     {"MALLOC_MMAP_THRESHOLD_": "131072", "SEARCH_MATCH_CACHE_MB": "16"}),
    ("SEARCH_MATCH_CACHE_MB=16, SEARCH_TEXT_STAGE_CACHE_MB=16",
     {"SEARCH_MATCH_CACHE_MB": "16", "SEARCH_TEXT_STAGE_CACHE_MB": "16"}),
    ("SEARCH_MATCH_CACHE_MB=16, SEARCH_TEXT_STAGE_CACHE_MB=16, SQLITE_CACHE_MB=16",
     {"SEARCH_MATCH_CACHE_MB": "16", "SEARCH_TEXT_STAGE_CACHE_MB": "16",
      "SQLITE_CACHE_MB": "16"}),
    ("SEARCH_MATCH_CACHE_MB=8, SEARCH_TEXT_STAGE_CACHE_MB=8, SQLITE_CACHE_MB=8",
     {"SEARCH_MATCH_CACHE_MB": "8", "SEARCH_TEXT_STAGE_CACHE_MB": "8", "SQLITE_CACHE_MB": "8"}),
)


def smaps(pid):
    """kB fields of /proc/<pid>/smaps_rollup → MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[-1] == "kB":
            fields[name] = int(parts[0]) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"],
            "uss": fields["Private_Clean"] + fields["Private_Dirty"],
            "anonymous": fields["Anonymous"]}


def breakdown(pid, db_path, shared_dir):
    """PSS in MB by what is mapped (/proc/<pid>/smaps): anonymous memory (Python and numpy
    heap, SQLite's page cache), the SQLite file (its mmap_size window), the index arrays, the
    spelling dictionary and the word list (shared directory), other files (code, libraries)."""
    kinds = {"anonymous": 0.0, "sqlite file": 0.0, "index arrays": 0.0, "spelling": 0.0,
             "word list": 0.0, "other files": 0.0}
    db = str(Path(db_path).resolve())
    shared = str(Path(shared_dir).resolve()) if shared_dir else None
    kind = "anonymous"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split(None, 5)
        if head and "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
            path = head[5].strip() if len(head) > 5 else ""
            if not path.startswith("/"):
                kind = "anonymous"
            elif path.startswith(db):
                kind = "sqlite file"
            elif shared and path.startswith(shared):
                kind = ("spelling" if "/spelling/" in path
                        else "word list" if "/words-" in path else "index arrays")
            else:
                kind = "other files"
        elif line.startswith("Pss:"):
            kinds[kind] += int(line.split()[1]) / 1024
    return {k: round(v, 1) for k, v in kinds.items()}


def children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return sorted(found)


def run_mode(db_path, queries, shared_dir, publish=False):
    import throughput

    port = throughput.free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "DEBUG": "0", "HTTPS": "0",
           "DJANGO_SETTINGS_MODULE": "bildungsportal.settings", "API_RATE_LIMIT": "off",
           "SEARCH_SHARED_INDEX_DIR": str(shared_dir) if shared_dir else "off",
           "PYTHONPATH": str(ROOT)}
    env.pop("TESTING", None)
    published = None
    if publish:  # the deploy step: `manage.py publish_index` writes the version first
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "manage.py",
                               "publish_index"], cwd=ROOT, env=env, check=True,
                              capture_output=True, text=True)
        published = {"seconds": time.perf_counter() - started,
                     "peak_rss_mb": int(done.stderr.strip().splitlines()[-1]) / 1024}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "bildungsportal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--workers", "2",
         "--timeout", "300"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        throughput.wait_for(port, timeout=300)
        pending = list(queries)
        lock = threading.Lock()
        errors = []

        def client():
            while True:
                with lock:
                    if not pending:
                        return
                    q = pending.pop()
                try:
                    with urllib.request.urlopen(
                            f"http://127.0.0.1:{port}/api/v1/offerings?{q}", timeout=300) as r:
                        r.read()
                except OSError as error:
                    errors.append(str(error))

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
        workers = children(server.pid)
        memory = [{**smaps(pid), "pss_by_kind": breakdown(pid, db_path, shared_dir)}
                  for pid in workers]
        disk = {"index": 0, "spelling": 0, "words": 0}
        if shared_dir:
            for f in Path(shared_dir).rglob("*.npy"):
                kind = ("spelling" if f.parent.name == "spelling"
                        else "words" if f.parent.name.startswith("words-") else "index")
                disk[kind] += f.stat().st_size / 2**20
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"workers": memory, "published": published, "requests": len(queries),
            "errors": len(errors), "seconds": seconds, "index_on_disk_mb": disk["index"],
            "spelling_on_disk_mb": disk["spelling"], "words_on_disk_mb": disk["words"]}


def section(db_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import longtail
    from timing import loadavg

    queries = longtail.generate(*longtail.vocabulary(db_path), 3 * REQUESTS, seed=99)
    before = loadavg()
    result = {"db": Path(db_path).name, "modes": {}}

    def wanted(label):
        return not MODES or label in MODES

    if wanted("private"):
        result["modes"]["private"] = run_mode(db_path, queries[:REQUESTS], None)
    if wanted("shared"):
        with tempfile.TemporaryDirectory(prefix="bench-index-") as directory:
            result["modes"]["shared"] = run_mode(db_path, queries[REQUESTS:2 * REQUESTS],
                                                 directory)
    if wanted("shared, published first"):
        with tempfile.TemporaryDirectory(prefix="bench-index-") as directory:
            result["modes"]["shared, published first"] = run_mode(
                db_path, queries[2 * REQUESTS:], directory, publish=True)
    # Deployment settings that lower what each worker keeps (docs/search.md): glibc hands
    # large freed blocks back at once, and a smaller cache of broad text matches.
    for label, extra in VARIANTS:
        if not wanted(f"shared, published first, {label}"):
            continue
        saved = dict(os.environ)
        os.environ.update(extra)
        try:
            with tempfile.TemporaryDirectory(prefix="bench-index-") as directory:
                result["modes"][f"shared, published first, {label}"] = run_mode(
                    db_path, queries[2 * REQUESTS:], directory, publish=True)
        finally:
            os.environ.clear()
            os.environ.update(saved)
    result["load"] = (before, loadavg())
    return result


def render(results, stamp):
    lines = ["## Memory per worker: index arrays private or shared (budget ≤ 300 MB per worker "
             "at 1,000,000)", "",
             f"{stamp}, `BENCH_SECTIONS=memory make bench` (bench/index_memory.py). gunicorn "
             "--workers 2 on the SQLite bench catalog; per mode BENCH_MEMORY_REQUESTS "
             "never-repeated API searches (4 client threads) first, then each worker's "
             "/proc/<pid>/smaps_rollup: USS = its private pages, PSS = private plus its share "
             "of pages mapped by several processes (the sum over processes is the machine's "
             "real use). `private`: each worker builds its own arrays (before); `shared`: "
             "search/shared_index.py, one worker writes the version, both map it; `published "
             "first`: `manage.py publish_index` wrote it before gunicorn started, no worker "
             "builds. The modes with settings set them in the workers' environment: "
             "MALLOC_MMAP_THRESHOLD_ (glibc hands freed blocks of ≥ 128 KiB — numpy's "
             "per-search temporaries over a million rows — back at once instead of keeping them "
             "in the heap) and a smaller SEARCH_MATCH_CACHE_MB (default 96; measured at "
             "1,000,000 only).", "",
             "| catalog | arrays | worker | RSS | PSS | USS | anonymous | index on disk | "
             "load before → after |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        for mode, m in r["modes"].items():
            for n, w in enumerate(m["workers"], start=1):
                lines.append(f"| {r['db']} | {mode} | {n} | {w['rss']:.0f} MB | "
                             f"{w['pss']:.0f} MB | {w['uss']:.0f} MB | "
                             f"{w.get('anonymous', 0):.0f} MB | "
                             f"{m['index_on_disk_mb']:.0f} MB | "
                             f"{r['load'][0]} → {r['load'][1]} |")
    kinds = ("anonymous", "sqlite file", "index arrays", "spelling", "word list",
             "other files")
    lines += ["", "PSS by what is mapped (/proc/<pid>/smaps; MB):", "",
              "| catalog | arrays | worker | " + " | ".join(kinds) + " |",
              "|---|---|---:|" + "---:|" * len(kinds)]
    for r in results:
        for mode, m in r["modes"].items():
            for n, w in enumerate(m["workers"], start=1):
                by_kind = w.get("pss_by_kind", {})
                lines.append(f"| {r['db']} | {mode} | {n} | "
                             + " | ".join(f"{by_kind.get(k, 0):.0f}" for k in kinds) + " |")
    for r in results:
        for mode, m in r["modes"].items():
            if not mode.startswith("shared, published first"):
                continue
            uss = max(w["uss"] for w in m["workers"])
            pss = max(w["pss"] for w in m["workers"])
            lines.append(f"\nBudget ≤ 300 MB per worker, {r['db']}, {mode}: "
                         f"USS {'met' if uss <= 300 else 'missed'} ({uss:.0f} MB), PSS "
                         f"{'met' if pss <= 300 else 'missed'} ({pss:.0f} MB; largest worker).")
    for r in results:
        for mode, m in r["modes"].items():
            if m.get("published"):
                lines.append(f"\n`manage.py publish_index` on {r['db']} (mode `{mode}`): "
                             f"{m['published']['seconds']:.1f} s, peak RSS "
                             f"{m['published']['peak_rss_mb']:.0f} MB (a process of its own: the "
                             "build's freed heap leaves with it).")
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    print(json.dumps(section(sys.argv[1]), indent=1))
