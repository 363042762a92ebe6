"""Cross-site request protection for the Merkliste's forms without a CSRF cookie.

Django's CsrfViewMiddleware needs a `csrftoken` cookie in every browser that sees a form: with
a "Merken" button on every result, every visitor of the catalog would get one, and the privacy
notice promises that browsing the catalog sets no cookie. So these views are exempt from
Django's token check and instead accept a POST only when the browser says it comes from this
site: `Sec-Fetch-Site: same-origin`, else an `Origin` of this host (or CSRF_TRUSTED_ORIGINS),
else (very old browsers) a `Referer` on this host. Anything else is refused with 403. This is
the Origin check Django's own middleware starts with, made mandatory.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


def is_same_origin(request):
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        own = f"{request.scheme}://{request.get_host()}"
        return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
    referer = urlsplit(request.headers.get("Referer", ""))
    return (referer.scheme, referer.netloc) == (request.scheme, request.get_host())


def same_origin_post(view):
    """The view runs for same-origin requests only; others get a 403 page that says why."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not is_same_origin(request):
            message = _("Diese Anfrage kam nicht von unserer Website. Bitte benutzen Sie die "
                        "Schaltflächen auf unseren Seiten.")
            return render(request, "watchlist/problem.html",
                          {"message": message, "nav": "merkliste"}, status=403)
        return view(request, *args, **kwargs)

    return wrapped
