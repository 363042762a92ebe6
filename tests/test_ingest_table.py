"""CSV and XLSX in the German template: parse() output, encodings, line numbers, hostile files."""

import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from bildungsportal.ingest import template
from bildungsportal.ingest.formats import FORMATS
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ("Angebots-ID;Titel;Themen;Lebensphasen;Format;Preis;Beginn;Ende;Wochentage;von;bis;"
          "Termine;Plätze;Veranstaltungsort;Straße;PLZ;Ort;online")


@pytest.fixture
def vocab():
    return factories.vocabularies()


def parse_csv(text, encoding="utf-8", **kwargs):
    data = text.encode(encoding) if isinstance(text, str) else text
    return FORMATS["csv"].parse(data, **kwargs)


def fatal(result):
    return [p for p in result.problems if p.fatal]


def test_the_template_file_parses_to_its_example(vocab):
    result = FORMATS["csv"].parse(template.template_csv())
    assert not fatal(result), result.problems
    [record] = result.records
    assert record.external_id == "EN-A1-2027"
    assert record.title == "Englisch für Anfänger (A1)"
    assert record.topics == ["englisch"]
    assert record.life_phases == ["weiterbildung-beruf"]
    assert record.target_groups == ["erwachsene"]
    assert record.format == "praesenz"
    assert record.languages == ["de", "en"]
    assert (record.price_cents, record.price_reduced_cents) == (12000, 8000)
    [run] = record.runs
    assert run.recurrence == "weekly"
    assert (run.start_date, run.end_date) == (date(2027, 2, 1), date(2027, 4, 26))
    assert run.weekdays == [0]
    assert (run.start_time, run.end_time) == (time(18, 30), time(20, 0))
    assert (run.sessions, run.seats, run.hours) == (10, 14, Decimal("20"))
    assert run.venue.name == "Haus am Markt"
    assert (run.venue.street, run.venue.postcode, run.venue.town) == (
        "Marktplatz 1", "64625", "Bensheim")


def test_the_xlsx_template_parses_to_the_same_record(vocab):
    from_csv = FORMATS["csv"].parse(template.template_csv()).records
    from_xlsx = FORMATS["xlsx"].parse(template.template_xlsx(), filename="vorlage.xlsx")
    assert not fatal(from_xlsx), from_xlsx.problems
    assert from_xlsx.records == from_csv


def test_rows_with_the_same_id_are_runs_of_one_offering(vocab):
    result = parse_csv("\n".join([
        HEADER,
        "K1;Yoga;Gesundheit;;;40;01.03.2027;;;;;;;Turnhalle;;64625;Bensheim;",
        "K2;Pilates;gesundheit;;;kostenlos;02.03.2027;;;;;;;;;;;ja",
        "K1;Yoga;Gesundheit;;;40;08.03.2027;;;;;;;Turnhalle;;64625;Bensheim;",
    ]))
    assert not fatal(result), result.problems
    yoga, pilates = result.records
    assert (yoga.external_id, yoga.record, len(yoga.runs)) == ("K1", 2, 2)
    assert [r.start_date for r in yoga.runs] == [date(2027, 3, 1), date(2027, 3, 8)]
    assert pilates.is_free and pilates.price_cents is None
    assert pilates.topics == ["gesundheit"]
    assert pilates.runs[0].is_online and pilates.runs[0].venue is None


def test_headers_match_case_and_umlaut_insensitively_in_any_order(vocab):
    result = parse_csv(
        "ort;PLAETZE;titel;ANGEBOTS-ID;Strasse;beginn;Online\n"
        "Heppenheim;12;Gitarre;G-1;Lehrstraße 3;2027-05-04;nein\n"
    )
    assert not fatal(result), result.problems
    [record] = result.records
    assert record.title == "Gitarre"
    assert record.runs[0].seats == 12
    assert record.runs[0].venue.street == "Lehrstraße 3"
    assert record.runs[0].venue.town == "Heppenheim"


def test_comma_separated_with_quoted_commas_and_line_breaks(vocab):
    result = parse_csv(
        'Angebots-ID,Titel,Beschreibung,Beginn,online\r\n'
        'A,"Kochen, italienisch","Zeile eins\r\nZeile zwei",01.02.2027,ja\r\n'
        'B,Backen,,31.02.2027,ja\r\n'
    )
    assert result.records[0].title == "Kochen, italienisch"
    assert result.records[0].description == "Zeile eins\r\nZeile zwei"
    # The broken date is on CSV line 4 (the quoted field spans lines 2–3).
    [problem] = fatal(result)
    assert problem.record == 4 and problem.field == "Beginn"
    assert "31.02.2027" in problem.message
    assert [r.external_id for r in result.records] == ["A"]


def test_windows_1252_is_detected_and_reported(vocab):
    text = ("Angebots-ID;Titel;Beginn;Ort;Veranstaltungsort\n"
            "X;Präsenz für Ältere;01.02.2027;Bürstadt;Bürgerhaus\n")
    result = parse_csv(text, encoding="cp1252")
    assert result.records[0].title == "Präsenz für Ältere"
    assert result.records[0].runs[0].venue.town == "Bürstadt"
    assert result.encoding == "Windows-1252"
    [notice] = result.problems
    assert not notice.fatal and "Windows-1252" in notice.message


def test_utf8_with_bom_reads_the_first_header(vocab):
    text = "\ufeffAngebots-ID;Titel;Beginn;online\nX;Übung;01.02.2027;ja\n"
    result = parse_csv(text)
    assert not result.problems
    assert result.records[0].title == "Übung" and result.encoding == "UTF-8"


@pytest.mark.parametrize(("price", "cents", "free"), [
    ("12,50 €", 1250, False), ("12.50", 1250, False), ("12 EUR", 1200, False),
    ("1.234,50 €", 123450, False), ("kostenlos", None, True), ("0,00", None, True),
    ("", None, False), ("99,-", 9900, False),
])
def test_price_spellings(vocab, price, cents, free):
    result = parse_csv(f"Angebots-ID;Titel;Preis;Beginn;online\nX;T;{price};01.02.2027;ja\n")
    assert not fatal(result), result.problems
    assert (result.records[0].price_cents, result.records[0].is_free) == (cents, free)


@pytest.mark.parametrize(("value", "expected"), [
    ("01.02.2027", date(2027, 2, 1)), ("1.2.2027", date(2027, 2, 1)),
    ("2027-02-01", date(2027, 2, 1)),
])
def test_date_spellings(value, expected):
    assert template.parse_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("18:30", time(18, 30)), ("18.30", time(18, 30)), ("9 Uhr", time(9, 0)),
    ("18:30:00", time(18, 30)),
])
def test_time_spellings(value, expected):
    assert template.parse_time(value) == expected


def test_weekday_spellings():
    assert template.parse_weekdays("Mo, Mi") == [0, 2]
    assert template.parse_weekdays("Dienstag; Donnerstag") == [1, 3]
    assert template.parse_weekdays("Mo-Fr") == [0, 1, 2, 3, 4]
    assert template.parse_weekdays("montags") == [0]
    with pytest.raises(ValueError):
        template.parse_weekdays("Feiertag")


def test_every_bad_value_is_reported_with_its_line(vocab):
    result = parse_csv("\n".join([
        HEADER,
        ";Ohne ID;;;;;01.02.2027;;;;;;;;;;;ja",
        "A;;;;;;01.02.2027;;;;;;;;;;;ja",
        "B;Negativ;;;;-5,00;01.02.2027;;;;;;;;;;;ja",
        "C;Rückwärts;;;;;10.02.2027;01.02.2027;;;;;;;;;;ja",
        "D;Uhr;;;;;10.02.2027;;;25:00;;;;;;;;ja",
        "E;Tag;;;;;10.02.2027;;Feiertag;;;;;;;;;ja",
        "F;Plätze;;;;;10.02.2027;;;;;;viele;;;;;ja",
        "G;Nirgends;;;;;10.02.2027;;;;;;;;;;;nein",
        "H;Gut;;;;;10.02.2027;;;;;;;;;;;ja",
    ]))
    by_line = {p.record: p for p in fatal(result)}
    assert set(by_line) == {2, 3, 4, 5, 6, 7, 8, 9}
    assert by_line[2].field == "Angebots-ID"
    assert by_line[3].field == "Titel"
    assert "negativ" in by_line[4].message
    assert by_line[5].message == "Das Ende liegt vor dem Beginn."
    assert by_line[6].field == "von"
    assert by_line[7].field == "Wochentage"
    assert by_line[8].field == "Plätze"
    assert by_line[9].field == "Ort"
    assert [r.external_id for r in result.records] == ["H"]
    assert str(by_line[4]).startswith("Datensatz 4: Preis:")


def test_an_offering_with_one_broken_run_is_left_out_whole(vocab):
    result = parse_csv("\n".join([
        "Angebots-ID;Titel;Beginn;online",
        "A;Kurs;01.02.2027;ja",
        "A;Kurs;kein Datum;ja",
    ]))
    assert [p.record for p in fatal(result)] == [3]
    assert result.records == []


def test_unknown_vocabulary_terms_are_warnings_and_go_to_categories(vocab):
    result = parse_csv("Angebots-ID;Titel;Themen;Beginn;online\n"
                       "A;Kurs;Sprachen, Töpfern;01.02.2027;ja\n")
    [record] = result.records
    assert record.topics == ["sprachen"]
    assert record.categories == ["Töpfern"]
    [warning] = result.problems
    assert not warning.fatal and warning.record == 2 and "Töpfern" in warning.message


def test_weekly_and_standing_runs(vocab):
    result = parse_csv("\n".join([
        "Angebots-ID;Titel;Beginn;Ende;Wochentage;Termine;online",
        "W;Wöchentlich;03.02.2027;;Mi;8;ja",
        "S;Laufend;;;Di;;ja",
        "O;Einmal;03.02.2027;05.02.2027;;;ja",
    ]))
    weekly, standing, once = result.records
    assert weekly.runs[0].recurrence == "weekly" and weekly.runs[0].sessions == 8
    assert standing.runs[0].recurrence == "standing" and standing.runs[0].weekdays == [1]
    assert once.runs[0].recurrence == "once" and once.runs[0].end_date == date(2027, 2, 5)


def test_missing_required_headers_stop_with_one_message(vocab):
    result = parse_csv("Bezeichnung;Datum\nKurs;01.02.2027\n")
    [problem] = result.problems
    assert problem.fatal and problem.record == 1
    assert "Angebots-ID" in problem.message and "Titel" in problem.message
    assert result.records == []


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\x00\x01\x02binary", b"\xff\xfe\x00A\x00"])
def test_empty_or_binary_csv_gives_a_message(vocab, data):
    result = FORMATS["csv"].parse(data)
    assert result.records == [] and fatal(result)


def test_header_only_csv_has_no_records_and_no_error(vocab):
    result = FORMATS["csv"].parse(b"Angebots-ID;Titel\n")
    assert result.records == [] and not fatal(result)


def test_overlong_cell_is_refused(vocab):
    result = parse_csv(f"Angebots-ID;Titel;Beginn;online\nA;{'x' * 30000};01.02.2027;ja\n")
    assert result.records == [] and fatal(result)[0].field == "Titel"


# -- XLSX ----------------------------------------------------------------------------------
def workbook_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_real_dates_numbers_and_times(vocab):
    data = workbook_bytes([
        ["Angebots-ID", "Titel", "Preis", "Beginn", "Ende", "von", "bis", "PLZ", "Ort", "Plätze"],
        [101, "Excel-Kurs", 12.5, datetime(2027, 2, 1), date(2027, 2, 3), time(9, 0),
         time(12, 30), 64646, "Heppenheim", 12],
        [None, None, None, None, None, None, None, None, None, None],
        [102, "Word", "kostenlos", "15.03.2027", None, "9.00", None, None, None, None],
    ])
    result = FORMATS["xlsx"].parse(data, filename="kurse.xlsx")
    [excel] = result.records
    assert excel.external_id == "101" and excel.price_cents == 1250
    run = excel.runs[0]
    assert (run.start_date, run.end_date) == (date(2027, 2, 1), date(2027, 2, 3))
    assert (run.start_time, run.end_time) == (time(9), time(12, 30))
    assert run.venue.postcode == "64646" and run.seats == 12
    # Row 4 has neither place nor "online": the problem names the XLSX row, the offering stays out.
    assert [(p.record, p.field) for p in fatal(result)] == [(4, "Ort")]


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_xlsx_zip_bomb_is_refused_before_opening(vocab):
    bomb = zip_bytes({
        "[Content_Types].xml": "<Types/>",
        "xl/worksheets/sheet1.xml": b"<x>" + b"0" * (30 * 1024 * 1024) + b"</x>",
    })
    assert len(bomb) < 100_000
    result = FORMATS["xlsx"].parse(bomb, filename="bombe.xlsx")
    [problem] = result.problems
    assert "Zip-Bombe" in problem.message and result.records == []


def test_xlsx_too_large_uncompressed_is_refused(vocab, monkeypatch):
    from bildungsportal.ingest.formats import table

    monkeypatch.setattr(table, "XLSX_MAX_UNCOMPRESSED", 1000)
    data = workbook_bytes([["Angebots-ID", "Titel"], ["A", "x" * 2000]])
    result = FORMATS["xlsx"].parse(data)
    assert "zu groß" in result.problems[0].message


def test_xlsx_with_macros_is_refused(vocab):
    data = workbook_bytes([["Angebots-ID", "Titel"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    result = FORMATS["xlsx"].parse(zip_bytes(entries), filename="kurse.xlsx")
    assert "Makros" in result.problems[0].message
    result = FORMATS["xlsx"].parse(data, filename="kurse.xlsm")
    assert "Makros" in result.problems[0].message


@pytest.mark.parametrize("data", [
    b"not a zip at all",
    b"PK\x03\x04broken",
    zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<broken"}),
    zip_bytes({"hello.txt": "no content types"}),
])
def test_broken_xlsx_gives_a_message_not_an_exception(vocab, data):
    result = FORMATS["xlsx"].parse(data, filename="kaputt.xlsx")
    assert result.records == [] and fatal(result)
    assert "XLSX" in fatal(result)[0].message


def test_xlsx_with_an_external_entity_does_not_resolve_it(vocab, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM")
    data = workbook_bytes([["Angebots-ID", "Titel", "Beginn", "online"],
                           ["A", "PLATZHALTER", "01.02.2027", "ja"]])
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    name = next(n for n in entries if n.startswith("xl/worksheets/sheet"))
    sheet = entries[name].decode()
    sheet = sheet.split("?>", 1)[-1].replace(
        '<c r="B2" t="inlineStr"><is><t>PLATZHALTER</t></is></c>',
        '<c r="B2" t="inlineStr"><is><t>&e;</t></is></c>')
    assert "&e;" in sheet
    entries[name] = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>' + sheet
    ).encode()
    result = FORMATS["xlsx"].parse(zip_bytes(entries), filename="xxe.xlsx")
    assert all("GEHEIM" not in r.title for r in result.records)
    assert result.records == [] and fatal(result)


# -- end to end through the pipeline ---------------------------------------------------------
def test_csv_import_end_to_end_all_or_nothing_and_valid_only(vocab):
    from bildungsportal.catalog.models import Offering
    from bildungsportal.ingest.pipeline import ImportOptions, run_import

    bensheim = factories.town()
    provider = factories.provider(municipality=bensheim)
    text = "\n".join([
        "Angebots-ID;Titel;Themen;Format;Preis;Beginn;Wochentage;Ende;von;bis;PLZ;Ort;"
        "Veranstaltungsort",
        "K1;Töpfern;Gesundheit;Präsenzkurs;12,50 €;01.02.2027;Mo;22.03.2027;18.30;20:00;"
        "64625;Bensheim;Werkraum",
        "K2;Kaputt;Gesundheit;Präsenzkurs;-3;01.02.2027;;;;;64625;Bensheim;Werkraum",
    ]).encode("cp1252")
    report = run_import(text, ImportOptions("csv", provider=provider, filename="kurse.csv"))
    assert not report.written and Offering.objects.count() == 0
    assert [p.record for p in report.errors] == [3]
    assert any("Windows-1252" in p.message for p in report.warnings)

    report = run_import(text, ImportOptions("csv", provider=provider, valid_only=True))
    assert report.written and report.created == 1
    offering = Offering.objects.get()
    assert offering.title == "Töpfern" and offering.price_cents == 1250
    assert [t.slug for t in offering.topics.all()] == ["gesundheit"]
    run = offering.runs.get()
    assert run.recurrence == "weekly" and run.weekdays == 1
    assert run.venue.name == "Werkraum" and run.venue.municipality == bensheim


def test_xlsx_and_csv_share_one_source(vocab):
    from bildungsportal.catalog.models import Offering
    from bildungsportal.ingest.pipeline import ImportOptions, run_import

    factories.town()
    provider = factories.provider()
    assert run_import(template.template_csv(), ImportOptions("csv", provider=provider)).created == 1
    report = run_import(template.template_xlsx(), ImportOptions("xlsx", provider=provider))
    assert (report.created, report.unchanged) == (0, 1)
    assert Offering.objects.count() == 1
