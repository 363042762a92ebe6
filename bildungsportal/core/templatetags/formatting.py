"""Template filters over core.formatting: ``{{ cents|euro }}``, ``{{ distance|km }}``,
``{{ date|day }}``, ``{{ start|day_range:end }}``, ``{{ count|thousands }}``,
``{{ share|decimal }}``. Empty values (None, "") render as ""."""

from django import template

from bildungsportal.core import formatting

register = template.Library()


def _blank_safe(function):
    def filter_function(value, *args):
        if value is None or value == "":
            return ""
        return function(value, *args)

    filter_function.__name__ = function.__name__
    filter_function.__doc__ = function.__doc__
    return filter_function


register.filter("euro", _blank_safe(formatting.euro))
register.filter("km", _blank_safe(formatting.km))
register.filter("day", _blank_safe(formatting.day))
register.filter("thousands", _blank_safe(formatting.thousands))
register.filter("decimal", _blank_safe(formatting.decimal))


@register.filter
def day_range(start, end=None):
    if not start:
        return ""
    return formatting.day_range(start, end or None)
