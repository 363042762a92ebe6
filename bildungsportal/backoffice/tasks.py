"""Background tasks of the office's curation (Django's django.tasks framework).

Django's built-in backends can't schedule periodic tasks, so cron runs the management commands
of the same names (docs/office.md); these tasks do the same work for a worker backend with a
scheduler configured in TASKS.
"""

from django.tasks import task

from . import duplicates, freshness, linkcheck


@task
def expire_offerings():
    """Archive published offerings whose runs are all past; returns how many."""
    return freshness.expire_offerings()


@task
def check_links(limit: int = linkcheck.DEFAULT_LIMIT, timeout: float = linkcheck.DEFAULT_TIMEOUT):
    """Check up to ``limit`` registration links; returns how many were broken."""
    return sum(not check.ok for check in linkcheck.check_links(limit, timeout))


@task
def find_duplicates():
    """Store new duplicate candidates for the office; returns how many."""
    return duplicates.find_duplicates()
