"""Full-text matching in the database. Each backend stores and matches the analyzer's output.

A backend answers one question: which offerings match this parsed query (query.py), and how
well. Each word is matched as a prefix of its stem, OR its synonyms and compound parts; words
are ANDed, phrases match adjacent terms, exclusions are removed. Filters, facets and sorting
happen in memory on top of that (engine.py).
"""

import math
import time
from contextlib import contextmanager
from itertools import chain

import numpy as np
from django.db import transaction

# Raw SQL reads: on the replica the request was routed to (the primary without replicas).
from bildungsportal.core.db_router import current_read_alias
from bildungsportal.core.db_router import read_connection as connection

from . import analyzer, postings
from .query import compile_query


def _arrays(rows):
    """(ids, scores) as numpy arrays from (id, score) rows."""
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    ids, scores = zip(*rows, strict=True)
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)


def _ids(cursor):
    """The first column of a cursor's rows as an array of ids."""
    rows = cursor.fetchall()
    return np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows))


def _joined_ids(cursor, sql, params):
    """The ids of a SQLite query that selects group_concat(id), ascending: joined by SQLite
    into one text value that numpy parses, since a Python tuple per row cost five times the
    match itself for a broad word (58,000 ids: 20 ms fetched row by row, 4 ms joined)."""
    cursor.execute(sql, params)
    text = cursor.fetchone()[0]
    if not text:
        return np.zeros(0, dtype=np.int64)
    ids = np.fromstring(text, dtype=np.int64, sep=",")
    if ids.size > 1 and not (ids[1:] > ids[:-1]).all():  # the order of rows is the table's
        ids.sort()
    return ids


# Each matching row as 16 bytes (big-endian id and score), aggregated by the server into one
# bytea: one value to transfer and one numpy view to read, instead of a Python object per row.
_PAIR = np.dtype([("id", ">i8"), ("score", ">f8")])


@contextmanager
def _through_indexes():
    """Keep the planner off the sequential scan for the full-text reads inside.

    It counts checking a tsvector as cheap. For a broad word it read the whole table instead
    of the rows the GIN index names, and each check unpacks a vector: 1.5 to 3 times as long.
    With a LIMIT it expects to find enough matches early and reads the whole table when
    there are fewer (a compound matching 2,762 of 1,000,000: 890 ms against 58 ms through
    the index; docs/search.md, "PostgreSQL at 1,000,000")."""
    with transaction.atomic(using=current_read_alias()), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        # The setting ends with the transaction, or here when nested in an outer one.
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def _packed_pairs(sql, params):
    """(ids, scores) of a two-column (int8, float8) query, transferred as one packed value."""
    packed = (
        "SELECT string_agg(int8send(pair.id) || float8send(pair.score), ''::bytea) "
        f"FROM ({sql}) AS pair (id, score)"
    )
    with connection.cursor() as cursor:
        cursor.execute(packed, params)
        data = cursor.fetchone()[0]
    if not data:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    rows = np.frombuffer(data, dtype=_PAIR)
    return rows["id"].astype(np.int64), rows["score"].astype(np.float64)


def _packed_ids(sql, params):
    """The ids of a one-column int8 query, transferred as one packed value."""
    return _packed_id_lists(
        f"SELECT string_agg(int8send(row.id), ''::bytea) FROM ({sql}) AS row (id)", params
    )[0]


def _packed_id_lists(sql, params):
    """The id arrays of a query whose one row holds string_agg(int8send(id), '') values,
    read through the indexes (the broad path's full-text matches)."""
    with _through_indexes(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return [np.frombuffer(data, dtype=">i8").astype(np.int64) if data
            else np.zeros(0, dtype=np.int64) for data in row]


def _positional(node):
    """Whether a compiled node needs word positions (a phrase of several words)."""
    if node[0] == "phrase":
        return len(node[1]) > 1
    return node[0] != "term" and any(_positional(n) for n in node[1])


def _nodes(parsed, vocabulary):
    if vocabulary is None:
        vocabulary = analyzer.catalog_vocabulary()
    return compile_query(parsed, vocabulary)


class SQLiteBackend:
    """FTS5 with bm25 and per-column weights."""

    # title, keywords, summary, body, provider
    WEIGHTS = (10.0, 4.0, 2.0, 1.0, 0.5)
    # bm25 costs about 1 µs per matching document; above this many matches a coarser score
    # (title match or not) ranks them, and the date order breaks the ties.
    BM25_LIMIT = 5000

    def render(self, node):
        kind = node[0]
        if kind == "term":
            return f'"{node[1]}"' + ("*" if node[2] else "")
        if kind == "phrase":
            return '"' + " ".join(node[1]) + '"'
        joiner = " AND " if kind == "all" else " OR "
        return "(" + joiner.join(self.render(n) for n in node[1]) + ")"

    def match(self, parsed, vocabulary=None):
        """(offering ids, scores) of the matching documents, as numpy arrays."""
        return self.match_compiled(*_nodes(parsed, vocabulary))

    def match_compiled(self, required, excluded, broad=False):
        """match() for a query already compiled to term nodes (query.compile_query).

        broad: the query is known to match more than BM25_LIMIT documents (from the
        dictionary's counts, FacetIndex.match), so the bm25 pass is skipped. The answer is
        the same either way: should it match fewer after all, it is ranked by bm25.
        """
        if not required and not excluded:
            return _arrays([])
        excluding = " OR ".join(self.render(n) for n in excluded)
        with connection.cursor() as cursor:
            if not required:
                # FTS5 has no unary NOT: every document but the matches.
                ids = _joined_ids(
                    cursor,
                    "SELECT group_concat(offering_id) FROM search_searchdocument WHERE "
                    "offering_id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                    [excluding],
                )
                return ids, np.zeros(ids.size, dtype=np.float64)
            expression = " AND ".join(self.render(n) for n in required)
            if excluded:
                expression = f"({expression}) NOT ({excluding})"
            # One pass for the usual few matches: bm25 stops after BM25_LIMIT + 1 rows, and
            # only a broad query (its match then kept per index version) is asked again.
            if not broad:
                rows = self._ranked(cursor, expression)
                if len(rows) <= self.BM25_LIMIT:
                    return _arrays(rows)
            ids = _joined_ids(
                cursor,
                "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s",
                [expression],
            )
            if ids.size <= self.BM25_LIMIT:  # fewer than the counts said: rank them
                return _arrays(self._ranked(cursor, expression))
            # Broad: ranked title match (2) or not (1), ties by date. Matches in the title
            # are a subset of the matches (but for exclusions, which isin drops).
            in_title = " AND ".join(self.render(n) for n in required)
            title_ids = _joined_ids(
                cursor,
                "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s",
                [f"{{title}} : ({in_title})"],
            )
            return ids, np.where(np.isin(ids, title_ids), 2.0, 1.0)

    def _ranked(self, cursor, expression):
        """(id, bm25 score) rows of the first BM25_LIMIT + 1 matches."""
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        cursor.execute(
            f"SELECT rowid, -bm25(search_fts, {weights}) FROM search_fts "
            f"WHERE search_fts MATCH %s LIMIT {self.BM25_LIMIT + 1}",
            [expression],
        )
        return cursor.fetchall()


    def title_phrase(self, stems):
        """Ids of the documents whose title holds these stems side by side."""
        with connection.cursor() as cursor:
            return _joined_ids(
                cursor,
                "SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s",
                ['{title} : "' + " ".join(stems) + '"'],
            )


class PostgresBackend:
    """A weighted tsvector (title A, keywords B, summary C, body D) with a GIN index.

    Ranking is BM25-style: each query word's ts_rank (field weights, normalised by the
    document's length) is weighted by the word's inverse document frequency, read from the
    statistics ANALYZE keeps for the tsvector column (pg_stats.most_common_elems).
    """

    # ts_rank weights in the order D, C, B, A
    WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
    # ts_rank reads and unpacks every matching row's tsvector (≈ 1 s for 250,000 matches at
    # 1,000,000 offerings); above this many matches the title decides, as on SQLite.
    BM25_LIMIT = SQLiteBackend.BM25_LIMIT
    # ts_rank normalisation 1: divide by 1 + log(document length), like BM25's length term.
    NORMALIZATION = 1
    STATISTICS_SECONDS = 300

    def render(self, node):
        kind = node[0]
        if kind == "term":
            return f"'{node[1]}'" + (":*" if node[2] else "")
        if kind == "phrase":
            return "(" + " <-> ".join(f"'{s}'" for s in node[1]) + ")"
        joiner = " & " if kind == "all" else " | "
        return "(" + joiner.join(self.render(n) for n in node[1]) + ")"

    def match(self, parsed, vocabulary=None):
        """(offering ids, scores) of the matching documents, as numpy arrays."""
        return self.match_compiled(*_nodes(parsed, vocabulary))

    def match_compiled(self, required, excluded, broad=False):
        """match() for a query already compiled to term nodes (query.compile_query); broad
        as for SQLiteBackend.match_compiled."""
        if not required and not excluded:
            return _arrays([])
        parts = [self.render(n) for n in required]
        parts += [f"!{self.render(n)}" for n in excluded]
        if required:
            frequencies, rare = lexeme_frequencies()
            rank = " + ".join(
                f"%s * ts_rank(%s, document, to_tsquery('simple', %s), {self.NORMALIZATION})"
                for _ in required
            )
            rank_params = []
            for node in required:
                rank_params += [_idf(node, frequencies, rare), self.WEIGHTS, self.render(node)]
        else:
            rank, rank_params = "0", []
        # Packed into one value for numpy: a broad word matches hundreds of thousands of
        # offerings at national scale, and row-by-row transfer and parsing cost more than the
        # match itself (docs/benchmarks-notes.md).
        expression = " & ".join(parts)
        if not required:
            return _packed_pairs(
                "SELECT offering_id::int8, 0::float8 FROM search_searchdocument "
                "WHERE document @@ to_tsquery('simple', %s)",
                [expression],
            )
        # The usual few matches ranked in one pass: the scan stops after BM25_LIMIT + 1 rows,
        # so ts_rank runs at most that often; only a broad query is asked again.
        def ranked():
            with _through_indexes():
                return _packed_pairs(
                    f"SELECT offering_id::int8, ({rank})::float8 "
                    "FROM search_searchdocument WHERE document @@ to_tsquery('simple', %s) "
                    f"LIMIT {self.BM25_LIMIT + 1}",
                    [*rank_params, expression],
                )

        if not broad:
            ids, scores = ranked()
            if len(ids) <= self.BM25_LIMIT:
                return ids, scores
        # Broad: every match, ranked title match (2) or not (1), ties by date.
        in_title = " & ".join(self.render(n) for n in required)
        scores = None
        if any(_positional(n) for n in chain(required, excluded)):
            ids = _packed_ids(
                "SELECT offering_id::int8 FROM search_searchdocument "
                "WHERE document @@ to_tsquery('simple', %s)",
                [expression],
            )
            title_ids = None
        else:
            # Without a phrase the postings of the words answer (migration search 0009), and
            # when they can't, the narrow copy of the lexemes (0008), reading less than half
            # the pages of the documents and checking the title in the same pass.
            found = postings.match(required, excluded, expression, in_title)
            if found is not None:
                ids, scores = found
            else:
                ids, title_ids = _packed_id_lists(
                    "SELECT string_agg(int8send(offering_id), ''::bytea), "
                    "string_agg(int8send(offering_id), ''::bytea) "
                    "FILTER (WHERE title_lexemes @@ to_tsquery('simple', %s)) "
                    "FROM search_lexemes WHERE lexemes @@ to_tsquery('simple', %s)",
                    [in_title, expression],
                )
        if len(ids) <= self.BM25_LIMIT:  # fewer than the counts said: rank them
            return ranked()
        if scores is not None:
            return ids, scores
        if title_ids is None:
            title_ids = _packed_ids(
                "SELECT offering_id::int8 FROM search_searchdocument "
                "WHERE title_document @@ to_tsquery('simple', %s)",
                [in_title],
            )
        return ids, np.where(np.isin(ids, title_ids), 2.0, 1.0)

    def title_phrase(self, stems):
        """Ids of the documents whose title (weight A) holds these stems side by side."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT offering_id FROM search_searchdocument "
                "WHERE document @@ to_tsquery('simple', %s)",
                [" <-> ".join(f"'{stem}':A" for stem in stems)],
            )
            return _ids(cursor)


_statistics = {"read_at": -1e9, "frequencies": {}, "rare": 0.001}


def lexeme_frequencies():
    """(lexeme → share of documents, share assumed for any other lexeme) from pg_stats.

    ANALYZE samples the tsvector column and keeps its most common lexemes with their
    frequencies; a lexeme not among them is rarer than the rarest listed. Read at most every
    STATISTICS_SECONDS per process. Without statistics every word weighs the same.
    """
    now = time.monotonic()
    if now - _statistics["read_at"] > PostgresBackend.STATISTICS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'search_searchdocument' AND attname = 'document'"
            )
            row = cursor.fetchone()
        frequencies, rare = {}, 0.001
        if row and row[0] and row[1]:
            # The frequencies list ends with the minimum, the maximum and the null share.
            frequencies = dict(zip(row[0], row[1], strict=False))
            rare = max(min(row[1][:-3] or [0.002]) / 2, 1e-6)
        _statistics.update(read_at=now, frequencies=frequencies, rare=rare)
    return _statistics["frequencies"], _statistics["rare"]


def _share(node, frequencies, rare):
    """The estimated share of documents a query node matches."""
    kind = node[0]
    if kind == "term":
        if not node[2]:
            return frequencies.get(node[1], rare)
        found = sum(f for lexeme, f in frequencies.items() if lexeme.startswith(node[1]))
        return min(1.0, found) or rare
    if kind == "phrase":
        return min(frequencies.get(stem, rare) for stem in node[1])
    shares = [_share(n, frequencies, rare) for n in node[1]]
    return min(1.0, sum(shares)) if kind == "any" else min(shares)


def _idf(node, frequencies, rare):
    """BM25's inverse document frequency, ln(1 + (1 - p + 0.5/N) / (p + 0.5/N)), for N → ∞."""
    share = min(max(_share(node, frequencies, rare), 1e-6), 1.0)
    return math.log(1 + (1 - share) / share) + 0.01


def get_backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
