"""The template survey "Bildungsumfrage Kreis Bergstraße", kept as data in
fixtures/bildungsumfrage.json (the shape of the district's 2024/25 survey).

The JSON is this app's own format, not a Django fixture: no primary keys, so it loads into any
database. ``load_template()`` creates the survey with version 1, its pages, questions, choices
and channels, and leaves an existing survey with the same slug alone.
"""

import json
from pathlib import Path

from django.db import transaction

from .models import Channel, Choice, Page, Question, Survey, SurveyVersion

TEMPLATE_PATH = Path(__file__).resolve().parent / "fixtures" / "bildungsumfrage.json"
# The same survey in Leichte Sprache: the same questions and answer codes, so the answers of
# both pool in the results; German only (docs/easy-language.md).
EASY_TEMPLATE_PATH = TEMPLATE_PATH.with_name("bildungsumfrage-leichte-sprache.json")
# The templates the office can start a new survey from (builder, "Neue Umfrage").
TEMPLATES = {"bildungsumfrage": TEMPLATE_PATH,
             "bildungsumfrage-leichte-sprache": EASY_TEMPLATE_PATH}  # fmt: skip
QUESTION_FIELDS = (
    "kind", "text", "help_text", "requirement", "randomize_choices", "allow_other",
    "catalog_vocabulary", "catalog_multiple", "min_value", "max_value", "condition", "is_band",
)  # fmt: skip
SURVEY_FIELDS = (
    "title", "introduction", "privacy_notice", "thank_you", "languages", "is_demo", "prize_draw",
)  # fmt: skip


def read_template(path=TEMPLATE_PATH):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def template_choices():
    """(name, German title) of each template, for the builder's choice."""
    return [(name, read_template(path)["title"]["de"]) for name, path in TEMPLATES.items()]


@transaction.atomic
def load_template(path=TEMPLATE_PATH, slug=None, **fields):
    """Create the survey from ``path``; returns (survey, created).

    ``fields`` override the template's survey fields (the builder: title, closed, no demo).
    """
    data = read_template(path)
    slug = slug or data["slug"]
    existing = Survey.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    values = {f: data[f] for f in SURVEY_FIELDS if f in data} | fields
    survey = Survey.objects.create(slug=slug, **values)
    version = SurveyVersion.objects.create(survey=survey, number=1)
    for channel in data.get("channels", []):
        Channel.objects.create(
            survey=survey, name=channel["name"], is_paper=channel.get("is_paper", False)
        )
    for page_position, page_data in enumerate(data["pages"]):
        page = Page.objects.create(
            version=version, position=page_position, code=page_data["code"],
            title=page_data.get("title", {}), condition=page_data.get("condition", {}),
        )  # fmt: skip
        for position, q in enumerate(page_data["questions"]):
            question = Question.objects.create(
                page=page, position=position, code=q["code"],
                **{f: q[f] for f in QUESTION_FIELDS if f in q},
            )  # fmt: skip
            choices = [
                Choice(question=question, position=i, code=c["code"], label=c["label"],
                       is_exclusive=c.get("is_exclusive", False))
                for i, c in enumerate(q.get("choices", []))
            ] + [
                Choice(question=question, position=i, code=c["code"], label=c["label"],
                       is_row=True)
                for i, c in enumerate(q.get("rows", []))
            ]  # fmt: skip
            Choice.objects.bulk_create(choices)
    return survey, True
