"""Background tasks of the accounts app (Django's django.tasks).

The daily purge runs as `bildungsportal purge_account_throttles` from cron or a systemd timer
(docs/operations.md); this task is the same purge for a worker backend with a scheduler.
"""

from django.tasks import task

from . import mail_limit, throttle


def purge_throttles(now=None):
    """Delete expired log-in throttle rows and old mail-limit rows; returns (logins, mails)."""
    return throttle.purge(now), mail_limit.purge(now)


@task
def purge_account_throttles():
    """Delete log-in throttle rows whose lock and window are over, and old mail-limit rows."""
    return sum(purge_throttles())
