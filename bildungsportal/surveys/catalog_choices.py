"""Choices of catalog-bound questions: the catalog's vocabularies, or fixed bands.

Answers store the value (a vocabulary slug or a band code), so results and the demand analysis
can join them with the catalog. Labels stay German: the vocabularies have no translations yet.

The vocabularies are read at most once a minute per process (``CACHE_SECONDS``): a survey form
asks for four of them on every request, and a new town or topic may well wait a minute.
"""

import threading
import time

from django.utils.translation import gettext_lazy as _

from .models import Question

V = Question.CatalogVocabulary

# Same codes as the search filter (search/params.py TIMES_OF_DAY) plus the weekend.
TIME_OF_DAY_BANDS = [
    ("vormittags", _("vormittags (bis 12 Uhr)")),
    ("nachmittags", _("nachmittags (12–17 Uhr)")),
    ("abends", _("abends (ab 17 Uhr)")),
    ("wochenende", _("am Wochenende")),
]
DISTANCE_BANDS = [
    ("bis-5-km", _("bis 5 km")),
    ("bis-10-km", _("bis 10 km")),
    ("bis-20-km", _("bis 20 km")),
    ("bis-30-km", _("bis 30 km")),
    ("ueber-30-km", _("mehr als 30 km")),
    ("nur-online", _("nur online, ohne Anfahrt")),
]
PRICE_BANDS = [
    ("kostenfrei", _("nur kostenfreie Angebote")),
    ("bis-50", _("bis 50 € pro Kurs")),
    ("bis-100", _("bis 100 € pro Kurs")),
    ("bis-250", _("bis 250 € pro Kurs")),
    ("ueber-250", _("mehr als 250 € pro Kurs")),
]
FIXED_BANDS = {V.TIME_OF_DAY: TIME_OF_DAY_BANDS, V.DISTANCE: DISTANCE_BANDS, V.PRICE: PRICE_BANDS}


def _vocabulary(model, **filters):
    return [(row.slug, row.name) for row in model.objects.filter(**filters)]


def _topics():
    """The top-level topics only: 78 topics with subtopics are too many to tick through;
    the demand analysis counts a subtopic's offerings under its top-level topic."""
    from bildungsportal.catalog.models import Topic

    return [(t.slug, t.name) for t in Topic.objects.filter(parent=None)]


CACHE_SECONDS = 60
_cache = {}  # vocabulary -> (read at, choices)
_lock = threading.Lock()


def catalog_choices(question):
    """[(value, label)] for a catalog-bound question; [] for any other question."""
    vocabulary = question.catalog_vocabulary
    if vocabulary in FIXED_BANDS:
        return [(code, str(label)) for code, label in FIXED_BANDS[vocabulary]]
    now = time.monotonic()
    with _lock:
        read_at, choices = _cache.get(vocabulary, (None, None))
    if read_at is None or now - read_at >= CACHE_SECONDS:
        choices = _read_vocabulary(vocabulary)
        with _lock:
            _cache[vocabulary] = (now, choices)
    return [(value, str(label)) for value, label in choices]  # "außerhalb" in today's language


def forget():
    """Read the vocabularies afresh on the next call (tests, after an import)."""
    with _lock:
        _cache.clear()


def _read_vocabulary(vocabulary):
    from bildungsportal.catalog.models import Format, LifePhase, TargetGroup
    from bildungsportal.places.models import Municipality

    if vocabulary == V.TOPIC:
        return _topics()
    if vocabulary == V.LIFE_PHASE:
        return _vocabulary(LifePhase)
    if vocabulary == V.TARGET_GROUP:
        return _vocabulary(TargetGroup)
    if vocabulary == V.FORMAT:
        return _vocabulary(Format)
    if vocabulary == V.TOWN:
        towns = Municipality.objects.in_district().order_by("name")
        return [(t.slug, t.name) for t in towns] + [("ausserhalb", _("außerhalb des Kreises"))]
    return []
