"""Supply indicators per town: counts, shares, per 1,000 inhabitants, online apart."""

from datetime import time, timedelta

import pytest
from django.http import QueryDict

from bildungsportal.insights import population
from bildungsportal.insights.indicators import Filters, indicator_table
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    return f.small_catalog()


def test_offerings_counted_per_town_and_online_apart(catalog):
    table = indicator_table(Filters("offerings"))
    values = {t.slug: t.value for t in table.towns}
    # Bensheim: English (weekly run), guitar; Heppenheim: English (once), first aid.
    assert values == {"bensheim": 2, "heppenheim": 2}
    assert table.district.value == 3  # English counts once for the district
    assert table.online_count == 1
    assert table.district.slug == "kreis"


def test_shares_and_per_1000(catalog):
    free = {t.slug: t.value for t in indicator_table(Filters("share_free")).towns}
    assert free == {"bensheim": 0.0, "heppenheim": 0.5}
    step_free = {t.slug: t.value for t in indicator_table(Filters("share_step_free")).towns}
    assert step_free == {"bensheim": 1.0, "heppenheim": 0.0}
    evening = {t.slug: t.value
               for t in indicator_table(Filters("share_evening_weekend")).towns}
    assert evening["bensheim"] == 1.0  # 18:30 and 17:00
    per_1000 = indicator_table(Filters("offerings_per_1000")).by_slug("bensheim")
    assert per_1000.value == pytest.approx(2 * 1000 / 41000)
    assert per_1000.display == "0,0" or per_1000.display.startswith("0,")


def test_life_phase_uses_the_age_group_population(catalog):
    table = indicator_table(Filters("offerings_per_1000", life_phase="bildung-im-alter"))
    heppenheim = table.by_slug("heppenheim")
    seniors = population.estimate(26000, "06431011", "bildung-im-alter")
    assert 0.15 * 26000 < seniors < 0.3 * 26000
    assert heppenheim.value == pytest.approx(1000 / seniors)  # first aid only
    assert any("15.05.2022" in note and "31.12.2015" in note for note in table.notes)


def test_topic_filter_counts_subtopics_under_the_parent(catalog):
    languages = {t.slug: t.value
                 for t in indicator_table(Filters("offerings", topic="sprachen")).towns}
    assert languages == {"bensheim": 2, "heppenheim": 1}
    english = {t.slug: t.value
               for t in indicator_table(Filters("offerings", topic="englisch")).towns}
    assert english == {"bensheim": 1, "heppenheim": 1}


def test_runs_hours_seats_next_months(catalog):
    extra = f.run(catalog["first_aid"], catalog["saal"], days=250, hours=8, seats=12,
                  start_time=time(10), end_time=time(12))
    assert extra.start_date - f.TODAY == timedelta(days=250)
    six = {t.slug: t.value for t in indicator_table(Filters("runs_next_6m")).towns}
    twelve = {t.slug: t.value for t in indicator_table(Filters("runs_next_12m")).towns}
    assert six["heppenheim"] == 2 and twelve["heppenheim"] == 3
    seats = {t.slug: t.value for t in indicator_table(Filters("seats")).towns}
    assert seats == {"bensheim": 14, "heppenheim": 12}
    hours = {t.slug: t.value for t in indicator_table(Filters("course_hours")).towns}
    assert hours == {"bensheim": 20.0, "heppenheim": 8.0}


def test_past_runs_and_drafts_do_not_count(catalog):
    f.run(catalog["guitar"], catalog["saal"], start_date=f.TODAY - timedelta(days=30))
    values = {t.slug: t.value for t in indicator_table(Filters("offerings")).towns}
    assert values["heppenheim"] == 2


def test_filters_from_query_report_errors_and_never_raise(catalog):
    filters, errors = Filters.from_query(QueryDict(
        "indikator=share_free&lebensphase=weiterbildung-beruf&thema=nix&tageszeit=abends"
        "&preis=bis-50&stufenlos=1"))
    assert filters.indicator == "share_free"
    assert filters.life_phase == "weiterbildung-beruf"
    assert filters.topic is None and "thema" in errors
    assert filters.time_of_day == "abends" and filters.price_band == "bis-50"
    assert filters.step_free is True
    filters, errors = Filters.from_query(QueryDict("indikator=%00" + "x" * 5000))
    assert filters == Filters() and "indikator" in errors


def test_format_time_price_step_free_breakdowns(catalog):
    evening = {t.slug: t.value for t in
               indicator_table(Filters("offerings", time_of_day="abends")).towns}
    assert evening == {"bensheim": 2, "heppenheim": 0}
    cheap = {t.slug: t.value for t in
             indicator_table(Filters("offerings", price_band="bis-50")).towns}
    assert cheap == {"bensheim": 1, "heppenheim": 1}  # guitar 45 €, first aid free
    step = {t.slug: t.value for t in
            indicator_table(Filters("offerings", step_free=True)).towns}
    assert step == {"bensheim": 2, "heppenheim": 0}
