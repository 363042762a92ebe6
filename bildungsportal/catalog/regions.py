"""In which regions an offering is shown (issue 15): one rule, for the search, pages and exports.

- a run at a venue in a town of a region: that region;
- a run at a venue outside every region of the instance (a neighbour city, a place without a
  town) and an offering without runs: the provider's home region;
- an online run: the regions the provider chose for its online offerings, else its home region.

The home region is the region of the provider's town, else the instance's default region.
"""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from bildungsportal.places.regions import default_region

from .models import Offering, Provider, Run


def provider_home_region_ids(provider_ids=None):
    """{provider id: home region id} for the given providers (all when None)."""
    default = default_region().pk
    providers = Provider.objects.all()
    if provider_ids is not None:
        providers = providers.filter(pk__in=provider_ids)
    return {pk: region or default
            for pk, region in providers.values_list("pk", "municipality__region_id")}


def region_ids_by_offering(offering_ids=None):
    """{offering id: frozenset of region ids} by the rule above, in four queries."""
    offerings = Offering.objects.all()
    if offering_ids is not None:
        offerings = offerings.filter(pk__in=offering_ids)
    owner = dict(offerings.values_list("pk", "provider_id"))
    home = provider_home_region_ids(set(owner.values()))
    online = defaultdict(set)
    for provider_id, region_id in Provider.online_regions.through.objects.filter(
        provider_id__in=set(owner.values())
    ).values_list("provider_id", "region_id"):
        online[provider_id].add(region_id)

    regions = defaultdict(set)
    runs = Run.objects.filter(offering_id__in=owner.keys()) if offering_ids is not None \
        else Run.objects.all()
    for offering_id, is_online, venue_id, region_id in runs.values_list(
        "offering_id", "is_online", "venue_id", "venue__municipality__region_id"
    ):
        provider_id = owner.get(offering_id)
        if provider_id is None:
            continue
        if region_id is not None:
            regions[offering_id].add(region_id)
        elif is_online and not venue_id:
            regions[offering_id].update(online[provider_id] or {home[provider_id]})
        else:
            regions[offering_id].add(home[provider_id])
        if is_online and venue_id:  # hybrid: the place and the online audience
            regions[offering_id].update(online[provider_id] or {home[provider_id]})
    return {pk: frozenset(regions[pk] or {home[provider_id]}) for pk, provider_id in owner.items()}


def offering_region_ids(offering):
    """The region ids of one offering."""
    return region_ids_by_offering([offering.pk]).get(offering.pk, frozenset())


def _home_is(region, prefix=""):
    """Q: the provider (at `prefix`) has `region` as its home region."""
    home = Q(**{f"{prefix}municipality__region": region})
    if region.is_default:
        home |= Q(**{f"{prefix}municipality__region__isnull": True})
    return home


def providers_at_home_in(region):
    """Providers whose home region is `region` (their town's, else the default)."""
    return Provider.objects.filter(_home_is(region))


def offerings_in_region(region, offerings=None):
    """The offerings shown in `region`: the same rule as `region_ids_by_offering`, in SQL, for
    the office's lists and exports (one query, no per-offering work)."""
    offerings = Offering.objects.all() if offerings is None else offerings
    home = _home_is(region, "provider__")
    chose_online = Provider.online_regions.through.objects.filter(
        provider_id=OuterRef("provider_id"))
    online_here = Q(Exists(chose_online.filter(region=region))) | (
        ~Q(Exists(chose_online)) & home)
    runs = Run.objects.filter(offering=OuterRef("pk"))
    placed_here = runs.filter(venue__municipality__region=region)
    placed_outside = runs.filter(venue__isnull=False, venue__municipality__region__isnull=True)
    online = runs.filter(is_online=True)
    return offerings.filter(
        Q(Exists(placed_here))
        | (Q(Exists(placed_outside)) & home)
        | (Q(Exists(online)) & online_here)
        | (~Q(Exists(runs)) & home)
    )
