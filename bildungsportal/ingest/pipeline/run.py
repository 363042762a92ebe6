"""``run_import``: parse → validate → vocabularies → venues → upsert, in one transaction."""

import logging
import time as clock
from dataclasses import dataclass

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from bildungsportal.catalog.models import Offering

from ..models import ImportRun
from ..records import Problem
from .parse import parse
from .report import ImportFailed, ImportReport
from .upsert import source_for, upsert
from .validate import Validator
from .venues import resolve_providers
from .vocabularies import Vocabularies, map_categories

logger = logging.getLogger(__name__)
MAX_STORED_PROBLEMS = 1000


@dataclass(frozen=True)
class ImportOptions:
    """How to import. ``status`` is the status of new and updated offerings: the caller
    decides it from the importing user's role (accounts.rules.can_publish_import) before the call;
    the pipeline does not ask who may publish."""

    format: str
    provider: object = None  # the provider of every record; None: by the records' names
    actor: object = None  # the user who imports; None for the command line and feeds
    status: str = Offering.Status.PUBLISHED
    filename: str = ""
    dry_run: bool = False
    valid_only: bool = False
    full_feed: bool = False  # archive the provider's offerings missing from the file
    origin: str = ImportRun.Origin.CLI
    feed: object = None
    # Change history per offering; by default for uploads only (see upsert).
    history: bool | None = None

    @property
    def wants_history(self):
        return self.origin == ImportRun.Origin.UPLOAD if self.history is None else self.history


def run_import(data: bytes, options: ImportOptions) -> ImportReport:
    """Import ``data`` as ``options`` say; see the package docstring. Never raises for bad
    input."""
    format_name, provider, dry_run = options.format, options.provider, options.dry_run
    started = clock.perf_counter()
    report = ImportReport(format_name=format_name, dry_run=dry_run)
    if isinstance(data, str):
        data = data.encode("utf-8")
    format_object, records = parse(data, format_name, options.filename, report)
    report.records = records
    if report.file_errors:
        report.seconds = clock.perf_counter() - started
        return report
    if options.full_feed and provider is None:
        report.problems.append(Problem(
            "ein vollständiger Feed (--full-feed) braucht einen festen Anbieter (--provider)"
        ))
        return report

    validator = Validator(report)
    seen = {}
    for record in records:
        try:
            validator.validate(record)
        except Exception as error:  # noqa: BLE001 — odd values from a format: report, go on
            logger.warning("import: record %s could not be validated", record.record,
                           exc_info=True)
            validator.problem(record, "", f"Datensatz nicht lesbar ({type(error).__name__})")
            record.runs, record.categories = [], []
            continue
        if record.external_id:
            if record.external_id in seen:
                validator.problem(
                    record, "external_id",
                    f"externe ID {record.external_id!r} kommt doppelt vor "
                    f"(auch Datensatz {seen[record.external_id]})",
                )
            else:
                seen[record.external_id] = record.record
    vocab = Vocabularies()
    source_name = format_object.source or format_object.name
    map_categories(records, source_name, vocab, report)

    try:
        with transaction.atomic():
            providers = resolve_providers(records, provider, report, create=not dry_run)
            upsert(report, format_object, records, providers, vocab, options,
                   write=not dry_run)
            if dry_run:
                raise ImportFailed
            if report.errors and not options.valid_only:
                raise ImportFailed
            if options.valid_only and not report.valid_records:
                raise ImportFailed
            report.written = True
            report.import_run = ImportRun.objects.create(
                provider=provider, user=options.actor if getattr(options.actor, "pk", None)
                else None, feed=options.feed, origin=options.origin, format=format_name,
                source=source_for(format_object, provider) if provider else source_name,
                filename=options.filename[:500],
                status=ImportRun.Status.PARTIAL if report.errors else ImportRun.Status.SUCCESS,
                records=len({r.record for r in records} | report.invalid_records),
                created=report.created, updated=report.updated,
                unchanged=report.unchanged, archived=report.archived, skipped=report.skipped,
                problems=[str(p) for p in report.problems[:MAX_STORED_PROBLEMS]],
                finished_at=timezone.now(),
            )
    except (IntegrityError, DataError) as error:
        # Validation should have caught it; a concurrent import of the same ids can still
        # collide. Rolled back, reported, never a 500.
        report.problems.append(Problem(
            f"Speichern fehlgeschlagen, nichts wurde geändert ({type(error).__name__}: "
            f"{str(error)[:200]})"
        ))
        report.written = False
        report.import_run = None
        report.created = report.updated = report.unchanged = report.archived = 0
        report.skipped = 0
    except ImportFailed:
        if not dry_run:
            report.created = report.updated = report.unchanged = report.archived = 0
            report.skipped = 0
    report.seconds = clock.perf_counter() - started
    return report
