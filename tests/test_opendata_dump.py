"""The open-data dump at scale: keyset ranges, the files against the models, XLSX sheets,
the forked writers, a failed build (docs/open-data.md, "Building the files")."""

import csv
import json
import os
from datetime import date, datetime, time

import pytest
from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import load_workbook

from bildungsportal.catalog.jsonld import course_data
from bildungsportal.catalog.models import Offering, Run, Venue
from bildungsportal.opendata import dump, xlsx
from tests import factories

pytestmark = pytest.mark.django_db
BASE = "https://bildung.example"


def bigger_catalog():
    """The small catalog plus offerings with 0–3 runs, drafts between them (their ids fall
    inside the ranges), a venue outside the district, terms in a non-trivial order."""
    data = factories.small_catalog()
    vhs, vocab = data["vhs"], data["vocab"]
    outside = Venue.objects.create(name="Tagungshaus", locality="Berlin", postcode="10115")
    for i in range(9):
        offering = factories.offering(
            vhs, vocab, f"Kurs {i}", price_cents=1000 + i, summary=f"=Formel {i}" if i == 2 else "",
            topics=[vocab["languages"], vocab["health"], vocab["english"]],
            phases=[vocab["seniors"], vocab["adults"]], languages=[vocab["en"], vocab["de"]])
        for n in range(i % 4):
            factories.run(offering, [data["haus"], outside, None][n], days=30 - n,
                          start_time=time(10 + n), price_cents=500 if n == 1 else None,
                          recurrence=Run.Recurrence.WEEKLY if n == 2 else Run.Recurrence.ONCE)
        if i % 3 == 0:
            factories.offering(vhs, vocab, f"Entwurf {i}", status="draft")
    return data


def read_csv(path):
    return list(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines(keepends=True),
                           delimiter=";"))


def xlsx_rows(path):
    """Every data row of every sheet (each sheet starts with the header)."""
    book = load_workbook(path, read_only=True)
    rows = []
    for sheet in book.worksheets:
        header, *body = sheet.iter_rows(values_only=True)
        assert header == dump.COLUMNS
        rows += body
    book.close()
    return rows


def published():
    """The published offerings the way the old dump read them: models with prefetches."""
    runs = Run.objects.select_related("venue__municipality").order_by(
        "start_date", "start_time", "id")
    return list(Offering.objects.published().select_related("provider", "format").prefetch_related(
        Prefetch("runs", queryset=runs), "topics", "life_phases", "target_groups", "languages",
        "funding_options").order_by("pk"))


def test_a_catalog_larger_than_the_batch_is_dumped_once_per_offering_with_runs(tmp_path):
    bigger_catalog()
    result = dump.build(tmp_path, base_url=BASE, chunk=2)
    expected = {o.pk: o.runs.count() for o in Offering.objects.published()}
    assert len(expected) == 12 and result.count == 12
    header, *rows = read_csv(tmp_path / "katalog.csv")
    ids = [int(r[0]) for r in rows]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids))
    assert {int(r[0]): int(r[header.index("termine")]) for r in rows} == expected
    graph = json.loads((tmp_path / "katalog.jsonld").read_text("utf-8"))["@graph"]
    by_url = {item["@id"]: item for item in graph}
    assert len(graph) == len(by_url) == 12
    for offering in Offering.objects.published():
        item = by_url[BASE + offering.get_absolute_url()]
        assert len(item.get("hasCourseInstance", [])) == expected[offering.pk]
    cells = xlsx_rows(tmp_path / "katalog.xlsx")
    assert sorted(r[0] for r in cells) == sorted(ids)
    assert {r[0]: r[dump.COLUMNS.index("termine")] for r in cells} == expected


def test_files_say_what_the_models_say(tmp_path):
    """Records, not models, feed the writers: each line must equal what the page's own
    code (course_data, row) makes of the model instances."""
    bigger_catalog()
    dump.build(tmp_path, base_url=BASE, chunk=3)
    today = timezone.localdate()
    models = published()
    graph = json.loads((tmp_path / "katalog.jsonld").read_text("utf-8"))["@graph"]
    header, *rows = read_csv(tmp_path / "katalog.csv")
    cells = xlsx_rows(tmp_path / "katalog.xlsx")
    assert len(graph) == len(rows) == len(cells) == len(models)
    for offering, item, line, cell_row in zip(models, graph, rows, cells, strict=True):
        url = BASE + offering.get_absolute_url()
        expected = course_data(offering, offering.runs.all(), url,
                               BASE + offering.provider.get_absolute_url())
        expected.pop("@context")
        if offering.dqr_level_id:
            expected["@type"] = ["Course", "EducationalOccupationalProgram"]
            expected["programType"] = offering.format.name
        assert item == expected
        values = dump.row(offering, url, today)
        assert line == [dump._csv_value(v) for v in values]
        assert list(cell_row) == [
            datetime.combine(v, time()) if type(v) is date else (None if v == "" else v)
            for v in values]
    # Term order is the vocabulary's (position, name), not the order they were linked in.
    kurs = next(line for line in rows if line[2] == "Kurs 1")
    assert kurs[header.index("themen")] == "Englisch | Gesundheit | Sprachen"
    assert kurs[header.index("lebensphasen")] == "Weiterbildung & Beruf | Bildung im Alter"
    assert kurs[header.index("sprachen")] == "Deutsch | Englisch"


def test_more_rows_than_a_sheet_holds_continue_on_the_next_sheet(tmp_path, monkeypatch):
    bigger_catalog()
    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)  # header + 4 offerings a sheet
    dump.build(tmp_path, base_url=BASE, chunk=4)
    book = load_workbook(tmp_path / "katalog.xlsx", read_only=True)
    assert book.sheetnames == ["Angebote", "Angebote 2", "Angebote 3"]
    assert [len(list(sheet.iter_rows())) for sheet in book.worksheets] == [5, 5, 5]
    book.close()
    ids = [r[0] for r in xlsx_rows(tmp_path / "katalog.xlsx")]
    assert sorted(ids) == sorted(Offering.objects.published().values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) == 12


def test_sheet_writer_keeps_text_text_and_numbers_dates_as_such(tmp_path):
    path = tmp_path / "t.xlsx"
    header = ["a", "b", "c", "d", "e", "f", "g"]
    values = [
        ["=SUMME(A1:A2)", " vorn und hinten ", "Zeile\r\nZeile\r", "<b>&amp;</b>", "   ",
         "\x07Glo\x00cke", "ä" * 40_000],
        [12.5, 7, date(2027, 1, 31), datetime(2027, 1, 31, 18, 30, 5), None, "", date(1900, 2, 1)],
    ]
    sheet = xlsx.SheetWriter(path, "Tabelle", header, max_rows=2)
    for line in values:
        sheet.append(line)
    sheet.close()
    book = load_workbook(path)  # full mode: cell types and number formats
    assert book.sheetnames == ["Tabelle", "Tabelle 2"]
    first, second = book.worksheets
    text = list(next(first.iter_rows(min_row=2)))
    # Control characters are dropped (XML forbids them), cells cut at Excel's 32,767.
    assert [c.value for c in text] == values[0][:5] + ["Glocke", "ä" * 32_767]
    assert all(c.data_type == "s" for c in text)  # the formula is a string, never evaluated
    numbers = next(second.iter_rows(min_row=2))
    assert [c.value for c in numbers] == [12.5, 7, datetime(2027, 1, 31),
                                          datetime(2027, 1, 31, 18, 30, 5), None, None,
                                          datetime(1900, 2, 1)]
    assert numbers[2].number_format == "yyyy-mm-dd"
    assert numbers[3].number_format == "yyyy-mm-dd h:mm:ss"
    assert [c.value for c in next(second.iter_rows(max_row=1))] == header


def test_an_empty_catalog_gives_files_with_headers_only(tmp_path):
    result = dump.build(tmp_path, base_url=BASE)
    assert result.count == 0
    assert read_csv(tmp_path / "katalog.csv") == [list(dump.COLUMNS)]
    assert json.loads((tmp_path / "katalog.jsonld").read_text("utf-8"))["@graph"] == []
    assert xlsx_rows(tmp_path / "katalog.xlsx") == []


def test_a_failed_build_keeps_the_old_files_and_leaves_no_temporary_ones(tmp_path, monkeypatch):
    data = factories.small_catalog()
    dump.build(tmp_path, base_url=BASE)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    factories.offering(data["vhs"], data["vocab"], "Neu")
    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("Festplatte voll")
        return course_data(*args)

    monkeypatch.setattr(dump, "course_data", failing)
    with pytest.raises(RuntimeError, match="Festplatte voll"):
        dump.build(tmp_path, base_url=BASE)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.django_db(transaction=True)
def test_two_processes_write_what_one_pass_writes(tmp_path, monkeypatch):
    """The forked path (outside a transaction, as the command and the task run it)."""
    bigger_catalog()
    one, two, writers = tmp_path / "one", tmp_path / "two", tmp_path / "writers"
    writers.mkdir()
    write = dump.write

    def noted(names, *args, **arguments):  # the forked processes inherit this wrapper
        (writers / f"{os.getpid()}-{len(names)}").touch()
        return write(names, *args, **arguments)

    # In the whole suite the session's live server (test_mirror, the browser tests) leaves
    # its thread idle in accept(); forking beside it is safe, and the build would otherwise
    # take its one-pass fallback for any other thread.
    monkeypatch.setattr(dump.threading, "active_count", lambda: 1)

    assert dump.build(one, base_url=BASE, processes=1).count == 12
    monkeypatch.setattr(dump, "write", noted)
    assert dump.build(two, base_url=BASE, processes=2, chunk=5).count == 12
    pids = {int(p.name.split("-")[0]) for p in writers.iterdir()}
    assert len(pids) == 2 and os.getpid() not in pids  # two processes, not this one
    for name in ("katalog.csv", "katalog.jsonld"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert xlsx_rows(one / "katalog.xlsx") == xlsx_rows(two / "katalog.xlsx")
    assert not [p.name for p in two.iterdir() if p.name.startswith(".")]  # no temporary files
    assert json.loads((two / "manifest.json").read_text("utf-8"))["count"] == 12


def test_the_url_of_each_offering_is_its_page(tmp_path):
    data = factories.small_catalog()
    Offering.objects.filter(pk=data["guitar"].pk).update(slug="gitarre-fuer-erwachsene_2")
    dump.build(tmp_path, base_url=BASE)
    header, *rows = read_csv(tmp_path / "katalog.csv")
    urls = {int(r[0]): r[1] for r in rows}
    for offering in Offering.objects.published():
        assert urls[offering.pk] == BASE + offering.get_absolute_url()
    assert urls[data["guitar"].pk].endswith("-gitarre-fuer-erwachsene_2/")


@pytest.mark.django_db(transaction=True)
def test_a_failing_writer_process_fails_the_build_with_its_error(tmp_path, monkeypatch):
    factories.small_catalog()

    def failing(*args):
        raise RuntimeError("Festplatte voll")

    monkeypatch.setattr(dump, "course_data", failing)  # the JSON-LD process fails
    with pytest.raises(RuntimeError, match="Festplatte voll"):
        dump.build(tmp_path, base_url=BASE, processes=2)
    assert list(tmp_path.iterdir()) == []  # no temporary files, no half a catalog


def test_a_term_created_while_the_build_runs_is_named(tmp_path):
    data = factories.small_catalog()
    from bildungsportal.catalog.models import Topic
    from bildungsportal.opendata.rows import offerings

    records = offerings(chunk=1)
    first = next(records)  # vocabularies are read now
    new = Topic.objects.create(slug="neu", name="Ganz neues Thema", position=99)
    data["guitar"].topics.add(new)
    rest = {record.pk: record for record in records}
    assert first.pk not in rest
    guitar = rest[data["guitar"].pk]
    assert [topic.name for topic in guitar.topics.all()] == ["Sprachen", "Ganz neues Thema"]
