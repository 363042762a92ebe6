"""Background task: rebuild the open-data files (cron runs `bildungsportal build_open_data`
where no task worker with a scheduler is configured, as for the feeds)."""

from django.tasks import task

from .dump import build


@task
def build_open_data():
    """Rebuild the files; returns {"count": n, "files": {name: bytes}}."""
    result = build()
    return {"count": result.count, "files": result.files}
