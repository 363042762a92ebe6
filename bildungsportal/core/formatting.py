"""German number, money, distance and date formatting: the one implementation for views,
templates (``{% load formatting %}``) and exports. Pure functions; imports no app of ours."""

from django.utils.translation import gettext_lazy

NBSP = "\u00a0"
WEEKDAY_ABBR = (
    gettext_lazy("Mo"), gettext_lazy("Di"), gettext_lazy("Mi"), gettext_lazy("Do"),
    gettext_lazy("Fr"), gettext_lazy("Sa"), gettext_lazy("So"),
)


def thousands(number):
    """1234567 → "1.234.567" (German grouping)."""
    return f"{int(number):,}".replace(",", ".")


def decimal(value, places=1):
    """12.5 → "12,5"; integers stay as they are; None → ""."""
    if value is None:
        return ""
    text = f"{value:.{places}f}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def euro(cents):
    """1234567 → "12.345,67 €" (German grouping and decimal comma, no-break space)."""
    euros, rest = divmod(int(cents), 100)
    return f"{thousands(euros)},{rest:02d}{NBSP}€"


def km(distance):
    """3.25 → "3,2 km", 12.6 → "13 km": a decimal only where it helps."""
    text = f"{distance:.1f}".replace(".", ",") if distance < 10 else f"{distance:.0f}"
    return f"{text}{NBSP}km"


def day(value):
    """A date → "Fr, 05.12.2026"."""
    return f"{WEEKDAY_ABBR[value.weekday()]}, {value:%d.%m.%Y}"


def day_range(start, end=None):
    """One day, or "Mo, 01.06.2026 – Fr, 05.06.2026" when the end is another day."""
    if end is None or end == start:
        return day(start)
    return f"{day(start)} – {day(end)}"
