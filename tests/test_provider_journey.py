"""The whole provider journey through real HTTP requests (issue 4, "Done when").

Invitation → account → offerings by form (office review for a new provider), by spreadsheet
upload and by feed → the office curates and sees freshness. Only the invitation mail is read
from the outbox and the feed is served by a tiny HTTP server on 127.0.0.1 (as in
tests/test_feeds.py); everything else goes through the pages.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bildungsportal.backoffice import feed_views
from bildungsportal.catalog.models import Offering, Provider
from bildungsportal.ingest.models import Feed
from tests import factories
from tests.feed_server import FeedServer
from tests.test_backoffice_provider import offering_post

pytestmark = pytest.mark.django_db

PASSWORD = "Tanz-und-Takt-2027!"

UPLOAD_CSV = (
    "Angebots-ID;Titel;Kurzbeschreibung;Themen;Lebensphasen;Format;Preis;Rhythmus;Beginn;Ende;"
    "Wochentage;von;bis;Veranstaltungsort;Straße;PLZ;Ort;online\n"
    "T-1;Origami für Familien;Falten mit Papier.;Gesundheit;Weiterbildung & Beruf;Präsenzkurs;"
    "12,50 €;wöchentlich;01.03.2027;29.03.2027;Mo;17:00;18:30;Haus am Markt;Marktplatz 1;"
    "64625;Bensheim;nein\n"
    "T-2;Kalligrafie am Wochenende;Schöne Schrift.;Sprachen;;Präsenzkurs;kostenlos;einmalig;"
    "06.03.2027;;;10:00;16:00;Haus am Markt;Marktplatz 1;64625;Bensheim;nein\n"
)

FEED_ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tanzschule//DE\r\n"
    b"BEGIN:VEVENT\r\nUID:salsa-1@tanzschule.example\r\nSUMMARY:Salsa Schnupperabend\r\n"
    b"DESCRIPTION:Tanzen ohne Vorkenntnisse.\r\nDTSTART:20270305T190000\r\n"
    b"DTEND:20270305T210000\r\nLOCATION:Online\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:tango-1@tanzschule.example\r\nSUMMARY:Tango Argentino Workshop\r\n"
    b"DTSTART:20270312T190000\r\nDTEND:20270312T210000\r\nLOCATION:Online\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


@pytest.fixture
def feed_server():
    server = FeedServer(FEED_ICS, path="kurse.ics", content_type="text/calendar; charset=utf-8")
    yield server
    server.close()


@pytest.fixture(autouse=True)
def uploads(tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"


@pytest.fixture
def loopback_feeds_allowed(monkeypatch, settings):
    """The feed form and the fetcher refuse internal addresses (SSRF guard, tested in
    test_feeds.py); this test's own loopback server is let through."""
    settings.FEED_ALLOW_PRIVATE = True
    original = feed_views.is_private_host
    monkeypatch.setattr(feed_views, "is_private_host",
                        lambda host: host != "127.0.0.1" and original(host))


def form_errors(response):
    """The form's error messages, to show why a POST did not redirect."""
    return re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)


def search_page(client, query):
    response = client.get(reverse("catalog:search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_provider_journey_from_invitation_to_published_and_fresh(
    client, feed_server, loopback_feeds_allowed
):
    data = factories.small_catalog()
    office = Client()
    office.force_login(factories.user("buero", office=True))
    public = Client()
    new_provider = factories.provider(
        "Tanzschule Lindenfels", municipality=data["bensheim"],
        kind=Provider.Kind.COMPANY, email="info@tanzschule.example",
    )
    assert new_provider.approved_at is None

    # 1. The office invites; the invited person accepts with their own username and password.
    response = office.post(reverse("accounts:invite"), {
        "email": "lena@tanzschule.example", "role": "provider", "provider": new_provider.pk,
    })
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["lena@tanzschule.example"]
    link = re.search(r"http://testserver(/konto/einladung/[^/\s]+/)", message.body).group(1)
    staff = client
    assert "Tanzschule Lindenfels" in staff.get(link).content.decode()
    response = staff.post(link, {"username": "lena", "password1": PASSWORD,
                                 "password2": PASSWORD})
    assert response.status_code == 302
    assert staff.get(reverse("backoffice:home")).status_code == 200  # logged in
    # The chosen password works for a later login as well.
    later = Client()
    response = later.post(reverse("accounts:login"), {"username": "lena", "password": PASSWORD})
    assert response.status_code == 302
    assert later.get(reverse("backoffice:home")).status_code == 200
    # Used links do not work twice.
    assert Client().get(link).status_code == 410

    # 2. By form: create, submit → pending (new provider), invisible to the public.
    # A new provider has no venues yet: the first one is entered with the offering.
    post = offering_post(data, **{
        "title": "Discofox für Einsteiger", "registration_url": "https://tanzschule.example/d",
        "termine-0-place": "", "termine-0-new_venue_name": "Tanzsaal Lindenfels",
        "termine-0-new_venue_street": "Burgstraße 3", "termine-0-new_venue_postcode": "64646",
    })
    response = staff.post(reverse("backoffice:offering-create", args=[new_provider.pk]), post)
    assert response.status_code == 302, form_errors(response)
    offering = Offering.objects.get(title="Discofox für Einsteiger")
    assert offering.provider == new_provider and offering.status == "draft"
    assert offering.runs.get().recurrence == "weekly"
    response = staff.post(reverse("backoffice:offering-publish", args=[offering.pk]))
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.status == "pending"
    assert "Discofox für Einsteiger" not in search_page(public, "Discofox")
    assert public.get(offering.get_absolute_url()).status_code == 404

    # The office finds it in the review queue and approves it.
    queue = office.get(reverse("backoffice:review-queue")).content.decode()
    assert "Discofox für Einsteiger" in queue
    response = office.post(reverse("backoffice:review-decide", args=[offering.pk]),
                           {"decision": "approve", "note": ""}, follow=True)
    assert "„Discofox für Einsteiger“ ist freigegeben und veröffentlicht." in (
        response.content.decode())
    offering.refresh_from_db()
    new_provider.refresh_from_db()
    assert offering.status == "published"
    assert new_provider.approved_at is not None
    assert "Discofox für Einsteiger" in search_page(public, "Discofox")
    assert public.get(offering.get_absolute_url()).status_code == 200
    assert "Discofox für Einsteiger" not in office.get(
        reverse("backoffice:review-queue")).content.decode()

    # A later edit by the (now approved) provider goes live without review.
    run = offering.runs.get()
    assert run.venue.name == "Tanzsaal Lindenfels" and run.venue.provider == new_provider
    edit = offering_post(data, **{
        "title": "Discofox für Einsteiger und Paare",
        "registration_url": "https://tanzschule.example/d", "termine-INITIAL_FORMS": "1",
        "termine-0-id": run.pk, "termine-0-place": run.venue.pk,
    })
    response = staff.post(reverse("backoffice:offering-edit", args=[offering.pk]), edit)
    assert response.status_code == 302, form_errors(response)
    offering.refresh_from_db()
    assert offering.status == "published"
    assert offering.title == "Discofox für Einsteiger und Paare"
    page = public.get(offering.get_absolute_url(), follow=True)
    assert page.status_code == 200
    assert "Discofox für Einsteiger und Paare" in page.content.decode()
    assert "Discofox für Einsteiger und Paare" in search_page(public, "Paare")

    # 3. By spreadsheet: upload → preview → confirm → published and searchable.
    response = staff.post(reverse("backoffice:upload"), {
        "provider": new_provider.pk, "format": "csv",
        "file": SimpleUploadedFile("angebote.csv", UPLOAD_CSV.encode("utf-8")),
    })
    assert response.status_code == 302, form_errors(response)
    preview = staff.get(response.url)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Origami für Familien" in html and "Kalligrafie am Wochenende" in html
    assert not Offering.objects.filter(title="Origami für Familien").exists()  # only a preview
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    response = staff.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": "all"})
    assert response.status_code == 302, form_errors(response)
    assert staff.get(response.url).status_code == 200
    uploaded = Offering.objects.filter(provider=new_provider, external_id__in=["T-1", "T-2"])
    assert sorted(uploaded.values_list("title", "status")) == [
        ("Kalligrafie am Wochenende", "published"), ("Origami für Familien", "published")]
    assert "Origami für Familien" in search_page(public, "Origami")
    assert "Kalligrafie am Wochenende" in search_page(public, "Kalligrafie")
    origami = uploaded.get(external_id="T-1")
    assert public.get(origami.get_absolute_url()).status_code == 200

    # 4. By feed: register the URL, cron's `sync` pulls it, the offerings are live.
    response = staff.post(reverse("backoffice:feeds"), {
        "provider": new_provider.pk, "url": feed_server.url, "format": "ical",
    })
    assert response.status_code == 302, form_errors(response)
    feed = Feed.objects.get(provider=new_provider)
    assert "noch nicht abgerufen" in staff.get(reverse("backoffice:feeds")).content.decode()
    out, err = StringIO(), StringIO()
    try:
        call_command("sync", stdout=out, stderr=err)
    except CommandError:
        pytest.fail(f"sync failed: {err.getvalue()}")
    assert "1 feeds fetched, 0 failed." in out.getvalue()
    feed.refresh_from_db()
    assert feed.last_status == "ok" and feed.last_error == ""
    from_feed = Offering.objects.filter(provider=new_provider, source__startswith="ical")
    assert sorted(from_feed.values_list("title", "status")) == [
        ("Salsa Schnupperabend", "published"), ("Tango Argentino Workshop", "published")]
    assert "Salsa Schnupperabend" in search_page(public, "Salsa")
    assert "Tango Argentino Workshop" in search_page(public, "Tango")
    feeds_page = staff.get(reverse("backoffice:feeds")).content.decode()
    assert feed_server.url in feeds_page and "erfolgreich importiert" in feeds_page
    assert feed_server.url in office.get(reverse("backoffice:feeds-all")).content.decode()

    # 5. Freshness: 13 months without a change → flagged to the office and the provider.
    stale_list = office.get(reverse("backoffice:stale")).content.decode()
    assert "Discofox für Einsteiger und Paare" not in stale_list
    Offering.objects.filter(pk=offering.pk).update(
        updated_at=timezone.now() - timedelta(days=395))
    stale_list = office.get(reverse("backoffice:stale")).content.decode()
    assert "Discofox für Einsteiger und Paare" in stale_list
    assert "Origami für Familien" not in stale_list
    dashboard = staff.get(reverse("backoffice:home"))
    stale = {row.offering.title: row.stale for row in dashboard.context["rows"]}
    assert stale["Discofox für Einsteiger und Paare"] is True
    assert stale["Origami für Familien"] is False and stale["Salsa Schnupperabend"] is False
    assert "veraltet" in dashboard.content.decode()
