"""Federation: follow another Bildungsportal's change feed (format "bildungsportal").

``sync_changes(feed)`` pulls page after page from the feed's cursor (``?since=``), imports
each page's offerings for the feed's provider through the pipeline (not as a full feed),
deletes the offerings the remote side withdrew or deleted (tombstones) and stores the new
cursor — page by page, each in one transaction, so an interrupted pull resumes where it
stopped and never applies a page twice. Raises FetchError for network trouble; a page that
cannot be imported stops the pull and keeps the cursor before it.
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction

from bildungsportal.catalog.models import Offering

from .fetch import fetch
from .formats import FORMATS
from .models import Feed, ImportRun
from .pipeline import ImportOptions, run_import
from .pipeline.upsert import source_for

PAGE_SIZE = 1000
MAX_PAGES = 1000  # one pull reads at most a million changes; the next pull goes on


@dataclass
class FederationResult:
    ok: bool
    message: str
    pages: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0


def page_url(url, cursor, limit=None):
    """The feed URL with ``since`` and ``limit`` set (other query parameters kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("since", "limit")]
    query += [("since", cursor or "0"), ("limit", str(limit or PAGE_SIZE))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _apply(feed, page, data, format_object):
    approved = feed.provider.approved_at is not None
    report = run_import(data, ImportOptions(
        format_object.name, provider=feed.provider,
        status=Offering.Status.PUBLISHED if approved else Offering.Status.PENDING,
        filename=feed.url, origin=ImportRun.Origin.FEED, feed=feed,
    ))
    if page.records and not (report.written and not report.errors):
        return report, None
    deleted = 0
    if page.tombstones:
        gone = Offering.objects.filter(source=source_for(format_object, feed.provider),
                                       external_id__in=page.tombstones)
        deleted = len(gone.values_list("pk", flat=True))
        gone.delete()
    return report, deleted


def sync_changes(feed, *, max_pages=MAX_PAGES):
    """Pull and apply the remote changes after ``feed.cursor``; see the module docstring."""
    format_object = FORMATS[feed.format]
    result = FederationResult(ok=True, message="")
    while result.pages < max_pages:
        fetched = fetch(page_url(feed.url, feed.cursor),
                        public_only=not settings.FEED_ALLOW_PRIVATE)
        page = format_object.read_page(fetched.data)
        if page.problems:
            result.ok = False
            result.message = "; ".join(str(p) for p in page.problems[:10])
            break
        with transaction.atomic():
            report, deleted = _apply(feed, page, fetched.data, format_object)
            if deleted is None:
                result.ok = False
                result.message = "Import abgelehnt, nichts geändert. " + report.summary() + \
                    "".join(f"\n{p}" for p in report.errors[:10])
                break
            Feed.objects.filter(pk=feed.pk).update(cursor=page.next[:40])
        feed.cursor = page.next[:40]
        result.pages += 1
        result.created += report.created
        result.updated += report.updated
        result.deleted += deleted
        if not page.has_more:
            break
    if result.ok:
        result.message = (f"{result.pages} Seite(n): {result.created} neu, {result.updated} "
                          f"aktualisiert, {result.deleted} gelöscht")
    return result
