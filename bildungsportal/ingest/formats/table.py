"""CSV and XLSX in our German template (ingest/template.py, docs/import-template.md).

One row per run; rows with the same "Angebots-ID" form one offering (its columns are taken
from the group's first row). Problems carry the CSV line or the XLSX row number.
"""

import csv
import io
import zipfile
from datetime import date, datetime

from bildungsportal.ingest import template
from bildungsportal.ingest.records import (
    ImportFormat,
    OfferingRecord,
    ParseResult,
    Problem,
    RunRecord,
    VenueRecord,
)

from . import register

# The zip-bomb guard of XLSX: refuse before openpyxl inflates anything.
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_ENTRIES = 10_000
MAX_CELL_CHARS = 20_000
NO_RUN = object()
BOMB = "Die XLSX-Datei ist verdächtig stark komprimiert (Zip-Bombe?) und wird abgelehnt."

OFFERING_PARSERS = {
    "price_cents": template.parse_price,
    "price_reduced_cents": template.parse_price,
    "is_free": template.parse_bool,
    "dqr_level": lambda value: template.parse_int(value, low=1, high=8),
}
RUN_PARSERS = {
    "recurrence": template.parse_recurrence,
    "run_price_cents": template.parse_price,
    "start_date": template.parse_date,
    "end_date": template.parse_date,
    "start_time": template.parse_time,
    "end_time": template.parse_time,
    "weekdays": template.parse_weekdays,
    "sessions": template.parse_int,
    "hours": template.parse_decimal,
    "seats": template.parse_int,
    "booking_status": template.parse_booking_status,
    "is_online": template.parse_bool,
}


def _text(value):
    if value is None:
        return ""
    if type(value) is str:
        text = value.strip()
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
    # Our export guards formulas with a leading apostrophe (template.safe_cell); drop it.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


class TableReader:
    """Turns (line number, cells) rows after a header row into records and problems."""

    def __init__(self, vocabularies=None):
        self.vocabularies = vocabularies
        self.result = ParseResult()
        self.columns = None
        self.offerings = {}  # external id → OfferingRecord
        self.first_line = {}  # external id → line of its first row
        self.broken = set()  # external ids with a row that has a fatal problem

    def problem(self, message, line=None, field="", fatal=True):
        self.result.problems.append(Problem(message, record=line, field=field, fatal=fatal))

    def header(self, cells, line):
        self.columns = template.match_headers(cells)
        keys = {column.key for column in self.columns.values()}
        missing = [c.header for c in template.COLUMNS if c.required and c.key not in keys]
        if missing:
            self.problem(
                "Die Kopfzeile enthält nicht die Pflichtspalten "
                + ", ".join(f"„{name}“" for name in missing)
                + ". Bitte verwenden Sie die Vorlage (docs/import-template.md).",
                line,
            )
            self.columns = None
            return False
        return True

    def row(self, cells, line):
        values = {}
        width = len(cells)
        for index, column in self.columns.items():
            value = cells[index] if index < width else None
            if type(value) is str:
                if len(value) > MAX_CELL_CHARS:
                    self.problem(f"Der Wert ist zu lang (höchstens {MAX_CELL_CHARS} Zeichen).",
                                 line, column.header)
                    return
                value = _text(value)
            values[column.key] = value
        if not any(value not in (None, "") for value in values.values()):
            return  # blank lines (and lines with only unknown columns) are fine
        external_id = _text(values.get("external_id"))
        if not external_id:
            self.problem("Die Angebots-ID fehlt.", line, "Angebots-ID")
            return
        offering = self.offerings.get(external_id)
        if offering is None and external_id in self.broken:
            self.run(values, line)  # its offering columns failed already; still check the run
            return
        if offering is None:
            offering = self.offering(external_id, values, line)
            if offering is None:
                self.broken.add(external_id)
                self.run(values, line)
                return
            self.offerings[external_id] = offering
            self.first_line[external_id] = line
            self.result.records.append(offering)
        elif _text(values.get("title")) and _text(values.get("title")) != offering.title:
            self.problem(
                f"Der Titel weicht von Zeile {self.first_line[external_id]} ab "
                f"(gleiche Angebots-ID „{external_id}“); es gilt die erste Zeile.",
                line, "Titel", fatal=False,
            )
        run = self.run(values, line)
        if run is None:
            self.broken.add(external_id)
        elif run is not NO_RUN:
            offering.runs.append(run)

    def finish(self):
        """Offerings with a broken row are left out whole (even with "valid only")."""
        if self.broken:
            self.result.records = [
                r for r in self.result.records if r.external_id not in self.broken
            ]
        return self.result

    def offering(self, external_id, values, line):
        title = _text(values.get("title"))
        if not title:
            self.problem("Der Titel fehlt.", line, "Titel")
            return None
        record = OfferingRecord(record=line, external_id=external_id, title=title)
        for key in ("summary", "description", "entry_requirements", "price_note",
                    "certificate", "registration_url", "registration_contact"):
            setattr(record, key, _text(values.get(key)))
        ok = True
        for key, parse in OFFERING_PARSERS.items():
            try:
                value = parse(values.get(key))
            except ValueError as error:
                self.problem(str(error), line, header_of(key))
                ok = False
                continue
            if value == "free":
                if key == "price_cents":
                    record.is_free = True
                continue
            if key == "is_free":
                record.is_free = record.is_free or value
            else:
                setattr(record, key, value)
        if record.is_free:
            record.price_cents = None
            record.price_reduced_cents = None
        if (record.price_reduced_cents is not None and record.price_cents is not None
                and record.price_reduced_cents > record.price_cents):
            self.problem("Der ermäßigte Preis ist höher als der Preis.", line, "ermäßigter Preis")
            ok = False
        for key in template.LIST_KEYS | {"format"}:
            if key == "format":
                raw = [_text(values.get(key))] if _text(values.get(key)) else []
            else:
                raw = template.split_list(values.get(key))
            slugs = []
            for term in raw:
                slug = self.vocabularies.resolve(key, term) if self.vocabularies else None
                if slug:
                    slugs.append(slug)
                else:
                    # Unknown terms go to the source categories; the mapping tables may know.
                    record.categories.append(term)
                    self.problem(
                        f"„{term}“ ist keine bekannte {template.Vocabularies.LABELS[key]} "
                        "des Portals.", line, header_of(key), fatal=False,
                    )
            if key == "format":
                record.format = slugs[0] if slugs else ""
            else:
                setattr(record, key, slugs)
        return record if ok else None

    def run(self, values, line):
        """A RunRecord, NO_RUN for a row without any run column, or None after a problem."""
        if not any(values.get(key) not in (None, "") for key in RUN_KEYS):
            return NO_RUN  # an offering without dates and place (e.g. exported without runs)
        run = RunRecord(external_id=_text(values.get("run_external_id")),
                        note=_text(values.get("note")))
        parsed = {}
        for key, parse in RUN_PARSERS.items():
            try:
                parsed[key] = parse(values.get(key))
            except ValueError as error:
                self.problem(str(error), line, header_of(key))
        if len(parsed) < len(RUN_PARSERS):
            return None
        explicit = parsed.pop("recurrence")
        price = parsed.pop("run_price_cents")
        run.price_cents = 0 if price == "free" else price
        for key, value in parsed.items():
            setattr(run, key, value)
        if run.start_date and run.end_date and run.end_date < run.start_date:
            self.problem("Das Ende liegt vor dem Beginn.", line, "Ende")
            return None
        if run.start_time and run.end_time and run.end_time <= run.start_time:
            self.problem("Die Uhrzeit „bis“ liegt nicht nach „von“.", line, "bis")
            return None
        if run.start_date is None:
            if run.end_date is not None:
                self.problem("Ein Ende ohne Beginn: bitte den Beginn angeben.", line, "Beginn")
                return None
            run.recurrence = "standing"
        elif run.weekdays and (run.end_date or run.sessions) and (
            run.end_date is None or run.end_date > run.start_date
        ):
            run.recurrence = "weekly"
        if explicit:
            if explicit != "standing" and run.start_date is None:
                self.problem("Ohne Beginn ist nur „laufend“ möglich.", line, "Beginn")
                return None
            run.recurrence = explicit
        venue = VenueRecord(
            name=_text(values.get("venue_name")), street=_text(values.get("venue_street")),
            postcode=_text(values.get("venue_postcode")), town=_text(values.get("venue_town")),
        )
        if venue.name or venue.street or venue.postcode or venue.town:
            if not venue.name:
                venue.name = venue.street or venue.town or venue.postcode
            run.venue = venue
        elif not run.is_online:
            self.problem("Weder ein Ort noch „online: ja“ angegeben.", line, "Ort")
            return None
        return run


RUN_KEYS = tuple(column.key for column in template.COLUMNS if column.level == template.RUN)


def header_of(key):
    return next((c.header for c in template.COLUMNS if c.key == key), key)


# -- CSV -----------------------------------------------------------------------------------------
def decode(data):
    """(text, encoding label): UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; they become U+FFFD instead of failing.
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def sniff_delimiter(text):
    first_line = text.split("\n", 1)[0]
    sample = text[:64 * 1024]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = None
    # The header row decides when the sniffer is unsure or disagrees with it.
    counts = {d: first_line.count(d) for d in ";,\t"}
    best = max(counts, key=counts.get)
    if delimiter is None or counts.get(delimiter, 0) < counts[best]:
        delimiter = best if counts[best] else ";"
    return delimiter


@register
class CsvFormat(ImportFormat):
    name = "csv"
    label = "Tabelle (CSV, Vorlage des Bildungsportals)"
    source = "csv"

    def parse(self, data: bytes, *, filename: str = "", vocabularies=None) -> ParseResult:
        if b"\x00" in data[:4096]:
            result = ParseResult()
            result.problems.append(Problem(
                "Die Datei ist keine Textdatei (CSV). Eine Excel-Datei bitte als XLSX hochladen."
            ))
            return result
        text, encoding = decode(data)
        reader = TableReader(vocabularies if vocabularies is not None else _vocabularies())
        reader.result.encoding = encoding
        if encoding != "UTF-8":
            reader.problem(
                f"Die Datei wurde als {encoding} gelesen (sie ist kein gültiges UTF-8). "
                "Bitte prüfen Sie Umlaute in der Vorschau.", fatal=False,
            )
        delimiter = sniff_delimiter(text)
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        line = 1
        try:
            for cells in rows:
                if reader.columns is None:
                    if not any(cell.strip() for cell in cells):
                        line = rows.line_num + 1
                        continue
                    if not reader.header(cells, line):
                        break
                else:
                    reader.row(cells, line)
                line = rows.line_num + 1
        except csv.Error as error:
            reader.problem(f"Die CSV-Datei ist beschädigt: {error}", line)
        if reader.columns is None and not reader.result.problems:
            reader.problem("Die Datei ist leer.")
        return reader.finish()


# -- XLSX ------------------------------------------------------------------------------------------
def check_xlsx_container(data, filename=""):
    """A German message when the file must not be opened (no zip, macros, zip bomb), else ''."""
    if filename.lower().endswith((".xlsm", ".xltm", ".xlsb")):
        return "Dateien mit Makros (.xlsm) werden nicht angenommen. Bitte als .xlsx speichern."
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "Die Datei ist keine gültige XLSX-Datei (Excel-Arbeitsmappe)."
    if len(entries) > XLSX_MAX_ENTRIES:
        return "Die XLSX-Datei enthält zu viele Bestandteile."
    names = {entry.filename.lower() for entry in entries}
    if any(name.endswith("vbaproject.bin") for name in names):
        return "Dateien mit Makros werden nicht angenommen. Bitte als .xlsx ohne Makros speichern."
    try:
        content_types = archive.read("[Content_Types].xml")[:200_000]
    except KeyError:
        return "Die Datei ist keine gültige XLSX-Datei (Excel-Arbeitsmappe)."
    if b"macroEnabled" in content_types:
        return "Dateien mit Makros werden nicht angenommen. Bitte als .xlsx ohne Makros speichern."
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if total > XLSX_MAX_UNCOMPRESSED:
        return (f"Die XLSX-Datei ist entpackt zu groß (über "
                f"{XLSX_MAX_UNCOMPRESSED // (1024 * 1024)} MB).")
    for entry in entries:
        if entry.file_size > 1_000_000 and entry.file_size > XLSX_MAX_RATIO * max(
            entry.compress_size, 1
        ):
            return BOMB
    if total > 1_000_000 and total > XLSX_MAX_RATIO * max(packed, 1):
        return BOMB
    return ""


def _cell(value):
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value
    return value


@register
class XlsxFormat(ImportFormat):
    name = "xlsx"
    label = "Tabelle (Excel XLSX, Vorlage des Bildungsportals)"
    # The same source as CSV: one template, so switching between CSV and XLSX updates the
    # offerings instead of creating them twice.
    source = "csv"

    def parse(self, data: bytes, *, filename: str = "", vocabularies=None) -> ParseResult:
        result = ParseResult()
        refusal = check_xlsx_container(data, filename)
        if refusal:
            result.problems.append(Problem(refusal))
            return result
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for broken files
            result.problems.append(Problem(
                f"Die XLSX-Datei lässt sich nicht lesen ({type(error).__name__})."
            ))
            return result
        reader = TableReader(vocabularies if vocabularies is not None else _vocabularies())
        try:
            sheet = workbook.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell(cell) for cell in cells]
                if reader.columns is None:
                    if not any(_text(cell) for cell in cells):
                        continue
                    if not reader.header([_text(cell) for cell in cells], number):
                        break
                else:
                    reader.row([c if isinstance(c, (date, datetime)) else _text(c)
                                for c in cells], number)
        except Exception as error:  # a broken sheet XML inside a valid zip
            reader.problem(f"Die XLSX-Datei ist beschädigt ({type(error).__name__}).")
        finally:
            workbook.close()
        if reader.columns is None and not reader.result.problems:
            reader.problem("Die Tabelle ist leer.")
        return reader.finish()


def _vocabularies():
    return template.Vocabularies()
