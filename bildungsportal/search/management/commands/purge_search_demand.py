from django.conf import settings
from django.core.management.base import BaseCommand

from bildungsportal.search.demand import purge


class Command(BaseCommand):
    help = (
        "Delete the search demand counts older than SEARCH_DEMAND_RETENTION_DAYS "
        "(run it daily, see docs/operations.md)."
    )

    def handle(self, *args, **options):
        deleted = purge()
        self.stdout.write(
            f"{deleted} search demand rows older than "
            f"{settings.SEARCH_DEMAND_RETENTION_DAYS} days deleted."
        )
