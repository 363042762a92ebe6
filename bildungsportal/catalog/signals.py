"""The catalog's one announcement: ``offerings_changed``, sent once per change of offerings.

The write path (catalog/services.py) sends it once per call, inside its transaction, so that
every listener works in the same transaction as the change. Search indexing
(search/receivers.py) and the change history (backoffice/receivers.py) listen to it; a new
"when an offering changes, also …" is one more receiver, never a third copy in a caller.

Edits that bypass the services (Django admin, shell, saves of providers and venues,
many-to-many edits) are translated into the same announcement by the ORM receivers below.
A service suspends them while it does its bulk work and announces once at the end.
"""

import threading
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from . import models
from .vocabularies import OFFERING_RELATIONS

offerings_changed = Signal()  # sent with change=Change(...)


class Action(StrEnum):
    """What happened; the values are backoffice.OfferingChange.Action's, plus "deleted"."""

    CREATED = "created"
    EDITED = "edited"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    APPROVED = "approved"
    REJECTED = "rejected"
    ARCHIVED = "archived"
    REVERTED = "reverted"
    IMPORTED = "imported"
    MERGED = "merged"
    DELETED = "deleted"


@dataclass(frozen=True)
class Change:
    """One announcement. ``before`` maps offering id → snapshot (None for a new offering);
    it is given when the caller wants change history, and left None otherwise (CLI and feed
    imports, the demo, ORM edits). ``whole_catalog``: everything may have changed (demo)."""

    action: str
    offering_ids: tuple = ()
    deleted_ids: tuple = ()
    actor: object = None
    note: str = ""
    before: Mapping | None = field(default=None, compare=False)
    whole_catalog: bool = False

    @property
    def wants_history(self):
        return self.before is not None


_state = threading.local()


def announce(change):
    """Send ``change`` to every listener (nothing when it names no offering)."""
    if change.offering_ids or change.deleted_ids or change.whole_catalog:
        offerings_changed.send(sender=Change, change=change)


@contextmanager
def orm_announcements_suspended():
    """Skip the per-row announcements of the ORM receivers; for bulk writers that announce
    once at the end. (Deleting 100,000 runs with a queryset sends 100,000 post_delete.)"""
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def _edited(ids):
    if getattr(_state, "suspended", False):
        return
    ids = tuple(sorted({pk for pk in ids if pk is not None}))
    if ids:
        announce(Change(Action.EDITED, offering_ids=ids))


# -- ORM edits outside the services ----------------------------------------------------------
OFFERING_M2M = tuple(kind.through for kind in OFFERING_RELATIONS)


@receiver(post_save, sender=models.Offering)
def offering_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _edited([instance.pk])


@receiver(post_save, sender=models.Run)
@receiver(post_delete, sender=models.Run)
def run_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _edited([instance.offering_id])


@receiver(post_save, sender=models.Provider)
def provider_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _edited(instance.offerings.values_list("pk", flat=True))


@receiver(post_save, sender=models.Venue)
def venue_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _edited(instance.runs.values_list("offering_id", flat=True))


@receiver(post_delete, sender=models.Offering)
def offering_deleted(sender, instance, **kwargs):
    # Not suspended: listeners must drop what belongs to the deleted offering.
    announce(Change(Action.DELETED, deleted_ids=(instance.pk,)))


@receiver(m2m_changed)
def offering_terms_changed(sender, instance, action, **kwargs):
    # Changes from the vocabulary's side (topic.offerings.add) are search's business: it
    # bumps its version for every vocabulary change.
    if (sender in OFFERING_M2M and action.startswith("post_")
            and isinstance(instance, models.Offering)):
        _edited([instance.pk])


@receiver(m2m_changed, sender=models.Provider.quality_seals.through)
def provider_seals_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A provider's seals are a search filter on each of its offerings."""
    if action in ("post_add", "post_remove"):
        providers = list(pk_set or ()) if reverse else [instance.pk]
    elif action == "post_clear" and not reverse:
        providers = [instance.pk]
    elif action == "pre_clear" and reverse:
        # seal.providers.clear() names no providers afterwards: ask before. Listeners that
        # read the seals (search's facet index) do so after the commit, not now.
        providers = list(instance.providers.values_list("pk", flat=True))
    else:
        return
    _edited(models.Offering.objects.filter(provider_id__in=providers)
            .values_list("pk", flat=True))
