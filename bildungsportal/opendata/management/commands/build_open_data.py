"""bildungsportal build_open_data: write the open-data files (docs/open-data.md)."""

from django.core.management.base import BaseCommand

from bildungsportal.opendata.dump import build_regions
from bildungsportal.opendata.log import warm


class Command(BaseCommand):
    help = "Write the public catalog as JSON-LD, CSV and XLSX into var/open-data/ (or --dir)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="target directory (default: settings)")
        parser.add_argument("--base-url", help="absolute links, e.g. https://bildung.example")
        parser.add_argument("--if-missing", action="store_true",
                            help="only regions without a build yet (setup: a first start, "
                                 "a region just added)")

    def handle(self, *args, dir=None, base_url=None, if_missing=False, **options):
        # Stored bodies first: the feed's state file (katalog-stand.jsonl) is written from them.
        warmed = warm()
        results = build_regions(dir, base_url, if_missing=if_missing)
        if if_missing and not results:
            self.stdout.write("open data: the downloads exist, nothing to do")
            return
        for region, result in results:
            sizes = ", ".join(f"{name} {size / 1_048_576:.1f} MB"
                              for name, size in result.files.items())
            self.stdout.write(f"{region.name}: {result.count} offerings written to "
                              f"{result.directory}: {sizes}")
        # The change feed's long pages are served from stored JSON from now on.
        self.stdout.write(f"change feed: {warmed} offerings rendered ahead")
