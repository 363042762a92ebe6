"""The results, cross-tabs, exports and API on the template survey "bildungsumfrage" with
random answers of every kind: nothing breaks, nothing below k shows."""

import csv
import io
import random
import re

import pyreadstat
import pytest

from bildungsportal.surveys import exports
from bildungsportal.surveys.catalog_choices import catalog_choices
from bildungsportal.surveys.models import Answer, Question, Response
from bildungsportal.surveys.template import load_template
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey, _created = load_template()
    version = survey.current_version()
    questions = list(Question.objects.filter(page__version=version).prefetch_related("choices"))
    rng = random.Random(7)
    responses = Response.objects.bulk_create([
        Response(version=version, submitted_on="2025-03-14") for _ in range(60)])
    answers = []
    for response in responses:
        for q in questions:
            options = [c for c in q.choices.all() if not c.is_row]
            rows = [c for c in q.choices.all() if c.is_row]
            if q.kind in ("single", "likert") and not rows:
                answers.append(Answer(response=response, question=q, choice=rng.choice(options)))
            elif q.kind == "multiple":
                for choice in rng.sample(options, 2):
                    answers.append(Answer(response=response, question=q, choice=choice))
            elif q.kind in ("matrix", "likert"):
                answers += [Answer(response=response, question=q, row=row,
                                   choice=rng.choice(options)) for row in rows]
            elif q.kind == "ranking":
                order = rng.sample(options, len(options))
                answers += [Answer(response=response, question=q, choice=c, rank=i)
                            for i, c in enumerate(order, start=1)]
            elif q.kind == "number":
                answers.append(Answer(response=response, question=q,
                                      number=rng.randint(q.min_value or 0, q.max_value or 20)))
            elif q.kind == "catalog":
                values = [v for v, _label in catalog_choices(q)] or ["sprachen", "digitales"]
                answers.append(Answer(response=response, question=q, value=rng.choice(values)))
            else:
                answers.append(Answer(response=response, question=q, text=rng.choice(
                    ["Mehr Kurse am Abend", "Kinderbetreuung während der Kurse", "=1+1"])))
    Answer.objects.bulk_create(answers)
    return survey


@pytest.fixture
def office(client):
    client.force_login(factories.user("buero", office=True))
    return client


def test_pages_render_and_show_no_small_numbers(office, survey):
    base = f"/umfrage/auswertung/{survey.slug}/"
    html = office.get(base).content.decode()
    assert html.count('role="img"') > 10
    for value in re.findall(r"<td>(\d+)</td>", html):
        assert int(value) >= survey.min_cell_size
    bands = [q.code for q in Question.objects.filter(page__version__survey=survey,
                                                     is_band=True)] + ["_kanal"]
    questions = Question.objects.filter(page__version__survey=survey)
    for band in bands:
        for q in questions:
            page = office.get(f"{base}kreuztabelle/?frage={q.code}&merkmal={band}")
            assert page.status_code == 200
            for value in re.findall(r"<td>(\d+)", page.content.decode()):
                assert int(value) >= survey.min_cell_size
        assert office.get(f"{base}?filter={band}:x").status_code == 200
    assert office.get(f"{base}freitexte/?q=abend").status_code == 200


def test_exports_and_api(office, survey, tmp_path):
    content = exports.export(survey, "csv")[0]
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 60 and "'=1+1" in content.decode("utf-8-sig")
    path = tmp_path / "t.sav"
    path.write_bytes(exports.export(survey, "sav")[0])
    df, meta = pyreadstat.read_sav(str(path))
    assert len(df) == 60 and meta.variable_value_labels
    assert exports.export(survey, "xlsx")[0][:2] == b"PK"
    response = office.get(f"/api/v1/surveys/{survey.slug}/results", secure=True)
    assert response.status_code == 200
    for question in response.json()["questions"]:
        for table in question["tables"]:
            for cell in table["cells"]:
                assert cell["count"] is None or cell["count"] >= survey.min_cell_size
