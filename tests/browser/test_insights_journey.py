"""The issue's "done when": an office user opens the monitoring, sees the map and the ranked
gaps with their n, follows a gap to its town, records a measure against it, prints the
Bildungsbericht as PDF and exports the table; a politician opens the public page without an
account."""

import re

import pytest

from tests import insights_world as world
from tests import survey_factories as sf

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_journey_from_gap_to_measure_report_and_export(logged_in_page, data, tmp_path):
    page = logged_in_page(data["office"])
    page.goto("/bildungsmonitoring/")
    assert page.locator("svg.choropleth a.town").count() == 22
    first_gap = page.locator("ol.gap-list > li").first
    sentence = first_gap.locator("p").first.inner_text()
    assert re.search(r"\(n = \d+\)", sentence)
    town = re.match(r"In (\S+)", sentence).group(1)
    assert town != "Lindenfels"  # below k: never a gap

    first_gap.get_by_role("link", name=f"Zur Ortsseite {town}").click()
    page.wait_for_url("**/bildungsmonitoring/orte/**")
    assert page.locator("h1").inner_text() == town

    page.locator("ol.gap-list > li").first.get_by_role("link", name=re.compile(
        "^Maßnahme anlegen")).click()
    page.wait_for_url("**/massnahmen/neu/**")
    assert page.locator("#id_gap_town option:checked").inner_text() == town
    page.locator("#id_title").fill("Sprachcafé in der Bücherei")
    page.locator("#id_actors").fill("Stadtbücherei\nVHS")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/massnahmen/")
    assert "Sprachcafé in der Bücherei" in page.locator("main").inner_text()

    page.goto(f"/bildungsmonitoring/orte/{data['towns_by_name'][town]}/")
    assert "Sprachcafé in der Bücherei" in page.locator("#massnahmen + ul").inner_text()

    page.get_by_role("link", name=re.compile("^Bildungsbericht ")).click()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    pdf_path = tmp_path / "bericht.pdf"
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")

    page.goto("/bildungsmonitoring/")
    with page.expect_download() as table:
        page.locator("a[href$='format=csv']").first.click()
    csv_path = tmp_path / "tabelle.csv"
    table.value.save_as(csv_path)
    content = csv_path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbfGemeinde;")
    assert world.SMALL_SHARE.encode() not in content


def test_politician_opens_the_public_page_without_account(page, data):
    response = page.goto("/bildung-in-zahlen/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Bildung in Zahlen"
    assert page.get_by_role("link", name="Anmelden").count() == 1  # not logged in
    page.locator("svg.choropleth a[aria-label^='Bensheim:']").first.click()
    assert page.url.endswith("#zahl-1-bensheim")


@pytest.fixture
def data():
    built = world.build()
    # A real gap: Hirschhorn, far from every venue, wishes languages well above the district
    # (a gap needs supply below AND wish above the district's; docs/monitoring.md).
    sf.respond(built["survey"], {"themen": ["sprachen"], "wohnort": "hirschhorn",
                                 "altersgruppe": "25-39"}, n=14)
    sf.respond(built["survey"], {"themen": ["gesundheit"], "wohnort": "hirschhorn",
                                 "altersgruppe": "25-39"}, n=5)
    built["towns_by_name"] = {town.name: slug for slug, town in built["towns"].items()}
    return built
