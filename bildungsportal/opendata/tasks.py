"""Background task: rebuild the open-data files (cron runs `bildungsportal build_open_data`
where no task worker with a scheduler is configured, as for the feeds)."""

from django.tasks import task

from .dump import build_regions
from .log import warm


@task
def build_open_data():
    """Rebuild every region's files and warm the change feed; returns {"count", "files",
    "warmed", "regions"} (count and files: the default region's; regions: key → count)."""
    warmed = warm()  # first: the feed's state file is written from the stored bodies
    results = build_regions()
    default = next(result for region, result in results if region.is_default)
    return {"count": default.count, "files": default.files, "warmed": warmed,
            "regions": {region.key: result.count for region, result in results}}
