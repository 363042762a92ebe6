"""Snapshots and diffs of offerings for the change history (OfferingChange).

Usage in any view or service that changes an offering::

    before = history.snapshot(offering)
    ... change and save ...
    history.record(offering, request.user, OfferingChange.Action.EDITED, before=before)

``revert(change, user)`` restores the snapshot of an entry (fields, vocabulary relations and
runs, in one transaction) and records a REVERTED entry; ``describe(change)`` gives the changed
fields with German names and readable values for the history page.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bildungsportal.catalog import models as catalog

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


# Revert restores content only: the status stays (a revert must not bypass review or
# re-publish what the office archived) and an offering never moves to another provider.
REVERT_FIELDS = [name for name in FIELDS if name not in ("status", "provider_id")]
RELATION_MODELS = {
    "life_phases": catalog.LifePhase, "topics": catalog.Topic,
    "target_groups": catalog.TargetGroup, "languages": catalog.Language,
    "funding_options": catalog.FundingOption,
}


class RevertError(Exception):
    """The snapshot can't be restored; the message says why (German, for the page)."""


def _field(model, name):
    """The model field for a snapshot key ("format_id" → the format ForeignKey)."""
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    return model._meta.get_field(name)


def _missing(model, ids):
    ids = {i for i in ids if i is not None}
    return ids - set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))


def check_revertible(snapshot):
    """Raise RevertError when the snapshot refers to rows that no longer exist."""
    if not snapshot or "title" not in snapshot:
        raise RevertError(_("Zu diesem Eintrag ist kein Stand gespeichert."))
    runs = snapshot.get("runs") or []
    if _missing(catalog.Venue, [run.get("venue_id") for run in runs]):
        raise RevertError(_(
            "Dieser Stand kann nicht wiederhergestellt werden: Ein Veranstaltungsort, den er "
            "verwendet, wurde inzwischen gelöscht. Es wurde nichts geändert."
        ))
    if _missing(catalog.Format, [snapshot.get("format_id")]) or _missing(
        catalog.DqrLevel, [snapshot.get("dqr_level_id")]
    ):
        raise RevertError(_(
            "Dieser Stand kann nicht wiederhergestellt werden: Das Format oder das DQR-Niveau "
            "gibt es nicht mehr. Es wurde nichts geändert."
        ))
    for name, model in RELATION_MODELS.items():
        if _missing(model, snapshot.get(name) or []):
            raise RevertError(_(
                "Dieser Stand kann nicht wiederhergestellt werden: Ein Eintrag im Feld „%(field)s“ "
                "wurde inzwischen gelöscht. Es wurde nichts geändert."
            ) % {"field": _field(catalog.Offering, name).verbose_name})


def revert(change, user):
    """Restore ``change.snapshot`` on its offering; returns the new REVERTED entry.

    Raises RevertError (and changes nothing) when the snapshot can't be restored.
    """
    state = change.snapshot
    with transaction.atomic():
        offering = catalog.Offering.objects.select_for_update().get(pk=change.offering_id)
        check_revertible(state)
        before = snapshot(offering)
        try:
            for name in REVERT_FIELDS:
                if name in state:
                    field = _field(catalog.Offering, name)
                    setattr(offering, field.attname, field.to_python(state[name]))
            with transaction.atomic():
                offering.save()
                for name in RELATION_MODELS:
                    if name in state:
                        getattr(offering, name).set(state[name])
                if "runs" in state:
                    offering.runs.all().delete()
                    for data in state["runs"]:
                        values = {}
                        for name, value in data.items():
                            if name in RUN_FIELDS:
                                field = _field(catalog.Run, name)
                                values[field.attname] = field.to_python(value)
                        catalog.Run.objects.create(offering=offering, **values)
        except (IntegrityError, ValidationError, TypeError) as error:
            raise RevertError(_(
                "Dieser Stand passt nicht mehr zu den heutigen Regeln und wurde nicht "
                "wiederhergestellt. Es wurde nichts geändert."
            )) from error
        when = date_format(timezone.localtime(change.created_at), "d.m.Y H:i")
        return record(
            offering, user, OfferingChange.Action.REVERTED, before=before,
            note=_("zurückgesetzt auf den Stand vom %(when)s") % {"when": when},
        )


# -- readable history -----------------------------------------------------------------
def _euro(cents):
    from bildungsportal.core.formatting import euro

    return euro(cents)


def _names(model, ids):
    names = dict(model.objects.filter(pk__in=ids or []).values_list("pk", "name"))
    return ", ".join(names.get(i, _("(gelöscht)")) for i in ids or []) or "–"


def _german_date(value):
    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return value or ""


def _run_text(run, venues):
    parts = [_german_date(run.get("start_date")), venues.get(run.get("venue_id"), "")]
    if run.get("is_online"):
        parts.append(_("online"))
    recurrence = dict(catalog.Run.Recurrence.choices).get(run.get("recurrence"), "")
    return " · ".join(str(p) for p in [recurrence, *parts] if p)


def _value_text(name, value, venues):
    if name == "runs":
        return "; ".join(_run_text(run, venues) for run in value or []) or _("keine Termine")
    if name in RELATION_MODELS:
        return _names(RELATION_MODELS[name], value)
    if value is None or value == "":
        return "–"
    if name == "status":
        return str(dict(catalog.Offering.Status.choices).get(value, value))
    if name in ("format_id", "provider_id", "dqr_level_id"):
        model = _field(catalog.Offering, name).related_model
        item = model.objects.filter(pk=value).first()
        return str(item) if item is not None else _("(gelöscht)")
    if name.endswith("_cents") and isinstance(value, int):
        return _euro(value)
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


def field_label(name):
    if name == "runs":
        return _("Termine")
    try:
        return str(_field(catalog.Offering, name).verbose_name)
    except Exception:  # a field that no longer exists: show its code name
        return name


def describe(change):
    """The changed fields of an entry: [(German label, before, after)] as readable text."""
    changes = change.changes or {}
    run_lists = [pair for key, pair in changes.items() if key == "runs"]
    venue_ids = {
        run.get("venue_id") for pair in run_lists for runs in pair for run in runs or []
    }
    venues = dict(catalog.Venue.objects.filter(pk__in=venue_ids - {None})
                  .values_list("pk", "name"))
    return [
        (field_label(name), _value_text(name, pair[0], venues), _value_text(name, pair[1], venues))
        for name, pair in changes.items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]
