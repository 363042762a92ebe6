"""The Bundesagentur für Arbeit Weiterbildungssuche JSON (``_embedded.termine[]``).

Each ``termin`` is one run of an ``angebot``; termine of the same angebot become one offering
(external id = angebot id, which is global at the BA) with one run per termin. ``beginn``/``ende``
are epoch milliseconds (dates in Europe/Berlin); a termin without dates is a standing offer.
Texts are HTML (the pipeline cleans them). Systematics codes and the Unterrichtsform become
categories for the mapping tables; contact persons are not imported.
"""

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from ..records import ImportFormat, OfferingRecord, ParseResult, Problem, RunRecord, VenueRecord
from ..text import plain_text
from . import DecodeError, decode_utf8, register

BERLIN = ZoneInfo("Europe/Berlin")
ONLINE_FORMS = ("virtuelles klassenzimmer", "fernunterricht", "e-learning", "online")


class RecordError(ValueError):
    pass


def text(value):
    return "" if value is None else str(value).strip()


def epoch_date(value, label):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"{label}: kein Zeitstempel {str(value)[:30]!r}")
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC).astimezone(BERLIN).date()
    except (OverflowError, OSError, ValueError):
        raise RecordError(f"{label}: unmöglicher Zeitstempel {value!r}") from None


def cents(value):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise RecordError(f"Preis: kein Betrag {str(value)[:20]!r}") from None
    if not amount.is_finite():
        raise RecordError(f"Preis: kein Betrag {str(value)[:20]!r}")
    # The BA writes 0.0 for "on request / funded": no price rather than "free".
    return int((amount * 100).to_integral_value()) or None


def small_int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def venue_from(address):
    if not isinstance(address, dict):
        return None
    place = address.get("ortStrasse") if isinstance(address.get("ortStrasse"), dict) else {}
    coordinates = address.get("koordinaten") if isinstance(address.get("koordinaten"), dict) else {}
    venue = VenueRecord(
        name=text(address.get("bezeichnung")),
        street=text(address.get("strasse")),
        postcode=text(place.get("plz")),
        town=text(place.get("name")),
        latitude=coordinates.get("lat") if isinstance(coordinates.get("lat"), float) else None,
        longitude=coordinates.get("lon") if isinstance(coordinates.get("lon"), float) else None,
    )
    return venue if (venue.street or venue.postcode or venue.town) else None


def run_from(termin, index):
    label = f"Termin {termin.get('id', index)}"
    start = epoch_date(termin.get("beginn"), f"{label}: Beginn")
    end = epoch_date(termin.get("ende"), f"{label}: Ende")
    form = text((termin.get("unterrichtsform") or {}).get("bezeichnung")).casefold()
    venue = venue_from(termin.get("adresse"))
    return RunRecord(
        external_id=text(termin.get("id")),
        recurrence="once" if start else "standing",
        start_date=start,
        end_date=end if start else None,
        seats=small_int(termin.get("teilnehmerMax")),
        venue=venue,
        is_online=venue is None and any(word in form for word in ONLINE_FORMS),
    )


def shorten(value, limit):
    """Free-text notes of the BA can exceed our fields; they are cut at a word, marked "…"."""
    if len(value) <= limit:
        return value
    return value[: limit - 1].rsplit(" ", 1)[0] + "…"


def parse_termine(termine):
    result = ParseResult()
    offerings = {}
    for index, termin in enumerate(termine, start=1):
        try:
            if not isinstance(termin, dict) or not isinstance(termin.get("angebot"), dict):
                raise RecordError("Termin ohne angebot")
            offer = termin["angebot"]
            key = text(offer.get("id"))
            run = run_from(termin, index)
            if key and key in offerings:
                offerings[key].runs.append(run)
                continue
            provider = offer.get("bildungsanbieter") or {}
            categories = [
                text(item.get("codeNr")) for item in offer.get("systematiken") or []
                if isinstance(item, dict) and text(item.get("codeNr"))
            ]
            form = text((termin.get("unterrichtsform") or {}).get("bezeichnung"))
            if form:
                categories.append(form)
            certificate = shorten(plain_text(offer.get("abschlussart")), 250)
            record = OfferingRecord(
                record=index,
                external_id=key,
                title=text(offer.get("titel")),
                description=text(offer.get("inhalt")),
                entry_requirements=text(offer.get("zugang")),
                provider_name=text(provider.get("name")),
                provider_email=text(provider.get("email")),
                provider_website=text(provider.get("homepage")),
                categories=categories,
                price_cents=cents(termin.get("kostenWert")),
                price_note=shorten(plain_text(termin.get("kostenBemerkung")), 300),
                certificate=certificate,
                registration_url=text(termin.get("link") or offer.get("link")),
                runs=[run],
            )
            offerings[key or f"#{index}"] = record
        except RecordError as error:
            result.problems.append(Problem(str(error), index))
        except (AttributeError, TypeError, ValueError) as error:
            result.problems.append(Problem(f"unerwartete Struktur ({error})", index))
    result.records = list(offerings.values())
    return result


@register
class BaFormat(ImportFormat):
    name = "ba"
    label = "Bundesagentur für Arbeit – Weiterbildungssuche (JSON)"
    source = "ba"
    # Angebot ids are assigned by the BA: unique across all providers.
    global_ids = True

    def parse(self, data, *, filename=""):
        try:
            payload = json.loads(decode_utf8(data))
        except DecodeError as error:
            return ParseResult(problems=[Problem(str(error))])
        except json.JSONDecodeError as error:
            return ParseResult(problems=[Problem(
                f"JSON ist fehlerhaft (Zeile {error.lineno}, Spalte {error.colno}: {error.msg})"
            )])
        except RecursionError:
            return ParseResult(problems=[Problem("JSON ist zu tief verschachtelt")])
        termine = None
        if isinstance(payload, dict):
            embedded = payload.get("_embedded")
            termine = embedded.get("termine") if isinstance(embedded, dict) else None
        elif isinstance(payload, list):
            termine = payload
        if not isinstance(termine, list):
            return ParseResult(problems=[Problem(
                "keine Termine gefunden (erwartet: _embedded.termine[])"
            )])
        return parse_termine(termine)
