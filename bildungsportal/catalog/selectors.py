"""Reads of catalog data shared by pages, API and commands (nothing here goes through search)."""

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import get_language

from .models import Offering, Run
from .vocabularies import ALL_VOCABULARIES, OFFERING_RELATIONS, TIMES_OF_DAY, WEEKDAYS


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


def vocabulary_labels(language=None):
    """Search parameter → {slug: name} in the language (the active one), for translated terms.

    The search's facets carry the German names; the pages name the values in the page language
    with this. Terms without a translation keep German (not listed); weekdays and times of day
    are always listed.
    """
    language = language or get_language() or "de"
    # The fixed vocabularies are gettext strings: named here, in the page language, because a
    # search result (cached across requests) keeps the names of whoever searched first.
    with translation.override(language):
        labels = {
            "weekday": {code: str(name) for code, name in WEEKDAYS.items()},
            "time_of_day": {code: str(name) for code, name in TIMES_OF_DAY.items()},
        }
    if language == "de":
        return labels
    for kind in ALL_VOCABULARIES:
        for slug, translations in kind.model.objects.exclude(translations={}).values_list(
            "slug", "translations"
        ):
            name = (translations.get(language) or {}).get("name")
            if name:
                labels.setdefault(kind.url_param, {})[slug] = name
    return labels
