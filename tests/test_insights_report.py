"""The Bildungsbericht: print view, PDF (text read back with pypdf), CLI, no network, and
small-cell suppression in every one of them."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from bildungsportal.core.pdf import no_network_fetcher
from bildungsportal.insights import report
from tests import insights_world as world

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return world.build()


def pdf_text(content):
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _assert_small_town_hidden(text):
    lines = world.row_of(text, "Lindenfels")
    assert lines, "Lindenfels should appear (as a row with no figure)"
    assert any("zu wenige Antworten" in line for line in lines)
    assert world.SMALL_SHARE not in text
    assert "75%" not in text.replace("\u202f", "").replace(" ", "")


def test_district_pdf_has_title_date_figures_method_and_sources(data):
    content = report.render_pdf(report.report_data())
    text, pages = pdf_text(content)
    assert pages >= 5
    assert "Bildungsbericht Kreis Bergstraße" in text
    assert "Stand:" in text
    assert "GeoBasis-DE / BKG" in text
    assert "E2SFCA" in text and "31.12.2015" in text and "Zensus 2022" in text
    assert "weniger als 5 Antworten" in text  # k in the method notes
    # a figure: Heppenheim has 2 offerings (English, first aid) → shown per 1,000
    assert re.search(r"Heppenheim\s*\d+,\d", text)
    _assert_small_town_hidden(text)


def test_district_print_view_for_the_office(client, data):
    client.force_login(data["office"])
    response = client.get("/bildungsmonitoring/bericht/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bildungsbericht Kreis Bergstraße" in html
    assert 'href="?format=pdf"' in html
    assert "report.css" in html  # print stylesheet
    labels = dict(re.findall(r'aria-label="([^":]+): ([^"]+)"', html))
    assert labels["Lindenfels"]  # on the maps
    row = re.search(r"<th scope=\"row\">Lindenfels</th>(.*?)</tr>",
                    html.split("Anteil mit Wunsch")[-1], re.S).group(1)
    assert "zu wenige Antworten" in row and not re.search(r"\d", row)
    assert world.SMALL_SHARE not in html


def test_pdf_download_from_the_page(client, data):
    client.force_login(data["office"])
    response = client.get("/bildungsmonitoring/bericht/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "bildungsbericht-kreis-bergstrasse-" in response["Content-Disposition"]
    _assert_small_town_hidden(pdf_text(response.content)[0])


def test_town_report_pdf_names_the_town_and_hides_its_small_figures(data):
    text, _pages = pdf_text(report.render_pdf(report.report_data("lindenfels")))
    assert "Bildungsbericht Lindenfels" in text
    assert "Lindenfels im Vergleich zum Kreis" in text
    _assert_small_town_hidden(text)


def test_cli_writes_pdf_and_html(data, tmp_path):
    out = tmp_path / "bericht.pdf"
    call_command("report", town="bensheim", output=str(out), stdout=io.StringIO())
    text, _pages = pdf_text(out.read_bytes())
    assert "Bildungsbericht Bensheim" in text
    html = tmp_path / "bericht.html"
    call_command("report", output=str(html), stdout=io.StringIO())
    content = html.read_text(encoding="utf-8")
    assert "<style>" in content and "Bildungsbericht Kreis Bergstraße" in content
    assert 'rel="stylesheet"' not in content  # nothing to fetch


def test_cli_rejects_an_unknown_town(data, tmp_path):
    with pytest.raises(CommandError, match="Unknown town"):
        call_command("report", town="mannheim", output=str(tmp_path / "x.pdf"))


def test_rendering_fetches_nothing(data):
    fetcher = no_network_fetcher()
    for url in ("http://example.org/x.png", "file:///etc/passwd", "https://tile.example/1.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    html = report.render_html(report.report_data())
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html


def test_public_report_without_account_shows_only_published_indicators(client, data):
    from bildungsportal.catalog.models import Topic
    from bildungsportal.insights.models import Measure, PublishedIndicator

    PublishedIndicator.objects.create(indicator="share_free", position=1)
    PublishedIndicator.objects.create(indicator="wish_share", position=2,
                                      topic=Topic.objects.get(slug="sprachen"))
    Measure.objects.create(title="Geheime Planung", gap_town=data["towns"]["lindenfels"])
    public = client.get("/bildung-in-zahlen/").content.decode()
    assert 'href="/bildung-in-zahlen/bericht/"' in public
    assert 'href="/bildung-in-zahlen/bericht/?format=pdf"' in public
    html = client.get("/bildung-in-zahlen/bericht/").content.decode()
    assert "Anteil kostenfrei" in html and "Anteil mit Wunsch (Umfrage) – Sprachen" in html
    response = client.get("/bildung-in-zahlen/bericht/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, _pages = pdf_text(response.content)
    for output in (html, text):
        # Not published: other indicators, the gap list, goals and measures, town profiles.
        assert "Angebotslücken" not in output
        assert "Geheime Planung" not in output and "Maßnahmen" not in output
        assert "Erreichbare Angebote" not in output and "je 1.000 Einwohner" not in output
    _assert_small_town_hidden(text)
