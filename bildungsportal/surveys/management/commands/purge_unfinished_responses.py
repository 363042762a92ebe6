from django.core.management.base import BaseCommand

from bildungsportal.surveys.privacy import purge_unfinished


class Command(BaseCommand):
    help = (
        "Delete unfinished survey responses older than their survey's retention days "
        "(run it daily, see docs/surveys.md)."
    )

    def handle(self, *args, **options):
        deleted = purge_unfinished()
        self.stdout.write(f"{deleted} unfinished survey responses deleted.")
