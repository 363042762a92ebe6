"""The VHS open-data export (Berlin VHS feed shape), in JSON or XML.

Root ``veranstaltungen/veranstaltung`` (JSON: ``{"veranstaltungen": {"veranstaltung": [...]}}``,
a plain list, or one course object). Two shapes of the same feed are read:

* 2020: ``beginn_datum``/``ende_datum``/``anzahl_termine`` and one ``veranstaltungsort``
  → one run for the whole period;
* 2026: ``ortetermine`` with ``termin[]`` (date, start and end time) and ``adresse[]`` (one per
  termin, with coordinates) → one weekly run when all dates share weekday, times and place,
  otherwise one run per date.

Schlagworte and ``zielgruppe`` become categories for the mapping tables. Personal data of
course leaders (``dozent``, ``ansprechperson``) is not imported.
"""

import json
import re
from datetime import date, time
from decimal import Decimal, InvalidOperation

from ..records import ImportFormat, OfferingRecord, ParseResult, Problem, RunRecord, VenueRecord
from . import DecodeError, decode_utf8, register
from .xmlsafe import XMLError, parse_xml

REDUCED_PRICE = re.compile(r"erm(?:\.|äßigt)\w*\s*(?:Preis)?\s*:?\s*(\d+(?:[.,]\d{1,2})?)", re.I)
SUMMARY_LIMIT = 500
WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonntag": 6,
}


class RecordError(ValueError):
    """One field of one course is unusable; the message names it."""


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text_of(value):
    """A string from a JSON string, an XML text node or an XML element with "#text"."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("#text", "")
    if isinstance(value, list):
        return " ".join(text_of(item) for item in value)
    return str(value).strip()


def parse_date(value, label):
    value = text_of(value)
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise RecordError(f"{label}: ungültiges Datum {value[:30]!r}") from None


def parse_time(value, label):
    value = text_of(value)
    if not value:
        return None
    try:
        return time.fromisoformat(value if len(value) > 2 else f"{value}:00")
    except ValueError:
        raise RecordError(f"{label}: ungültige Uhrzeit {value[:20]!r}") from None


def parse_int(value, label):
    value = text_of(value)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise RecordError(f"{label}: keine ganze Zahl {value[:20]!r}") from None


def parse_cents(value, label):
    value = text_of(value).replace("€", "").replace("EUR", "").strip()
    if not value:
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise RecordError(f"{label}: kein Betrag {value[:20]!r}") from None
    if not amount.is_finite():
        raise RecordError(f"{label}: kein Betrag {value[:20]!r}")
    return int((amount * 100).to_integral_value())


def parse_float(value):
    try:
        number = float(text_of(value))
    except ValueError:
        return None
    return number if number == number else None  # NaN


def truthy(value):
    value = text_of(value).lower()
    if value in ("true", "1", "ja", "yes"):
        return True
    if value in ("false", "0", "nein", "no"):
        return False
    return None


def shorten(text, limit):
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def find_courses(data):
    """The list of course objects, whatever the root looks like."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if "veranstaltungen" in data:
            return find_courses(data["veranstaltungen"])
        if "veranstaltung" in data:
            return as_list(data["veranstaltung"])
        if "guid" in data or "name" in data:
            return [data]
    raise RecordError(
        "keine Veranstaltungen gefunden (erwartet: veranstaltungen/veranstaltung)"
    )


def venue_from(place):
    """VenueRecord from a 2020 ``veranstaltungsort`` or a 2026 ``adresse`` entry."""
    if not isinstance(place, dict):
        return None
    address = place.get("adresse") if isinstance(place.get("adresse"), dict) else place
    venue = VenueRecord(
        name=text_of(place.get("name") or place.get("lehrstaette")),
        street=text_of(address.get("strasse")),
        postcode=text_of(address.get("plz")),
        town=text_of(address.get("ort")),
        latitude=parse_float(address.get("breitengrad")) if address.get("breitengrad") else None,
        longitude=parse_float(address.get("laengengrad")) if address.get("laengengrad") else None,
        step_free=truthy(place.get("barrierefrei") or place.get("behindertenzugang")),
    )
    if not (venue.name or venue.street or venue.postcode or venue.town):
        return None
    return venue


def runs_2026(course, seats, online):
    termine = [t for t in as_list((course.get("ortetermine") or {}).get("termin")) if t]
    places = as_list((course.get("ortetermine") or {}).get("adresse"))
    rows = []
    for index, termin in enumerate(termine):
        if not isinstance(termin, dict):
            raise RecordError(f"Termin {index + 1}: unerwartete Struktur")
        day = parse_date(termin.get("beginn_datum"), f"Termin {index + 1}: Datum")
        start = parse_time(termin.get("beginn_uhrzeit"), f"Termin {index + 1}: Beginn")
        end = parse_time(termin.get("ende_uhrzeit"), f"Termin {index + 1}: Ende")
        place = places[index] if index < len(places) else (places[0] if places else None)
        rows.append((day, start, end, venue_from(place)))
    if not rows:
        return []
    first = rows[0]
    same = all(
        day is not None and day.weekday() == first[0].weekday() and (start, end) == first[1:3]
        and venue == first[3]
        for day, start, end, venue in rows
    ) if first[0] else False
    if same:
        days = sorted(day for day, *_ in rows)
        return [RunRecord(
            recurrence="weekly" if len(rows) > 1 else "once",
            start_date=days[0], end_date=days[-1], weekdays=[days[0].weekday()],
            start_time=first[1], end_time=first[2], sessions=len(rows), seats=seats,
            venue=first[3], is_online=online and first[3] is None,
        )]
    return [
        RunRecord(
            start_date=day, end_date=day, start_time=start, end_time=end, seats=seats,
            venue=venue, is_online=online and venue is None,
        )
        for day, start, end, venue in rows
    ]


def to_record(number, course):
    if not isinstance(course, dict):
        raise RecordError("Datensatz ist kein Objekt")
    keywords = [text_of(k) for k in as_list(course.get("schlagwort")) if text_of(k)]
    categories = [*keywords]
    if text_of(course.get("zielgruppe")):
        categories.append(text_of(course.get("zielgruppe")))
    texts = {}
    for entry in as_list(course.get("text")):
        if isinstance(entry, dict):
            kind = text_of(entry.get("eigenschaft"))
            texts.setdefault(kind, []).append(text_of(entry.get("text")))
    description_lines, requirements = [], []
    for line in "\n".join(texts.get("Beschreibung", [])).replace("\r\n", "\n").split("\n"):
        if line.lower().startswith(("zugangsvoraussetzung", "voraussetzung")):
            requirements.append(line.split(":", 1)[-1].strip())
        else:
            description_lines.append(line)
    extra = "\n".join(texts.get("Zusatzinformation", []))
    description = "\n".join(description_lines).strip()
    if extra.strip():
        description = f"{description}\n\n{extra.strip()}".strip()
    price = course.get("preis") if isinstance(course.get("preis"), dict) else {}
    price_cents = parse_cents(price.get("betrag"), "Preis")
    note = text_of(price.get("zusatz"))
    reduced = None
    if match := REDUCED_PRICE.search(note):
        reduced = parse_cents(match.group(1), "ermäßigter Preis")
    web = as_list(course.get("webadresse"))
    url = text_of(web[0].get("uri")) if web and isinstance(web[0], dict) else ""
    booking = course.get("anmeldung") if isinstance(course.get("anmeldung"), dict) else {}
    url = url or text_of(booking.get("link"))
    contact = ", ".join(filter(None, [text_of(booking.get("telefon")),
                                       text_of(booking.get("mail"))]))
    seats = parse_int(course.get("maximale_teilnehmerzahl"), "Teilnehmerzahl")
    online = any(k.casefold() in ("onlinekurs", "vhs.cloud", "online") for k in keywords)
    runs = runs_2026(course, seats, online)
    if not runs:
        start = parse_date(course.get("beginn_datum"), "Beginn")
        end = parse_date(course.get("ende_datum"), "Ende")
        venue = venue_from(course.get("veranstaltungsort"))
        if start is not None or venue is not None:
            runs = [RunRecord(
                start_date=start, end_date=end,
                sessions=parse_int(course.get("anzahl_termine"), "Anzahl Termine"),
                seats=seats, venue=venue, is_online=online and venue is None,
            )]
    district = text_of(course.get("bezirk"))
    return OfferingRecord(
        record=number,
        external_id=text_of(course.get("guid")),
        title=text_of(course.get("name")),
        summary=shorten(text_of(course.get("untertitel")), SUMMARY_LIMIT),
        description=description,
        entry_requirements="\n".join(requirements),
        provider_name=f"Volkshochschule Berlin {district}" if district else "",
        categories=categories,
        price_cents=price_cents or None,
        price_reduced_cents=reduced if price_cents else None,
        is_free=price_cents == 0,
        price_note=shorten(note, 300),
        registration_url=url,
        registration_contact=shorten(contact, 250),
        runs=runs,
    )


def load(data, filename=""):
    """Python data from JSON or XML bytes (XML when the first character is '<')."""
    text = decode_utf8(data)
    if text.lstrip()[:1] == "<" or filename.lower().endswith(".xml"):
        return parse_xml(data)[1]
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(
            f"JSON ist fehlerhaft (Zeile {error.lineno}, Spalte {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise RecordError("JSON ist zu tief verschachtelt") from None


def parse_courses(courses):
    result = ParseResult()
    for number, course in enumerate(courses, start=1):
        try:
            result.records.append(to_record(number, course))
        except RecordError as error:
            result.problems.append(Problem(str(error), number))
        except (AttributeError, TypeError, ValueError) as error:
            result.problems.append(Problem(f"unerwartete Struktur ({error})", number))
    return result


@register
class VhsFormat(ImportFormat):
    name = "vhs"
    label = "VHS-Open-Data (JSON oder XML)"
    source = "vhs"
    # VHS guids are unique across the whole feed, whichever provider imports them.
    global_ids = True

    def parse(self, data, *, filename=""):
        try:
            courses = find_courses(load(data, filename))
        except (DecodeError, XMLError, RecordError) as error:
            return ParseResult(problems=[Problem(str(error))])
        return parse_courses(courses)
