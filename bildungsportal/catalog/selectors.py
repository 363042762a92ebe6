"""Reads of catalog data shared by pages, API and commands (nothing here goes through search)."""

from django.db.models import Prefetch

from .models import Offering, Run
from .vocabularies import OFFERING_RELATIONS


def offering_for_page(pk):
    """A published offering with everything its page shows, or None."""
    runs = Run.objects.select_related("venue__municipality").order_by(
        "start_date", "start_time", "id"
    )
    return (
        Offering.objects.published()
        .select_related("provider__municipality", "format", "dqr_level")
        .prefetch_related(
            *(kind.field for kind in OFFERING_RELATIONS),
            "provider__quality_seals", Prefetch("runs", queryset=runs),
        )
        .filter(pk=pk)
        .first()
    )


def provider_offerings(provider):
    """A provider's published offerings, with their runs for the "next date" column."""
    runs = Run.objects.select_related("venue__municipality").order_by(
        "start_date", "start_time", "id"
    )
    return (
        Offering.objects.published()
        .filter(provider=provider)
        .select_related("format")
        .prefetch_related(Prefetch("runs", queryset=runs))
        .order_by("title", "id")
    )
