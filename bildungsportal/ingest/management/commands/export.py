import sys

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.catalog.models import Provider
from bildungsportal.ingest.exports import FORMATS, export


def find_provider(value):
    """A provider by id or by (case-insensitive) exact name; CommandError otherwise."""
    value = (value or "").strip()
    if value.isdecimal():
        provider = Provider.objects.filter(pk=int(value)).first()
        if provider:
            return provider
    matches = list(Provider.objects.filter(name__iexact=value)[:2])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise CommandError(f"Several providers are called {value!r}; please give the id.")
    raise CommandError(f"Provider {value!r} not found (id or exact name).")


class Command(BaseCommand):
    help = (
        "Export a provider's published and pending offerings as csv or xlsx (the import "
        "template), jsonld (schema.org Course list) or ical. See docs/feeds-exports.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--provider", required=True, help="provider id or exact name")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000",
            help="address of the portal for the links in jsonld and ical "
            "(default http://127.0.0.1:8000)",
        )

    def handle(self, *args, **options):
        provider = find_provider(options["provider"])
        base_url = options["base_url"]
        domain = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        data, _content_type, _filename = export(
            provider, options["format"], base_url=base_url, domain=domain or "bildungsportal"
        )
        if options["output"]:
            try:
                with open(options["output"], "wb") as handle:
                    handle.write(data)
            except OSError as error:
                raise CommandError(f"Cannot write the file: {error}") from None
            self.stderr.write(f"{len(data):,} bytes written to {options['output']} "
                              f"({provider.name}, {options['format']}).")
        elif options["format"] == "xlsx":
            if sys.stdout.isatty():
                raise CommandError("XLSX is binary: write it to a file with -o FILE.")
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
