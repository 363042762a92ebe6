"""A small monitoring world: four towns, the test vocabularies and a survey with topic, town
and age band questions. ``answer(world, town, topics, n)`` adds n identical respondents."""

from tests import factories as f
from tests import survey_factories as sf

AGES = (("18-24", "18–24"), ("25-39", "25–39"), ("65-plus", "65+"))


def make_world(k=5):
    towns = {
        "bensheim": f.town(),
        "lindenfels": f.town("Lindenfels", ags="06431015", lat=49.6843, lon=8.7805,
                             postcodes=("64678",), population=5000),
        "biblis": f.town("Biblis", ags="06431003", lat=49.6895, lon=8.4566,
                         postcodes=("68647",), population=9000),
        "zwingenberg": f.town("Zwingenberg", ags="06431022", lat=49.7236, lon=8.6136,
                              postcodes=("64673",), population=7000),
    }
    vocab = f.vocabularies()
    survey = sf.survey("bildung", k=k)
    sf.question(survey, "themen", "catalog", catalog_vocabulary="topic")
    sf.question(survey, "wohnort", "catalog", catalog_vocabulary="town", is_band=True)
    sf.question(survey, "altersgruppe", "single", choices=AGES, is_band=True)
    return {"towns": towns, "vocab": vocab, "survey": survey}


def answer(world, town, topics, n, age="25-39"):
    sf.respond(world["survey"], {"themen": topics, "wohnort": town, "altersgruppe": age}, n=n)


def small_town_world():
    """Lindenfels has 3 respondents (below k = 5); Bensheim and Biblis have enough."""
    world = make_world()
    answer(world, "lindenfels", ["sprachen"], 3)
    answer(world, "bensheim", ["sprachen"], 20)
    answer(world, "bensheim", ["gesundheit"], 20)
    answer(world, "biblis", ["sprachen"], 10)
    answer(world, "biblis", ["gesundheit"], 10)
    return world
