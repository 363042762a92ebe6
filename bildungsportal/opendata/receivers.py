"""Writes the change feed (models.FeedEntry) from the catalog's one announcement."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.signals import offerings_changed
from bildungsportal.places.models import Municipality

from .log import forget_bodies, record_change

# Names the stored bodies carry without an offerings_changed when they are edited.
NAMED_IN_BODIES = (catalog.LifePhase, catalog.Topic, catalog.TargetGroup, catalog.Format,
                   catalog.FundingOption, catalog.Language, catalog.DqrLevel, Municipality)


@receiver(offerings_changed)
def offerings_changed_receiver(sender, change, **kwargs):
    record_change(change)


def vocabulary_changed(sender, raw=False, **kwargs):
    if not raw:
        forget_bodies()


for model in NAMED_IN_BODIES:
    post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"opendata-{model.__name__}")
    post_delete.connect(vocabulary_changed, sender=model,
                        dispatch_uid=f"opendata-del-{model.__name__}")
