"""The conditions the one-page form hands to surveys/conditions.js (one_page._render): choice
codes become the option values the form posts (choice ids; catalog values, ranks, numbers and
texts unchanged), malformed parts become "always" as in logic.is_visible, every referenced
field is in the form, and the elements to hide carry data-condition-id. The browser side is
tested in tests/browser/test_surveys_live_conditions.py."""

import json
import re
from decimal import Decimal

import pytest

from bildungsportal.surveys.logic import is_visible, pages_and_questions
from bildungsportal.surveys.models import Choice, Question
from bildungsportal.surveys.template import load_template
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/umfrage/bildungsumfrage/alle/"


@pytest.fixture
def survey():
    factories.vocabularies()
    factories.town()
    factories.town("Heppenheim", ags="06431011", postcodes=("64646",))
    return load_template()[0]


def pk(question, code, row=False):
    return str(Choice.objects.get(question__code=question, code=code, is_row=row).pk)


def emitted(client, url=URL):
    """(the JSON block's data, the page's HTML, the form's field names)."""
    shown = client.get(url)
    assert shown.status_code == 200
    html = shown.content.decode()
    block = re.search(r'<script id="bedingungen" type="application/json">(.*?)</script>', html,
                      re.S)  # fmt: skip
    assert block, "no json_script block"
    return json.loads(block.group(1)), html, set(shown.context["form"].fields)


def set_condition(code, condition):
    question = Question.objects.get(code=code)
    question.condition = condition
    question.save()  # bumps the version's revision: the structure is read afresh


def referenced(condition):
    if "all" in condition or "any" in condition:
        return [c for part in condition.get("all", condition.get("any")) for c in referenced(part)]
    return [condition["question"]] if condition else []


def test_page_conditions_of_the_template_use_choice_ids(client, survey):
    data, html, names = emitted(client)
    pages = data["pages"]
    assert len(pages) == survey.current_version().pages.count()
    by_id = {page["id"]: page for page in pages if page["id"]}
    assert set(by_id) == {"teil-2", "teil-3"}  # the pupil and the adult branch
    assert by_id["teil-2"]["condition"] == {
        "question": "gruppe",
        "op": "equals",
        "value": [pk("gruppe", "schueler")],
    }
    assert by_id["teil-3"]["condition"] == {
        "question": "gruppe",
        "op": "equals",
        "value": [pk("gruppe", "erwachsen")],
    }
    assert data["fields"] == {"gruppe": {"kind": "single", "names": ["q_gruppe"]}}
    # The ids are exactly the radio values the form posts.
    assert f'name="q_gruppe" value="{pk("gruppe", "schueler")}"' in html
    assert f'name="q_gruppe" value="{pk("gruppe", "erwachsen")}"' in html
    # Only the conditional sections are marked, the unconditional pages are not.
    assert 'data-condition-id="teil-2"' in html and 'data-condition-id="teil-3"' in html
    assert html.count("data-condition-id=") == 2
    assert '<script src="/static/surveys/conditions.js" defer></script>' in html
    assert "aria-live" not in html  # the live region is made by the script, not without it
    for page in pages:
        assert all(q["id"] == "" and q["condition"] == {} for q in page["questions"])


def test_question_conditions_of_every_kind(client, survey):
    set_condition("preis", {"question": "wichtigkeit", "op": "in", "value": ["1", "2"]})
    set_condition("hindernisse", {"any": [
        {"question": "schulfaecher", "op": "equals", "value": "mathe"},
        {"question": "hindernisse_gibt_es_nicht", "op": "answered"},
    ]})  # fmt: skip
    set_condition("fehlt", {"all": [
        {"question": "formate", "op": "in", "value": ["online", "praesenz"]},
        {"question": "hindernisse", "op": "not_in", "value": ["zeit", "other", "gibts-nicht"]},
        {"op": "bogus", "question": "formate"},
        {"question": 3},
    ]})  # fmt: skip
    set_condition("anmerkungen", {"question": "anzahl_kurse", "op": "answered"})
    set_condition("wohnort", {"question": "kriterien", "op": "equals", "value": 1})
    set_condition("taetigkeit", {"op": "equals"})  # malformed: always shown
    set_condition("tageszeit", {"any": [{}, {"question": "gruppe", "op": "equals",
                                              "value": "schueler"}]})  # fmt: skip
    data, html, names = emitted(client)
    conditions = {q["code"]: q["condition"] for p in data["pages"] for q in p["questions"]}
    ids = {q["code"]: q["id"] for p in data["pages"] for q in p["questions"]}

    # Matrix: the column codes "1" and "2" as their column ids (not rows, not the code "1").
    columns = [pk("wichtigkeit", "1"), pk("wichtigkeit", "2")]
    assert conditions["preis"] == {"question": "wichtigkeit", "op": "in", "value": columns}
    assert not set(columns) & set(
        Choice.objects.filter(question__code="wichtigkeit", is_row=True)
        .values_list("pk", flat=True)
    )  # fmt: skip
    assert conditions["hindernisse"] == {"any": [
        {"question": "schulfaecher", "op": "equals", "value": [pk("schulfaecher", "mathe")]},
        {"question": "hindernisse_gibt_es_nicht", "op": "answered"},
    ]}  # fmt: skip
    # Catalog values stay; "other" stays "other"; an unknown code can never match: dropped;
    # the malformed parts hold (logic.is_visible) and are left out of "all".
    assert conditions["fehlt"] == {"all": [
        {"question": "formate", "op": "in", "value": ["online", "praesenz"]},
        {"question": "hindernisse", "op": "not_in", "value": [pk("hindernisse", "zeit"), "other"]},
    ]}  # fmt: skip
    assert conditions["anmerkungen"] == {"question": "anzahl_kurse", "op": "answered"}
    assert conditions["wohnort"] == {"question": "kriterien", "op": "equals", "value": ["1"]}
    assert conditions["taetigkeit"] == {} and ids["taetigkeit"] == ""
    assert conditions["tageszeit"] == {} and ids["tageszeit"] == ""  # "any" with an "always"

    fields = data["fields"]
    assert fields["wichtigkeit"]["kind"] == "matrix"
    assert fields["wichtigkeit"]["names"] == [
        f"q_wichtigkeit__{c.pk}"
        for c in Choice.objects.filter(question__code="wichtigkeit", is_row=True)
        .order_by("position")
    ]  # fmt: skip
    assert fields["kriterien"]["kind"] == "ranking" and len(fields["kriterien"]["names"]) == 5
    assert fields["anzahl_kurse"]["kind"] == "number"
    assert fields["formate"] == {"kind": "catalog", "names": ["q_formate"]}
    assert fields["hindernisse"] == {"kind": "multiple", "names": ["q_hindernisse"]}
    assert fields["hindernisse_gibt_es_nicht"] == {"kind": "", "names": []}  # not in the survey

    # No condition refers to a field that is not in the form, and every referenced
    # question has its fields listed.
    for page in data["pages"]:
        for condition in [page["condition"], *(q["condition"] for q in page["questions"])]:
            for code in referenced(condition):
                assert code in fields
    for field in fields.values():
        assert set(field["names"]) <= names
        for name in field["names"]:
            assert f'name="{name}"' in html
    # The wrappers to hide are on the page, once each.
    for code in ("preis", "hindernisse", "fehlt", "anmerkungen", "wohnort"):
        assert ids[code] == f"frage-{code}"
        assert html.count(f'data-condition-id="frage-{code}"') == 1


def posted_values(answers, survey):
    """The answers (logic's shape: codes) as the browser reads them from the form."""
    values = {}
    questions = {q.code: q for q in Question.objects.filter(page__version__survey=survey)}
    for code, answer in answers.items():
        q = questions[code]
        ids = {c.code: str(c.pk) for c in q.choices.all() if not c.is_row}
        if isinstance(answer, dict):
            answer = list(answer.values())
        answer = answer if isinstance(answer, list) else [answer]
        if q.kind in ("single", "likert", "multiple", "matrix"):
            values[code] = [ids.get(a, a) for a in answer]
        else:
            values[code] = [str(a) for a in answer]
    return values


def holds(condition, values):
    """conditions.js's holds() in Python, for the equivalence check below."""
    if not condition:
        return True
    if "all" in condition:
        return all(holds(part, values) for part in condition["all"])
    if "any" in condition:
        return any(holds(part, values) for part in condition["any"])
    given = values.get(condition["question"], [])
    if condition["op"] == "answered":
        return bool(given)
    hit = bool(set(given) & set(condition["value"]))
    return not hit if condition["op"] in ("not_equals", "not_in") else hit


@pytest.mark.parametrize("answers", [
    {},
    {"gruppe": "schueler"},
    {"gruppe": "erwachsen", "wichtigkeit": {"beruf": "1"}, "anzahl_kurse": Decimal("3")},
    {"gruppe": "erwachsen", "wichtigkeit": {"beruf": "9"}, "hindernisse": ["zeit", "other"]},
    {"schulfaecher": ["mathe"], "formate": ["online"], "hindernisse": ["kosten"]},
    {"formate": ["praesenz"], "kriterien": {"preis": 1, "naehe": 2}},
])  # fmt: skip
def test_the_browser_conditions_decide_as_logic_is_visible(client, survey, answers):
    set_condition("preis", {"question": "wichtigkeit", "op": "in", "value": ["1", "2"]})
    set_condition("hindernisse", {"any": [
        {"question": "schulfaecher", "op": "equals", "value": "mathe"},
        {"question": "gruppe", "op": "not_equals", "value": "erwachsen"},
    ]})  # fmt: skip
    set_condition("fehlt", {"all": [
        {"question": "formate", "op": "in", "value": ["online", "praesenz"]},
        {"question": "hindernisse", "op": "not_in", "value": ["zeit", "other"]},
    ]})  # fmt: skip
    set_condition("anmerkungen", {"question": "anzahl_kurse", "op": "answered"})
    set_condition("wohnort", {"question": "kriterien", "op": "equals", "value": 1})
    data, _html, _names = emitted(client)
    values = posted_values(answers, survey)
    pages = pages_and_questions(survey.current_version())
    for emitted_page, page in zip(data["pages"], pages, strict=True):
        assert holds(emitted_page["condition"], values) == is_visible(page.condition, answers)
        for emitted_q, q in zip(emitted_page["questions"], page.questions.all(), strict=True):
            assert emitted_q["code"] == q.code
            assert holds(emitted_q["condition"], values) == is_visible(q.condition, answers), q.code


def test_english_page_has_english_texts_for_the_live_region(client, survey):
    data, html, _names = emitted(client, URL + "?lang=en")
    assert data["pages"][1]["condition"]["value"] == [pk("gruppe", "schueler")]
    for attribute in ("data-hidden-one", "data-hidden-many", "data-shown-one",
                      "data-shown-many"):  # fmt: skip
        assert f'{attribute}="' in html
    assert "{n}" in re.search(r'data-hidden-many="([^"]*)"', html).group(1)
