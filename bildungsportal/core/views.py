"""The editable static pages (imprint, privacy notice, accessibility statement, …)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation

from .models import Page


def page(request, slug):
    # The host's region's own page first (the middleware of places sets request.region).
    region = getattr(request, "region", None)
    page = Page.objects.for_region(getattr(region, "key", "")).filter(slug=slug).first()
    if page is None:
        raise Http404
    canonical = page.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    with translation.override(settings.LANGUAGE_CODE):
        german_url = page.get_absolute_url()
    return render(request, "core/page.html", {
        "page": page, "translation": page.translation(), "german_url": german_url,
    })
