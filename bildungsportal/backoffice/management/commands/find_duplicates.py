from django.core.management.base import BaseCommand

from bildungsportal.backoffice.duplicates import TITLE_THRESHOLD, find_duplicates


class Command(BaseCommand):
    help = (
        "Find offerings that look like the same course from two sources (similar title, same "
        "start date, same town) and list them for the education office."
    )

    def handle(self, *args, **options):
        count = find_duplicates()
        self.stdout.write(
            f"{count} new duplicate candidates (title similarity >= {TITLE_THRESHOLD})."
        )
