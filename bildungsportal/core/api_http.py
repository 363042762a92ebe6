"""The HTTP manners of the JSON API for outside users: CORS, a rate limit, conditional GETs.

Only for /api/ paths. Runs inside the gzip middleware (settings.MIDDLEWARE), so the ETag is the
hash of the uncompressed body (gzip marks it weak) and a 304 is never compressed.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

from .middleware import API_PREFIX
from .ratelimit import RateLimit

LIMIT = RateLimit("API", limit=600, window=60)
EXPOSED = ("ETag, Last-Modified, Retry-After, Content-Language, RateLimit-Limit, "
           "RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy")
# Headers a browser may send across origins (If-None-Match makes a GET "non-simple").
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"


def api_http(get_response):
    def middleware(request):
        if not request.path_info.startswith(API_PREFIX):
            return get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return _cors(_preflight())
        decision = LIMIT.hit(request)
        if decision.allowed:
            response = _conditional(request, get_response(request))
        else:
            response = JsonResponse(
                {"detail": _("Zu viele Anfragen. Bitte in %(seconds)s Sekunden erneut "
                             "versuchen.") % {"seconds": decision.reset_seconds},
                 "errors": {}},
                status=429,
            )
            response["Retry-After"] = str(decision.reset_seconds)
        if decision.limit:
            response["RateLimit-Limit"] = str(decision.limit)
            response["RateLimit-Remaining"] = str(decision.remaining)
            response["RateLimit-Reset"] = str(decision.reset_seconds)
            response["RateLimit-Policy"] = f"{decision.limit};w={LIMIT.window}"
        return _cors(response)

    return middleware


def _preflight():
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def _cors(response):
    # "*" never carries cookies: the office's session-authenticated survey results stay
    # unreadable to other origins although the header is on every answer.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED
    return response


def _conditional(request, response):
    """ETag on every successful GET; 304 when the client's validators still hold."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("Cache-Control"):
        # Stored, but asked again each time: a changed catalog shows at once, an unchanged
        # answer costs a 304. Logged-in answers (survey results) stay out of shared caches.
        # (Asking request.user would read the session and add "Vary: Cookie" to every answer.)
        private = settings.SESSION_COOKIE_NAME in request.COOKIES
        response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    patch_vary_headers(response, ("Accept-Language",))
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
