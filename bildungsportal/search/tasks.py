"""Background tasks of the search app (Django's django.tasks framework).

Django's built-in task backends (ImmediateBackend, DummyBackend) run or store a task when it
is enqueued but can't schedule it periodically. So the daily purge runs as the management
command `bildungsportal purge_search_demand` from cron or a systemd timer
(docs/operations.md); this task is the same purge for when a worker backend with a
scheduler is configured in TASKS. The compaction of the postings is enqueued by the write
that makes it due: with the default ImmediateBackend it runs right after that commit, with a
worker backend outside the request.
"""

from django.tasks import task

from . import postings
from .demand import purge


@task
def purge_search_demand():
    """Delete the search demand counts older than SEARCH_DEMAND_RETENTION_DAYS."""
    return purge()


@task
def compact_search_postings():
    """Rewrite the postings of the full-text index if enough offerings are stale in them
    (PostgreSQL, search/postings.py); enqueued after the commit of a write that made it due."""
    return postings.compact_if_due()
