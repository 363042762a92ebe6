"""{% load finder %}: „Ähnliche Angebote“ for an offering page."""

from django import template

from ..similar import similar_to

register = template.Library()


@register.inclusion_tag("finder/similar.html")
def similar_offerings(offering):
    """Up to five similar offerings, each with why it is similar."""
    return {"items": similar_to(offering)}
