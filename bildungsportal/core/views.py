"""The editable static pages (imprint, privacy notice, accessibility statement, …)."""

from django.shortcuts import get_object_or_404, redirect, render

from .models import Page


def page(request, slug):
    page = get_object_or_404(Page, slug=slug)
    canonical = page.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    return render(request, "core/page.html", {"page": page})
