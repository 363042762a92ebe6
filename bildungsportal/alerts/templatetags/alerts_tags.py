"""`{% search_feed_link %}` in the search page's head, `{% follow_search %}` in its results."""

from django import template

from bildungsportal.alerts import searches
from bildungsportal.alerts.forms import SignupForm

register = template.Library()


@register.inclusion_tag("alerts/feed_link.html", takes_context=True)
def search_feed_link(context):
    params, result = context["params"], context.get("result")
    return {"feed_url": searches.feed_url(params),
            "feed_title": searches.title(params, result)}


@register.inclusion_tag("alerts/follow_box.html", takes_context=True)
def follow_search(context):
    """The box „Diese Suche verfolgen“: the feed and the e-mail sign-up for this search."""
    params, result = context["params"], context.get("result")
    query = searches.canonical(params)
    return {
        "feed_url": searches.feed_url(params),
        "search_name": searches.name(params, result),
        "form": SignupForm(initial={"query": query}),
    }
