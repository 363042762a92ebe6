"""Upload with preview: roles, the pending file tied to user and provider, preview, import."""

import json
import os
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from bildungsportal.catalog.models import Offering, Provider
from bildungsportal.ingest.models import ImportRun
from tests import factories
from tests.test_ingest_hostile import XXE
from tests.test_ingest_pipeline import course, feed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads(tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.IMPORT_UPLOAD_DIR / "catalog"  # the catalog's area (core/uploads.py)


@pytest.fixture
def vhs():
    call_command("load_reference", verbosity=0, stdout=StringIO())
    return Provider.objects.create(name="VHS Bergstraße", kind="vhs")


@pytest.fixture
def staff(client, vhs):
    account = factories.user("staff", providers=[vhs])
    client.force_login(account)
    return account


def upload(client, provider, data, format_name="vhs", name="kurse.json"):
    return client.post(reverse("backoffice:upload"), {
        "provider": provider.pk, "format": format_name,
        "file": SimpleUploadedFile(name, data),
    })


def token_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url.rstrip("/").rsplit("/", 1)[-1]


def test_upload_needs_login_and_a_role(client, vhs, settings):
    response = client.get(reverse("backoffice:upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL
                                   else settings.LOGIN_URL)
    client.force_login(factories.user("nobody"))
    assert client.get(reverse("backoffice:upload")).status_code == 403


def test_preview_then_import_all(client, staff, vhs, uploads):
    token = token_of(upload(client, vhs, feed(course("1"), course("2", "Yoga",
                                                                  keywords=["Yoga"]))))
    assert (uploads / token / "data").exists()
    page = client.get(reverse("backoffice:upload-preview", args=[token]))
    html = page.content.decode()
    assert page.status_code == 200 and "Englisch A1" in html and "01.02.2027" in html
    assert "Yoga" in html and "Haus" in html and "Importieren" in html
    assert "Ein Import ergäbe 2 neue, 0 geänderte und 0 unveränderte Angebote" in html
    assert Offering.objects.count() == 0  # the preview writes nothing
    response = client.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": "all"})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("backoffice:upload-result",
                                                                   args=[run.pk])
    assert run.origin == "upload" and run.user == staff and run.created == 2
    assert not (uploads / token).exists()
    # A provider the office has not approved yet: the offerings wait for review.
    assert set(Offering.objects.values_list("status", flat=True)) == {"pending"}
    result = client.get(response.url).content.decode()
    assert "Import abgeschlossen" in result
    assert client.get(reverse("backoffice:upload-preview", args=[token])).status_code == 404


def test_errors_offer_valid_only_explicitly(client, staff, vhs):
    token = token_of(upload(client, vhs, feed(course("1"), course("2", price="-3"))))
    html = client.get(reverse("backoffice:upload-preview", args=[token])).content.decode()
    assert "Datensatz 2" in html and "negativ" in html
    assert "Nur den gültigen Datensatz importieren" in html
    assert 'value="all"' not in html
    response = client.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": "all"})
    assert response.status_code == 200 and "nicht ausgeführt" in response.content.decode()
    assert Offering.objects.count() == 0
    client.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": "valid"})
    assert list(Offering.objects.values_list("external_id", flat=True)) == ["1"]


def test_hostile_file_shows_a_clear_message_and_no_import_button(client, staff, vhs):
    token = token_of(upload(client, vhs, XXE, name="evil.xml"))
    html = client.get(reverse("backoffice:upload-preview", args=[token])).content.decode()
    assert "verbotene Konstrukte" in html and 'name="mode"' not in html
    for mode in ("all", "valid"):
        client.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": mode})
    assert Offering.objects.count() == 0


def test_too_large_file_is_a_form_error(client, staff, vhs, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(client, vhs, b"x" * 500)
    assert response.status_code == 200 and "zu groß" in response.content.decode()


def test_staff_cannot_upload_for_another_provider(client, staff):
    other = factories.provider("Andere Schule")
    response = upload(client, other, feed(course("1")))
    assert response.status_code == 200 and "Auswahl" in response.content.decode()
    assert not Offering.objects.exists()


def test_someone_elses_token_is_404(client, staff, vhs):
    token = token_of(upload(client, vhs, feed(course("1"))))
    colleague = factories.user("colleague", providers=[vhs])
    office = factories.user("office", office=True)
    for account in (colleague, office):
        client.force_login(account)
        assert client.get(reverse("backoffice:upload-preview", args=[token])).status_code == 404
        assert client.post(reverse("backoffice:upload-confirm", args=[token])).status_code == 404
        assert client.post(reverse("backoffice:upload-discard", args=[token])).status_code == 404
    assert client.get(reverse("backoffice:upload-preview", args=["x" * 30])).status_code == 404
    assert not Offering.objects.exists()


def test_office_uploads_for_any_provider_and_publishes(client, vhs):
    client.force_login(factories.user("office", office=True))
    token = token_of(upload(client, vhs, feed(course("1"))))
    client.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": "all"})
    assert Offering.objects.get().status == "published"


def test_result_of_another_provider_is_404(client, staff, vhs):
    other = factories.provider("Andere")
    run = ImportRun.objects.create(provider=other, origin="upload", format="vhs",
                                   status="success")
    assert client.get(reverse("backoffice:upload-result", args=[run.pk])).status_code == 404


def test_discard_and_expiry_delete_the_file(client, staff, vhs, uploads):
    token = token_of(upload(client, vhs, feed(course("1"))))
    client.post(reverse("backoffice:upload-discard", args=[token]))
    assert not (uploads / token).exists()
    token = token_of(upload(client, vhs, feed(course("1"))))
    meta = uploads / token / "meta.json"
    data = json.loads(meta.read_text())
    data["created"] -= 2 * 24 * 3600
    meta.write_text(json.dumps(data))
    old = time.time() - 2 * 24 * 3600
    os.utime(uploads / token, (old, old))
    assert client.get(reverse("backoffice:upload-preview", args=[token])).status_code == 404
    assert not (uploads / token).exists()


def test_upload_records_history_with_the_diff(client, staff, vhs):
    from bildungsportal.backoffice.models import OfferingChange

    token = token_of(upload(client, vhs, feed(course("1"))))
    client.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": "all"})
    token = token_of(upload(client, vhs, feed(course("1", "Englisch A2"))))
    client.post(reverse("backoffice:upload-confirm", args=[token]), {"mode": "all"})
    changes = list(OfferingChange.objects.order_by("pk"))
    assert [change.action for change in changes] == ["imported", "imported"]
    assert changes[0].user == staff and "kurse.json" in changes[0].note
    assert changes[1].changes["title"] == ["Englisch A1", "Englisch A2"]
