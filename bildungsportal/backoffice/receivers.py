"""The one place that writes the change history (OfferingChange) of offerings.

It listens to the catalog's announcement (catalog/signals.py) and records one entry per
offering when the announcement carries the state before the change (``change.before``):
edits in the provider area and by the office, uploads, reviews, reverts, merges. Imports
from the command line or a feed, the demo generator and ORM edits carry none: their record
is the ImportRun, or nothing, as before.
"""

from django.dispatch import receiver

from bildungsportal.catalog.models import Offering
from bildungsportal.catalog.signals import offerings_changed

from . import history


@receiver(offerings_changed)
def record_history(sender, change, **kwargs):
    if not change.wants_history or not change.offering_ids:
        return
    offerings = Offering.objects.in_bulk(list(change.offering_ids))
    for pk in change.offering_ids:
        if pk in offerings:
            history.record(offerings[pk], change.actor, change.action,
                           before=change.before.get(pk), note=change.note)
