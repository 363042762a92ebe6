"""The public catalog as files: JSON-LD (schema.org), CSV (semicolon, UTF-8 with BOM), XLSX.

One pass over the published offerings in chunks (keyset by id, everything prefetched per
chunk) feeds all three writers, so memory stays bounded by the chunk, whatever the catalog's
size. Each file is written under a temporary name in the target directory and renamed into
place at the end (atomic on one file system): readers never see half a file. One row per
offering; its runs are summarised (count, first start, last end, towns, online) in CSV and
XLSX and listed in full in JSON-LD (docs/open-data.md).
"""

import csv
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.module_loading import import_string
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from bildungsportal.catalog.jsonld import course_data
from bildungsportal.catalog.models import (
    FundingOption,
    Language,
    LifePhase,
    Offering,
    Run,
    TargetGroup,
    Topic,
)

from .conf import conf

CHUNK = 1000
MANIFEST = "manifest.json"
# Name, title (German, shown on the page via the template), media type, EU file type.
FILES = {
    "katalog.jsonld": ("application/ld+json", "JSON_LD"),
    "katalog.csv": ("text/csv", "CSV"),
    "katalog.xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "XLSX"),
}
COLUMNS = (
    "id", "url", "titel", "kurzbeschreibung", "beschreibung", "zugangsvoraussetzungen",
    "anbieter_id", "anbieter", "format", "lebensphasen", "themen", "zielgruppen", "sprachen",
    "preis_euro", "preis_ermaessigt_euro", "kostenfrei", "preis_hinweis", "foerderung",
    "abschluss", "dqr_niveau", "anmeldung_url", "anmeldung_kontakt", "termine",
    "erster_beginn", "letztes_ende", "naechster_beginn", "orte", "online", "aktualisiert",
)
LIST_SEPARATOR = " | "
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CELL = 32_767
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def offerings(chunk=CHUNK):
    """Every published offering with what the files need, chunk by chunk (keyset by id)."""
    runs = Run.objects.select_related("venue__municipality").order_by(
        "start_date", "start_time", "id")
    base = (
        Offering.objects.published()
        .select_related("provider", "format", "dqr_level")
        .prefetch_related(
            Prefetch("runs", queryset=runs),
            # Only what the files name: the terms' translations and descriptions stay unread.
            *(Prefetch(name, queryset=model.objects.only("slug", "name", "position"))
              for name, model in (("topics", Topic), ("life_phases", LifePhase),
                                  ("target_groups", TargetGroup), ("languages", Language),
                                  ("funding_options", FundingOption))),
        )
        .order_by("pk")
    )
    last = 0
    while True:
        batch = list(base.filter(pk__gt=last)[:chunk])
        if not batch:
            return
        yield from batch
        last = batch[-1].pk


def defuse(text):
    """A text cell that no spreadsheet reads as a formula (OWASP: prefix with ')."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _euro(cents):
    return None if cents is None else cents / 100


def _names(items):
    return LIST_SEPARATOR.join(item.name for item in items)


def row(offering, url, today):
    """The offering's values in COLUMNS order (numbers, dates and texts, not yet escaped)."""
    runs = list(offering.runs.all())
    starts = [r.start_date for r in runs if r.start_date]
    ends = [r.end_date or r.start_date for r in runs if r.end_date or r.start_date]
    upcoming = [day for day in starts if day >= today]
    towns = sorted({r.venue.town_name for r in runs if r.venue_id and r.venue.town_name})
    return [
        offering.pk, url, offering.title, offering.summary, offering.description,
        offering.entry_requirements, offering.provider_id, offering.provider.name,
        offering.format.name, _names(offering.life_phases.all()), _names(offering.topics.all()),
        _names(offering.target_groups.all()), _names(offering.languages.all()),
        _euro(offering.price_cents), _euro(offering.price_reduced_cents),
        "ja" if offering.is_free else "nein", offering.price_note,
        _names(offering.funding_options.all()), offering.certificate, offering.dqr_level_id,
        offering.registration_url, offering.registration_contact, len(runs),
        min(starts, default=None), max(ends, default=None), min(upcoming, default=None),
        LIST_SEPARATOR.join(towns), "ja" if any(r.is_online for r in runs) else "nein",
        timezone.localtime(offering.updated_at).replace(microsecond=0, tzinfo=None),
    ]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return defuse(value)
    return str(value)


class CsvWriter:
    def __init__(self, handle):
        handle.write("\ufeff")  # the BOM: Excel then reads UTF-8
        self.writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        self.writer.writerow(COLUMNS)

    def add(self, values, offering, url):
        self.writer.writerow([_csv_value(v) for v in values])


class XlsxWriter:
    """openpyxl's write-only mode: rows go straight to a temporary file, not into memory."""

    def __init__(self, path):
        self.path = path
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("Angebote")
        self.sheet.append(COLUMNS)

    def _cell(self, value):
        if not isinstance(value, str):
            return value
        value = ILLEGAL_XML.sub("", value)[:XLSX_MAX_CELL]
        if value.startswith("="):
            # openpyxl would store it as a formula; a string cell is never evaluated.
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    def add(self, values, offering, url):
        self.sheet.append([self._cell(v) for v in values])

    def close(self):
        self.book.save(self.path)


class JsonLdWriter:
    """{"@context": …, "@graph": [Course, …]}, one Course per offering, written as it comes."""

    def __init__(self, handle, provider_url):
        self.handle, self.provider_url, self.first = handle, provider_url, True
        handle.write('{"@context":"https://schema.org","@graph":[\n')

    def add(self, values, offering, url):
        data = course_data(offering, offering.runs.all(), url,
                           self.provider_url(offering.provider))
        data.pop("@context", None)
        if offering.dqr_level_id:
            # A qualification on a DQR level is a programme too (schema.org multi-typing).
            data["@type"] = ["Course", "EducationalOccupationalProgram"]
            data["programType"] = offering.format.name
        self.handle.write(("" if self.first else ",\n")
                          + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        self.first = False

    def close(self):
        self.handle.write("\n]}\n")


@dataclass
class BuildResult:
    directory: Path
    count: int = 0
    files: dict = field(default_factory=dict)  # name → size in bytes


def _temporary(directory, name):
    return directory / f".{name}.{os.getpid()}.tmp"


def build(directory=None, base_url=None, chunk=CHUNK):
    """Write every file into ``directory`` (default: settings) and rename them into place."""
    directory = Path(directory or conf("directory"))
    directory.mkdir(parents=True, exist_ok=True)
    base_url = (conf("base_url") if base_url is None else base_url).rstrip("/")
    temporary = {name: _temporary(directory, name) for name in FILES}
    result = BuildResult(directory)
    today = timezone.localdate()
    try:
        with (open(temporary["katalog.csv"], "w", encoding="utf-8", newline="") as csv_file,
              open(temporary["katalog.jsonld"], "w", encoding="utf-8") as jsonld_file):
            xlsx = XlsxWriter(temporary["katalog.xlsx"])
            jsonld = JsonLdWriter(jsonld_file, lambda p: base_url + p.get_absolute_url())
            writers = (CsvWriter(csv_file), xlsx, jsonld)
            for offering in offerings(chunk):
                url = base_url + offering.get_absolute_url()
                values = row(offering, url, today)
                for writer in writers:
                    writer.add(values, offering, url)
                result.count += 1
            jsonld.close()
            xlsx.close()
        extra = []
        for path in conf("extra_distributions"):
            extra += import_string(path)(directory)
        for name, path in temporary.items():
            os.replace(path, directory / name)
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)
    names = [*FILES, *(name for name, *_ in extra)]
    result.files = {name: (directory / name).stat().st_size for name in names}
    manifest = {"built_at": timezone.now().isoformat(), "count": result.count,
                "files": result.files,
                "extra": [{"name": n, "title": t, "media_type": m} for n, t, m in extra]}
    manifest_tmp = _temporary(directory, MANIFEST)
    manifest_tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    os.replace(manifest_tmp, directory / MANIFEST)
    return result


def manifest(directory=None):
    """What the last build wrote ({} before the first build)."""
    path = Path(directory or conf("directory")) / MANIFEST
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
