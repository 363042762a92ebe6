"""The office's screens: overview, review queue (approve / reject), role × action matrix.

Hostile ids (someone else's offering, a history entry or pair of another provider, ids that
don't exist) give 404; provider staff can't reach the office pages (403).
"""

import pytest
from django.urls import reverse

from bildungsportal.backoffice.models import DuplicatePair, LinkCheck, OfferingChange
from bildungsportal.catalog.models import Offering
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = factories.small_catalog()
    data["vhs"].approved_at = None
    data["vhs"].save()
    data["pending"] = factories.offering(
        data["vhs"], data["vocab"], "Italienisch für die Reise", status="pending"
    )
    factories.run(data["pending"], data["haus"], days=30)
    data["office"] = factories.user("redaktion", office=True)
    data["admin"] = factories.user("chefin", superuser=True)
    data["vhs_staff"] = factories.user("vhs-team", providers=[data["vhs"]])
    data["music_staff"] = factories.user("musik-team", providers=[data["music"]])
    data["nobody"] = factories.user("ohne-rolle")
    return data


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


OFFICE_PAGES = ["office-home", "review-queue", "duplicates"]


@pytest.mark.parametrize(
    "who,status,lists", [("office", 200, 200), ("admin", 200, 200), ("vhs_staff", 403, 200),
                         ("music_staff", 403, 200), ("nobody", 403, 403)]
)
def test_office_pages_by_role(client, data, who, status, lists):
    login(client, data[who])
    for name in OFFICE_PAGES:
        assert client.get(reverse(f"backoffice:{name}")).status_code == status, name
    for name in ["stale", "broken-links"]:  # provider staff see their own offerings there
        assert client.get(reverse(f"backoffice:{name}")).status_code == lists, name


def test_anonymous_is_sent_to_login(client, data):
    for name in OFFICE_PAGES + ["stale", "broken-links"]:
        response = client.get(reverse(f"backoffice:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_office_home_counts_and_links(client, data):
    stale = data["first_aid"]
    Offering.objects.filter(pk=stale.pk).update(updated_at="2020-01-01T00:00:00Z")
    LinkCheck.objects.create(
        offering=data["english"], url=data["english"].registration_url, ok=False,
        status_code=404, checked_at="2026-01-01T00:00:00Z",
    )
    DuplicatePair.objects.create(first=data["english"], second=data["guitar"], score=95)

    response = login(client, data["office"]).get(reverse("backoffice:office-home"))

    html = response.content.decode()
    assert response.status_code == 200
    for url in ["review-queue", "stale", "broken-links", "duplicates"]:
        assert reverse(f"backoffice:{url}") in html
    assert [c.count for c in _counts(html)] == [1, 1, 1, 1]


class _Count:
    def __init__(self, count):
        self.count = count


def _counts(html):
    import re

    return [_Count(int(n)) for n in re.findall(r'<span class="count">(\d+)</span>', html)][:4]


def test_review_queue_lists_pending_with_provider_and_preview(client, data):
    response = login(client, data["office"]).get(reverse("backoffice:review-queue"))

    html = response.content.decode()
    assert "Italienisch für die Reise" in html
    assert "VHS Bergstraße" in html
    assert reverse("backoffice:review-preview", args=[data["pending"].pk]) in html
    assert "Englisch für Anfänger" not in html  # published: not in the queue
    preview = client.get(reverse("backoffice:review-preview", args=[data["pending"].pk]))
    assert preview.status_code == 200
    assert "Italienisch für die Reise" in preview.content.decode()


def test_approve_publishes_and_approves_provider(client, data):
    pending = data["pending"]
    response = login(client, data["office"]).post(
        reverse("backoffice:review-decide", args=[pending.pk]), {"decision": "approve"}
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    data["vhs"].refresh_from_db()
    assert pending.status == Offering.Status.PUBLISHED
    assert data["vhs"].approved_at is not None
    change = pending.changes.first()
    assert change.action == OfferingChange.Action.APPROVED
    assert change.user == data["office"]
    assert change.changes["status"] == ["pending", "published"]
    # A second approval of the same offering is only a message, no change.
    again = client.post(
        reverse("backoffice:review-decide", args=[pending.pk]), {"decision": "approve"},
        follow=True,
    )
    assert "wartet nicht mehr auf Freigabe" in again.content.decode()
    assert pending.changes.count() == 1


def test_approve_keeps_an_earlier_approval_date(client, data):
    data["vhs"].approved_at = "2025-05-05T10:00:00Z"
    data["vhs"].save()
    login(client, data["office"]).post(
        reverse("backoffice:review-decide", args=[data["pending"].pk]), {"decision": "approve"}
    )
    data["vhs"].refresh_from_db()
    assert data["vhs"].approved_at.year == 2025


def test_reject_needs_a_note_and_shows_it_in_the_history(client, data):
    pending = data["pending"]
    login(client, data["office"])
    url = reverse("backoffice:review-decide", args=[pending.pk])

    empty = client.post(url, {"decision": "reject", "note": "   "})
    assert empty.status_code == 400
    assert "warum Sie das Angebot" in empty.content.decode()
    pending.refresh_from_db()
    assert pending.status == Offering.Status.PENDING

    client.post(url, {"decision": "reject", "note": "Bitte Preis und Termine ergänzen."})
    pending.refresh_from_db()
    assert pending.status == Offering.Status.DRAFT
    change = pending.changes.first()
    assert change.action == OfferingChange.Action.REJECTED
    assert change.note == "Bitte Preis und Termine ergänzen."

    client.force_login(data["vhs_staff"])
    history = client.get(reverse("backoffice:offering-history", args=[pending.pk]))
    assert history.status_code == 200
    assert "Bitte Preis und Termine ergänzen." in history.content.decode()
    assert "zurückgewiesen" in history.content.decode()


@pytest.mark.parametrize("payload", [
    {"decision": "publish-all"}, {}, {"decision": "reject", "note": "x" * 501},
    {"decision": "approve", "note": "<script>alert(1)</script>"},
])
def test_review_with_hostile_input_gives_no_500(client, data, payload):
    response = login(client, data["office"]).post(
        reverse("backoffice:review-decide", args=[data["pending"].pk]), payload
    )
    assert response.status_code in (302, 400)
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize("who", ["vhs_staff", "music_staff", "nobody"])
def test_provider_staff_cannot_approve_or_reject(client, data, who):
    login(client, data[who])
    for decision in ("approve", "reject"):
        response = client.post(
            reverse("backoffice:review-decide", args=[data["pending"].pk]),
            {"decision": decision, "note": "x"},
        )
        assert response.status_code == 404
    preview = client.get(reverse("backoffice:review-preview", args=[data["pending"].pk]))
    assert preview.status_code == 404
    data["pending"].refresh_from_db()
    assert data["pending"].status == Offering.Status.PENDING
    assert not OfferingChange.objects.exists()


def test_review_of_an_unknown_id_is_404(client, data):
    login(client, data["office"])
    response = client.post(reverse("backoffice:review-decide", args=[999999]),
                           {"decision": "approve"})
    assert response.status_code == 404
    assert client.get(reverse("backoffice:review-decide", args=[data["pending"].pk])
                      ).status_code == 405


# -- history and revert: role × action ----------------------------------------------------
def _edit(offering, user, **fields):
    from bildungsportal.backoffice import history

    before = history.snapshot(offering)
    for name, value in fields.items():
        setattr(offering, name, value)
    offering.save()
    return history.record(offering, user, OfferingChange.Action.EDITED, before=before)


@pytest.mark.parametrize(
    "who,can", [("office", True), ("admin", True), ("vhs_staff", True), ("music_staff", False),
                ("nobody", False)]
)
def test_history_and_revert_matrix(client, data, who, can):
    english = data["english"]
    first = _edit(english, data["vhs_staff"], summary="Erste Fassung")
    _edit(english, data["vhs_staff"], summary="Zweite Fassung")
    login(client, data[who])

    page = client.get(reverse("backoffice:offering-history", args=[english.pk]))
    confirm = client.get(reverse("backoffice:history-revert", args=[first.pk]))
    revert = client.post(reverse("backoffice:history-revert", args=[first.pk]))

    english.refresh_from_db()
    if can:
        assert page.status_code == 200
        assert "Zweite Fassung" in page.content.decode()
        assert confirm.status_code == 200
        assert revert.status_code == 302
        assert english.summary == "Erste Fassung"
    else:
        assert page.status_code == 404
        assert b"Zweite Fassung" not in page.content
        assert confirm.status_code == 404
        assert revert.status_code == 404
        assert english.summary == "Zweite Fassung"


@pytest.mark.parametrize("who", ["vhs_staff", "music_staff"])
def test_unknown_history_ids_are_404(client, data, who):
    login(client, data[who])
    assert client.get(reverse("backoffice:offering-history", args=[987654])).status_code == 404
    assert client.post(reverse("backoffice:history-revert", args=[987654])).status_code == 404


@pytest.mark.parametrize(
    "who,can", [("office", True), ("admin", True), ("vhs_staff", False), ("music_staff", False),
                ("nobody", False)]
)
def test_merge_and_keep_apart_matrix(client, data, who, can):
    pair = DuplicatePair.objects.create(first=data["english"], second=data["guitar"], score=95)
    login(client, data[who])

    response = client.post(reverse("backoffice:duplicate-decide", args=[pair.pk]),
                           {"decision": "keep_first"})

    pair.refresh_from_db()
    data["guitar"].refresh_from_db()
    if can:
        assert response.status_code == 302
        assert pair.status == DuplicatePair.Status.MERGED
        assert data["guitar"].status == Offering.Status.ARCHIVED
    else:
        assert response.status_code == 404
        assert pair.status == DuplicatePair.Status.OPEN
        assert data["guitar"].status == Offering.Status.PUBLISHED


def test_freshness_lists_are_limited_to_own_offerings(client, data):
    Offering.objects.filter(pk__in=[data["english"].pk, data["guitar"].pk]).update(
        updated_at="2020-01-01T00:00:00Z"
    )
    for offering in (data["english"], data["guitar"]):
        LinkCheck.objects.create(offering=offering, url=offering.registration_url or "https://x.example/",
                                 ok=False, status_code=404, checked_at="2026-01-01T00:00:00Z")
    Offering.objects.filter(pk=data["guitar"].pk).update(registration_url="https://x.example/")

    login(client, data["music_staff"])
    stale = client.get(reverse("backoffice:stale")).content.decode()
    broken = client.get(reverse("backoffice:broken-links")).content.decode()
    assert "Gitarre für Erwachsene" in stale and "Englisch für Anfänger" not in stale
    assert "Gitarre für Erwachsene" in broken and "Englisch für Anfänger" not in broken

    client.force_login(data["office"])
    stale = client.get(reverse("backoffice:stale")).content.decode()
    broken = client.get(reverse("backoffice:broken-links")).content.decode()
    assert "Gitarre für Erwachsene" in stale and "Englisch für Anfänger" in stale
    assert "Gitarre für Erwachsene" in broken and "Englisch für Anfänger" in broken


def test_hostile_page_parameter_gives_no_500(client, data):
    login(client, data["office"])
    for value in ["-1", "abc", "99999999999999999999", "1'; DROP TABLE x;--"]:
        assert client.get(reverse("backoffice:stale"), {"page": value}).status_code == 200


def test_office_home_links_feeds_with_errors(client, data):
    from bildungsportal.ingest.models import Feed

    Feed.objects.create(provider=data["vhs"], url="https://vhs.example.org/feed.json",
                        format="vhs", last_status="error", last_error="HTTP 500")
    Feed.objects.create(provider=data["music"], url="https://m.example.org/feed.json",
                        format="vhs", last_status="ok")

    html = login(client, data["office"]).get(reverse("backoffice:office-home")).content.decode()

    assert reverse("backoffice:feeds-all") in html
    assert '<span class="count">1</span> Datenfeeds mit Fehlern' in html
