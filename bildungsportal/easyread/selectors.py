"""Reads for the Leichte-Sprache page: easy ways into the catalog and the counselling services."""

from dataclasses import dataclass

from bildungsportal.catalog.models import FundingOption, Offering, Provider
from bildungsportal.pages.selectors import entry_points, search_url

# Life phases in plain words; a phase the office adds later shows its own name.
EASY_LIFE_PHASES = {
    "fruehkindliche-bildung": "Kleine Kinder bis zur Schule",
    "schule": "Kinder und Jugendliche in der Schule",
    "uebergang-schule-beruf": "Von der Schule in den Beruf",
    "ausbildung-studium": "Ausbildung und Studium",
    "weiterbildung-beruf": "Lernen für Erwachsene und für den Beruf",
    "bildung-im-alter": "Lernen im Alter",
}
VOUCHER = "bildungsgutschein"
MAX_HELPERS = 12


@dataclass
class EasyLink:
    """One link into the search page with its plain-words label and number of offerings."""

    name: str
    count: int
    url: str


def easy_entry_points():
    """Life phases and towns that have offerings, each linking straight to the search page."""
    entry = entry_points()
    life_phases = [
        EasyLink(EASY_LIFE_PHASES.get(p.slug, p.name), p.count, search_url(life_phase=(p.slug,)))
        for p in entry["life_phases"] if p.count
    ]
    towns = [
        EasyLink(t.name, t.count, search_url(town=(t.slug,))) for t in entry["towns"] if t.count
    ]
    has_voucher = FundingOption.objects.filter(slug=VOUCHER).exists()
    return {
        "life_phases": life_phases,
        "towns": towns,
        "free_url": search_url(free=True),
        "voucher_url": search_url(funding=(VOUCHER,)) if has_voucher else "",
    }


def counselling_providers():
    """Counselling services (Bildungsberatung, Migrationsberatung …) with public offerings."""
    return list(
        Provider.objects.filter(
            kind=Provider.Kind.COUNSELLING, offerings__status=Offering.Status.PUBLISHED
        ).select_related("municipality").distinct().order_by("name")[:MAX_HELPERS]
    )
