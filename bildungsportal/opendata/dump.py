"""The public catalog as files: JSON-LD (schema.org), CSV (semicolon, UTF-8 with BOM), XLSX.

One pass over the published offerings per process, range by range (keyset by id, plain rows
from `rows.offerings`), feeds the writers as it goes, so memory stays bounded by one range,
whatever the catalog's size. By default JSON-LD is written in one forked process and the two
tables in another (both cores; `processes` setting). Each file is written under a temporary
name in the target directory and renamed into place at the end (atomic on one file system):
readers never see half a file. One row per offering; its runs are summarised (count, first
start, last end, towns, online) in CSV and XLSX and listed in full in JSON-LD
(docs/open-data.md).
"""

import csv
import json
import os
import threading
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from django.db import connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from bildungsportal.catalog.jsonld import course_data
from bildungsportal.places.models import Region
from bildungsportal.places.regions import using_region

from .conf import conf
from .rows import CHUNK, offerings, published_offerings
from .xlsx import ZIP64_ROWS, SheetWriter

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


def defuse(text):
    """A text cell that no spreadsheet reads as a formula (OWASP: prefix with ')."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _euro(cents):
    return None if cents is None else cents / 100


def _names(items):
    return LIST_SEPARATOR.join(item.name for item in items)


def row(offering, url, today, zone=None):
    """The offering's values in COLUMNS order (numbers, dates and texts, not yet escaped);
    ``zone``: the local time zone (looked up once per pass: per row it cost ~10 %)."""
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
        offering.updated_at.astimezone(zone or timezone.get_current_timezone()).replace(
            microsecond=0, tzinfo=None),
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


def _csv_values(values):
    """[_csv_value(v) for v in values], the common texts without a call each."""
    out = []
    for value in values:
        if type(value) is str:
            out.append("'" + value if value.startswith(FORMULA_START) else value)
        else:
            out.append(_csv_value(value))
    return out


class CsvWriter:
    needs_row = True

    def __init__(self, path, rows, base_url):
        self.handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - close()
        self.handle.write("\ufeff")  # the BOM: Excel then reads UTF-8
        self.writer = csv.writer(self.handle, delimiter=";", lineterminator="\r\n")
        self.writer.writerow(COLUMNS)

    def add(self, values, offering, url):
        self.writer.writerow(_csv_values(values))

    def close(self):
        self.handle.close()


class XlsxWriter:
    """Rows streamed into the zip (xlsx.SheetWriter): constant memory, a new sheet past
    Excel's 1,048,576 rows."""

    needs_row = True

    def __init__(self, path, rows, base_url):
        self.sheet = SheetWriter(path, "Angebote", COLUMNS, zip64=rows > ZIP64_ROWS)

    def add(self, values, offering, url):
        self.sheet.append(values)

    def close(self):
        self.sheet.close()


class JsonLdWriter:
    """{"@context": …, "@graph": [Course, …]}, one Course per offering, written as it comes."""

    needs_row = False

    def __init__(self, path, rows, base_url):
        self.handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self.base_url, self.first = base_url, True
        self.encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        self.handle.write('{"@context":"https://schema.org","@graph":[\n')

    def add(self, values, offering, url):
        data = course_data(offering, offering.runs, url, self.base_url + offering.provider.url)
        data.pop("@context", None)
        if offering.dqr_level_id:
            # A qualification on a DQR level is a programme too (schema.org multi-typing).
            data["@type"] = ["Course", "EducationalOccupationalProgram"]
            data["programType"] = offering.format.name
        self.handle.write(("" if self.first else ",\n") + self.encode(data))
        self.first = False

    def close(self):
        self.handle.write("\n]}\n")
        self.handle.close()


WRITERS = {"katalog.jsonld": JsonLdWriter, "katalog.csv": CsvWriter, "katalog.xlsx": XlsxWriter}
# With two processes: JSON-LD in one, the two tables in the other (about equal work).
GROUPS = (("katalog.jsonld",), ("katalog.csv", "katalog.xlsx"))


@dataclass
class BuildResult:
    directory: Path
    count: int = 0
    files: dict = field(default_factory=dict)  # name → size in bytes


def _temporary(directory, name):
    return directory / f".{name}.{os.getpid()}.tmp"


def write(names, paths, base_url, rows, today, chunk=CHUNK):
    """One pass over the published catalog into the files ``names`` (at ``paths``, a dict);
    ``rows``: the expected count (sizes the XLSX container). Returns the offerings written."""
    writers, count, zone = [], 0, timezone.get_current_timezone()
    try:
        for name in names:
            writers.append(WRITERS[name](paths[name], rows, base_url))
        needs_row = any(writer.needs_row for writer in writers)
        for offering in offerings(chunk):
            url = base_url + offering.path
            values = row(offering, url, today, zone) if needs_row else None
            for writer in writers:
                writer.add(values, offering, url)
            count += 1
    finally:
        for writer in writers:
            writer.close()  # also on failure: the caller deletes the half-written file
    return count


def _write_forked(names, arguments, pipe):
    """write() in a forked process: sends ("ok", count) or ("error", the exception) back and
    closes its own database connection."""
    try:
        pipe.send(("ok", write(names, **arguments)))
    except Exception as error:  # handed to the parent, which raises it
        pipe.send(("error", error))
    finally:
        connections.close_all()
        pipe.close()


def _fork_groups(arguments):
    """One forked process per group of files, all at once; their counts, or the first error.

    Plain processes, not a pool: a pool may hand both groups to one worker one after the
    other."""
    context, jobs = get_context("fork"), []
    for names in GROUPS:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_write_forked, args=(names, arguments, sender))
        process.start()
        sender.close()
        jobs.append((process, receiver))
    results = []
    for process, receiver in jobs:
        try:
            status, value = receiver.recv()
        except EOFError:  # killed, or its exception could not be pickled
            status, value = "error", None
        process.join()
        if status == "error" and value is None:
            value = RuntimeError(f"open data: a writer process ended ({process.exitcode})")
        results.append((status, value))
    for status, value in results:
        if status == "error":
            raise value
    return [value for _, value in results]


def _write_all(paths, base_url, chunk, processes):
    """Each group of files in its own forked process, or all in one pass here.

    Forking needs the catalog committed — inside a transaction (tests, a caller's atomic
    block) a new connection would not see it — and a process without other threads (a lock
    held by another thread at the fork stays locked in the child for ever). Otherwise the
    pass runs here."""
    rows = published_offerings().count()
    today = timezone.localdate()
    if (processes < 2 or transaction.get_connection().in_atomic_block
            or threading.active_count() > 1):
        return write(FILES, paths, base_url, rows, today, chunk)
    connections.close_all()  # each child opens its own; a shared socket would mix replies
    counts = _fork_groups({"paths": paths, "base_url": base_url, "rows": rows,
                           "today": today, "chunk": chunk})
    # The groups read the catalog one after the other in time: equal unless it changed.
    return counts[0]


def build(directory=None, base_url=None, chunk=CHUNK, processes=None):
    """Write every file into ``directory`` (default: settings) and rename them into place.

    ``processes`` (default: setting ``processes``): 2 writes JSON-LD and the two tables in
    two forked processes at once (the dump's budget needs both cores), 1 all in one pass."""
    directory = Path(directory or conf("directory"))
    directory.mkdir(parents=True, exist_ok=True)
    base_url = (conf("base_url") if base_url is None else base_url).rstrip("/")
    processes = conf("processes") if processes is None else processes
    temporary = {name: _temporary(directory, name) for name in FILES}
    result = BuildResult(directory)
    try:
        result.count = _write_all(temporary, base_url, chunk, processes)
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


def build_regions(directory=None, base_url=None, if_missing=False):
    """Every region's files, each region in its own folder (conf); [(region, BuildResult)].

    An explicit ``directory``/``base_url`` is the default region's; the others' folders go
    under ``directory/regions/<slug>`` and their links on their own hosts. ``if_missing``:
    only regions without a build yet (a first start, a region just added)."""
    results = []
    for region in Region.objects.all():
        with using_region(region):
            target = directory
            if not region.is_default and directory is not None:
                target = Path(directory) / "regions" / region.slug
            if if_missing and manifest(target):
                continue
            results.append((region, build(target, base_url if region.is_default else None)))
    return results


def manifest(directory=None):
    """What the last build wrote ({} before the first build)."""
    path = Path(directory or conf("directory")) / MANIFEST
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
