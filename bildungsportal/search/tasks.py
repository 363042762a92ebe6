"""Background tasks of the search app (Django's django.tasks framework).

Django's built-in task backends (ImmediateBackend, DummyBackend) run or store a task when it
is enqueued but can't schedule it periodically. So the daily purge runs as the management
command `bildungsportal purge_search_demand` from cron or a systemd timer
(docs/operations.md); this task is the same purge for when a worker backend with a
scheduler is configured in TASKS.
"""

from django.tasks import task

from .demand import purge


@task
def purge_search_demand():
    """Delete the search demand counts older than SEARCH_DEMAND_RETENTION_DAYS."""
    return purge()
