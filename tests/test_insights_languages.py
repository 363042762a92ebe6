"""Bildung in Zahlen, static pages and error pages in six languages (issue 14, point 1)."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults
from pypdf import PdfReader

from bildungsportal.core.models import Page
from bildungsportal.insights.models import PublishedIndicator
from tests import insights_world as world

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]
PREFIX = {code: "" if code == "de" else f"/{code}" for code in CODES}
# A string of the page in each language: the heading, and the first indicator's label.
TITLE = {"de": "Bildung in Zahlen", "en": "Education in figures", "tr": "Rakamlarla eğitim",
         "ar": "التعليم بالأرقام", "uk": "Освіта в цифрах", "ru": "Образование в цифрах"}
INDICATOR = {"de": "Angebote je 1.000 Einwohner", "en": "Offers per 1,000 inhabitants",
             "tr": "1.000 kişi başına teklif", "ar": "العروض لكل 1000 نسمة",
             "uk": "Пропозиції на 1000 мешканців", "ru": "Предложения на 1000 жителей"}
TOO_FEW = {"de": "zu wenige Antworten", "en": "too few answers", "tr": "yanıt sayısı çok az",
           "ar": "إجابات قليلة جدًا", "uk": "замало відповідей", "ru": "слишком мало ответов"}


@pytest.fixture
def data():
    return world.build()


def _labels(html):
    """Town → its label on the first map of the page."""
    labels = {}
    for town, label in re.findall(r'aria-label="([^":]+): ([^"]+)"', html):
        labels.setdefault(town, label)
    return labels


# --- Bildung in Zahlen ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_public_monitoring_page_in_every_language(client, data, code):
    response = client.get(f"{PREFIX[code]}/bildung-in-zahlen/")
    assert response.status_code == 200
    assert response["Content-Language"] == code
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert ('dir="rtl"' in html) == (code == "ar")
    assert f"<h1>{TITLE[code]}</h1>" in html
    assert INDICATOR[code] in html
    assert f'href="{PREFIX[code]}/bildung-in-zahlen/bericht/"' in html
    if code != "de":
        assert "Kennzahlen auf dieser Seite" not in html
        assert "herunterladen" not in html
    assert "Bensheim" in html  # town names stay German


@pytest.mark.parametrize("code", CODES)
def test_public_report_in_every_language(client, data, code):
    response = client.get(f"{PREFIX[code]}/bildung-in-zahlen/bericht/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert INDICATOR[code] in html


def test_public_report_pdf_in_arabic(client, data):
    response = client.get("/ar/bildung-in-zahlen/bericht/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "مكتب التعليم" in text
    assert "Bildungsbüro" not in text
    assert "Seite 1 von" not in text  # the page footer is translated too


def test_hreflang_alternates_on_the_public_page(client, data):
    html = client.get("/uk/bildung-in-zahlen/").content.decode()
    for code in CODES:
        href = f"http://testserver{PREFIX[code]}/bildung-in-zahlen/"
        assert f'<link rel="alternate" hreflang="{code}" href="{href}">' in html
    assert 'hreflang="x-default" href="http://testserver/bildung-in-zahlen/"' in html
    assert 'href="/ar/bildung-in-zahlen/" lang="ar" hreflang="ar"' in html


@pytest.mark.parametrize("code", CODES)
def test_suppression_note_in_every_language(client, data, code):
    PublishedIndicator.objects.create(
        indicator="wish_share", topic=data["vocab"]["languages"], position=1)
    html = client.get(f"{PREFIX[code]}/bildung-in-zahlen/").content.decode()
    assert _labels(html)["Lindenfels"] == TOO_FEW[code]
    assert world.SMALL_SHARE not in html
    if code != "de":
        assert TOO_FEW["de"] not in html
        assert "Schutz kleiner Zahlen" not in html


def test_downloads_follow_the_page_language(client, data):
    PublishedIndicator.objects.create(
        indicator="wish_share", topic=data["vocab"]["languages"], position=1)
    response = client.get("/en/bildung-in-zahlen/?tabelle=1&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][1:] == ["Share wishing for it (survey)", "Respondents (n)"]
    assert next(row for row in rows if row[0] == "Lindenfels")[1] == "too few answers"


def test_numbers_follow_the_page_language(client, data):
    german = _labels(client.get("/bildung-in-zahlen/").content.decode())
    english = _labels(client.get("/en/bildung-in-zahlen/").content.decode())
    assert german["Heppenheim"] == "0,1 je 1.000 Einw."
    assert english["Heppenheim"] == "0.1 per 1,000 inhab."
    PublishedIndicator.objects.create(indicator="share_free", position=1)
    shares = _labels(client.get("/ru/bildung-in-zahlen/").content.decode())
    assert shares["Heppenheim"] == "50 %"  # a share has its unit once


def test_bar_chart_is_mirrored_in_arabic(client, data):
    arabic = client.get("/ar/bildung-in-zahlen/").content.decode()
    english = client.get("/en/bildung-in-zahlen/").content.decode()
    assert 'class="bar-chart"' in arabic
    assert re.search(r'<svg class="bar-chart"[^>]*direction="rtl"', arabic)
    assert re.search(r'<svg class="bar-chart"[^>]*direction="ltr"', english)
    # the town names stand at the right-hand end in Arabic, at the left-hand end in English
    assert re.search(r'<text x="478" y="\d+" text-anchor="end"[^>]*>Abtsteinach', arabic)
    assert re.search(r'<text x="162" y="\d+" text-anchor="end"[^>]*>Abtsteinach', english)
    # the map's German neighbour names keep their left-to-right anchoring
    assert '<g class="map-labels" aria-hidden="true" direction="ltr">' in arabic


def test_office_pages_stay_german(client, data):
    client.force_login(data["office"])
    response = client.get("/en/bildungsmonitoring/?indikator=share_free")
    assert response.status_code == 302
    assert response["Location"] == "/bildungsmonitoring/?indikator=share_free"
    html = client.get("/bildungsmonitoring/").content.decode()
    assert '<html lang="de"' in html
    assert 'hreflang="en"' not in html  # no switcher: the office pages exist in German only
    assert client.get("/en/bildungsmonitoring/orte/lindenfels/")["Location"] == \
        "/bildungsmonitoring/orte/lindenfels/"


# --- static pages --------------------------------------------------------------------------------


def test_static_page_without_translation_says_it_is_german(client, data):
    Page.objects.update_or_create(slug="datenschutz", defaults={
        "title": "Datenschutz", "body": "<p>Wir speichern nichts.</p>", "translations": {}})
    html = client.get("/ar/datenschutz/").content.decode()
    assert "هذا النص متوفر باللغة الألمانية فقط." in html
    assert '<h1 lang="de">Datenschutz</h1>' in html
    assert '<div class="page-body" lang="de"><p>Wir speichern nichts.</p></div>' in html


def test_static_page_shows_its_translation(client, data):
    page, _created = Page.objects.update_or_create(slug="datenschutz", defaults={
        "title": "Datenschutz", "body": "<p>Wir speichern nichts.</p>",
        "translations": {"en": {"title": "Privacy", "body": "<p>We keep nothing.</p>"
                                                             "<script>x()</script>"}}})
    html = client.get("/en/datenschutz/").content.decode()
    assert "<h1>Privacy</h1>" in html
    assert "<p>We keep nothing.</p>" in html
    assert "<script>x()" not in html  # translations are cleaned like the German body
    assert "The German version is the legally binding one." in html
    assert '<a href="/datenschutz/" lang="de" hreflang="de">' in html
    assert "<title>Privacy" in html
    # Turkish has no translation: German with the note
    assert "Bu metin yalnızca Almanca olarak mevcuttur." in client.get("/tr/datenschutz/")\
        .content.decode()
    # The office changes the German text: the translation is outdated until someone updates it.
    page.body = "<p>Wir speichern fast nichts.</p>"
    page.save()
    page.refresh_from_db()
    assert page.translations["en"]["outdated"] is True
    html = client.get("/en/datenschutz/").content.decode()
    assert "This text is only available in German." in html
    assert "We keep nothing" not in html


@pytest.mark.parametrize("slug", ["impressum", "datenschutz", "barrierefreiheit"])
@pytest.mark.parametrize("code", [c for c in CODES if c != "de"])
def test_default_static_pages_ship_translated(client, slug, code):
    """The migration's default texts come with their translations (unless edited)."""
    page = Page.objects.get(slug=slug)
    assert page.translation(code), (slug, code)
    html = client.get(f"/{code}/{slug}/").content.decode()
    assert f"<h1>{page.translations[code]['title']}</h1>" in html
    assert 'lang="de"><p>' not in html


# --- error pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["en", "ar", "uk"])
def test_not_found_page_in_the_prefix_language(client, data, code):
    response = client.get(f"/{code}/bildung-in-zahlen/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert ('dir="rtl"' in html) == (code == "ar")
    assert "Seite nicht gefunden" not in html


def test_arabic_not_found_page(client, data):
    html = client.get("/ar/gibt-es-nicht/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "<h1>الصفحة غير موجودة</h1>" in html


def _render(view, code, *args):
    request = RequestFactory().get(f"{PREFIX[code]}/")
    with translation.override(code):
        response = view(request, *args)
        return response.status_code, response.content.decode()


@pytest.mark.parametrize("code", CODES)
def test_server_error_page_renders_without_request_context(code):
    status, html = _render(defaults.server_error, code)
    assert status == 500
    assert f'<html lang="{code}"' in html
    assert ('dir="rtl"' in html) == (code == "ar")
    assert f'<a href="{PREFIX[code]}/">' in html
    if code != "de":
        assert "Entschuldigung" not in html


def test_bad_request_and_forbidden_pages_are_translated():
    status, html = _render(defaults.bad_request, "tr", Exception("x"))
    assert status == 400
    assert "<h1>Geçersiz istek</h1>" in html
    status, html = _render(defaults.permission_denied, "ru", Exception("x"))
    assert status == 403
    assert "<h1>Нет доступа</h1>" in html
    assert '<html lang="ru"' in html


def test_csrf_failure_page_in_the_prefix_language(data):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ar/angebote/wunsch/", {"wish": "Kurs"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "لم يُرسَل النموذج" in html
