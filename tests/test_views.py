"""The public pages through the Django test client: status codes, redirects, content."""

import html as htmllib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from bildungsportal.catalog.formatting import price_text
from bildungsportal.catalog.models import Offering
from bildungsportal.core.formatting import euro as format_euro
from bildungsportal.pages.views import page_numbers
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return factories.small_catalog()


def text_of(response):
    """The page's visible text, whitespace collapsed, for substring checks."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


# -- layout ---------------------------------------------------------------------------
def test_home_has_layout_landmarks_and_entry_points(client, data):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'class="skip-link" href="#inhalt"' in html
    assert '<main id="inhalt"' in html
    assert 'aria-label="Hauptnavigation"' in html
    for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/", "/angebote/",
                 "/lebensphasen/", "/orte/"):
        assert f'href="{path}"' in html
    assert '<label for="header-q">' in html and '<label for="home-q">' in html
    text = text_of(response)
    # Entry points with counts: life phases, top-level topics, towns.
    assert "Weiterbildung & Beruf 3 Angebote" in text
    assert "Bildung im Alter 1 Angebot" in text
    assert "Sprachen 2 Angebote" in text  # Englisch counts for its parent topic too
    assert "Englisch für" not in text  # offerings are not listed on the home page
    assert 'href="/angebote/?topic=gesundheit"' in html
    assert 'href="/orte/bensheim/"' in html
    assert "Demo-Daten" not in text


def test_no_inline_styles_or_scripts_without_nonce(client, data):
    for url in ("/", "/angebote/?q=englisch&town=bensheim", data["english"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert " style=" not in html and "<style" not in html
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "nonce=" in tag or "src=" in tag, tag


def test_demo_notice_on_every_page(client, data):
    factories.demo_offering(data)
    urls = [
        "/", "/angebote/", data["english"].get_absolute_url(), data["vhs"].get_absolute_url(),
        "/orte/", "/orte/bensheim/", "/lebensphasen/", "/lebensphasen/weiterbildung-beruf/",
        "/angebote/?q=zzzzzz",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Demo-Daten:" in text_of(response), url
        assert "erfundene Beispielangebote" in text_of(response), url
    assert "Demo-Daten:" in text_of(client.get("/gibt-es-nicht/"))


def test_nav_marks_the_current_section(client, data):
    html = client.get("/orte/").content.decode()
    assert 'href="/orte/" aria-current="page"' in html


def test_unknown_url_is_404_with_german_page(client, data):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404


# -- search ---------------------------------------------------------------------------
def test_search_page_without_parameters_lists_published_offerings(client, data):
    response = client.get("/angebote/")

    assert response.status_code == 200
    text = text_of(response)
    assert "3 Angebote" in text
    assert "Geheimer Entwurf" not in text
    html = response.content.decode()
    for name in ("life_phase", "topic", "town", "format", "language", "weekday",
                 "time_of_day"):
        assert f'name="{name}"' in html, name
    for name in ("free", "accessible", "date_from", "date_to", "near", "radius_km", "sort"):
        assert f'name="{name}"' in html, name
    assert "Filter anwenden" in text
    assert "<legend>Lebensphase" in html and "<legend>Ort" in html


def test_search_with_query_and_filters(client, data):
    response = client.get("/angebote/", {"q": "englisch", "town": "bensheim"})

    assert response.status_code == 200
    text = text_of(response)
    assert "1 Angebot " in text
    assert "Englisch für Anfänger" in text
    assert "VHS Bergstraße" in text
    # Next matching run: in Bensheim (the Heppenheim run does not match the town filter).
    assert "Bensheim" in text and "18:30–20:00 Uhr" in text
    assert "ab 80,00 €" in text  # the lowest price: the reduced one
    html = response.content.decode()
    assert f'href="{data["english"].get_absolute_url()}"' in html
    # The checkbox is checked and the active filter can be removed.
    assert re.search(r'name="town" value="bensheim" form="suche" checked', html)
    assert "Ort: Bensheim" in text
    removal = re.search(r'<li>Ort: Bensheim <a href="([^"]+)">entfernen', html)
    assert removal and "town" not in parse_qs(urlsplit(removal[1].replace("&amp;", "&")).query)


def test_facet_values_are_links_too(client, data):
    html = client.get("/angebote/").content.decode()
    links = re.findall(r'</label> <a href="([^"]+)"', html)
    assert links
    target = next(link for link in links if "town=heppenheim" in link)
    response = client.get("/angebote/" + target.replace("&amp;", "&"))
    assert response.status_code == 200
    text = text_of(response)
    assert "2 Angebote" in text and "Gitarre" not in text


def test_free_and_accessible_filters(client, data):
    text = text_of(client.get("/angebote/", {"free": "1"}))
    assert "1 Angebot " in text and "Erste Hilfe am Kind" in text and "kostenfrei" in text

    text = text_of(client.get("/angebote/", {"accessible": "1", "sort": "date"}))
    assert "Erste Hilfe" not in text  # only in the Kurfürstensaal, not step-free
    assert "Gitarre für Erwachsene" in text


def test_near_shows_distance(client, data):
    response = client.get(
        "/angebote/", {"near": "Heppenheim", "radius_km": "5", "sort": "distance"}
    )

    text = text_of(response)
    assert "Entfernungen gemessen ab Heppenheim" in text
    assert re.search(r"\d,\d km entfernt", text)
    assert "5 km um Heppenheim" in text


def test_unknown_place_is_reported(client, data):
    response = client.get("/angebote/", {"near": "Atlantis"})
    assert response.status_code == 200
    assert "In der Nähe von: Ort oder Postleitzahl „Atlantis“ nicht gefunden." in text_of(response)
    html = response.content.decode()
    assert 'class="errors"' in html
    assert 'name="near" form="suche" value="Atlantis"' in html


def test_zero_results_offer_relaxations(client, data):
    response = client.get("/angebote/", {"q": "gitarre", "town": "heppenheim"})

    text = text_of(response)
    assert "0 Angebote" in text
    assert "Keine Angebote gefunden" in text
    assert "Ohne den Filter „Heppenheim“: 1 Angebot" in text
    html = response.content.decode()
    link = re.search(r'<a href="([^"]+)">Ohne den Filter „Heppenheim“', html)[1]
    follow = client.get("/angebote/" + link.replace("&amp;", "&"))
    assert "Gitarre für Erwachsene" in text_of(follow)


def test_pagination(client, data):
    response = client.get("/angebote/", {"page_size": "1", "sort": "date"})

    html = response.content.decode()
    assert 'aria-label="Seitennavigation"' in html
    assert 'aria-current="page"><span class="visually-hidden">Seite </span>1</a>' in html
    assert "nächste Seite" in html and "vorherige Seite" not in html
    second = client.get("/angebote/", {"page_size": "1", "sort": "date", "page": "2"})
    assert "vorherige Seite" in second.content.decode()
    beyond = client.get("/angebote/", {"page_size": "1", "page": "50"})
    assert beyond.status_code == 200
    assert "Zur ersten Seite" in text_of(beyond)


def test_page_numbers_with_gaps():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]


def test_price_formatting(data):
    assert format_euro(4500) == "45,00\u00a0€"
    assert format_euro(123456789) == "1.234.567,89\u00a0€"
    assert price_text(data["first_aid"]) == "kostenfrei"
    assert price_text(data["guitar"]) == "ab 45,00\u00a0€"


HOSTILE = [
    {"q": '" * : ( ) AND NEAR ^'},
    {"q": "x" * 10_000},
    {"q": "a\x00b\x1fc"},
    {"q": "<script>alert(1)</script>"},
    {"topic": "gibt-es-nicht", "town": "atlantis"},
    {"page": "-1"},
    {"page": "abc"},
    {"radius_km": "1e9", "near": "Bensheim"},
    {"radius_km": "nan"},
    {"date_from": "2025-13-45"},
    {"date_from": "2026-05-01", "date_to": "2026-01-01"},
    {"sort": "DROP TABLE"},
    {"free": "vielleicht"},
    {"page_size": "100000"},
    {"weekday": ["xx", "mo"], "time_of_day": "mitternacht"},
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_search_input_never_fails(client, data, query):
    response = client.get("/angebote/", query)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "-1"}, "Seite:"),
        ({"radius_km": "1e9", "near": "Bensheim"}, "Der Umkreis muss zwischen"),
        ({"date_from": "2025-13-45"}, "Ungültiges Datum „2025-13-45“"),
        ({"topic": "gibt-es-nicht"}, "Unbekannter Wert: gibt-es-nicht"),
        ({"sort": "DROP TABLE"}, "Unbekannte Sortierung"),
    ],
)
def test_parse_errors_are_shown_in_german(client, data, query, message):
    response = client.get("/angebote/", query)

    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()
    text = text_of(response)
    assert "Einige Angaben konnten wir nicht verwenden" in text
    assert message in text
    assert "Angebote" in text  # the results still render


def test_control_characters_and_long_query_are_cleaned(client, data):
    response = client.get("/angebote/", {"q": "eng\x00lisch" + "y" * 10_000})
    html = response.content.decode()
    assert "\x00" not in html
    value = re.search(r'id="q" type="search" name="q" value="([^"]*)"', html)[1]
    assert len(value) <= 200


# -- offering -------------------------------------------------------------------------
def test_offering_page_shows_every_fact(client, data):
    english = data["english"]
    response = client.get(english.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    for fact in (
        "Englisch für Anfänger", "Sprechen lernen ab der ersten Stunde.", "Erste Zeile",
        "Keine Vorkenntnisse nötig.", "Weiterbildung & Beruf", "Englisch", "Erwachsene",
        "Präsenzkurs", "Deutsch, Englisch", "120,00 €", "ermäßigt 80,00 €",
        "Material inklusive", "Bildungsgutschein", "Teilnahmebescheinigung", "Niveau 4",
        "Zur Anmeldung beim Anbieter", "Telefon 06251 1234", "Zuletzt aktualisiert",
        "Quelle", "VHS Bergstraße", "Rodensteinstraße 2", "info@vhs.example.org",
        # runs
        "wöchentlich: ", "18:30–20:00 Uhr", "Haus am Markt", "Marktplatz 1",
        "stufenlos erreichbar", "Aufzug im Hof", "nicht stufenlos erreichbar", "Kurfürstensaal",
        "online", "Plätze frei", "14", "Unterrichtsstunden", "20",
    ):
        assert fact in text, fact
    html = response.content.decode()
    # The description is plain text: escaped, with its line breaks kept.
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Erste Zeile<br>Zweite Zeile" in html
    for run in (data["weekly"], data["once"], data["online"]):
        assert f"/termine/{run.pk}.ics" in html
    assert '<link rel="canonical" href="http://testserver' + english.get_absolute_url() in html


def test_offering_wrong_slug_redirects_permanently(client, data):
    english = data["english"]
    response = client.get(f"/angebote/{english.pk}-falscher-slug/")
    assert response.status_code == 301
    assert response["Location"] == english.get_absolute_url()

    short = client.get(f"/angebote/{english.pk}/")
    assert short.status_code == 301
    assert short["Location"] == english.get_absolute_url()


def test_unpublished_and_unknown_offerings_are_404(client, data):
    assert client.get(data["draft"].get_absolute_url()).status_code == 404
    assert client.get("/angebote/999999-gibt-es-nicht/").status_code == 404
    assert client.get("/angebote/999999/").status_code == 404
    english = data["english"]
    Offering.objects.filter(pk=english.pk).update(status=Offering.Status.ARCHIVED)
    assert client.get(english.get_absolute_url()).status_code == 404


def test_offering_without_runs_or_prices(client, data):
    bare = factories.offering(data["vhs"], data["vocab"], "Offene Sprechstunde")
    response = client.get(bare.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert "Zurzeit sind keine Termine geplant" in text
    assert "keine Angabe" in text


def test_past_runs_are_folded_away_without_calendar_link(client, data):
    past = factories.run(data["english"], data["haus"], days=-30)
    html = client.get(data["english"].get_absolute_url()).content.decode()
    assert "1 vergangener Termin" in html
    assert f"/termine/{past.pk}.ics" not in html


# -- .ics URLs ------------------------------------------------------------------------
def ics_url(offering, run, slug=None):
    return reverse(
        "catalog:run_ics",
        kwargs={"pk": offering.pk, "slug": slug or offering.slug, "run_id": run.pk},
    )


def test_ics_download(client, data):
    response = client.get(ics_url(data["english"], data["weekly"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_ics_of_someone_elses_run_is_404(client, data):
    # A run of another offering, a draft's run and an unknown id: never served.
    assert client.get(ics_url(data["english"], data["other_run"])).status_code == 404
    assert client.get(ics_url(data["draft"], data["draft_run"])).status_code == 404
    assert client.get(
        f"/angebote/{data['english'].pk}-{data['english'].slug}/termine/999999.ics"
    ).status_code == 404


def test_ics_wrong_slug_redirects(client, data):
    response = client.get(ics_url(data["english"], data["weekly"], slug="alt"))
    assert response.status_code == 301
    assert response["Location"] == ics_url(data["english"], data["weekly"])


def test_ics_of_standing_run_without_date_is_404(client, data):
    from bildungsportal.catalog.models import Run

    standing = Run.objects.create(
        offering=data["english"], recurrence=Run.Recurrence.STANDING, venue=data["haus"]
    )
    assert client.get(ics_url(data["english"], standing)).status_code == 404


# -- provider, town, life phase -------------------------------------------------------
def test_provider_page(client, data):
    vhs = data["vhs"]
    response = client.get(vhs.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    assert "VHS Bergstraße" in text and "Volkshochschule" in text
    assert "Englisch für Anfänger" in text and "Erste Hilfe am Kind" in text
    assert "Geheimer Entwurf" not in text and "Gitarre" not in text
    assert "2 Angebote" in text


def test_provider_pagination_and_redirect(client, data):
    vhs = data["vhs"]
    for i in range(25):
        factories.offering(vhs, data["vocab"], f"Kurs {i:02d}")
    first = client.get(vhs.get_absolute_url())
    assert "Seite 1 von 2" in text_of(first)
    assert 'href="?page=2"' in first.content.decode()
    second = client.get(vhs.get_absolute_url(), {"page": "2"})
    assert second.status_code == 200 and "Seite 2 von 2" in text_of(second)
    assert client.get(vhs.get_absolute_url(), {"page": "-5"}).status_code == 200

    wrong = client.get(f"/anbieter/{vhs.pk}-falsch/")
    assert wrong.status_code == 301 and wrong["Location"] == vhs.get_absolute_url()
    assert client.get("/anbieter/999999-niemand/").status_code == 404


def test_town_pages(client, data):
    response = client.get("/orte/heppenheim/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Heppenheim" in text and "26.000" in text and "64646" in text
    assert "2 Angebote in Heppenheim" in text
    assert "Erste Hilfe am Kind" in text
    assert "In der Nähe (bis 10 km)" in text
    assert "Nachbarorte: Bensheim (4,7 km)" in text
    assert "Gitarre für Erwachsene" in text  # in Bensheim, about 5 km away
    assert client.get("/orte/atlantis/").status_code == 404

    listing = client.get("/orte/")
    assert listing.status_code == 200
    assert "Bensheim" in text_of(listing) and "Heppenheim" in text_of(listing)


def test_life_phase_pages(client, data):
    response = client.get("/lebensphasen/bildung-im-alter/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Bildung im Alter" in text
    assert "Erste Hilfe am Kind" in text and "Englisch für Anfänger" not in text
    html = response.content.decode()
    assert 'href="/angebote/?life_phase=bildung-im-alter"' in html
    assert "Themen in dieser Lebensphase" in text and "Gesundheit" in text
    assert "life_phase=bildung-im-alter&amp;topic=gesundheit" in html

    phase = client.get("/lebensphasen/weiterbildung-beruf/")
    assert "Lernen für den Beruf" in text_of(phase)
    assert client.get("/lebensphasen/gibt-es-nicht/").status_code == 404
    assert client.get("/lebensphasen/").status_code == 200


def test_public_pages_set_no_cookies(client, data):
    for url in ("/", "/angebote/?q=englisch", data["english"].get_absolute_url()):
        assert not client.get(url).cookies, url


# -- admin ----------------------------------------------------------------------------
ADMIN_MODELS = [
    "catalog/lifephase", "catalog/topic", "catalog/targetgroup", "catalog/format",
    "catalog/fundingoption", "catalog/qualityseal", "catalog/language", "catalog/dqrlevel",
    "catalog/provider", "catalog/venue", "catalog/offering", "catalog/run",
    "places/municipality", "places/postalcode", "core/page",
]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_changelist_and_add_form(admin_client, data, model):
    assert admin_client.get(f"/admin/{model}/").status_code == 200
    assert admin_client.get(f"/admin/{model}/add/").status_code == 200
    assert admin_client.get(f"/admin/{model}/", {"q": "bens"}).status_code == 200


def test_admin_change_form_of_an_offering_with_runs(admin_client, data):
    response = admin_client.get(f"/admin/catalog/offering/{data['english'].pk}/change/")
    assert response.status_code == 200
    assert "Kurfürstensaal" in response.content.decode() or "Termine" in response.content.decode()
