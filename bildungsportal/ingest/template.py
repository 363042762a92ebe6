"""The German spreadsheet template: one column spec for CSV and XLSX, import and export.

One row per run (Termin); the offering columns repeat on every row of the same offering and
rows are grouped by "Angebots-ID". Headers match case- and umlaut-insensitively and in any
order; unknown columns are ignored. docs/import-template.md documents every column.

The value parsers here (dates, times, prices, weekdays, yes/no) raise ``ValueError`` with a
German message; the formats turn that into a Problem with the line number.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

OFFERING = "offering"
RUN = "run"


@dataclass(frozen=True)
class Column:
    header: str  # as written in the template and the export
    key: str  # OfferingRecord / RunRecord field, or a venue_* key
    level: str  # OFFERING or RUN
    example: str = ""
    help: str = ""
    aliases: tuple = ()
    required: bool = False


COLUMNS = (
    Column("Angebots-ID", "external_id", OFFERING, "EN-A1-2027",
           "Ihre eigene, dauerhafte Kennung des Angebots; Zeilen mit derselben ID sind "
           "Termine desselben Angebots.", ("angebotsid", "angebotsnummer", "kursnummer", "id"),
           required=True),
    Column("Titel", "title", OFFERING, "Englisch für Anfänger (A1)", "Titel des Angebots.",
           ("angebot", "kurstitel", "name"), required=True),
    Column("Kurzbeschreibung", "summary", OFFERING, "Sprechen lernen ab der ersten Stunde.",
           "Ein bis zwei Sätze, höchstens 500 Zeichen.", ("untertitel", "teaser")),
    Column("Beschreibung", "description", OFFERING,
           "Wir üben Alltagssituationen: einkaufen, nach dem Weg fragen, sich vorstellen.",
           "Ausführliche Beschreibung (einfaches HTML ist erlaubt und wird bereinigt).",
           ("langbeschreibung", "inhalt", "text")),
    Column("Zugangsvoraussetzungen", "entry_requirements", OFFERING, "Keine Vorkenntnisse nötig.",
           "Was man zur Teilnahme braucht.", ("voraussetzungen",)),
    Column("Themen", "topics", OFFERING, "Englisch",
           "Themen des Portals (Name oder Kurzname), mehrere mit ; oder , getrennt.",
           ("thema", "kategorie", "kategorien")),
    Column("Lebensphasen", "life_phases", OFFERING, "Weiterbildung & Beruf",
           "Lebensphasen des Portals, mehrere mit ; oder , getrennt.", ("lebensphase",)),
    Column("Zielgruppen", "target_groups", OFFERING, "Erwachsene",
           "Zielgruppen des Portals, mehrere mit ; oder , getrennt.", ("zielgruppe",)),
    Column("Format", "format", OFFERING, "Präsenzkurs", "Ein Format des Portals.",
           ("veranstaltungsformat", "lernform")),
    Column("Sprachen", "languages", OFFERING, "Deutsch; Englisch",
           "Unterrichtssprachen (Name oder ISO-Code wie de, en).",
           ("sprache", "unterrichtssprache", "unterrichtssprachen")),
    Column("Preis", "price_cents", OFFERING, "120,00 €",
           "Preis in Euro, z. B. 12,50 € oder 12.50; „kostenlos“ für kostenfreie Angebote.",
           ("preis", "gebuehr", "kosten", "entgelt")),
    Column("ermäßigter Preis", "price_reduced_cents", OFFERING, "80,00 €",
           "Ermäßigter Preis in Euro.", ("ermaessigung", "preisermaessigt")),
    Column("kostenfrei", "is_free", OFFERING, "nein", "ja oder nein.",
           ("kostenlos", "gratis")),
    Column("Hinweis zum Preis", "price_note", OFFERING, "Material inklusive", "",
           ("preishinweis",)),
    Column("Abschluss", "certificate", OFFERING, "Teilnahmebescheinigung",
           "Abschluss oder Zertifikat.", ("zertifikat",)),
    Column("DQR-Niveau", "dqr_level", OFFERING, "", "Zahl von 1 bis 8.", ("dqr",)),
    Column("Anmeldung", "registration_url", OFFERING, "https://vhs.example.org/anmelden",
           "Link zur Anmeldung (https://…).", ("anmeldelink", "anmeldungurl", "link", "url")),
    Column("Anmeldung Kontakt", "registration_contact", OFFERING, "Telefon 06251 1234",
           "Telefon oder E-Mail für die Anmeldung.", ("kontakt", "anmeldekontakt")),
    Column("Termin-ID", "run_external_id", RUN, "EN-A1-2027-1",
           "Optional: Ihre Kennung dieses Termins.", ("terminnummer",)),
    Column("Rhythmus", "recurrence", RUN, "wöchentlich",
           "Optional: einmalig, wöchentlich oder laufend. Leer: aus den Angaben abgeleitet.",
           ("wiederholung", "turnus")),
    Column("Beginn", "start_date", RUN, "01.02.2027",
           "Erster Tag, TT.MM.JJJJ oder JJJJ-MM-TT. Leer: laufendes Angebot ohne feste Termine.",
           ("startdatum", "datum", "von datum", "vondatum")),
    Column("Ende", "end_date", RUN, "26.04.2027", "Letzter Tag.",
           ("enddatum", "bisdatum")),
    Column("Wochentage", "weekdays", RUN, "Mo",
           "Bei wöchentlichen Terminen: Mo, Di, Mi, Do, Fr, Sa, So (mehrere mit ; oder ,).",
           ("wochentag", "tage")),
    Column("von", "start_time", RUN, "18:30", "Uhrzeit Beginn, z. B. 18:30 oder 18.30.",
           ("uhrzeitvon", "beginnuhrzeit", "startzeit")),
    Column("bis", "end_time", RUN, "20:00", "Uhrzeit Ende.",
           ("uhrzeitbis", "endeuhrzeit", "endzeit")),
    Column("Termine", "sessions", RUN, "10", "Anzahl der Termine (Sitzungen).",
           ("anzahltermine", "sitzungen")),
    Column("Unterrichtsstunden", "hours", RUN, "20", "Unterrichtsstunden insgesamt.",
           ("ustd", "stunden")),
    Column("Plätze", "seats", RUN, "14", "Höchstzahl der Teilnehmenden.",
           ("teilnehmerzahl", "maxteilnehmer")),
    Column("Buchungsstatus", "booking_status", RUN, "Plätze frei",
           "Plätze frei, wenige Plätze frei, ausgebucht, Warteliste, abgesagt, ohne Anmeldung.",
           ("status",)),
    Column("Veranstaltungsort", "venue_name", RUN, "Haus am Markt",
           "Name des Ortes, z. B. Gebäude oder Raum.",
           ("ortname", "ortveranstaltungsort", "kursort", "raum")),
    Column("Straße", "venue_street", RUN, "Marktplatz 1", "Straße und Hausnummer.",
           ("strasse", "adresse", "anschrift")),
    Column("PLZ", "venue_postcode", RUN, "64625", "Postleitzahl.", ("postleitzahl",)),
    Column("Ort", "venue_town", RUN, "Bensheim", "Stadt oder Gemeinde.",
           ("stadt", "gemeinde")),
    Column("online", "is_online", RUN, "nein",
           "ja: online (ohne Veranstaltungsort) oder zusätzlich online.", ("onlinekurs",)),
    Column("Terminpreis", "run_price_cents", RUN, "",
           "Optional: Preis dieses Termins, wenn er vom Preis des Angebots abweicht.",
           ("preisdiesestermins", "preistermin")),
    Column("Hinweis", "note", RUN, "", "Hinweis zu diesem Termin.", ("bemerkung",)),
)
HEADERS = [column.header for column in COLUMNS]
LIST_KEYS = {"topics", "life_phases", "target_groups", "languages"}

WEEKDAY_NAMES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_WEEKDAY_WORDS = {
    "mo": 0, "montag": 0, "mon": 0, "monday": 0,
    "di": 1, "dienstag": 1, "tue": 1, "tuesday": 1,
    "mi": 2, "mittwoch": 2, "wed": 2, "wednesday": 2,
    "do": 3, "donnerstag": 3, "thu": 3, "thursday": 3,
    "fr": 4, "freitag": 4, "fri": 4, "friday": 4,
    "sa": 5, "samstag": 5, "sonnabend": 5, "sat": 5, "saturday": 5,
    "so": 6, "sonntag": 6, "sun": 6, "sunday": 6,
}
BOOKING_STATUS = {
    "open": "Plätze frei", "few": "wenige Plätze frei", "full": "ausgebucht",
    "waitlist": "Warteliste", "cancelled": "abgesagt", "none": "ohne Anmeldung",
}
_TRUE = {"ja", "j", "x", "1", "true", "wahr", "yes", "y"}
_FALSE = {"nein", "n", "0", "false", "falsch", "no", ""}


def fold(text):
    """Header/term key: lower case, ä→ae, ß→ss, accents dropped, only letters and digits."""
    text = str(text or "").strip().lower()
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode())


_HEADER_KEYS = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _HEADER_KEYS.setdefault(fold(_name), _column)


def match_headers(cells):
    """{index: Column} for the header cells we know; duplicates keep the first."""
    found, seen = {}, set()
    for index, cell in enumerate(cells):
        column = _HEADER_KEYS.get(fold(cell))
        if column and column.key not in seen:
            found[index] = column
            seen.add(column.key)
    return found


# -- value parsers ---------------------------------------------------------------------------
def split_list(value):
    return [part.strip() for part in re.split(r"[;,|\n]", str(value or "")) if part.strip()]


def parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in (r"(\d{1,2})\.(\d{1,2})\.(\d{4})$", r"(\d{4})-(\d{1,2})-(\d{1,2})$",
                    r"(\d{1,2})\.(\d{1,2})\.(\d{2})$", r"(\d{4})-(\d{2})-(\d{2})[T ][\d:]+$"):
        match = re.match(pattern, text)
        if not match:
            continue
        a, b, c = match.groups()
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c)
        else:
            day, month, year = int(a), int(b), int(c)
            if len(c) == 2:
                year += 2000
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"„{text}“ ist kein gültiges Datum.") from None
    raise ValueError(f"„{text}“ ist kein Datum (erwartet z. B. 01.02.2027 oder 2027-02-01).")


def parse_time(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip().lower().removesuffix("uhr").strip()
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?", text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"„{value}“ ist keine Uhrzeit (erwartet z. B. 18:30).")


FREE_WORDS = {"kostenlos", "kostenfrei", "gratis", "frei", "entgeltfrei", "free"}


def parse_price(value):
    """Cents, or "free" for kostenlos/0; None when empty. Negative or odd values raise."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = str(value).strip().lower()
        if fold(text) in FREE_WORDS:
            return "free"
        text = re.sub(r"(€|eur|euro)", "", text).replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d{1,2})?", text):
            text = text.replace(".", "").replace(",", ".")  # 1.234,50
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d{1,2})?", text):
            text = text.replace(",", "")  # 1,234.50
        else:
            text = text.replace(",", ".")
        text = text.removesuffix(".-").removesuffix(".—")
        if not re.fullmatch(r"-?\d+(\.\d{1,2})?", text):
            raise ValueError(f"„{value}“ ist kein Preis (erwartet z. B. 12,50 €).")
        amount = Decimal(text)
    if amount < 0:
        raise ValueError(f"Der Preis darf nicht negativ sein ({value}).")
    if amount > 1_000_000:
        raise ValueError(f"Der Preis {value} ist unplausibel hoch.")
    cents = int((amount * 100).to_integral_value())
    return "free" if cents == 0 else cents


def parse_bool(value):
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    key = fold(value)
    if key in _TRUE or key in FREE_WORDS:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"„{value}“: bitte ja oder nein angeben.")


def parse_int(value, *, low=0, high=32767):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"„{value}“ ist keine Zahl.") from None
    if number != number.to_integral_value() or not low <= number <= high:
        raise ValueError(f"„{value}“: erwartet eine ganze Zahl von {low} bis {high}.")
    return int(number)


def parse_decimal(value):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"„{value}“ ist keine Zahl.") from None
    if not 0 <= number < 10000:
        raise ValueError(f"„{value}“ liegt außerhalb von 0 bis 9999.")
    return number


def parse_weekdays(value):
    days = set()
    for part in split_list(str(value or "").replace("/", ";").replace("+", ";")):
        span = re.split(r"\s*[-–]\s*", part)
        keys = [fold(piece).removesuffix("s") if fold(piece) not in _WEEKDAY_WORDS
                else fold(piece) for piece in span]
        numbers = [_WEEKDAY_WORDS.get(key) for key in keys]
        if None in numbers or len(numbers) > 2:
            raise ValueError(f"„{part}“ ist kein Wochentag (erwartet Mo, Di, Mi, Do, Fr, Sa, So).")
        if len(numbers) == 2:  # Mo-Fr
            first, last = numbers
            days.update(range(first, last + 1) if first <= last else [])
        else:
            days.add(numbers[0])
    return sorted(days)


RECURRENCE = {"once": "einmalig", "weekly": "wöchentlich", "standing": "laufend"}
_RECURRENCE_WORDS = {"einmalig": "once", "once": "once", "festerzeitraum": "once",
                     "woechentlich": "weekly", "weekly": "weekly", "jedewoche": "weekly",
                     "laufend": "standing", "standing": "standing", "ohnefestetermine": "standing"}


def parse_recurrence(value):
    if value in (None, ""):
        return ""
    code = _RECURRENCE_WORDS.get(fold(value))
    if code is None:
        raise ValueError(f"„{value}“: erwartet einmalig, wöchentlich oder laufend.")
    return code


def parse_booking_status(value):
    if value in (None, ""):
        return "open"
    key = fold(value)
    for code, label in BOOKING_STATUS.items():
        if key in (fold(code), fold(label)):
            return code
    raise ValueError(f"„{value}“ ist kein Buchungsstatus ({', '.join(BOOKING_STATUS.values())}).")


# -- vocabulary terms --------------------------------------------------------------------------
class Vocabularies:
    """Our vocabulary terms by folded name and slug, loaded once per import (read only)."""

    KINDS = {"topics": "Topic", "life_phases": "LifePhase", "target_groups": "TargetGroup",
             "format": "Format", "languages": "Language"}
    LABELS = {"topics": "Thema", "life_phases": "Lebensphase", "target_groups": "Zielgruppe",
              "format": "Format", "languages": "Sprache"}

    def __init__(self, terms=None):
        # terms: {kind: {folded name or slug: slug}}; None loads them from the database.
        self.terms = terms if terms is not None else self._load()

    @classmethod
    def _load(cls):
        from bildungsportal.catalog import models

        terms = {}
        for kind, model_name in cls.KINDS.items():
            lookup = {}
            for slug, name in getattr(models, model_name).objects.values_list("slug", "name"):
                lookup[fold(name)] = slug
                lookup.setdefault(fold(slug), slug)
            terms[kind] = lookup
        return terms

    def resolve(self, kind, value):
        """Slug for a name or slug; None when unknown."""
        return self.terms.get(kind, {}).get(fold(value))


# -- writing (template and export) -------------------------------------------------------------
def example_row():
    return [column.example for column in COLUMNS]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that spreadsheet programs never run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(rows):
    """Semicolon-separated UTF-8 with BOM, so German Excel opens it with umlauts intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(["" if cell is None else safe_cell(str(cell)) for cell in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, title="Angebote"):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    header = []
    for text in HEADERS:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        # Everything as text: a date or price written as text reads back exactly as typed.
        sheet.append(["" if cell is None else safe_cell(str(cell)) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv():
    return csv_bytes([example_row()])


def template_xlsx():
    return xlsx_bytes([example_row()], title="Vorlage")
