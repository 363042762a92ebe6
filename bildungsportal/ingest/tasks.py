"""Background tasks of the importer (Django's django.tasks framework).

Django's built-in task backends can't schedule periodic work, so the daily pull runs as the
management command `bildungsportal sync` from cron or a systemd timer (docs/feeds-exports.md);
this task is the same pull for when a worker backend with a scheduler is configured in TASKS.
"""

from django.tasks import task

from .feeds import sync_feeds as _sync_feeds


@task
def sync_feeds(feed_id=None):
    """Pull every active feed (or one); returns {feed id: status}."""
    return {result.feed.pk: result.status for result in _sync_feeds(feed_id)}
