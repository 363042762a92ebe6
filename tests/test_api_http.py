"""The API's manners toward outside users: CORS, rate limit, conditional requests, and an
OpenAPI document that tells the truth (checked by schemathesis against a live server)."""

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from ninja import Schema

from bildungsportal.catalog.models import Offering
from bildungsportal.core import api_http
from bildungsportal.search.facet_index import get_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(settings):
    call_command("load_reference", stdout=StringIO())
    call_command("demo", "--offerings", "120", "--seed", "3", stdout=StringIO())
    api_http.LIMIT.reset()
    yield
    api_http.LIMIT.reset()


def offering_url():
    return f"/api/v1/offerings/{Offering.objects.published().first().pk}"


# -- CORS --------------------------------------------------------------------------------------
def test_get_is_allowed_from_any_origin_without_credentials(client, catalog):
    response = client.get("/api/v1/offerings", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_names_methods_and_conditional_headers(client, catalog):
    response = client.options(
        "/api/v1/offerings", HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_public_pages_get_no_cors_header(client, catalog):
    assert "Access-Control-Allow-Origin" not in client.get("/angebote/")


# -- conditional requests ----------------------------------------------------------------------
def test_etag_answers_304_until_the_offering_changes(client, catalog):
    url = offering_url()
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    offering = Offering.objects.get(pk=url.rsplit("/", 1)[1])
    offering.title = "Neuer Titel für den ETag"
    offering.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["title"] == "Neuer Titel für den ETag"
    assert changed["ETag"] != etag


def test_last_modified_honours_if_modified_since(client, catalog):
    url = offering_url()
    first = client.get(url)
    assert first.status_code == 200
    since = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT"
                      ).status_code == 200


def test_search_answers_carry_an_etag_that_depends_on_the_language(client, catalog):
    german = client.get("/api/v1/offerings?page_size=5")
    english = client.get("/api/v1/offerings?page_size=5", HTTP_ACCEPT_LANGUAGE="en")
    assert german["ETag"] != english["ETag"]
    assert "Accept-Language" in german["Vary"]
    assert client.get("/api/v1/offerings?page_size=5",
                      HTTP_IF_NONE_MATCH=german["ETag"]).status_code == 304
    # The public answer reads no session: no "Vary: Cookie", so shared caches may keep it.
    assert "Cookie" not in german["Vary"]
    assert german["Cache-Control"] == "public, no-cache"


def test_errors_get_no_etag(client, catalog):
    response = client.get("/api/v1/offerings?topic=gibt-es-nicht")
    assert response.status_code == 400
    assert "ETag" not in response


# -- rate limit --------------------------------------------------------------------------------
def test_rate_limit_per_network_with_retry_after(settings, catalog):
    settings.API_RATE_LIMIT, settings.API_RATE_WINDOW = 3, 60
    neighbour = Client(REMOTE_ADDR="198.51.100.7")
    same_net = Client(REMOTE_ADDR="198.51.100.99")
    other = Client(REMOTE_ADDR="203.0.113.5")
    answers = [neighbour.get("/api/v1/taxonomy") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    refused = same_net.get("/api/v1/taxonomy")  # the same /24 network
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Zu viele Anfragen")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert other.get("/api/v1/taxonomy").status_code == 200
    # Only the network prefix is held, in memory, and only for the window.
    assert set(api_http.LIMIT._hits) == {"198.51.100.0/24", "203.0.113.0/24"}


def test_rate_limit_off_and_pages_not_counted(settings, catalog):
    settings.API_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(3):
        assert client.get("/angebote/").status_code == 200  # pages are not the API
    assert client.get("/api/v1/taxonomy").status_code == 200
    assert client.get("/api/v1/taxonomy").status_code == 429
    settings.API_RATE_LIMIT = None
    assert client.get("/api/v1/taxonomy").status_code == 200
    assert "RateLimit-Limit" not in client.get("/api/v1/taxonomy")


# -- what the document says is what the server does ----------------------------------------------
def test_vocabulary_parameters_list_the_values_the_server_accepts(client, catalog):
    document = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in document["paths"]["/api/v1/offerings"]["get"]["parameters"]}
    topics = params["topic"]["schema"]["items"]["enum"]
    assert set(topics) - {""} == set(get_index().values_known()["topic"])
    assert "sprachen" in topics or len(topics) > 10
    for slug in topics[:3]:
        if slug:
            assert client.get(f"/api/v1/offerings?topic={slug}").status_code == 200
    languages = params["language"]["schema"]["items"]["enum"]
    assert "de" in languages
    assert client.get("/api/v1/offerings?language=" + "x" * 81).status_code == 400


def test_times_are_local_wall_clock_not_rfc3339(client, catalog):
    document = client.get("/api/v1/openapi.json").json()
    run = document["components"]["schemas"]["RunOut"]["properties"]["start_time"]
    assert "format" not in json.dumps(run)
    pattern = re.compile(next(s["pattern"] for s in run["anyOf"] if "pattern" in s))
    times = [r["start_time"] for r in client.get(offering_url()).json()["runs"]
             if r["start_time"]]
    assert times and all(pattern.fullmatch(t) for t in times)


def test_every_operation_documents_the_common_answers(client, catalog):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"414", "429"} <= set(operation["responses"]), (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= set(operation["responses"]), (method, path)
    assert "dl-de/zero-2-0" in document["info"]["description"]
    assert "429" in document["info"]["description"]


def test_schema_names_are_unique_across_apps():
    """Two response schemas with one name would share one component in the document."""
    seen, stack = {}, list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("bildungsportal."):
            other = seen.setdefault(cls.__name__, cls.__module__)
            assert other == cls.__module__, f"{cls.__name__} in {other} and {cls.__module__}"


@pytest.mark.parametrize("query", ["page=²", "page=-1", "page=0", "page=10001", "page=%EF%BC%91"])
def test_odd_page_numbers_are_a_400(client, catalog, query):
    for path in ("/api/v1/providers", "/api/v1/offerings"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert "page" in response.json()["errors"]


def test_unknown_place_is_not_found_and_a_reversed_period_finds_nothing(client, catalog):
    response = client.get("/api/v1/offerings?near=Atlantis")
    assert response.status_code == 404
    assert "near" in response.json()["errors"]
    empty = client.get("/api/v1/offerings?date_from=2030-01-10&date_to=2030-01-01")
    assert empty.status_code == 200 and empty.json()["count"] == 0
    # The page still tells a person about the mistake.
    page = client.get("/angebote/?date_from=2030-01-10&date_to=2030-01-01")
    assert "Enddatum liegt vor dem Anfangsdatum" in page.content.decode()


def test_empty_form_values_mean_not_given(client, catalog):
    full = client.get("/api/v1/offerings").json()["count"]
    response = client.get("/api/v1/offerings?free=&language=&page=&date_to=&sort=")
    assert response.status_code == 200
    assert response.json()["count"] == full


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_nothing(live_server, settings, catalog, tmp_path):
    """Every phase (examples, coverage, fuzzing, stateful) and every check, fixed seed."""
    settings.API_RATE_LIMIT = None
    report = tmp_path / "schemathesis.txt"
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--phases", "examples,coverage,fuzzing,stateful", "--checks", "all",
        "--max-examples", "25", "--seed", "1", "--workers", "1", "--no-color",
        "--request-timeout", "30",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    report.write_text(result.stdout + result.stderr, encoding="utf-8")
    summary = result.stdout[result.stdout.find("SUMMARY"):]
    assert result.returncode == 0, result.stdout[-6000:]
    assert "failures" not in summary.lower().split("warnings")[0] or "0 failures" in summary
    assert "Tested: " in summary
