"""Pull registered feeds: conditional GET, full-feed import, status and last error per feed.

``sync_feed`` never raises: whatever goes wrong is stored on the feed in German (shown to the
provider and the office) and the database keeps what it had. ``sync_feeds`` runs every active
feed, one after the other, so one broken feed never stops the others.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from bildungsportal.catalog.models import Offering

from .federation import sync_changes
from .fetch import FetchError, fetch
from .formats import FORMATS
from .models import Feed, ImportRun
from .pipeline import ImportOptions, run_import

logger = logging.getLogger(__name__)

OK, UNCHANGED, ERROR = "ok", "unchanged", "error"
STATUS_LABELS = {
    OK: "erfolgreich importiert",
    UNCHANGED: "unverändert (seit dem letzten Abruf)",
    ERROR: "Fehler",
    "": "noch nicht abgerufen",
}
MAX_ERROR_PROBLEMS = 10


@dataclass
class SyncResult:
    feed: Feed
    status: str
    message: str = ""


def _import_error(report):
    lines = [report.summary()]
    errors = report.errors
    lines += [str(problem) for problem in errors[:MAX_ERROR_PROBLEMS]]
    if len(errors) > MAX_ERROR_PROBLEMS:
        lines.append(f"… und {len(errors) - MAX_ERROR_PROBLEMS} weitere Fehler")
    return "\n".join(lines)


def sync_feed(feed, *, now=None):
    """Fetch and import one feed; store the outcome on it. Returns a SyncResult."""
    now = now or timezone.now()
    feed.last_checked_at = now
    status, message = ERROR, ""
    try:
        if feed.format not in FORMATS:
            raise FetchError(f"Unbekanntes Format „{feed.format}“.")
        fetched = None
        if getattr(FORMATS[feed.format], "incremental", False):
            # Another portal's change feed: page by page from the stored cursor.
            federated = sync_changes(feed)
            status, message = (OK if federated.ok else ERROR), federated.message
        else:
            fetched = fetch(feed.url, etag=feed.etag or None,
                            last_modified=feed.last_modified or None,
                            public_only=not settings.FEED_ALLOW_PRIVATE)
        if fetched is None:
            pass
        elif fetched.not_modified:
            status = UNCHANGED
        else:
            # A feed is its provider's own upload: published for an approved provider,
            # waiting for the office's review otherwise.
            approved = feed.provider.approved_at is not None
            report = run_import(fetched.data, ImportOptions(
                feed.format, provider=feed.provider,
                status=Offering.Status.PUBLISHED if approved else Offering.Status.PENDING,
                filename=feed.url, full_feed=True, origin=ImportRun.Origin.FEED, feed=feed,
            ))
            if report.written and not report.errors:
                status = OK
                message = report.summary()
                # Remember the validators only after a successful import, so a failed import
                # is fetched in full (not answered with 304) next time.
                feed.etag = fetched.etag[:300]
                feed.last_modified = fetched.last_modified[:100]
            else:
                message = "Import abgelehnt, nichts geändert. " + _import_error(report)
    except FetchError as error:
        message = f"Abruf fehlgeschlagen: {error}"
    except Exception as error:  # noqa: BLE001 — one feed's bug must not stop the others
        logger.exception("feed %s failed", feed.pk)
        message = f"Unerwarteter Fehler beim Import ({type(error).__name__}); das "
        message += "Bildungsbüro wurde informiert."
    feed.last_status = status
    if status in (OK, UNCHANGED):
        feed.last_error = ""
        feed.last_success_at = now if status == OK else feed.last_success_at
    else:
        feed.last_error = message[:5000]
    Feed.objects.filter(pk=feed.pk).update(
        etag=feed.etag, last_modified=feed.last_modified, last_checked_at=feed.last_checked_at,
        last_success_at=feed.last_success_at, last_status=feed.last_status,
        last_error=feed.last_error,
    )
    return SyncResult(feed, status, message if status == ERROR else "")


def sync_feeds(feed_id=None):
    """Every active feed (or the one with feed_id, active or not); a list of SyncResults."""
    feeds = Feed.objects.select_related("provider").order_by("pk")
    feeds = feeds.filter(pk=feed_id) if feed_id is not None else feeds.filter(active=True)
    return [sync_feed(feed) for feed in feeds]
