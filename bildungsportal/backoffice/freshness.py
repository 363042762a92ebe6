"""Freshness: offerings whose runs are all past expire; offerings unchanged for long are stale.

- ``expire_offerings()`` archives published offerings whose runs all lie in the past. An
  offering with a standing run ("laufend") or a run without dates never expires, and an
  offering without any run is left alone (a Kita or a counselling service has no dates).
  A run's last day is its end date, or its start date without one (as Run.is_past).
- ``stale_offerings()`` are published offerings not changed for ``settings.STALE_AFTER_DAYS``
  days; ``is_stale(offering)`` answers the same for one offering (provider screens).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bildungsportal.catalog.models import Offering, Run

from .models import OfferingChange
from .services import change_status


def _current_runs(today):
    """Runs that keep their offering alive: standing, undated, or ending today or later."""
    return (
        Run.objects.filter(offering=OuterRef("pk"))
        .annotate(last=Coalesce("end_date", "start_date"))
        .filter(Q(recurrence=Run.Recurrence.STANDING) | Q(last__isnull=True) | Q(last__gte=today))
    )


def expired_offerings(today=None):
    """Published offerings that have runs, all of them past."""
    today = today or date.today()
    return (
        Offering.objects.published()
        .filter(Exists(Run.objects.filter(offering=OuterRef("pk"))))
        .exclude(Exists(_current_runs(today)))
    )


def expire_offerings(today=None):
    """Archive the expired offerings (history entry ARCHIVED each); returns how many."""
    today = today or date.today()
    count = 0
    for pk in list(expired_offerings(today).values_list("pk", flat=True)):
        with transaction.atomic():
            # Re-checked under the lock: a run may have been added since the list was made.
            offering = (
                expired_offerings(today).select_for_update().filter(pk=pk).first()
            )
            if offering is None:
                continue
            change_status(
                offering, None, Offering.Status.ARCHIVED, OfferingChange.Action.ARCHIVED,
                allowed_from={Offering.Status.PUBLISHED},
                note=_("automatisch archiviert: alle Termine liegen in der Vergangenheit"),
            )
            count += 1
    return count


def stale_before():
    return timezone.now() - timedelta(days=settings.STALE_AFTER_DAYS)


def stale_offerings(queryset=None):
    """Published offerings unchanged for STALE_AFTER_DAYS, the longest unchanged first."""
    queryset = Offering.objects.all() if queryset is None else queryset
    return (
        queryset.published()
        .filter(updated_at__lt=stale_before())
        .select_related("provider")
        .order_by("updated_at", "id")
    )


def is_stale(offering):
    """True when a published or waiting offering has not changed for STALE_AFTER_DAYS."""
    if offering.status in (Offering.Status.ARCHIVED, Offering.Status.DRAFT):
        return False
    return offering.updated_at is not None and offering.updated_at < stale_before()
