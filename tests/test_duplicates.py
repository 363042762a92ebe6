"""Duplicate detection across sources: realistic pairs, near-misses, decisions, command."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from bildungsportal.backoffice import duplicates, tasks
from bildungsportal.backoffice.models import DuplicatePair, OfferingChange
from bildungsportal.catalog.models import Offering
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    bensheim = factories.town()
    heppenheim = factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    vocab = factories.vocabularies()
    vhs = factories.provider()
    agency = factories.provider("Sprachschule Lingua", kind="company")
    venues = {
        "vhs": factories.venue(bensheim, "VHS-Haus"),
        "ba": factories.venue(bensheim, "Lingua Bensheim", street="Bahnhofstraße 3"),
        "hep": factories.venue(heppenheim, "Lingua Heppenheim"),
    }

    def make(title, source, venue, days=21, provider=vhs, external_id=""):
        o = factories.offering(provider, vocab, title, source=source, external_id=external_id)
        factories.run(o, venues[venue], days=days)
        return o

    return {"make": make, "vhs": vhs, "agency": agency, "office": factories.user(
        "redaktion", office=True)}


def pairs():
    return {
        tuple(sorted((p.first.title, p.second.title)))
        for p in DuplicatePair.objects.select_related("first", "second")
    }


def test_same_course_from_vhs_and_ba_is_paired(data):
    a = data["make"]("Englisch A1 für Anfänger", "vhs", "vhs", external_id="v1")
    b = data["make"]("Englisch A1 - Anfänger", "ba", "ba", external_id="b1")
    c = data["make"]("Excel – Grundlagen (Kurs)", "ba", "ba", days=30, external_id="b2")
    d = data["make"]("Excel Grundlagen", "manual", "vhs", days=30)

    assert duplicates.find_duplicates() == 2

    assert pairs() == {
        ("Englisch A1 - Anfänger", "Englisch A1 für Anfänger"),
        ("Excel Grundlagen", "Excel – Grundlagen (Kurs)"),
    }
    pair = DuplicatePair.objects.get(first=min(a, b, key=lambda o: o.pk))
    assert pair.status == DuplicatePair.Status.OPEN and pair.score == 100
    assert c.pk and d.pk


def test_same_source_but_different_providers_is_paired(data):
    data["make"]("Yoga für Schwangere", "manual", "vhs")
    data["make"]("Yoga für Schwangere", "manual", "ba", provider=data["agency"])
    assert duplicates.find_duplicates() == 1


@pytest.mark.parametrize("title_a,title_b,kwargs_b", [
    ("Englisch A1 für Anfänger", "Englisch A2 für Anfänger", {}),        # other level
    ("Englisch Konversation", "Englisch Grammatik", {}),                  # other course
    ("Pilates am Morgen", "Pilates am Abend", {}),                        # other time of day
    ("Englisch A1 für Anfänger", "Englisch A1 - Anfänger", {"days": 22}),  # other date
    ("Englisch A1 für Anfänger", "Englisch A1 - Anfänger", {"venue": "hep"}),  # other town
    ("Deutsch als Fremdsprache B1", "Deutsch als Fremdsprache B1 Intensiv", {}),
])
def test_near_misses_are_not_paired(data, title_a, title_b, kwargs_b):
    data["make"](title_a, "vhs", "vhs")
    data["make"](title_b, "ba", kwargs_b.pop("venue", "ba"), **kwargs_b)
    assert duplicates.find_duplicates() == 0


def test_one_source_listing_a_course_twice_is_not_a_cross_source_duplicate(data):
    data["make"]("Englisch A1 für Anfänger", "vhs", "vhs", external_id="1")
    data["make"]("Englisch A1 für Anfänger", "vhs", "vhs", external_id="2")
    assert duplicates.find_duplicates() == 0


def test_past_runs_drafts_and_online_runs_are_not_compared(data):
    data["make"]("Englisch A1 für Anfänger", "vhs", "vhs", days=-5)
    data["make"]("Englisch A1 - Anfänger", "ba", "ba", days=-5)
    draft = data["make"]("Spanisch A1", "vhs", "vhs")
    draft.status = Offering.Status.DRAFT
    draft.save()
    data["make"]("Spanisch A1", "ba", "ba")
    assert duplicates.find_duplicates() == 0


def test_merge_keeps_one_archives_the_other_with_history(data):
    a = data["make"]("Englisch A1 für Anfänger", "vhs", "vhs")
    b = data["make"]("Englisch A1 - Anfänger", "ba", "ba")
    duplicates.find_duplicates()
    pair = DuplicatePair.objects.get()

    duplicates.merge(pair, b, data["office"])

    a.refresh_from_db(), b.refresh_from_db(), pair.refresh_from_db()
    assert a.status == Offering.Status.ARCHIVED and b.status == Offering.Status.PUBLISHED
    assert pair.status == DuplicatePair.Status.MERGED and pair.kept == b
    assert pair.decided_by == data["office"] and pair.decided_at is not None
    for offering in (a, b):
        assert offering.changes.get().action == OfferingChange.Action.MERGED
    assert "Dublette" in a.changes.get().note
    with pytest.raises(duplicates.AlreadyDecided):
        duplicates.keep_apart(pair, data["office"])
    assert duplicates.find_duplicates() == 0


def test_kept_apart_is_never_suggested_again(data):
    data["make"]("Englisch A1 für Anfänger", "vhs", "vhs")
    data["make"]("Englisch A1 - Anfänger", "ba", "ba")
    duplicates.find_duplicates()
    duplicates.keep_apart(DuplicatePair.objects.get(), data["office"])

    assert duplicates.find_duplicates() == 0
    assert DuplicatePair.objects.get().status == DuplicatePair.Status.KEPT_APART
    assert not duplicates.open_pairs().exists()


def test_command_and_task(data):
    data["make"]("Englisch A1 für Anfänger", "vhs", "vhs")
    data["make"]("Englisch A1 - Anfänger", "ba", "ba")
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "1 new duplicate candidates" in out.getvalue()
    assert tasks.find_duplicates.enqueue().return_value == 0


def test_duplicates_page_merge_and_keep_apart(client, data):
    data["make"]("Englisch A1 für Anfänger", "vhs", "vhs")
    data["make"]("Englisch A1 - Anfänger", "ba", "ba")
    data["make"]("Excel Grundlagen", "vhs", "vhs", days=40)
    data["make"]("Excel - Grundlagen", "ba", "ba", days=40)
    duplicates.find_duplicates()
    english, excel = DuplicatePair.objects.order_by("first_id")
    client.force_login(data["office"])

    html = client.get(reverse("backoffice:duplicates")).content.decode()
    assert "Englisch A1 - Anfänger" in html and "Excel Grundlagen" in html

    url = reverse("backoffice:duplicate-decide", args=[english.pk])
    assert client.post(url, {"decision": "keep_second"}).status_code == 302
    assert client.post(reverse("backoffice:duplicate-decide", args=[excel.pk]),
                       {"decision": "apart"}).status_code == 302
    bad = client.post(url, {"decision": "keep_first"}, follow=True)
    assert "bereits entschieden" in bad.content.decode()
    assert client.post(reverse("backoffice:duplicate-decide", args=[999999]),
                       {"decision": "apart"}).status_code == 404
    nonsense = client.post(reverse("backoffice:duplicate-decide", args=[excel.pk]),
                           {"decision": "<script>"}, follow=True)
    assert nonsense.status_code == 200

    english.refresh_from_db()
    assert english.status == DuplicatePair.Status.MERGED
    assert english.kept_id == english.second_id
    page = client.get(reverse("backoffice:duplicates")).content.decode()
    assert "Keine offenen Dubletten" in page
