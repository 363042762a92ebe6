"""An offering's state as a JSON-safe dict, and the difference of two such states.

The write path takes the "before" state of an offering it is about to change; the change
history stores both and can restore a snapshot (services.restore_offering).
"""

from .vocabularies import OFFERING_RELATIONS

FIELDS = [
    "title", "summary", "description", "entry_requirements", "price_cents",
    "price_reduced_cents", "is_free", "price_note", "certificate", "registration_url",
    "registration_contact", "status", "format_id", "dqr_level_id", "provider_id",
]
RELATIONS = [kind.field for kind in OFFERING_RELATIONS]
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
