"""The template survey "Bildungsumfrage Kreis Bergstraße": shape, texts, loading."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from bildungsportal.surveys.models import Channel, Question, Survey
from bildungsportal.surveys.template import TEMPLATE_PATH, load_template

pytestmark = pytest.mark.django_db
K = Question.Kind


@pytest.fixture
def template():
    return load_template()[0]


def test_template_has_the_real_surveys_shape(template):
    assert template.slug == "bildungsumfrage"
    assert template.is_demo
    assert template.title["de"] == "Bildungsumfrage Kreis Bergstraße"
    assert template.languages == ["de", "en", "tr", "ar", "uk", "ru"]
    version = template.current_version()
    pages = list(version.pages.all())
    first = pages[0].questions.get()
    assert first.code == "gruppe" and first.requirement == "required" and first.is_band
    assert set(first.choices.values_list("code", flat=True)) == {"schueler", "erwachsen"}
    conditions = {p.code: p.condition for p in pages if p.condition}
    assert conditions == {
        "schule": {"question": "gruppe", "op": "equals", "value": "schueler"},
        "erwachsene": {"question": "gruppe", "op": "equals", "value": "erwachsen"},
    }
    questions = {q.code: q for q in Question.objects.filter(page__version=version)}
    kinds = {q.kind for q in questions.values()}
    assert kinds == {K.SINGLE, K.MULTIPLE, K.MATRIX, K.RANKING, K.NUMBER, K.SHORT_TEXT,
                     K.LONG_TEXT, K.CATALOG}  # fmt: skip
    vocabularies = {q.catalog_vocabulary for q in questions.values() if q.kind == K.CATALOG}
    assert vocabularies == {"topic", "format", "time_of_day", "distance", "price", "town"}
    barriers = set(questions["hindernisse"].choices.values_list("code", flat=True))
    assert {"zeit", "kosten", "betreuung", "mobilitaet", "sprache", "unbekannt"} <= barriers
    assert questions["hindernisse"].allow_other
    assert questions["hindernisse"].randomize_choices
    assert questions["wichtigkeit"].choices.filter(is_row=True).count() >= 4
    bands = {q.code for q in questions.values() if q.is_band}
    assert bands == {"gruppe", "altersgruppe", "wohnort", "taetigkeit"}
    assert "schulfaecher" in questions and "themen" in questions
    for question in questions.values():
        assert question.text["de"] and question.text["en"], question.code
        for c in question.choices.all():
            assert c.label["de"] and c.label["en"], (question.code, c.code)
    channels = set(Channel.objects.filter(survey=template).values_list("name", "is_paper"))
    assert {("Postkarte", False), ("Schule", False), ("Bibliothek", False),
            ("Online", False), ("Papier", True)} == channels  # fmt: skip


def test_privacy_notice_has_the_art_13_content_and_is_a_draft(template):
    for lang, words in {
        "de": ("ENTWURF", "Datenschutzbeauftragte", "Kreis Bergstraße", "Zweck",
               "Art. 6 Abs. 1 lit. e", "Einwilligung", "Speicherdauer", "Art. 15", "Kontakt",
               "Sitzungs-Cookie", "für einen Tag ein Cookie"),
        "en": ("DRAFT", "data protection officer", "Purpose", "Art. 6(1)(e)", "consent",
               "Retention", "Art. 15", "session cookie", "cookie for one day"),
    }.items():  # fmt: skip
        for word in words:
            assert word in template.privacy_notice[lang], (lang, word)
    assert template.prize_draw["de"] and template.prize_draw["en"]


def test_loading_twice_changes_nothing_and_another_slug_makes_a_copy(template):
    again, created = load_template()
    assert not created and again.pk == template.pk
    assert Survey.objects.count() == 1
    copy, created = load_template(slug="bildungsumfrage-2027")
    assert created and copy.versions.get().pages.count() == template.current_version().pages.count()


def test_command_and_setup_load_the_template(db):
    out = StringIO()
    call_command("load_survey_template", stdout=out)
    assert "/umfrage/bildungsumfrage/" in out.getvalue()
    call_command("load_survey_template", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert Survey.objects.count() == 1


def test_setup_command_loads_the_template_when_missing(db, monkeypatch):
    from bildungsportal.pages.management.commands import setup

    calls = []
    monkeypatch.setattr(setup, "call_command", lambda name, *a, **k: calls.append(name))
    call_command("setup", "--demo-offerings", "0")
    assert "load_survey_template" in calls
    calls.clear()
    call_command("setup", "--no-demo")
    assert "load_survey_template" not in calls


def test_template_json_is_valid_and_bilingual():
    data = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
    assert data["slug"] == "bildungsumfrage"
    for page in data["pages"]:
        assert page["title"]["de"] and page["title"]["en"]
