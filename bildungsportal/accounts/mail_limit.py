"""A limit on mails per target address (password reset, invitations sent from the browser).

Without it anyone could make the site mail an address again and again. The limit is counted
per address, never per IP address, in the database (so it holds across processes): one
`MailThrottle` row per mail sent, keyed by an HMAC of the normalised address with SECRET_KEY,
so the database never holds the address in clear. Refused requests are not counted, so the
window reopens an hour after the mails that filled it.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import MailThrottle

# How long rows are kept: well beyond the window, so a purge never lifts a running limit.
RETENTION = timedelta(days=1)


def max_mails():
    # Overridable in settings (read per call, so override_settings works in tests).
    return getattr(settings, "MAIL_LIMIT_MAX_MAILS", 3)


def window():
    return timedelta(minutes=getattr(settings, "MAIL_LIMIT_WINDOW_MINUTES", 60))


def normalise(email):
    # Django's reset form matches addresses case-insensitively, so the limit does too.
    return (email or "").strip().lower()


def email_hash(email):
    return salted_hmac(
        "bildungsportal.accounts.mail_limit", normalise(email), algorithm="sha256"
    ).hexdigest()


def allow(kind, email, now=None):
    """Count one mail to `email` and return its row, or None when over the limit.

    The row is written first and the rows up to it are counted afterwards, so two requests
    racing each other cannot both take the last free place.
    """
    now = now or timezone.now()
    key = email_hash(email)
    mine = MailThrottle.objects.create(kind=kind, email_hash=key, sent_at=now)
    earlier = MailThrottle.objects.filter(
        kind=kind, email_hash=key, sent_at__gt=now - window(), sent_at__lte=now,
        pk__lte=mine.pk,
    ).count()
    if earlier > max_mails():
        mine.delete()
        return None
    return mine


def purge(now=None):
    """Delete the rows older than RETENTION; they no longer count. Returns how many."""
    cutoff = (now or timezone.now()) - max(RETENTION, window())
    deleted, _ = MailThrottle.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
