from django.core.management.base import BaseCommand

from bildungsportal.accounts.tasks import purge_throttles


class Command(BaseCommand):
    help = (
        "Delete log-in throttle rows whose lock is over and that saw no failure for a day, and "
        "mail-limit rows older than a day (run it daily, see docs/operations.md)."
    )

    def handle(self, *args, **options):
        logins, mails = purge_throttles()
        self.stdout.write(
            f"{logins} log-in throttle rows and {mails} mail-limit rows deleted."
        )
