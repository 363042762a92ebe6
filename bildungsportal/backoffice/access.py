"""What a user's role lets them see in the provider area: the office the records of the
request's region (offerings shown there, providers at home there), provider staff their own
providers' records in every region."""

from bildungsportal.accounts import rules
from bildungsportal.catalog.models import Offering, Provider
from bildungsportal.catalog.regions import offerings_in_region, providers_at_home_in
from bildungsportal.places.regions import current_region


def allowed_providers(user):
    if rules.is_office(user):
        return providers_at_home_in(current_region()) | Provider.objects.filter(
            pk__in=rules.provider_ids(user))
    return Provider.objects.filter(pk__in=rules.provider_ids(user))


def visible_offerings(user):
    """The region's offerings for the office, the provider's own for provider staff."""
    if rules.is_office(user):
        return offerings_in_region(current_region()) | Offering.objects.filter(
            provider_id__in=rules.provider_ids(user))
    return Offering.objects.filter(provider_id__in=rules.provider_ids(user))
