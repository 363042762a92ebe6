"""Privacy housekeeping: unfinished responses are deleted after the survey's retention days."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from .models import Response


def purge_unfinished(today=None):
    """Delete unfinished responses (and their answers) older than their survey allows.

    Returns the number of responses deleted.
    """
    today = today or timezone.localdate()
    # started_on + retention < today, written with F() so one query covers every survey.
    stale = Response.objects.filter(submitted_on__isnull=True).annotate(
        retention=F("version__survey__unfinished_retention_days")
    )
    ids = [
        pk
        for pk, started, days in stale.values_list("pk", "started_on", "retention")
        if started + timedelta(days=days) < today
    ]
    deleted = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        deleted += Response.objects.filter(pk__in=chunk).delete()[1].get("surveys.Response", 0)
    return deleted
