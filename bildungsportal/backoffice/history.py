"""The change history of offerings (OfferingChange): recording, revert and readable diffs.

Entries are written in one place: ``record``, called by backoffice/receivers.py when the
catalog's write path announces a change that carries the state before it. Snapshots and
diffs come from catalog/snapshots.py (the write path takes the "before" state).

``revert(change, user)`` restores the snapshot of an entry (fields, vocabulary relations and
runs, in one transaction) through catalog/services.py, which announces a REVERTED change;
``describe(change)`` gives the changed fields with German names and readable values for the
history page.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog import services
from bildungsportal.catalog.snapshots import FIELDS, RELATIONS, RUN_FIELDS, diff, snapshot

from .models import OfferingChange

__all__ = ["FIELDS", "RELATIONS", "RUN_FIELDS", "diff", "snapshot"]


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
    when = date_format(timezone.localtime(change.created_at), "d.m.Y H:i")
    with transaction.atomic():
        check_revertible(state)
        try:
            offering = services.restore_offering(
                change.offering_id, state, fields=REVERT_FIELDS, actor=user,
                note=_("zurückgesetzt auf den Stand vom %(when)s") % {"when": when},
            )
        except services.RestoreFailed as error:
            raise RevertError(_(
                "Dieser Stand passt nicht mehr zu den heutigen Regeln und wurde nicht "
                "wiederhergestellt. Es wurde nichts geändert."
            )) from error
    return offering.changes.order_by("-created_at", "-id").first()


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
    return describe_changes(change.changes)


def describe_changes(changes):
    """Readable rows for a {field: [before, after]} dict (an entry's or a preview's)."""
    changes = changes or {}
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
