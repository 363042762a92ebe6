"""The one write path into the catalog: create, update, change the status of, restore,
archive and bulk-save offerings with their runs and vocabularies.

Every function works in one transaction and announces what it changed once
(catalog/signals.py ``offerings_changed``); search indexing and the change history listen.
Callers decide who may do what (accounts.rules) before they call; the functions here check
only what the catalog itself must hold (e.g. the status an offering may move from).

``history=True`` (the default for single edits) makes the announcement carry the state
before the change, so that the change history records it; bulk imports from the command line
or a feed and the demo generator pass ``history=False``.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Offering, Run, offering_slug
from .signals import Action, Change, announce, orm_announcements_suspended
from .snapshots import RUN_FIELDS, snapshot
from .vocabularies import BY_FIELD, OFFERING_RELATIONS

CHUNK = 2000
# The offering's own values that a bulk save writes and compares (besides the slug).
OFFERING_FIELDS = (
    "title", "summary", "description", "entry_requirements", "price_cents",
    "price_reduced_cents", "is_free", "price_note", "certificate", "dqr_level_id",
    "registration_url", "registration_contact", "format_id", "status",
)
RELATION_NAMES = tuple(kind.field for kind in OFFERING_RELATIONS)
# Run columns in insert order (attnames); RUN_FIELDS (snapshots) without the offering.
RUN_COLUMNS = tuple(RUN_FIELDS)


class StatusNotAllowed(Exception):
    """The offering's current status does not allow the change; ``offering`` is the locked
    row as it is now."""

    def __init__(self, offering):
        super().__init__(offering.status)
        self.offering = offering


class RestoreFailed(Exception):
    """A snapshot does not fit today's constraints; nothing was changed."""


# -- whole-catalog work ---------------------------------------------------------------------
_state = threading.local()


def _quiet():
    return getattr(_state, "replacing", 0) > 0


@contextmanager
def replacing_catalog(action=Action.IMPORTED, note=""):
    """Bulk work on large parts of the catalog (the demo generator): the service calls
    inside announce nothing, and one "whole catalog replaced" announcement follows at the
    end, on which search rebuilds its index once instead of offering by offering."""
    _state.replacing = getattr(_state, "replacing", 0) + 1
    try:
        with orm_announcements_suspended():
            yield
    finally:
        _state.replacing -= 1
    if not _quiet():
        announce(Change(action, note=note, whole_catalog=True))


def announce_catalog_replaced(action=Action.DELETED, note=""):
    """Announce now, inside the caller's transaction, that anything may have changed (after
    raw deletes: the listeners must drop what belonged to the deleted rows before commit)."""
    announce(Change(action, note=note, whole_catalog=True))


def _announce(action, ids, *, actor, note, before=None, history=False):
    if _quiet():
        return
    announce(Change(
        action, offering_ids=tuple(ids), actor=actor, note=note[:500],
        before=before if history else None,
    ))


# -- single offerings -----------------------------------------------------------------------
def save_offering(write, *, offering=None, actor=None, action=None, note="", history=True):
    """Create (``offering`` None) or update one offering by ``write()``, which saves it (a
    ModelForm and its formset, a few ORM calls) and returns it.

    The state before is read from the database (a bound form has already changed the
    instance). An update that changes nothing announces nothing. Returns (offering, changed).
    """
    with transaction.atomic(), orm_announcements_suspended():
        before = None
        if offering is not None and offering.pk:
            before = snapshot(Offering.objects.select_for_update().get(pk=offering.pk))
        saved = write()
        if before is not None and snapshot(saved) == before:
            return saved, False
        if action is None:
            action = Action.CREATED if before is None else Action.EDITED
        _announce(action, [saved.pk], actor=actor, note=note,
                  before={saved.pk: before}, history=history)
    return saved, True


def copy_offering(original, *, title, actor=None, note="", history=True):
    """A copy of ``original`` as a new manual draft, with all vocabularies and runs."""
    def write():
        copy = Offering.objects.get(pk=original.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.title = title[:250]
        copy.slug = ""
        copy.status = Offering.Status.DRAFT
        copy.source = "manual"
        copy.external_id = ""
        copy.save()
        for name in RELATION_NAMES:
            getattr(copy, name).set(getattr(original, name).all())
        for run in list(original.runs.all()):
            run.pk = run.id = None
            run._state.adding = True
            run.offering = copy
            run.external_id = ""
            run.save()
        return copy

    return save_offering(write, actor=actor, action=Action.CREATED, note=note,
                         history=history)[0]


def change_status(offering, new_status, *, allowed_from, actor=None, action, note="",
                  history=True):
    """Move ``offering`` to ``new_status`` if its status is in ``allowed_from``.

    The row is locked and re-read first, so two clicks at once cannot both pass the check;
    raises StatusNotAllowed otherwise (and Offering.DoesNotExist for a deleted one).
    """
    with transaction.atomic(), orm_announcements_suspended():
        locked = Offering.objects.select_for_update().get(pk=offering.pk)
        if locked.status not in allowed_from:
            raise StatusNotAllowed(locked)
        before = snapshot(locked) if history else None
        locked.status = new_status
        locked.save(update_fields=["status", "updated_at"])
        _announce(action, [locked.pk], actor=actor, note=note, before={locked.pk: before},
                  history=history)
    offering.status = locked.status
    offering.updated_at = locked.updated_at
    return offering


def note_offering(offering, *, action, actor=None, note=""):
    """Announce an event that changes nothing in the offering itself (e.g. "a duplicate of
    it was merged into it"), so that the history shows it."""
    _announce(action, [offering.pk], actor=actor, note=note, before={offering.pk: None},
              history=True)


def restore_offering(offering_id, state, *, fields, actor=None, note=""):
    """Write a snapshot's ``fields``, vocabularies and runs back onto the offering.

    Raises RestoreFailed (and changes nothing) when the snapshot no longer fits.
    """
    with transaction.atomic(), orm_announcements_suspended():
        offering = Offering.objects.select_for_update().get(pk=offering_id)
        before = snapshot(offering)
        try:
            with transaction.atomic():
                for name in fields:
                    if name in state:
                        model_field = _field(Offering, name)
                        setattr(offering, model_field.attname, model_field.to_python(state[name]))
                offering.save()
                for name in RELATION_NAMES:
                    if name in state:
                        getattr(offering, name).set(state[name])
                if "runs" in state:
                    offering.runs.all().delete()
                    for data in state["runs"]:
                        values = {}
                        for name, value in data.items():
                            if name in RUN_FIELDS:
                                model_field = _field(Run, name)
                                values[model_field.attname] = model_field.to_python(value)
                        Run.objects.create(offering=offering, **values)
        except (IntegrityError, ValidationError, TypeError) as error:
            raise RestoreFailed(str(error)) from error
        _announce(Action.REVERTED, [offering.pk], actor=actor, note=note,
                  before={offering.pk: before}, history=True)
    return offering


def _field(model, name):
    """The model field for a snapshot key ("format_id" → the format ForeignKey)."""
    for model_field in model._meta.concrete_fields:
        if name in (model_field.name, model_field.attname):
            return model_field
    return model._meta.get_field(name)


def archive_offerings(ids, *, actor=None, action=Action.ARCHIVED, note=""):
    """Archive these offerings (e.g. vanished from a provider's full feed); no history."""
    ids = list(ids)
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            Offering.objects.filter(pk__in=ids[start:start + CHUNK]).update(
                status=Offering.Status.ARCHIVED, updated_at=now
            )
        _announce(action, ids, actor=actor, note=note)
    return len(ids)


# -- many offerings at once -----------------------------------------------------------------
@dataclass
class OfferingPlan:
    """One offering to save in bulk: its values by Offering attname (``provider_id``,
    ``title`` …; ``pk`` of an existing row to update it), its vocabulary ids by Offering field
    (those given replace the stored ones, the others stay) and its runs as dicts of Run
    attnames (None: the runs stay). ``offering`` is the saved Offering afterwards."""

    values: dict
    relations: dict = field(default_factory=dict)
    runs: list | None = None
    pk: int | None = None
    offering: Offering | None = None


@dataclass
class SaveResult:
    created: list = field(default_factory=list)  # plans
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    @property
    def changed_ids(self):
        return [plan.offering.pk for plan in (*self.created, *self.updated) if plan.offering]


def _signature(values, relations, runs, relation_names):
    """Comparable state of one offering: fields, related ids, runs (in a stable order)."""
    run_rows = sorted(tuple(str(run.get(name)) for name in RUN_COLUMNS) for run in runs)
    return (
        tuple(values[name] for name in OFFERING_FIELDS),
        tuple(tuple(sorted(relations.get(name, ()))) for name in relation_names),
        tuple(run_rows),
    )


def _stored_state(offering_ids, relation_names):
    """Signatures of existing offerings, in a handful of queries per chunk."""
    state = {}
    for start in range(0, len(offering_ids), CHUNK):
        chunk = offering_ids[start:start + CHUNK]
        values = {
            row["pk"]: row
            for row in Offering.objects.filter(pk__in=chunk).values("pk", *OFFERING_FIELDS)
        }
        relations = {pk: {} for pk in values}
        for name in relation_names:
            kind = BY_FIELD[name]
            for offering_id, term_id in kind.through.objects.filter(
                offering_id__in=chunk
            ).values_list("offering_id", kind.through_column):
                relations[offering_id].setdefault(name, []).append(term_id)
        runs = {pk: [] for pk in values}
        for row in Run.objects.filter(offering_id__in=chunk).values(
            "offering_id", *RUN_COLUMNS
        ):
            runs[row["offering_id"]].append(row)
        for pk, row in values.items():
            state[pk] = _signature(row, relations[pk], runs[pk], relation_names)
    return state


def _plan_signature(plan, relation_names, defaults, offering_defaults):
    runs = [{**defaults, **run} for run in plan.runs or ()]
    values = {**offering_defaults, **plan.values}
    return _signature(values, plan.relations, runs, relation_names)


def classify(plans):
    """Split plans into created, updated and unchanged (by comparing with the stored rows)."""
    result = SaveResult()
    existing = [plan for plan in plans if plan.pk]
    result.created = [plan for plan in plans if not plan.pk]
    relation_names = tuple(
        name for name in RELATION_NAMES if any(name in plan.relations for plan in existing)
    )
    stored = _stored_state([plan.pk for plan in existing], relation_names)
    defaults = _run_defaults()
    offering_defaults = {
        name: next(f for f in Offering._meta.concrete_fields if f.attname == name).get_default()
        for name in OFFERING_FIELDS
    }
    for plan in existing:
        if plan.runs is not None and stored.get(plan.pk) == _plan_signature(
            plan, relation_names, defaults, offering_defaults
        ):
            result.unchanged.append(plan)
        else:
            result.updated.append(plan)
    return result


def save_offerings(plans, *, action=Action.IMPORTED, actor=None, note="", history=False,
                   preview=False):
    """Create or update many offerings with their vocabularies and runs, in one transaction.

    Unchanged offerings are left alone. With ``preview`` nothing is written: the result only
    says what would be created, updated and left unchanged. Returns a SaveResult.
    """
    result = classify(plans)
    if preview:
        return result
    with transaction.atomic(), orm_announcements_suspended():
        _write(result, action=action, actor=actor, note=note, history=history)
    return result


def _write(result, *, action, actor, note, history):
    for plan in (*result.created, *result.updated):
        plan.offering = Offering(pk=plan.pk, **plan.values)
    updates = [plan.offering for plan in result.updated]
    before = {}
    if history:
        for start in range(0, len(updates), CHUNK):
            chunk = [offering.pk for offering in updates[start:start + CHUNK]]
            for pk, old in Offering.objects.in_bulk(chunk).items():
                before[pk] = snapshot(old)
    now = timezone.now()
    new_objects = [plan.offering for plan in result.created]
    for offering in new_objects:
        offering.slug = offering.slug or offering_slug(offering.title)
        offering.created_at = offering.updated_at = now
    Offering.objects.bulk_create(new_objects, batch_size=500)
    if updates:
        for offering in updates:
            offering.slug = offering_slug(offering.title)
            offering.updated_at = now
        Offering.objects.bulk_update(
            updates, ["slug", *OFFERING_FIELDS, "updated_at"], batch_size=500
        )
    for name in ("runs", *RELATION_NAMES):
        if name == "runs":
            ids = [plan.offering.pk for plan in result.updated if plan.runs is not None]
        else:
            ids = [plan.offering.pk for plan in result.updated if name in plan.relations]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            if name == "runs":
                Run.objects.filter(offering_id__in=chunk).delete()
            else:
                BY_FIELD[name].through.objects.filter(offering_id__in=chunk).delete()
    touched = [*result.created, *result.updated]
    _insert_rows(touched)
    ids = [plan.offering.pk for plan in touched]
    _announce(action, ids, actor=actor, note=note,
              before={pk: before.get(pk) for pk in ids}, history=history)


def _run_field(attname):
    return next(f for f in Run._meta.concrete_fields if f.attname == attname)


def _run_defaults():
    return {name: _run_field(name).get_default() for name in RUN_COLUMNS}


def _adapters(connection):
    """Per run column, a function that turns a value (not None) into what the driver takes,
    as the ORM would (dates, times and decimals through the backend's adapters), or None
    where the driver takes the value as it is."""
    ops = connection.ops
    adapters = []
    for name in RUN_COLUMNS:
        model_field = _run_field(name)
        kind = model_field.get_internal_type()
        if kind == "DateField":
            adapters.append(ops.adapt_datefield_value)
        elif kind == "TimeField":
            adapters.append(ops.adapt_timefield_value)
        elif kind == "DecimalField":
            digits, places = model_field.max_digits, model_field.decimal_places
            adapters.append(
                lambda v, d=digits, p=places: ops.adapt_decimalfield_value(v, d, p)
            )
        else:  # text choices are str, as the ORM passes them to the driver too
            adapters.append(None)
    return adapters


def _insert_rows(plans):
    """Insert runs and vocabulary links with plain executemany: the ORM's per-object insert
    preparation would be most of the time of a large import (and of the demo generator)."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    defaults = _run_defaults()
    adapters = dict(zip(RUN_COLUMNS, _adapters(connection), strict=True))
    # Columns the driver takes as they are first (with their defaults), adapted ones after.
    plain = [(name, defaults[name]) for name in RUN_COLUMNS if adapters[name] is None]
    adapted = [(name, adapters[name]) for name in RUN_COLUMNS if adapters[name] is not None]
    run_rows = []
    links = {name: [] for name in RELATION_NAMES}
    for plan in plans:
        pk = plan.offering.pk
        for run in plan.runs or ():
            get = run.get
            row = [pk, *[get(name, default) for name, default in plain]]
            for name, adapt in adapted:
                value = get(name)
                row.append(None if value is None else adapt(value))
            run_rows.append(row)
        for name, term_ids in plan.relations.items():
            links[name].extend((pk, term_id) for term_id in dict.fromkeys(term_ids))
    columns = ["offering_id", *(_run_field(name).column for name, _ in (*plain, *adapted))]
    statements = [(
        f"INSERT INTO {quote(Run._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})",
        run_rows,
    )]
    for name, rows in links.items():
        if rows:
            kind = BY_FIELD[name]
            statements.append((
                f"INSERT INTO {quote(kind.through._meta.db_table)} "
                f"({quote('offering_id')}, {quote(kind.through_column)}) VALUES (%s, %s)",
                rows,
            ))
    with connection.cursor() as cursor:
        for sql, rows in statements:
            for start in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[start:start + 5000])
