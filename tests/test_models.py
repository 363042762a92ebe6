"""The catalog's database constraints: what the database itself refuses."""

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction

from bildungsportal.catalog import models as catalog
from bildungsportal.places.models import Municipality


@pytest.fixture
def offering(db):
    town = Municipality.objects.create(
        ags="06431002", name="Bensheim", official_name="Bensheim, Stadt", slug="bensheim",
        latitude=49.68, longitude=8.62, population=40993,
    )
    fmt = catalog.Format.objects.create(slug="praesenz", name="Präsenz")
    provider = catalog.Provider.objects.create(name="VHS Bensheim", kind="vhs")
    offering = catalog.Offering.objects.create(provider=provider, title="Yoga", format=fmt)
    offering.venue = catalog.Venue.objects.create(name="Saal", municipality=town)
    return offering


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_slugs_are_derived_from_names(offering):
    assert offering.slug == "yoga"
    assert offering.provider.slug == "vhs-bensheim"
    assert offering.get_absolute_url() == f"/angebote/{offering.pk}-yoga/"


def test_offering_price_constraints(offering):
    fields = {"provider": offering.provider, "format": offering.format, "title": "x"}
    refused(lambda: catalog.Offering.objects.create(**fields, is_free=True, price_cents=500))
    refused(lambda: catalog.Offering.objects.create(
        **fields, price_cents=500, price_reduced_cents=900
    ))
    refused(lambda: catalog.Offering.objects.create(**fields, price_reduced_cents=300))
    catalog.Offering.objects.create(**fields, is_free=True)
    catalog.Offering.objects.create(**fields, price_cents=500, price_reduced_cents=300)


def test_source_and_external_id_are_unique_when_given(offering):
    fields = {"provider": offering.provider, "format": offering.format, "title": "x",
              "source": "vhs"}
    catalog.Offering.objects.create(**fields, external_id="A1")
    refused(lambda: catalog.Offering.objects.create(**fields, external_id="A1"))
    catalog.Offering.objects.create(**{**fields, "source": "ba"}, external_id="A1")
    catalog.Offering.objects.create(**fields)  # no external id: never a duplicate
    catalog.Offering.objects.create(**fields)


def test_run_constraints(offering):
    venue = offering.venue

    def run(**fields):
        return lambda: catalog.Run.objects.create(offering=offering, **fields)

    refused(run(venue=venue, start_date=date(2027, 2, 1), end_date=date(2027, 1, 1)))
    refused(run(venue=venue, start_date=date(2027, 1, 1), start_time=time(18),
                end_time=time(17)))
    refused(run(start_date=date(2027, 1, 1)))  # neither venue nor online
    refused(run(venue=venue, recurrence="once"))  # a one-off run needs its date
    refused(run(venue=venue, start_date=date(2027, 1, 1), weekdays=128))
    run(venue=venue, recurrence="standing", weekdays=2)()  # homework help every Tuesday
    run(is_online=True, start_date=date(2027, 1, 1))()


def test_venue_coordinates_must_be_on_earth(offering):
    town = offering.venue.municipality
    refused(lambda: catalog.Venue.objects.create(name="x", municipality=town, latitude=91))
    refused(lambda: catalog.Venue.objects.create(name="x", municipality=town, longitude=-181))


def test_run_weekdays_and_price_fall_back_sensibly(offering):
    offering.price_cents = 4500
    offering.save()
    one_off = catalog.Run.objects.create(
        offering=offering, venue=offering.venue, start_date=date(2027, 1, 5)
    )
    assert one_off.weekday_numbers == [1]  # a Tuesday, derived from the date
    assert one_off.effective_price_cents == 4500
    one_off.price_cents = 3000
    assert one_off.effective_price_cents == 3000
    assert one_off.is_past(today=date(2027, 1, 6))
    assert not one_off.is_past(today=date(2027, 1, 5))


def test_dqr_level_range(db):
    refused(lambda: catalog.DqrLevel.objects.create(level=9, name="Niveau 9"))
    refused(lambda: catalog.DqrLevel.objects.create(level=0, name="Niveau 0"))
