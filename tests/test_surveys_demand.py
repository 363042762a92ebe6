"""demand_records(): answers to catalog-bound questions as counted demand records."""

import pytest

from bildungsportal.surveys.demand import DemandRecord, demand_records, suppressed_records
from tests import survey_factories as sf

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    item = sf.survey("wuensche")
    sf.question(item, "altersgruppe", "single", "Alter", (("18-24", "18–24"), ("65-plus", "65+")),
                is_band=True)
    sf.question(item, "themen", "catalog", "Themen", catalog_vocabulary="topic")
    sf.question(item, "phase", "catalog", "Lebensphase", catalog_vocabulary="life_phase",
                catalog_multiple=False)
    sf.question(item, "wohnort", "catalog", "Ort", catalog_vocabulary="town",
                catalog_multiple=False, is_band=True)
    sf.question(item, "formate", "catalog", "Formate", catalog_vocabulary="format")
    sf.question(item, "preis", "catalog", "Preis", catalog_vocabulary="price")
    sf.respond(item, {"altersgruppe": "18-24", "themen": ["sprachen", "digitales"],
                      "wohnort": "bensheim", "formate": ["online", "praesenz"],
                      "preis": "bis-50"}, n=3)
    sf.respond(item, {"altersgruppe": "65-plus", "themen": ["sprachen"],
                      "phase": "bildung-im-alter", "wohnort": "lorsch"}, n=2)
    sf.respond(item, {"altersgruppe": "65-plus", "wohnort": "lorsch"}, n=4)  # no topic
    sf.respond(item, {"themen": ["sprachen"], "formate": ["online"]}, n=1, submitted=False)
    return item


def test_records_span_every_combination(survey):
    records = demand_records(survey)
    assert DemandRecord("sprachen", None, "bensheim", "online", "18-24", 3) in records
    assert DemandRecord("digitales", None, "bensheim", "praesenz", "18-24", 3) in records
    assert DemandRecord("sprachen", "bildung-im-alter", "lorsch", None, "65-plus", 2) in records
    assert len(records) == 5  # 2 topics × 2 formats + 1; no record without a topic
    assert sum(r.count for r in records if r.topic == "sprachen") == 3 * 2 + 2  # × formats
    assert all(r.format != "online" or r.count == 3 for r in records)  # unfinished not counted


def test_all_surveys_and_other_surveys(survey):
    other = sf.survey("andere")
    sf.question(other, "themen", "catalog", "Themen", catalog_vocabulary="topic")
    sf.respond(other, {"themen": ["kochen"]}, n=6)
    assert DemandRecord("kochen", None, None, None, None, 6) in demand_records()
    assert all(r.topic != "kochen" for r in demand_records(survey))


def test_display_goes_through_suppression(survey):
    shown = suppressed_records(demand_records(survey), k=5)
    assert all(count is None for _record, count in shown)  # 3 and 2 are below 5
    big = [DemandRecord("a", None, None, None, None, 40),
           DemandRecord("b", None, None, None, None, 12),
           DemandRecord("c", None, None, None, None, 2)]
    assert [count for _r, count in suppressed_records(big, 5)] == [40, None, None]


def test_empty():
    assert demand_records() == []
