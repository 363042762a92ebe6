"""The search function on the configured backend (make test runs this on SQLite and PostgreSQL)."""

from datetime import date, time, timedelta

import pytest
from django.http import QueryDict

from bildungsportal.catalog import models as catalog
from bildungsportal.places.models import Municipality
from bildungsportal.search import analyzer
from bildungsportal.search.engine import allowed_values, search
from bildungsportal.search.indexing import rebuild_index
from bildungsportal.search.params import SearchParams, parse

TODAY = date.today()


def make_town(name, slug, ags, lat, lon, postcodes):
    return Municipality.objects.create(
        ags=ags, name=name, official_name=name, slug=slug, latitude=lat, longitude=lon,
        population=1000, postcodes=postcodes,
    )


@pytest.fixture
def catalog_data(db):
    """A small catalog whose every expected search result is known by construction."""
    bensheim = make_town("Bensheim", "bensheim", "06431002", 49.680002, 8.622171, ["64625"])
    heppenheim = make_town("Heppenheim", "heppenheim", "06431011", 49.641, 8.638, ["64646"])
    lorsch = make_town("Lorsch", "lorsch", "06431015", 49.6539, 8.5676, ["64653"])
    adults = catalog.LifePhase.objects.create(slug="weiterbildung-beruf", name="Weiterbildung")
    seniors = catalog.LifePhase.objects.create(slug="bildung-im-alter", name="Bildung im Alter")
    languages = catalog.Topic.objects.create(slug="sprachen", name="Sprachen")
    english = catalog.Topic.objects.create(slug="englisch", name="Englisch", parent=languages)
    health = catalog.Topic.objects.create(slug="gesundheit", name="Gesundheit")
    in_person = catalog.Format.objects.create(slug="praesenz", name="Präsenz")
    online = catalog.Format.objects.create(slug="online", name="Online live")
    german = catalog.Language.objects.create(slug="de", name="Deutsch")
    provider = catalog.Provider.objects.create(name="VHS Bergstraße", kind="vhs")
    venue_b = catalog.Venue.objects.create(
        name="Haus am Markt", municipality=bensheim, latitude=49.6805, longitude=8.6225,
        step_free=True,
    )
    venue_h = catalog.Venue.objects.create(
        name="Kurfürstensaal", municipality=heppenheim, step_free=False
    )
    venue_l = catalog.Venue.objects.create(name="Kloster", municipality=lorsch, step_free=False)

    def offering(title, *, topics, phases, fmt=in_person, description="", **fields):
        o = catalog.Offering.objects.create(
            provider=provider, title=title, description=description, format=fmt,
            status=fields.pop("status", "published"), **fields,
        )
        o.topics.set(topics)
        o.life_phases.set(phases)
        o.languages.set([german])
        return o

    def run(o, venue=None, days=10, **fields):
        return catalog.Run.objects.create(
            offering=o, venue=venue, start_date=TODAY + timedelta(days=days),
            is_online=venue is None, **fields,
        )

    o = {}
    o["englisch"] = offering("Englisch für Anfänger", topics=[english], phases=[adults],
                             price_cents=12000)
    run(o["englisch"], venue_b, days=5, start_time=time(18, 30), end_time=time(20))
    run(o["englisch"], venue_h, days=40, start_time=time(9), end_time=time(11))
    o["fuehrerschein"] = offering("Führerschein-Theorie kompakt", topics=[health],
                                  phases=[adults], price_cents=5000)
    run(o["fuehrerschein"], venue_h, days=3, start_time=time(19), end_time=time(21))
    o["strasse"] = offering("Straßenverkehr für Senioren", topics=[health], phases=[seniors],
                            is_free=True, description="Sicher unterwegs auf der Straße.")
    run(o["strasse"], venue_l, days=20, start_time=time(10), end_time=time(12))
    o["beschreibung"] = offering(
        "Konversation am Abend", topics=[english], phases=[adults, seniors],
        description="Wir sprechen Englisch über Alltagsthemen.", price_cents=8000,
    )
    run(o["beschreibung"], None, days=8, start_time=time(19), end_time=time(20))
    o["online"] = offering("Café Online", topics=[health], phases=[seniors], fmt=online,
                           is_free=True)
    run(o["online"], None, days=1)
    o["past"] = offering("Englisch vergangen", topics=[english], phases=[adults])
    run(o["past"], venue_b, days=-30)
    o["draft"] = offering("Englisch Entwurf", topics=[english], phases=[adults], status="draft")
    run(o["draft"], venue_b)
    o["standing"] = offering("Hausaufgabenhilfe", topics=[languages], phases=[adults])
    catalog.Run.objects.create(offering=o["standing"], recurrence="standing", venue=venue_b,
                               weekdays=2, start_time=time(14), end_time=time(16))
    rebuild_index()
    return o


def run_search(querystring):
    parsed = parse(QueryDict(querystring), allowed_values())
    return search(parsed.params, parsed.errors)


def titles(result):
    return [hit.offering.title for hit in result.hits]


def test_analyzer_folds_case_umlauts_and_diacritics():
    assert analyzer.terms("Führerschein-Prüfung STRASSE Café") == [
        "fuehrerschein", "pruefung", "strasse", "cafe"
    ]
    assert analyzer.terms("Straße") == analyzer.terms("strasse")
    assert analyzer.terms('" * : ( ) AND NEAR ^') == ["and", "near"]


@pytest.mark.parametrize("query, expected", [
    ("Fuehrerschein", "Führerschein-Theorie kompakt"),
    ("führerschein", "Führerschein-Theorie kompakt"),
    ("FÜHRERSCHEIN", "Führerschein-Theorie kompakt"),
    ("strasse", "Straßenverkehr für Senioren"),
    ("Straßenverkehr", "Straßenverkehr für Senioren"),
    ("cafe", "Café Online"),
    ("engl anf", "Englisch für Anfänger"),
])
def test_folding_and_prefix_matching(catalog_data, query, expected):
    result = run_search(f"q={query}")
    assert expected in titles(result)


def test_terms_are_combined_with_and(catalog_data):
    # What matches every word; the soft AND lists offerings with some of the words after
    # them, marked partial (relax.py).
    result = run_search("q=englisch anfänger")
    assert [h.offering.title for h in result.hits if not h.partial] == ["Englisch für Anfänger"]
    assert all(h.partial for h in result.hits[1:])
    result = run_search("q=englisch senioren")
    assert result.count == result.partial_count


def test_title_match_ranks_above_description_match(catalog_data):
    result = run_search("q=englisch")
    assert titles(result) == ["Englisch für Anfänger", "Konversation am Abend"]


def test_drafts_and_past_runs_are_not_found(catalog_data):
    found = titles(run_search("q=englisch&page_size=100"))
    assert "Englisch Entwurf" not in found
    assert "Englisch vergangen" not in found


def test_facet_count_equals_what_selecting_it_returns(catalog_data):
    base = "q=&free=0"
    result = run_search(base)
    checked = 0
    for facet in result.facets:
        for value in facet.values:
            selected = run_search(value.toggle_query.lstrip("?"))
            assert selected.count == value.count, (facet.name, value.value)
            checked += 1
    assert checked >= 10


def test_facets_are_disjunctive_within_a_facet(catalog_data):
    result = run_search("town=bensheim")
    towns = {v.value: v for v in next(f for f in result.facets if f.name == "town").values}
    assert towns["bensheim"].selected
    assert towns["heppenheim"].count == 2  # Englisch, Führerschein: still counted
    both = run_search("town=bensheim&town=heppenheim")
    assert both.count == 3


def test_topic_filter_includes_subtopics(catalog_data):
    result = run_search("topic=sprachen")
    assert set(titles(result)) == {
        "Englisch für Anfänger", "Konversation am Abend", "Hausaufgabenhilfe"
    }


def test_result_shows_only_matching_runs(catalog_data):
    result = run_search("town=heppenheim&q=englisch")
    hit = result.hits[0]
    assert [r.venue.municipality.slug for r in hit.matching_runs] == ["heppenheim"]
    unfiltered = run_search("q=englisch anfänger").hits[0]
    assert len(unfiltered.matching_runs) == 2


def test_filters_by_time_weekday_date_free_accessible(catalog_data):
    assert set(titles(run_search("time_of_day=abends"))) == {
        "Englisch für Anfänger", "Führerschein-Theorie kompakt", "Konversation am Abend"
    }
    tuesday = "Hausaufgabenhilfe" in titles(run_search("weekday=di"))
    assert tuesday
    soon = run_search(f"date_to={(TODAY + timedelta(days=4)).isoformat()}")
    assert "Führerschein-Theorie kompakt" in titles(soon)
    assert "Straßenverkehr für Senioren" not in titles(soon)
    assert "Hausaufgabenhilfe" in titles(soon)  # standing offers are always open
    assert set(titles(run_search("free=1"))) == {"Straßenverkehr für Senioren", "Café Online"}
    accessible = titles(run_search("accessible=1&page_size=100"))
    assert "Führerschein-Theorie kompakt" not in accessible
    assert "Englisch für Anfänger" in accessible


def test_sort_by_price_and_date(catalog_data):
    by_price = titles(run_search("sort=price&page_size=100"))
    assert by_price.index("Café Online") < by_price.index("Konversation am Abend")
    assert by_price.index("Konversation am Abend") < by_price.index("Englisch für Anfänger")
    by_date = titles(run_search("sort=date&page_size=100"))
    assert by_date[0] == "Café Online"
    assert by_date[-1] == "Hausaufgabenhilfe"


def test_zero_results_suggest_which_filter_to_drop(catalog_data):
    result = run_search("q=führerschein&town=lorsch")
    assert result.count == 0
    assert {r.name for r in result.relaxations} == {"q", "town"}
    town = next(r for r in result.relaxations if r.name == "town")
    assert run_search(town.query.lstrip("?")).count == town.count == 1


def test_pagination_is_stable(catalog_data):
    first = titles(run_search("page_size=3&sort=date"))
    second = titles(run_search("page_size=3&sort=date&page=2"))
    assert len(first) == 3 and not set(first) & set(second)
    assert run_search("page_size=3&page=99").hits == []


def test_index_follows_edits(catalog_data):
    offering = catalog_data["fuehrerschein"]
    offering.title = "Fahrschule Theorie"
    offering.save()
    assert run_search("q=fahrschule").count == 1
    offering.status = "archived"
    offering.save()
    assert run_search("q=fahrschule").count == 0


@pytest.mark.parametrize("query", [
    '" * : ( ) AND NEAR ^', "a" * 10_000, "\x00\x01\x1f", "NEAR(a b)", "'; DROP TABLE x; --",
    "OR", "-", "*", "x:*", "englisch OR", "ü" * 500,
])
def test_any_query_string_is_safe(catalog_data, query):
    result = run_search(QueryDict(mutable=True).copy().urlencode() + "&q=" + query)
    assert result.count >= 0


def test_hostile_parameters_are_reported_not_raised(catalog_data):
    parsed = parse(QueryDict("page=-1&radius_km=1e9&date_from=2025-13-45&town=atlantis&sort=x"),
                   allowed_values())
    assert set(parsed.errors) == {"page", "radius_km", "date_from", "town", "sort"}
    assert search(parsed.params, parsed.errors).count == 6


def test_params_round_trip_through_the_url():
    params = SearchParams(q="yoga", town=("bensheim", "lorsch"), free=True,
                          date_from=date(2027, 1, 2), radius_km=10.0, near="64625")
    again = parse(QueryDict(params.querystring().lstrip("?")), None).params
    assert again == params


def test_deleting_an_offering_with_runs_removes_it_from_search(catalog_data):
    from bildungsportal.search.models import SearchDocument

    offering = catalog_data["englisch"]
    offering.delete()
    assert not SearchDocument.objects.filter(offering_id=offering.pk).exists()
    assert run_search("q=anfänger").count == 0


@pytest.mark.django_db(transaction=True)
def test_deleting_an_offering_commits(catalog_data):
    """The foreign keys are checked at commit: nothing may point at the deleted offering."""
    catalog_data["englisch"].delete()
    assert run_search("q=anfänger").count == 0


@pytest.fixture
def more_catalog(catalog_data):
    """The catalog plus a few offerings for stemming, synonyms and compounds."""
    template = catalog_data["englisch"]
    computer = catalog.Topic.objects.create(slug="computer", name="Computer")
    for title in ("Kurs am Computer", "Englischkurs kompakt", "Yoga am Morgen",
                  "Deutsch als Zweitsprache"):
        o = catalog.Offering.objects.create(
            provider=template.provider, title=title, format=template.format,
            status="published",
        )
        o.topics.set([computer] if "Computer" in title else [])
        catalog.Run.objects.create(offering=o, start_date=TODAY + timedelta(days=7),
                                   is_online=True)
    rebuild_index()
    return catalog_data


@pytest.mark.parametrize("query, expected", [
    ("Kurse", "Kurs am Computer"),
    ("Kurs", "Englischkurs kompakt"),
    ("Englischkurs", "Englischkurs kompakt"),
    ("Englischkurse", "Englischkurs kompakt"),
    ("EDV", "Kurs am Computer"),
    ("Computerkurse", "Kurs am Computer"),
    ("Sprachen", "Hausaufgabenhilfe"),  # its topic
    ("DaZ", "Deutsch als Zweitsprache"),
    ("engl", "Englischkurs kompakt"),
])
def test_german_analysis_finds(more_catalog, query, expected):
    assert expected in titles(run_search(f"q={query}&page_size=100"))


def test_compound_part_is_found(more_catalog):
    found = titles(run_search("q=englisch&page_size=100"))
    assert "Englischkurs kompakt" in found
    assert "Englisch für Anfänger" in found


def test_query_language(more_catalog):
    assert titles(run_search('q="für Anfänger"')) == ["Englisch für Anfänger"]
    assert set(titles(run_search("q=yoga ODER anfänger"))) == {
        "Yoga am Morgen", "Englisch für Anfänger"
    }
    without = set(titles(run_search("q=englisch -anfänger&page_size=100")))
    assert "Englisch für Anfänger" not in without
    assert "Konversation am Abend" in without
    everything = run_search("page_size=100").count
    only_not = titles(run_search("q=-englisch&page_size=100"))
    assert len(only_not) == everything - 3
    assert "Englisch für Anfänger" not in only_not
    assert run_search("q=der die das").count >= 0


def test_broad_queries_rank_title_matches_first(catalog_data, monkeypatch):
    """Above BM25_LIMIT matches both backends rank by title match alone (PostgreSQL through
    its title-only tsvector); the order must hold and no match may be lost."""
    from bildungsportal.search.backends import PostgresBackend, SQLiteBackend

    ranked = run_search("q=englisch&page_size=100")
    monkeypatch.setattr(SQLiteBackend, "BM25_LIMIT", 1)
    monkeypatch.setattr(PostgresBackend, "BM25_LIMIT", 1)
    result = run_search("q=englisch&page_size=100")
    assert titles(result) == ["Englisch für Anfänger", "Konversation am Abend"]
    assert result.hits[0].score > result.hits[1].score
    assert sorted(titles(result)) == sorted(titles(ranked))
    # a phrase and an exclusion take the same way
    assert titles(run_search('q=englisch -anfänger')) == ["Konversation am Abend"]


def test_a_word_is_not_widened_to_the_prefix_of_its_stem(catalog_data):
    """"Kurs" stems to "kur"; it must not find "Kurfürstensaal" or "kurz" through "kur*"."""
    assert titles(run_search("q=kurfürstensaal")) != []  # the venue is indexed
    assert run_search("q=kurs").count == 0
    assert "Führerschein-Theorie kompakt" in titles(run_search("q=fuehrersch"))


def test_radius_search_uses_real_distances(catalog_data):
    """Bensheim (Haus am Markt) lies ≈ 4.5 km from Heppenheim's centre, Lorsch ≈ 5.7 km."""
    within_one = run_search("near=Heppenheim&radius_km=1")
    assert set(titles(within_one)) == {"Englisch für Anfänger", "Führerschein-Theorie kompakt"}
    englisch = next(h for h in within_one.hits if h.offering.title.startswith("Englisch"))
    assert [r.venue.municipality.slug for r in englisch.matching_runs] == ["heppenheim"]

    within_five = set(titles(run_search("near=Heppenheim&radius_km=5")))
    assert "Hausaufgabenhilfe" in within_five  # Bensheim, standing offer
    assert "Straßenverkehr für Senioren" not in within_five  # Lorsch
    assert "Café Online" not in within_five  # online runs have no place

    by_distance = run_search("near=Heppenheim&radius_km=10&sort=distance&page_size=100")
    distances = [hit.distance_km for hit in by_distance.hits]
    assert distances == sorted(distances)
    bensheim = next(h for h in by_distance.hits if h.offering.title == "Hausaufgabenhilfe")
    assert 4 <= bensheim.distance_km <= 6
    lorsch = next(h for h in by_distance.hits if h.offering.title.startswith("Straßen"))
    assert 5 < lorsch.distance_km < 7


def test_unknown_place_is_reported_and_ignored(catalog_data):
    result = run_search("near=Atlantis&radius_km=5")
    assert "near" in result.errors
    assert result.count == run_search("").count


def _offering_like(catalog_data, title, days, venue=None, summary=""):
    template = catalog_data["englisch"]
    offering = catalog.Offering.objects.create(
        provider=template.provider, title=title, summary=summary, format=template.format,
        status="published",
    )
    offering.topics.set(template.topics.all())
    offering.life_phases.set(template.life_phases.all())
    venue = venue or template.runs.first().venue
    catalog.Run.objects.create(offering=offering, venue=venue,
                               start_date=TODAY + timedelta(days=days))
    return offering


def test_the_whole_query_in_the_title_ranks_first(catalog_data):
    _offering_like(catalog_data, "Aquarell Malen", 30)
    _offering_like(catalog_data, "Malen: Aquarell und Acryl im Sommer am See", 30)
    rebuild_index()
    result = run_search("q=aquarell malen")
    assert titles(result)[0] == "Aquarell Malen"
    reverse = run_search("q=malen aquarell")
    assert titles(reverse)[0] == "Malen: Aquarell und Acryl im Sommer am See"
    assert reverse.hits[0].score <= reverse.hits[1].score  # ahead by the phrase boost


def test_soon_and_near_boost_equal_texts(catalog_data):
    lorsch = catalog.Venue.objects.get(name="Kloster")
    _offering_like(catalog_data, "Töpfern für alle", 200)
    _offering_like(catalog_data, "Töpfern für jeden", 2)
    _offering_like(catalog_data, "Töpfern für Familien", 200, venue=lorsch)
    rebuild_index()
    assert titles(run_search("q=töpfern"))[0] == "Töpfern für jeden"
    # Same text, same date: only the distance decay puts Lorsch's course before Bensheim's.
    near_lorsch = titles(run_search("q=töpfern&near=Lorsch"))
    assert near_lorsch.index("Töpfern für Familien") < near_lorsch.index("Töpfern für alle")


def test_synonyms_are_data_the_office_edits(catalog_data):
    from bildungsportal.search.models import SynonymGroup

    assert run_search("q=fahrausbildung").count == 0
    group = SynonymGroup.objects.create(terms="Führerschein, Fahrausbildung")
    assert titles(run_search("q=fahrausbildung")) == ["Führerschein-Theorie kompakt"]
    group.delete()
    assert run_search("q=fahrausbildung").count == 0
    assert SynonymGroup.objects.filter(terms__icontains="EDV").exists()  # seeded from the file
