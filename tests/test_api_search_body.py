"""The search API's body is built from page entries without model objects (api_search.py):
it must say exactly what the model objects say, and validate against the response schema."""

from datetime import date, timedelta

import pytest

from bildungsportal.catalog.formatting import effective_recurrence
from bildungsportal.catalog.models import Offering, Run, Venue
from bildungsportal.catalog.vocabularies import WEEKDAY_CODES
from bildungsportal.pages import schemas
from bildungsportal.search.engine import search
from bildungsportal.search.indexing import rebuild_index
from bildungsportal.search.params import parse
from tests.test_api import catalog, get  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _expected_hit(hit):
    """The hit as the model objects describe it (what the API said before api_search.py)."""
    offering, run = hit.offering, hit.next_run
    venue = run.venue if run else None

    def terms(manager):
        return [{"slug": t.slug, "name": t.local_name} for t in manager.all()]

    return {
        "id": offering.pk, "title": offering.title, "url": offering.get_absolute_url(),
        "summary": offering.summary,
        "provider": {"id": offering.provider.pk, "name": offering.provider.name,
                     "url": offering.provider.get_absolute_url()},
        "price_cents": offering.price_cents, "is_free": offering.is_free,
        "format": {"slug": offering.format.slug, "name": offering.format.local_name},
        "life_phases": terms(offering.life_phases), "topics": terms(offering.topics),
        "next_run": None if run is None else {
            "id": run.pk,
            "start_date": run.start_date.isoformat() if run.start_date else None,
            "end_date": run.end_date.isoformat() if run.end_date else None,
            "recurrence": effective_recurrence(run).value,
            "weekdays": [WEEKDAY_CODES[d] for d in run.weekday_numbers],
            "start_time": run.start_time.isoformat() if run.start_time else None,
            "end_time": run.end_time.isoformat() if run.end_time else None,
            "town": {"slug": venue.municipality.slug, "name": venue.municipality.name}
            if venue and venue.municipality_id else None,
            "locality": (venue.locality or None) if venue and not venue.municipality_id
            else None,
            "venue": venue.name if venue else None,
            "is_online": run.is_online,
        },
        "distance_km": round(hit.distance_km, 2) if hit.distance_km is not None else None,
        "regions": hit.other_regions,  # [] in a one-region instance (test_region_search.py)
    }


@pytest.fixture
def wider(catalog):  # noqa: F811
    """The API test catalog plus a run outside the district and an English topic name."""
    catalog.english.translations = {"en": {"name": "English"}}
    catalog.english.save()
    berlin = Venue.objects.create(name="VHS Mitte", locality="Berlin")
    Run.objects.create(offering=catalog.excel, start_date=date.today() + timedelta(days=1),
                       venue=berlin, recurrence="weekly", weekdays=1 | 4)
    rebuild_index()
    return catalog


QUERIES = ["", "q=englisch", "q=excel", "topic=sprachen", "near=64625&sort=distance",
           "q=englisch&near=Heppenheim&radius_km=20", "free=1", "page_size=1&page=2",
           "sort=price", "q=gibtesnicht"]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("query", QUERIES)
def test_body_says_what_the_models_say(get, wider, query, language, settings):  # noqa: F811
    response = get("/api/v1/offerings?" + query, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.data
    schemas.SearchResponse.model_validate(body)
    from django.utils import translation

    from bildungsportal.search.engine import allowed_values

    with translation.override(language):
        from django.http import QueryDict

        parsed = parse(QueryDict(query), allowed_values())
        result = search(parsed.params)
        assert body["results"] == [_expected_hit(hit) for hit in result.hits]
    assert body["count"] == result.count


def test_next_run_is_the_soonest_matching_run(get, wider):  # noqa: F811
    """The English course's past run and the online run are never its next run for a
    town filter; the weekly run in Heppenheim is."""
    body = get("/api/v1/offerings?q=englisch&town=heppenheim").data
    hit = next(h for h in body["results"] if h["id"] == wider.english_course.pk)
    assert hit["next_run"]["id"] == wider.english_runs[0].pk
    assert hit["next_run"]["weekdays"] == ["di"]


def test_deleted_offering_drops_out_of_the_body(get, wider):  # noqa: F811
    """An offering deleted after the index saw it is left out, not a 500."""
    Offering.objects.filter(pk=wider.smartphone.pk).delete()
    body = get("/api/v1/offerings?q=smartphone").data
    assert all(h["id"] != wider.smartphone.pk for h in body["results"])


def test_a_renamed_term_shows_in_the_next_body(get, wider):  # noqa: F811
    """Term names are kept per index: saving a vocabulary rebuilds it, so the next body has
    the new name (in every language)."""
    english = get("/api/v1/offerings?q=lesegruppe", HTTP_ACCEPT_LANGUAGE="en").data
    assert english["results"][0]["topics"] == [{"slug": "englisch", "name": "English"}]
    wider.english.translations = {"en": {"name": "English language"}}
    wider.english.save()
    wider.talk.name = "Vortrag und Gespräch"
    wider.talk.save()
    english = get("/api/v1/offerings?q=lesegruppe&page_size=19",
                  HTTP_ACCEPT_LANGUAGE="en").data
    assert english["results"][0]["topics"] == [{"slug": "englisch", "name": "English language"}]
    german = get("/api/v1/offerings?q=lesegruppe&page_size=18").data
    assert german["results"][0]["format"] == {"slug": "vortrag", "name": "Vortrag und Gespräch"}
