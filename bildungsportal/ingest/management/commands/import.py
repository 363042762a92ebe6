"""``bildungsportal import PATH|URL --format vhs|ba|jsonld|ical|csv|xlsx [--provider NAME] …``"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bildungsportal.catalog.models import Offering, Provider
from bildungsportal.ingest.fetch import FetchError, fetch
from bildungsportal.ingest.formats import FORMATS
from bildungsportal.ingest.pipeline import ImportOptions, run_import

MAX_WARNINGS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import offerings from a file or an explicit http(s) URL. Validates every record first; "
        "writes all or nothing (or, with --valid-only, the valid records only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PATH|URL")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--provider", metavar="NAME",
            help="import everything for this provider (created and approved if it is new)",
        )
        parser.add_argument("--dry-run", action="store_true",
                            help="validate and report only; write nothing")
        parser.add_argument("--valid-only", action="store_true",
                            help="write the valid records and list the others")
        parser.add_argument(
            "--full-feed", action="store_true",
            help="the file is the provider's complete feed: archive offerings missing from it",
        )

    def handle(self, *args, **options):
        source = options["source"]
        data = self.read(source)
        # A provider created for a failed import is rolled back with it.
        with transaction.atomic():
            provider = self.provider(options["provider"], options["format"], options["dry_run"])
            # The command line is the operator: what it imports goes live directly.
            report = run_import(data, ImportOptions(
                options["format"], provider=provider, status=Offering.Status.PUBLISHED,
                filename=source[:500], dry_run=options["dry_run"],
                valid_only=options["valid_only"], full_feed=options["full_feed"],
            ))
            if not report.written and provider is not None and provider.pk:
                transaction.set_rollback(True)
        errors, warnings = report.errors, report.warnings
        for problem in errors:
            self.stderr.write(f"Error: {problem}")
        shown = warnings if options["verbosity"] > 1 else warnings[:MAX_WARNINGS_SHOWN]
        for problem in shown:
            self.stdout.write(f"Warning: {problem}")
        if len(shown) < len(warnings):
            self.stdout.write(
                f"… {len(warnings) - len(shown)} more warnings (all with --verbosity 2)"
            )
        if options["dry_run"]:
            if report.ok:
                self.stdout.write(self.style.SUCCESS(report.summary()))
                return
            raise CommandError(f"{report.summary()} ({len(errors)} errors)")
        if not report.written:
            raise CommandError(f"{report.summary()} ({len(errors)} errors)")
        self.stdout.write(self.style.SUCCESS(f"{report.summary()} ({report.seconds:.1f} s)"))

    def read(self, source):
        if source.startswith(("http://", "https://")):
            try:
                return fetch(source).data
            except FetchError as error:
                raise CommandError(f"Fetching {source} failed: {error}") from None
        if "://" in source:
            raise CommandError("only file paths and http(s) addresses are allowed")
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as error:
            raise CommandError(f"Cannot read file {source}: {error.strerror}") from None
        if not path.is_file():
            raise CommandError(f"{source} is not a file")
        if size > settings.IMPORT_MAX_BYTES:
            raise CommandError(
                f"File too large ({size / 1_048_576:.1f} MB, at most "
                f"{settings.IMPORT_MAX_BYTES / 1_048_576:.0f} MB)"
            )
        return path.read_bytes()

    def provider(self, name, format_name, dry_run):
        if not name:
            return None
        name = name.strip()[:200]
        provider = Provider.objects.filter(name=name).order_by("pk").first()
        if provider is not None:
            return provider
        kind = Provider.Kind.VHS if format_name == "vhs" else Provider.Kind.OTHER
        provider = Provider(name=name, kind=kind, source="import", approved_at=timezone.now())
        if dry_run:
            self.stdout.write(f"Provider '{name}' does not exist and would be created.")
            return provider
        provider.save()
        self.stdout.write(f"Provider '{name}' created (approved).")
        return provider
