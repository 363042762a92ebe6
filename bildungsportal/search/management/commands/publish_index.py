from django.core.management.base import BaseCommand

from bildungsportal.search import postings, shared_index
from bildungsportal.search.facet_index import IndexHolder


class Command(BaseCommand):
    help = (
        "Write the current version of the in-memory search index to the shared index directory "
        "(search/shared_index.py), so the app processes map it instead of each building it: "
        "run after deploying and after rebuild_index (which does it itself). On PostgreSQL it "
        "first rewrites the postings of the full-text index when offerings are stale in them "
        "(search/postings.py)."
    )

    def handle(self, *args, **options):
        if postings.compact_if_due(at=1):
            self.stdout.write("Postings of the full-text index rewritten.")
        self.stdout.write(publish())


def publish():
    """Build (or find) the current index version and write it; a line saying where."""
    if shared_index.root() is None:
        return "Shared index directory is off (SEARCH_SHARED_INDEX_DIR): nothing written."
    holder = IndexHolder()
    index = holder.get()
    directory = shared_index.root() / shared_index.version_name(index.rebuild_token,
                                                                index.version)
    # The spelling dictionary goes into the same version directory: read here once, so no
    # worker has to read the vocabulary from the database.
    index.spelling  # noqa: B018 (a cached property: reading it writes the files)
    how = "already there" if holder.loads else "written"
    return f"Index of {index.size:,} offerings {how}: {directory}"
