"""The completeness score: each item's weight, the German labels, the prefetch contract."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bildungsportal.backoffice.completeness import LABELS, WEIGHTS, completeness
from bildungsportal.catalog.models import Offering, Run
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    town = factories.town()
    vocab = factories.vocabularies()
    provider = factories.provider(municipality=town)
    return {"town": town, "vocab": vocab, "provider": provider,
            "venue": factories.venue(town)}


def bare(data):
    return factories.offering(data["provider"], data["vocab"], "Leer", topics=[])


def test_weights_add_up_to_100_and_every_item_has_a_label():
    assert sum(WEIGHTS.values()) == 100
    assert set(WEIGHTS) == set(LABELS)


def test_empty_offering_scores_zero_and_lists_everything(data):
    result = completeness(bare(data))
    assert result.score == 0
    assert result.missing == [str(LABELS[key]) for key in WEIGHTS]
    assert "Zugangsvoraussetzungen" in result.missing


def test_unsaved_offering_does_not_raise(data):
    result = completeness(Offering(title="neu", provider=data["provider"]))
    assert result.score == 0


def test_complete_offering_scores_100(data):
    offering = factories.offering(
        data["provider"], data["vocab"], "Voll", description="x" * 60,
        entry_requirements="Keine", price_cents=1000, registration_contact="Tel. 1234",
    )
    factories.run(offering, data["venue"], days=3)
    result = completeness(offering)
    assert result.score == 100
    assert result.missing == []


@pytest.mark.parametrize(("field", "value", "key"), [
    ("description", "x" * 50, "description"),
    ("entry_requirements", "Keine", "entry_requirements"),
    ("registration_url", "https://example.org", "contact"),
    ("registration_contact", "Tel", "contact"),
    ("is_free", True, "price"),
    ("price_cents", 0, "price"),
])
def test_each_field_adds_its_weight(data, field, value, key):
    offering = bare(data)
    setattr(offering, field, value)
    assert completeness(offering).score == WEIGHTS[key]
    assert str(LABELS[key]) not in completeness(offering).missing


def test_short_description_and_blank_text_do_not_count(data):
    offering = bare(data)
    offering.description = "x" * 49
    offering.entry_requirements = "   "
    assert completeness(offering).score == 0


def test_past_run_gives_venue_but_not_dates(data):
    offering = bare(data)
    factories.run(offering, data["venue"], days=-30)
    result = completeness(offering)
    assert result.score == WEIGHTS["venue"]
    assert str(LABELS["dates"]) in result.missing


def test_standing_online_run_with_own_price_counts_dates_venue_price(data):
    offering = bare(data)
    Run.objects.create(offering=offering, recurrence="standing", is_online=True,
                       price_cents=500)
    assert completeness(offering).score == (
        WEIGHTS["dates"] + WEIGHTS["venue"] + WEIGHTS["price"]
    )


def test_running_course_that_started_before_today_counts_as_current(data):
    offering = bare(data)
    factories.run(offering, data["venue"], days=-10,
                  end_date=factories.TODAY + timedelta(days=20))
    assert str(LABELS["dates"]) not in completeness(offering).missing


def test_topic_counts(data):
    offering = bare(data)
    offering.topics.set([data["vocab"]["health"]])
    assert completeness(offering).score == WEIGHTS["topic"]


def test_prefetched_offerings_need_no_queries(data):
    for number in range(3):
        factories.run(factories.offering(data["provider"], data["vocab"], f"A{number}"),
                      data["venue"])
    offerings = list(Offering.objects.prefetch_related("runs", "topics"))
    with CaptureQueriesContext(connection) as queries:
        scores = [completeness(o).score for o in offerings]
    assert len(queries) == 0
    assert scores == [WEIGHTS["dates"] + WEIGHTS["venue"] + WEIGHTS["topic"]] * 3
