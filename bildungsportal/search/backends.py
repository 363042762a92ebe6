"""Full-text matching in the database. Each backend stores and matches the analyzer's output.

A backend answers one question: which offerings match these terms (every term as a prefix),
and how well. Filters, facets and sorting happen in memory on top of that (engine.py).
"""

from django.db import connection

MAX_TERMS = 16


class SQLiteBackend:
    """FTS5 with bm25 and per-column weights."""

    # title, keywords, summary, body, provider
    WEIGHTS = (10.0, 4.0, 2.0, 1.0, 0.5)

    def match(self, terms):
        expression = " ".join(f'"{term}"*' for term in terms[:MAX_TERMS])
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25(search_fts, {weights}) FROM search_fts "
                "WHERE search_fts MATCH %s",
                [expression],
            )
            return cursor.fetchall()


class PostgresBackend:
    """A weighted tsvector (title A, keywords B, summary C, body D) with a GIN index."""

    # ts_rank weights in the order D, C, B, A
    WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"

    def match(self, terms):
        expression = " & ".join(f"{term}:*" for term in terms[:MAX_TERMS])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT offering_id, ts_rank(%s, document, query) "
                "FROM search_searchdocument, to_tsquery('simple', %s) query "
                "WHERE document @@ query",
                [self.WEIGHTS, expression],
            )
            return cursor.fetchall()


def get_backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
