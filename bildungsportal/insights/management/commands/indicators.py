"""bildungsportal indicators --format csv|xlsx|json [--indikator …] [--lebensphase …]
[--thema …] [--output PATH]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from bildungsportal.insights import export
from bildungsportal.insights.indicators import Filters, all_tables, every_table


class Command(BaseCommand):
    help = ("Alle Indikatoren je Gemeinde ausgeben (CSV mit Semikolon und BOM, XLSX oder JSON); "
            "Umfragewerte sind wie überall unterdrückt.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(export.FORMATS), default="csv")
        parser.add_argument("--indikator", help="nur dieser Indikator")
        parser.add_argument("--lebensphase", help="nur diese Lebensphase (Kurzname)")
        parser.add_argument("--thema", help="nur dieses Thema (Kurzname)")
        parser.add_argument("--output", "-o", help="Datei statt Standardausgabe")

    def handle(self, *args, **options):
        query = QueryDict(mutable=True)
        for name in ("indikator", "lebensphase", "thema"):
            if options[name]:
                query[name] = options[name]
        filters, errors = Filters.from_query(query)
        if errors:
            raise CommandError("; ".join(f"--{k}: {v}" for k, v in errors.items()))
        if filters.life_phase or filters.topic:
            tables = list(all_tables(filters).values())
        else:
            tables = every_table()
        if options["indikator"]:
            tables = [t for t in tables if t.indicator.key == options["indikator"]]
        data = export.FORMATS[options["format"]](export.rows(tables))
        if options["output"]:
            with open(options["output"], "wb") as file:
                file.write(data)
            self.stderr.write(f"Wrote {len(data):,} bytes to {options['output']}.")
        else:
            if options["format"] == "xlsx" and sys.stdout.isatty():
                raise CommandError("XLSX is binary: please give --output FILE.")
            stream = getattr(self.stdout, "_out", sys.stdout)
            stream = getattr(stream, "buffer", None)
            if stream is None:  # a text stream (call_command in tests): decode
                self.stdout.write(data.decode("utf-8", "replace"), ending="")
            else:
                stream.write(data)
                stream.flush()
