"""The Merkliste's pages and its few POST actions.

Every action is a plain form POST (same-origin only, see csrf.py) that changes the signed
cookie and sends the browser back with 303 to where it came from; watchlist.js sends the same
form with fetch and gets JSON instead, so the page stays where it is.
"""

from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from icalendar import Calendar

from bildungsportal.catalog.ics import run_event

from . import cookie, selectors
from .csrf import same_origin_post


class SeeOther(HttpResponseRedirect):
    """After a POST, the browser fetches the next page with GET."""

    status_code = 303


def _next_url(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _count_text(count):
    return ngettext(
        "%(count)s Angebot auf der Merkliste", "%(count)s Angebote auf der Merkliste", count
    ) % {"count": count}


def _pk(request):
    value = request.POST.get("id", "")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    return int(value)


@same_origin_post
@require_POST
def toggle(request):
    """Keep (action=add) or drop (action=remove) one published offering."""
    watchlist = cookie.read(request)
    pk = _pk(request)
    action = request.POST.get("action")
    if pk is None or action not in ("add", "remove"):
        return _bad_request(request, _("Dieses Angebot kann nicht gemerkt werden."))
    if action == "add":
        if not selectors.publishable_ids([pk]):
            return _bad_request(
                request, _("Dieses Angebot gibt es nicht oder nicht mehr."), status=404
            )
        if not watchlist.add(pk):
            message = _("Ihre Merkliste ist voll (%(max)s Angebote). Entfernen Sie zuerst "
                        "ein anderes Angebot.") % {"max": cookie.MAX_ITEMS}
            if _wants_json(request):
                return JsonResponse({"error": message}, status=409)
            return SeeOther(reverse("watchlist:list") + "?voll=1")
        message = _("Gemerkt. %(count)s") % {"count": _count_text(len(watchlist))}
    else:
        watchlist.remove(pk)
        message = _("Von der Merkliste entfernt. %(count)s") % {
            "count": _count_text(len(watchlist))
        }
    kept = pk in watchlist
    if _wants_json(request):
        response = JsonResponse({
            "kept": kept,
            "count": len(watchlist),
            "action": "remove" if kept else "add",
            "label": _("Gemerkt – entfernen") if kept else _("Merken"),
            "message": message,
        })
    else:
        response = SeeOther(_next_url(request, reverse("watchlist:list")))
    return cookie.write(response, watchlist)


def _bad_request(request, message, status=400):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "watchlist/problem.html", {"message": message, "nav": "merkliste"},
                  status=status)


@same_origin_post
@require_POST
def clear(request):
    """Empty the whole list."""
    return cookie.write(SeeOther(reverse("watchlist:list")), cookie.Watchlist())


@same_origin_post
@require_POST
def seen(request):
    """The person has seen the changes: every item counts as kept now."""
    watchlist = cookie.read(request)
    now = cookie.now_seconds()
    for pk in watchlist.ids:
        watchlist.kept[pk] = now
    return cookie.write(SeeOther(reverse("watchlist:list")), watchlist)


@require_safe
def watchlist_page(request):
    watchlist = cookie.read(request)
    items, existing = selectors.kept_items(watchlist)
    # Deleted offerings and garbage leave the cookie here, quietly (before the menu's count
    # and the "full" notice are rendered).
    cleaned = watchlist.keep_only(existing) or watchlist.dirty
    share_url = ""
    public = [item for item in items if item.is_public]
    if public:
        ids = "-".join(str(item.offering.pk) for item in reversed(public))
        share_url = request.build_absolute_uri(reverse("watchlist:share") + f"?ids={ids}")
    response = render(request, "watchlist/list.html", {
        "items": items,
        "full": "voll" in request.GET and watchlist.is_full,
        "changed": any(item.changed for item in items),
        "has_calendar": bool(selectors.calendar_runs(item.offering for item in items)),
        "share_url": share_url,
        "max_items": cookie.MAX_ITEMS,
        "nav": "merkliste",
    })
    if cleaned:
        cookie.write(response, watchlist)
    return response


@require_safe
def calendar(request):
    """Every upcoming run of the list (or of a shared list, ?ids=1-2-3) as one .ics file."""
    if "ids" in request.GET:
        offerings = [item.offering for item in selectors.shared_items(
            cookie.share_ids(request.GET["ids"]))]
    else:
        offerings = [item.offering for item in selectors.kept_items(cookie.read(request))[0]]
    runs = selectors.calendar_runs(offerings)
    if not runs:
        raise Http404(_("Auf der Merkliste ist kein Termin mit Datum."))
    ical = Calendar()
    ical.add("prodid", "-//Bildungsportal//Merkliste//DE")
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("method", "PUBLISH")
    domain = request.get_host().split(":")[0]
    for run, offering in runs:
        url = request.build_absolute_uri(offering.get_absolute_url())
        ical.add_component(run_event(run, offering, url=url, domain=domain))
    ical.add_missing_timezones()
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="merkliste.ics"'
    return response


@same_origin_post
@require_http_methods(["GET", "POST"])
def share(request):
    """GET: a shared list, read only. POST: take it over into one's own list."""
    if request.method == "POST":
        watchlist = cookie.read(request)
        ids = cookie.share_ids(request.POST.get("ids", ""))
        published = selectors.publishable_ids(ids)
        now = cookie.now_seconds()
        for pk in ids:
            if pk in published and pk not in watchlist and not watchlist.add(pk, now):
                return cookie.write(
                    SeeOther(reverse("watchlist:list") + "?voll=1"), watchlist
                )
        return cookie.write(SeeOther(reverse("watchlist:list")), watchlist)
    ids = cookie.share_ids(request.GET.get("ids", ""))
    items = selectors.shared_items(ids)
    own = cookie.read(request)
    return render(request, "watchlist/share.html", {
        "items": items,
        "ids": "-".join(str(item.offering.pk) for item in items),
        "all_kept": bool(items) and all(item.offering.pk in own for item in items),
        "nav": "merkliste",
    })
