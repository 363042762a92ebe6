"""Tags for the offering page: the glossary terms it uses and its short address."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..glossary import terms_for

register = template.Library()


@register.simple_tag
def glossary_terms(offering, *run_lists):
    """The glossary terms the page of ``offering`` uses (runs: every list the page shows)."""
    runs = [run for runs in run_lists for run in (runs or [])]
    return terms_for(offering, runs)


@register.simple_tag(takes_context=True)
def short_url(context, offering):
    """The offering's short address (/angebote/<id>/ in the page language), absolute."""
    path = reverse("catalog:offering_short", kwargs={"pk": offering.pk})
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.filter
def breakable_url(url):
    """The address with line-break chances after each "/" (a narrow box, a phone)."""
    return mark_safe(escape(url).replace("/", "/<wbr>"))
