"""PostgreSQL: a broad word answered from the postings of its lexemes (migration search 0009).

search_postings holds, per lexeme, the ids of the offerings that have it (field 0: anywhere
in the document, field 1: in the title), as a snapshot of search_lexemes. Offerings written
since are listed in search_postings_stale (by triggers) and read from search_lexemes. One
statement reads both, so a search sees one consistent state: the postings minus the stale
offerings, plus the stale offerings that match now.

A compaction rewrites the postings from search_lexemes and deletes the stale rows in the
same statement, so both follow one snapshot: a write committed meanwhile keeps its stale
row. It runs in rebuild_index, in publish_index (after a deploy) and as a task enqueued after
the commit of a write that leaves COMPACT_AT stale rows or more (indexing.log_changes).
"""

import numpy as np
from django.db import connection, transaction

# Raw SQL reads: on the replica the request was routed to (the primary without replicas).
from bildungsportal.core.db_router import read_connection

# Each stale row costs a broad search ≈ 4.5 µs (its offering is looked up and checked), and
# a compaction ≈ 12 s of the database at 1,000,000 offerings. Stale rows at which a write's
# commit compacts (an edit leaves two: the document's delete and insert):
COMPACT_AT = 2_000
# Stale rows above which a search reads the GIN index instead (about as fast there).
STALE_LIMIT = 10_000
# Ids are combined as boolean masks over 0..largest id; beyond this, the GIN index answers.
MASK_LIMIT = 1 << 26
# Packed as int4: ids beyond stay stale for good (and are read from search_lexemes).
LARGEST_PACKED = 2**31 - 1
LOCK = 0x5EA4C4  # advisory lock: one compaction at a time

# One statement, one snapshot: the postings as of now, and no stale row older than them.
# Data-modifying WITH parts always run to completion, read or not.
COMPACT_SQL = f"""
WITH dropped AS (DELETE FROM search_postings),
     settled AS (DELETE FROM search_postings_stale),
     unpacked AS (INSERT INTO search_postings_stale
                  SELECT offering_id FROM search_lexemes WHERE offering_id > {LARGEST_PACKED})
INSERT INTO search_postings (field, lexeme, ids)
SELECT 0, lexeme, string_agg(int4send(offering_id::int4), ''::bytea)
FROM search_lexemes, unnest(tsvector_to_array(lexemes)) AS lexeme
WHERE offering_id <= {LARGEST_PACKED} GROUP BY lexeme
UNION ALL
SELECT 1, lexeme, string_agg(int4send(offering_id::int4), ''::bytea)
FROM search_lexemes, unnest(tsvector_to_array(title_lexemes)) AS lexeme
WHERE offering_id <= {LARGEST_PACKED} GROUP BY lexeme
"""


def stale_rows(limit=None):
    """Rows in search_postings_stale (counted up to limit + 1 when a limit is given)."""
    bounded = f" LIMIT {int(limit) + 1}" if limit is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM search_postings_stale{bounded}) s")
        return cursor.fetchone()[0]


def compact(at=None):
    """Rewrite the postings (on the primary); with `at`, only when at least that many stale
    rows are there (counted again under the lock: another process may just have done it).
    True when it did."""
    if connection.vendor != "postgresql":
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        if at is not None and stale_rows(at) < at:
            return False
        cursor.execute(COMPACT_SQL)
        # Estimates of what is there now: the planner then has no reason to compile the
        # searches' statement (JIT) for a million stale rows that are gone.
        cursor.execute("ANALYZE search_postings_stale")
        cursor.execute("ANALYZE search_postings (field, lexeme)")
    return True


def due(at=None):
    """Whether at least `at` stale rows (COMPACT_AT) have gathered."""
    at = COMPACT_AT if at is None else at
    return connection.vendor == "postgresql" and stale_rows(at) >= at


def compact_if_due(at=None):
    """compact() and vacuum() when due(at); True when it compacted. publish_index asks with
    at=1 (anything stale), the task after a write with COMPACT_AT."""
    at = COMPACT_AT if at is None else at
    if due(at) and compact(at):
        vacuum()
        return True
    return False


def vacuum():
    """Reclaim the stale rows a compaction deleted, which every search would scan until
    autovacuum comes (a rebuild leaves two million); only outside a transaction."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM search_postings_stale")


# -- reading -------------------------------------------------------------------------------

def _terms(node, exact, prefixes):
    """Collect the lexemes (exact) and prefixes a node without word positions asks for."""
    kind = node[0]
    if kind == "term":
        (prefixes if node[2] else exact).add(node[1])
    elif kind == "phrase":  # one word: the word itself (several need positions: not here)
        exact.update(node[1])
    else:
        for child in node[1]:
            _terms(child, exact, prefixes)


def _like(prefix):
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _read(required, excluded, expression, in_title):
    """The rows of one statement: (kind, lexeme, packed ids); kind 0/1 postings of a field,
    2 the stale ids, 3/4 the stale offerings that match the query/its title now, 5 too
    stale (nothing else is read)."""
    exact, prefixes = set(), set()
    for node in (*required, *excluded):
        _terms(node, exact, prefixes)
    prefixes = sorted(prefixes)
    likes = "".join(" OR lexeme LIKE %s" for _ in prefixes)
    sql = f"""
    WITH fresh AS MATERIALIZED (
             SELECT count(*) <= {STALE_LIMIT} AS ok
             FROM (SELECT 1 FROM search_postings_stale LIMIT {STALE_LIMIT + 1}) s),
         stale AS MATERIALIZED (
             SELECT DISTINCT offering_id FROM search_postings_stale WHERE (SELECT ok FROM fresh)),
         -- each stale offering looked up by its key (OFFSET 0 keeps the lookup per row:
         -- joined, the planner may match the whole GIN index first)
         checked AS MATERIALIZED (
             SELECT stale.offering_id, row.hit, row.title_hit FROM stale LEFT JOIN LATERAL (
                 SELECT lexemes @@ to_tsquery('simple', %s) AS hit,
                        title_lexemes @@ to_tsquery('simple', %s) AS title_hit
                 FROM search_lexemes WHERE search_lexemes.offering_id = stale.offering_id
                 OFFSET 0) row ON true)
    SELECT field, lexeme, ids FROM search_postings
    WHERE (SELECT ok FROM fresh) AND (lexeme = ANY(%s){likes})
    UNION ALL
    SELECT 2, NULL, string_agg(int8send(offering_id), ''::bytea) FROM checked
    UNION ALL
    SELECT 3, NULL, string_agg(int8send(offering_id), ''::bytea) FILTER (WHERE hit) FROM checked
    UNION ALL
    SELECT 4, NULL, string_agg(int8send(offering_id), ''::bytea) FILTER (WHERE title_hit)
    FROM checked
    UNION ALL
    SELECT 5, NULL, NULL WHERE NOT (SELECT ok FROM fresh)
    """
    params = [expression, in_title, sorted(exact), *(_like(p) for p in prefixes)]
    with read_connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _unpack(data, dtype):
    return np.frombuffer(data, dtype=dtype).astype(np.int64) if data else np.zeros(0, np.int64)


def _mask(node, postings, size):
    """Boolean mask over 0..size-1 of the offerings a node matches, by its postings."""
    kind = node[0]
    if kind in ("term", "phrase"):
        mask = np.zeros(size, dtype=bool)
        if kind == "phrase":
            hits = [postings.get(node[1][0])]
        elif node[2]:
            hits = [ids for lexeme, ids in postings.items() if lexeme.startswith(node[1])]
        else:
            hits = [postings.get(node[1])]
        for ids in hits:
            if ids is not None:
                mask[ids] = True
        return mask
    masks = [_mask(child, postings, size) for child in node[1]]
    combine = np.logical_and if kind == "all" else np.logical_or
    return combine.reduce(masks) if masks else np.zeros(size, dtype=bool)


def match(required, excluded, expression, in_title):
    """(ids ascending, scores: 2 title match, 1 other) of a query without a phrase of several
    words, from the postings; None when the GIN index should answer (too many stale rows,
    or ids too large for masks). expression/in_title: the query and its required part
    rendered as tsqueries, for the stale offerings."""
    rows = _read(required, excluded, expression, in_title)
    fields = ({}, {})
    parts = {}
    for kind, lexeme, data in rows:
        if kind == 5:
            return None
        if kind in (0, 1):
            fields[kind][lexeme] = _unpack(data, ">i4")
        else:
            parts[kind] = _unpack(data, ">i8")
    stale, fresh, fresh_title = (parts.get(k, np.zeros(0, np.int64)) for k in (2, 3, 4))
    largest = max((int(a.max()) for field in fields for a in field.values() if a.size),
                  default=-1)
    largest = max(largest, int(stale.max(initial=-1)))
    if largest >= MASK_LIMIT:
        return None
    size = largest + 1
    found = np.logical_and.reduce([_mask(n, fields[0], size) for n in required])
    for node in excluded:
        found &= ~_mask(node, fields[0], size)
    title = np.logical_and.reduce([_mask(n, fields[1], size) for n in required])
    for mask, now in ((found, fresh), (title, fresh_title)):
        mask[stale] = False
        mask[now] = True
    ids = np.flatnonzero(found)
    return ids.astype(np.int64), np.where(title[ids], 2.0, 1.0)
