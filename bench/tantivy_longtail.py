"""make bench, section "tantivy_longtail": the never-repeated API searches of bench/longtail.py
answered by ours and by tantivy (PyPI `tantivy`, the `bench` extra) in one run, one process.

Same catalog: one tantivy document per offering of our in-memory index (FacetIndex), in index
order (one writer thread, one commit: one segment, so tantivy's doc id is the index position).
Its text fields are the SearchDocument columns (our analyzer's output) with the `whitespace`
tokenizer, as in bench/tantivy_compare.py; its facet fields are unsigned fast + indexed
fields, multi-valued, one value per vocabulary position (topic with its parents, life phase,
target group, funding, format, quality seal) and, from the runs still to come today, the
towns, weekdays and times of day; `free` and `accessible` as 0/1; `price` and `next_date`
(the soonest run; undated last) for sorting.

Same requests: longtail.generate() with its seed, so the first BENCH_TANTIVY_LONGTAIL requests
are the very ones the longtail section's in-process run sends. Per request, tantivy gets the
parsed SearchParams (params.parse, as ours) and answers what our API answers:

- the page (page size and offset of the request) and the count: one
  `searcher.search(query, page_size, offset=…, count=True[, order_by_field=price|next_date])`;
  the query is a BooleanQuery of the compiled text (query.compile_query → tantivy_compare's
  mapping) and one TermSetQuery per active filter (Must), free/accessible as TermQuery;
- facet counts the way ours counts them (each facet with every filter except its own): one
  `searcher.aggregate(query, {facet: {"terms": {"field": facet, "size": n}} …})` — tantivy's
  Elasticsearch-style terms aggregation over the fast fields, all facets in one pass over the
  matching doc set, in Rust — for the facets without an active filter, plus one aggregate
  over the query without that filter for each facet that has one. Nothing is fetched into
  Python per matching document.

What tantivy does NOT do that ours does (so it is the lower bound of an engine swap, not an
equal): spelling correction (≤ 3 matches) and soft AND (< 10 matches), the relevance boosts
(date, title phrase), distance (sort=distance is answered by date), per-run conjunction
(town + weekday must hold for the same run: tantivy's flattened offering fields only check
each on its own), and the JSON body (ours reads the page's rows from the database and writes
JSON; tantivy stops at ids, count and facet counts). The counts that agree are reported.

Timed per request: ours = GET /api/v1/offerings?… through the Django test client (the
longtail section's measure, caches as deployed: no request repeats), ours_engine = engine
.search() on the same params with the per-query caches emptied before each call (strictly
cold: no text stage, broad match or result kept; what the index keeps per day and region, such
as the upcoming runs, stays as after the day's first search), tantivy = the above.

    python bench/tantivy_longtail.py DB.sqlite3 [requests]    # prints one JSON line
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_TANTIVY_LONGTAIL", "1000"))
BIG_DATE = 2**31


def _build(tantivy, index, today, connection):
    """(tantivy index, schema, facet sizes) of every offering in the FacetIndex, in its order."""
    import numpy as np
    from tantivy_compare import FIELDS

    vocab_names = [name for name in index.vocabularies if name != "town"]
    builder = tantivy.SchemaBuilder()
    for field in FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
    facet_fields = [*vocab_names, "town", "weekday", "time_of_day", "free", "accessible"]
    for name in facet_fields:
        builder.add_unsigned_field(name, indexed=True, fast=True)
    builder.add_unsigned_field("price", fast=True)
    builder.add_unsigned_field("next_date", fast=True)
    schema = builder.build()
    sizes = {name: len(index.vocabularies[name].slugs) for name in index.vocabularies}
    sizes.update({"weekday": 7, "time_of_day": 3, "free": 2, "accessible": 2})

    texts = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT offering_id, title, keywords, summary, body, provider "
                       "FROM search_searchdocument")
        for row in cursor:
            texts[row[0]] = row[1:]
    values = {name: [[] for _ in range(index.size)] for name in vocab_names}
    for name in vocab_names:
        if name in index.pairs:
            pairs = index.pairs[name]
            for position, value in zip(pairs.offering.tolist(), pairs.value.tolist(),
                                       strict=True):
                values[name][position].append(value)
        else:
            for position, value in enumerate(index.single_values[name].tolist()):
                if value >= 0:
                    values[name][position].append(value)
    upcoming = index.upcoming_rows(today)
    rows = np.flatnonzero(upcoming)
    towns = [set() for _ in range(index.size)]
    days = [set() for _ in range(index.size)]
    times = [set() for _ in range(index.size)]
    step_free = np.zeros(index.size, dtype=bool)
    next_date = np.full(index.size, BIG_DATE, dtype=np.int64)
    for row in rows.tolist():
        p = int(index.run_offering[row])
        if index.run_town[row] >= 0:
            towns[p].add(int(index.run_town[row]))
        bits = int(index.run_weekdays[row])
        days[p].update(d for d in range(7) if bits & (1 << d))
        if index.run_time[row] >= 0:
            times[p].add(int(index.run_time[row]))
        step_free[p] |= bool(index.run_step_free[row])
        if index.run_start[row] != 0:
            next_date[p] = min(next_date[p], max(int(index.run_start[row]), today.toordinal()))

    directory = tempfile.mkdtemp(prefix="bench-tantivy-lt-")
    tindex = tantivy.Index(schema, path=directory)
    started = time.perf_counter()
    writer = tindex.writer(heap_size=1_000_000_000, num_threads=1)
    empty = ("",) * len(FIELDS)
    for p, offering_id in enumerate(index.offering_ids.tolist()):
        doc = tantivy.Document(**{f: v or "" for f, v in zip(FIELDS, texts.get(offering_id, empty),
                                                              strict=True)})
        for name in vocab_names:
            for v in sorted(set(values[name][p])):
                doc.add_unsigned(name, v)
        for name, found in (("town", towns[p]), ("weekday", days[p]), ("time_of_day", times[p])):
            for v in sorted(found):
                doc.add_unsigned(name, v)
        doc.add_unsigned("free", int(index.is_free[p]))
        doc.add_unsigned("accessible", int(step_free[p]))
        doc.add_unsigned("price", int(min(index.price[p], 2**40)))
        doc.add_unsigned("next_date", int(next_date[p]))
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    tindex.reload()
    return tindex, schema, sizes, facet_fields, directory, time.perf_counter() - started


def child(db_path, count):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsportal.settings")
    os.environ.setdefault("API_RATE_LIMIT", "off")
    import django

    django.setup()
    import shutil
    from datetime import date

    import tantivy
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import longtail
    from tantivy_compare import tantivy_query
    from timing import percentile

    from bildungsportal.catalog.vocabularies import TIME_OF_DAY_CODES, WEEKDAY_CODES
    from bildungsportal.search import analyzer, engine, params
    from bildungsportal.search.backends import SQLiteBackend
    from bildungsportal.search.facet_index import get_index
    from bildungsportal.search.query import compile_query, parse

    queries = longtail.generate(*longtail.vocabulary(db_path), count)
    client = Client()
    client.get("/api/v1/offerings?q=warmup")  # builds the in-memory index, as longtail does
    index = get_index()
    today = date.today()
    tindex, schema, sizes, facet_fields, directory, build_seconds = _build(
        tantivy, index, today, connection)
    searcher = tindex.searcher()
    vocab = analyzer.catalog_vocabulary()
    weights = SQLiteBackend.WEIGHTS
    Occur, Q = tantivy.Occur, tantivy.Query
    allowed = engine.allowed_values(index)

    def tantivy_answer(querystring):
        p = params.parse(QueryDict(querystring), allowed, empty_range_ok=True).params
        text = []
        if p.q:
            terms = analyzer.parse_query(p.q)
            if terms:
                required, excluded = compile_query(parse(p.q), vocab)
                text = [(Occur.Must, tantivy_query(tantivy, schema, n, weights))
                        for n in required]
                text += [(Occur.MustNot, tantivy_query(tantivy, schema, n, weights))
                         for n in excluded]
        filters = {}
        for name in facet_fields:
            if name in ("free", "accessible"):
                if getattr(p, name):
                    filters[name] = Q.term_query(schema, name, 1)
                continue
            selected = getattr(p, name, ())
            if not selected:
                continue
            if name == "weekday":
                wanted = [WEEKDAY_CODES.index(s) for s in selected]
            elif name == "time_of_day":
                wanted = [TIME_OF_DAY_CODES.index(s) for s in selected]
            else:
                wanted = [index.vocabularies[name].position[s] for s in selected]
            filters[name] = Q.term_set_query(schema, name, wanted)

        def query(without=None):
            clauses = [*text, *((Occur.Must, q) for n, q in filters.items() if n != without)]
            if not any(occur == Occur.Must for occur, _ in clauses):
                clauses.append((Occur.Must, Q.all_query()))
            return Q.boolean_query(clauses)

        full = query()
        sort = p.sort if p.q or p.sort != "relevance" else "date"
        options = {}
        if sort in ("date", "distance"):
            options = {"order_by_field": "next_date", "order": tantivy.Order.Asc}
        elif sort == "price":
            options = {"order_by_field": "price", "order": tantivy.Order.Asc}
        found = searcher.search(full, p.page_size, count=True, offset=p.offset, **options)
        page = [address.doc for _, address in found.hits]

        def aggs(names):
            return {n: {"terms": {"field": n, "size": sizes[n] + 1}} for n in names}

        counts = searcher.aggregate(full, aggs([n for n in facet_fields if n not in filters]))
        for name in filters:
            counts.update(searcher.aggregate(query(without=name), aggs([name])))
        return found.count, page, counts

    rows = []
    for querystring in queries:
        t = time.perf_counter()
        response = client.get("/api/v1/offerings?" + querystring)
        ours = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, (querystring, response.content[:200])
        t = time.perf_counter()
        t_count, _, _ = tantivy_answer(querystring)
        theirs = (time.perf_counter() - t) * 1000
        rows.append({"ours": ours, "tantivy": theirs, "same_count":
                     json.loads(response.content)["count"] == t_count})
    # Ours without the API body, strictly cold (second pass over the same requests).
    for row, querystring in zip(rows, queries, strict=True):
        p = params.parse(QueryDict(querystring), allowed, empty_range_ok=True).params
        index.forget_queries()
        t = time.perf_counter()
        engine.search(p, index=index)
        row["ours_engine"] = (time.perf_counter() - t) * 1000
    shutil.rmtree(directory, ignore_errors=True)
    summary = {}
    for name in ("ours", "ours_engine", "tantivy"):
        values = [r[name] for r in rows]
        summary[name] = {"p50": percentile(values, 50), "p95": percentile(values, 95),
                         "mean": sum(values) / len(values)}
    print(json.dumps({
        "requests": len(rows), "docs": index.size, "build_seconds": build_seconds,
        "segments": searcher.num_segments, "tantivy": tantivy.__version__,
        "same_count": sum(r["same_count"] for r in rows), "summary": summary,
        "examples": queries[:6],
    }))


def section(db_path):
    from timing import loadavg

    try:
        import tantivy  # noqa: F401
    except ImportError:
        return {"skipped": "tantivy not installed: .venv/bin/pip install -e '.[bench]'"}
    before = loadavg()
    out = subprocess.run([sys.executable, __file__, str(db_path), str(REQUESTS)], check=True,
                         cwd=ROOT, env={**os.environ, "HTTPS": "0", "PYTHONPATH": str(ROOT)},
                         capture_output=True,
                         text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["load"] = (before, loadavg())
    return result


def render(r, stamp):
    title = "## Never-repeated searches beside tantivy (page + count + facet counts)"
    if "summary" not in r:
        return [title, "", f"Skipped: {r.get('skipped')}"]
    s = r["summary"]

    def ratio(name, key):
        return s[name][key] / s["tantivy"][key] if s["tantivy"][key] else float("nan")

    return [
        title, "",
        f"{stamp}, `BENCH_SECTIONS=tantivy_longtail make bench` (bench/tantivy_longtail.py, "
        f"{r['tantivy']}). The first {r['requests']:,} requests of the longtail "
        f"section (same seed, none repeated), {r['docs']:,} offerings of the 100,000 SQLite "
        "catalog, one process, one client, alternating ours and tantivy per request. Tantivy "
        "answers page, count and facet counts: one `search(query, page_size, offset, "
        "count=True, order_by_field=…)` and one `aggregate()` with a terms aggregation per "
        "facet over its fast fields (plus one `aggregate()` without its own filter for each "
        "facet that has a filter, as ours counts); no spelling correction, soft AND, boosts, "
        "distance or JSON body (see the module's docstring). Counts equal to ours in "
        f"{r['same_count']:,} of {r['requests']:,} requests. Tantivy index build "
        f"{r['build_seconds']:.1f} s, {r['segments']} segment. Load {r['load'][0]} → "
        f"{r['load'][1]}.",
        "",
        "| | p50 | p95 | mean | ÷ tantivy p50 | ÷ tantivy p95 |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| {label} | {s[name]['p50']:.1f} ms | {s[name]['p95']:.1f} ms | "
          f"{s[name]['mean']:.1f} ms | {ratio(name, 'p50'):.1f} | {ratio(name, 'p95'):.1f} |"
          for name, label in (("ours", "ours: GET /api/v1/offerings (whole Django stack)"),
                              ("ours_engine", "ours: engine.search(), per-query caches emptied"),
                              ("tantivy", "tantivy: page + count + facets"))),
        "",
        f"Target ours ÷ tantivy ≤ 2 (p95, API): "
        f"{'met' if ratio('ours', 'p95') <= 2 else 'missed'} ({ratio('ours', 'p95'):.1f}).",
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    child(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else REQUESTS)
