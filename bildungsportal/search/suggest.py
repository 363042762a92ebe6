"""Autocomplete for the search box: offering titles, topics and towns that begin with what is typed.

Everything is answered from memory, per index version (facet_index.get_index()):

- titles: FacetIndex.suggest_titles, a sorted list of (key, title, count) over the distinct
  titles of published offerings, searched with bisect;
- topics and towns: the facet index's vocabularies, with the number of offerings that still
  have a run to come (the number a click on the suggestion finds), cached per index and day.

Matching is by prefix on the analyzer's folding (case, umlauts, diacritics), with punctuation
and runs of spaces reduced to single spaces: "fuehr" finds "Führerschein", "erste-h" finds
"Erste Hilfe am Kind". A topic or town also matches at the start of any of its words
("zweit" finds "Deutsch als Zweitsprache"); a title only at its start.
"""

import re
import threading
import weakref
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from urllib.parse import urlencode

import numpy as np
from django.urls import reverse
from django.utils.translation import gettext_lazy

from . import analyzer
from .facet_index import get_index, town_pairs

INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u200b-\u200f\u2060\ufeff]")
MAX_SUGGESTIONS = 10
# Of the ten, at most this many topics and towns; titles fill the rest (and any gap).
MAX_TOPICS = 3
MAX_TOWNS = 3
KIND_LABELS = {
    "topic": gettext_lazy("Thema"),
    "title": gettext_lazy("Angebot"),
    "town": gettext_lazy("Ort"),
}


def key(text):
    """The form titles, names and queries are compared in: folded words, single spaces.

    Invisible characters (controls other than white space, soft hyphens, zero-width spaces)
    are dropped rather than read as a break between words.
    """
    return " ".join(analyzer.TERM.findall(analyzer.fold(INVISIBLE.sub("", text or ""))))


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str
    url: str
    count: int

    @property
    def kind_label(self):
        return str(KIND_LABELS[self.kind])


@dataclass
class _Entry:
    key: str
    words: tuple  # positions where a word starts, for matching inside the name
    label: str
    url: str
    count: int

    def match(self, prefix):
        """0: the name starts with prefix, 1: one of its later words does, None: no match."""
        if self.key.startswith(prefix):
            return 0
        if any(self.key.startswith(prefix, start) for start in self.words):
            return 1
        return None


def _entries(keys_labels_urls, counts):
    entries = []
    for (label, url), count in zip(keys_labels_urls, counts, strict=True):
        if count <= 0:
            continue  # a suggestion that finds nothing is no help
        k = key(label)
        words = tuple(i + 1 for i, ch in enumerate(k) if ch == " ")
        entries.append(_Entry(k, words, label, url, int(count)))
    return entries


class _Vocabularies:
    """Topics and towns with their offering counts for one index on one day."""

    def __init__(self, index, today):
        live_rows = index.upcoming_rows(today)
        live = index.offerings_of_rows(live_rows)

        topics = index.vocabularies["topic"]
        topic_counts = index.count_values("topic", live, len(topics.slugs))
        self.topics = _entries(
            ((label, _search_url(topic=slug)) for slug, label in zip(topics.slugs, topics.labels,
                                                                     strict=True)),
            topic_counts,
        )

        towns = index.vocabularies["town"]
        # Each (offering, town) pair with a run still to come once, as the search counts.
        town_counts = np.bincount(town_pairs(index, live_rows)[1], minlength=len(towns.slugs))
        self.towns = _entries(
            ((label, reverse("catalog:municipality", kwargs={"slug": slug}))
             for slug, label in zip(towns.slugs, towns.labels, strict=True)),
            town_counts,
        )
        self.today = today


_vocabularies = weakref.WeakKeyDictionary()  # FacetIndex → _Vocabularies of the current day
_lock = threading.Lock()


def _vocabularies_of(index, today):
    cached = _vocabularies.get(index)
    if cached is None or cached.today != today:
        cached = _Vocabularies(index, today)
        with _lock:
            _vocabularies[index] = cached
    return cached


def _search_url(**params):
    return f"{reverse('catalog:search')}?{urlencode(params)}"


def _best(entries, prefix, limit):
    """Entries matching prefix: whole-name matches first, then more offerings, then A–Z."""
    found = []
    for entry in entries:
        rank = entry.match(prefix)
        if rank is not None:
            found.append((rank, -entry.count, entry.key, entry))
    found.sort(key=itemgetter(0, 1, 2))
    return [entry for *_, entry in found[:limit]]


def _titles(index, prefix, limit):
    """The titles that start with prefix, most offerings first, then A–Z (deterministic)."""
    titles = index.suggest_titles
    lo = bisect_left(titles, prefix, key=itemgetter(0))
    hi = bisect_left(titles, prefix + "\U0010ffff", lo, key=itemgetter(0))
    if hi - lo <= limit:
        chosen = range(lo, hi)
    else:
        # Many matches (a short prefix in a large catalog): the limit-th largest count is the
        # cut; above it everything is taken, at it the first ones in alphabetical order.
        counts = np.fromiter((titles[i][2] for i in range(lo, hi)), dtype=np.int64,
                             count=hi - lo)
        cut = np.partition(counts, len(counts) - limit)[len(counts) - limit]
        above = np.flatnonzero(counts > cut)
        at = np.flatnonzero(counts == cut)[: limit - len(above)]
        chosen = (lo + int(i) for i in np.concatenate([above, at]))
    rows = sorted((titles[i] for i in chosen), key=lambda row: (-row[2], row[0]))
    return rows[:limit]


def suggest(query, limit=MAX_SUGGESTIONS, today=None):
    """Up to `limit` suggestions for what was typed; [] when nothing useful was typed.

    Never raises for any string: control characters and punctuation fold away.
    """
    prefix = key(query)
    if not prefix or limit <= 0:
        return []
    index = get_index()
    vocabularies = _vocabularies_of(index, today or date.today())
    topics = _best(vocabularies.topics, prefix, limit)
    towns = _best(vocabularies.towns, prefix, limit)
    titles = [
        Suggestion("title", title, _search_url(q=title), count)
        for _, title, count in _titles(index, prefix, limit)
    ]
    # Fair shares first (topics and towns capped), then whatever is left fills the gaps.
    n_topics = min(len(topics), MAX_TOPICS, limit)
    n_towns = min(len(towns), MAX_TOWNS, limit - n_topics)
    n_titles = min(len(titles), limit - n_topics - n_towns)
    spare = limit - n_topics - n_towns - n_titles
    more = min(len(topics) - n_topics, spare)
    n_topics, spare = n_topics + more, spare - more
    n_towns += min(len(towns) - n_towns, spare)
    return (
        [Suggestion("topic", e.label, e.url, e.count) for e in topics[:n_topics]]
        + titles[:n_titles]
        + [Suggestion("town", e.label, e.url, e.count) for e in towns[:n_towns]]
    )
