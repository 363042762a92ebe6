"""Background task: rebuild the open-data files (cron runs `bildungsportal build_open_data`
where no task worker with a scheduler is configured, as for the feeds)."""

from django.tasks import task

from .dump import build
from .log import warm


@task
def build_open_data():
    """Rebuild the files and warm the change feed; returns {"count", "files", "warmed"}."""
    result = build()
    return {"count": result.count, "files": result.files, "warmed": warm()}
