"""Population per town and age group: Zensus 2022 totals × age shares of 31.12.2015.

The age bands per town (GENESIS 12411-02-03-5) are older than the totals (Zensus 2022,
15.05.2022), so the monitoring applies each town's band *shares* of 31.12.2015 to its 2022
total and says so wherever a figure per 1,000 inhabitants of an age group is shown.
"""

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data" / "population_age_bands.csv"
TOTALS_DATE = date(2022, 5, 15)
BANDS_DATE = date(2015, 12, 31)

# The ages a life phase addresses: [from, to) in years, on the 17 GENESIS bands.
LIFE_PHASE_AGES = {
    "fruehkindliche-bildung": (0, 6),
    "schule": (6, 18),
    "uebergang-schule-beruf": (15, 25),
    "ausbildung-studium": (18, 30),
    "weiterbildung-beruf": (25, 65),
    "bildung-im-alter": (65, None),
}


@dataclass(frozen=True)
class Band:
    code: str  # "00-03" … "75+"
    label: str
    age_from: int
    age_to: int | None  # exclusive; None for the open top band


@lru_cache(maxsize=1)
def _table():
    """{ags: {band code: population 2015}} and the bands in order; the file is read once."""
    bands, counts = {}, {}
    with open(DATA, encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            to = int(row["age_to_excl"]) if row["age_to_excl"] else None
            bands.setdefault(row["age_band"], Band(row["age_band"], row["age_band_label_de"],
                                                   int(row["age_from"]), to))
            counts.setdefault(row["ags"], {})[row["age_band"]] = int(row["population"])
    return list(bands.values()), counts


def bands():
    return _table()[0]


def band_shares(ags):
    """{band code: share of the town's population on 31.12.2015}; {} for an unknown AGS."""
    counts = _table()[1].get(ags)
    if not counts:
        return {}
    total = sum(counts.values())
    return {code: count / total for code, count in counts.items()}


def in_range(band, age_from, age_to):
    """Whether a band lies inside [age_from, age_to)."""
    top = band.age_to if band.age_to is not None else 200
    return band.age_from >= age_from and (age_to is None or top <= age_to)


def age_group_share(ags, life_phase=None):
    """Share of the town's population in the ages the life phase addresses (1.0 for none)."""
    if not life_phase or life_phase not in LIFE_PHASE_AGES:
        return 1.0
    shares = band_shares(ags)
    if not shares:
        return 1.0
    age_from, age_to = LIFE_PHASE_AGES[life_phase]
    return sum(shares[b.code] for b in bands() if in_range(b, age_from, age_to))


def estimate(total_2022, ags, life_phase=None):
    """Estimated inhabitants of the life phase's ages: the 2022 total × the 2015 share."""
    return total_2022 * age_group_share(ags, life_phase)


def band_estimates(total_2022, ags):
    """[(band, estimated inhabitants)] for a town's page."""
    shares = band_shares(ags)
    return [(band, round(total_2022 * shares.get(band.code, 0))) for band in bands()]


def population_note():
    return _("Einwohner: Zensus 2022 (Stand %(totals)s); Altersgruppen geschätzt aus den "
             "Anteilen am %(bands)s (GENESIS 12411-02-03-5), angewandt auf die Zahlen von "
             "2022.") % {"totals": TOTALS_DATE.strftime("%d.%m.%Y"),
                         "bands": BANDS_DATE.strftime("%d.%m.%Y")}
