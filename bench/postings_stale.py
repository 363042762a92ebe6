"""What the postings of the full-text index cost as offerings go stale, and what they cost a write
(PostgreSQL, search/postings.py; docs/search.md, "PostgreSQL at 1,000,000", fifth round).

Run by hand against the kept bench server (bench/postgres.py start), nothing is changed:
every measurement is in a transaction that is rolled back.

    DATABASE_URL=postgres://postgres@%2F…%2Fvar%2Fbench%2Fpg-1m/postgres \\
        .venv/bin/python bench/postings_stale.py

1. A broad search with 0, 1,000, 10,000 and 50,000 random offerings marked stale: postings.match
   for four queries, median of five each.
2. Re-indexing 1,000 offerings (indexing.index_offerings) with the stale-list triggers of
   migration search 0009 and with them disabled, alternating, five runs each.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsportal.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from bildungsportal.search import analyzer, backends, postings  # noqa: E402
from bildungsportal.search.indexing import index_offerings  # noqa: E402
from bildungsportal.search.models import SearchDocument  # noqa: E402
from bildungsportal.search.query import compile_query  # noqa: E402

TEXTS = ["kurs", "yoga", "deutsch kurs", "bewerbung"]
STALE = (0, 1_000, 10_000, 50_000)
TRIGGERS = ("insert", "delete", "update")


class RolledBack(Exception):
    pass


def rolled_back(work):
    """Run work() in a transaction that is always rolled back; return its result."""
    result = None
    try:
        with transaction.atomic():
            result = work()
            raise RolledBack
    except RolledBack:
        return result


def median_ms(work, runs=5):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def stale_cost():
    backend = backends.get_backend()
    vocabulary = analyzer.catalog_vocabulary()
    compiled = []
    for text in TEXTS:
        required, excluded = compile_query(analyzer.parse_query(text), vocabulary)
        expression = " & ".join([backend.render(n) for n in required]
                                + [f"!{backend.render(n)}" for n in excluded])
        in_title = " & ".join(backend.render(n) for n in required)
        compiled.append((text, (required, excluded, expression, in_title)))

    for rows in STALE:
        def measure(rows=rows):
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_postings_stale SELECT offering_id "
                               "FROM search_lexemes ORDER BY random() LIMIT %s", [rows])
                cursor.execute("ANALYZE search_postings_stale")
            return [(text, median_ms(lambda args=args: postings.match(*args)))
                    for text, args in compiled]

        figures = rolled_back(measure)
        print(f"{rows:>6} stale rows: " + "; ".join(f"{t} {ms:.1f} ms" for t, ms in figures))


def write_cost():
    ids = list(SearchDocument.objects.order_by("offering_id")
               .values_list("offering_id", flat=True)[200_000:201_000])
    times = {"with the triggers": [], "triggers disabled": []}
    for run in range(10):
        mode = "with the triggers" if run % 2 == 0 else "triggers disabled"

        def measure(mode=mode):
            if mode == "triggers disabled":
                with connection.cursor() as cursor:
                    for name in TRIGGERS:
                        cursor.execute(
                            f"ALTER TABLE search_lexemes DISABLE TRIGGER search_postings_{name}")
            started = time.perf_counter()
            index_offerings(ids)
            return (time.perf_counter() - started) * 1000

        times[mode].append(rolled_back(measure))
    for mode, values in times.items():
        print(f"re-index {len(ids)} offerings, {mode}: "
              f"{[round(v) for v in values]} ms, median {statistics.median(values):.0f} ms")


if __name__ == "__main__":
    stale_cost()
    write_cost()
