"""Change history: readable entries and revert (fields, vocabulary relations, runs)."""

from datetime import date, timedelta

import pytest

from bildungsportal.backoffice import history
from bildungsportal.backoffice.models import OfferingChange
from bildungsportal.catalog.models import Offering, Run, Venue
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = factories.small_catalog()
    data["editor"] = factories.user("vhs-team", providers=[data["vhs"]])
    return data


def edit(offering, user, runs=None, **fields):
    before = history.snapshot(offering)
    relations = {k: fields.pop(k) for k in list(fields) if k in history.RELATION_MODELS}
    for name, value in fields.items():
        setattr(offering, name, value)
    offering.save()
    for name, values in relations.items():
        getattr(offering, name).set(values)
    if runs is not None:
        runs(offering)
    return history.record(offering, user, OfferingChange.Action.EDITED, before=before)


def test_revert_restores_fields_relations_and_runs(data):
    english, vocab = data["english"], data["vocab"]
    original = edit(english, data["editor"])  # the state to go back to
    original_runs = sorted(
        (str(r.start_date), r.venue_id, r.recurrence) for r in english.runs.all()
    )

    def replace_runs(offering):
        offering.runs.all().delete()
        Run.objects.create(offering=offering, start_date=date.today() + timedelta(days=99),
                           is_online=True)

    edit(english, data["editor"], runs=replace_runs, title="Business English",
         price_cents=19900, price_reduced_cents=None, topics=[vocab["health"]],
         languages=[vocab["en"]], dqr_level=None)
    english.refresh_from_db()
    assert english.title == "Business English"

    entry = history.revert(original, data["editor"])

    english.refresh_from_db()
    assert english.title == "Englisch für Anfänger"
    assert english.price_cents == 12000 and english.price_reduced_cents == 8000
    assert english.dqr_level_id == vocab["dqr"].pk
    assert list(english.topics.values_list("pk", flat=True)) == [vocab["english"].pk]
    assert set(english.languages.values_list("pk", flat=True)) == {vocab["de"].pk,
                                                                   vocab["en"].pk}
    assert sorted(
        (str(r.start_date), r.venue_id, r.recurrence) for r in english.runs.all()
    ) == original_runs
    weekly = english.runs.get(recurrence="weekly")
    assert str(weekly.start_time) == "18:30:00" and weekly.hours == 20
    assert entry.action == OfferingChange.Action.REVERTED
    assert entry.user == data["editor"]
    assert entry.changes["title"] == ["Business English", "Englisch für Anfänger"]
    assert "zurückgesetzt auf den Stand vom" in entry.note


def test_revert_keeps_status_and_provider(data):
    english = data["english"]
    first = edit(english, data["editor"], summary="alt")
    edit(english, data["editor"], summary="neu", status=Offering.Status.ARCHIVED)

    history.revert(first, data["editor"])

    english.refresh_from_db()
    assert english.summary == "alt"
    assert english.status == Offering.Status.ARCHIVED
    assert english.provider == data["vhs"]


def test_revert_with_a_deleted_venue_changes_nothing(data):
    english = data["english"]
    spare = Venue.objects.create(name="Altes Rathaus", municipality=data["bensheim"])

    def move(offering):
        offering.runs.update(venue=spare, is_online=False)

    old = edit(english, data["editor"], runs=move, summary="mit altem Ort")

    def back(offering):
        offering.runs.update(venue=data["haus"])

    edit(english, data["editor"], runs=back, summary="neuer Ort")
    spare.delete()
    runs_before = sorted(english.runs.values_list("pk", flat=True))
    entries_before = OfferingChange.objects.count()

    with pytest.raises(history.RevertError) as error:
        history.revert(old, data["editor"])

    assert "Veranstaltungsort" in str(error.value)
    assert "nichts geändert" in str(error.value)
    english.refresh_from_db()
    assert english.summary == "neuer Ort"
    assert sorted(english.runs.values_list("pk", flat=True)) == runs_before
    assert OfferingChange.objects.count() == entries_before


def test_revert_of_an_empty_or_broken_snapshot_changes_nothing(data):
    english = data["english"]
    empty = OfferingChange.objects.create(offering=english, action="edited", snapshot={})
    broken = OfferingChange.objects.create(
        offering=english, action="edited",
        snapshot={**history.snapshot(english), "price_cents": "viel", "title": "X"},
    )
    for entry in (empty, broken):
        with pytest.raises(history.RevertError):
            history.revert(entry, None)
    english.refresh_from_db()
    assert english.title == "Englisch für Anfänger"


def test_describe_gives_german_labels_and_readable_values(data):
    english, vocab = data["english"], data["vocab"]
    entry = edit(english, data["editor"], price_cents=15000, is_free=False,
                 topics=[vocab["health"]], format=vocab["online"], status="archived")

    rows = {label: (before, after) for label, before, after in history.describe(entry)}

    assert rows["Preis (Cent)"] == ("120,00\u00a0€", "150,00\u00a0€")
    assert rows["Themen"] == ("Englisch", "Gesundheit")
    assert rows["Format"] == ("Präsenzkurs", "Online live")
    assert rows["Status"] == ("veröffentlicht", "archiviert")


def test_history_page_shows_who_what_when(client, data):
    from django.urls import reverse

    english = data["english"]
    edit(english, data["editor"], title="Englisch A1")
    client.force_login(data["editor"])

    html = client.get(reverse("backoffice:offering-history", args=[english.pk])).content.decode()

    assert "vhs-team" in html
    assert "Titel" in html and "Englisch für Anfänger" in html and "Englisch A1" in html
    assert "bearbeitet" in html.lower()


def test_revert_page_with_deleted_venue_shows_message_and_changes_nothing(client, data):
    from django.urls import reverse

    english = data["english"]
    spare = Venue.objects.create(name="Altes Rathaus", municipality=data["bensheim"])
    old = edit(english, data["editor"],
               runs=lambda o: o.runs.update(venue=spare, is_online=False), summary="alt")
    edit(english, data["editor"], runs=lambda o: o.runs.update(venue=data["haus"]),
         summary="neu")
    spare.delete()
    client.force_login(data["editor"])
    url = reverse("backoffice:history-revert", args=[old.pk])

    assert "wurde inzwischen gelöscht" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "wurde inzwischen gelöscht" in response.content.decode()
    english.refresh_from_db()
    assert english.summary == "neu"
    assert not english.changes.filter(action="reverted").exists()


def test_describe_shows_runs_with_german_dates_and_places(data):
    english = data["english"]

    def move(offering):
        offering.runs.exclude(pk=data["weekly"].pk).delete()

    entry = edit(english, data["editor"], runs=move)
    rows = {label: (before, after) for label, before, after in history.describe(entry)}

    before, after = rows["Termine"]
    assert data["weekly"].start_date.strftime("%d.%m.%Y") in after
    assert "Haus am Markt" in after and "Kurfürstensaal" in before
    assert "online" in before and "online" not in after
