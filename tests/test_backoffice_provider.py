"""Provider self-service: dashboard, offering form with runs, copy, preview, status, profile."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bildungsportal.backoffice.models import OfferingChange
from bildungsportal.catalog.models import Offering, Provider, Run, Venue
from bildungsportal.places.models import PostalCode
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = factories.small_catalog()
    data["staff"] = factories.user("vhs", providers=[data["vhs"]])
    data["music_staff"] = factories.user("musik", providers=[data["music"]])
    data["office"] = factories.user("buero", office=True)
    return data


@pytest.fixture
def staff_client(client, data):
    client.force_login(data["staff"])
    return client


def offering_post(data, **overrides):
    """A complete, valid POST for the offering form with one weekly run at a saved venue."""
    vocab = data["vocab"]
    post = {
        "title": "Yoga am Abend",
        "summary": "Entspannt in den Feierabend.",
        "description": "Sanftes Yoga für alle, die nach der Arbeit zur Ruhe kommen wollen.",
        "entry_requirements": "Keine",
        "format": vocab["in_person"].pk,
        "life_phases": [vocab["adults"].pk],
        "topics": [vocab["health"].pk],
        "languages": [vocab["de"].pk],
        "price_cents": "12,50 €",
        "price_reduced_cents": "",
        "price_note": "",
        "certificate": "",
        "dqr_level": "",
        "registration_url": "https://vhs.example.org/yoga",
        "registration_contact": "",
        "termine-TOTAL_FORMS": "1",
        "termine-INITIAL_FORMS": "0",
        "termine-MIN_NUM_FORMS": "0",
        "termine-MAX_NUM_FORMS": "50",
        "termine-0-recurrence": "weekly",
        "termine-0-start_date": "02.03.2027",
        "termine-0-end_date": "27.04.2027",
        "termine-0-weekdays": ["1"],
        "termine-0-start_time": "18:30",
        "termine-0-end_time": "20:00",
        "termine-0-sessions": "8",
        "termine-0-hours": "16,5",
        "termine-0-seats": "12",
        "termine-0-booking_status": "open",
        "termine-0-place": data["haus"].pk,
        "termine-0-price_cents": "",
        "termine-0-note": "",
    }
    post.update(overrides)
    return {k: v for k, v in post.items() if v is not None}


def create_url(data):
    return reverse("backoffice:offering-create", args=[data["vhs"].pk])


# -- dashboard ---------------------------------------------------------------------------
def test_dashboard_lists_own_offerings_with_status_completeness_and_next_run(staff_client, data):
    response = staff_client.get(reverse("backoffice:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine Angebote" in html
    assert "Englisch für Anfänger" in html and "Geheimer Entwurf" in html
    assert "Gitarre für Erwachsene" not in html  # the music school's
    assert "Entwurf" in html and "veröffentlicht" in html
    assert "100&nbsp;%" in html  # the complete English course
    assert "Zugangsvoraussetzungen" in html  # missing on the draft
    assert "Neues Angebot anlegen" in html
    assert 'name="robots" content="noindex"' in html


def test_dashboard_filters_by_status_and_paginates(staff_client, data):
    for number in range(25):
        factories.offering(data["vhs"], data["vocab"], f"Kurs {number:02d}", status="draft")
    response = staff_client.get(reverse("backoffice:home"), {"status": "published"})
    assert "Geheimer Entwurf" not in response.content.decode()
    assert response.context["page"].paginator.count == 2
    drafts = staff_client.get(reverse("backoffice:home"), {"status": "draft"})
    assert drafts.context["page"].paginator.count == 26
    second = staff_client.get(reverse("backoffice:home"), {"status": "draft", "page": "2"})
    assert len(second.context["rows"]) == 6
    assert "status=draft" in second.content.decode()  # links keep the filter
    junk = staff_client.get(reverse("backoffice:home"),
                            {"status": "'; DROP TABLE x;--", "page": "-7"})
    assert junk.status_code == 200
    assert junk.context["status"] == ""


def test_dashboard_flags_stale_offerings(staff_client, data):
    Offering.objects.filter(pk=data["draft"].pk).update(
        updated_at=timezone.now() - timedelta(days=400)
    )
    response = staff_client.get(reverse("backoffice:home"))
    stale = {row.offering.title: row.stale for row in response.context["rows"]}
    assert stale == {"Geheimer Entwurf": True, "Englisch für Anfänger": False,
                     "Erste Hilfe am Kind": False}
    assert "veraltet" in response.content.decode()


def test_staff_of_several_providers_gets_a_switcher(client, data):
    both = factories.user("beide", providers=[data["vhs"], data["music"]])
    client.force_login(both)
    response = client.get(reverse("backoffice:home"))
    html = response.content.decode()
    assert 'name="anbieter"' in html and "Musikschule Bergstraße" in html
    assert "Gitarre für Erwachsene" in html and "Englisch für Anfänger" in html
    only_music = client.get(reverse("backoffice:home"), {"anbieter": data["music"].pk})
    titles = [row.offering.title for row in only_music.context["rows"]]
    assert titles == ["Gitarre für Erwachsene"]


def test_office_sees_every_provider(client, data):
    client.force_login(data["office"])
    response = client.get(reverse("backoffice:home"))
    assert response.context["page"].paginator.count == Offering.objects.count()
    music = client.get(reverse("backoffice:home"), {"anbieter": data["music"].pk})
    assert music.status_code == 200
    assert music.context["selected"] == data["music"]


# -- create / edit ------------------------------------------------------------------------
def test_create_offering_with_weekly_run(staff_client, data):
    response = staff_client.post(create_url(data), offering_post(data))
    offering = Offering.objects.get(title="Yoga am Abend")
    assert response.status_code == 302
    assert response.url == reverse("backoffice:offering-edit", args=[offering.pk])
    assert offering.provider == data["vhs"]
    assert offering.status == "draft"
    assert offering.price_cents == 1250
    assert list(offering.topics.all()) == [data["vocab"]["health"]]
    run = offering.runs.get()
    assert run.recurrence == "weekly"
    assert run.weekdays == Run.WEEKDAY_BITS[1]
    assert str(run.start_date) == "2027-03-02" and str(run.end_date) == "2027-04-27"
    assert run.start_time.strftime("%H:%M") == "18:30"
    assert str(run.hours) == "16.5"
    assert run.venue == data["haus"]
    change = OfferingChange.objects.get(offering=offering)
    assert change.action == "created" and change.user == data["staff"]
    assert change.snapshot["runs"][0]["weekdays"] == 2


def test_form_page_renders_checkbox_groups_in_fieldsets(staff_client, data):
    html = staff_client.get(create_url(data)).content.decode()
    assert "<legend>Themen:</legend>" in html or "<legend>Themen</legend>" in html
    assert 'type="checkbox" name="topics"' in html
    assert "Sprachen – Englisch" in html  # subtopics name their parent
    assert "weiteren Termin hinzufügen" in html
    assert 'name="termine-TOTAL_FORMS" value="1"' in html


def test_new_venue_from_postcode(staff_client, data):
    post = offering_post(data, **{
        "termine-0-place": "", "termine-0-new_venue_name": "Bürgerhaus",
        "termine-0-new_venue_street": "Hauptstraße 5", "termine-0-new_venue_postcode": "64646",
    })
    response = staff_client.post(create_url(data), post)
    assert response.status_code == 302
    venue = Offering.objects.get(title="Yoga am Abend").runs.get().venue
    assert venue.name == "Bürgerhaus" and venue.municipality == data["heppenheim"]
    assert venue.provider == data["vhs"]


def test_new_venue_outside_the_district_takes_its_place_from_the_postcode(staff_client, data):
    PostalCode.objects.create(code="10117", place="Berlin", latitude=52.517, longitude=13.3872)
    post = offering_post(data, **{
        "termine-0-place": "", "termine-0-new_venue_name": "Seminarhaus Mitte",
        "termine-0-new_venue_postcode": "10117",
    })
    response = staff_client.post(create_url(data), post)
    assert response.status_code == 302
    venue = Offering.objects.get(title="Yoga am Abend").runs.get().venue
    assert venue.municipality is None and venue.locality == "Berlin"
    assert venue.latitude == pytest.approx(52.517, abs=0.01)


def test_unknown_postcode_gives_a_clear_message(staff_client, data):
    post = offering_post(data, **{
        "termine-0-place": "", "termine-0-new_venue_name": "Irgendwo",
        "termine-0-new_venue_postcode": "00000",
    })
    response = staff_client.post(create_url(data), post)
    assert response.status_code == 200
    assert "Die Postleitzahl 00000 gibt es nicht" in response.content.decode()
    assert not Offering.objects.filter(title="Yoga am Abend").exists()
    assert not Venue.objects.filter(name="Irgendwo").exists()


def test_run_without_venue_or_online_is_refused(staff_client, data):
    response = staff_client.post(create_url(data), offering_post(data, **{"termine-0-place": ""}))
    assert response.status_code == 200
    assert "Bitte wählen Sie einen Veranstaltungsort" in response.content.decode()


def test_online_run_and_standing_run(staff_client, data):
    post = offering_post(data, **{
        "termine-TOTAL_FORMS": "2",
        "termine-0-place": "", "termine-0-is_online": "on",
        "termine-1-recurrence": "standing", "termine-1-booking_status": "none",
        "termine-1-place": data["saal"].pk,
    })
    assert staff_client.post(create_url(data), post).status_code == 302
    runs = Offering.objects.get(title="Yoga am Abend").runs.order_by("pk")
    assert [(r.recurrence, r.is_online, r.venue_id) for r in runs] == [
        ("weekly", True, None), ("standing", False, data["saal"].pk)
    ]


def test_add_run_button_adds_an_empty_run_without_saving(staff_client, data):
    response = staff_client.post(create_url(data), offering_post(data, add_run="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="termine-TOTAL_FORMS" value="2"' in html
    assert "Termin 2" in html
    assert 'value="Yoga am Abend"' in html  # what was typed stays
    assert "Bitte korrigieren" not in html
    assert not Offering.objects.filter(title="Yoga am Abend").exists()
    # Submitting with the second (empty) run form saves just the one run.
    post = offering_post(data, **{"termine-TOTAL_FORMS": "2", "termine-1-recurrence": "once",
                                  "termine-1-booking_status": "open"})
    assert staff_client.post(create_url(data), post).status_code == 302
    assert Offering.objects.get(title="Yoga am Abend").runs.count() == 1


def test_edit_changes_fields_and_runs_and_records_a_diff(staff_client, data):
    english = data["english"]
    url = reverse("backoffice:offering-edit", args=[english.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    assert formset.total_form_count() == 3
    html = page.content.decode()
    assert 'value="120,00"' in html  # cents shown as euro
    assert "diesen Termin löschen" in html
    post = offering_post(data, title="Englisch A1", price_cents="99")
    post.update({
        "termine-TOTAL_FORMS": "3", "termine-INITIAL_FORMS": "3",
    })
    runs = list(english.runs.order_by("start_date", "start_time", "id"))
    for index, run in enumerate(runs):
        post.update({
            f"termine-{index}-id": run.pk, f"termine-{index}-offering": english.pk,
            f"termine-{index}-recurrence": run.recurrence,
            f"termine-{index}-start_date": run.start_date.strftime("%d.%m.%Y"),
            f"termine-{index}-end_date": "",
            f"termine-{index}-weekdays": [],
            f"termine-{index}-start_time": "", f"termine-{index}-end_time": "",
            f"termine-{index}-sessions": "", f"termine-{index}-hours": "",
            f"termine-{index}-seats": "",
            f"termine-{index}-booking_status": "open",
            f"termine-{index}-place": run.venue_id or "",
            f"termine-{index}-is_online": "on" if run.is_online else "",
        })
    post = {k: v for k, v in post.items() if v != ""}
    post["termine-2-DELETE"] = "on"
    response = staff_client.post(url, post)
    assert response.status_code == 302, response.context and response.context["form"].errors
    english.refresh_from_db()
    assert english.title == "Englisch A1" and english.price_cents == 9900
    assert english.price_reduced_cents is None
    assert english.runs.count() == 2
    change = OfferingChange.objects.get(offering=english)
    assert change.action == "edited"
    assert change.changes["title"] == ["Englisch für Anfänger", "Englisch A1"]
    assert "runs" in change.changes
    assert english.status == "published"  # an approved provider's edit stays live


def test_a_run_id_of_another_offering_is_refused(staff_client, data):
    english = data["english"]
    post = offering_post(data, **{
        "termine-INITIAL_FORMS": "1", "termine-0-id": data["other_run"].pk,
        "termine-0-offering": english.pk,
    })
    response = staff_client.post(reverse("backoffice:offering-edit", args=[english.pk]), post)
    # Django's formset ignores a row whose id is not among this offering's runs.
    assert response.status_code in (200, 302)
    assert english.runs.count() == 3
    data["other_run"].refresh_from_db()
    assert data["other_run"].offering == data["guitar"]
    assert data["guitar"].runs.count() == 1


def test_duplicate_copies_everything_as_draft(staff_client, data):
    english = data["english"]
    response = staff_client.post(reverse("backoffice:offering-duplicate", args=[english.pk]))
    copy = Offering.objects.get(title="Kopie von Englisch für Anfänger")
    assert response.url == reverse("backoffice:offering-edit", args=[copy.pk])
    assert copy.status == "draft" and copy.provider == data["vhs"]
    assert copy.runs.count() == english.runs.count() == 3
    assert set(copy.languages.all()) == set(english.languages.all())
    assert copy.price_cents == english.price_cents
    assert english.runs.count() == 3
    assert OfferingChange.objects.get(offering=copy).action == "created"
    assert staff_client.get(reverse("backoffice:offering-duplicate",
                                    args=[english.pk])).status_code == 405


# -- preview and status --------------------------------------------------------------------
def test_preview_of_a_draft(staff_client, data):
    response = staff_client.get(reverse("backoffice:offering-preview", args=[data["draft"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vorschau" in html and "Geheimer Entwurf" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html
    assert "Zur Freigabe einreichen" in html  # the VHS is not approved yet


def test_publish_submit_unpublish_archive_are_post_only(staff_client, data):
    draft = data["draft"]
    url = reverse("backoffice:offering-publish", args=[draft.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, {"next": "home"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "pending"  # new provider: waits for the office
    data["vhs"].approved_at = timezone.now()
    data["vhs"].save()
    staff_client.post(reverse("backoffice:offering-unpublish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"
    staff_client.post(url, {"next": "preview"})
    draft.refresh_from_db()
    assert draft.status == "published"
    staff_client.post(reverse("backoffice:offering-archive", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "archived"
    actions = list(OfferingChange.objects.filter(offering=draft)
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["submitted", "edited", "published", "archived"]


def test_an_impossible_transition_gives_a_message(staff_client, data):
    response = staff_client.post(
        reverse("backoffice:offering-unpublish", args=[data["draft"].pk]), follow=True
    )
    assert response.status_code == 200
    assert "im Status „Entwurf“ nicht möglich" in response.content.decode()


def test_csrf_is_enforced_on_status_changes(data):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(data["staff"])
    response = client.post(reverse("backoffice:offering-archive", args=[data["draft"].pk]))
    assert response.status_code == 403
    data["draft"].refresh_from_db()
    assert data["draft"].status == "draft"


# -- provider profile ---------------------------------------------------------------------
def test_profile_edit(staff_client, data):
    url = reverse("backoffice:provider-profile", args=[data["vhs"].pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {
        "name": "VHS Bergstraße <b>neu</b>", "description": "Lernen <script>x()</script>vor Ort",
        "street": "Am Markt 2", "postcode": "64646", "email": "neu@vhs.example.org",
        "phone": "06252 1", "website": "https://vhs.example.org",
    })
    assert response.status_code == 302
    vhs = Provider.objects.get(pk=data["vhs"].pk)
    assert vhs.name == "VHS Bergstraße neu"
    assert vhs.description == "Lernen vor Ort"
    assert vhs.municipality == data["heppenheim"]


def test_profile_rejects_unknown_postcode_and_bad_website(staff_client, data):
    url = reverse("backoffice:provider-profile", args=[data["vhs"].pk])
    response = staff_client.post(url, {
        "name": "VHS", "postcode": "99999", "website": "javascript:alert(1)",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diese Postleitzahl kennen wir nicht" in html
    assert "Bitte eine vollständige Adresse" in html
    assert Provider.objects.get(pk=data["vhs"].pk).name == "VHS Bergstraße"


# -- who may do what (object-level) --------------------------------------------------------
def foreign_urls(data):
    guitar = data["guitar"].pk
    return {
        "get": [
            reverse("backoffice:offering-edit", args=[guitar]),
            reverse("backoffice:offering-preview", args=[guitar]),
            reverse("backoffice:provider-profile", args=[data["music"].pk]),
            reverse("backoffice:offering-create", args=[data["music"].pk]),
            reverse("backoffice:home") + f"?anbieter={data['music'].pk}",
        ],
        "post": [
            reverse("backoffice:offering-edit", args=[guitar]),
            reverse("backoffice:offering-duplicate", args=[guitar]),
            reverse("backoffice:offering-publish", args=[guitar]),
            reverse("backoffice:offering-unpublish", args=[guitar]),
            reverse("backoffice:offering-archive", args=[guitar]),
            reverse("backoffice:provider-profile", args=[data["music"].pk]),
            reverse("backoffice:offering-create", args=[data["music"].pk]),
        ],
    }


def test_staff_of_another_provider_gets_404_everywhere(staff_client, data):
    before = Offering.objects.count(), OfferingChange.objects.count()
    for url in foreign_urls(data)["get"]:
        assert staff_client.get(url).status_code == 404, url
    for url in foreign_urls(data)["post"]:
        response = staff_client.post(url, offering_post(data, name="Übernommen"))
        assert response.status_code == 404, url
    data["guitar"].refresh_from_db()
    assert data["guitar"].status == "published" and data["guitar"].title.startswith("Gitarre")
    assert Provider.objects.get(pk=data["music"].pk).name == "Musikschule Bergstraße"
    assert (Offering.objects.count(), OfferingChange.objects.count()) == before


def test_a_draft_of_another_provider_is_not_previewable(client, data):
    client.force_login(data["music_staff"])
    assert client.get(
        reverse("backoffice:offering-preview", args=[data["draft"].pk])
    ).status_code == 404
    assert client.get(reverse("backoffice:offering-preview", args=[999999])).status_code == 404


@override_settings(LOGIN_URL="/konto/anmelden/")
def test_anonymous_is_sent_to_login(client, data):
    for url in foreign_urls(data)["get"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/konto/anmelden/"), url
    response = client.post(reverse("backoffice:offering-archive", args=[data["draft"].pk]))
    assert response.status_code == 302
    data["draft"].refresh_from_db()
    assert data["draft"].status == "draft"


def test_logged_in_user_without_role_gets_403(client, data):
    client.force_login(factories.user("niemand"))
    assert client.get(reverse("backoffice:home")).status_code == 403
    assert client.get(
        reverse("backoffice:offering-edit", args=[data["draft"].pk])
    ).status_code == 403


def test_office_can_do_everything(client, data):
    client.force_login(data["office"])
    for url in foreign_urls(data)["get"]:
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("backoffice:offering-archive", args=[data["guitar"].pk]))
    assert response.status_code == 302
    data["guitar"].refresh_from_db()
    assert data["guitar"].status == "archived"
    html = client.get(reverse("backoffice:home")).content.decode()
    assert "alle Anbieter" in html


def test_office_link_only_for_the_office(client, data):
    office_url = reverse("backoffice:office-home")
    client.force_login(data["office"])
    assert f'href="{office_url}"' in client.get(reverse("backoffice:home")).content.decode()
    client.force_login(data["staff"])
    assert f'href="{office_url}"' not in client.get(reverse("backoffice:home")).content.decode()


def test_dashboard_queries_do_not_grow_with_offerings(staff_client, data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        staff_client.get(reverse("backoffice:home"))  # warms caches (search index state)
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("backoffice:home"))
        return len(queries), len(response.context["rows"])

    few = count()
    for number in range(15):
        offering = factories.offering(data["vhs"], data["vocab"], f"Kurs {number:02d}")
        factories.run(offering, data["haus"], days=number + 1)
    many = count()
    assert (few[1], many[1]) == (3, 18)
    assert many[0] == few[0] <= 15


def test_saving_unchanged_resets_updated_at_but_adds_no_history(staff_client, data):
    draft = data["draft"]
    Offering.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=400))
    run = draft.runs.get()
    post = offering_post(data, title=draft.title, summary="", description="",
                         entry_requirements="", price_cents="", registration_url="",
                         topics=[data["vocab"]["english"].pk], **{
                             "termine-INITIAL_FORMS": "1", "termine-0-id": run.pk,
                             "termine-0-offering": draft.pk, "termine-0-recurrence": "once",
                             "termine-0-start_date": run.start_date.strftime("%d.%m.%Y"),
                             "termine-0-end_date": "", "termine-0-weekdays": [],
                             "termine-0-start_time": "", "termine-0-end_time": "",
                             "termine-0-sessions": "", "termine-0-hours": "",
                             "termine-0-seats": "", "termine-0-place": run.venue_id,
                         })
    response = staff_client.post(reverse("backoffice:offering-edit", args=[draft.pk]), post)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.updated_at > timezone.now() - timedelta(minutes=5)
    assert not OfferingChange.objects.filter(offering=draft).exists()


def test_dashboard_leads_to_uploads_feeds_exports_history_and_freshness(staff_client, data):
    response = staff_client.get(reverse("backoffice:home"))
    body = response.content.decode()
    for name in ("backoffice:upload", "backoffice:feeds", "backoffice:export", "backoffice:stale",
                 "backoffice:broken-links"):
        assert f'href="{reverse(name)}"' in body, name
    own = Offering.objects.filter(provider=data["vhs"]).first()
    assert reverse("backoffice:offering-history", args=[own.pk]) in body
    for target in (reverse("backoffice:upload"), reverse("backoffice:stale"),
                   reverse("backoffice:offering-history", args=[own.pk])):
        assert staff_client.get(target).status_code == 200, target
