"""The guided finder /finden/ and „Ähnliche Angebote“: what each answer does, why every result
is shown (and that each claim is true of the offering), counselling first, privacy, hostile
input."""

import itertools
import re
from datetime import time, timedelta

import pytest
from django.utils import translation

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.selectors import offering_for_page
from bildungsportal.catalog.vocabularies import time_of_day
from bildungsportal.finder.answers import SITUATIONS, Answers, choices
from bildungsportal.finder.matching import distance_km, lowest_price, upcoming
from bildungsportal.finder.ranking import find
from bildungsportal.finder.similar import similar_to
from bildungsportal.search.indexing import rebuild_index
from tests import factories
from tests.factories import TODAY

pytestmark = pytest.mark.django_db

WEEKLY = catalog.Run.Recurrence.WEEKLY


def weekly(offering, venue, start, days=3, **fields):
    """A weekly run from the first Tuesday at least `days` ahead: a weekday whatever day the
    tests run on (the weekday comes from the start date, and the weekend is an answer)."""
    first = TODAY + timedelta(days=days)
    first += timedelta(days=(1 - first.weekday()) % 7)
    return factories.run(offering, venue, start_date=first, end_date=first + timedelta(days=70),
                         recurrence=WEEKLY, start_time=start,
                         end_time=time(start.hour + 1, start.minute), **fields)


@pytest.fixture
def world():
    """Four towns, language courses, health courses, counselling; the index rebuilt."""
    towns = {
        "rimbach": factories.town("Rimbach", ags="06431019", lat=49.6258, lon=8.7594,
                                  postcodes=("64668",)),
        "heppenheim": factories.town("Heppenheim", ags="06431011", lat=49.6415, lon=8.6383,
                                     postcodes=("64646",)),
        "bensheim": factories.town("Bensheim", ags="06431002", lat=49.6810, lon=8.6170,
                                   postcodes=("64625",)),
    }
    v = factories.vocabularies()
    v["daz"] = catalog.Topic.objects.create(slug="deutsch-als-zweitsprache",
                                            name="Deutsch als Zweitsprache", parent=v["languages"])
    v["orientation"] = catalog.Topic.objects.create(slug="berufsorientierung",
                                                    name="Berufsorientierung")
    v["new_start"] = catalog.Topic.objects.create(
        slug="berufliche-neuorientierung", name="Berufliche Neuorientierung",
        parent=v["orientation"])
    v["intercultural"] = catalog.Topic.objects.create(slug="interkulturelles",
                                                      name="Interkulturelles")
    v["ar"] = catalog.Language.objects.create(
        slug="ar", name="Arabisch", translations={"ar": {"name": "العربية"}})
    v["seniors_group"] = catalog.TargetGroup.objects.create(slug="seniorinnen",
                                                            name="Senior:innen")
    v["jobseekers"] = catalog.TargetGroup.objects.create(slug="arbeitsuchende",
                                                         name="Arbeitsuchende")
    v["migrants"] = catalog.TargetGroup.objects.create(
        slug="menschen-mit-migrationsgeschichte", name="Menschen mit Migrationsgeschichte")
    vhs = factories.provider()
    venues = {
        "rimbach": factories.venue(towns["rimbach"], "Rathaus Rimbach", step_free=True),
        "heppenheim": factories.venue(towns["heppenheim"], "Kurfürstensaal", step_free=True),
        "heppenheim_steps": factories.venue(towns["heppenheim"], "Altes Schulhaus",
                                            step_free=False),
        "bensheim": factories.venue(towns["bensheim"], "Haus am Markt"),
    }
    o = {}
    o["german_evening"] = factories.offering(vhs, v, "Deutsch B1 am Abend", topics=[v["daz"]],
                                             is_free=True)
    weekly(o["german_evening"], venues["heppenheim"], time(18, 30))
    o["german_morning"] = factories.offering(vhs, v, "Deutsch A1 am Vormittag",
                                             topics=[v["daz"]], price_cents=12000)
    weekly(o["german_morning"], venues["rimbach"], time(9))
    o["english_far"] = factories.offering(vhs, v, "Englisch Konversation",
                                          topics=[v["english"]], price_cents=4000)
    weekly(o["english_far"], venues["bensheim"], time(19))
    o["english_online"] = factories.offering(vhs, v, "Englisch online am Abend",
                                             topics=[v["english"]], price_cents=6000)
    weekly(o["english_online"], None, time(20), is_online=True)
    o["yoga"] = factories.offering(vhs, v, "Yoga für Senior:innen", topics=[v["health"]],
                                   phases=[v["seniors"]], price_cents=3000)
    o["yoga"].target_groups.set([v["seniors_group"]])
    weekly(o["yoga"], venues["rimbach"], time(10))
    o["first_aid_ar"] = factories.offering(vhs, v, "Erste Hilfe auf Arabisch",
                                           topics=[v["health"]], languages=[v["ar"], v["de"]])
    # a single Wednesday, whatever day the tests run on (a fixed "in six days" fell on a
    # Saturday when they ran on a Sunday, and the weekend answer then found it)
    wednesday = TODAY + timedelta(days=(2 - TODAY.weekday()) % 7 + 7)
    factories.run(o["first_aid_ar"], venues["heppenheim_steps"], start_date=wednesday,
                  start_time=time(10), end_time=time(14))
    o["weekend"] = factories.offering(vhs, v, "Gesund kochen am Samstag", topics=[v["health"]],
                                      price_cents=2500)
    saturday = TODAY + timedelta(days=(5 - TODAY.weekday()) % 7 + 7)
    factories.run(o["weekend"], venues["rimbach"], start_date=saturday,
                  start_time=time(11), end_time=time(15))
    o["past"] = factories.offering(vhs, v, "Deutsch vorbei", topics=[v["daz"]])
    factories.run(o["past"], venues["heppenheim"], days=-30)
    o["draft"] = factories.offering(vhs, v, "Deutsch Entwurf", topics=[v["daz"]],
                                    status="draft")
    factories.run(o["draft"], venues["heppenheim"], days=5)
    o["cancelled"] = factories.offering(vhs, v, "Deutsch abgesagt", topics=[v["daz"]])
    factories.run(o["cancelled"], venues["heppenheim"], days=5,
                  booking_status=catalog.Run.BookingStatus.CANCELLED)

    caritas = factories.provider("Migrationsberatung Caritas Heppenheim",
                                 kind=catalog.Provider.Kind.COUNSELLING)
    o["migration_advice"] = factories.offering(
        caritas, v, "Migrationsberatung für Erwachsene", topics=[v["intercultural"]],
        languages=[v["de"], v["ar"]], is_free=True)
    o["migration_advice"].target_groups.set([v["migrants"]])
    catalog.Run.objects.create(offering=o["migration_advice"], venue=venues["heppenheim"],
                               recurrence=catalog.Run.Recurrence.STANDING, weekdays=2,
                               start_time=time(9), end_time=time(12))
    agency = factories.provider("Agentur für Arbeit Bensheim",
                                kind=catalog.Provider.Kind.PUBLIC_OFFICE)
    o["job_advice"] = factories.offering(agency, v, "Beratung zur beruflichen Zukunft",
                                         topics=[v["new_start"]], is_free=True)
    o["job_advice"].target_groups.set([v["jobseekers"]])
    weekly(o["job_advice"], venues["bensheim"], time(14))
    rebuild_index()
    return {"towns": towns, "v": v, "o": o, "venues": venues}


def answers(**fields):
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}
    return Answers(**fields)


def titles(fits):
    return [f.offering.title for f in fits]


def check_claims(fit, given, options):
    """Every fitting reason is true of the offering and of the run it names."""
    offering, run = fit.offering, fit.run
    kinds = [r.kind for r in fit.fits]
    assert kinds, f"{offering}: no reason"
    assert all(r.text.strip() for r in fit.fits + fit.misfits)
    for reason in fit.fits:
        if reason.kind == "topic":
            own = {t.slug for t in offering.topics.all()} | {
                t.parent.slug for t in offering.topics.all() if t.parent_id}
            assert own & set(given.topics)
        elif reason.kind == "situation":
            info = given.situation_info
            assert ({g.slug for g in offering.target_groups.all()} & set(info.target_groups)
                    or {p.slug for p in offering.life_phases.all()} & set(info.life_phases))
        elif reason.kind == "place":
            town = options.towns[given.town]
            if reason.text == f"in {town.name}":
                assert run.venue.municipality_id == town.pk
            else:
                lat, lon = run.venue.coordinates
                real = distance_km((town.latitude, town.longitude), (lat, lon))
                assert real <= given.radius_km
                assert reason.text.endswith(f"km von {town.name}")
        elif reason.kind == "online":
            assert run.venue_id is None and run.is_online
        elif reason.kind == "when":
            code = time_of_day(run.start_time)
            weekend = any(d in (5, 6) for d in run.weekday_numbers)
            assert code in given.times_of_day or (given.weekend and weekend)
        elif reason.kind == "budget":
            price = lowest_price(offering, run)
            assert price is not None
            assert price == 0 if given.budget == "kostenlos" else price <= 5000
        elif reason.kind == "language":
            assert given.language in {lang.slug for lang in offering.languages.all()}
        elif reason.kind == "accessible":
            assert run.venue.step_free is True if run.venue_id else run.is_online
    if run is not None:
        assert not run.is_past(TODAY)
        assert run.booking_status != catalog.Run.BookingStatus.CANCELLED


def run_finder(**fields):
    given = answers(**fields)
    options = choices()
    result = find(given, options)
    for fit in (*result.fits, *result.counselling):
        check_claims(fit, given, options)
    return result


# -- each question ----------------------------------------------------------------------------
def test_topic_answer_keeps_only_offerings_of_that_topic_or_its_subtopics(world):
    result = run_finder(topics=["sprachen"])
    assert set(titles(result.fits)) == {
        "Deutsch B1 am Abend", "Deutsch A1 am Vormittag", "Englisch Konversation",
        "Englisch online am Abend"}
    assert all(f.fits[0].kind == "topic" and f.fits[0].text == "Sprachen" for f in result.fits)


def test_promoted_german_course_picture_finds_only_german_courses(world):
    result = run_finder(topics=["deutsch-als-zweitsprache"])
    # past, draft and cancelled German courses are never shown
    assert set(titles(result.fits)) == {"Deutsch B1 am Abend", "Deutsch A1 am Vormittag"}
    assert list(choices().topics)[0] == "deutsch-als-zweitsprache"


def test_town_and_reach_rank_near_first_and_say_when_further(world):
    result = run_finder(topics=["sprachen"], town="rimbach", reach="nah")
    fits = {f.offering.title: f for f in result.fits}
    near = fits["Deutsch A1 am Vormittag"]
    assert [r.kind for r in near.fits][:2] == ["topic", "place"]
    assert near.fits[1].text == "in Rimbach"  # the venue is in the town itself
    far = fits["Englisch Konversation"]
    assert "place" not in [r.kind for r in far.fits]
    assert far.misfits[0].text.startswith("weiter entfernt (")
    assert "von Rimbach" in far.misfits[0].text
    assert fits["Englisch online am Abend"].fits[1].kind == "online"
    assert titles(result.fits)[0] == "Deutsch A1 am Vormittag"


def test_without_car_is_a_nearer_radius_than_by_car(world):
    by_car = run_finder(topics=["sprachen"], town="rimbach", reach="auto")
    no_car = run_finder(topics=["sprachen"], town="rimbach", reach="ohne-auto")
    heppenheim_by_car = next(f for f in by_car.fits if f.offering.title == "Deutsch B1 am Abend")
    heppenheim_no_car = next(f for f in no_car.fits if f.offering.title == "Deutsch B1 am Abend")
    assert heppenheim_by_car.distance_km > 5
    assert "place" in [r.kind for r in heppenheim_by_car.fits]  # within 25 km
    assert heppenheim_by_car.distance_km < 10
    place = next(r for r in heppenheim_no_car.fits if r.kind == "place")  # within 10 km too
    assert re.fullmatch(r"[\d,]+\s+km von Rimbach", place.text)
    bensheim_no_car = next(f for f in no_car.fits if f.offering.title == "Englisch Konversation")
    assert bensheim_no_car.distance_km > 10
    assert bensheim_no_car.misfits[0].kind == "place"


def test_evening_answer_ranks_evening_courses_first(world):
    result = run_finder(topics=["sprachen"], when=["abends"])
    first, *rest = result.fits
    assert time_of_day(first.run.start_time) == "abends"
    morning = next(f for f in result.fits if f.offering.title == "Deutsch A1 am Vormittag")
    assert morning.misfits[0].text == "zu einer anderen Zeit (09:00 Uhr)"
    assert titles(result.fits).index("Deutsch A1 am Vormittag") == len(result.fits) - 1


def test_weekend_answer_finds_saturday_course(world):
    result = run_finder(topics=["gesundheit"], when=["wochenende"])
    assert result.fits[0].offering.title == "Gesund kochen am Samstag"
    assert "am Wochenende" in [r.text for r in result.fits[0].fits]


def test_free_answer_ranks_free_first_and_names_the_price_of_the_others(world):
    result = run_finder(topics=["sprachen"], budget="kostenlos")
    assert result.fits[0].offering.title == "Deutsch B1 am Abend"
    assert "kostenlos" in [r.text for r in result.fits[0].fits]
    paid = next(f for f in result.fits if f.offering.title == "Deutsch A1 am Vormittag")
    assert paid.misfits[0].text.startswith("nicht kostenlos (ab 120,00")


def test_budget_up_to_50_euro(world):
    result = run_finder(topics=["sprachen"], budget="bis-50")
    fits = {f.offering.title: f for f in result.fits}
    assert [r.kind for r in fits["Englisch Konversation"].fits] == ["topic", "budget"]
    assert fits["Deutsch A1 am Vormittag"].misfits[0].text.startswith("teurer (ab 120,00")


def test_course_language_is_a_hard_answer(world):
    result = run_finder(language="ar")
    # the counselling service speaks Arabic too; nothing taught only in German is shown
    assert set(titles(result.fits)) == {"Erste Hilfe auf Arabisch",
                                        "Migrationsberatung für Erwachsene"}
    for fit in result.fits:
        assert fit.fits[0].text == "Kurssprache: Arabisch"


def test_step_free_answer_keeps_only_offerings_with_a_step_free_run(world):
    result = run_finder(topics=["gesundheit"], accessible=True)
    assert "Erste Hilfe auf Arabisch" not in titles(result.fits)  # Altes Schulhaus has steps
    assert set(titles(result.fits)) == {"Yoga für Senior:innen", "Gesund kochen am Samstag"}


def test_situation_ranks_fitting_target_group_first(world):
    result = run_finder(topics=["gesundheit"], situation="ruhestand")
    assert result.fits[0].offering.title == "Yoga für Senior:innen"
    assert result.fits[0].fits[1].text == "für Senior:innen"
    assert not result.counselling


def test_more_answers_that_fit_rank_higher(world):
    result = run_finder(topics=["deutsch-als-zweitsprache"], town="heppenheim", reach="nah",
                        when=["abends"], budget="kostenlos")
    best = result.fits[0]
    assert best.offering.title == "Deutsch B1 am Abend"
    assert [r.kind for r in best.fits] == ["topic", "place", "when", "budget"]
    assert not best.misfits
    assert best.score > result.fits[1].score


@pytest.mark.parametrize("situation", ["", *SITUATIONS])
def test_every_result_has_a_true_reason_for_any_combination(world, situation):
    """A sweep over the answers: each result names at least one fitting answer, and each
    claim is true (run_finder checks every one against the stored data)."""
    shown = 0
    for when, budget, (town, reach) in itertools.product(
        ([], ["abends"], ["wochenende", "vormittags"]), ("", "kostenlos", "bis-50"),
        (("", ""), ("rimbach", "nah")),
    ):
        result = run_finder(situation=situation, when=when, budget=budget, town=town,
                            reach=reach)
        shown += len(result.fits)
    assert shown > 0


def test_finder_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    query = {"situation": "neu", "topic": ["sprachen", "gesundheit"], "town": "rimbach",
             "when": "abends", "budget": "bis-50"}
    client.get("/finden/", query)  # the index is built once per process
    with django_assert_max_num_queries(25):
        assert client.get("/finden/", query).status_code == 200


def test_an_offering_that_fits_no_answer_is_not_shown(world):
    result = run_finder(when=["wochenende"])
    assert titles(result.fits) == ["Gesund kochen am Samstag"]


# -- counselling first ------------------------------------------------------------------------
@pytest.mark.parametrize(("situation", "title"), [
    ("neu", "Migrationsberatung für Erwachsene"),
    ("arbeit-suchen", "Beratung zur beruflichen Zukunft"),
])
def test_counselling_comes_first_where_the_situation_points_there(world, situation, title):
    result = run_finder(situation=situation, topics=["sprachen"], town="heppenheim")
    assert result.counselling[0].offering.title == title
    assert result.counselling[0].fits[0].kind == "counselling"
    assert result.counselling[0].offering.provider.kind in ("counselling", "public_office")
    assert title not in titles(result.fits)


def test_counselling_service_entered_twice_is_offered_once(world):
    advice = world["o"]["migration_advice"]
    again = factories.offering(advice.provider, world["v"], advice.title,
                               topics=list(advice.topics.all()), is_free=True)
    again.target_groups.set(advice.target_groups.all())
    weekly(again, world["venues"]["rimbach"], time(14))
    rebuild_index()
    result = run_finder(situation="neu", topics=["sprachen"], town="heppenheim")
    shown = [fit.offering.title for fit in result.counselling]
    assert shown.count(advice.title) == 1


def test_counselling_box_on_the_page_comes_before_the_list(client, world):
    response = client.get("/finden/", {"situation": "neu", "topic": "sprachen"})
    html = response.content.decode()
    assert html.index("Migrationsberatung für Erwachsene") < html.index("Deutsch B1 am Abend")
    assert "Zuerst: Beratung" in html


def test_no_answers_is_a_gentle_explanation_with_counselling(client, world):
    response = client.get("/finden/", {"situation": "", "budget": "egal"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sie haben noch keine Frage beantwortet" in html
    assert "Beratung zur beruflichen Zukunft" in html  # Bildungsberatung helps to find out


# -- the page ---------------------------------------------------------------------------------
def test_page_without_answers_shows_only_the_form_and_sets_no_cookie(client, world):
    response = client.get("/finden/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ergebnis"' not in html
    assert "Was interessiert Sie?" in html
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_result_page_every_result_says_why_and_sets_no_cookie(client, world):
    response = client.get("/finden/", {
        "situation": "beruf", "topic": "sprachen", "town": "rimbach", "reach": "ohne-auto",
        "when": "abends", "budget": "bis-50", "language": "de"})
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    items = html.split('class="hit finder-fit"')[1:]
    assert items
    for item in items:
        assert re.search(r'<p class="why"><strong>Passt zu:</strong> <span', item)
    assert "km von Rimbach" in html
    link = re.search(r'href="(/angebote/\?[^"]+)"', html.split('id="ergebnis"')[1])[1]
    for part in ("topic=sprachen", "language=de", "time_of_day=abends", "near=Rimbach",
                 "radius_km=10"):
        assert part in link


def test_search_link_has_the_equivalent_filters(client, world):
    given = answers(topics=["sprachen"], town="rimbach", reach="ohne-auto", when=["abends"],
                    budget="kostenlos", language="de", accessible=True)
    result = find(given, choices())
    url = result.search_url
    for part in ("topic=sprachen", "language=de", "free=1", "accessible=1", "near=Rimbach",
                 "radius_km=10", "time_of_day=abends"):
        assert part in url
    assert client.get(url).status_code == 200


def test_page_in_arabic(client, world):
    response = client.get("/ar/finden/", {"topic": "deutsch-als-zweitsprache",
                                          "town": "heppenheim", "when": "abends"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert 'href="/ar/angebote/?topic=deutsch-als-zweitsprache' in html
    assert "Deutsch B1 am Abend" in html


@pytest.mark.parametrize("code", ["en", "tr", "ar", "uk", "ru"])
def test_every_language_renders(client, world, code):
    response = client.get(f"/{code}/finden/", {"topic": "sprachen", "situation": "neu"})
    assert response.status_code == 200
    assert f'<html lang="{code}"' in response.content.decode()


def test_main_navigation_links_to_the_finder(client, world):
    html = client.get("/angebote/").content.decode()
    assert 'href="/finden/"' in html
    assert '<li><a href="/finden/" aria-current="page">' in client.get(
        "/finden/").content.decode()


# -- hostile input ----------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    {"situation": "hacker", "topic": "<script>alert(1)</script>", "town": "Atlantis"},
    {"when": ["abends", "mitternacht"], "budget": "1000000", "language": "klingonisch"},
    {"accessible": "yes please", "reach": "-5", "topic": "sprachen' OR 1=1 --"},
    {"topic": "\x00\x01", "town": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")},
])
def test_unknown_values_are_ignored_with_a_note(client, world, query):
    response = client.get("/finden/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Einige Angaben in der Adresse kennen wir nicht" in html


def test_too_many_values_or_a_huge_query_is_400_with_a_message(client, world):
    response = client.get("/finden/", {"topic": ["sprachen"] * 40})
    assert response.status_code == 400
    assert "zu lang" in response.content.decode()
    response = client.get("/finden/?" + "situation=" + "x" * 5000)
    assert response.status_code == 400


def test_post_is_not_allowed_to_store_anything(client, world):
    assert client.post("/finden/", {"topic": "sprachen"}).status_code in (403, 405)


# -- similar offerings ------------------------------------------------------------------------
def test_similar_offerings_exclude_itself_unpublished_past_and_cancelled(world):
    o = world["o"]
    with translation.override("de"):
        items = similar_to(offering_for_page(o["german_evening"].pk))
    shown = titles(items)
    assert "Deutsch B1 am Abend" not in shown
    for hidden in ("Deutsch vorbei", "Deutsch Entwurf", "Deutsch abgesagt"):
        assert hidden not in shown
    assert shown[0] == "Deutsch A1 am Vormittag"  # the same subtopic first
    assert items[0].reasons[0] == ("topic", "auch Deutsch als Zweitsprache")
    # English courses share the parent topic "Sprachen"; the online one also runs at night
    english = next(i for i in items if i.offering.title == "Englisch online am Abend")
    assert english.reasons == [("parent_topic", "auch Sprachen"), ("time", "auch abends")]
    assert len(items) <= 5


def test_similar_offerings_skip_the_same_course_entered_twice(world):
    """Another offering with the provider's same title reads as the page itself."""
    o = world["o"]
    twin = factories.offering(o["german_evening"].provider, world["v"], "Deutsch B1 am Abend",
                              topics=list(o["german_evening"].topics.all()), is_free=True)
    weekly(twin, world["venues"]["rimbach"], time(18))
    for n in range(2):  # and the same other course twice: shown once
        copy = factories.offering(o["german_morning"].provider, world["v"],
                                  "Deutsch A1 am Vormittag",
                                  topics=list(o["german_morning"].topics.all()))
        weekly(copy, world["venues"]["bensheim"], time(9 + n))
    rebuild_index()
    with translation.override("de"):
        shown = titles(similar_to(offering_for_page(o["german_evening"].pk)))
    assert "Deutsch B1 am Abend" not in shown
    assert shown.count("Deutsch A1 am Vormittag") == 1


def test_similar_offerings_reasons_are_true(world):
    o = world["o"]
    page_offering = offering_for_page(o["yoga"].pk)
    own_towns = {r.venue.municipality.name for r in upcoming(page_offering.runs.all(), TODAY)}
    for item in similar_to(page_offering):
        assert item.reasons
        for kind, text in item.reasons:
            if kind == "town":
                assert any(r.venue_id and r.venue.municipality.name in own_towns
                           for r in item.offering.runs.all() if not r.is_past(TODAY))
                assert text == "gleicher Ort (Rimbach)"
            if kind == "topic":
                assert item.offering.topics.filter(
                    slug__in=[t.slug for t in page_offering.topics.all()]).exists()


def test_offering_page_shows_similar_offerings_within_a_query_budget(
    client, world, django_assert_max_num_queries
):
    url = world["o"]["german_evening"].get_absolute_url()
    client.get(url)  # the index is built once per process
    with django_assert_max_num_queries(14):
        response = client.get(url)
    html = response.content.decode()
    assert "Ähnliche Angebote" in html
    assert html.index("Ähnliche Angebote") > html.index('id="termine"')
    assert html.index("Ähnliche Angebote") < html.index('class="detail-side"')
    assert "Deutsch A1 am Vormittag" in html


def test_similar_offerings_query_count_does_not_grow_with_candidates(
    world, django_assert_max_num_queries
):
    page_offering = offering_for_page(world["o"]["german_evening"].pk)
    similar_to(page_offering)  # build the index
    with django_assert_max_num_queries(4):
        items = similar_to(page_offering)
    assert len(items) >= 3
    assert all(item.run.info.dates for item in items)  # run info without further queries


def test_the_same_subtopic_outranks_a_neighbour_in_the_same_town_and_time(world):
    """A German course is more like another German course than an English course next door."""
    o = world["o"]
    english_nearby = factories.offering(o["german_evening"].provider, world["v"],
                                        "Englisch am Abend in Heppenheim",
                                        topics=[world["v"]["english"]], is_free=True)
    weekly(english_nearby, world["venues"]["heppenheim"], time(18, 30))
    rebuild_index()
    items = similar_to(offering_for_page(o["german_evening"].pk))
    assert titles(items)[0] == "Deutsch A1 am Vormittag"
    english = next(i for i in items if i.offering.title == "Englisch am Abend in Heppenheim")
    assert [kind for kind, _text in english.reasons] == ["parent_topic", "town", "time", "free"]


def test_empty_catalog_is_no_error(client):
    response = client.get("/finden/", {"topic": "sprachen", "town": "rimbach", "when": "abends"})
    assert response.status_code == 200
    assert "Einige Angaben in der Adresse kennen wir nicht" in response.content.decode()
    assert client.head("/finden/").status_code == 200
