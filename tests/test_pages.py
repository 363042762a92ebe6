"""The editable static pages: imprint, privacy notice, accessibility statement."""

import importlib

import pytest
from django.apps import apps

from bildungsportal.core.models import Page

pytestmark = pytest.mark.django_db


def create_default_pages():
    """What migration core 0002 does (idempotent). Tests that flush the database – any
    transactional test – remove the migration's rows, so the tests here recreate them."""
    migration = importlib.import_module("bildungsportal.core.migrations.0002_default_pages")
    migration.create_pages(apps, None)


@pytest.fixture(autouse=True)
def default_pages(db):
    create_default_pages()


@pytest.mark.parametrize(
    ("url", "title", "phrases"),
    [
        ("/impressum/", "Impressum", ["Kreis Bergstraße", "Herausgeber", "Heppenheim"]),
        (
            "/datenschutz/",
            "Datenschutz",
            ["kein Tracking", "keine Inhalte von Dritten", "keine IP-Adressen zusammen mit"],
        ),
        (
            "/barrierefreiheit/",
            "Erklärung zur Barrierefreiheit",
            ["BITV 2.0", "WCAG", "Feedback und Kontakt", "Schlichtungsstelle", "BGG"],
        ),
    ],
)
def test_default_pages(client, url, title, phrases):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    for phrase in phrases:
        assert phrase in html, phrase
    assert f'<link rel="canonical" href="http://testserver{url}">' in html


def test_footer_links_to_the_legal_pages(client):
    html = client.get("/impressum/").content.decode()
    for url in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert f'href="{url}"' in html


def test_page_body_is_sanitized_on_save_and_rendered_as_html(client):
    page = Page.objects.get(slug="impressum")
    page.body = (
        '<h2>Neu</h2><p onclick="x()">Text <strong>fett</strong></p>'
        '<script>alert(1)</script><img src="https://tracker.example/x.png">'
        '<a href="javascript:alert(1)">böse</a>'
    )
    page.save()

    html = client.get("/impressum/").content.decode()
    assert "<h2>Neu</h2>" in html
    assert "<strong>fett</strong>" in html
    assert "onclick" not in html
    assert "<script>alert(1)</script>" not in html
    assert "tracker.example" not in html
    assert "javascript:" not in html


def test_other_pages_live_under_seite_and_redirect_to_the_short_address(client):
    Page.objects.create(slug="leichte-sprache", title="Leichte Sprache", body="<p>Hallo.</p>")
    assert client.get("/seite/leichte-sprache/").status_code == 200
    assert Page.objects.get(slug="leichte-sprache").get_absolute_url() == "/seite/leichte-sprache/"

    redirect = client.get("/seite/impressum/")
    assert redirect.status_code == 301 and redirect["Location"] == "/impressum/"
    assert client.get("/seite/gibt-es-nicht/").status_code == 404


def test_missing_page_is_404(client):
    Page.objects.filter(slug="datenschutz").delete()
    assert client.get("/datenschutz/").status_code == 404


def test_admin_lists_pages(admin_client):
    response = admin_client.get("/admin/core/page/")
    assert response.status_code == 200
    assert "Impressum" in response.content.decode()
