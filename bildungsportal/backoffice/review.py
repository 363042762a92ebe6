"""The office's review of offerings that wait for approval (status pending).

Approving publishes the offering and marks its provider as approved, so that the provider's
later edits go live without review (rules.can_publish_offering). Rejecting sends it back to
draft with a note that the provider reads in the offering's history.
"""

from django.db import transaction
from django.utils import timezone

from bildungsportal.accounts import rules
from bildungsportal.catalog.models import Offering, Provider
from bildungsportal.catalog.regions import offerings_in_region
from bildungsportal.places.regions import current_region

from .models import OfferingChange
from .services import TransitionError, change_status


class NotPending(Exception):
    """The offering no longer waits for approval (someone else decided already)."""


def pending_offerings(region=None):
    """The offerings waiting for approval that are shown in `region` (default: the current)."""
    return (
        offerings_in_region(region or current_region())
        .filter(status=Offering.Status.PENDING)
        .select_related("provider")
        .order_by("updated_at", "id")
    )


def _decide(offering, user, new_status, action, note):
    try:
        return change_status(
            offering, user, new_status, action,
            allowed_from={Offering.Status.PENDING}, note=note,
        )
    except (TransitionError, Offering.DoesNotExist) as error:
        raise NotPending from error


def approve(offering, user, note=""):
    """pending → published; the provider becomes approved if it was not yet, when the
    approving office is that of the provider's home region (another region's office frees
    this one offering, not the provider's future edits)."""
    with transaction.atomic():
        _decide(offering, user, Offering.Status.PUBLISHED, OfferingChange.Action.APPROVED, note)
        if user is None or rules.is_office_for_provider(user, offering.provider):
            Provider.objects.filter(pk=offering.provider_id, approved_at__isnull=True).update(
                approved_at=timezone.now()
            )
    return offering


def reject(offering, user, note):
    """pending → draft, with the office's reason for the provider."""
    return _decide(offering, user, Offering.Status.DRAFT, OfferingChange.Action.REJECTED, note)
