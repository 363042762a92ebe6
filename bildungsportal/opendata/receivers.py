"""Writes the change feed (models.FeedEntry) from the catalog's one announcement."""

from django.dispatch import receiver

from bildungsportal.catalog.signals import offerings_changed

from .log import record_change


@receiver(offerings_changed)
def offerings_changed_receiver(sender, change, **kwargs):
    record_change(change)
