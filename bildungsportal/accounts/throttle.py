"""Lockout after repeated failed log-ins, counted per account name (never per IP address).

After `LOGIN_MAX_FAILURES` failures in a row the name is locked for `LOGIN_LOCKOUT_MINUTES`;
during the lock even the right password is refused. Names that do not exist are counted the
same way, so the lockout does not reveal which accounts exist. A successful log-in (or a
password reset) removes the row.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import LoginThrottle

MAX_USERNAME = LoginThrottle._meta.get_field("username").max_length
# Rows untouched for this long are purged (purge below), unless their lock still runs.
RETENTION = timedelta(days=1)


def _key(username):
    return (username or "").strip()[:MAX_USERNAME]


def locked_minutes(username):
    """Minutes (rounded up) the name stays locked, or 0 when it may log in."""
    key = _key(username)
    if not key:
        return 0
    locked_until = (
        LoginThrottle.objects.filter(username=key).values_list("locked_until", flat=True).first()
    )
    now = timezone.now()
    if locked_until is None or locked_until <= now:
        return 0
    return max(1, math.ceil((locked_until - now).total_seconds() / 60))


def record_failure(username):
    """Count one failed log-in; returns True when this failure locked the name."""
    key = _key(username)
    if not key:
        return False
    now = timezone.now()
    with transaction.atomic():
        throttle, _ = LoginThrottle.objects.get_or_create(username=key)
        # F() so that parallel failures are all counted.
        LoginThrottle.objects.filter(pk=throttle.pk).update(
            failures=F("failures") + 1, last_failure_at=now
        )
        throttle = LoginThrottle.objects.select_for_update().get(pk=throttle.pk)
        if throttle.failures < settings.LOGIN_MAX_FAILURES:
            return False
        # The count starts afresh after the lock, so the next lock needs as many failures.
        throttle.failures = 0
        throttle.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        throttle.save(update_fields=["failures", "locked_until"])
        return True


def reset(username):
    """Forget the failures of a name (after a successful log-in or password reset)."""
    key = _key(username)
    if key:
        LoginThrottle.objects.filter(username=key).delete()


def purge(now=None):
    """Delete the rows of names whose lock is over and that failed no log-in for a day.

    Every guessed name leaves a row, so without this the table grows for ever. A running lock
    is never deleted. A name's count of failures in a row thereby also ends after a quiet day.
    Returns how many rows were deleted.
    """
    now = now or timezone.now()
    cutoff = now - RETENTION
    deleted, _ = (
        LoginThrottle.objects
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .filter(Q(last_failure_at__isnull=True) | Q(last_failure_at__lt=cutoff))
        .delete()
    )
    return deleted
