from django.core.management.base import BaseCommand

from bildungsportal.search import postings
from bildungsportal.search.indexing import rebuild_index

from .publish_index import publish


class Command(BaseCommand):
    help = (
        "Rewrite every search document of the published catalog (after an upgrade that "
        "changes the analyzer), then write the new in-memory index version for the app "
        "processes to map (publish_index; without a shared index directory each process "
        "rebuilds its own)."
    )

    def handle(self, *args, **options):
        done = rebuild_index()
        postings.vacuum()  # the rows the rebuild left stale and its compaction deleted
        self.stdout.write(f"Indexed {done:,} published offerings.")
        self.stdout.write(publish())
