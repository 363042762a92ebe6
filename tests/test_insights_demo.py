"""Demo survey responses: idempotent, marked, different by town, never touching real ones."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bildungsportal.catalog.models import Topic
from bildungsportal.insights import demand
from bildungsportal.insights.demo import DEMO_CHANNEL, demo_survey
from bildungsportal.places.management.commands.load_reference import load_municipalities
from bildungsportal.surveys.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    load_municipalities()
    for slug in ("sprachen", "gesundheit", "digitale-kompetenzen-ki", "berufsorientierung",
                 "kultur-gestalten", "grundbildung-schulabschluesse"):
        Topic.objects.create(slug=slug, name=slug.title())


def test_demo_survey_is_idempotent_and_keeps_real_responses(reference):
    survey, made = demo_survey(400, seed=1)
    assert made == 400
    real = Response.objects.create(version=survey.current_version(), submitted_on=None)
    demo_survey(300, seed=2)
    assert Response.objects.filter(channel__name=DEMO_CHANNEL).count() == 300
    assert Response.objects.filter(pk=real.pk).exists()
    assert survey.is_demo


def test_same_seed_same_answers(reference):
    demo_survey(200, seed=7)
    first = demand.wish_table("sprachen").district
    demo_survey(200, seed=7)
    assert demand.wish_table("sprachen").district == first


def test_wishes_differ_by_town(reference):
    call_command("demo_survey", "--responses", "3000", "--seed", "1", verbosity=0)
    digital = demand.wish_table("digitale-kompetenzen-ki").cells
    health = demand.wish_table("gesundheit").cells
    # Odenwald towns wish digital skills more than Bergstraße towns, and vice versa.
    assert digital["lindenfels"].share > digital["bensheim"].share + 0.2
    assert health["bensheim"].share > health["lindenfels"].share + 0.2
    assert digital["lindenfels"].n >= 30  # small towns still get dozens of answers


def test_command_rejects_nonsense(reference):
    with pytest.raises(CommandError, match="--responses"):
        call_command("demo_survey", "--responses", "-1")
