"""Survey wishes and search demand per town, and their suppression (k) in every output."""

from datetime import date, timedelta

import pytest

from bildungsportal.insights import demand
from bildungsportal.insights.gaps import ranked_gaps, wilson
from bildungsportal.insights.indicators import Filters, indicator_table
from bildungsportal.insights.models import TopicTerm
from bildungsportal.search.demand import count_search
from tests import factories as f
from tests.insights_factories import answer, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_wish_shares_per_town_with_n(world):
    answer(world, "lindenfels", ["sprachen"], 13)
    answer(world, "lindenfels", ["gesundheit"], 29)
    answer(world, "bensheim", ["sprachen"], 10)
    answer(world, "bensheim", ["gesundheit"], 40)
    answer(world, "biblis", ["sprachen"], 8)
    answer(world, "biblis", ["gesundheit"], 12)
    answer(world, "zwingenberg", ["sprachen"], 6)
    answer(world, "zwingenberg", ["gesundheit"], 9)
    table = indicator_table(Filters("wish_share", topic="sprachen"))
    lindenfels = table.by_slug("lindenfels")
    assert lindenfels.value == pytest.approx(13 / 42)
    assert lindenfels.n == 42 and lindenfels.display == "31 %"
    assert table.district.value == pytest.approx(37 / 127)
    assert table.district.n == 127


def test_subtopic_answer_counts_for_its_parent(world):
    answer(world, "bensheim", ["englisch"], 6)
    answer(world, "bensheim", ["gesundheit"], 6)
    answer(world, "lindenfels", ["gesundheit"], 6)
    answer(world, "lindenfels", ["sprachen"], 6)
    cells = demand.wish_table("sprachen").cells
    assert cells["bensheim"].share == pytest.approx(0.5)


def test_small_town_shows_too_few_answers_and_no_n(world):
    answer(world, "lindenfels", ["sprachen"], 3)  # fewer than k respondents
    answer(world, "bensheim", ["sprachen"], 20)
    answer(world, "bensheim", ["gesundheit"], 20)
    answer(world, "biblis", ["sprachen"], 10)
    answer(world, "biblis", ["gesundheit"], 10)
    table = indicator_table(Filters("wish_share", topic="sprachen"))
    lindenfels = table.by_slug("lindenfels")
    assert lindenfels.value is None and lindenfels.n is None and lindenfels.suppressed
    assert lindenfels.display == "zu wenige Antworten"
    assert table.by_slug("zwingenberg").display == "zu wenige Antworten"  # nobody asked
    # The district's count minus the shown towns must not give Lindenfels' 3 away.
    shown_towns = [t for t in table.towns if not t.suppressed]
    if not table.district.suppressed:
        known = sum(round(t.value * t.n) for t in shown_towns)
        hidden_total = round(table.district.value * table.district.n) - known
        assert len([t for t in table.towns if t.suppressed and t.n]) != 1 or hidden_total >= 5
    hidden_with_data = [t for t in table.towns if t.suppressed and t.slug != "zwingenberg"]
    assert len(hidden_with_data) >= 1


def test_complement_hidden_when_one_cell_is_below_k(world):
    # Bensheim: 3 of 30 wish languages (cell < k) → Bensheim hidden; the district total
    # then reveals it unless a second town or the district is hidden too.
    answer(world, "bensheim", ["sprachen"], 3)
    answer(world, "bensheim", ["gesundheit"], 27)
    answer(world, "biblis", ["sprachen"], 10)
    answer(world, "biblis", ["gesundheit"], 10)
    answer(world, "lindenfels", ["sprachen"], 12)
    answer(world, "lindenfels", ["gesundheit"], 8)
    table = demand.wish_table("sprachen")
    assert table.cells["bensheim"].share is None
    others_shown = [c for slug, c in table.cells.items()
                    if slug != "bensheim" and c.share is not None]
    assert table.district.share is None or len(others_shown) < 2


def test_almost_everyone_wishing_is_hidden_too(world):
    answer(world, "bensheim", ["sprachen"], 40)
    answer(world, "bensheim", ["gesundheit", "sprachen"], 2)
    answer(world, "bensheim", ["gesundheit"], 2)  # only 2 do not wish languages
    assert demand.wish_table("sprachen").cells["bensheim"].share is None


def test_life_phase_from_age_band(world):
    answer(world, "bensheim", ["sprachen"], 6, age="65-plus")
    answer(world, "bensheim", ["gesundheit"], 6, age="65-plus")
    answer(world, "bensheim", ["sprachen"], 30, age="25-39")
    table = demand.wish_table("sprachen", "bildung-im-alter")
    assert table.cells["bensheim"].n == 12
    assert table.cells["bensheim"].share == pytest.approx(0.5)


def test_wilson_interval():
    low, high = wilson(13, 42)
    assert low == pytest.approx(0.1905, abs=1e-3)
    assert high == pytest.approx(0.4603, abs=1e-3)
    assert wilson(0, 0) == (0.0, 1.0)


def test_gap_sentence_and_providers(world, settings):
    settings.INSIGHTS_CATCHMENT_KM = 25
    towns, vocab = world["towns"], world["vocab"]
    # Languages are taught in Biblis (≈ 24 km from Lindenfels) but wished in Lindenfels.
    vhs = f.provider("VHS Ried", municipality=towns["biblis"])
    english = f.offering(vhs, vocab, "Englisch im Ried")
    f.run(english, f.venue(towns["biblis"], latitude=49.6895, longitude=8.4566))
    health = f.offering(vhs, vocab, "Rücken fit", topics=[vocab["health"]])
    f.run(health, f.venue(towns["lindenfels"], name="Bürgerhaus"))
    answer(world, "lindenfels", ["sprachen"], 20)
    answer(world, "lindenfels", ["gesundheit"], 22)
    answer(world, "biblis", ["sprachen"], 8)
    answer(world, "biblis", ["gesundheit"], 40)
    answer(world, "bensheim", ["sprachen"], 10)
    answer(world, "bensheim", ["gesundheit"], 40)
    gaps = ranked_gaps(topic="sprachen")
    lindenfels = next(g for g in gaps if g.town_slug == "lindenfels")
    assert lindenfels.n == 42 and lindenfels.wish_share == pytest.approx(20 / 42)
    assert lindenfels.ci_low < lindenfels.wish_share < lindenfels.ci_high
    assert lindenfels.sentence.startswith("In Lindenfels wünschen sich 48 % (n = 42) ")
    assert "im Umkreis von 25 km gibt es" in lindenfels.sentence
    assert lindenfels.providers and lindenfels.providers[0][0] == "VHS Ried"
    assert lindenfels.providers[0][1].startswith("/anbieter/")
    assert gaps[0].score >= gaps[-1].score
    assert all(g.town_slug != "biblis" for g in gaps)  # supply is there, wishes are low


def test_no_gap_from_suppressed_figures(world):
    answer(world, "lindenfels", ["sprachen"], 4)
    answer(world, "bensheim", ["sprachen"], 10)
    answer(world, "bensheim", ["gesundheit"], 40)
    assert all(g.town_slug != "lindenfels" for g in ranked_gaps())


def test_search_demand_per_town_and_topic(world):
    today = date.today()
    TopicTerm.objects.create(term="bewerbung", topic=world["vocab"]["health"])
    count_search(today, "englischkurs", [["town", "lindenfels"]], 0)
    count_search(today, "englischkurs", [["town", "lindenfels"]], 0)
    count_search(today, "bewerbung", [["town", "bensheim"]], 1)
    count_search(today, "qwertz", [], 0)
    count_search(today - timedelta(days=400), "englisch", [["town", "bensheim"]], 0)
    languages = indicator_table(Filters("searches_empty", topic="sprachen"))
    assert languages.by_slug("lindenfels").value == 2
    assert languages.by_slug("bensheim").value == 0  # the old search is past 365 days
    mapped = indicator_table(Filters("searches_empty", topic="gesundheit"))
    assert mapped.by_slug("bensheim").value == 1
    assert indicator_table(Filters("searches_empty")).district.value == 4
    assert demand.frequent_unmapped_terms() == [("qwertz", 1)]


def test_secondary_suppression_is_not_called_too_few_answers():
    """Heppenheim (30 answers) is hidden only so Lindenfels (4) cannot be computed back from
    the district: it says so, and Lindenfels keeps "zu wenige Antworten"."""
    from bildungsportal.insights.indicators import Filters, indicator_table
    from tests import insights_world

    insights_world.build()
    table = indicator_table(Filters("wish_share", topic="sprachen"))
    heppenheim, lindenfels = table.by_slug("heppenheim"), table.by_slug("lindenfels")
    assert heppenheim.suppressed and heppenheim.value is None
    assert heppenheim.display == "nicht ausgewiesen (Schutz kleiner Zahlen)"
    assert lindenfels.suppressed and lindenfels.display == "zu wenige Antworten"
    assert lindenfels.n is None  # never a count below k
    assert any("Schutz kleiner Zahlen" in note for note in table.notes)


def test_no_gap_where_the_town_has_more_supply_than_the_district(world, settings):
    """A gap needs both halves: supply below the district's and a wish whose lower Wilson
    bound lies above the district's share; the sentence then never contradicts itself."""
    settings.INSIGHTS_CATCHMENT_KM = 25
    towns, vocab = world["towns"], world["vocab"]
    vhs = f.provider("VHS", municipality=towns["bensheim"])
    for town in ("bensheim", "bensheim", "zwingenberg"):
        f.run(f.offering(vhs, vocab, f"Englisch {town}"), f.venue(towns[town]))
    answer(world, "bensheim", ["sprachen"], 35)
    answer(world, "bensheim", ["gesundheit"], 5)
    for town in ("biblis", "lindenfels", "zwingenberg"):
        answer(world, town, ["sprachen"], 5)
        answer(world, town, ["gesundheit"], 35)
    from bildungsportal.insights.indicators import Filters, access_values

    reach = access_values(Filters("access_e2sfca"))
    assert reach["bensheim"] > reach["kreis"]  # Bensheim is better supplied than the district
    gaps = ranked_gaps(topic="sprachen", limit=None)
    assert all(g.town_slug != "bensheim" for g in gaps)
    for gap in gaps:
        assert gap.supply_per_1000 < gap.district_supply_per_1000
        assert gap.ci_low > gap.district_wish_share


@pytest.mark.django_db(transaction=True)
def test_survey_answers_kept_until_the_survey_changes():
    """Outside a transaction the respondents are read once per survey state; a new complete
    response is seen at once."""
    from tests.insights_factories import make_world

    world = make_world()
    answer(world, "bensheim", ["sprachen"], 6)
    survey = demand.monitoring_survey()
    first = demand.respondents(survey)
    assert demand.respondents(survey) is first and len(first) == 6
    assert demand.wish_table("sprachen").cells["bensheim"].share is None  # none not wishing
    answer(world, "bensheim", ["gesundheit"], 6)
    again = demand.respondents(survey)
    assert again is not first and len(again) == 12
    assert demand.wish_table("sprachen").cells["bensheim"].share == pytest.approx(0.5)
