"""The Leichte-Sprache page and the QR code of an offering page."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from bildungsportal.catalog.models import Offering
from bildungsportal.core.qr import qr_svg

from .selectors import counselling_providers, easy_entry_points


@require_GET
def easy_home(request):
    """/leichte-sprache/: what the portal is, how to find a course, costs, help, easy links."""
    # Leichte Sprache is German: the page is German whatever the request's language.
    with translation.override("de"):
        entry = easy_entry_points()
        return render(request, "easyread/home.html", {
            "life_phases": entry["life_phases"],
            "towns": entry["towns"],
            "free_url": entry["free_url"],
            "voucher_url": entry["voucher_url"],
            "helpers": counselling_providers(),
            "search_url": reverse("catalog:search"),
        })


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def offering_qr(request, pk):
    """The QR code (SVG) of /angebote/<pk>/ in the page's language, as an absolute URL."""
    if not Offering.objects.published().filter(pk=pk).exists():
        raise Http404
    url = request.build_absolute_uri(reverse("catalog:offering_short", kwargs={"pk": pk}))
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="angebot-{pk}-qr.svg"'
    return response
