"""Six languages: URL prefixes, the switcher, hreflang, lang/dir, provider texts marked German."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

import bildungsportal
from bildungsportal.catalog.management.commands.load_vocabularies import load_vocabularies
from bildungsportal.catalog.models import Language, LifePhase
from bildungsportal.catalog.vocabularies import ALL_VOCABULARIES
from tests import factories

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]
NAMES_IN_THEMSELVES = {
    "de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية", "uk": "Українська",
    "ru": "Русский",
}


@pytest.fixture(autouse=True)
def german():
    """The test client leaves the last request's language active: start and end in German."""
    translation.activate("de")
    yield
    translation.activate("de")


@pytest.fixture
def data():
    return factories.small_catalog()


def public_paths(data):
    """One address of each kind of public page (German, without prefix)."""
    with translation.override("de"):
        return _public_paths(data)


def _public_paths(data):
    return [
        "/", "/angebote/", "/angebote/?q=englisch&town=bensheim", "/anbieter/",
        "/orte/", "/orte/bensheim/", "/lebensphasen/", "/lebensphasen/weiterbildung-beruf/",
        data["english"].get_absolute_url(), data["vhs"].get_absolute_url(),
        "/angebote/wunsch/", "/impressum/", "/datenschutz/", "/barrierefreiheit/",
    ]


def prefixed(path, code):
    return path if code == "de" else f"/{code}{path}"


def test_languages_are_named_in_themselves():
    assert dict(settings.LANGUAGES) == NAMES_IN_THEMSELVES
    assert settings.LANGUAGE_CODE == "de"


@pytest.mark.parametrize("code", CODES)
def test_every_public_page_renders_in_every_language(client, data, code):
    for path in public_paths(data):
        response = client.get(prefixed(path, code))
        assert response.status_code == 200, path
        html = response.content.decode()
        html_tag = re.search(r"<html[^>]*>", html).group(0)
        assert f'lang="{code}"' in html_tag, path
        assert ('dir="rtl"' in html_tag) == (code == "ar"), path
        assert response["Content-Language"] == code


def test_switcher_links_the_same_page_in_each_language_named_in_itself(client, data):
    path = public_paths(data)[8]
    html = client.get(f"/ar{path}").content.decode()
    nav = re.search(r'<nav class="language-nav".*?</nav>', html, re.S).group(0)
    for code, name in NAMES_IN_THEMSELVES.items():
        link = re.search(rf'<a href="([^"]+)" lang="{code}" hreflang="{code}"[^>]*>([^<]+)</a>',
                         nav)
        assert link, code
        assert link.group(1) == prefixed(path, code)
        assert link.group(2) == name
    assert re.search(r'lang="ar" hreflang="ar" aria-current="true"', nav)


def test_switcher_keeps_the_search_state(client, data):
    html = client.get("/angebote/?q=englisch&town=bensheim").content.decode()
    assert 'href="/uk/angebote/?q=englisch&amp;town=bensheim" lang="uk"' in html


def test_hreflang_alternates_in_head(client, data):
    html = client.get("/tr/orte/bensheim/").content.decode()
    head = html.split("</head>")[0]
    for code in CODES:
        assert (f'<link rel="alternate" hreflang="{code}" '
                f'href="http://testserver{prefixed("/orte/bensheim/", code)}">') in head
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/orte/bensheim/">' \
        in head


def test_german_has_no_prefix_and_unknown_prefix_is_not_found(client, data):
    assert client.get("/de/angebote/").status_code == 404
    assert client.get("/xx/angebote/").status_code == 404
    # Without a prefix the page is German whatever the browser asks for: the URL decides.
    response = client.get("/angebote/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "de"


def test_not_found_page_is_in_the_language_of_its_prefix(client, data):
    response = client.get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'href="/ru/" lang="ru"' in html  # the switcher leads to the home pages


def test_office_and_survey_pages_stay_unprefixed(client, data):
    assert client.get("/en/anbieterbereich/").status_code == 404
    assert client.get("/en/umfrage/verwaltung/").status_code == 404
    assert client.get("/en/api/v1/taxonomy").status_code == 404
    login = client.get("/konto/anmelden/")
    assert 'class="language-nav"' not in login.content.decode()


def test_api_follows_accept_language(client, data):
    response = client.get("/api/v1/taxonomy", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert client.get("/api/v1/taxonomy")["Content-Language"] == "de"


def test_provider_written_texts_are_marked_german(client, data):
    paths = public_paths(data)
    html = client.get(f"/en{paths[8]}").content.decode()
    assert '<h1 lang="de">Englisch für Anfänger</h1>' in html
    assert '<p class="lead" lang="de">Sprechen lernen ab der ersten Stunde.</p>' in html
    hits = client.get("/en/angebote/?q=englisch").content.decode()
    assert re.search(r'<h3 lang="de"><a href="/en/angebote/\d+-[^"]+">Englisch für Anfänger', hits)
    assert '<span lang="de">Material inklusive</span>' in html
    assert '<dd lang="de">Teilnahmebescheinigung</dd>' in html
    uk = client.get(f"/uk{paths[8]}").content.decode()
    assert re.search(r'<h2 id="anbieter-\d+">Організація</h2>', uk)  # one provider, singular
    provider = client.get(f"/ar{paths[9]}").content.decode()
    assert '<h1 lang="de">VHS Bergstraße</h1>' in provider


# -- vocabularies translated as data ------------------------------------------------------
REFERENCE = Path(bildungsportal.__file__).parent / "catalog" / "reference" / "vocabularies.json"


def reference_terms():
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for kind in ALL_VOCABULARIES:
        for term in data[kind.plural]:
            yield kind.plural, term
            for child in term.get("children", []):
                yield kind.plural, child


def test_every_shipped_vocabulary_term_is_translated():
    languages = [code for code in CODES if code != "de"]
    for kind, term in reference_terms():
        translations = term.get("translations", {})
        for code in languages:
            entry = translations.get(code, {})
            assert entry.get("name"), (kind, term["slug"], code)
            if term.get("description"):
                assert entry.get("description"), (kind, term["slug"], code)


def test_load_vocabularies_stores_the_translations():
    load_vocabularies()
    phase = LifePhase.objects.get(slug="bildung-im-alter")
    assert phase.translated("name", "en") == "Learning in later life"
    assert phase.translated("name", "de") == "Bildung im Alter"
    with translation.override("uk"):
        assert phase.local_name == "Освіта в літньому віці"
    assert Language.objects.get(slug="ar").translated("name", "ar") == "العربية"
    with translation.override("de"):
        assert phase.local_name == "Bildung im Alter"


def translate_small_catalog(data):
    vocab = data["vocab"]
    vocab["adults"].translations = {"en": {"name": "Further education & work",
                                           "description": "Learning for work and for yourself."}}
    vocab["de"].translations = {"en": {"name": "German"}, "ar": {"name": "الألمانية"}}
    vocab["en"].translations = {"en": {"name": "English"}, "ar": {"name": "الإنجليزية"}}
    for term in (vocab["adults"], vocab["de"], vocab["en"]):
        term.save()


def test_vocabulary_names_follow_the_page_language(client, data):
    translate_small_catalog(data)
    paths = public_paths(data)
    offering = client.get(f"/en{paths[8]}").content.decode()
    assert "Further education &amp; work" in offering
    assert "German, English" in offering
    german = client.get(paths[8]).content.decode()
    assert "Weiterbildung &amp; Beruf" in german and "Deutsch, Englisch" in german
    phase = client.get("/en/lebensphasen/weiterbildung-beruf/").content.decode()
    assert "<h1>Further education &amp; work</h1>" in phase
    assert "Learning for work and for yourself." in phase
    home = client.get("/en/").content.decode()
    assert "Further education &amp; work" in home


def test_course_language_filter_is_named_and_its_values_translated(client, data):
    translate_small_catalog(data)
    german = client.get("/angebote/").content.decode()
    assert "Kurssprache" in german
    arabic = client.get("/ar/angebote/?language=de").content.decode()
    assert "لغة الدورة" in arabic  # "Kurssprache"
    assert "الألمانية" in arabic and "الإنجليزية" in arabic
    assert "Deutsch</label>" not in arabic
    # The chosen value is named in the page language in the list of active filters too.
    assert "لغة الدورة: الألمانية" in arabic
    english = client.get("/en/angebote/").content.decode()
    assert "Course language" in english


def test_api_names_terms_in_the_requested_language(client, data):
    translate_small_catalog(data)
    body = client.get("/api/v1/taxonomy", HTTP_ACCEPT_LANGUAGE="en").json()
    names = {term["slug"]: term["name"] for term in body["languages"]}
    assert names["de"] == "German"
    body = client.get("/api/v1/taxonomy").json()
    assert {term["slug"]: term["name"] for term in body["languages"]}["de"] == "Deutsch"


def test_sitemap_lists_every_language_with_alternates(client, data):
    body = client.get("/sitemap-orte.xml").content.decode()
    for code in CODES:
        assert f"<loc>http://testserver{prefixed('/orte/bensheim/', code)}</loc>" in body
    assert ('<xhtml:link rel="alternate" hreflang="ar" href="http://testserver/ar/orte/bensheim/"'
            in body)
    assert 'hreflang="x-default" href="http://testserver/orte/bensheim/"' in body


def test_numbers_and_dates_follow_the_page_language(client, data):
    paths = public_paths(data)
    assert "120,00\u00a0€" in client.get(paths[8]).content.decode()
    assert "120.00\u00a0€" in client.get(f"/en{paths[8]}").content.decode()
    assert "120,00\u00a0€" in client.get(f"/uk{paths[8]}").content.decode()
    arabic = client.get(f"/ar{paths[8]}").content.decode()
    assert re.search(r"(الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)، \d\d\.\d\d\.\d{4}",
                     arabic)


def test_static_page_content_is_marked_german_in_other_languages(client, data):
    from bildungsportal.core.models import Page

    Page.objects.update_or_create(slug="impressum", defaults={"title": "Impressum",
                                                             "body": "<p>Kreis Bergstraße</p>"})
    html = client.get("/tr/impressum/").content.decode()
    assert '<h1 lang="de">Impressum</h1>' in html
    assert '<div class="page-body" lang="de">' in html
    assert '<h1>Impressum</h1>' in client.get("/impressum/").content.decode()


def test_api_search_names_values_in_the_requested_language_without_mixing(client, data):
    translate_small_catalog(data)
    english = client.get("/api/v1/offerings?q=englisch", HTTP_ACCEPT_LANGUAGE="en").json()
    german = client.get("/api/v1/offerings?q=englisch").json()  # the same cached search
    facet = {f["name"]: f for f in english["facets"]}["language"]
    assert facet["label"] == "Course language"
    assert {v["value"]: v["label"] for v in facet["values"]}["de"] == "German"
    assert english["results"][0]["life_phases"][0]["name"] == "Further education & work"
    facet = {f["name"]: f for f in german["facets"]}["language"]
    assert facet["label"] == "Kurssprache"
    assert {v["value"]: v["label"] for v in facet["values"]}["de"] == "Deutsch"
    assert german["results"][0]["life_phases"][0]["name"] == "Weiterbildung & Beruf"


@pytest.mark.django_db
def test_weekday_and_time_labels_follow_the_page_not_the_first_searcher(client):
    """A search result is cached across requests; its filter names must not be."""
    from bildungsportal.catalog.selectors import vocabulary_labels

    query = "?time_of_day=abends&weekday=mo"
    german = client.get("/angebote/" + query).content.decode()
    english = client.get("/en/angebote/" + query).content.decode()
    german_again = client.get("/angebote/" + query).content.decode()
    assert "abends (ab 17 Uhr)" in german and "abends (ab 17 Uhr)" in german_again
    assert "abends (ab 17 Uhr)" not in english
    assert vocabulary_labels("en")["time_of_day"]["abends"] in english
    assert "Montag" in german_again and vocabulary_labels("en")["weekday"]["mo"] in english


@pytest.mark.django_db
def test_sitemap_lists_the_new_entry_pages(client):
    body = client.get("/sitemap-seiten.xml").content.decode()
    for path in ("/finden/", "/bildung-in-zahlen/", "/offene-daten/"):
        for code in CODES:
            assert f"<loc>http://testserver{prefixed(path, code)}</loc>" in body
    german = client.get("/sitemap-deutsch.xml").content.decode()
    assert "<loc>http://testserver/leichte-sprache/</loc>" in german
    assert "/en/leichte-sprache/" not in german
    assert client.get("/leichte-sprache/").status_code == 200
