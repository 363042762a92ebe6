"""Permission predicates: small functions of (user, object), tested as a role × state matrix.

Every view, API endpoint and command that changes data asks one of these. They never raise
and treat anonymous and inactive users as having no rights.
"""

from .models import OFFICE_GROUP


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_signed_in(user):
    """Any active, logged-in user: pages that check their object themselves."""
    return _active(user)


def is_admin(user):
    return _active(user) and user.is_superuser


def is_office(user):
    """Education office editors (and admins): review and curate everything."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_office"):
        user._is_office = user.groups.filter(name=OFFICE_GROUP).exists()
    return user._is_office


def provider_ids(user):
    """The ids of the providers a user works for (cached on the user object)."""
    if not _active(user):
        return frozenset()
    if not hasattr(user, "_provider_ids"):
        user._provider_ids = frozenset(user.memberships.values_list("provider_id", flat=True))
    return user._provider_ids


def is_provider_staff(user):
    return bool(provider_ids(user))


def can_use_backoffice(user):
    return is_office(user) or is_provider_staff(user)


def can_edit_provider(user, provider):
    return is_office(user) or (provider is not None and provider.pk in provider_ids(user))


def can_invite(user, provider=None):
    """The office invites anyone; provider staff invite colleagues to their own provider."""
    if is_office(user):
        return True
    return provider is not None and provider.pk in provider_ids(user)


def can_view_offering(user, offering):
    """Published offerings are public; drafts etc. only for their provider and the office."""
    if offering.status == offering.Status.PUBLISHED:
        return True
    return can_edit_offering(user, offering)


def can_edit_offering(user, offering):
    return is_office(user) or offering.provider_id in provider_ids(user)


def can_publish_offering(user, offering):
    """Publishing goes live directly for the office and for approved providers.

    Staff of a provider the office has not yet approved may only submit for review.
    """
    if is_office(user):
        return True
    return can_edit_offering(user, offering) and offering.provider.approved_at is not None


def can_submit_offering(user, offering):
    return can_edit_offering(user, offering)


def can_review(user):
    return is_office(user)


def can_edit_vocabularies(user):
    return is_office(user)


def can_manage_surveys(user):
    return is_office(user)


def can_view_survey_results(user):
    return is_office(user)


def can_publish_import(user, provider):
    """What ``user`` imports for ``provider`` goes live directly (else it waits for review):
    the command line (no user), the office, and staff of an approved provider."""
    if user is None or is_office(user):
        return True
    return can_edit_provider(user, provider) and provider.approved_at is not None
