"""Each region's own public site: name, colours, logo, home texts, static pages."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from bildungsportal.core.models import Page
from bildungsportal.places.admin import RegionForm
from bildungsportal.places.colours import contrast_with_white, validate_brand_colour
from bildungsportal.places.models import Region
from bildungsportal.places.regions import default_region
from tests import factories

pytestmark = pytest.mark.django_db
ODENWALD = {"host": "odenwald.example"}


@pytest.fixture(autouse=True)
def hosts():
    with override_settings(ALLOWED_HOSTS=["odenwald.example", "testserver"]):
        yield


@pytest.fixture
def odenwald():
    region = Region.objects.create(key="06437", name="Odenwaldkreis", slug="odenwald",
                                   host="odenwald.example")
    erbach = factories.town("Erbach", ags="06437006", lat=49.66, lon=8.99,
                            postcodes=("64711",))
    erbach.region = region
    erbach.save()
    factories.town()
    return region


def png(size=(8, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 74, 138)).save(buffer, "PNG")
    return buffer.getvalue()


def get(client, path="/", **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_each_host_names_its_own_site(client, odenwald):
    page = get(client, **ODENWALD)
    assert "<title>Bildungsportal Odenwaldkreis</title>" in page
    assert "Bildung in der Region Odenwaldkreis" in page
    assert "Erbach" in page and "Kreis Bergstraße" not in page
    odenwald.site_name = "Lernen im Odenwald"
    odenwald.save()
    assert "<title>Lernen im Odenwald</title>" in get(client, **ODENWALD)
    feed = get(client, "/angebote/neu.atom", **ODENWALD)
    assert "Neue Angebote – Lernen im Odenwald" in feed


def test_the_default_region_keeps_todays_look(client, odenwald):
    page = get(client)
    assert "<title>Bildungsportal Kreis Bergstraße</title>" in page
    assert "Bildung im Kreis Bergstraße" in page
    assert "region.css" not in page and "region-logo" not in page
    assert client.get("/region.css").status_code == 404
    assert client.get("/region-logo").status_code == 404


def test_home_texts_per_language_with_german_as_fallback(client, odenwald):
    odenwald.home_texts = {"de": {"title": "Lernen zwischen Mümling und Gersprenz",
                                  "intro": "Alle Kurse des Odenwaldkreises."},
                           "en": {"title": "Learning in the Odenwald"}}
    odenwald.save()
    assert "Lernen zwischen Mümling und Gersprenz" in get(client, **ODENWALD)
    assert "Learning in the Odenwald" in get(client, "/en/", **ODENWALD)
    assert "Lernen zwischen Mümling" in get(client, "/tr/", **ODENWALD)


@pytest.mark.parametrize("colour, message", [
    ("#ffff00", "4,5:1"),  # yellow: white text on it is unreadable
    ("#3b82f6", "4,5:1"),  # a common light blue, 3.7:1
    ("blue", "Hex-Wert"),
    ("#12345", "Hex-Wert"),
])
def test_colours_without_enough_contrast_are_refused_in_german(colour, message):
    with pytest.raises(ValidationError, match=message):
        validate_brand_colour(colour)


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast_with_white("#000000"), 1) == 21.0
    assert round(contrast_with_white("#767676"), 2) == 4.54  # the known AA threshold grey
    validate_brand_colour("#0a4a8a")  # the instance's own blue passes


def test_the_regions_colours_come_as_a_stylesheet(client, odenwald):
    odenwald.primary_colour, odenwald.accent_colour = "#2e6b30", "#1d4420"
    odenwald.full_clean()
    odenwald.save()
    page = get(client, **ODENWALD)
    assert '<link rel="stylesheet" href="/region.css?v=' in page
    css = client.get("/region.css", headers=ODENWALD)
    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #2e6b30;" in css.content.decode()
    assert "--brand-dark: #1d4420;" in css.content.decode()
    assert "region.css" not in get(client)  # the default region's pages are untouched


def test_the_logo_is_uploaded_checked_and_served(client, odenwald):
    data = {field: getattr(odenwald, field) for field in (
        "key", "name", "slug", "host", "site_name", "primary_colour", "accent_colour")}
    data.update(cross_border_search="on", home_texts="{}")
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png")
    form = RegionForm(data, {"logo_file": fake}, instance=odenwald)
    assert not form.is_valid() and "logo_file" in form.errors
    form = RegionForm(data, {"logo_file": SimpleUploadedFile("l.png", png(), "image/png")},
                      instance=odenwald)
    assert form.is_valid(), form.errors
    form.save()
    odenwald.refresh_from_db()
    assert odenwald.logo_type == "image/png"
    page = get(client, **ODENWALD)
    assert 'class="region-logo" src="/region-logo?v=' in page and 'alt=""' in page
    logo = client.get("/region-logo", headers=ODENWALD)
    assert logo["Content-Type"] == "image/png" and logo.content == png()
    assert logo["X-Content-Type-Options"] == "nosniff"


def test_colour_errors_show_in_the_admin_form(odenwald):
    data = {"key": "06437", "name": "Odenwaldkreis", "slug": "odenwald",
            "host": "odenwald.example", "primary_colour": "#ffcc00", "home_texts": "{}"}
    form = RegionForm(data, instance=odenwald)
    assert not form.is_valid()
    assert "dunklere Farbe" in str(form.errors["primary_colour"])


def test_static_pages_per_region_with_the_shared_one_as_fallback(client, odenwald):
    Page.objects.update_or_create(
        slug="impressum", region_key="",
        defaults={"title": "Impressum", "body": "<p>Kreis Bergstraße</p>"})
    Page.objects.create(slug="impressum", region_key="06437", title="Impressum",
                        body="<p>Odenwaldkreis, Michelstädter Straße 12, Erbach</p>")
    assert "Michelstädter Straße" in get(client, "/impressum/", **ODENWALD)
    assert "Michelstädter Straße" not in get(client, "/impressum/")
    # a page the region has no own copy of: the shared one
    Page.objects.update_or_create(slug="datenschutz", region_key="",
                                  defaults={"title": "Datenschutz", "body": "<p>gemeinsam</p>"})
    assert "gemeinsam" in get(client, "/datenschutz/", **ODENWALD)
    assert default_region().key == "06431"


def test_the_admin_uploads_a_logo_and_refuses_a_pale_colour(client, odenwald):
    client.force_login(factories.user("admin", superuser=True))
    url = f"/admin/places/region/{odenwald.pk}/change/"
    assert client.get(url).status_code == 200
    data = {"key": "06437", "name": "Odenwaldkreis", "slug": "odenwald",
            "host": "odenwald.example", "cross_border_search": "on", "site_name": "",
            "primary_colour": "#ffcc00", "accent_colour": "", "home_texts": "{}"}
    response = client.post(url, data)
    assert response.status_code == 200 and "dunklere Farbe" in response.content.decode()
    data["primary_colour"] = "#2e6b30"
    response = client.post(url, {**data, "logo_file": SimpleUploadedFile("l.png", png())})
    assert response.status_code == 302
    odenwald.refresh_from_db()
    assert (odenwald.primary_colour, bytes(odenwald.logo)) == ("#2e6b30", png())
    client.post(url, {**data, "remove_logo": "on"})
    odenwald.refresh_from_db()
    assert not odenwald.logo
