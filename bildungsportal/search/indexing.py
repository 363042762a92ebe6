"""Write search documents for offerings and signal that the catalog changed.

A change of offerings is logged (IndexChange) and bumps the version only: every process
patches its in-memory index with the logged offerings (facet_index.IndexHolder). A change of
vocabularies or synonyms, and rebuild_index, also bump the rebuild token: every process
rebuilds.
"""

import random
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Q

from bildungsportal.catalog.models import Offering, Run
from bildungsportal.core.db_router import read_connection

from . import postings
from .analyzer import analyze, catalog_vocabulary
from .models import IndexChange, IndexState, SearchDocument
from .tasks import compact_search_postings

CHUNK = 2000
# Names that describe an offering besides its own text: (relation, field on the through row).
# Languages of instruction are a filter, not a keyword: nearly every course is "Deutsch".
KEYWORD_RELATIONS = (
    (Offering.topics.through, "topic__name"),
    (Offering.life_phases.through, "lifephase__name"),
    (Offering.target_groups.through, "targetgroup__name"),
    (Offering.funding_options.through, "fundingoption__name"),
)
OFFERING_FIELDS = (
    "pk", "title", "summary", "description", "entry_requirements", "certificate",
    "provider__name", "format__name",
)


# Rows kept in the change log (IndexChange); a process that fell further behind rebuilds.
CHANGE_LOG_ROWS = 100_000


def _token():
    return random.getrandbits(62)


def bump_version(rebuild=True):
    """Mark every process's in-memory index as stale; rebuild=False: patchable from the log.

    A random token rather than a counter: a rolled-back transaction can never bring back
    a version number some process has already built from.
    """
    values = {"version": _token()}
    if rebuild:
        values["rebuild_token"] = _token()
    if not IndexState.objects.filter(pk=1).update(**values):
        IndexState.objects.update_or_create(
            pk=1, defaults={"rebuild_token": _token(), **values}
        )


def log_changes(offering_ids):
    """Record changed or deleted offerings for the processes' indexes (same transaction)."""
    ids = sorted({int(i) for i in offering_ids})
    if not ids:
        return
    IndexChange.objects.bulk_create([IndexChange(offering_id=i) for i in ids], batch_size=2000)
    last = IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    if last and last > CHANGE_LOG_ROWS:
        IndexChange.objects.filter(pk__lte=last - CHANGE_LOG_ROWS).delete()
    bump_version(rebuild=False)
    if connection.vendor == "postgresql":
        # Each write leaves its offerings stale in the postings (migration search 0009);
        # the commit that brings them to COMPACT_AT has them rewritten. Robust: the write
        # is committed, and a failed compaction only leaves searches on the GIN index.
        transaction.on_commit(_compact_postings_when_due, robust=True)


def _compact_postings_when_due():
    if postings.due():
        compact_search_postings.enqueue()


def current_version():
    return current_state()[0]


_STATE_SQL = (f"SELECT version, rebuild_token FROM {IndexState._meta.db_table} "
              f"WHERE {IndexState._meta.pk.column} = 1")


def current_state():
    """(version, rebuild token) of the index: one small query per request (plain SQL: the
    ORM's query building cost more than the query). Read where the index reads (its replica,
    core/db_router.py): a version from the primary with a change log from a lagging replica
    would mark changes as applied that the worker never saw."""
    with read_connection.cursor() as cursor:
        cursor.execute(_STATE_SQL)
        row = cursor.fetchone()
    if row is None:
        bump_version()
        return current_state()
    return row


def last_change():
    """The newest change log id (0 when empty)."""
    return IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def changes_since(sequence, gaps=()):
    """(log ids, offering ids) logged after `sequence` or at one of the `gaps`, by id; None
    when the log no longer reaches back to `sequence` (trimmed: the caller rebuilds)."""
    rows = list(
        IndexChange.objects.filter(Q(pk__gt=sequence) | Q(pk__in=list(gaps)))
        .order_by("pk").values_list("pk", "offering_id")
    )
    if sequence:
        oldest = IndexChange.objects.order_by("pk").values_list("pk", flat=True).first()
        if oldest is not None and oldest > sequence + 1:
            return None
    return [r[0] for r in rows], [r[1] for r in rows]


def build_documents(offerings):
    """Search documents for published offerings (a queryset), in a handful of flat queries."""
    rows = list(offerings.values_list(*OFFERING_FIELDS))
    if not rows:
        return []
    ids = [row[0] for row in rows]
    # A contiguous id range is cheaper to query than a long IN list; extra rows are ignored.
    in_range = {"offering_id__gte": min(ids), "offering_id__lte": max(ids)}
    keywords = defaultdict(list)
    for through, name_field in KEYWORD_RELATIONS:
        for offering_id, name in through.objects.filter(**in_range).values_list(
            "offering_id", name_field
        ):
            keywords[offering_id].append(name)
    places = defaultdict(set)
    for offering_id, venue, town, locality in Run.objects.filter(
        venue__isnull=False, **in_range
    ).values_list("offering_id", "venue__name", "venue__municipality__name", "venue__locality"):
        # A venue outside our towns has no municipality, only its locality ("Berlin").
        places[offering_id].add(f"{venue} {town or locality}")
    vocab = catalog_vocabulary()
    return [
        SearchDocument(
            offering_id=pk,
            title=analyze(title, vocab),
            keywords=analyze(" ".join([*keywords[pk], format_name, certificate]), vocab),
            summary=analyze(summary, vocab),
            body=analyze(f"{description} {requirements}", vocab),
            provider=analyze(" ".join([provider, *sorted(places[pk])]), vocab),
        )
        for (pk, title, summary, description, requirements, certificate, provider,
             format_name) in rows
    ]


@transaction.atomic
def index_offerings(offering_ids):
    """(Re)write the documents of these offerings; unpublished ones lose theirs."""
    offering_ids = list(offering_ids)
    SearchDocument.objects.filter(offering_id__in=offering_ids).delete()
    SearchDocument.objects.bulk_create(
        build_documents(Offering.objects.published().filter(pk__in=offering_ids))
    )
    log_changes(offering_ids)


def rebuild_index(progress=None):
    """Rewrite every search document, in chunks so memory stays bounded."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The narrow copy (migration 0008) follows the documents by triggers; emptied
            # first, it is rewritten whole, rows that never had a document included. DELETE,
            # not TRUNCATE: its lock would stop every search until the rebuild commits.
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_lexemes")
        SearchDocument.objects.all().delete()
        last_pk = 0
        done = 0
        while True:
            chunk_ids = list(
                Offering.objects.published().filter(pk__gt=last_pk).order_by("pk")
                .values_list("pk", flat=True)[:CHUNK]
            )
            if not chunk_ids:
                break
            SearchDocument.objects.bulk_create(build_documents(
                Offering.objects.published().filter(pk__range=(chunk_ids[0], chunk_ids[-1]))
            ), batch_size=500)
            last_pk = chunk_ids[-1]
            done += len(chunk_ids)
            if progress:
                progress(done)
        if connection.vendor == "postgresql":
            # Fresh statistics: the planner and the ranking's word frequencies read them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_searchdocument")
                cursor.execute("ANALYZE search_lexemes")
            postings.compact()  # every row was just written: all of them stale
        IndexChange.objects.all().delete()  # every process rebuilds: the log starts over
        bump_version()
    return done
