from django.core.management.base import BaseCommand, CommandError

from bildungsportal.ingest.feeds import ERROR, STATUS_LABELS, sync_feeds
from bildungsportal.ingest.models import Feed


class Command(BaseCommand):
    help = (
        "Pull every active feed (or one with --feed) with ETag/Last-Modified and import it as a "
        "full feed. Run daily from cron, see docs/feeds-exports.md. Exit code 1 when a feed "
        "failed (the others are still pulled)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, help="only this feed id (also when inactive)")

    def handle(self, *args, **options):
        feed_id = options["feed"]
        if feed_id is not None and not Feed.objects.filter(pk=feed_id).exists():
            raise CommandError(f"There is no feed {feed_id}.")
        results = sync_feeds(feed_id)
        for result in results:
            feed = result.feed
            line = f"Feed {feed.pk} ({feed.provider.name}, {feed.url}): "
            line += STATUS_LABELS.get(result.status, result.status)
            if result.status == ERROR:
                self.stderr.write(line + "\n  " + result.message.replace("\n", "\n  "))
            else:
                self.stdout.write(line)
        failed = sum(result.status == ERROR for result in results)
        self.stdout.write(f"{len(results)} feeds fetched, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} feed(s) failed.", returncode=1)
