"""Background task of the alerts app (Django's django.tasks).

The digests go out by `bildungsportal send_alerts` from cron or a systemd timer
(docs/alerts.md); this task is the same for a worker backend with a scheduler.
"""

from django.tasks import task

from .digests import send_alerts as send_due_alerts


@task
def send_alerts(frequency=None):
    """Send the due digests; returns [mails sent, subscriptions checked, failures]."""
    return list(send_due_alerts(frequency))
