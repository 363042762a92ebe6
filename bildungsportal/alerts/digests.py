"""The digests: for each due subscription, the offerings new since its last check.

"New" means: the search finds it now, and it was created after the last check (its id is
above the subscription's watermark) or published / approved by the office since then (the
change history). Nothing new, no mail. Each distinct search is searched once per run.
"""

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from bildungsportal.backoffice.models import OfferingChange
from bildungsportal.catalog.models import Offering
from bildungsportal.places.regions import using_region
from bildungsportal.search.matching import matching_offering_ids

from . import mails, searches
from .models import Subscription

logger = logging.getLogger(__name__)

INTERVALS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A cron job that runs a few minutes early must still find yesterday's subscriptions due.
SLACK = timedelta(hours=2)
MAX_LISTED = 20  # offerings named in one mail; the rest are counted and linked


def base_url(region=None):
    """Start of the links in mails sent without a request: a region's own host (https), else
    SITE_URL, else the local server."""
    if region is not None and region.host:
        return f"https://{region.host}"
    url = getattr(settings, "SITE_URL", "") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    return url.rstrip("/")


def due(frequency=None, now=None):
    """Subscriptions whose interval has passed since their last check."""
    now = now or timezone.now()
    condition = Q()
    for name, interval in INTERVALS.items():
        if frequency in (None, name):
            condition |= Q(frequency=name) & (
                Q(checked_at__isnull=True) | Q(checked_at__lte=now - interval + SLACK)
            )
    if not condition:
        return Subscription.objects.none()
    return (Subscription.objects.filter(condition).select_related("region")
            .order_by("region_id", "query", "id"))


def new_offerings(subscription, matching, published_since):
    """Ids among `matching` that are news for this subscription, newest first."""
    watermark = subscription.last_seen_offering
    fresh = {pk for pk in matching if pk > watermark}
    fresh |= matching & published_since.get(subscription.checked_at, set())
    return sorted(fresh, reverse=True)


def send_alerts(frequency=None, now=None, base=None):
    """Send the digests that are due. Returns (mails sent, subscriptions checked, failures)."""
    now = now or timezone.now()
    subscriptions = list(due(frequency, now))
    if not subscriptions:
        return 0, 0, 0
    # Read before searching: an offering created meanwhile is above it and comes next time.
    newest = Offering.objects.aggregate(newest=Max("id"))["newest"] or 0
    published = _published_since(subscriptions)
    matches = {}
    sent = failed = 0
    for subscription in subscriptions:
        # Claim it (a second run started meanwhile finds it checked and leaves it alone).
        previous = subscription.checked_at
        if not Subscription.objects.filter(pk=subscription.pk, checked_at=previous).update(
            checked_at=now
        ):
            continue
        search = (subscription.region_id, subscription.query)
        if search not in matches:
            # The search of the site it was followed on: that region's catalog.
            with using_region(subscription.region):
                params = searches.parse_query(subscription.query)
                matches[search] = set(matching_offering_ids(params).tolist())
        ids = new_offerings(subscription, matches[search], published)
        if ids:
            listed = ids[:MAX_LISTED]
            found = Offering.objects.select_related("provider").in_bulk(listed)
            offerings = [found[pk] for pk in listed if pk in found]
            site = (base or base_url(subscription.region)).rstrip("/")
            message = mails.digest(subscription, offerings, len(ids) - len(offerings),
                                   lambda path, site=site: site + path)
            try:
                message.send()
            except OSError:
                # Give the claim back and keep the watermark: the same offerings come with
                # the next run.
                logger.exception("alerts: digest to subscription %s failed", subscription.pk)
                Subscription.objects.filter(pk=subscription.pk).update(checked_at=previous)
                failed += 1
                continue
            sent += 1
            subscription.last_sent_at = now
        subscription.checked_at = now
        subscription.last_seen_offering = max(subscription.last_seen_offering, newest)
        subscription.save(update_fields=["checked_at", "last_sent_at", "last_seen_offering"])
    return sent, len(subscriptions), failed


def _published_since(subscriptions):
    """checked_at → ids of offerings published or approved since then (change history)."""
    times = {s.checked_at for s in subscriptions if s.checked_at is not None}
    if not times:
        return {}
    rows = list(OfferingChange.objects.filter(
        action__in=(OfferingChange.Action.PUBLISHED, OfferingChange.Action.APPROVED),
        created_at__gt=min(times),
    ).values_list("offering_id", "created_at"))
    return {t: {pk for pk, at in rows if at > t} for t in times}
