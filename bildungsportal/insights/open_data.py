"""The published indicators of the Bildungsmonitoring as an open-data file (indikatoren.csv).

Called by the open-data build (opendata/dump.py) through ``settings.OPEN_DATA
["extra_distributions"]`` — insights sits above opendata, so the wiring names it, not
opendata. The figures are those of /api/v1/insights/indicators/{key} without filters, with the
same small-cell suppression: a suppressed survey figure is empty, ``unterdrueckt`` = ja.
"""

import csv
import os

from .definitions import INDICATORS
from .indicators import Filters, indicator_table

NAME = "indikatoren.csv"
COLUMNS = ("indikator", "bezeichnung", "einheit", "ags", "gebiet", "wert", "anzeige", "n",
           "unterdrueckt", "stand")


def _row(indicator, town, as_of):
    value = None if town.suppressed else town.value
    return [indicator.key, str(indicator.label), str(indicator.unit), town.ags, str(town.name),
            "" if value is None else f"{value}".replace(".", ","), str(town.display),
            "" if town.n is None or town.suppressed else town.n,
            "ja" if town.suppressed else "nein", as_of.isoformat()]


def indicators_csv(directory):
    """Write indikatoren.csv (semicolon, UTF-8 with BOM) atomically; the distribution list."""
    temporary = directory / f".{NAME}.{os.getpid()}.tmp"
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write("\ufeff")
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            writer.writerow(COLUMNS)
            for key, indicator in INDICATORS.items():
                table = indicator_table(Filters(indicator=key))
                for town in [*table.towns, table.district]:
                    writer.writerow(_row(indicator, town, table.as_of))
        os.replace(temporary, directory / NAME)
    finally:
        temporary.unlink(missing_ok=True)
    return [(NAME, "Indikatoren des Bildungsmonitorings je Gemeinde (CSV)", "text/csv")]
