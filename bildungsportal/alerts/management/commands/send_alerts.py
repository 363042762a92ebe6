"""`bildungsportal send_alerts [--frequency daily|weekly]`: mail the due search digests."""

from django.core.management.base import BaseCommand, CommandError

from bildungsportal.alerts.digests import send_alerts


class Command(BaseCommand):
    help = (
        "Send the e-mail digests of followed searches (Suchabos) that are due: offerings new "
        "since the last check; no mail when nothing is new. Run it daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=("daily", "weekly"),
                            help="only subscriptions with this frequency (default: both)")
        parser.add_argument("--base-url", default="",
                            help="start of the links in the mails, e.g. "
                                 "https://bildung.kreis-bergstrasse.de (default: $SITE_URL)")

    def handle(self, *args, frequency, base_url, **options):
        sent, checked, failed = send_alerts(frequency, base=base_url or None)
        self.stdout.write(f"Checked {checked} subscriptions, sent {sent} digests.")
        if failed:
            raise CommandError(
                f"{failed} digests could not be sent; they come again with the next run / "
                f"{failed} E-Mails nicht versendet."
            )
