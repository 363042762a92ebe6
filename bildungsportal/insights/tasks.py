"""Background tasks of the monitoring (Django's django.tasks framework).

The built-in backends can't schedule, so the monthly snapshot runs as the management command
`bildungsportal snapshot_indicators` from cron or a systemd timer (docs/monitoring.md); this
task is the same for a worker backend with a scheduler.
"""

from django.tasks import task

from .snapshots import snapshot_every_region


@task
def snapshot_indicators():
    """Store today's value of every indicator, in every region."""
    return sum(snapshot_every_region().values())
