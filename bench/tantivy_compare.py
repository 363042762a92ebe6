"""Tantivy section of `make bench`: text matching side by side with tantivy (PyPI `tantivy`,
the `bench` extra of pyproject.toml, never a runtime dependency).

Same corpus, same terms: the SearchDocument columns (title, keywords, summary, body, provider)
of the 100,000-offering SQLite bench catalog already hold our analyzer's output (folded,
stemmed, compound parts appended), so tantivy indexes them with its `whitespace` tokenizer
(split on whitespace, nothing else) and holds exactly our terms.

Same queries: each search box string goes through our parser and compile_query (query.py)
once; the compiled node tree is rendered as FTS5 MATCH for ours and as a tantivy query:

    ("term", t, prefix)  → per field TermQuery(t), or RegexQuery("t.*") when prefix, OR'ed
                           over the five fields, each boosted by our column weight
    ("phrase", stems)    → PhraseQuery per field, OR'ed over the fields
    ("all", nodes)       → BooleanQuery, all Must;  ("any", nodes) → all Should
    excluded nodes       → MustNot

Timed per query (after one warm-up call): ours = SQLiteBackend().match() (all matching ids and
scores as numpy arrays; bm25 up to 5,000 matches, a title/not-title score above); tantivy =
(a) top 10 + count, what a search engine normally answers, and (b) every match with its
score and offering id (the same output as ours). For context also our full API search
(GET /api/v1/offerings?q=…, with facets) through the Django test client.

    python bench/tantivy_compare.py DB.sqlite3    # prints one JSON line
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("title", "keywords", "summary", "body", "provider")
TEXT_QUERIES = [
    "englisch",
    "kurs",
    "yoga anf",
    "fuehrerschein",
    "excel",
    "deutsch",
    "computer",
    "englisch anfänger",
    "spanisch ODER italienisch",
    '"erste hilfe"',
    "yoga -kinder",
    "sprachkurs",
    "kochen",
    "pilates",
    "bew",
]
REPEAT = int(os.environ.get("BENCH_TANTIVY_REPEAT", "20"))


def tantivy_query(tantivy, schema, node, weights):
    kind = node[0]
    Occur = tantivy.Occur
    if kind == "term":
        term, prefix = node[1], node[2]
        per_field = []
        for field, weight in zip(FIELDS, weights, strict=True):
            if prefix:
                # terms are [a-z0-9]+ (analyzer output); escape anyway
                q = tantivy.Query.regex_query(schema, field, _regex_escape(term) + ".*")
            else:
                q = tantivy.Query.term_query(schema, field, term)
            per_field.append((Occur.Should, tantivy.Query.boost_query(q, weight)))
        return tantivy.Query.boolean_query(per_field)
    if kind == "phrase":
        stems = list(node[1])
        return tantivy.Query.boolean_query([
            (Occur.Should, tantivy.Query.boost_query(
                tantivy.Query.phrase_query(schema, field, stems), weight))
            for field, weight in zip(FIELDS, weights, strict=True)
        ])
    occur = Occur.Must if kind == "all" else Occur.Should
    return tantivy.Query.boolean_query(
        [(occur, tantivy_query(tantivy, schema, n, weights)) for n in node[1]]
    )


def _regex_escape(term):
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in term)


def child(db_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsportal.settings")
    import django

    django.setup()
    import tempfile

    import numpy as np
    import tantivy
    from django.db import connection
    from django.test import Client

    from bildungsportal.search import analyzer
    from bildungsportal.search.backends import SQLiteBackend
    from bildungsportal.search.query import compile_query, parse

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from timing import percentile

    weights = SQLiteBackend.WEIGHTS
    builder = tantivy.SchemaBuilder()
    for field in FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
    builder.add_integer_field("id", indexed=False, fast=True)
    schema = builder.build()
    index_dir = tempfile.mkdtemp(prefix="bench-tantivy-")
    index = tantivy.Index(schema, path=index_dir)

    started = time.perf_counter()
    writer = index.writer(heap_size=1_000_000_000, num_threads=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT offering_id, title, keywords, summary, body, provider "
                       "FROM search_searchdocument ORDER BY offering_id")
        n_docs = 0
        for row in cursor:
            doc = {field: value or "" for field, value in zip(FIELDS, row[1:], strict=True)}
            doc["id"] = row[0]
            writer.add_document(tantivy.Document(**doc))
            n_docs += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    build_seconds = time.perf_counter() - started
    searcher = index.searcher()
    # one writer thread, one commit: one segment in offering-id order, so a hit's segment-local
    # doc id maps to its offering id through this array (no per-hit document fetch)
    id_of_doc = np.array(
        [row[0] for row in connection.cursor().execute(
            "SELECT offering_id FROM search_searchdocument ORDER BY offering_id")],
        dtype=np.int64,
    )

    vocab = analyzer.catalog_vocabulary()
    ours = SQLiteBackend()
    client = Client()
    client.get("/api/v1/offerings")  # in-memory index
    rows = []
    for text in TEXT_QUERIES:
        parsed = parse(text)
        required, excluded = compile_query(parsed, vocab)
        clauses = [(tantivy.Occur.Must, tantivy_query(tantivy, schema, n, weights))
                   for n in required]
        clauses += [(tantivy.Occur.MustNot, tantivy_query(tantivy, schema, n, weights))
                    for n in excluded]
        if not required:
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        tq = tantivy.Query.boolean_query(clauses)

        def run_ours(parsed=parsed):
            ids, scores = ours.match(parsed, vocab)
            return ids

        def run_top10(tq=tq):
            return searcher.search(tq, 10, count=True).count

        def run_all(tq=tq):
            hits = searcher.search(tq, n_docs, count=False).hits
            return id_of_doc[[address.doc for _, address in hits]]

        def run_api(text=text):
            response = client.get("/api/v1/offerings", {"q": text})
            assert response.status_code == 200
            return response

        ours_ids = run_ours()
        tantivy_ids = run_all()
        top10_count = run_top10()
        timings = {"ours": [], "tantivy_top10": [], "tantivy_all": [], "ours_api": []}
        for _ in range(REPEAT):
            for name, fn in (("ours", run_ours), ("tantivy_top10", run_top10),
                             ("tantivy_all", run_all), ("ours_api", run_api)):
                t = time.perf_counter()
                fn()
                timings[name].append((time.perf_counter() - t) * 1000)
        rows.append({
            "query": text,
            "matches_ours": int(ours_ids.size),
            "matches_tantivy": int(top10_count),
            "same_ids": bool(np.array_equal(np.sort(ours_ids), np.sort(tantivy_ids))),
            "timings": timings,
        })
    summary = {
        name: {"p50": percentile([v for r in rows for v in r["timings"][name]], 50),
               "p95": percentile([v for r in rows for v in r["timings"][name]], 95)}
        for name in ("ours", "tantivy_top10", "tantivy_all", "ours_api")
    }
    for r in rows:
        r["p95"] = {name: percentile(vs, 95) for name, vs in r.pop("timings").items()}
    import shutil

    shutil.rmtree(index_dir, ignore_errors=True)
    print(json.dumps({"docs": n_docs, "build_seconds": build_seconds,
                      "segments": searcher.num_segments, "tantivy": tantivy.__version__
                      if hasattr(tantivy, "__version__") else "?",
                      "repeat": REPEAT, "rows": rows, "summary": summary}))


def section(db_path):
    from timing import loadavg

    try:
        import tantivy  # noqa: F401
    except ImportError:
        return {"skipped": "tantivy not installed: .venv/bin/pip install -e '.[bench]'"}
    load_before = loadavg()
    out = subprocess.run([sys.executable, __file__, str(db_path)], check=True, cwd=ROOT,
                         env={**os.environ, "HTTPS": "0"}, capture_output=True,
                         text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["load"] = (load_before, loadavg())
    return result


if __name__ == "__main__":
    child(sys.argv[1])
