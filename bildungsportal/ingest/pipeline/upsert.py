"""Upsert: the valid records become plans for the catalog's write path, which creates,
updates or leaves each offering (catalog/services.py ``save_offerings``); offerings that
vanished from a provider's full feed are archived."""

import re
from collections import defaultdict

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog import services
from bildungsportal.catalog.signals import Action

from ..records import Problem
from .venues import VenueResolver
from .vocabularies import KINDS

CHUNK = 2000
# The identities our exports write (ingest/exports.py): "portal-<id>" in tables, the
# offering page's address in JSON-LD and iCalendar (any host: exports name the host they
# were downloaded from).
PORTAL_ID = re.compile(r"portal-(?P<id>\d{1,12})\Z")
OWN_URL = re.compile(r"(?:https?://[^/\s]+)?/angebote/(?P<id>\d{1,12})-(?P<slug>[a-z0-9-]+)/?\Z")
# The record's many-to-many vocabularies: Offering field (= the record's attribute) → kind.
RELATIONS = {kind.field: kind.key for kind in KINDS if kind.many}


def source_for(format_object, provider):
    if getattr(format_object, "global_ids", False):
        return format_object.source or format_object.name
    return f"{format_object.source or format_object.name}:{provider.pk or 'neu'}"


def _offering_values(record, status, vocab):
    return {
        "title": record.title,
        "summary": record.summary,
        "description": record.description,
        "entry_requirements": record.entry_requirements,
        "price_cents": record.price_cents,
        "price_reduced_cents": record.price_reduced_cents,
        "is_free": bool(record.is_free),
        "price_note": record.price_note,
        "certificate": record.certificate,
        "dqr_level_id": record.dqr_level,
        "registration_url": record.registration_url,
        "registration_contact": record.registration_contact,
        "format_id": vocab.ids["format"][record.format],
        "status": status,
    }


def _weekday_bits(weekdays):
    bits = 0
    for day in weekdays or []:
        bits |= catalog.Run.WEEKDAY_BITS[day]
    return bits


def _run_values(run, venue_id):
    return {
        "external_id": run.external_id,
        "recurrence": run.recurrence,
        "start_date": run.start_date,
        "end_date": run.end_date,
        "weekdays": _weekday_bits(run.weekdays),
        "start_time": run.start_time,
        "end_time": run.end_time,
        "sessions": run.sessions,
        "hours": run.hours,
        "seats": run.seats,
        "booking_status": run.booking_status,
        "venue_id": venue_id,
        # A run without a venue is online (the validator let only those through).
        "is_online": run.is_online or venue_id is None,
        "price_cents": run.price_cents,
        "note": run.note,
    }


def _existing(sources, records):
    """(source, external id) → (offering id, provider id, kept identity) of stored offerings.

    The kept identity is the (source, external id) the offering keeps after the update.
    """
    keys = {(sources[r.record], r.external_id) for r in records if r.record in sources}
    by_source = defaultdict(list)
    for source, external_id in keys:
        by_source[source].append(external_id)
    existing = {}
    for source, ids in by_source.items():
        for start in range(0, len(ids), CHUNK):
            for pk, external_id, provider_id in catalog.Offering.objects.filter(
                source=source, external_id__in=ids[start:start + CHUNK]
            ).values_list("pk", "external_id", "provider_id"):
                existing[(source, external_id)] = (pk, provider_id, (source, external_id))
    return existing


def _portal_identity(external_id):
    """(offering id, slug or None) when ``external_id`` is one our exports write."""
    match = PORTAL_ID.match(external_id) or OWN_URL.match(external_id)
    if match is None:
        return None
    return int(match.group(1)), match.groupdict().get("slug")


def _by_identity(sources, records, providers, existing):
    """Offerings matched by their stable identity whatever format carried them.

    An export writes "portal-<id>" (tables) or the offering's page URL (JSON-LD @id,
    iCalendar URL), or the external id the offering was imported with; an upload in another
    format than the first import then finds the same offering. Only the offerings of the
    record's own provider count: another provider's id makes a new offering (a copy).
    """
    pending = [
        r for r in records
        if r.record in sources and (sources[r.record], r.external_id) not in existing
    ]
    portal = {r.record: _portal_identity(r.external_id) for r in pending}
    ids = [identity[0] for identity in portal.values() if identity]
    stored = {}
    for start in range(0, len(ids), CHUNK):
        for row in catalog.Offering.objects.filter(pk__in=ids[start:start + CHUNK]).values_list(
            "pk", "provider_id", "slug", "source", "external_id"
        ):
            stored[row[0]] = row
    others = defaultdict(list)  # (provider id, external id) → rows, from any source
    plain = [r.external_id for r in pending if not portal[r.record]]
    provider_ids = {providers[r.record].pk for r in pending if providers[r.record].pk}
    for start in range(0, len(plain), CHUNK):
        for row in catalog.Offering.objects.filter(
            provider_id__in=provider_ids, external_id__in=plain[start:start + CHUNK]
        ).values_list("pk", "provider_id", "slug", "source", "external_id"):
            others[(row[1], row[4])].append(row)
    for record in pending:
        key = (sources[record.record], record.external_id)
        identity = portal[record.record]
        if identity:
            row = stored.get(identity[0])
            if row is None or row[1] != providers[record.record].pk:
                continue  # another provider's offering: a copy, never an update of theirs
            if identity[1] is not None and identity[1] != row[2]:
                continue  # an address of another site that happens to look like ours
        else:
            rows = others.get((providers[record.record].pk, record.external_id), [])
            if len(rows) != 1:
                continue
            row = rows[0]
        existing[key] = (row[0], row[1], (row[3], row[4]))  # it keeps its own identity
    return existing


def _vanished(format_object, provider, present, records, report):
    """Ids of the provider's offerings of this source that are missing from a full feed.

    Faulty records count as present: a typo in a feed never archives an offering.
    """
    source = source_for(format_object, provider)
    in_feed = set(present) | {
        r.external_id for r in records if r.record in report.invalid_records
    }
    candidates = (
        catalog.Offering.objects.filter(source=source, provider=provider)
        .exclude(status=catalog.Offering.Status.ARCHIVED)
        .exclude(external_id="")
    )
    if len(in_feed) < 30000:
        return list(candidates.exclude(external_id__in=in_feed).values_list("pk", flat=True))
    return [
        pk for pk, external_id in candidates.values_list("pk", "external_id")
        if external_id not in in_feed
    ]


def upsert(report, format_object, records, providers, vocab, options, *, write):
    """Create, update or leave each valid record; archive what vanished from a full feed."""
    sources = {
        record.record: source_for(format_object, providers[record.record])
        for record in records if record.record in providers
    }
    existing = _by_identity(sources, records, providers, _existing(sources, records))
    claimed = {}
    venues = VenueResolver({p.pk for p in providers.values() if p.pk})
    accepted = []
    for record in records:
        provider = providers.get(record.record)
        if provider is None:
            continue
        key = (sources[record.record], record.external_id)
        if key in existing and existing[key][1] != provider.pk:
            report.problems.append(Problem(
                f"externe ID {record.external_id!r} gehört bereits einem anderen Anbieter",
                record.record,
            ))
            report.invalid_records.add(record.record)
            continue
        pk = None
        if key in existing:
            pk = existing[key][0]
            if pk in claimed:
                report.problems.append(Problem(
                    f"beschreibt dasselbe Angebot wie Datensatz {claimed[pk]}", record.record,
                ))
                report.invalid_records.add(record.record)
                continue
            claimed[pk] = record.record
            key = existing[key][2]
        runs = [
            run for number, run in enumerate(record.runs, start=1)
            if venues.check(record, run, number, report)
        ]
        accepted.append((record, provider, key, runs, pk))

    if write and report.errors and not options.valid_only:
        return
    # A dry run goes on without writing, so that the preview can say what an import of the
    # valid records would create, update, leave unchanged and archive.
    accepted = [item for item in accepted if item[0].record not in report.invalid_records]
    report.skipped = len({r.record for r in records} & report.invalid_records)
    for _record, provider, _key, runs, _pk in accepted:
        for run in runs:
            if run.venue is not None:
                venues.get(provider.pk, run.venue)
    if write:
        venues.save_new()

    plans = []
    for record, provider, key, runs, pk in accepted:
        values = _offering_values(record, options.status, vocab)
        values.update(provider_id=provider.pk, source=key[0], external_id=key[1])
        # A file that says nothing about a vocabulary (an iCalendar export has no topics)
        # leaves an existing offering's terms alone instead of replacing them by the
        # fallback term; a new offering gets the fallback.
        kept = getattr(record, "fallback_kinds", set()) if pk is not None else set()
        relations = {
            name: [vocab.ids[kind][slug] for slug in getattr(record, name)]
            for name, kind in RELATIONS.items() if kind not in kept
        }
        run_values = [
            _run_values(run, venues.get(provider.pk, run.venue).pk if run.venue else None)
            for run in runs
        ]
        plans.append(services.OfferingPlan(
            values, relations, run_values, pk=pk,
        ))

    vanished = []
    if options.full_feed and options.provider is not None:
        present = [key[1] for _record, _provider, key, _runs, _pk in accepted]
        vanished = _vanished(format_object, options.provider, present, records, report)
    # Uploads are changes through the UI: each changed offering gets a history entry (with
    # the diff for updates). CLI and feed imports are logged by their ImportRun instead,
    # which keeps large imports fast.
    result = services.save_offerings(
        plans, action=Action.IMPORTED, actor=options.actor, history=options.wants_history,
        note=f"Import ({options.format}) {options.filename}"[:500], preview=not write,
    )
    report.created, report.updated = len(result.created), len(result.updated)
    report.unchanged = len(result.unchanged)
    report.archived = len(vanished)
    if write:
        services.archive_offerings(vanished, actor=options.actor)
