"""Keep search documents and the index version in step with edits made through the ORM.

Bulk writes (demo generator, importers) bypass signals and call indexing functions directly.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from bildungsportal.catalog import models as catalog
from bildungsportal.places.models import Municipality

from .indexing import bump_version, index_offerings
from .models import SearchDocument, SynonymGroup

OFFERING_M2M = (
    catalog.Offering.topics.through,
    catalog.Offering.life_phases.through,
    catalog.Offering.target_groups.through,
    catalog.Offering.languages.through,
    catalog.Offering.funding_options.through,
)
VOCABULARIES = (
    catalog.LifePhase, catalog.Topic, catalog.TargetGroup, catalog.Format,
    catalog.FundingOption, catalog.Language, Municipality,
)


_state = threading.local()


@contextmanager
def indexing_suspended():
    """Skip the per-row re-indexing; for bulk writers that index once at the end.

    Deleting runs with a queryset sends one post_delete per run, and each would re-index its
    offering: an import replacing 100,000 runs would index 100,000 times.
    """
    previous = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = previous


def _reindex(ids):
    # In the same transaction as the edit: the document changes (or not) with it.
    if getattr(_state, "suspended", False):
        return
    ids = set(ids)
    if ids:
        index_offerings(ids)


@receiver(post_save, sender=catalog.Offering)
def offering_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex([instance.pk])


@receiver(post_save, sender=catalog.Run)
@receiver(post_delete, sender=catalog.Run)
def run_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex([instance.offering_id])


@receiver(post_save, sender=catalog.Provider)
def provider_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex(instance.offerings.values_list("pk", flat=True))


@receiver(post_save, sender=catalog.Venue)
def venue_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _reindex(instance.runs.values_list("offering_id", flat=True))


@receiver(post_delete, sender=catalog.Offering)
def offering_deleted(sender, instance, **kwargs):
    # Deleting its runs first re-indexed the offering; that document must go with it.
    SearchDocument.objects.filter(offering_id=instance.pk).delete()
    bump_version()


@receiver(m2m_changed)
def offering_terms_changed(sender, instance, action, **kwargs):
    if sender in OFFERING_M2M and action.startswith("post_"):
        if isinstance(instance, catalog.Offering):
            _reindex([instance.pk])
        else:
            bump_version()


for vocabulary in (*VOCABULARIES, SynonymGroup):
    post_save.connect(lambda **kw: bump_version(), sender=vocabulary,
                      weak=False, dispatch_uid=f"bump-{vocabulary.__name__}")
    post_delete.connect(lambda **kw: bump_version(), sender=vocabulary,
                        weak=False, dispatch_uid=f"bump-del-{vocabulary.__name__}")
