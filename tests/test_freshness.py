"""Freshness: expiry of offerings whose runs are all past, stale offerings, command and task."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from bildungsportal.backoffice import freshness, tasks
from bildungsportal.backoffice.models import OfferingChange
from bildungsportal.catalog.models import Offering, Run
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = factories.TODAY


@pytest.fixture
def data():
    town = factories.town()
    vocab = factories.vocabularies()
    vhs = factories.provider(municipality=town)
    haus = factories.venue(town)

    def offering(title, *runs, status="published"):
        o = factories.offering(vhs, vocab, title, status=status)
        for kwargs in runs:
            factories.run(o, haus, **kwargs)
        return o

    return {
        "past": offering("Vorbei", {"days": -30}, {"days": -10, "end_date": TODAY - timedelta(1)}),
        "ends_today": offering("Endet heute", {"days": -20, "end_date": TODAY}),
        "mixed": offering("Teils vorbei", {"days": -30}, {"days": 5}),
        "standing": offering(
            "Laufend", {"days": -400},
            {"start_date": None, "recurrence": Run.Recurrence.STANDING},
        ),
        "weekly_open": offering(
            "Wöchentlich ohne Ende", {"days": -60, "recurrence": Run.Recurrence.WEEKLY}
        ),
        "no_runs": offering("Kita ohne Termine"),
        "draft_past": offering("Entwurf vorbei", {"days": -30}, status="draft"),
    }


def statuses():
    return dict(Offering.objects.values_list("title", "status"))


def test_expire_archives_only_offerings_whose_runs_are_all_past(data):
    assert freshness.expire_offerings() == 2

    result = statuses()
    assert result["Vorbei"] == "archived"
    assert result["Wöchentlich ohne Ende"] == "archived"
    for title in ["Endet heute", "Teils vorbei", "Laufend", "Kita ohne Termine"]:
        assert result[title] == "published", title
    assert result["Entwurf vorbei"] == "draft"
    change = data["past"].changes.get()
    assert change.action == OfferingChange.Action.ARCHIVED
    assert change.user is None
    assert change.changes["status"] == ["published", "archived"]
    # Running it again changes nothing.
    assert freshness.expire_offerings() == 0


def test_a_run_is_past_as_on_the_public_page(data):
    # A weekly run with a start date but no end date: its last known date is the start date
    # (Run.is_past, which the public page uses to list it under "vergangene Termine").
    runs = Run.objects.filter(offering__in=[data["weekly_open"], data["mixed"]])
    expired = set(freshness.expired_offerings())
    for run in runs:
        siblings = run.offering.runs.all()
        assert (run.offering in expired) == all(r.is_past() for r in siblings)


def test_expire_command_and_task(data):
    out = StringIO()
    call_command("expire_offerings", stdout=out)
    assert "2 expired offerings archived." in out.getvalue()

    offering = factories.offering(data["past"].provider, _vocab(), "Neu vorbei")
    factories.run(offering, None, days=-3)
    result = tasks.expire_offerings.enqueue()
    assert result.return_value == 1
    assert statuses()["Neu vorbei"] == "archived"


def _vocab():
    from bildungsportal.catalog.models import Format, Language, LifePhase, Topic

    return {"in_person": Format.objects.get(slug="praesenz"),
            "english": Topic.objects.get(slug="englisch"),
            "adults": LifePhase.objects.get(slug="weiterbildung-beruf"),
            "de": Language.objects.get(slug="de")}


@override_settings(STALE_AFTER_DAYS=30)
def test_stale_offerings_and_is_stale(data):
    old = timezone.now() - timedelta(days=31)
    Offering.objects.filter(title__in=["Laufend", "Entwurf vorbei"]).update(updated_at=old)
    fresh = Offering.objects.get(title="Kita ohne Termine")

    stale = list(freshness.stale_offerings())

    assert [o.title for o in stale] == ["Laufend"]  # drafts are not listed
    assert freshness.is_stale(stale[0])
    assert not freshness.is_stale(fresh)
    assert not freshness.is_stale(Offering.objects.get(title="Entwurf vorbei"))
    with override_settings(STALE_AFTER_DAYS=60):
        assert list(freshness.stale_offerings()) == []


@pytest.mark.parametrize("source,label", [
    ("manual", "vom Anbieter oder vom Bildungsbüro eingetragen"),
    ("vhs", "Programm der Volkshochschule (Datenexport)"),
    ("ba", "Weiterbildungssuche der Bundesagentur für Arbeit"),
])
def test_public_page_shows_last_update_and_source(client, data, source, label):
    import re

    offering = data["mixed"]
    Offering.objects.filter(pk=offering.pk).update(
        source=source, updated_at=timezone.make_aware(timezone.datetime(2026, 3, 14, 12))
    )

    html = client.get(offering.get_absolute_url()).content.decode()

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Zuletzt aktualisiert am 14.03.2026" in text
    assert f"Quelle {label}" in text
