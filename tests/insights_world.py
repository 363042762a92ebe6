"""A monitoring test world: the 27 real municipalities, a few offerings and survey answers
in which Lindenfels has fewer than k respondents (4 of whom 3 wish languages: 75 %).

Used by the page, report and browser tests of the monitoring; every value is known.
"""

from datetime import time

from bildungsportal.places.management.commands.load_reference import load_municipalities
from bildungsportal.places.models import Municipality
from tests import factories as f
from tests import survey_factories as sf

K = 5
AGES = (("18-24", "18–24"), ("25-39", "25–39"), ("65-plus", "65+"))
# (town, topics, respondents): Lindenfels stays below k = 5.
ANSWERS = (
    ("bensheim", ["sprachen"], 12), ("bensheim", ["gesundheit"], 28),
    ("heppenheim", ["sprachen"], 9), ("heppenheim", ["gesundheit"], 21),
    ("biblis", ["sprachen"], 14), ("biblis", ["gesundheit"], 6),
    ("lampertheim", ["sprachen"], 11), ("lampertheim", ["gesundheit"], 29),
    ("lindenfels", ["sprachen"], 3), ("lindenfels", ["gesundheit"], 1),
)
SMALL_TOWN = "lindenfels"
SMALL_SHARE = "75 %"  # what Lindenfels' share would be; must never be shown


def build():
    load_municipalities()
    towns = {town.slug: town for town in Municipality.objects.all()}
    vocab = f.vocabularies()
    vhs = f.provider(municipality=towns["bensheim"])
    haus = f.venue(towns["bensheim"], step_free=True, latitude=49.6805, longitude=8.6225)
    saal = f.venue(towns["heppenheim"], name="Kurfürstensaal", latitude=49.64,
                   longitude=8.64)
    english = f.offering(vhs, vocab, "Englisch für Anfänger")
    f.run(english, haus, days=5, start_time=time(18, 30), end_time=time(20))
    f.run(english, saal, days=40, start_time=time(9), end_time=time(11))
    first_aid = f.offering(vhs, vocab, "Erste Hilfe am Kind", topics=[vocab["health"]],
                           is_free=True)
    f.run(first_aid, saal, days=3, start_time=time(10), end_time=time(16))
    survey = sf.survey("bildung", k=K)
    sf.question(survey, "themen", "catalog", catalog_vocabulary="topic")
    sf.question(survey, "wohnort", "catalog", catalog_vocabulary="town", is_band=True)
    sf.question(survey, "altersgruppe", "single", choices=AGES, is_band=True)
    for town, topics, n in ANSWERS:
        sf.respond(survey, {"themen": topics, "wohnort": town, "altersgruppe": "25-39"}, n=n)
    office = f.user("buero", office=True)
    provider_user = f.user("anbieter", providers=[vhs])
    return {"towns": towns, "vocab": vocab, "survey": survey, "office": office,
            "provider_user": provider_user}


def row_of(text, name):
    """The lines of a text (CSV, PDF text) that mention `name`."""
    return [line for line in text.splitlines() if name in line]
