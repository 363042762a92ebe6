"""Exports: CSV for German Excel, XLSX, SPSS .sav with labels, codebook, CLI — with band
suppression and the formula-injection guard."""

import csv
import io

import pyreadstat
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bildungsportal import cli
from bildungsportal.surveys import exports
from bildungsportal.surveys.exports import MERGED, build, spss_name
from tests import survey_factories as sf
from tests.test_surveys_results import ADULT, OLDER, PUPIL

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example","klick")'


@pytest.fixture
def survey():
    item = sf.full_survey()
    postcard = sf.channel(item, "Postkarte")
    sf.respond(item, ADULT, n=20, channel=postcard)
    sf.respond(item, OLDER, n=8, channel=postcard)
    sf.respond(item, PUPIL, n=3, channel=postcard)
    sf.respond(item, {**ADULT, "wunsch": EVIL}, n=1, channel=postcard)
    return item


def read_csv(content):
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_columns_labels_and_guard(survey):
    content, content_type, filename = exports.export(survey, "csv")
    assert filename == "bildung-test.csv" and "text/csv" in content_type
    rows = read_csv(content)
    assert len(rows) == 32
    header = set(rows[0])
    for column in ("lfdnr", "alter", "interesse", "themen_1", "themen_2", "themen_3",
                   "themen_sonstiges", "zufrieden", "bewertung_a", "bewertung_b", "rang_x",
                   "rang_z", "stunden", "wunsch", "thema_kat_sprachen", "ort"):
        assert column in header
    first = rows[0]
    assert first["interesse"] == "Ja" and first["themen_1"] == "1" and first["themen_3"] == "0"
    assert first["rang_x"] == "1" and first["stunden"] == "5" and first["bewertung_a"] == "sehr"
    assert "'" + EVIL in [row["wunsch"] for row in rows]
    assert EVIL not in [row["wunsch"] for row in rows]


def test_csv_recodes_rare_band_values(survey):
    rows = read_csv(exports.export(survey, "csv")[0])
    ages = {row["alter"] for row in rows}
    assert "unter 18" not in ages  # only 3 pupils
    assert any(age.startswith("zusammengefasst") for age in ages)
    # "Schülerin/Schüler" (3) is rare, so "Erwachsene" would be the only other value: merged too
    assert {row["zweig"] for row in rows} <= {"", "zusammengefasst (weniger als 5)"}


def test_band_combinations_are_k_anonymous(survey):
    data = build(survey)
    bands = [c.name for c in data.columns if c.is_band]
    combos = {}
    for row in data.rows:
        key = tuple(row.get(name) for name in bands)
        combos[key] = combos.get(key, 0) + 1
    for key, count in combos.items():
        assert count >= 5 or all(value in (MERGED, None) for value in key)


def test_xlsx_data_and_codebook(survey):
    content = exports.export(survey, "xlsx")[0]
    book = load_workbook(io.BytesIO(content))
    data = book["Daten"]
    header = [cell.value for cell in data[1]]
    assert "interesse" in header
    wunsch = [row[header.index("wunsch")].value for row in data.iter_rows(min_row=2)]
    assert "'" + EVIL in wunsch
    for row in data.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    codebook = [[cell.value for cell in row] for row in book["Codebuch"].iter_rows()]
    assert ["interesse", "Interessiert Sie Weiterbildung?", "Einfachauswahl",
            "1 = Ja | 2 = Nein"] in codebook


def test_sav_round_trip_with_labels(survey, tmp_path):
    path = tmp_path / "x.sav"
    path.write_bytes(exports.export(survey, "sav")[0])
    df, meta = pyreadstat.read_sav(str(path))
    labels = meta.column_names_to_labels
    assert labels["interesse"] == "Interessiert Sie Weiterbildung?"
    assert labels["bewertung_a"] == "Wie bewerten Sie … – Erreichbarkeit"
    assert meta.variable_value_labels["interesse"] == {1.0: "Ja", 2.0: "Nein"}
    assert meta.variable_value_labels["zufrieden"][5.0] == "sehr"
    assert list(df["interesse"]).count(1.0) == 24 and list(df["interesse"]).count(2.0) == 8
    assert 1.0 not in set(df["alter"])  # the 3 pupils' age band is merged
    assert MERGED in set(df["alter"])
    assert meta.variable_value_labels["alter"][float(MERGED)].startswith("zusammengefasst")
    assert df["wunsch"].iloc[0] == "Mehr Kurse am Abend"
    assert sorted(set(df["rang_z"].dropna())) == [1.0, 3.0] and df["rang_z"].isna().sum() == 3


def test_codebook_csv(survey):
    content = exports.export(survey, "codebuch")[0]
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Variable", "Frage", "Typ", "Werte"]
    assert any(row[0] == "themen_1" and "1 = gewählt" in row[3] for row in rows)


def test_spss_names():
    used = set()
    assert spss_name("größe-in-cm", used) == "groesse_in_cm"
    assert spss_name("1frage", used) == "v1frage"
    assert spss_name("AND", used) == "AND_v"
    assert spss_name("größe_in_cm", used) == "groesse_in_cm_2"
    assert len(spss_name("x" * 200, used)) <= 64


def test_empty_survey_exports(tmp_path):
    item = sf.survey("leer")
    for fmt in exports.FORMATS:
        assert exports.export(item, fmt)[0]


def test_command_writes_file(survey, tmp_path):
    target = tmp_path / "out.sav"
    call_command("survey_export", "bildung-test", fmt="sav", output=str(target))
    df, meta = pyreadstat.read_sav(str(target))
    assert len(df) == 32


def test_command_errors(survey, tmp_path):
    with pytest.raises(CommandError, match="nicht gefunden"):
        call_command("survey_export", "gibt-es-nicht", fmt="csv", output=str(tmp_path / "x"))


def test_command_rejects_unknown_format(survey):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("survey_export", "bildung-test", "--format", "pdf")


def test_cli_hyphen_alias(monkeypatch):
    """`bildungsportal survey-export …` runs the survey_export command."""
    import django.core.management

    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", seen.append)
    assert cli.main(["survey-export", "slug", "--format", "csv"]) == 0
    assert seen == [["bildungsportal", "survey_export", "slug", "--format", "csv"]]
    cli.main(["migrate", "--check"])
    assert seen[-1] == ["bildungsportal", "migrate", "--check"]


def test_export_view(client, survey):
    from tests import factories

    client.force_login(factories.user("buero", office=True))
    response = client.get("/umfrage/auswertung/bildung-test/export/xlsx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bildung-test.xlsx"'
    assert response["Cache-Control"] == "private, no-store"


def test_console_script_rejects_unknown_format():
    """The real `bildungsportal survey-export` process: the hyphen alias, exit code 2."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).with_name("bildungsportal")
    result = subprocess.run([str(script), "survey-export", "x", "--format", "pdf"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "invalid choice: 'pdf'" in result.stderr
