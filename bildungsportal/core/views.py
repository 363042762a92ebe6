"""Home page and the editable static pages."""

from django.shortcuts import get_object_or_404, redirect, render

from bildungsportal.catalog.selectors import entry_points

from .models import Page


def home(request):
    return render(request, "core/home.html", {"entry": entry_points(), "is_home": True})


def page(request, slug):
    page = get_object_or_404(Page, slug=slug)
    canonical = page.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    return render(request, "core/page.html", {"page": page})
