"""German display texts of catalog facts: prices, days, distances, a run's dates and place.

Formatted here, in German, independent of the browser's language, so the public pages, the
provider area's preview and the change history read the same for everyone.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bildungsportal.core.formatting import day, euro

from .ics import has_calendar_file
from .models import Run
from .vocabularies import WEEKDAYS

WEEKDAY_NAMES = tuple(WEEKDAYS.values())  # index 0 = Monday
SOURCE_LABELS = {
    "manual": gettext_lazy("vom Anbieter oder vom Bildungsbüro eingetragen"),
    "demo": gettext_lazy("Demo-Daten (erfunden)"),
    "vhs": gettext_lazy("Programm der Volkshochschule (Datenexport)"),
    "ba": gettext_lazy("Weiterbildungssuche der Bundesagentur für Arbeit"),
    "jsonld": gettext_lazy("Website des Anbieters (schema.org)"),
    "ical": gettext_lazy("Kalender des Anbieters"),
    "csv": gettext_lazy("Tabelle des Anbieters"),
    "xlsx": gettext_lazy("Tabelle des Anbieters"),
}


def price_text(offering, runs=()):
    """"kostenfrei", "ab 45,00 €" or "" when no price is known."""
    if offering.is_free:
        return _("kostenfrei")
    prices = [r.price_cents for r in runs if r.price_cents is not None]
    prices += [p for p in (offering.price_cents, offering.price_reduced_cents) if p is not None]
    if not prices:
        return ""
    lowest = min(prices)
    if lowest == 0:
        return _("kostenfrei")
    return _("ab %(price)s") % {"price": euro(lowest)}


@dataclass
class RunInfo:
    dates: str
    weekdays: str
    time: str
    place: str
    is_past: bool
    ics_url: str = ""


def is_single_day(run):
    """True for a run on one day only: a one-off date is never "weekly", whatever was imported."""
    start, end = run.start_date, run.end_date
    if start is None:
        return False
    return end == start or (end is None and run.recurrence != Run.Recurrence.WEEKLY)


def effective_recurrence(run):
    """The run's rhythm as it really is: a weekly run on a single day is a one-off date."""
    if is_single_day(run):
        return Run.Recurrence.ONCE
    return Run.Recurrence(run.recurrence)


def describe_run(run, today=None):
    today = today or date.today()
    start, end = run.start_date, run.end_date
    recurrence = effective_recurrence(run)
    if start is None:
        dates = _("laufend, ohne feste Termine")
    elif end is None or end == start:
        dates = day(start)
        if recurrence == Run.Recurrence.WEEKLY:
            dates = _("ab %(date)s") % {"date": dates}
    else:
        dates = f"{day(start)} – {day(end)}"
    weekdays = ""
    names = ", ".join(str(WEEKDAY_NAMES[d]) for d in run.weekday_numbers)
    if recurrence == Run.Recurrence.ONCE:
        # One day: its date names the weekday. A block of days (a weekend, Monday to Friday)
        # happens once, never "weekly".
        if run.weekdays and not is_single_day(run) and names:
            weekdays = _("an diesen Tagen: %(days)s") % {"days": names}
    elif run.weekdays or recurrence == Run.Recurrence.WEEKLY:
        weekdays = _("wöchentlich: %(days)s") % {"days": names} if names else ""
    time = ""
    if run.start_time and run.end_time:
        time = _("%(start)s–%(end)s Uhr") % {
            "start": run.start_time.strftime("%H:%M"), "end": run.end_time.strftime("%H:%M"),
        }
    elif run.start_time:
        time = _("ab %(start)s Uhr") % {"start": run.start_time.strftime("%H:%M")}
    if run.venue_id:
        place = run.venue.town_name
        if run.is_online:
            place = _("%(town)s oder online") % {"town": place}
    else:
        place = _("online")
    return RunInfo(dates, weekdays, time, place, run.is_past(today))


def attach_run_info(runs, offering):
    today = date.today()
    for run in runs:
        run.info = describe_run(run, today)
        if has_calendar_file(run):
            run.info.ics_url = reverse(
                "catalog:run_ics",
                kwargs={"pk": offering.pk, "slug": offering.slug, "run_id": run.pk},
            )
    return runs


