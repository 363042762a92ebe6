"""The change log: which offerings changed publicly, written in the catalog's transaction.

Public visibility decides what is written: an offering that is (still or again) published gets
a "created" or "changed" entry; one that was public and is not any more (unpublished,
archived, expired, pending review) gets a "withdrawn" tombstone, a deleted one "deleted". A
change of an offering that was never public writes nothing.

Order: ids come from the database, so they survive restarts. On PostgreSQL concurrent
transactions could commit their ids out of order (a reader would skip the lower one that
commits later); a transaction-scoped advisory lock taken before writing makes writers of the
log take their ids one after the other, in commit order. SQLite has one writer anyway.
"""

from itertools import islice

from django.conf import settings
from django.db import connection, transaction

from bildungsportal.catalog.models import Offering

from .models import FeedEntry

CHUNK = 2000
# Any constant identifies our lock among other advisory locks ("opendata" in ASCII).
ADVISORY_LOCK_KEY = 0x6F70656E64617461


def _chunks(ids, size=CHUNK):
    iterator = iter(ids)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def _entries(ids, deleted):
    """New FeedEntry objects for the offerings ``ids`` (``deleted``: those known gone)."""
    published = set(Offering.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    existing = published | set(
        Offering.objects.filter(pk__in=[pk for pk in ids if pk not in published
                                        and pk not in deleted]).values_list("pk", flat=True))
    last = dict(FeedEntry.objects.filter(offering_id__in=ids).values_list("offering_id", "kind"))
    entries = []
    for pk in ids:
        prior = last.get(pk)
        was_public = prior is not None and prior not in FeedEntry.TOMBSTONES
        if pk in published:
            kind = FeedEntry.Kind.CHANGED if prior else FeedEntry.Kind.CREATED
        elif not was_public:
            continue  # never public, or its tombstone is already there
        elif pk in existing:
            kind = FeedEntry.Kind.WITHDRAWN
        else:
            kind = FeedEntry.Kind.DELETED
        entries.append(FeedEntry(offering_id=pk, kind=kind))
    return entries


def record_offerings(ids, deleted_ids=()):
    """Write the entries for these offerings (the changed ones and the deleted ones)."""
    deleted = set(deleted_ids)
    ids = sorted(set(ids) | deleted)
    if not ids:
        return 0
    written = 0
    with transaction.atomic():
        _lock()
        for chunk in _chunks(ids):
            entries = _entries(chunk, deleted)
            if not entries:
                continue
            # Compaction: the new entry replaces the offering's older one.
            FeedEntry.objects.filter(offering_id__in=[e.offering_id for e in entries]).delete()
            FeedEntry.objects.bulk_create(entries, batch_size=CHUNK)
            written += len(entries)
    return written


def record_change(change):
    """The receiver's work for one catalog.signals.Change."""
    if change.whole_catalog:
        live = FeedEntry.objects.exclude(kind__in=FeedEntry.TOMBSTONES)
        ids = set(Offering.objects.values_list("pk", flat=True))
        ids |= set(live.values_list("offering_id", flat=True))
        return record_offerings(ids)
    return record_offerings(change.offering_ids, change.deleted_ids)


def rebuild_log():
    """Start the log from the current catalog (e.g. after installing the app): an entry for
    every published offering that has none. Readers that started earlier keep their cursor."""
    known = set(FeedEntry.objects.values_list("offering_id", flat=True))
    missing = [pk for pk in Offering.objects.published().order_by("pk").values_list("pk", flat=True)
               if pk not in known]
    return record_offerings(missing)


def warm(chunk=500):
    """Render the bodies of live entries that have none (default language); returns how many.

    Run after imports by the open-data build (task and command), so that long pages of the
    feed are served from stored JSON; entries without a body are rendered by the reader."""
    from django.utils import translation

    from .api import render_offerings

    done, last = 0, 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            batch = list(FeedEntry.objects.filter(id__gt=last, body="")
                         .exclude(kind__in=FeedEntry.TOMBSTONES)
                         .order_by("id").only("id", "offering_id")[:chunk])
            if not batch:
                return done
            last = batch[-1].pk
            bodies = render_offerings([e.offering_id for e in batch])
            ready = [e for e in batch if e.offering_id in bodies]
            for entry in ready:
                entry.body = bodies[entry.offering_id]
            # Only entries still current: a change meanwhile replaced the row (compaction).
            FeedEntry.objects.bulk_update(ready, ["body"], batch_size=chunk)
            done += len(ready)


def forget_bodies():
    """A vocabulary or town was edited: stored bodies may name it; render them again."""
    return FeedEntry.objects.exclude(body="").update(body="")
