"""Another Bildungsportal's change feed (GET /api/v1/changes): federation between districts.

One page of the feed is a JSON object ``{"changes": [...], "next": "<cursor>", "has_more"}``;
each change carries the remote offering as /api/v1/offerings/{id} shows it, or is a tombstone
(``deleted: true``). ``read_page`` returns the offerings as records (external id = the remote
id, vocabularies by their slugs, which every instance shares), the tombstones' remote ids and
the cursor; ``parse`` gives the records alone, like every format. Paging, the cursor and the
deletions are ingest/federation.py's work.
"""

import json
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation

from bildungsportal.ingest.records import (
    ImportFormat,
    OfferingRecord,
    ParseResult,
    Problem,
    RunRecord,
    VenueRecord,
)

from . import decode_utf8, register

WEEKDAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}


@dataclass
class ChangePage:
    records: list = field(default_factory=list)
    tombstones: list = field(default_factory=list)  # remote ids (external ids here)
    problems: list = field(default_factory=list)
    next: str = ""
    has_more: bool = False


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def _int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _time(value):
    return time.fromisoformat(value) if isinstance(value, str) and value else None


def _slugs(items):
    return [item["slug"] for item in items or [] if isinstance(item, dict)
            and isinstance(item.get("slug"), str)]


def _venue(data):
    if not isinstance(data, dict):
        return None
    town = data.get("town") if isinstance(data.get("town"), dict) else {}
    return VenueRecord(
        name=_text(data.get("name")), street=_text(data.get("street")),
        postcode=_text(data.get("postcode")),
        town=_text(town.get("name")) or _text(data.get("locality")),
        latitude=data.get("latitude") if isinstance(data.get("latitude"), float) else None,
        longitude=data.get("longitude") if isinstance(data.get("longitude"), float) else None,
        step_free=data.get("step_free") if isinstance(data.get("step_free"), bool) else None,
        accessibility_notes=_text(data.get("accessibility_notes")),
    )


def _run(data):
    hours = data.get("hours")
    try:
        hours = Decimal(str(hours)) if isinstance(hours, (int, float)) else None
    except InvalidOperation:
        hours = None
    return RunRecord(
        external_id=str(data.get("id", "")), recurrence=_text(data.get("recurrence")) or "once",
        start_date=_date(data.get("start_date")), end_date=_date(data.get("end_date")),
        weekdays=[WEEKDAYS[d] for d in data.get("weekdays") or [] if d in WEEKDAYS],
        start_time=_time(data.get("start_time")), end_time=_time(data.get("end_time")),
        sessions=_int(data.get("sessions")), hours=hours, seats=_int(data.get("seats")),
        booking_status=_text(data.get("booking_status")) or "open",
        venue=_venue(data.get("venue")), is_online=data.get("is_online") is True,
        price_cents=_int(data.get("price_cents")), note=_text(data.get("note")),
    )


def _record(number, offering):
    dqr = offering.get("dqr_level")
    return OfferingRecord(
        record=number, external_id=str(offering["id"]), title=_text(offering.get("title")),
        summary=_text(offering.get("summary")), description=_text(offering.get("description")),
        entry_requirements=_text(offering.get("entry_requirements")),
        life_phases=_slugs(offering.get("life_phases")), topics=_slugs(offering.get("topics")),
        target_groups=_slugs(offering.get("target_groups")),
        format=_text((offering.get("format") or {}).get("slug")),
        languages=_slugs(offering.get("languages")),
        price_cents=_int(offering.get("price_cents")),
        price_reduced_cents=_int(offering.get("price_reduced_cents")),
        is_free=offering.get("is_free") is True, price_note=_text(offering.get("price_note")),
        certificate=_text(offering.get("certificate")),
        dqr_level=_int(dqr.get("level")) if isinstance(dqr, dict) else None,
        registration_url=_text(offering.get("registration_url")),
        registration_contact=_text(offering.get("registration_contact")),
        runs=[_run(run) for run in offering.get("runs") or [] if isinstance(run, dict)],
    )


@register
class ChangeFeedFormat(ImportFormat):
    name = "bildungsportal"
    label = "Änderungs-Feed eines anderen Bildungsportals (/api/v1/changes)"
    source = "bildungsportal"
    # Read page by page from a cursor (ingest/federation.py), never as one full feed.
    incremental = True

    def read_page(self, data):
        page = ChangePage()
        try:
            body = json.loads(decode_utf8(data))
        except ValueError as error:
            page.problems.append(Problem(f"kein gültiges JSON ({str(error)[:120]})"))
            return page
        if not isinstance(body, dict) or not isinstance(body.get("changes"), list) \
                or not isinstance(body.get("next"), str):
            page.problems.append(Problem(
                "kein Änderungs-Feed eines Bildungsportals (erwartet: changes, next)"))
            return page
        page.next, page.has_more = body["next"], body.get("has_more") is True
        for number, change in enumerate(body["changes"], start=1):
            try:
                if change.get("deleted") is True or change.get("offering") is None:
                    page.tombstones.append(str(int(change["id"])))
                else:
                    page.records.append(_record(number, change["offering"]))
            except (AttributeError, KeyError, TypeError, ValueError) as error:
                page.problems.append(Problem(
                    f"Änderung nicht lesbar ({type(error).__name__})", record=number))
        return page

    def parse(self, data, *, filename=""):
        page = self.read_page(data)
        return ParseResult(records=page.records, problems=page.problems)
