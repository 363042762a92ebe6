"""Status transitions of an offering, shared by the provider screens and the office screens.

Each function checks the permission predicate, then moves the status through the catalog's
write path (catalog/services.py), which changes it in one transaction and announces it (the
change history listens). They raise ``PermissionDenied`` when the user may not do this, and
``TransitionError`` (with a German message) when the offering's current status does not
allow it; views turn both into a 404/403 or a message, never a 500.

The office's approve/reject live in backoffice/review.py and build on ``change_status``.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from bildungsportal.accounts import rules
from bildungsportal.catalog import services as catalog_services
from bildungsportal.catalog.models import Offering

from .models import OfferingChange

Status = Offering.Status


class TransitionError(Exception):
    """The offering's current status does not allow this step (message is German UI text)."""


def change_status(offering, user, new_status, action, *, allowed_from, note=""):
    """Move ``offering`` to ``new_status`` if its status is in ``allowed_from``; with history.

    Permission checks are the caller's job (the public functions below do them).
    """
    try:
        return catalog_services.change_status(
            offering, new_status, allowed_from=allowed_from, actor=user, action=action,
            note=note,
        )
    except catalog_services.StatusNotAllowed as error:
        raise TransitionError(
            _("Das ist im Status „%(status)s“ nicht möglich.")
            % {"status": error.offering.get_status_display()}
        ) from error


def publish(offering, user):
    """draft / pending / archived → published; needs rules.can_publish_offering."""
    if not rules.can_publish_offering(user, offering):
        raise PermissionDenied
    return change_status(
        offering, user, Status.PUBLISHED, OfferingChange.Action.PUBLISHED,
        allowed_from={Status.DRAFT, Status.PENDING, Status.ARCHIVED},
    )


def submit_for_review(offering, user):
    """draft / archived → pending (waits for the office); needs rules.can_submit_offering."""
    if not rules.can_submit_offering(user, offering):
        raise PermissionDenied
    return change_status(
        offering, user, Status.PENDING, OfferingChange.Action.SUBMITTED,
        allowed_from={Status.DRAFT, Status.ARCHIVED},
    )


def publish_or_submit(offering, user):
    """What the provider's "publish" button does: go live if allowed, otherwise submit."""
    if rules.can_publish_offering(user, offering):
        return publish(offering, user)
    return submit_for_review(offering, user)


def unpublish(offering, user):
    """published / pending → draft (taken offline or withdrawn); needs can_edit_offering."""
    if not rules.can_edit_offering(user, offering):
        raise PermissionDenied
    # OfferingChange has no own action for this; "edited" with a note keeps the diff.
    return change_status(
        offering, user, Status.DRAFT, OfferingChange.Action.EDITED,
        allowed_from={Status.PUBLISHED, Status.PENDING}, note="zurückgezogen",
    )


def archive(offering, user):
    """Any status except archived → archived; needs can_edit_offering."""
    if not rules.can_edit_offering(user, offering):
        raise PermissionDenied
    return change_status(
        offering, user, Status.ARCHIVED, OfferingChange.Action.ARCHIVED,
        allowed_from={Status.DRAFT, Status.PENDING, Status.PUBLISHED},
    )
