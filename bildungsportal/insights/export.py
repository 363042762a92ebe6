"""Indicator tables as rows for the CLI export: CSV (semicolon, UTF-8 with BOM), XLSX, JSON.

Survey figures arrive suppressed from indicators.py: an empty value and the display
"zu wenige Antworten", never a count below k.
"""

import csv
import io
import json

COLUMNS = ("indikator", "bezeichnung", "einheit", "quelle", "lebensphase", "thema",
           "gemeinde", "ags", "wert", "anzeige", "n", "stand")


def rows(tables):
    """One dict per table × town (the district last, as "kreis")."""
    for table in tables:
        indicator = table.indicator
        for item in [*table.towns, table.district]:
            yield {
                "indikator": indicator.key, "bezeichnung": str(indicator.label),
                "einheit": str(indicator.unit), "quelle": indicator.source,
                "lebensphase": table.filters.life_phase or "",
                "thema": table.filters.topic or "", "gemeinde": item.slug, "ags": item.ags,
                "wert": None if item.suppressed else item.value, "anzeige": item.display,
                "n": item.n, "stand": table.as_of.isoformat(),
            }


def _german_number(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}".replace(".", ",")
    return str(value)


def to_csv(items):
    """Text for Excel in Germany: semicolons, decimal commas, a BOM (as bytes)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in items:
        writer.writerow([_german_number(row[c]) if c in ("wert", "n") else row[c]
                         for c in COLUMNS])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def to_xlsx(items):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Indikatoren")
    sheet.append(list(COLUMNS))
    for row in items:
        sheet.append([row[c] for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(items):
    return json.dumps(list(items), ensure_ascii=False, indent=1).encode("utf-8")


FORMATS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json}
