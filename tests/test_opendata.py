"""Open data: the change feed (/api/v1/changes), its replay, federation, the downloads."""

import json

import pytest

from bildungsportal.catalog import services
from bildungsportal.catalog.models import Offering
from bildungsportal.catalog.signals import Action
from bildungsportal.opendata.log import warm
from bildungsportal.opendata.models import FeedEntry
from tests import factories

pytestmark = pytest.mark.django_db
PUBLISHED, DRAFT, ARCHIVED = "published", "draft", "archived"


@pytest.fixture
def data():
    return factories.small_catalog()


def feed(client, since="0", limit=1000):
    response = client.get("/api/v1/changes", {"since": since, "limit": limit}, secure=True)
    assert response.status_code == 200, response.content
    return response.json()


def replay(client, since="0", limit=3, catalog=None):
    """Follow the feed page by page; returns (catalog id → offering, last cursor, pages)."""
    catalog = {} if catalog is None else catalog
    pages = 0
    while True:
        page = feed(client, since, limit)
        pages += 1
        for change in page["changes"]:
            if change["deleted"]:
                catalog.pop(change["id"], None)
            else:
                catalog[change["id"]] = change["offering"]
        assert int(page["next"]) >= int(since)
        since = page["next"]
        if not page["has_more"]:
            return catalog, since, pages


def public_catalog(client):
    """The public API's view: every offering the search lists, read one by one."""
    ids, page = [], 1
    while True:
        body = client.get("/api/v1/offerings", {"page": page, "page_size": 100,
                                                 "sort": "date"}, secure=True).json()
        ids += [hit["id"] for hit in body["results"]]
        if page * 100 >= body["count"]:
            break
        page += 1
    assert sorted(ids) == sorted(Offering.objects.published().values_list("pk", flat=True))
    return {pk: client.get(f"/api/v1/offerings/{pk}", secure=True).json() for pk in ids}


def kinds(client, since="0"):
    return [(c["id"], c["kind"]) for c in feed(client, since)["changes"]]


# -- the log ----------------------------------------------------------------------------------
def test_published_offerings_appear_in_order_and_drafts_never(client, data):
    changes = feed(client)["changes"]
    ids = [c["id"] for c in changes]
    assert set(ids) == {data["english"].pk, data["first_aid"].pk, data["guitar"].pk}
    assert data["draft"].pk not in ids
    cursors = [int(c["cursor"]) for c in changes]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    english = next(c for c in changes if c["id"] == data["english"].pk)
    assert english["offering"]["title"] == "Englisch für Anfänger"
    assert len(english["offering"]["runs"]) == 3 and not english["deleted"]


def test_draft_edits_emit_nothing_and_publishing_emits_created(client, data):
    start = feed(client)["next"]
    draft = data["draft"]
    draft.title = "Immer noch geheim"
    draft.save()
    assert feed(client, start)["changes"] == []
    services.change_status(draft, PUBLISHED, allowed_from=[DRAFT], action=Action.PUBLISHED)
    assert kinds(client, start) == [(draft.pk, "created")]


def test_withdraw_republish_and_delete(client, data):
    english, start = data["english"], feed(client)["next"]
    services.change_status(english, ARCHIVED, allowed_from=[PUBLISHED], action=Action.ARCHIVED)
    (change,) = feed(client, start)["changes"]
    assert change == {"cursor": change["cursor"], "id": english.pk, "kind": "withdrawn",
                      "deleted": True, "offering": None}
    # A second non-public change adds no second tombstone.
    services.change_status(english, DRAFT, allowed_from=[ARCHIVED], action=Action.EDITED)
    assert kinds(client, start) == [(english.pk, "withdrawn")]
    services.change_status(english, PUBLISHED, allowed_from=[DRAFT], action=Action.PUBLISHED)
    assert kinds(client, start) == [(english.pk, "changed")]
    guitar_pk = data["guitar"].pk
    data["guitar"].delete()
    assert kinds(client, start) == [(english.pk, "changed"), (guitar_pk, "deleted")]
    # Deleting a draft that was never public leaves no trace.
    data["draft"].delete()
    assert kinds(client, start) == [(english.pk, "changed"), (guitar_pk, "deleted")]


def test_run_and_provider_edits_are_changes(client, data):
    start = feed(client)["next"]
    data["other_run"].seats = 3
    data["other_run"].save()
    assert kinds(client, start) == [(data["guitar"].pk, "changed")]
    middle = feed(client)["next"]
    data["vhs"].name = "Volkshochschule Bergstraße"
    data["vhs"].save()
    assert sorted(kinds(client, middle)) == sorted(
        [(data["english"].pk, "changed"), (data["first_aid"].pk, "changed")])
    change = feed(client, middle)["changes"][0]
    assert change["offering"]["provider"]["name"] == "Volkshochschule Bergstraße"


def test_compaction_keeps_one_entry_per_offering(client, data):
    for seats in (1, 2, 3):
        data["other_run"].seats = seats
        data["other_run"].save()
    assert FeedEntry.objects.filter(offering_id=data["guitar"].pk).count() == 1
    assert FeedEntry.objects.count() == 3


def test_whole_catalog_announcement_compares_everything(client, data):
    start = feed(client)["next"]
    with services.replacing_catalog():
        # Bulk work without per-row announcements (as the demo generator does).
        Offering.objects.filter(pk=data["english"].pk).update(status=ARCHIVED)
        Offering.objects.filter(pk=data["draft"].pk).update(status=PUBLISHED)
    changes = dict(kinds(client, start))
    assert changes[data["english"].pk] == "withdrawn"
    assert changes[data["draft"].pk] == "created"
    assert changes[data["guitar"].pk] == "changed"  # anything may have changed


def test_rebuild_log_adds_missing_published_offerings(client, data):
    from bildungsportal.opendata.log import rebuild_log
    FeedEntry.objects.filter(offering_id=data["guitar"].pk).delete()
    assert rebuild_log() == 1
    assert kinds(client)[-1] == (data["guitar"].pk, "created")
    assert rebuild_log() == 0


def test_stored_bodies_are_used_and_forgotten_when_a_vocabulary_changes(client, data):
    assert warm() == 3 and warm() == 0
    entry = FeedEntry.objects.get(offering_id=data["english"].pk)
    assert json.loads(entry.body)["title"] == "Englisch für Anfänger"
    # The stored body is what the page serves (a marker proves it is not rendered again).
    FeedEntry.objects.filter(pk=entry.pk).update(body=entry.body.replace(
        "Englisch für Anfänger", "aus dem Speicher"))
    titles = {c["offering"]["title"] for c in feed(client)["changes"]}
    assert "aus dem Speicher" in titles
    # Other languages are rendered live (term names follow Accept-Language).
    english = client.get("/api/v1/changes", secure=True, headers={"Accept-Language": "en"})
    assert "aus dem Speicher" not in english.content.decode()
    topic = data["vocab"]["english"]
    topic.name = "Englische Sprache"
    topic.save()
    assert not FeedEntry.objects.exclude(body="").exists()
    change = next(c for c in feed(client)["changes"] if c["id"] == data["english"].pk)
    assert change["offering"]["title"] == "Englisch für Anfänger"
    assert change["offering"]["topics"][0]["name"] == "Englische Sprache"


# -- cursor semantics -------------------------------------------------------------------------
def test_paging_with_concurrent_changes_misses_nothing_and_repeats_nothing_unchanged(
        client, data):
    extra = [factories.offering(data["vhs"], data["vocab"], f"Kurs {i}") for i in range(7)]
    first = feed(client, "0", 4)
    assert first["has_more"] and len(first["changes"]) == 4
    seen = [c["id"] for c in first["changes"]]
    # Between two pages: one already read offering and one not yet read change again, and a
    # new one appears. The reader must see the two changed ones (again) and the new one.
    already_read, not_yet_read = seen[0], extra[-1]
    Offering.objects.get(pk=already_read).save()
    not_yet_read.save()
    new = factories.offering(data["vhs"], data["vocab"], "Ganz neu")
    rest, since = [], first["next"]
    while True:
        page = feed(client, since, 4)
        rest += [c["id"] for c in page["changes"]]
        since = page["next"]
        if not page["has_more"]:
            break
    assert sorted(rest) == sorted(set(rest))  # nothing twice after the cursor
    assert already_read in rest and new.pk in rest and not_yet_read.pk in rest
    everything = set(seen) | set(rest)
    assert everything == set(Offering.objects.published().values_list("pk", flat=True))
    # The last cursor is stable: nothing new, nothing returned, the same cursor back.
    again = feed(client, since)
    assert again == {"changes": [], "next": since, "has_more": False}


@pytest.mark.parametrize("since", ["abc", "-1", "1.5", "", "99999999999999999999",
                                   "9999999999999999999", "1 OR 1=1", "０"])
def test_hostile_cursor_is_a_400_with_a_message(client, data, since):
    response = client.get("/api/v1/changes", {"since": since}, secure=True)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and "since" in body["errors"]


@pytest.mark.parametrize("limit", ["0", "-5", "1001", "x"])
def test_bad_limit_is_a_400(client, data, limit):
    response = client.get("/api/v1/changes", {"limit": limit}, secure=True)
    assert response.status_code == 400 and "limit" in response.json()["errors"]


def test_cursor_beyond_the_end_is_an_empty_page(client, data):
    assert feed(client, "9223372036854775807") == {
        "changes": [], "next": "9223372036854775807", "has_more": False}


# -- replay -----------------------------------------------------------------------------------
def _plan(data, title, external_id, status=PUBLISHED):
    vocab = data["vocab"]
    return services.OfferingPlan(
        {"provider_id": data["music"].pk, "title": title, "format_id": vocab["in_person"].pk,
         "status": status, "source": "test", "external_id": external_id},
        {"topics": [vocab["english"].pk], "life_phases": [vocab["adults"].pk],
         "languages": [vocab["de"].pk]},
        [{"start_date": factories.TODAY, "venue_id": data["haus"].pk}],
    )


def test_replay_from_the_start_rebuilds_the_public_catalog(client, data):
    mirror, cursor, _ = replay(client)
    # A mix of everything the write path does, with a follower syncing in between.
    services.save_offerings([_plan(data, f"Import {i}", str(i)) for i in range(30)]
                            + [_plan(data, "Import-Entwurf", "d", status=DRAFT)])
    mirror, cursor, _ = replay(client, cursor, catalog=mirror)
    services.change_status(data["english"], ARCHIVED, allowed_from=[PUBLISHED],
                           action=Action.ARCHIVED)
    services.archive_offerings(list(Offering.objects.filter(external_id__in=["3", "4"])
                                    .values_list("pk", flat=True)))
    data["first_aid"].title = "Erste Hilfe am Kind (neu)"
    data["first_aid"].save()
    Offering.objects.filter(external_id__in=["5", "6"]).delete()
    changed = _plan(data, "Import 7 geändert", "7")
    changed.pk = Offering.objects.get(external_id="7").pk
    services.save_offerings([changed])
    mirror, cursor, _ = replay(client, cursor, catalog=mirror)
    warm()  # stored bodies for what is there now; the changes after it render live
    services.change_status(data["draft"], PUBLISHED, allowed_from=[DRAFT],
                           action=Action.PUBLISHED)
    expected = public_catalog(client)
    assert len(expected) == 3 - 1 + 30 - 2 - 2 + 1
    # A newcomer replaying from the start and the follower reach the same catalog.
    fresh, _, pages = replay(client)
    assert pages > 5
    assert fresh == expected
    follower, _, _ = replay(client, cursor, catalog=mirror)
    assert follower == expected


# -- the downloads ----------------------------------------------------------------------------
INJECTIONS = ['=HYPERLINK("http://evil.example","x")', "+SUM(1;2)", "-2+3", "@cmd",
              'Semikolon; "Anführung" und\nZeilenumbruch']


@pytest.fixture
def built(data, tmp_path, settings):
    settings.OPEN_DATA = {"directory": tmp_path, "base_url": "https://bildung.example"}
    vhs, vocab = data["vhs"], data["vocab"]
    for i, title in enumerate(INJECTIONS):
        offering = factories.offering(vhs, vocab, title, summary=title if i == 0 else "")
        factories.run(offering, data["haus"])
    from bildungsportal.opendata.dump import build
    result = build()
    return {**data, "dir": tmp_path, "result": result}


def read_csv(path):
    import csv
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(text.splitlines(keepends=True), delimiter=";"))


def test_csv_has_bom_semicolons_one_row_per_public_offering_and_defused_formulas(built):
    rows = read_csv(built["dir"] / "katalog.csv")
    public = Offering.objects.published()
    assert sorted(int(r["id"]) for r in rows) == sorted(public.values_list("pk", flat=True))
    assert "Geheimer Entwurf" not in {r["titel"] for r in rows}
    titles = {r["titel"] for r in rows}
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in titles
    assert {"'+SUM(1;2)", "'-2+3", "'@cmd"} <= titles
    assert 'Semikolon; "Anführung" und\nZeilenumbruch' in titles  # quoted, not split
    english = next(r for r in rows if int(r["id"]) == built["english"].pk)
    assert english["preis_euro"] == "120,00" and english["preis_ermaessigt_euro"] == "80,00"
    assert english["termine"] == "3" and english["online"] == "ja"
    assert english["orte"] == "Bensheim | Heppenheim"
    assert english["url"] == f"https://bildung.example/angebote/{built['english'].pk}-" \
        "englisch-fuer-anfaenger/"
    assert english["sprachen"] == "Deutsch | Englisch"
    assert built["result"].count == len(rows)


def test_xlsx_opens_and_keeps_formula_like_titles_as_text(built):
    from openpyxl import load_workbook
    book = load_workbook(built["dir"] / "katalog.xlsx", read_only=True)
    rows = list(book["Angebote"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("id", "url", "titel")
    assert len(body) == Offering.objects.published().count()
    by_id = {row[0]: row for row in body}
    english = by_id[built["english"].pk]
    assert english[header.index("preis_euro")] == 120
    book.close()
    book = load_workbook(built["dir"] / "katalog.xlsx")  # full mode: cell types
    cells = {row[2].value: row[2] for row in book["Angebote"].iter_rows(min_row=2)}
    formula = cells[INJECTIONS[0]]
    assert formula.data_type == "s"  # a string, never evaluated


def test_jsonld_is_schema_org_courses_with_instances(built, data):
    from bildungsportal.catalog.models import DqrLevel  # noqa: F401
    document = json.loads((built["dir"] / "katalog.jsonld").read_text("utf-8"))
    assert document["@context"] == "https://schema.org"
    graph = {item["@id"]: item for item in document["@graph"]}
    assert len(graph) == Offering.objects.published().count()
    english = graph[f"https://bildung.example{data['english'].get_absolute_url()}"]
    # English has a DQR level: a programme too.
    assert english["@type"] == ["Course", "EducationalOccupationalProgram"]
    assert [i["@type"] for i in english["hasCourseInstance"]] == ["CourseInstance"] * 3
    first_aid = graph[f"https://bildung.example{data['first_aid'].get_absolute_url()}"]
    assert first_aid["@type"] == "Course" and first_aid["isAccessibleForFree"] is True


def test_build_replaces_files_atomically_and_leaves_no_temporary_files(built):
    from bildungsportal.opendata.dump import build
    data = built
    data["guitar"].delete()
    build()
    assert sorted(p.name for p in built["dir"].iterdir()) == [
        "katalog.csv", "katalog.jsonld", "katalog.xlsx", "manifest.json"]
    ids = {int(r["id"]) for r in read_csv(built["dir"] / "katalog.csv")}
    assert data["english"].pk in ids and len(ids) == Offering.objects.published().count()


def test_dcat_description_parses_and_names_every_file_with_licence(client, built):
    from defusedxml import ElementTree
    response = client.get("/offene-daten/dcat.rdf", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rdf+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
          "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
          "foaf": "http://xmlns.com/foaf/0.1/"}
    (dataset,) = root.findall("dcat:Dataset", ns)
    assert dataset.find("dct:publisher/foaf:Organization/foaf:name", ns).text == \
        "Kreis Bergstraße"
    distributions = dataset.findall("dcat:distribution/dcat:Distribution", ns)
    urls = {d.find("dcat:downloadURL", ns).get(f"{{{ns['rdf']}}}resource") for d in
            distributions}
    assert urls == {f"https://testserver/offene-daten/dateien/{name}" for name in
                    ("katalog.csv", "katalog.jsonld", "katalog.xlsx")}
    for distribution in distributions:
        licence = distribution.find("dct:license", ns).get(f"{{{ns['rdf']}}}resource")
        assert licence == "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
        size = int(distribution.find("dcat:byteSize", ns).text)
        name = distribution.get(f"{{{ns['rdf']}}}about").rsplit("/", 1)[1]
        assert size == (built["dir"] / name).stat().st_size
    assert dataset.find("dct:modified", ns).text


def test_download_serves_the_file_with_validators(client, built):
    response = client.get("/offene-daten/dateien/katalog.csv", secure=True)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == (built["dir"] / "katalog.csv").read_bytes()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert int(response["Content-Length"]) == len(body)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/offene-daten/dateien/katalog.csv", secure=True,
                      headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/offene-daten/dateien/katalog.csv", secure=True,
                      headers={"If-Modified-Since": modified}).status_code == 304


@pytest.mark.parametrize("name", ["manifest.json", "..%2Fsettings.py", "nix.csv",
                                  ".katalog.csv.1.tmp"])
def test_only_the_published_files_are_served(client, built, name):
    assert client.get(f"/offene-daten/dateien/{name}", secure=True).status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en", "/tr", "/ar", "/uk", "/ru"])
def test_open_data_page_lists_files_with_size_and_licence(client, built, prefix):
    response = client.get(f"{prefix}/offene-daten/", secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("katalog.csv", "katalog.xlsx", "katalog.jsonld"):
        assert f"/offene-daten/dateien/{name}" in html
    assert "https://www.govdata.de/dl-de/zero-2-0" in html
    assert "/offene-daten/dcat.rdf" in html and "/api/v1/changes?since=0" in html


def test_open_data_page_before_the_first_build(client, data, tmp_path, settings):
    settings.OPEN_DATA = {"directory": tmp_path / "leer"}
    response = client.get("/offene-daten/", secure=True)
    assert response.status_code == 200
    assert "Die Dateien sind noch nicht erstellt" in response.content.decode()
    assert client.get("/offene-daten/dateien/katalog.csv", secure=True).status_code == 404


def test_atom_feed_lists_new_published_offerings(client, data):
    from defusedxml import ElementTree
    response = client.get("/angebote/neu.atom", secure=True)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.find(f"{atom}title").text for entry in root.iter(f"{atom}entry")]
    assert set(titles) == {"Englisch für Anfänger", "Erste Hilfe am Kind",
                           "Gitarre für Erwachsene"}


def test_published_indicators_are_a_distribution(client, data, tmp_path, settings):
    from bildungsportal.insights.definitions import INDICATORS
    from bildungsportal.opendata.dump import build
    settings.OPEN_DATA = {"directory": tmp_path, "extra_distributions": [
        "bildungsportal.insights.open_data.indicators_csv"]}
    result = build()
    assert "indikatoren.csv" in result.files
    rows = read_csv(tmp_path / "indikatoren.csv")
    assert {r["indikator"] for r in rows} == set(INDICATORS)
    for row in rows:
        if row["unterdrueckt"] == "ja":  # suppressed survey figures stay empty
            assert row["wert"] == "" and row["n"] == ""
    per_indicator = len(rows) // len(INDICATORS)
    assert any(r["gebiet"] == "Bensheim" for r in rows) and per_indicator >= 2
    html = client.get("/en/offene-daten/", secure=True).content.decode()
    assert "/offene-daten/dateien/indikatoren.csv" in html
    dcat = client.get("/offene-daten/dcat.rdf", secure=True).content.decode()
    assert "/offene-daten/dateien/indikatoren.csv" in dcat
    response = client.get("/offene-daten/dateien/indikatoren.csv", secure=True)
    assert response.status_code == 200


def test_build_command_and_task(data, tmp_path, settings):
    from django.core.management import call_command
    settings.OPEN_DATA = {"directory": tmp_path}
    call_command("build_open_data")
    assert len(read_csv(tmp_path / "katalog.csv")) == 3
    from bildungsportal.opendata.tasks import build_open_data
    result = build_open_data.enqueue()
    assert result.return_value["count"] == 3


# -- federation -------------------------------------------------------------------------------
@pytest.fixture
def remote(client, data, settings):
    """This instance's feed served by a real local HTTP server, as a neighbour would see it."""
    from tests.feed_server import FeedServer
    settings.FEED_ALLOW_PRIVATE = True  # the server runs on loopback
    server = FeedServer(path="api/v1/changes", content_type="application/json")

    def publish(since="0"):
        """Serve every page from ``since`` on (3 changes a page), as the remote API would.

        Both "instances" share this test's database: the copies the pull makes are left out
        of the pages, as they would not be in the remote instance's feed."""
        while True:
            page = client.get("/api/v1/changes", {"since": since, "limit": 3},
                              secure=True).json()
            copies = set(Offering.objects.filter(source__startswith="bildungsportal:")
                         .values_list("pk", flat=True))
            page["changes"] = [c for c in page["changes"] if c["id"] not in copies]
            server.pages[f"/api/v1/changes?since={since}&limit=3"] = json.dumps(page).encode()
            if since == page["next"]:  # the empty page at the end is served too
                return
            since = page["next"]

    server.publish = publish
    yield server
    server.close()


def test_federation_imports_the_remote_feed_and_applies_tombstones(data, remote, monkeypatch):
    from bildungsportal.ingest import federation
    from bildungsportal.ingest.feeds import sync_feed
    from bildungsportal.ingest.models import Feed
    monkeypatch.setattr(federation, "PAGE_SIZE", 3)
    remote.publish()
    neighbour = factories.provider("Bildungsportal Nachbarkreis", approved_at="2026-01-01T00:00Z")
    feed = Feed.objects.create(provider=neighbour, url=remote.url, format="bildungsportal")
    remote_ids = {data["english"].pk: "Englisch für Anfänger",
                  data["first_aid"].pk: "Erste Hilfe am Kind",
                  data["guitar"].pk: "Gitarre für Erwachsene"}

    result = sync_feed(feed)
    assert result.status == "ok", result.message
    copies = Offering.objects.filter(provider=neighbour)
    assert {(int(o.external_id), o.title) for o in copies} == set(remote_ids.items())
    assert all(o.status == PUBLISHED for o in copies)
    english = copies.get(external_id=str(data["english"].pk))
    assert english.runs.count() == 3 and english.price_cents == 12000
    assert {r.venue.municipality.name for r in english.runs.all() if r.venue} == {
        "Bensheim", "Heppenheim"}
    assert sorted(english.topics.values_list("slug", flat=True)) == ["englisch"]
    feed.refresh_from_db()
    first_cursor = feed.cursor
    assert first_cursor and first_cursor != "0"

    # The remote side withdraws one offering and changes another; the next pull follows.
    remote_english, remote_guitar = data["english"], data["guitar"]
    services.change_status(remote_english, ARCHIVED, allowed_from=[PUBLISHED],
                           action=Action.ARCHIVED)
    remote_guitar.title = "Gitarre für Erwachsene (neu)"
    remote_guitar.save()
    remote.publish(first_cursor)
    result = sync_feed(feed)
    assert result.status == "ok", result.message
    copies = Offering.objects.filter(provider=neighbour)
    assert {o.title for o in copies} == {"Erste Hilfe am Kind", "Gitarre für Erwachsene (neu)"}
    feed.refresh_from_db()
    assert int(feed.cursor) > int(first_cursor)
    # Nothing new: the pull reads one empty page and keeps its cursor.
    before = feed.cursor
    result = sync_feed(feed)
    assert result.status == "ok", result.message
    feed.refresh_from_db()
    assert feed.cursor == before and copies.count() == 2
    # Every page was asked for once, with the cursor of the page before.
    assert len(remote.requests) >= 4


def test_federation_rejects_what_is_not_a_change_feed(data, remote):
    from bildungsportal.ingest.feeds import sync_feed
    from bildungsportal.ingest.models import Feed
    remote.body = b'{"results": []}'
    neighbour = factories.provider("Nachbar")
    feed = Feed.objects.create(provider=neighbour, url=remote.url.replace(
        "changes", "anders"), format="bildungsportal")
    result = sync_feed(feed)
    assert result.status == "error" and "kein Änderungs-Feed" in result.message
    feed.refresh_from_db()
    assert feed.cursor == "" and not Offering.objects.filter(provider=neighbour).exists()


# -- concurrent writers on PostgreSQL ---------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_take_cursor_ids_in_commit_order():
    """A writer that has taken an id holds back the next one until it commits, so a reader
    can never pass an id that commits later (the advisory lock in opendata/log.py)."""
    import threading

    from django.db import connection, transaction

    from bildungsportal.opendata.log import record_offerings

    town = factories.town()
    vocab = factories.vocabularies()
    provider = factories.provider(municipality=town)
    first, second = (factories.offering(provider, vocab, f"Kurs {i}") for i in (1, 2))
    FeedEntry.objects.all().delete()
    inserted, release, second_done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def writer(offering, before_commit=None, after_commit=None):
        try:
            with transaction.atomic():
                record_offerings([offering.pk])
                if before_commit:
                    before_commit()
            if after_commit:
                after_commit()
        except Exception as error:  # noqa: BLE001 — reported by the test below
            errors.append(error)
        finally:
            connection.close()

    def hold():
        inserted.set()
        release.wait(30)

    a = threading.Thread(target=writer, args=(first, hold))
    a.start()
    assert inserted.wait(30)
    b = threading.Thread(target=writer, args=(second, None, second_done.set))
    b.start()
    # While the first transaction is open, the second writer cannot commit its entry.
    assert not second_done.wait(2)
    assert not FeedEntry.objects.exists()
    release.set()
    a.join(30)
    b.join(30)
    assert not errors
    entries = list(FeedEntry.objects.order_by("id").values_list("offering_id", flat=True))
    assert entries == [first.pk, second.pk]
