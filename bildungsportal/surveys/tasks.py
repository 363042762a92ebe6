"""Background tasks of the surveys app (Django's django.tasks).

The daily purge runs as `bildungsportal purge_unfinished_responses` from cron or a systemd
timer (docs/operations.md); this task is the same purge for a worker backend with a scheduler.
"""

from django.tasks import task

from .privacy import purge_unfinished


@task
def purge_unfinished_responses():
    """Delete unfinished survey responses older than their survey's retention days."""
    return purge_unfinished()
