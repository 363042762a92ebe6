"""Where the time of one API search goes: cProfile over the bench query mix, in-process.

    DATABASE_URL=sqlite:///var/bench/demo-100000.sqlite3 HTTPS=0 \\
        .venv/bin/python bench/profile_search.py [rounds] [query …]
    .venv/bin/python bench/profile_search.py --postgres [rounds] [query …]   # var/bench/pg-1m
    DATABASE_URL=sqlite:///var/bench/demo-100000.sqlite3 HTTPS=0 \
        .venv/bin/python bench/profile_search.py --longtail 1000   # never-repeated requests

Prints the cumulative time of the stages of engine.search and the API view (the numbers behind
the gap analysis in docs/benchmarks-notes.md), then cProfile's top functions. With --postgres
it also prints EXPLAIN ANALYZE of the full-text query of every q= query.
"""

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

STAGES = ("pages/api.py", "search/engine.py", "search/backends.py", "search/facet_index.py",
          "search/indexing.py")


def main(argv):
    postgres_mode = "--postgres" in argv
    longtail = "--longtail" in argv
    argv = [a for a in argv if a not in ("--postgres", "--longtail")]
    rounds = int(argv[0]) if argv and argv[0].isdigit() else 5
    queries = [a for a in argv if not a.isdigit()]
    warmup = None
    if longtail:  # `rounds` never-repeated requests (bench/longtail.py), profiled once each
        import longtail as generator

        database = os.environ["DATABASE_URL"].removeprefix("sqlite:///")
        drawn = generator.generate(*generator.vocabulary(database), rounds + 50)
        warmup, queries, rounds = drawn[:50], drawn[50:], 1
    if postgres_mode:
        import postgres

        server = postgres.BenchPostgres().start()
        os.environ["DATABASE_URL"] = server.database_url
    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsportal.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from run import QUERIES

    queries = queries or QUERIES
    client = Client()
    for q in warmup or queries:  # warm-up: in-memory index, spelling dictionary, caches
        client.get("/api/v1/offerings?" + q)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(rounds):
        for q in queries:
            client.get("/api/v1/offerings?" + q)
    profile.disable()
    stats = pstats.Stats(profile)
    total = max(v[3] for k, v in stats.stats.items() if k[2] == "get" and "test/client" in k[0])
    print(f"{rounds} × {len(queries)} requests, {total:.2f} s in the test client's get()")
    print("\nProject functions by cumulative time (share of all requests):")
    rows = [(v[3], k) for k, v in stats.stats.items() if any(s in k[0] for s in STAGES)]
    for cumulative, (filename, line, name) in sorted(rows, reverse=True)[:25]:
        short = "/".join(Path(filename).parts[-2:])
        print(f"  {cumulative / total:6.1%}  {cumulative * 1000 / rounds / len(queries):7.1f} ms"
              f"/request  {short}:{line} {name}")
    print()
    stats.sort_stats("tottime").print_stats(20)
    if postgres_mode and connection.vendor == "postgresql":
        from bildungsportal.search import analyzer
        from bildungsportal.search.backends import PostgresBackend
        from bildungsportal.search.query import compile_query, parse

        backend = PostgresBackend()
        vocab = analyzer.catalog_vocabulary()
        for q in queries:
            if not q.startswith("q="):
                continue
            text = q[2:].split("&")[0].replace("+", " ")
            required, excluded = compile_query(parse(text), vocab)
            tsquery = " & ".join([backend.render(n) for n in required]
                                 + [f"!{backend.render(n)}" for n in excluded])
            with connection.cursor() as cursor:
                cursor.execute(
                    "EXPLAIN (ANALYZE, BUFFERS) SELECT offering_id, ts_rank(%s, document, query) "
                    "FROM search_searchdocument, to_tsquery('simple', %s) query "
                    "WHERE document @@ query", [backend.WEIGHTS, tsquery])
                print(f"\nEXPLAIN ANALYZE for {text!r} → {tsquery}")
                for (line,) in cursor.fetchall():
                    print("  " + line)


if __name__ == "__main__":
    main(sys.argv[1:])
