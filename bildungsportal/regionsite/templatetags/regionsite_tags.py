"""The region's marks in the shared templates: stylesheet, logo, home heading, the label of
an offering from across the border. Each tag renders nothing for the default look."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bildungsportal.catalog.regions import offering_region_ids
from bildungsportal.places.models import Municipality, Region
from bildungsportal.places.regions import current_region
from bildungsportal.search.facet_index import REGION, get_index

from ..branding import stylesheet_text, version

register = template.Library()


@register.simple_tag
def region_stylesheet():
    """<link> to the region's colours (after site.css), or nothing."""
    region = current_region()
    if not region.has_branding:
        return ""
    url = f"{reverse('regionsite:stylesheet')}?v={version(stylesheet_text(region))}"
    return render_to_string("regionsite/stylesheet.html", {"url": url})


@register.simple_tag
def region_logo():
    """The region's logo before the site name (decorative: the name follows), or nothing."""
    region = current_region()
    if not region.logo:
        return ""
    url = f"{reverse('regionsite:logo')}?v={version(bytes(region.logo))}"
    return render_to_string("regionsite/logo.html", {"url": url})


def home_text(region, language=None):
    """The region's {"title", "intro"} for the language, else its German one, else None."""
    texts = region.home_texts or {}
    entry = texts.get(language or get_language()) or texts.get("de")
    return entry if entry and (entry.get("title") or entry.get("intro")) else None


@register.simple_tag
def region_hero(entry):
    """The home page's heading and first paragraph of a region with its own (or of a region
    other than the default, from its name); "" keeps the default region's wording."""
    region = current_region()
    own = home_text(region)
    if own is None and region.is_default:
        return ""
    return render_to_string("regionsite/hero.html", {
        "region": region, "own": own, "total": entry["total"],
        "towns": Municipality.objects.in_district(region).count(),
    })


@register.simple_tag
def region_description():
    """The pages' default meta description for a region other than the default ("" keeps
    the default region's wording)."""
    region = current_region()
    own = home_text(region)
    if own and own.get("intro"):
        return own["intro"]
    if region.is_default:
        return ""
    return _("Alle Bildungsangebote der Region %(name)s an einem Ort: Kurse, Schulen, Kitas, "
             "Beratung und Weiterbildung für jede Lebensphase.") % {"name": region.name}


@register.simple_tag
def hit_regions(hit):
    """A search hit from across the border: the names of its regions."""
    if not getattr(hit, "other_regions", None):
        return ""
    return render_to_string("regionsite/hit_regions.html", {"regions": hit.other_regions})


def shown_region_ids(offering):
    """The regions an offering is shown in: from the search index every page holds anyway (no
    query), else by the rule itself (catalog/regions.py)."""
    index = get_index()
    positions, found = index.positions_of([offering.pk])
    if not found[0]:
        return offering_region_ids(offering)
    start, end = index.pair_offsets[REGION][positions[0]:positions[0] + 2]
    return set(index.pairs[REGION].value[start:end].tolist())


@register.simple_tag(takes_context=True)
def offering_region(context, offering):
    """An offering page reached from another region's site names its regions and links
    their sites."""
    ids = shown_region_ids(offering)
    here = current_region()
    if not ids or here.pk in ids:
        return ""
    request = context.get("request")
    scheme = request.scheme if request is not None else "https"
    regions = [
        {"name": region.name,
         "url": f"{scheme}://{region.host}{offering.get_absolute_url()}" if region.host
         else ""}
        for region in Region.objects.filter(pk__in=ids).order_by("name")
    ]
    return render_to_string("regionsite/offering_region.html", {"regions": regions})
