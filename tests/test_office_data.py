"""Issue 13, point 5: the office sees its data — searches that found nothing, wishes, and a
LimeSurvey upload with a preview, in the office area (not the admin)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from bildungsportal.search.demand import WISH_FILTER, count_search
from bildungsportal.search.params import SearchParams
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/anbieterbereich/redaktion/suchen-ohne-treffer/"


@pytest.fixture
def demand():
    today = date.today()
    count_search(today, "toepfern", [["town", "lautertal"]], 0)
    count_search(today, "toepfern", [["town", "lautertal"]], 0)
    count_search(today, "yoga", [], 2)
    count_search(today, "gebaerdensprache", [WISH_FILTER, ["topic", "sprachen"]], 0)
    count_search(today - timedelta(days=1), "schach", [["free", "1"]], 0)
    return today


def text(response):
    return " ".join(response.content.decode().split())


def test_office_editor_sees_searches_per_day_and_their_filters(client, demand):
    client.force_login(factories.user("buero", office=True))
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    # Per day: 2 searches without hits, 1 with few, 1 wish today; 1 without hits yesterday.
    assert ">2</td><td class=\"num\">1</td><td class=\"num\">1</td>" in page
    assert ">1</td><td class=\"num\">0</td><td class=\"num\">0</td>" in page
    assert "toepfern" in page and "Ort: lautertal" in page and "kostenfrei: 1" in page
    assert "<strong>Wunsch:</strong> gebaerdensprache" in page and "Thema: sprachen" in page
    assert "wish: 1" not in page
    assert 'aria-current="page">Suchen ohne Treffer' in page  # in the office navigation


def test_demand_filters_by_kind_and_pages(client, demand, settings):
    client.force_login(factories.user("buero", office=True))
    wishes = text(client.get(URL + "?art=wuensche"))
    assert "gebaerdensprache" in wishes and "toepfern" not in wishes.split("Die Suchen")[1]
    for number in range(60):
        count_search(demand - timedelta(days=2), f"wort{number:02d}", [], 0)
    first, second = text(client.get(URL)), text(client.get(URL + "?page=2"))
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second
    rows = [part.split("Die Suchen")[1].count("<td class=\"num\">") // 2
            for part in (first, second)]
    assert rows == [50, 64 - 50]  # 4 rows of the fixture and 60 more, 50 per page
    assert client.get(URL + "?art=<script>&page=x").status_code == 200


def test_only_the_office_sees_the_demand(client, demand):
    assert client.get(URL).status_code == 302  # to the log-in page
    vhs = factories.provider()
    client.force_login(factories.user("vhs", providers=[vhs]))
    assert client.get(URL).status_code == 403


def test_a_wish_from_the_zero_result_page_shows_up(client, db):
    from bildungsportal.search.demand import record_wish

    assert record_wish("Töpfern für Kinder", SearchParams(town=("lautertal",)))
    client.force_login(factories.user("buero", office=True))
    page = text(client.get(reverse("backoffice:search-demand") + "?art=wuensche"))
    assert "toepfern" in page or "töpfern" in page
    assert "Ort: lautertal" in page


# -- LimeSurvey upload -------------------------------------------------------------------
LIMESURVEY = "/umfrage/verwaltung/limesurvey/"


def lss_files():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_surveys_limesurvey import CSV, LSS

    return {"structure": SimpleUploadedFile("umfrage.lss", LSS),
            "responses": SimpleUploadedFile("antworten.csv", CSV)}


@pytest.fixture
def office_client(client, db, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    client.force_login(factories.user("buero", office=True))
    return client


def test_limesurvey_upload_shows_a_preview_and_imports_only_on_confirm(office_client):
    from bildungsportal.surveys.models import Response, Survey

    response = office_client.post(LIMESURVEY, {**lss_files(), "slug": "bu-2024",
                                               "bands": "alter"})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = text(office_client.get(preview_url))
    assert "Bildungsumfrage Kreis Bergstraße 2024/25 (Auszug)" in page
    assert "Seite 1: Über Sie" in page and "Welche Themen interessieren Sie?" in page
    assert "5 vollständig, 1 unvollständig" in page
    assert not Survey.objects.exists()  # the preview writes nothing

    response = office_client.post(preview_url, {"import": "1"})
    survey = Survey.objects.get(slug="bu-2024")
    assert response.status_code == 302 and response["Location"].endswith("/bu-2024/")
    assert Response.objects.filter(version__survey=survey).count() == 6
    assert office_client.get(preview_url).status_code == 404  # used up


def test_limesurvey_upload_names_the_problems_and_writes_nothing(office_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bildungsportal.surveys.models import Survey

    bad = {"structure": SimpleUploadedFile("x.lss", b"<?xml version='1.0'?><nope/>")}
    preview_url = office_client.post(LIMESURVEY, bad)["Location"]
    response = office_client.get(preview_url)
    assert response.status_code == 200
    assert "Diese Dateien lassen sich nicht importieren" in text(response)
    assert ">Importieren<" not in text(response)
    assert office_client.post(preview_url, {"discard": "1"}).status_code == 302
    assert not Survey.objects.exists()


def test_limesurvey_upload_is_for_the_office_only(client, db, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    vhs = factories.provider()
    client.force_login(factories.user("vhs", providers=[vhs]))
    assert client.get(LIMESURVEY).status_code == 403
    office = factories.user("buero", office=True)
    client.force_login(office)
    preview_url = client.post(LIMESURVEY, lss_files())["Location"]
    client.force_login(factories.user("buero2", office=True))
    assert client.get(preview_url).status_code == 404  # another editor's upload
    assert client.get(LIMESURVEY + "..%2F..%2Fetc/").status_code == 404
