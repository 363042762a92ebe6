"""The one place that keeps search documents in step with the catalog.

It listens to the catalog's announcement (catalog/signals.py ``offerings_changed``), sent
once per change through the write path and for ORM edits outside it, and (re)indexes the
changed offerings in chunks, in the same transaction as the change, and logs them so every
process patches its in-memory index (indexing.log_changes). Vocabulary and synonym changes
make every process rebuild it (indexing.bump_version).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.signals import OFFERING_M2M, offerings_changed
from bildungsportal.places.models import Municipality, Region

from .indexing import CHUNK, bump_version, index_offerings, log_changes, rebuild_index
from .models import SearchDocument, SynonymGroup

VOCABULARIES = (
    catalog.LifePhase, catalog.Topic, catalog.TargetGroup, catalog.Format,
    catalog.FundingOption, catalog.Language, Municipality,
    Region,  # where offerings are shown (facet_index REGION pairs)
)


@receiver(offerings_changed)
def index_changes(sender, change, **kwargs):
    if change.whole_catalog:
        rebuild_index()
        return
    if change.deleted_ids:
        deleted = list(change.deleted_ids)
        for start in range(0, len(deleted), CHUNK):
            SearchDocument.objects.filter(offering_id__in=deleted[start:start + CHUNK]).delete()
        log_changes(deleted)
    ids = sorted(set(change.offering_ids))
    for start in range(0, len(ids), CHUNK):
        index_offerings(ids[start:start + CHUNK])


@receiver(m2m_changed)
def vocabulary_links_changed(sender, instance, action, **kwargs):
    # From the vocabulary's side (topic.offerings.add …); the offering's side is announced.
    if (sender in OFFERING_M2M and action.startswith("post_")
            and not isinstance(instance, catalog.Offering)):
        bump_version()
    # A provider's online regions move its online offerings between regions.
    if sender is catalog.Provider.online_regions.through and action.startswith("post_"):
        bump_version()


for vocabulary in (*VOCABULARIES, SynonymGroup):
    post_save.connect(lambda **kw: bump_version(), sender=vocabulary,
                      weak=False, dispatch_uid=f"bump-{vocabulary.__name__}")
    post_delete.connect(lambda **kw: bump_version(), sender=vocabulary,
                        weak=False, dispatch_uid=f"bump-del-{vocabulary.__name__}")
