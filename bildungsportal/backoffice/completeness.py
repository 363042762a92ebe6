"""How complete an offering is, 0–100, and what is missing (German labels for the provider).

Weights (they add up to 100; the facts people ask for first weigh most):

==========================  ======  ==================================================
item                        weight  counts as present when
==========================  ======  ==================================================
dates (Termine)             20      a run that is standing, or starts / ends today or later
venue (Ort)                 15      a run with a venue or online (every run has one of them)
price (Preis)               15      free, a price on the offering, or a price on a run
contact (Anmeldung)         15      a registration link or a registration contact
description (Beschreibung)  15      at least DESCRIPTION_MIN_CHARS characters
entry requirements          10      the entry requirements are filled in
topic (Thema)               10      at least one topic
==========================  ======  ==================================================

Works on prefetched ``runs`` and ``topics`` (``offering.runs.all()``), so a list page that
prefetches them asks no further queries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

DESCRIPTION_MIN_CHARS = 50

WEIGHTS = {
    "dates": 20,
    "venue": 15,
    "price": 15,
    "contact": 15,
    "description": 15,
    "entry_requirements": 10,
    "topic": 10,
}
LABELS = {
    "dates": _("aktuelle Termine (ein Termin ab heute oder „laufend“)"),
    "venue": _("Veranstaltungsort oder „online“"),
    "price": _("Preis (oder „kostenfrei“)"),
    "contact": _("Anmeldung: Link oder Kontakt"),
    "description": _("Beschreibung (mindestens 50 Zeichen)"),
    "entry_requirements": _("Zugangsvoraussetzungen"),
    "topic": _("Thema"),
}
assert sum(WEIGHTS.values()) == 100


@dataclass(frozen=True)
class Completeness:
    score: int
    missing: list = field(default_factory=list)  # German labels, in the order of WEIGHTS


def _present(offering, today):
    saved = offering.pk is not None  # an unsaved offering has no related rows yet
    runs = list(offering.runs.all()) if saved else []
    return {
        "dates": any(
            run.recurrence == run.Recurrence.STANDING or (
                run.start_date is not None and (run.end_date or run.start_date) >= today
            )
            for run in runs
        ),
        "venue": any(run.venue_id or run.is_online for run in runs),
        "price": offering.is_free
        or offering.price_cents is not None
        or any(run.price_cents is not None for run in runs),
        "contact": bool(offering.registration_url or offering.registration_contact.strip()),
        "description": len(offering.description.strip()) >= DESCRIPTION_MIN_CHARS,
        "entry_requirements": bool(offering.entry_requirements.strip()),
        "topic": saved and bool(list(offering.topics.all())),
    }


def completeness(offering, today=None):
    """The offering's score 0–100 and the German labels of what is missing."""
    present = _present(offering, today or date.today())
    score = sum(weight for key, weight in WEIGHTS.items() if present[key])
    missing = [str(LABELS[key]) for key in WEIGHTS if not present[key]]
    return Completeness(score=score, missing=missing)
