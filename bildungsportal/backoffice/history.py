"""Snapshots and diffs of offerings for the change history (OfferingChange).

Usage in any view or service that changes an offering::

    before = history.snapshot(offering)
    ... change and save ...
    history.record(offering, request.user, OfferingChange.Action.EDITED, before=before)

``revert`` (to be written with the history screens) restores a snapshot.
"""

from .models import OfferingChange

FIELDS = [
    "title", "summary", "description", "entry_requirements", "price_cents",
    "price_reduced_cents", "is_free", "price_note", "certificate", "registration_url",
    "registration_contact", "status", "format_id", "dqr_level_id", "provider_id",
]
RELATIONS = ["life_phases", "topics", "target_groups", "languages", "funding_options"]
RUN_FIELDS = [
    "recurrence", "start_date", "end_date", "weekdays", "start_time", "end_time", "sessions",
    "hours", "seats", "booking_status", "venue_id", "is_online", "price_cents", "note",
    "external_id",
]


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)  # dates, times, decimals: ISO strings, JSON-safe


def snapshot(offering):
    """The offering's state as a JSON-safe dict: fields, related ids, runs."""
    data = {name: _plain(getattr(offering, name)) for name in FIELDS}
    for name in RELATIONS:
        data[name] = sorted(getattr(offering, name).values_list("pk", flat=True))
    data["runs"] = [
        {name: _plain(getattr(run, name)) for name in RUN_FIELDS}
        for run in offering.runs.order_by("pk")
    ]
    return data


def diff(before, after):
    return {
        key: [before.get(key), value]
        for key, value in after.items()
        if before.get(key) != value
    }


def record(offering, user, action, *, before=None, note=""):
    """Store one history entry; ``before`` (a snapshot) makes it carry the diff."""
    after = snapshot(offering)
    return OfferingChange.objects.create(
        offering=offering,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        changes=diff(before, after) if before is not None else {},
        snapshot=after,
        note=note[:500],
    )
