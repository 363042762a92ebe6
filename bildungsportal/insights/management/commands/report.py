"""`bildungsportal report [--town SLUG] [-o PATH] [--format pdf|html]`: the Bildungsbericht."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.insights import report


class Command(BaseCommand):
    help = "Bildungsbericht des Kreises oder einer Gemeinde als PDF oder HTML schreiben."

    def add_arguments(self, parser):
        parser.add_argument("--town", default="", help="Gemeinde (Slug, z. B. lindenfels); "
                            "ohne: der ganze Kreis")
        parser.add_argument("-o", "--output", default="", help="Zieldatei (Standard: "
                            "bildungsbericht-<ort>-<datum>.<format> im aktuellen Ordner)")
        parser.add_argument("--format", choices=("pdf", "html"), default="",
                            help="pdf oder html (Standard: nach der Endung von -o, sonst pdf)")

    def handle(self, *args, town="", output="", format="", **options):
        fmt = format or ("html" if output.lower().endswith((".html", ".htm")) else "pdf")
        data = report.report_data(town.strip() or None)
        if data is None:
            raise CommandError(f"Unknown town: {town!r} (expected the slug of one of the "
                               "district's 22 towns, e.g. lindenfels).")
        path = Path(output or f"{data['filename']}.{fmt}")
        try:
            if fmt == "pdf":
                path.write_bytes(report.render_pdf(data))
            else:
                path.write_text(report.render_html(data, standalone=True), encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from error
        self.stdout.write(f"{data['title']}: {path} ({path.stat().st_size:,} bytes)")
