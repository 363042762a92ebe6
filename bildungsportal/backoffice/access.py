"""What a user's role lets them see in the provider area: the office sees everything,
provider staff their own providers' records."""

from bildungsportal.accounts import rules
from bildungsportal.catalog.models import Offering, Provider


def allowed_providers(user):
    if rules.is_office(user):
        return Provider.objects.all()
    return Provider.objects.filter(pk__in=rules.provider_ids(user))


def visible_offerings(user):
    """Every offering for the office, the provider's own for provider staff."""
    if rules.is_office(user):
        return Offering.objects.all()
    return Offering.objects.filter(provider_id__in=rules.provider_ids(user))
