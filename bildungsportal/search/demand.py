"""The demand signal: searches that found nothing or little, counted anonymously per day.

The education office reads these counts to see what people look for and the catalog lacks.
What is kept is deliberately little (data minimisation, DSGVO Art. 5 (1) c):

- the query as the analyzer's folded words ("Englisch Anfänger!" → "englisch anfaenger"),
- the filters as the canonical query list, without page, page size and sort; a place typed
  into "near" is kept only as the place it was resolved to ("64625 Bensheim"), never as typed,
- the result count and the day — no time, no IP address, session, user agent, user or cookie.

A query that looks like or contains an e-mail address or a phone number is not kept at all.
Equal searches on one day share one row whose `searches` counter goes up. Logging never
breaks a search: any error here is logged as a warning and swallowed.
"""

import hashlib
import json
import logging
import re
from datetime import timedelta

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

from . import analyzer
from .models import SearchDemand

logger = logging.getLogger(__name__)

# Parameters that don't change what is searched for.
NOT_FILTERS = frozenset({"q", "page", "page_size", "sort"})
# An e-mail address, also written "name(at)example.de" or "name [at] example.de".
EMAIL_LIKE = re.compile(r"@|[(\[{]\s*at\s*[)\]}]", re.IGNORECASE)
# Six or more digits in a row, possibly broken up by spaces, slashes, dashes, brackets or +:
# "06251 123456", "+49 (6251) 12-34-56", "0171/1234567". A five-digit postcode alone passes,
# and so does a date written with dots.
PHONE_LIKE = re.compile(r"\d(?:[\s/\-+()]*\d){5,}")


def looks_personal(text):
    """Whether text looks like or contains an e-mail address or a phone number."""
    return bool(EMAIL_LIKE.search(text) or PHONE_LIKE.search(text))


def normalise_query(text):
    """The analyzer's folded words joined by single spaces, cut to the column's length."""
    limit = SearchDemand._meta.get_field("query").max_length
    return " ".join(analyzer.terms(text))[:limit].strip()


def demand_filters(params, origin=None):
    """The filters of a search as [name, value] pairs, in the canonical order."""
    filters = []
    for name, value in params.as_query_list():
        if name in NOT_FILTERS:
            continue
        if name == "near":
            if not origin:
                continue
            value = origin[0]  # the resolved place, not what was typed
        filters.append([name, value])
    return filters


def filters_hash(filters):
    canonical = json.dumps(filters, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_search(params, result):
    """Count this search if it found at most SEARCH_DEMAND_MAX_RESULTS. Never raises.

    `params` are the parameters as asked, `result` what search() returned for them; the
    filters are taken from `result.params`, which is what was actually searched.
    """
    try:
        _record(params, result)
    except Exception:
        logger.warning("Search demand could not be recorded", exc_info=True)


def _record(params, result):
    # What matched all the words: the soft AND's partial matches (relax.py) are no answer.
    found = result.count - result.partial_count
    if found > settings.SEARCH_DEMAND_MAX_RESULTS or params.page > 1:
        return
    searched = result.params
    if looks_personal(params.q) or looks_personal(searched.near):
        return
    query = normalise_query(params.q)
    filters = demand_filters(searched, result.origin)
    if not query and not filters:
        return
    count_search(timezone.localdate(), query, filters, found)


# The filter pair that marks a resident's wish ("tell the office what you looked for").
WISH_FILTER = ["wish", "1"]


def record_wish(text, params):
    """Count a resident's one-line wish with the search it came from, like a search.

    Kept as the analyzer's folded words (no personal data: the caller refuses texts that
    look like an e-mail address or phone number, and nothing about the sender is stored);
    the row's filters start with ["wish", "1"]. Returns False when nothing was kept.
    """
    if looks_personal(text):
        return False
    query = normalise_query(text)
    if not query:
        return False
    count_search(timezone.localdate(), query, [WISH_FILTER, *demand_filters(params)], 0)
    return True


def count_search(day, query, filters, result_count):
    """Add one search to its (day, query, filters) row, creating the row if needed.

    One statement, INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL): the counter is
    raised in the database, and concurrent requests for a new row count on the same row
    without a retry. Inside a transaction it runs in a savepoint, so a failure here can't
    spoil the outer one.
    """
    alias = router.db_for_write(SearchDemand)
    connection = connections[alias]
    field = SearchDemand._meta.get_field
    table = connection.ops.quote_name(SearchDemand._meta.db_table)
    sql = (
        f"INSERT INTO {table} (day, query, filters, filters_hash, result_count, searches) "
        "VALUES (%s, %s, %s, %s, %s, 1) ON CONFLICT (day, query, filters_hash) DO UPDATE "
        f"SET searches = {table}.searches + 1, result_count = EXCLUDED.result_count"
    )
    params = [field("day").get_db_prep_save(day, connection), query,
              field("filters").get_db_prep_save(filters, connection), filters_hash(filters),
              result_count]
    if connection.in_atomic_block:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(sql, params)
    else:  # one statement in autocommit is a transaction of its own
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def purge(today=None):
    """Delete the counts older than SEARCH_DEMAND_RETENTION_DAYS; returns how many rows."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.SEARCH_DEMAND_RETENTION_DAYS)
    deleted, _ = SearchDemand.objects.filter(day__lt=cutoff).delete()
    return deleted
