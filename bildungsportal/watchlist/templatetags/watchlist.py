"""{% watch_button offering %} on results and offering pages; {% watchlist_count %} for the nav."""

from django import template

from .. import cookie

register = template.Library()


@register.inclusion_tag("watchlist/button.html", takes_context=True)
def watch_button(context, offering):
    request = context.get("request")
    if request is None or offering is None or not offering.pk:
        return {"offering": None}
    # An offering can be listed twice on a page (a town's own and its neighbours' offerings):
    # each button still needs its own id.
    seen = request.__dict__.setdefault("_watch_buttons", {})
    seen[offering.pk] = seen.get(offering.pk, 0) + 1
    anchor = f"merken-{offering.pk}" + (f"-{seen[offering.pk]}" if seen[offering.pk] > 1 else "")
    return {
        "offering": offering,
        "kept": offering.pk in cookie.read(request),
        "next": request.get_full_path(),
        "anchor": anchor,
    }


@register.simple_tag(takes_context=True)
def watchlist_count(context):
    request = context.get("request")
    return len(cookie.read(request)) if request is not None else 0
