"""LimeSurvey import: a real and a hand-written .lss, a response CSV, and hostile files."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bildungsportal.surveys.limesurvey import LimeSurveyError, import_limesurvey
from bildungsportal.surveys.models import Answer, Question, Response, Survey
from bildungsportal.surveys.results import Dataset

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "limesurvey"
LSS = (DATA / "bildungsumfrage_2024.lss").read_bytes()
CSV = (DATA / "bildungsumfrage_2024_responses.csv").read_bytes()


def test_structure_becomes_a_survey():
    survey, count = import_limesurvey(LSS, slug="bu-2024", bands=["alter"])
    assert count == 0
    assert survey.title == {"de": "Bildungsumfrage Kreis Bergstraße 2024/25 (Auszug)"}
    version = survey.current_version()
    assert [p.title["de"] for p in version.pages.all()] == ["Über Sie", "Ihre Wünsche"]
    questions = {q.code: q for q in Question.objects.filter(page__version=version)}
    assert "danke" not in questions  # text display (X) has no answers
    kinds = {code: q.kind for code, q in questions.items()}
    assert kinds == {"alter": "single", "zweig": "single", "ort": "short_text",
                     "themen": "multiple", "zufr": "likert", "bewertung": "matrix",
                     "hindernis": "ranking", "stunden": "number", "wunsch": "long_text"}
    assert questions["alter"].is_band and questions["alter"].requirement == "required"
    assert questions["bewertung"].requirement == "soft"
    assert questions["themen"].allow_other
    assert questions["themen"].text["de"] == "Welche Themen interessieren Sie?"  # no HTML
    options = [(c.code, c.label["de"]) for c in questions["themen"].choices.all()]
    assert options[1] == ("SQ002", "Digitales & KI")
    rows = [c.code for c in questions["bewertung"].choices.filter(is_row=True)]
    assert rows == ["SQ001", "SQ002"]
    assert [c.code for c in questions["zufr"].choices.all()] == ["1", "2", "3", "4", "5"]


def test_responses_are_imported():
    survey, count = import_limesurvey(LSS, CSV, slug="bu-2024")
    assert count == 6
    responses = Response.objects.filter(version__survey=survey)
    assert responses.filter(source="import").count() == 6
    assert responses.filter(submitted_on__isnull=True).count() == 1
    first = responses.order_by("id").first()
    assert str(first.submitted_on) == "2024-05-06" and first.language == "de"
    answers = {(a.question.code, a.choice.code if a.choice else None, a.row.code if a.row
                else None): a for a in Answer.objects.filter(response=first)}
    assert ("alter", "A2", None) in answers
    assert ("themen", "SQ001", None) in answers and ("themen", "SQ003", None) not in answers
    assert ("bewertung", "3", "SQ001") in answers
    assert answers[("hindernis", "Z", None)].rank == 1
    assert answers[("stunden", None, None)].number == 5
    other = Answer.objects.get(question__code="themen", choice__isnull=True)
    assert other.text == "Imkerei"
    assert Dataset(survey).answers["stunden"]  # results read the imported answers


def test_real_limesurvey_file_with_ranking_subquestions():
    survey, _count = import_limesurvey(
        (DATA / "limesurvey_survey_583654_ranking_response_table.lss").read_bytes())
    assert survey.slug == "test-fra" and survey.languages == ["fr"]
    question = Question.objects.get(page__version__survey=survey)
    assert question.kind == "ranking" and question.code == "Q00"
    assert [(c.code, c.label["fr"]) for c in question.choices.all()] == [
        ("SQ001", "Option A"), ("SQ002", "Option B")]


def test_command(tmp_path, capsys):
    csv_file = tmp_path / "r.csv"
    csv_file.write_bytes(CSV)
    call_command("import_limesurvey", str(DATA / "bildungsumfrage_2024.lss"),
                 responses=str(csv_file), slug="bu-2024", band=["alter", "zweig"])
    assert "6 Antworten" in capsys.readouterr().out
    with pytest.raises(CommandError, match="schon eine Umfrage"):
        call_command("import_limesurvey", str(DATA / "bildungsumfrage_2024.lss"),
                     slug="bu-2024")
    with pytest.raises(CommandError, match="nicht lesen"):
        call_command("import_limesurvey", str(tmp_path / "fehlt.lss"))


def test_r_style_column_names():
    text = CSV.decode().replace("themen[SQ001]", "themen_SQ001").replace(
        "bewertung[SQ002]", "bewertung_SQ002")
    _survey, count = import_limesurvey(LSS, text.encode(), slug="r-style")
    assert count == 6
    assert Answer.objects.filter(question__code="themen", choice__code="SQ001").count() == 3


HOSTILE_XML = {
    "broken": b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType><questions>",
    "not-lss": b"<?xml version='1.0'?><html><body>hallo</body></html>",
    "billion-laughs": b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<document><LimeSurveyDocType>&lol3;</LimeSurveyDocType></document>""",
    "external-entity": b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<document><LimeSurveyDocType>Survey</LimeSurveyDocType><x>&x;</x></document>""",
    "empty": b"",
    "binary": bytes(range(256)),
    "no-questions": b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>",
    "unsupported-type": LSS.replace(b"<type><![CDATA[N]]></type>",
                                    b"<type><![CDATA[K]]></type>"),
    "bad-code": LSS.replace(b"<title><![CDATA[stunden]]></title>",
                            b"<title><![CDATA[stu nden<script>]]></title>"),
}


@pytest.mark.parametrize("name", HOSTILE_XML)
def test_hostile_structures_import_nothing(name):
    with pytest.raises(LimeSurveyError) as error:
        import_limesurvey(HOSTILE_XML[name], slug="x")
    assert error.value.messages and all(isinstance(m, str) for m in error.value.messages)
    assert not Survey.objects.exists()


HOSTILE_CSV = {
    "unknown-column": (CSV.replace(b'"wunsch"', b'"geheim"'), "geheim"),
    "unknown-code": (CSV.replace(b'"A3"', b'"A9"'), "A9"),
    "unknown-row": (CSV.replace(b"bewertung[SQ002]", b"bewertung[SQ099]"), "SQ099"),
    "bad-number": (CSV.replace(b'"4.5"', b'"viereinhalb"'), "viereinhalb"),
    "huge-number": (CSV.replace(b'"4.5"', b'"1e400"'), "1e400"),
    "bad-date": (CSV.replace(b"2024-05-06 18:40:02", b"gestern abend"), "Datum"),
    "short-row": (CSV + b'"7","2024-06-02 10:00:00"\n', "Spalten"),
    "latin1": (CSV.replace(b"Steuererkl\xc3\xa4rung", b"Steuererkl\xe4rung"), "UTF-8"),
    "no-submitdate": (CSV.replace(b'"submitdate"', b'"abgabe"'), "abgabe"),
    "multiple-bad-value": (CSV.replace(b'"Y","Y","","","4"', b'"X","Y","","","4"'), "X"),
}


@pytest.mark.parametrize("name", HOSTILE_CSV)
def test_hostile_responses_import_nothing(name):
    data, expected = HOSTILE_CSV[name]
    with pytest.raises(LimeSurveyError) as error:
        import_limesurvey(LSS, data, slug="x")
    assert expected in "\n".join(error.value.messages)
    assert not Survey.objects.exists() and not Response.objects.exists()


def test_privacy_columns_are_not_stored():
    text = CSV.decode().splitlines()
    text[0] = text[0] + ',"ipaddr","refurl"'
    text[1:] = [line + ',"192.0.2.7","https://example.org/?name=Anna"' for line in text[1:]]
    import_limesurvey(LSS, "\n".join(text).encode(), slug="p")
    stored = " ".join(Answer.objects.values_list("text", flat=True))
    assert "192.0.2.7" not in stored and "Anna" not in stored
