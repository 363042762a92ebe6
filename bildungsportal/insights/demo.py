"""Demo survey responses whose wishes differ by town, so the monitoring shows something at once.

``demo_survey(responses=3000, seed=1)`` answers the template survey ("Bildungsumfrage Kreis
Bergstraße", itself a demo survey) with generated respondents. They come in through one channel,
"Demo (generiert)", which marks them: a second run deletes that channel's responses and makes
new ones, and real responses are never touched. The same seed gives the same answers.

The story: the Odenwald towns wish more digital skills and languages, the Rhine plain more
career orientation and school qualifications, the Bergstraße towns more health and culture;
respondents are spread over the towns by population^0.6, so small towns still get dozens.
"""

import random

from django.db import transaction

from bildungsportal.catalog.models import Format, Topic
from bildungsportal.places.models import Municipality
from bildungsportal.surveys.models import Answer, Channel, Choice, Question, Response
from bildungsportal.surveys.template import load_template

DEMO_CHANNEL = "Demo (generiert)"
BASE_WISH = 0.18  # chance that a respondent names a topic without a local preference
REGIONS = {
    "odenwald": {
        "towns": ("abtsteinach", "birkenau", "fuerth", "gorxheimertal", "grasellenbach",
                  "hirschhorn", "lautertal", "lindenfels", "moerlenbach", "neckarsteinach",
                  "rimbach", "wald-michelbach"),
        "topics": {"digitale-kompetenzen-ki": 0.55, "sprachen": 0.45},
    },
    "ried": {
        "towns": ("biblis", "buerstadt", "einhausen", "gross-rohrheim", "lampertheim",
                  "lorsch", "viernheim"),
        "topics": {"berufsorientierung": 0.5, "grundbildung-schulabschluesse": 0.4},
    },
    "bergstrasse": {
        "towns": ("bensheim", "heppenheim", "zwingenberg"),
        "topics": {"gesundheit": 0.5, "kultur-gestalten": 0.45},
    },
}
ADULT_AGES = (("18-24", 0.12), ("25-39", 0.3), ("40-64", 0.38), ("65-plus", 0.2))
PUPIL_AGES = (("unter-16", 0.6), ("16-17", 0.4))
TIMES = ("vormittags", "nachmittags", "abends", "wochenende")
PRICES = ("kostenfrei", "bis-50", "bis-100", "bis-250", "ueber-250")


def _preferences():
    by_town = {}
    for region in REGIONS.values():
        for slug in region["towns"]:
            by_town[slug] = region["topics"]
    return by_town


def _pick(rng, weighted):
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def delete_demo_responses(survey):
    """Delete the responses of the demo channel (their answers go with them)."""
    Response.objects.filter(channel__survey=survey, channel__name=DEMO_CHANNEL).delete()


@transaction.atomic
def demo_survey(responses=3000, seed=1, day=None):
    """Replace the demo responses of the template survey; returns (survey, responses made)."""
    from datetime import date

    survey, _created = load_template()
    day = day or date.today()
    rng = random.Random(seed)
    delete_demo_responses(survey)
    channel, _ = Channel.objects.get_or_create(survey=survey, name=DEMO_CHANNEL)
    version = survey.current_version()
    questions = {q.code: q for q in Question.objects.filter(page__version=version)}
    choices = {(c.question_id, c.code): c for c in Choice.objects.filter(
        question__page__version=version, is_row=False)}
    towns = list(Municipality.objects.in_district().order_by("ags"))
    topics = list(Topic.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    formats = list(Format.objects.values_list("slug", flat=True))
    if not towns or not topics:
        return survey, 0
    weights = [t.population ** 0.6 for t in towns]
    preferences = _preferences()
    made = Response.objects.bulk_create([
        Response(version=version, channel=channel, source=Response.Source.IMPORT,
                 language="de", started_on=day, submitted_on=day)
        for _ in range(responses)
    ], batch_size=2000)
    answers = []

    def choice(response, code, value):
        q = questions.get(code)
        item = choices.get((q.pk, value)) if q else None
        if item is not None:
            answers.append(Answer(response=response, question=q, choice=item))

    def catalog(response, code, values):
        q = questions.get(code)
        if q is not None:
            answers.extend(Answer(response=response, question=q, value=v) for v in values)

    for response in made:
        town = rng.choices(towns, weights)[0]
        pupil = rng.random() < 0.15
        local = preferences.get(town.slug, {})
        wished = [t for t in topics if rng.random() < local.get(t, BASE_WISH)]
        if not wished:
            wished = [rng.choice(topics)]
        choice(response, "gruppe", "schueler" if pupil else "erwachsen")
        catalog(response, "schueler_themen" if pupil else "themen", wished)
        choice(response, "altersgruppe", _pick(rng, PUPIL_AGES if pupil else ADULT_AGES))
        catalog(response, "wohnort", [town.slug])
        if formats:
            picked = rng.sample(formats, k=min(len(formats), rng.randint(1, 2)))
            catalog(response, "formate", picked)
        catalog(response, "tageszeit", [rng.choice(TIMES)])
        catalog(response, "preis", [rng.choice(PRICES)])
    Answer.objects.bulk_create(answers, batch_size=5000)
    return survey, len(made)
