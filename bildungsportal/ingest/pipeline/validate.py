"""Validation: every record is normalised in place and its problems reported, before
anything is written."""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from bildungsportal.catalog import models as catalog

from ..records import Problem, RunRecord, VenueRecord
from ..text import plain_text

URL_VALIDATOR = URLValidator(schemes=["http", "https"])
URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
MIN_YEAR, MAX_YEAR = 1900, 2200
RECURRENCES = frozenset(catalog.Run.Recurrence.values)
BOOKING_STATUSES = frozenset(catalog.Run.BookingStatus.values)


def _max_length(model, name):
    return model._meta.get_field(name).max_length


class Validator:
    """Normalises one record in place and reports its problems."""

    def __init__(self, report):
        self.report = report

    def problem(self, record, field_name, message, *, fatal=True):
        # The message names the field in German; the field name itself stays out of the UI.
        self.report.problems.append(Problem(message, record.record, "", fatal))
        if fatal:
            self.report.invalid_records.add(record.record)

    def text(self, record, name, model=catalog.Offering, *, multiline=False, required=False,
             label=""):
        value = plain_text(getattr(record, name), multiline=multiline)
        setattr(record, name, value)
        if required and not value:
            self.problem(record, name, f"{label or name} fehlt")
        limit = _max_length(model, name) if model is not None else None
        if limit and len(value) > limit:
            self.problem(
                record, name,
                f"{label or name} ist zu lang ({len(value)} Zeichen, höchstens {limit})",
            )
        return value

    def cents(self, record, value, name, label):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
            self.problem(record, name, f"{label} ist keine Zahl: {value!r}")
            return None
        if value < 0:
            self.problem(record, name, f"{label} darf nicht negativ sein ({value / 100:.2f} €)")
            return None
        if value > 10_000_000_00:
            self.problem(record, name, f"{label} ist unplausibel hoch")
            return None
        return int(value)

    def check_date(self, record, value, name, label):
        if value is None:
            return None
        if not isinstance(value, date) or not MIN_YEAR <= value.year <= MAX_YEAR:
            self.problem(record, name, f"{label} ist kein gültiges Datum: {value!r}")
            return None
        return value

    def url(self, record, name, label):
        # Spaces and umlauts as browsers send them (%20, %C3%BC); the scheme is still checked.
        value = quote(plain_text(getattr(record, name)), safe=URL_SAFE)
        setattr(record, name, value)
        if not value:
            return
        try:
            URL_VALIDATOR(value)
        except ValidationError:
            self.problem(record, name, f"{label} ist keine gültige http(s)-Adresse: {value[:80]}")
            return
        limit = _max_length(catalog.Offering, name)
        if limit and len(value) > limit:
            self.problem(record, name, f"{label} ist zu lang (höchstens {limit} Zeichen)")

    def small_int(self, record, value, name, label, *, maximum=32767):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.problem(record, name, f"{label} muss eine Zahl zwischen 0 und {maximum} sein")
            return None
        return value

    def validate(self, record):
        r = record
        r.external_id = plain_text(r.external_id)
        if not r.external_id:
            self.problem(r, "external_id", "externe ID fehlt")
        elif len(r.external_id) > 200:
            self.problem(r, "external_id", "externe ID ist zu lang (höchstens 200 Zeichen)")
        self.text(r, "title", required=True, label="Titel")
        self.text(r, "summary", label="Kurzbeschreibung")
        self.text(r, "description", multiline=True, label="Beschreibung")
        self.text(r, "entry_requirements", multiline=True, label="Zugangsvoraussetzungen")
        self.text(r, "price_note", label="Hinweis zum Preis")
        self.text(r, "certificate", label="Abschluss")
        self.text(r, "registration_contact", label="Anmeldung (Kontakt)")
        self.url(r, "registration_url", "Anmeldelink")
        r.provider_name = plain_text(r.provider_name)
        r.provider_email = plain_text(r.provider_email)
        if r.provider_email:
            try:
                validate_email(r.provider_email)
            except ValidationError:
                r.provider_email = ""
        r.provider_website = plain_text(r.provider_website)
        if r.provider_website:
            try:
                URL_VALIDATOR(r.provider_website)
            except ValidationError:
                r.provider_website = ""
        r.categories = [t for t in (plain_text(c) for c in r.categories or []) if t][:200]
        r.price_cents = self.cents(r, r.price_cents, "price_cents", "Preis")
        r.price_reduced_cents = self.cents(
            r, r.price_reduced_cents, "price_reduced_cents", "ermäßigter Preis"
        )
        if r.price_reduced_cents is not None:
            if r.price_cents is None:
                self.problem(r, "price_reduced_cents", "ermäßigter Preis ohne regulären Preis")
            elif r.price_reduced_cents > r.price_cents:
                self.problem(
                    r, "price_reduced_cents",
                    "ermäßigter Preis ist höher als der reguläre Preis",
                )
        if r.is_free and r.price_cents:
            self.problem(r, "is_free", "kostenfrei, aber mit Preis angegeben")
        if r.is_free:
            r.price_cents = None if r.price_cents is None else 0
        if r.dqr_level is not None and (
            isinstance(r.dqr_level, bool) or r.dqr_level not in range(1, 9)
        ):
            self.problem(r, "dqr_level", "DQR-Niveau muss zwischen 1 und 8 liegen")
        runs = r.runs if isinstance(r.runs, list | tuple) else []
        r.runs = [run for run in runs if isinstance(run, RunRecord)]
        if len(r.runs) != len(runs):
            self.problem(r, "runs", "Termine in unerwarteter Form")
        for number, run in enumerate(r.runs, start=1):
            if not isinstance(run.venue, VenueRecord | None):
                run.venue = None
            self.validate_run(r, run, number)

    def validate_run(self, r, run, number):
        label = f"Termin {number}"
        run.start_date = self.check_date(r, run.start_date, "start_date", f"{label}: Beginn")
        run.end_date = self.check_date(r, run.end_date, "end_date", f"{label}: Ende")
        if run.recurrence not in RECURRENCES:
            self.problem(r, "recurrence", f"{label}: unbekannter Rhythmus {run.recurrence!r}")
        if run.booking_status not in BOOKING_STATUSES:
            self.problem(r, "booking_status", f"{label}: unbekannter Buchungsstatus")
        if run.recurrence == "once" and run.start_date is None:
            self.problem(r, "start_date", f"{label}: Beginn fehlt")
        if run.start_date and run.end_date and run.end_date < run.start_date:
            self.problem(
                r, "end_date",
                f"{label}: Ende {run.end_date:%d.%m.%Y} liegt vor Beginn {run.start_date:%d.%m.%Y}",
            )
        if run.start_time and run.end_time and run.end_time <= run.start_time:
            self.problem(
                r, "end_time",
                f"{label}: Endzeit {run.end_time:%H:%M} liegt nicht nach der Startzeit "
                f"{run.start_time:%H:%M}",
            )
        if any(not isinstance(d, int) or not 0 <= d <= 6 for d in run.weekdays or []):
            self.problem(r, "weekdays", f"{label}: Wochentage müssen 0 (Mo) bis 6 (So) sein")
        run.sessions = self.small_int(r, run.sessions, "sessions", f"{label}: Anzahl Termine")
        run.seats = self.small_int(r, run.seats, "seats", f"{label}: Plätze")
        if run.hours is not None:
            try:
                hours = Decimal(str(run.hours)).quantize(Decimal("0.1"))
                if not 0 <= hours < 100000:
                    raise ValueError
                run.hours = hours
            except Exception:  # noqa: BLE001 — any unparseable number is reported, not raised
                self.problem(r, "hours", f"{label}: Unterrichtsstunden ungültig")
                run.hours = None
        run.price_cents = self.cents(r, run.price_cents, "price_cents", f"{label}: Preis")
        run.note = plain_text(run.note)[:300]
        run.external_id = plain_text(run.external_id)[:200]
        venue = run.venue
        if venue is not None:
            for name in ("name", "street", "town", "accessibility_notes"):
                setattr(venue, name, plain_text(getattr(venue, name)))
            venue.name = venue.name[:200]
            venue.street = venue.street[:200]
            venue.postcode = plain_text(venue.postcode).replace(" ", "")
            if venue.postcode and not re.fullmatch(r"\d{5}", venue.postcode):
                self.problem(r, "postcode", f"{label}: PLZ {venue.postcode[:20]!r} ungültig",
                             fatal=False)
                venue.postcode = ""
            for name, bound in (("latitude", 90), ("longitude", 180)):
                value = getattr(venue, name)
                if value is not None and (
                    not isinstance(value, int | float) or not -bound <= value <= bound
                ):
                    setattr(venue, name, None)
