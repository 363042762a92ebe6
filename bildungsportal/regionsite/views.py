"""The region's own stylesheet (its colours) and logo, as files: the CSP forbids inline styles,
and nothing comes from a third party."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .branding import stylesheet_text

# The URLs carry a version (branding.version): a change gives a new URL, so caches may keep
# each version for a long time.
LONG = 60 * 60 * 24 * 365


@require_safe
@cache_control(public=True, max_age=LONG, immutable=True)
def stylesheet(request):
    region = request.region
    if not region.has_branding:
        raise Http404
    return HttpResponse(stylesheet_text(region), content_type="text/css; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=LONG, immutable=True)
def logo(request):
    region = request.region
    if not region.logo:
        raise Http404
    response = HttpResponse(bytes(region.logo), content_type=region.logo_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
