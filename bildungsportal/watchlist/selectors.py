"""Reads for the Merkliste: the kept offerings with their next runs and what became of them."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db.models import Prefetch

from bildungsportal.catalog.formatting import attach_run_info, price_text
from bildungsportal.catalog.models import Offering, Run

NEXT_RUNS = 3  # upcoming runs shown per offering; the offering page has them all


@dataclass
class Item:
    """One kept offering as the Merkliste shows it."""

    offering: object
    kept_at: datetime | None = None
    upcoming: list = field(default_factory=list)
    more_runs: int = 0
    price: str = ""
    changed: bool = False  # changed after it was kept
    cancelled: bool = False  # every upcoming run is cancelled
    status: str = "published"  # or "archived", "withdrawn" (back to draft or review)

    @property
    def is_public(self):
        return self.status == "published"


def _offerings(ids, public_only):
    runs = Run.objects.select_related("venue__municipality").order_by(
        "start_date", "start_time", "id"
    )
    offerings = Offering.objects.filter(pk__in=ids)
    if public_only:
        offerings = offerings.published()
    return {
        offering.pk: offering
        for offering in offerings.select_related("provider").prefetch_related(
            Prefetch("runs", queryset=runs)
        )
    }


def _item(offering, kept=None, today=None):
    upcoming = [run for run in offering.runs.all() if not run.is_past(today)]
    attach_run_info(upcoming, offering)
    kept_at = datetime.fromtimestamp(kept, UTC) if kept is not None else None
    status = offering.status
    if status == Offering.Status.PUBLISHED:
        status = "published"
    elif status == Offering.Status.ARCHIVED:
        status = "archived"
    else:
        status = "withdrawn"
    return Item(
        offering=offering,
        kept_at=kept_at,
        upcoming=upcoming[:NEXT_RUNS],
        more_runs=max(0, len(upcoming) - NEXT_RUNS),
        price=price_text(offering, upcoming),
        changed=kept_at is not None and offering.updated_at > kept_at,
        cancelled=bool(upcoming) and all(
            run.booking_status == Run.BookingStatus.CANCELLED for run in upcoming
        ),
        status=status,
    )


def kept_items(watchlist):
    """The person's own list, newest first, and the ids that no longer exist.

    Every id in the signed cookie was published when it was kept (only published offerings
    can be kept), so an offering that was archived or taken back since stays in the list,
    marked as such, instead of vanishing without a word. Deleted ones are gone.
    """
    offerings = _offerings(watchlist.ids, public_only=False)
    today = date.today()
    items = [
        _item(offerings[pk], kept, today)
        for pk, kept in reversed(watchlist.kept.items()) if pk in offerings
    ]
    return items, set(offerings)


def shared_items(ids):
    """A shared list: only what is published now, in the order of the link."""
    offerings = _offerings(ids, public_only=True)
    today = date.today()
    return [_item(offerings[pk], today=today) for pk in ids if pk in offerings]


def calendar_runs(offerings):
    """(run, offering) for every upcoming run with a date of the published offerings."""
    today = date.today()
    found = []
    for offering in offerings:
        if offering.status != Offering.Status.PUBLISHED:
            continue
        for run in offering.runs.all():
            if run.start_date is not None and not run.is_past(today):
                found.append((run, offering))
    return found


def publishable_ids(ids):
    """The ids among `ids` of offerings that are published now."""
    return set(Offering.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
