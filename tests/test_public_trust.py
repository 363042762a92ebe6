"""Issue 13 on the public side: facts that agree, search that does not dead-end, sitemap,
the provider list, the set-up's language."""

from datetime import timedelta

import pytest

from bildungsportal.catalog import models as catalog
from bildungsportal.catalog.formatting import describe_run
from bildungsportal.search.indexing import rebuild_index
from tests import factories
from tests.test_views import text_of

pytestmark = pytest.mark.django_db
TODAY = factories.TODAY


@pytest.fixture
def data():
    return factories.small_catalog()


# -- 2. facts that agree ----------------------------------------------------------------
def test_offering_without_booking_has_no_registration_button(client, data):
    english = data["english"]
    english.runs.update(booking_status=catalog.Run.BookingStatus.NO_BOOKING)

    response = client.get(english.get_absolute_url())

    html = response.content.decode()
    assert "Zur Anmeldung" not in html
    assert "Ohne Anmeldung: Sie können einfach vorbeikommen." in text_of(response)
    # With one run that takes bookings, the button is back.
    english.runs.filter(pk=data["once"].pk).update(booking_status=catalog.Run.BookingStatus.OPEN)
    assert "Zur Anmeldung beim Anbieter" in client.get(english.get_absolute_url()).content.decode()


def test_single_day_run_is_never_weekly(client, data):
    once = data["once"]
    # A one-off date imported with its weekday bit, and a "weekly" run with one session.
    once.weekdays = catalog.Run.WEEKDAY_BITS[once.start_date.weekday()]
    once.save()
    one_session = factories.run(
        data["english"], data["haus"], days=30, end_date=TODAY + timedelta(days=30),
        recurrence=catalog.Run.Recurrence.WEEKLY,
    )
    for run in (once, one_session):
        assert "wöchentlich" not in describe_run(run).weekdays
        assert not describe_run(run).dates.startswith("ab ")
    block = factories.run(
        data["english"], data["haus"], days=50, end_date=TODAY + timedelta(days=51),
        weekdays=catalog.Run.WEEKDAY_BITS[(TODAY + timedelta(days=50)).weekday()]
        | catalog.Run.WEEKDAY_BITS[(TODAY + timedelta(days=51)).weekday()],
    )
    assert describe_run(block).weekdays.startswith("an diesen Tagen:")
    assert describe_run(data["weekly"]).weekdays.startswith("wöchentlich:")

    page = text_of(client.get(data["english"].get_absolute_url()))
    assert page.count("wöchentlich") == 1  # only the real weekly course
    body = client.get(f"/api/v1/offerings/{data['english'].pk}").json()
    recurrences = {run["id"]: run["recurrence"] for run in body["runs"]}
    assert recurrences[one_session.pk] == "once"
    assert recurrences[data["weekly"].pk] == "weekly"


@pytest.fixture
def sealed(data):
    seal = catalog.QualitySeal.objects.create(slug="azav", name="AZAV-zertifiziert")
    data["vhs"].quality_seals.add(seal)
    rebuild_index()
    return seal


def test_quality_seal_shows_on_the_offering_page(client, data, sealed):
    html = client.get(data["english"].get_absolute_url()).content.decode()
    assert "AZAV-zertifiziert" in html
    assert 'href="/angebote/?seal=azav"' in html


def test_quality_seal_is_a_search_filter(client, data, sealed):
    response = client.get("/angebote/?seal=azav")
    text = text_of(response)
    assert "2 Angebote" in text  # the two VHS offerings, not the music school's
    assert "Gitarre" not in text
    assert "Qualitätssiegel" in text and 'name="seal"' in response.content.decode()

    body = client.get("/api/v1/offerings?seal=azav").json()
    assert body["count"] == 2
    seal_facet = next(f for f in body["facets"] if f["name"] == "seal")
    assert seal_facet["values"][0] == {
        "value": "azav", "label": "AZAV-zertifiziert", "count": 2, "selected": True,
    }
    assert client.get("/api/v1/offerings?seal=unbekannt").status_code == 400


def test_seal_changes_reach_the_search_without_a_rebuild(client, data, sealed):
    """Seals added or taken away from either side (provider or seal) are searchable at once."""
    music = data["music"]
    music.quality_seals.add(sealed)
    assert client.get("/api/v1/offerings?seal=azav").json()["count"] == 3
    sealed.providers.remove(music)
    assert client.get("/api/v1/offerings?seal=azav").json()["count"] == 2
    sealed.providers.clear()
    assert client.get("/api/v1/offerings?seal=azav").json()["count"] == 0


def test_numbers_use_german_thousands_separators(client, data):
    data["bensheim"].population = 40993
    data["bensheim"].save()
    assert "40.993" in text_of(client.get("/orte/bensheim/"))
    assert "66.993 Einwohnerinnen" in text_of(client.get("/orte/"))


# -- 8. found by search engines -----------------------------------------------------------
def test_sitemap_lists_offerings_providers_towns_and_life_phases(client, data):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    body = index.content.decode()
    for section in ("angebote", "anbieter", "orte", "lebensphasen"):
        assert f"http://testserver/sitemap-{section}.xml" in body
    offerings = client.get("/sitemap-angebote.xml").content.decode()
    assert f"http://testserver{data['english'].get_absolute_url()}" in offerings
    assert data["draft"].get_absolute_url() not in offerings
    assert data["vhs"].get_absolute_url() in client.get("/sitemap-anbieter.xml").content.decode()
    assert "/orte/heppenheim/" in client.get("/sitemap-orte.xml").content.decode()
    phases = client.get("/sitemap-lebensphasen.xml").content.decode()
    assert "/lebensphasen/bildung-im-alter/" in phases


def test_robots_txt_points_to_the_sitemap_and_closes_the_office(client, data):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/anbieterbereich/", "/konto/", "/admin/", "/umfrage/verwaltung/",
                 "/umfrage/auswertung/", "/bildungsmonitoring/", "/angebote/?"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /angebote/" not in lines  # offering pages stay open


def test_search_page_canonical_url_drops_paging_and_sort(client, data):
    html = client.get("/angebote/?topic=sprachen&page=2&sort=date&page_size=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/angebote/?topic=sprachen">' in html
    html = client.get("/angebote/?sort=price").content.decode()
    assert '<link rel="canonical" href="http://testserver/angebote/">' in html
    url = data["english"].get_absolute_url()
    html = client.get(url + "?x=1").content.decode()
    assert f'<link rel="canonical" href="http://testserver{url}">' in html


# -- 9. the education actors at a glance -------------------------------------------------------
@pytest.fixture
def actors(data, sealed):
    kita = factories.provider("Kita Sonnenschein", municipality=data["heppenheim"],
                              kind=catalog.Provider.Kind.KITA)
    return {**data, "kita": kita}


def test_provider_list_shows_every_provider_a_to_z(client, actors):
    response = client.get("/anbieter/")
    assert response.status_code == 200
    text = text_of(response)
    assert "3 Anbieter" in text
    text = text.split("3 Anbieter", 2)[2]  # the list (after the intro and the count)
    # A–Z, with kind, town, seals and the number of current offerings.
    assert text.index("Kita Sonnenschein") < text.index("Musikschule") < text.index("VHS Berg")
    assert "VHS Bergstraße Volkshochschule · Bensheim 2 aktuelle Angebote" in text
    assert "Qualitätssiegel: AZAV-zertifiziert" in text
    assert "Kita Sonnenschein Kita · Heppenheim zurzeit keine Angebote im Portal" in text
    assert 'href="/anbieter/"' in client.get("/").content.decode()  # entry from the home page


def test_provider_list_filters_like_the_catalog(client, actors):
    response = client.get("/anbieter/?kind=vhs&kind=kita&town=bensheim")
    text = text_of(response)
    html = response.content.decode()
    assert "1 Anbieter" in text and "VHS Bergstraße" in text and "Kita Sonnenschein" not in text
    # Disjunctive within a facet: the kind counts ignore the kind filter, not the town filter.
    assert 'id="p-kind-0"' in html
    assert "Volkshochschule (1)" in text and "Musikschule" not in text.split("Ort")[0]
    assert "Heppenheim (1)" in text  # the Kita, when the town filter is left out
    assert 'href="?kind=vhs&amp;kind=kita"' in html  # the toggle that drops Bensheim
    phase = text_of(client.get("/anbieter/?life_phase=bildung-im-alter"))
    assert "1 Anbieter" in phase and "VHS Bergstraße" in phase
    bad = client.get("/anbieter/?kind=zoo&page=x")
    assert bad.status_code == 200 and "Unbekannter Wert: zoo" in text_of(bad)


def test_provider_list_pages(client, actors):
    for number in range(25):
        factories.provider(f"Verein {number:02d}", kind=catalog.Provider.Kind.ASSOCIATION)
    first = client.get("/anbieter/")
    assert "28 Anbieter" in text_of(first) and 'href="?page=2"' in first.content.decode()
    second = text_of(client.get("/anbieter/?page=2"))
    assert "Seite 2 von 2" in second and "VHS Bergstraße" in second


def test_provider_list_api(client, actors):
    body = client.get("/api/v1/providers?kind=vhs").json()
    assert body["count"] == 1
    vhs = body["results"][0]
    assert vhs["name"] == "VHS Bergstraße" and vhs["kind"] == "vhs"
    assert vhs["town"] == {"slug": "bensheim", "name": "Bensheim"}
    assert vhs["quality_seals"] == [{"slug": "azav", "name": "AZAV-zertifiziert"}]
    assert vhs["current_offerings"] == 2
    assert vhs["url"] == actors["vhs"].get_absolute_url()
    kinds = next(f for f in body["facets"] if f["name"] == "kind")
    assert {v["value"]: v["count"] for v in kinds["values"]} == {
        "vhs": 1, "kita": 1, "music_school": 1,
    }
    assert client.get("/api/v1/providers").json()["count"] == 3
    bad = client.get("/api/v1/providers?town=atlantis")
    assert bad.status_code == 400 and "town" in bad.json()["errors"]


# -- 3. search that does not dead-end ---------------------------------------------------------
def test_strasse_is_not_corrected_to_stress(client, data):
    factories.offering(data["vhs"], data["vocab"], "Sicher im Straßenverkehr",
                       summary="Wie Kinder die Straße sicher überqueren.")
    health = factories.provider("Gesundheitszentrum Lorsch",
                                kind=catalog.Provider.Kind.ASSOCIATION)
    for number in range(25):
        factories.offering(health, data["vocab"], f"Stress bewältigen {number}")
    rebuild_index()
    from bildungsportal.search.engine import search
    from bildungsportal.search.params import SearchParams

    for query in ("strasse", "Straße", "STRASSE"):
        result = search(SearchParams(q=query, page_size=50))
        assert result.suggestion == "", query
        titles = [hit.offering.title for hit in result.hits]
        # The street course first. Provider names are split at the word list's nouns like
        # every text ("VHS Bergstraße" → berg, strasse), so that provider's other courses may
        # follow; the "Stress" courses (a provider without "Straße") never.
        assert titles[0] == "Sicher im Straßenverkehr", query
        assert not [title for title in titles if title.startswith("Stress")], query
    assert "Meinten Sie" not in text_of(client.get("/angebote/?q=strasse"))
    # A real typo is still corrected.
    assert search(SearchParams(q="strss")).suggestion.lower() == "stress"


@pytest.mark.parametrize(("typed", "title"), [
    ("Einsteiger", "Englisch für Anfänger"),
    ("A1", "Englisch für Anfänger"),
    ("Anfänger", "Spanisch für Einsteiger"),
    ("Tagesmutter", "Qualifizierung Kindertagespflege"),
    ("Kindertagespflege", "Treffen für Tagesmütter"),
    ("Tagespflege", "Treffen für Tagesmütter"),
])
def test_synonyms_find_each_other(client, data, typed, title):
    for other in ("Spanisch für Einsteiger", "Qualifizierung Kindertagespflege",
                  "Treffen für Tagesmütter"):
        factories.offering(data["vhs"], data["vocab"], other)
    rebuild_index()
    body = client.get("/api/v1/offerings", {"q": typed, "page_size": 50}).json()
    assert title in [hit["title"] for hit in body["results"]]


def test_zero_result_page_names_words_and_offers_topics_towns_and_a_wish(client, data):
    # a weekday the guitar course does not meet on (its date moves with the day of the run)
    other_day = ("mo", "di", "mi", "do", "fr", "sa", "so")[
        (data["other_run"].start_date.weekday() + 1) % 7]
    response = client.get("/angebote/", {"q": "gitarre", "town": "bensheim",
                                          "weekday": other_day})
    text = text_of(response)
    assert "Keine Angebote gefunden. Gesucht haben Sie nach den Wörtern „gitarre“" in text
    assert "Suchbegriff „gitarre“" not in text  # the words are no filter chip
    assert "Verwandte Themen Sprachen (1)" in text  # what "gitarre" finds without filters
    words = text_of(client.get("/angebote/", {"q": "harfe", "town": "bensheim"}))
    assert "Ohne die Suchwörter „harfe“: 2 Angebote" in words
    assert "Ohne den Filter „harfe“" not in words
    html = response.content.decode()
    assert 'action="/angebote/wunsch/" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_partial_matches_are_never_counted_as_matches(client, data):
    """Soft AND lists offerings with some of the words, but the page says so and still helps."""
    response = client.get("/angebote/", {"q": "erste hilfe", "town": "bensheim"})
    html, text = response.content.decode(), text_of(response)
    assert "0 Angebote mit allen Suchwörtern" in text
    assert "Keine Angebote mit allen Suchwörtern gefunden." in text
    assert "Angebote mit einigen Ihrer Suchwörter" in text
    assert html.count('class="partial-note"') == html.count('class="hit"') >= 1
    assert 'name="wish"' in html  # the wish form is still offered


def test_zero_result_page_offers_nearby_towns(client, data):
    text = text_of(client.get("/angebote/", {"q": "erste hilfe", "town": "bensheim"}))
    assert "Dieselbe Suche in Orten in der Nähe Heppenheim (1 Angebot," in text


def test_wish_lands_in_the_demand_log_without_personal_data(data):
    from django.test import Client

    from bildungsportal.search.models import SearchDemand

    client = Client(enforce_csrf_checks=True)
    page = client.get("/angebote/", {"q": "töpfern", "town": "bensheim"})
    token = page.cookies["csrftoken"].value
    form = {"wish": "  Töpferkurs am   Wochenende ", "search": "?q=t%C3%B6pfern&town=bensheim",
            "csrfmiddlewaretoken": token}
    assert Client(enforce_csrf_checks=True).post("/angebote/wunsch/", form).status_code == 403

    response = client.post("/angebote/wunsch/", form, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Ihr Wunsch ist beim Bildungsbüro angekommen" in text_of(thanks)
    assert 'href="/angebote/?q=t%C3%B6pfern&amp;town=bensheim"' in thanks.content.decode()
    wish = SearchDemand.objects.get(filters__0=["wish", "1"])
    assert wish.query == "toepferkurs am wochenende"
    assert wish.filters == [["wish", "1"], ["town", "bensheim"]]
    assert wish.result_count == 0 and wish.searches == 1

    for bad, message in (
        ({"wish": "ruft mich an 06251 123456"}, "keine persönlichen Daten"),
        ({"wish": "x" * 201}, "höchstens 200 Zeichen"),
        ({"wish": "   "}, "in ein paar Worten"),
    ):
        refused = client.post("/angebote/wunsch/", {**form, **bad}, REMOTE_ADDR="192.0.2.7")
        assert refused.status_code == 400
        assert message in text_of(refused)
    assert SearchDemand.objects.filter(filters__0=["wish", "1"]).count() == 1


def test_wishes_are_rate_limited(client, data, settings):
    from django.core.cache import cache

    from bildungsportal.pages import wishes

    cache.clear()
    codes = [
        client.post("/angebote/wunsch/", {"wish": f"Kurs {n}"}, REMOTE_ADDR="198.51.100.9")
        .status_code
        for n in range(wishes.WISH_RATE_LIMIT + 1)
    ]
    assert codes[:-1] == [302] * wishes.WISH_RATE_LIMIT
    assert codes[-1] == 429
    refused = client.post("/angebote/wunsch/", {"wish": "noch einer"}, REMOTE_ADDR="198.51.100.20")
    assert "später noch einmal" in text_of(refused)
    assert client.post("/angebote/wunsch/", {"wish": "anderes Netz"},
                       REMOTE_ADDR="203.0.113.5").status_code == 302
    cache.clear()


# -- 10. set-up speaks one language -----------------------------------------------------------
GERMAN_WORDS = ("Angebote", "geladen", "Gemeinden", "Suchindex", "Termine", "Anbieter ",
                "Lebensphasen", "gelöscht", "Referenzdaten")


def test_setup_and_demo_speak_english_and_explain_the_27_municipalities():
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("setup", "--no-demo", stdout=out, verbosity=0)
    call_command("demo", "--offerings", "20", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert ("Loaded 27 municipalities (22 towns of the district plus 5 neighbouring cities)"
            in text)
    assert "Generated 20 offerings" in text and "Search index rebuilt." in text
    for word in GERMAN_WORDS:
        assert word not in text, word
    with pytest.raises(CommandError, match="A demo catalog exists already") as error:
        call_command("demo", "--offerings", "20", stdout=out)
    assert "Demo-Katalog" not in str(error.value)


def test_provider_pages_belong_to_the_provider_section(client, actors):
    html = client.get(actors["vhs"].get_absolute_url()).content.decode()
    assert 'href="/anbieter/" aria-current="true"' in html
    assert 'href="/anbieter/" aria-current="page"' in client.get("/anbieter/").content.decode()
