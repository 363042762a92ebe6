"""The editable static pages (imprint, privacy notice, accessibility statement, …)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation

from .models import Page


def page(request, slug):
    page = get_object_or_404(Page, slug=slug)
    canonical = page.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    with translation.override(settings.LANGUAGE_CODE):
        german_url = page.get_absolute_url()
    return render(request, "core/page.html", {
        "page": page, "translation": page.translation(), "german_url": german_url,
    })
