"""Permission predicates: small functions of (user, object), tested as a role × state matrix.

Every view, API endpoint and command that changes data asks one of these. They never raise
and treat anonymous and inactive users as having no rights.

Regions (issue 15): the office's rights hold in its own region only. A predicate's `region`
is the running request's (`current_region()`, set by the host name) unless one is passed; an
office editor of region A is no office editor on region B's host. Over an offering the office
needs it shown in its region, over a provider the provider at home there (catalog/regions.py).
Provider staff keep their own providers' rights in every region; superusers have all rights.
"""

from bildungsportal.catalog.regions import offering_region_ids, provider_home_region_ids
from bildungsportal.places.regions import current_region


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_signed_in(user):
    """Any active, logged-in user: pages that check their object themselves."""
    return _active(user)


def is_admin(user):
    return _active(user) and user.is_superuser


def _region_pk(region):
    """The id of `region` (a Region or an id), the current region's when None."""
    if region is None:
        region = current_region()
    return getattr(region, "pk", region)


def office_region_ids(user):
    """The ids of the regions whose office a user works in (cached on the user object)."""
    if not _active(user):
        return frozenset()
    if not hasattr(user, "_office_region_ids"):
        user._office_region_ids = frozenset(
            user.office_memberships.values_list("region_id", flat=True))
    return user._office_region_ids


def is_office(user, region=None):
    """Education office editors of the region (and admins): review and curate its catalog."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return _region_pk(region) in office_region_ids(user)


def is_office_for_provider(user, provider, region=None):
    """Office rights over a provider: an editor of the region the provider is at home in."""
    if not is_office(user, region):
        return False
    if user.is_superuser or provider is None:
        return True
    home = provider_home_region_ids([provider.pk]).get(provider.pk)
    return home == _region_pk(region)


def is_office_for_offering(user, offering, region=None):
    """Office rights over an offering: an editor of a region the offering is shown in."""
    if not is_office(user, region):
        return False
    if user.is_superuser:
        return True
    return _region_pk(region) in offering_region_ids(offering)


def provider_ids(user):
    """The ids of the providers a user works for (cached on the user object)."""
    if not _active(user):
        return frozenset()
    if not hasattr(user, "_provider_ids"):
        user._provider_ids = frozenset(user.memberships.values_list("provider_id", flat=True))
    return user._provider_ids


def is_provider_staff(user):
    return bool(provider_ids(user))


def can_use_backoffice(user, region=None):
    return is_office(user, region) or is_provider_staff(user)


def can_edit_provider(user, provider, region=None):
    if provider is not None and provider.pk in provider_ids(user):
        return True
    return is_office_for_provider(user, provider, region)


def can_invite(user, provider=None, region=None):
    """The office invites anyone to its region (staff of providers at home there);
    provider staff invite colleagues to their own provider."""
    if provider is not None and provider.pk in provider_ids(user):
        return True
    return is_office_for_provider(user, provider, region)


def can_view_offering(user, offering, region=None):
    """Published offerings are public; drafts etc. only for their provider and the office."""
    if offering.status == offering.Status.PUBLISHED:
        return True
    return can_edit_offering(user, offering, region)


def can_edit_offering(user, offering, region=None):
    if offering.provider_id in provider_ids(user):
        return True
    return is_office_for_offering(user, offering, region)


def can_publish_offering(user, offering, region=None):
    """Publishing goes live directly for the office and for approved providers.

    Staff of a provider the office has not yet approved may only submit for review.
    """
    if is_office_for_offering(user, offering, region):
        return True
    return offering.provider_id in provider_ids(user) and offering.provider.approved_at is not None


def can_submit_offering(user, offering, region=None):
    return can_edit_offering(user, offering, region)


def can_review(user, region=None):
    return is_office(user, region)


def can_edit_vocabularies(user, region=None):
    return is_office(user, region)


def can_manage_surveys(user, region=None):
    return is_office(user, region)


def can_view_survey_results(user, region=None):
    return is_office(user, region)


def can_manage_survey(user, survey):
    """One survey: an office editor of the survey's own region (or an admin)."""
    return is_office(user, survey.region_id)


def can_publish_import(user, provider, region=None):
    """What ``user`` imports for ``provider`` goes live directly (else it waits for review):
    the command line (no user), the office of the provider's home region, and staff of an
    approved provider."""
    if user is None or is_office_for_provider(user, provider, region):
        return True
    return can_edit_provider(user, provider, region) and provider.approved_at is not None
