"""The office's review of offerings that wait for approval (status pending).

Approving publishes the offering and marks its provider as approved, so that the provider's
later edits go live without review (rules.can_publish_offering). Rejecting sends it back to
draft with a note that the provider reads in the offering's history.
"""

from django.db import transaction
from django.utils import timezone

from bildungsportal.catalog.models import Offering, Provider

from . import history
from .models import OfferingChange


class NotPending(Exception):
    """The offering no longer waits for approval (someone else decided already)."""


def pending_offerings():
    return (
        Offering.objects.filter(status=Offering.Status.PENDING)
        .select_related("provider")
        .order_by("updated_at", "id")
    )


def _lock_pending(offering_id):
    offering = Offering.objects.select_for_update().filter(pk=offering_id).first()
    if offering is None or offering.status != Offering.Status.PENDING:
        raise NotPending
    return offering


def approve(offering, user, note=""):
    """pending → published; the provider becomes approved if it was not yet."""
    with transaction.atomic():
        offering = _lock_pending(offering.pk)
        before = history.snapshot(offering)
        offering.status = Offering.Status.PUBLISHED
        offering.save()
        Provider.objects.filter(pk=offering.provider_id, approved_at__isnull=True).update(
            approved_at=timezone.now()
        )
        history.record(offering, user, OfferingChange.Action.APPROVED, before=before, note=note)
    return offering


def reject(offering, user, note):
    """pending → draft, with the office's reason for the provider."""
    with transaction.atomic():
        offering = _lock_pending(offering.pk)
        before = history.snapshot(offering)
        offering.status = Offering.Status.DRAFT
        offering.save()
        history.record(offering, user, OfferingChange.Action.REJECTED, before=before, note=note)
    return offering
