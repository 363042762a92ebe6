"""A provider's offerings as CSV and XLSX (our import template), JSON-LD and iCalendar.

The spreadsheet export writes exactly the columns of ingest/template.py, so a file exported
here imports again unchanged. Drafts and archived offerings are left out: an import
publishes (or submits for review) what it reads, so a draft must not travel through a file.
The "Angebots-ID" is the offering's external id when it came from an import, otherwise
"portal-<id>".
"""

from decimal import Decimal

from django.db.models import Prefetch

from bildungsportal.catalog.ics import run_event
from bildungsportal.catalog.jsonld import course_data
from bildungsportal.catalog.models import Offering, Run

from . import template

FORMATS = {
    # name: (content type, file extension, German label)
    "csv": ("text/csv; charset=utf-8", "csv", "Tabelle (CSV, für Excel)"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
             "Tabelle (Excel XLSX)"),
    "jsonld": ("application/ld+json; charset=utf-8", "jsonld", "schema.org JSON-LD"),
    "ical": ("text/calendar; charset=utf-8", "ics", "Kalender (iCalendar .ics)"),
}


def provider_offerings(provider):
    """The provider's published and pending offerings, with what the export needs."""
    runs = Run.objects.select_related("venue__municipality").order_by(
        "start_date", "start_time", "id")
    return (
        Offering.objects.filter(provider=provider)
        .filter(status__in=[Offering.Status.PUBLISHED, Offering.Status.PENDING])
        .select_related("provider", "format")
        .prefetch_related(Prefetch("runs", queryset=runs), "topics", "life_phases",
                          "target_groups", "languages")
        .order_by("title", "id")
    )


def export_id(offering):
    return offering.external_id or f"portal-{offering.pk}"


def euro(cents):
    """1250 → "12,50 €" (the template's own spelling)."""
    if cents is None:
        return ""
    return f"{cents // 100},{cents % 100:02d} €"


def _date(value):
    return value.strftime("%d.%m.%Y") if value else ""


def _time(value):
    return value.strftime("%H:%M") if value else ""


def _hours(value):
    """Decimal("20.0") → "20", Decimal("1.5") → "1,5"."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def _names(items):
    return "; ".join(item.name for item in items)


def offering_values(offering):
    return {
        "external_id": export_id(offering),
        "title": offering.title,
        "summary": offering.summary,
        "description": offering.description,
        "entry_requirements": offering.entry_requirements,
        "topics": _names(offering.topics.all()),
        "life_phases": _names(offering.life_phases.all()),
        "target_groups": _names(offering.target_groups.all()),
        "format": offering.format.name if offering.format_id else "",
        "languages": _names(offering.languages.all()),
        "price_cents": "" if offering.is_free else euro(offering.price_cents),
        "price_reduced_cents": euro(offering.price_reduced_cents),
        "is_free": "ja" if offering.is_free else "nein",
        "price_note": offering.price_note,
        "certificate": offering.certificate,
        "dqr_level": offering.dqr_level_id or "",
        "registration_url": offering.registration_url,
        "registration_contact": offering.registration_contact,
    }


def run_values(run):
    venue = run.venue
    return {
        "run_external_id": run.external_id,
        "recurrence": template.RECURRENCE.get(run.recurrence, ""),
        "start_date": _date(run.start_date),
        "end_date": _date(run.end_date),
        "weekdays": "; ".join(template.WEEKDAY_NAMES[d] for d in run.weekday_numbers)
        if run.weekdays else "",
        "start_time": _time(run.start_time),
        "end_time": _time(run.end_time),
        "sessions": run.sessions or "",
        "hours": _hours(run.hours),
        "seats": run.seats or "",
        "booking_status": template.BOOKING_STATUS.get(run.booking_status, ""),
        "venue_name": venue.name if venue else "",
        "venue_street": venue.street if venue else "",
        "venue_postcode": venue.postcode if venue else "",
        "venue_town": venue.town_name if venue else "",
        "is_online": "ja" if run.is_online else "nein",
        "run_price_cents": euro(run.price_cents),
        "note": run.note,
    }


def table_rows(offerings):
    """One row per run (an offering without runs gets one row with empty run columns)."""
    for offering in offerings:
        values = offering_values(offering)
        runs = list(offering.runs.all()) or [None]
        for run in runs:
            row = dict(values)
            if run is not None:
                row.update(run_values(run))
            yield [row.get(column.key, "") for column in template.COLUMNS]


def export_csv(provider):
    return template.csv_bytes(table_rows(provider_offerings(provider)))


def export_xlsx(provider):
    return template.xlsx_bytes(table_rows(provider_offerings(provider)))


def export_jsonld(provider, base_url):
    """A JSON list of schema.org Course objects (the markup of our offering pages)."""
    import json

    base_url = base_url.rstrip("/")
    provider_url = base_url + provider.get_absolute_url()
    courses = [
        course_data(offering, list(offering.runs.all()),
                    base_url + offering.get_absolute_url(), provider_url)
        for offering in provider_offerings(provider)
    ]
    return json.dumps(courses, ensure_ascii=False, indent=1).encode("utf-8")


def export_ical(provider, base_url, domain="bildungsportal"):
    """One calendar with every dated run of the provider's offerings."""
    from icalendar import Calendar

    base_url = base_url.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", "-//Bildungsportal//Export//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", provider.name)
    for offering in provider_offerings(provider):
        url = base_url + offering.get_absolute_url()
        for run in offering.runs.all():
            if run.start_date is None:
                continue
            calendar.add_component(run_event(run, offering, url=url, domain=domain))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def export(provider, format_name, *, base_url="http://127.0.0.1:8000", domain="bildungsportal"):
    """(bytes, content type, file name) of one export; ValueError for an unknown format."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown export format {format_name!r}")
    content_type, extension, _label = FORMATS[format_name]
    if format_name == "csv":
        data = export_csv(provider)
    elif format_name == "xlsx":
        data = export_xlsx(provider)
    elif format_name == "jsonld":
        data = export_jsonld(provider, base_url)
    else:
        data = export_ical(provider, base_url, domain)
    filename = f"angebote-{provider.slug[:60] or provider.pk}.{extension}"
    return data, content_type, filename
