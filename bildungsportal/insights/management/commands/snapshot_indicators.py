"""bildungsportal snapshot_indicators [--date YYYY-MM-DD]"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.insights.snapshots import snapshot_every_region


class Command(BaseCommand):
    help = "Den Stand aller Indikatoren speichern (monatlich per cron; ersetzt den Tag)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Stichtag (JJJJ-MM-TT), Standard: heute")

    def handle(self, *args, **options):
        taken_on = date.today()
        if options["date"]:
            try:
                taken_on = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"Invalid date: {options['date']!r} (expected YYYY-MM-DD)") \
                    from error
        for region, count in snapshot_every_region(taken_on).items():
            self.stdout.write(f"Stored {count:,} indicator values as of {taken_on:%Y-%m-%d} "
                              f"for {region.name}.")
