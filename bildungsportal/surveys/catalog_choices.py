"""Choices of catalog-bound questions: the catalog's vocabularies, or fixed bands.

Answers store the value (a vocabulary slug or a band code), so results and the demand analysis
can join them with the catalog. Labels follow the active language: vocabulary names from their
``translations`` (German when a language is missing), bands through gettext; town names stay.

The vocabularies are read at most once a minute per process (``CACHE_SECONDS``): a survey form
asks for four of them on every request, and a new town or topic may well wait a minute.
"""

import threading
import time

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bildungsportal.catalog import vocabularies
from bildungsportal.catalog.models import Topic
from bildungsportal.places.models import Municipality

from .models import Question

V = Question.CatalogVocabulary

# The registry's times of day (the search filter's codes too) plus the weekend.
TIME_OF_DAY_BANDS = [*vocabularies.TIMES_OF_DAY.items(), ("wochenende", _("am Wochenende"))]
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
    return [(row.slug, row.name, row.translations or {}) for row in model.objects.filter(**filters)]


def _topics():
    """The top-level topics only: 78 topics with subtopics are too many to tick through;
    the demand analysis counts a subtopic's offerings under its top-level topic."""
    return _vocabulary(Topic, parent=None)


def _label(name, translations, language):
    """A vocabulary name in ``language`` (the row's translations), else German."""
    return (translations.get(language) or {}).get("name") or name


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
    language = get_language() or "de"
    return [(value, _label(str(label), names, language)) for value, label, names in choices]


def forget():
    """Read the vocabularies afresh on the next call (tests, after an import)."""
    with _lock:
        _cache.clear()


def _read_vocabulary(vocabulary):
    """A question's catalog vocabulary: a registry vocabulary (its code names the question's
    binding), the district's towns, or nothing."""
    if vocabulary == V.TOPIC:
        return _topics()
    if vocabulary in vocabularies.BY_KEY:
        return _vocabulary(vocabularies.BY_KEY[vocabulary].model)
    if vocabulary == V.TOWN:
        towns = Municipality.objects.in_district().order_by("name")
        outside = ("ausserhalb", _("außerhalb des Kreises"), {})
        return [(t.slug, t.name, {}) for t in towns] + [outside]
    return []
