"""What residents looked for and did not find: reads of the search's demand log for the office.

Rows of ``search.models.SearchDemand`` are anonymous (day, folded words, filters, counts);
a resident's wish from the zero-result page is a row whose filters start with ["wish", "1"].
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, Sum
from django.utils import timezone

from bildungsportal.search.demand import WISH_FILTER
from bildungsportal.search.models import SearchDemand
from bildungsportal.search.params import FILTER_LABELS

DAYS = 30
KINDS = ("alle", "ohne-treffer", "wenige", "wuensche")
IS_WISH = Q(filters__0__0=WISH_FILTER[0], filters__0__1=WISH_FILTER[1])


@dataclass(frozen=True)
class Day:
    day: object
    nothing: int  # searches that found nothing
    little: int  # searches that found a few offerings
    wishes: int


def rows(kind="alle"):
    """The log's rows, newest day first, most frequent first; ``kind`` narrows them."""
    items = SearchDemand.objects.order_by("-day", "-searches", "query", "pk")
    if kind == "wuensche":
        return items.filter(IS_WISH)
    if kind == "ohne-treffer":
        return items.filter(result_count=0).exclude(IS_WISH)
    if kind == "wenige":
        return items.filter(result_count__gt=0)
    return items


def per_day(days=DAYS, today=None):
    """Searches per day for the last ``days`` days (days without any row are left out)."""
    today = today or timezone.localdate()
    recent = SearchDemand.objects.filter(day__gt=today - timedelta(days=days))
    totals = {}
    for name, items in (("nothing", rows("ohne-treffer")), ("little", rows("wenige")),
                        ("wishes", rows("wuensche"))):
        for day, count in (recent.filter(pk__in=items.values("pk")).values_list("day")
                           .annotate(total=Sum("searches"))):
            totals.setdefault(day, {})[name] = count
    return [Day(day, counts.get("nothing", 0), counts.get("little", 0), counts.get("wishes", 0))
            for day, counts in sorted(totals.items(), reverse=True)]


def is_wish(row):
    return bool(row.filters) and list(row.filters[0]) == WISH_FILTER


def filter_texts(row):
    """The row's filters as "Ort: bensheim" (the wish marker left out)."""
    return [
        f"{FILTER_LABELS.get(name, name)}: {value}"
        for name, value in (row.filters[1:] if is_wish(row) else row.filters)
    ]
