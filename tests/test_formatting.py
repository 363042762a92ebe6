"""German formatting in one place: core.formatting and its template filters."""

from datetime import date

from django.template import Context, Template

from bildungsportal.core import formatting


def render(source, **context):
    return Template("{% load formatting %}" + source).render(Context(context))


def test_euro_groups_thousands_and_uses_a_decimal_comma():
    assert formatting.euro(0) == "0,00\u00a0€"
    assert formatting.euro(1250) == "12,50\u00a0€"
    assert formatting.euro(123456789) == "1.234.567,89\u00a0€"


def test_km_shows_a_decimal_only_below_ten():
    assert formatting.km(3.25) == "3,2\u00a0km"
    assert formatting.km(12.6) == "13\u00a0km"


def test_days_and_ranges_are_german():
    friday, monday = date(2026, 12, 4), date(2026, 11, 30)
    assert formatting.day(friday) == "Fr, 04.12.2026"
    assert formatting.day_range(monday, friday) == "Mo, 30.11.2026 – Fr, 04.12.2026"
    assert formatting.day_range(friday, friday) == "Fr, 04.12.2026"
    assert formatting.day_range(friday) == "Fr, 04.12.2026"


def test_numbers():
    assert formatting.thousands(271000) == "271.000"
    assert formatting.decimal(12.5) == "12,5"
    assert formatting.decimal(7) == "7"
    assert formatting.decimal(None) == ""


def test_filters_render_and_leave_empty_values_empty():
    assert render("{{ p|euro }}", p=4500) == "45,00\u00a0€"
    assert render("{{ p|euro }}|{{ q|km }}|{{ d|day }}", p=None, q="", d=None) == "||"
    assert render("{{ d|km }}", d=2.0) == "2,0\u00a0km"
    assert render("{{ n|thousands }}", n=1234) == "1.234"
    assert render("{{ s|day_range:e }}", s=date(2026, 6, 1), e=date(2026, 6, 5)) == (
        "Mo, 01.06.2026 – Fr, 05.06.2026"
    )
    assert render("{{ s|day_range:e }}", s=date(2026, 6, 1), e=None) == "Mo, 01.06.2026"
