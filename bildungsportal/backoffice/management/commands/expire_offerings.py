from django.core.management.base import BaseCommand

from bildungsportal.backoffice.freshness import expire_offerings


class Command(BaseCommand):
    help = (
        "Archive published offerings whose runs are all in the past (run it daily, see "
        "docs/office.md). Offerings without runs and standing offerings are left alone."
    )

    def handle(self, *args, **options):
        count = expire_offerings()
        self.stdout.write(f"{count} expired offerings archived.")
