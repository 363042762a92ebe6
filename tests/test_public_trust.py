"""Issue 13 on the public side: facts that agree, search that does not dead-end, sitemap,
the provider list, the set-up's language."""

from datetime import timedelta

import pytest

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.formatting import describe_run
from bildungsportal.search.indexing import rebuild_index
from tests import factories
from tests.test_views import text_of

pytestmark = pytest.mark.django_db
TODAY = factories.TODAY


@pytest.fixture
def data():
    return factories.small_catalog()


# -- 2. facts that agree ----------------------------------------------------------------
def test_offering_without_booking_has_no_registration_button(client, data):
    english = data["english"]
    english.runs.update(booking_status=catalog.Run.BookingStatus.NO_BOOKING)

    response = client.get(english.get_absolute_url())

    html = response.content.decode()
    assert "Zur Anmeldung" not in html
    assert "Ohne Anmeldung: Sie können einfach vorbeikommen." in text_of(response)
    # With one run that takes bookings, the button is back.
    english.runs.filter(pk=data["once"].pk).update(booking_status=catalog.Run.BookingStatus.OPEN)
    assert "Zur Anmeldung beim Anbieter" in client.get(english.get_absolute_url()).content.decode()


def test_single_day_run_is_never_weekly(client, data):
    once = data["once"]
    # A one-off date imported with its weekday bit, and a "weekly" run with one session.
    once.weekdays = catalog.Run.WEEKDAY_BITS[once.start_date.weekday()]
    once.save()
    one_session = factories.run(
        data["english"], data["haus"], days=30, end_date=TODAY + timedelta(days=30),
        recurrence=catalog.Run.Recurrence.WEEKLY,
    )
    for run in (once, one_session):
        assert "wöchentlich" not in describe_run(run).weekdays
        assert not describe_run(run).dates.startswith("ab ")
    block = factories.run(
        data["english"], data["haus"], days=50, end_date=TODAY + timedelta(days=51),
        weekdays=catalog.Run.WEEKDAY_BITS[(TODAY + timedelta(days=50)).weekday()]
        | catalog.Run.WEEKDAY_BITS[(TODAY + timedelta(days=51)).weekday()],
    )
    assert describe_run(block).weekdays.startswith("an diesen Tagen:")
    assert describe_run(data["weekly"]).weekdays.startswith("wöchentlich:")

    page = text_of(client.get(data["english"].get_absolute_url()))
    assert page.count("wöchentlich") == 1  # only the real weekly course
    body = client.get(f"/api/v1/offerings/{data['english'].pk}").json()
    recurrences = {run["id"]: run["recurrence"] for run in body["runs"]}
    assert recurrences[one_session.pk] == "once"
    assert recurrences[data["weekly"].pk] == "weekly"


@pytest.fixture
def sealed(data):
    seal = catalog.QualitySeal.objects.create(slug="azav", name="AZAV-zertifiziert")
    data["vhs"].quality_seals.add(seal)
    rebuild_index()
    return seal


def test_quality_seal_shows_on_the_offering_page(client, data, sealed):
    html = client.get(data["english"].get_absolute_url()).content.decode()
    assert "AZAV-zertifiziert" in html
    assert 'href="/angebote/?seal=azav"' in html


def test_quality_seal_is_a_search_filter(client, data, sealed):
    response = client.get("/angebote/?seal=azav")
    text = text_of(response)
    assert "2 Angebote" in text  # the two VHS offerings, not the music school's
    assert "Gitarre" not in text
    assert "Qualitätssiegel" in text and 'name="seal"' in response.content.decode()

    body = client.get("/api/v1/offerings?seal=azav").json()
    assert body["count"] == 2
    seal_facet = next(f for f in body["facets"] if f["name"] == "seal")
    assert seal_facet["values"][0] == {
        "value": "azav", "label": "AZAV-zertifiziert", "count": 2, "selected": True,
    }
    assert client.get("/api/v1/offerings?seal=unbekannt").status_code == 400


def test_numbers_use_german_thousands_separators(client, data):
    data["bensheim"].population = 40993
    data["bensheim"].save()
    assert "40.993" in text_of(client.get("/orte/bensheim/"))
    assert "66.993 Einwohnerinnen" in text_of(client.get("/orte/"))
