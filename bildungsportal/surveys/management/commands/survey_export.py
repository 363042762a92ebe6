"""`bildungsportal survey-export SLUG --format csv|xlsx|sav|codebuch [-o FILE]`.

Writes the respondent-level export (with band suppression, see surveys/exports.py) to FILE,
by default SLUG.csv / SLUG.xlsx / SLUG.sav / SLUG-codebuch.csv in the current directory;
`-o -` writes to standard output.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.surveys import exports
from bildungsportal.surveys.models import Survey


class Command(BaseCommand):
    help = "Export the answers of a survey as CSV, XLSX, SPSS .sav or a codebook."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the survey's short name, e.g. bildungsumfrage")
        parser.add_argument("--format", required=True, choices=sorted(exports.FORMATS),
                            dest="fmt", help="csv, xlsx, sav or codebuch")
        parser.add_argument("-o", "--output", help="output file ('-' = standard output)")

    def handle(self, *args, slug, fmt, output=None, **options):
        survey = Survey.objects.filter(slug=slug).first()
        if survey is None:
            raise CommandError(
                f"Umfrage „{slug}“ nicht gefunden / survey '{slug}' not found. Vorhanden: "
                + (", ".join(Survey.objects.values_list("slug", flat=True)) or "keine")
            )
        content, _type, filename = exports.export(survey, fmt)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        path = Path(output or filename)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(
                f"Kann {path} nicht schreiben / cannot write {path}: {error}"
            ) from error
        self.stderr.write(f"{path} geschrieben ({len(content)} Bytes).")
