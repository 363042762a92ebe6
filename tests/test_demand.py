"""The demand signal: searches with few results, counted anonymously per day (search/demand.py).

Runs on SQLite and, in the PostgreSQL pass of make test, on PostgreSQL.
"""

import os
import subprocess
import sys
import threading
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connections, models
from django.utils import timezone

from bildungsportal.search import demand
from bildungsportal.search.models import SearchDemand
from bildungsportal.search.params import SearchParams
from bildungsportal.search.tasks import purge_search_demand
from tests import factories

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parent.parent
PAGE = "/angebote/"
API = "/api/v1/offerings"
# Matches no offering of the small catalog, not even one of its words ("Anfänger" would
# find "Englisch für Anfänger" through the soft AND: see the partial-match test below).
NOTHING = "Klingonisch für Vulkanier!"


@pytest.fixture
def data():
    return factories.small_catalog()


@pytest.fixture
def page(client):
    def _get(**query):
        response = client.get(PAGE, query, secure=True)
        assert response.status_code == 200
        return response
    return _get


@pytest.fixture
def api(client):
    def _get(**query):
        response = client.get(API, query, secure=True)
        assert response.status_code == 200, response.content
        return response.json()
    return _get


def only_row():
    rows = list(SearchDemand.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


# -- what is stored ------------------------------------------------------------------------
def test_the_model_keeps_the_day_only_and_no_personal_data():
    names = {f.name for f in SearchDemand._meta.get_fields()}
    assert names == {"id", "day", "query", "filters", "filters_hash", "result_count", "searches"}
    day = SearchDemand._meta.get_field("day")
    assert isinstance(day, models.DateField) and not isinstance(day, models.DateTimeField)


def test_zero_result_page_search_is_logged_with_day_query_filters_and_count(page, data):
    response = page(q=NOTHING, town="bensheim", life_phase="weiterbildung-beruf",
                    sort="date", page_size="10")
    assert response.context["result"].count == 0
    row = only_row()
    assert row.day == timezone.localdate()
    assert row.query == "klingonisch fuer vulkanier"
    # Canonical order, without q, sort, page and page size.
    assert row.filters == [["life_phase", "weiterbildung-beruf"], ["town", "bensheim"]]
    assert row.result_count == 0
    assert row.searches == 1


def test_zero_result_api_search_is_logged_and_counted(api, data):
    assert api(q=NOTHING)["count"] == 0
    assert api(q="klingonisch  FÜR vulkanier", page_size="50")["count"] == 0
    row = only_row()
    assert (row.query, row.filters, row.searches) == ("klingonisch fuer vulkanier", [], 2)


def test_partial_matches_only_are_logged_as_found_nothing(page, data):
    # The soft AND lists "Englisch für Anfänger" for its word "Anfänger"; no offering has
    # all the words, and that is what the office needs to see.
    result = page(q="Klingonisch für Anfänger").context["result"]
    assert result.count == result.partial_count >= 1
    row = only_row()
    assert (row.query, row.result_count) == ("klingonisch fuer anfaenger", 0)


def test_page_and_api_count_on_the_same_row(page, api, data):
    page(q=NOTHING, free="1")
    api(q=NOTHING, free="1")
    row = only_row()
    assert (row.filters, row.searches) == ([["free", "1"]], 2)


def test_other_filters_are_another_row(page, data):
    page(q=NOTHING)
    page(q=NOTHING, town="bensheim")
    page(q=NOTHING, town="heppenheim")
    page(q=NOTHING, town="heppenheim")
    rows = {tuple(map(tuple, r.filters)): r.searches for r in SearchDemand.objects.all()}
    assert rows == {(): 1, (("town", "bensheim"),): 1, (("town", "heppenheim"),): 2}


def test_few_results_are_logged_up_to_the_threshold(page, data, settings):
    settings.SEARCH_DEMAND_MAX_RESULTS = 3
    count = page(q="Englisch").context["result"].count
    assert 1 <= count <= 3
    assert only_row().result_count == count

    SearchDemand.objects.all().delete()
    settings.SEARCH_DEMAND_MAX_RESULTS = count - 1
    page(q="Englisch")
    assert not SearchDemand.objects.exists()


def test_a_search_with_many_results_is_not_logged(page, api, data, settings):
    settings.SEARCH_DEMAND_MAX_RESULTS = 1
    assert page(life_phase="weiterbildung-beruf").context["result"].count > 1
    assert api(life_phase="weiterbildung-beruf")["count"] > 1
    assert not SearchDemand.objects.exists()


def test_no_query_and_no_filters_is_not_logged(page, api, data, settings):
    settings.SEARCH_DEMAND_MAX_RESULTS = 10_000
    page()
    page(sort="date", page_size="5")
    api()
    page(q="  !!! ")  # no word left after the analyzer
    assert not SearchDemand.objects.exists()


def test_later_pages_are_not_logged(page, api, data):
    page(q=NOTHING, page="2")
    api(q=NOTHING, page="3")
    assert not SearchDemand.objects.exists()
    page(q=NOTHING, page="1")
    assert only_row().searches == 1


def test_a_typed_place_is_kept_only_as_the_place_it_resolved_to(page, data):
    page(q=NOTHING, near="64625 Musterweg 7", radius_km="10")
    assert only_row().filters == [["near", "Bensheim"], ["radius_km", "10"]]

    SearchDemand.objects.all().delete()
    page(q=NOTHING, near="Atlantis")  # not found: searched without it
    assert only_row().filters == []


# -- personal data -------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "max.mustermann@example.de",
    "Kurs Anmeldung anna@example.org bitte",
    "@",
    "max(at)example.de",
    "max [at] example.de",
    "06251 123456",
    "Rückruf an +49 6251 12-34-56",
    "0171/1234567",
    "(06251) 1234",
    "Tel. 06251-17-0",
    "123456",
])
def test_queries_with_an_email_address_or_phone_number_are_dropped(page, api, data, query):
    page(q=query)
    api(q=query)
    assert not SearchDemand.objects.exists()


@pytest.mark.parametrize("query", ["PLZ 64625", "Kurs 2026", "Termin 01.12.2026", "B1 Deutsch"])
def test_postcodes_years_and_dates_are_not_mistaken_for_phone_numbers(query):
    assert not demand.looks_personal(query)


def test_a_place_with_a_phone_number_drops_the_search(page, data):
    page(q=NOTHING, near="64625 Tel 06251 123456")
    assert not SearchDemand.objects.exists()


# -- counting ------------------------------------------------------------------------------
def test_counter_increments_in_the_database(db):
    day = timezone.localdate()
    for count in (0, 2, 1):
        demand.count_search(day, "yoga abends", [["town", "lorsch"]], count)
    demand.count_search(day - timedelta(days=1), "yoga abends", [["town", "lorsch"]], 0)
    today = SearchDemand.objects.get(day=day)
    assert (today.searches, today.result_count) == (3, 1)  # the latest count
    assert SearchDemand.objects.get(day=day - timedelta(days=1)).searches == 1


def test_a_row_another_request_created_is_counted_on(db):
    """The insert meets the unique key of a row created meanwhile: it counts on that row."""
    day = timezone.localdate()
    SearchDemand.objects.create(day=day, query="yoga", filters=[], result_count=0,
                                filters_hash=demand.filters_hash([]), searches=4)
    demand.count_search(day, "yoga", [], 1)
    assert (only_row().searches, only_row().result_count) == (5, 1)
    assert only_row().filters == []


def test_filters_are_stored_as_the_model_stores_them(db):
    filters = [["town", "lorsch"], ["topic", "töpfern"]]
    demand.count_search(timezone.localdate(), "yoga", filters, 0)
    assert only_row().filters == filters
    assert SearchDemand.objects.filter(filters__0__1="lorsch").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_searches_are_all_counted():
    threads, per_thread = 8, 10
    barrier = threading.Barrier(threads)
    errors = []
    day = timezone.localdate()

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                demand.count_search(day, "schach", [["town", "lorsch"]], 0)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert only_row().searches == threads * per_thread


CONCURRENT_SQLITE_SCRIPT = """
import threading, django
django.setup()
from django.db import connection, connections
from django.utils import timezone
from bildungsportal.search.demand import count_search
from bildungsportal.search.models import SearchDemand

with connection.schema_editor() as editor:
    editor.create_model(SearchDemand)
connection.close()
barrier, errors = threading.Barrier(8), []

def work():
    try:
        barrier.wait()
        for _ in range(10):
            count_search(timezone.localdate(), "schach", [["town", "lorsch"]], 0)
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()

workers = [threading.Thread(target=work) for _ in range(8)]
for w in workers: w.start()
for w in workers: w.join()
print(errors, list(SearchDemand.objects.values_list("searches", flat=True)))
"""


def test_concurrent_searches_are_all_counted_on_a_sqlite_file(tmp_path):
    """SQLite as deployed: a file in WAL mode, writers serialised by BEGIN IMMEDIATE.

    The shared-cache in-memory test database answers concurrent writers with "database
    table is locked" at once instead of waiting, so this runs in a subprocess on a file.
    """
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "bildungsportal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demand.sqlite3'}",
        "BILDUNGSPORTAL_VAR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_SQLITE_SCRIPT], cwd=REPO, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[] [80]", result.stdout + result.stderr


# -- failures never break a search ---------------------------------------------------------
def test_a_failing_write_does_not_break_page_or_api(page, api, data, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(demand, "count_search", broken)
    with caplog.at_level("WARNING", logger="bildungsportal.search.demand"):
        assert page(q=NOTHING).context["result"].count == 0
        assert api(q=NOTHING)["count"] == 0
    warnings = [r for r in caplog.records if r.name == "bildungsportal.search.demand"]
    assert len(warnings) == 2 and all(r.levelname == "WARNING" for r in warnings)


def test_a_database_error_leaves_the_request_transaction_usable(page, data, monkeypatch,
                                                                caplog):
    """A real SQL error (on PostgreSQL it aborts the transaction) is rolled back to a savepoint."""

    monkeypatch.setattr(SearchDemand._meta, "db_table", "no_such_table_here")
    with caplog.at_level("WARNING", logger="bildungsportal.search.demand"):
        response = page(q=NOTHING)
    monkeypatch.undo()
    assert "Bensheim" in response.content.decode()  # queried after the failed write
    assert SearchDemand.objects.count() == 0
    assert any(r.name == "bildungsportal.search.demand" for r in caplog.records)


def test_record_search_swallows_unexpected_input(caplog):
    with caplog.at_level("WARNING", logger="bildungsportal.search.demand"):
        demand.record_search(SearchParams(q="x"), object())
    assert caplog.records


# -- retention -----------------------------------------------------------------------------
def make_rows(today, ages):
    for age in ages:
        SearchDemand.objects.create(
            day=today - timedelta(days=age), query=f"age {age}", filters=[],
            filters_hash=demand.filters_hash([]), result_count=0,
        )


def test_purge_deletes_only_rows_older_than_the_retention(db, settings):
    settings.SEARCH_DEMAND_RETENTION_DAYS = 365
    today = timezone.localdate()
    make_rows(today, [0, 364, 365, 366, 800])
    assert demand.purge(today) == 2
    kept = sorted(SearchDemand.objects.values_list("query", flat=True))
    assert kept == ["age 0", "age 364", "age 365"]


def test_purge_command(db, settings):
    settings.SEARCH_DEMAND_RETENTION_DAYS = 30
    make_rows(timezone.localdate(), [1, 31, 40])
    out = StringIO()
    call_command("purge_search_demand", stdout=out)
    assert "2" in out.getvalue()
    assert list(SearchDemand.objects.values_list("query", flat=True)) == ["age 1"]


def test_purge_task(db, settings):
    settings.SEARCH_DEMAND_RETENTION_DAYS = 7
    make_rows(timezone.localdate(), [0, 8])
    result = purge_search_demand.enqueue()  # ImmediateBackend: runs at once
    assert result.return_value == 1
    assert SearchDemand.objects.count() == 1


# -- admin ---------------------------------------------------------------------------------
def test_admin_lists_searches_read_only_and_exports_csv(admin_client, db):
    today = timezone.localdate()
    demand.count_search(today, "yoga abends", [["town", "lorsch"]], 0)
    demand.count_search(today, "=cmd", [], 2)
    url = "/admin/search/searchdemand/"
    response = admin_client.get(url, {"q": "yoga", "result_count": "0"}, secure=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "yoga abends" in text and "town=lorsch" in text
    assert admin_client.get(url + "add/", secure=True).status_code == 403

    ids = [str(pk) for pk in SearchDemand.objects.values_list("pk", flat=True)]
    response = admin_client.post(
        url, {"action": "export_csv", "_selected_action": ids}, secure=True
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "day,query,filters,result_count,searches"
    assert f"{today.isoformat()},yoga abends,town=lorsch,0,1" in lines
    assert f"{today.isoformat()},'=cmd,,2,1" in lines  # no formula in a spreadsheet
