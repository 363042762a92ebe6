from django.core.management.base import BaseCommand

from bildungsportal.search.indexing import rebuild_index


class Command(BaseCommand):
    help = (
        "Rewrite every search document of the published catalog (after an upgrade that "
        "changes the analyzer); every app process rebuilds its in-memory index afterwards."
    )

    def handle(self, *args, **options):
        done = rebuild_index()
        self.stdout.write(f"Indexed {done:,} published offerings.")
