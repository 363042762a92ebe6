from django.core.management.base import BaseCommand, CommandError

from bildungsportal.backoffice import linkcheck


class Command(BaseCommand):
    help = (
        "Check the registration links of published offerings, the longest unchecked first, "
        "at most --limit per run (HEAD, then GET; one request per host per second)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=linkcheck.DEFAULT_LIMIT,
            help=f"links to check in this run (default {linkcheck.DEFAULT_LIMIT})",
        )
        parser.add_argument(
            "--timeout", type=float, default=linkcheck.DEFAULT_TIMEOUT,
            help=f"seconds to wait for each answer (default {linkcheck.DEFAULT_TIMEOUT:g})",
        )

    def handle(self, *args, limit, timeout, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        if not 0 < timeout <= 60:
            raise CommandError("--timeout must be between 0 and 60 seconds.")
        checks = linkcheck.check_links(limit=limit, timeout=timeout)
        broken = [check for check in checks if not check.ok]
        for check in broken:
            self.stdout.write(
                f"broken: offering {check.offering_id} {check.url} "
                f"({check.status_code or check.error})"
            )
        self.stdout.write(f"{len(checks)} links checked, {len(broken)} broken.")
