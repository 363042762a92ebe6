"""Monitoring pages: office-only vs public, URL state, tables and their CSV/XLSX downloads,
and small-cell suppression in every one of them."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from bildungsportal.insights.models import PublishedIndicator
from tests import insights_world as world

pytestmark = pytest.mark.django_db

OFFICE_URLS = [
    "/bildungsmonitoring/",
    "/bildungsmonitoring/luecken/",
    "/bildungsmonitoring/orte/lindenfels/",
    "/bildungsmonitoring/themen/sprachen/",
    "/bildungsmonitoring/lebensphasen/weiterbildung-beruf/",
    "/bildungsmonitoring/bericht/",
    "/bildungsmonitoring/bericht/lindenfels/",
]
WISH = "?indikator=wish_share&thema=sprachen"


@pytest.fixture
def data():
    return world.build()


@pytest.fixture
def office(client, data):
    client.force_login(data["office"])
    return client


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_pages_send_anonymous_users_to_the_login(client, data, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_pages_are_forbidden_for_provider_staff(client, data, url):
    client.force_login(data["provider_user"])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_pages_render_for_the_office(office, url):
    response = office.get(url)
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_public_page_needs_no_account(client, data):
    response = client.get("/bildung-in-zahlen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bildung in Zahlen" in html
    assert "© GeoBasis-DE / BKG" in html
    assert html.count('<a class="town') == 3 * 22  # three default indicators, 22 towns each


def test_public_page_shows_only_what_the_office_published(client, data):
    PublishedIndicator.objects.create(indicator="share_free", position=1)
    html = client.get("/bildung-in-zahlen/").content.decode()
    assert "Anteil kostenfrei" in html
    assert "Erreichbare Angebote" not in html
    assert html.count('<a class="town') == 22


def test_unknown_towns_and_topics_are_404_not_500(office):
    assert office.get("/bildungsmonitoring/orte/mannheim/").status_code == 404
    assert office.get("/bildungsmonitoring/orte/gibtsnicht/").status_code == 404
    assert office.get("/bildungsmonitoring/themen/gibtsnicht/").status_code == 404
    assert office.get("/bildungsmonitoring/bericht/gibtsnicht/").status_code == 404


def test_bad_query_values_give_a_german_message(office):
    response = office.get("/bildungsmonitoring/?indikator=%3Cscript%3E&thema=xyz")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unbekannter Indikator." in html and "Unbekannter Wert „xyz“." in html
    assert "<script>" not in html.split("<main")[1]


def test_state_lives_in_the_url_and_switch_links_keep_it(office):
    html = office.get("/bildungsmonitoring/?indikator=share_free&thema=sprachen").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="true">([^<]+)</a>', html)
    labels = {label for _, label in current}
    assert {"Anteil kostenfrei", "Sprachen", "alle"} <= labels  # life phase: all
    # switching the life phase keeps indicator and topic
    phase_link = re.search(r'<a href="([^"]+)">Weiterbildung &amp; Beruf</a>', html).group(1)
    assert "indikator=share_free" in phase_link and "thema=sprachen" in phase_link
    assert "lebensphase=weiterbildung-beruf" in phase_link
    # the map title follows the state
    assert "Anteil kostenfrei – Sprachen" in html


def test_map_and_table_show_the_same_figures(office):
    html = office.get("/bildungsmonitoring/?indikator=offerings").content.decode()
    labels = dict(re.findall(r'<a class="town[^"]*" href="[^"]+" aria-label="([^:]+): ([^"]+)"',
                             html))
    rows = dict(re.findall(
        r'<th scope="row"[^>]*><a href="/bildungsmonitoring/orte/[^"]+">([^<]+)</a></th>'
        r'<td class="num[^"]*">([^<]+)</td>', html))
    assert len(labels) == 22 and len(rows) == 22
    for name, value in rows.items():
        assert labels[name].startswith(value), name
    assert labels["Bensheim"].startswith("1")  # English runs in Bensheim


def _csv_rows(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_has_bom_semicolons_and_the_table(office):
    response = office.get("/bildungsmonitoring/?indikator=offerings&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0] == ["Gemeinde", "Angebote"]
    by_town = {row[0]: row for row in rows[1:] if len(row) > 1}
    assert by_town["Bensheim"][1] == "1" and by_town["Heppenheim"][1] == "2"
    assert by_town["Kreis Bergstraße"][1] == "2"
    assert len(by_town) == 23
    assert b";" in response.content


def test_xlsx_export_has_numbers(office):
    response = office.get("/bildungsmonitoring/?indikator=share_free&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Heppenheim"][1] == pytest.approx(50.0)  # 1 of 2 free, in percent
    assert rows["Gemeinde"] == ("Gemeinde", "Anteil kostenfrei")


# --- suppression in every output ---------------------------------------------------------------


def _assert_hidden_in_html(html):
    labels = dict(re.findall(r'aria-label="([^":]+): ([^"]+)"', html))
    assert labels["Lindenfels"] == "zu wenige Antworten"
    row = re.search(r"Lindenfels</a></th>(.*?)</tr>", html, re.S).group(1)
    assert "zu wenige Antworten" in row
    assert not re.search(r"\d", row.replace("–", "")), row  # neither share nor n
    assert world.SMALL_SHARE not in html


def test_suppressed_town_on_map_and_table(office):
    html = office.get("/bildungsmonitoring/" + WISH).content.decode()
    _assert_hidden_in_html(html)
    # a town above k shows its share and its n
    assert re.search(r"Bensheim</a></th><td class=\"num\">30 %</td><td class=\"num\">40</td>",
                     html)


def test_suppressed_town_in_csv_and_xlsx(office):
    rows = _csv_rows(office.get("/bildungsmonitoring/" + WISH + "&format=csv"))
    lindenfels = next(row for row in rows if row[0] == "Lindenfels")
    assert lindenfels[1:] == ["zu wenige Antworten", ""]
    assert not any(world.SMALL_SHARE in cell for row in rows for cell in row)
    response = office.get("/bildungsmonitoring/" + WISH + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Lindenfels")
    assert row[1:] == ("zu wenige Antworten", None)


def test_suppressed_town_on_its_town_page_and_its_downloads(office):
    response = office.get("/bildungsmonitoring/orte/lindenfels/")
    html = response.content.decode()
    assert "zu wenige Antworten" in html
    assert world.SMALL_SHARE not in html
    assert "n = 4" not in html and "n = 3" not in html
    rows = _csv_rows(office.get("/bildungsmonitoring/orte/lindenfels/?tabelle=themen-lindenfels"
                                "&format=csv"))
    assert rows[0][3:5] == ["Wunsch (Ort)", "Befragte (n)"]
    topics = {row[0]: row for row in rows[1:] if len(row) > 3}
    assert set(topics) == {"Sprachen", "Gesundheit"}
    assert all(row[3] == "zu wenige Antworten" and row[4] == "" for row in topics.values())
    # the district's share is shown: enough answers there
    assert topics["Sprachen"][5].endswith("%")


def test_suppressed_town_on_the_public_page(client, data):
    PublishedIndicator.objects.create(
        indicator="wish_share", topic=data["vocab"]["languages"], position=1)
    html = client.get("/bildung-in-zahlen/").content.decode()
    labels = dict(re.findall(r'aria-label="([^":]+): ([^"]+)"', html))
    assert labels["Lindenfels"] == "zu wenige Antworten"
    assert world.SMALL_SHARE not in html
    rows = _csv_rows(client.get("/bildung-in-zahlen/?tabelle=1&format=csv"))
    assert next(row for row in rows if row[0] == "Lindenfels")[1] == "zu wenige Antworten"
    assert client.get("/bildung-in-zahlen/?tabelle=9&format=csv").status_code == 404


def test_gap_list_never_names_a_town_below_k(office):
    response = office.get("/bildungsmonitoring/luecken/?thema=sprachen")
    html = response.content.decode()
    assert "Lindenfels" not in html.split("<main")[1].split("</main>")[0]
    rows = _csv_rows(office.get("/bildungsmonitoring/luecken/?format=csv"))
    assert not any(row[1:2] == ["Lindenfels"] for row in rows)


def test_town_above_k_shows_its_share_and_n_on_its_page(office):
    rows = _csv_rows(office.get("/bildungsmonitoring/orte/bensheim/?tabelle=themen-bensheim"
                                "&format=csv"))
    topics = {row[0]: row for row in rows[1:] if len(row) > 3}
    assert topics["Sprachen"][3:5] == ["30 %", "40"]  # 12 of 40
    assert topics["Gesundheit"][3:5] == ["70 %", "40"]


def test_every_table_on_the_town_page_downloads(office):
    html = office.get("/bildungsmonitoring/orte/bensheim/").content.decode()
    keys = re.findall(r'href="\?tabelle=([a-z0-9-]+)&amp;format=xlsx"', html)
    assert keys == ["kennzahlen-bensheim", "lebensphasen-bensheim", "themen-bensheim",
                    "bevoelkerung-bensheim", "luecken-bensheim"]
    for key in keys:
        response = office.get(f"/bildungsmonitoring/orte/bensheim/?tabelle={key}&format=xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert f'filename="{key}.xlsx"' in response["Content-Disposition"]
