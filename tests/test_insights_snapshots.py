"""Snapshots of every indicator, series for a goal, comparison of two dates; the CLI export.
Survey figures below k never reach a snapshot or an export."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from bildungsportal.insights import snapshots
from bildungsportal.insights.models import IndicatorSnapshot
from tests import factories as f
from tests.insights_factories import small_town_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = small_town_world()
    vhs = f.provider(municipality=world["towns"]["bensheim"])
    o = f.offering(vhs, world["vocab"], "Englisch")
    f.run(o, f.venue(world["towns"]["bensheim"]))
    return world


def test_snapshot_stores_every_indicator_and_replaces_the_day(world):
    count = snapshots.take_snapshot(date(2026, 1, 1))
    assert count == IndicatorSnapshot.objects.count()
    keys = set(IndicatorSnapshot.objects.values_list("indicator", flat=True))
    assert {"offerings_per_1000", "access_e2sfca", "wish_share", "searches_empty"} <= keys
    assert snapshots.take_snapshot(date(2026, 1, 1)) == count  # replaced, not doubled
    assert IndicatorSnapshot.objects.count() == count
    offerings = IndicatorSnapshot.objects.get(taken_on=date(2026, 1, 1), indicator="offerings",
                                              town="bensheim", life_phase="", topic="")
    assert offerings.value == 1


def test_snapshot_keeps_survey_figures_suppressed(world):
    snapshots.take_snapshot(date(2026, 1, 1))
    hidden = IndicatorSnapshot.objects.get(indicator="wish_share", town="lindenfels",
                                           life_phase="", topic="sprachen")
    assert hidden.value is None and hidden.n is None
    for row in IndicatorSnapshot.objects.filter(indicator="wish_share").exclude(n=None):
        assert row.n >= 5


def test_series_and_compare(world):
    snapshots.take_snapshot(date(2026, 1, 1))
    o = f.offering(f.provider("Zweiter"), world["vocab"], "Spanisch")
    f.run(o, f.venue(world["towns"]["bensheim"], name="Schule"))
    snapshots.take_snapshot(date(2026, 2, 1))
    line = snapshots.series("offerings", "bensheim")
    assert [(d, v) for d, v, _n in line] == [(date(2026, 1, 1), 1), (date(2026, 2, 1), 2)]
    changes = snapshots.compare(date(2026, 1, 1), date(2026, 2, 1), indicator="offerings",
                                town="bensheim")
    assert len(changes) == 1 and changes[0].difference == 1
    assert snapshots.snapshot_dates() == [date(2026, 2, 1), date(2026, 1, 1)]


def test_snapshot_command(world):
    out = io.StringIO()
    call_command("snapshot_indicators", "--date", "2026-03-01", stdout=out)
    assert "Stored" in out.getvalue()
    assert IndicatorSnapshot.objects.filter(taken_on=date(2026, 3, 1)).exists()
    with pytest.raises(CommandError, match="Invalid date"):
        call_command("snapshot_indicators", "--date", "gestern")


def test_cli_csv_has_bom_semicolons_and_no_hidden_survey_count(world, tmp_path):
    path = tmp_path / "ind.csv"
    call_command("indicators", "--format", "csv", "--output", str(path), stderr=io.StringIO())
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    wish = [r for r in rows if r["indikator"] == "wish_share" and r["thema"] == "sprachen"]
    lindenfels = next(r for r in wish if r["gemeinde"] == "lindenfels")
    assert lindenfels["wert"] == "" and lindenfels["n"] == ""
    assert lindenfels["anzeige"] == "zu wenige Antworten"
    bensheim = next(r for r in wish if r["gemeinde"] == "bensheim")
    assert bensheim["wert"] == "0,5" and bensheim["n"] == "40"
    assert all(r["n"] == "" or int(r["n"]) >= 5 for r in rows)


def test_cli_json_and_xlsx(world, tmp_path):
    out = io.StringIO()
    call_command("indicators", "--format", "json", "--thema", "sprachen",
                 "--indikator", "wish_share", stdout=out)
    rows = json.loads(out.getvalue())
    assert {r["indikator"] for r in rows} == {"wish_share"}
    assert next(r for r in rows if r["gemeinde"] == "lindenfels")["wert"] is None
    path = tmp_path / "ind.xlsx"
    call_command("indicators", "--format", "xlsx", "--output", str(path), stderr=io.StringIO())
    sheet = load_workbook(path).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[0] == "indikator"
    lindenfels = [r for r in sheet.iter_rows(values_only=True)
                  if r[0] == "wish_share" and r[5] == "sprachen" and r[6] == "lindenfels"]
    assert lindenfels and lindenfels[0][8] is None and lindenfels[0][10] is None


def test_cli_rejects_unknown_values(world):
    with pytest.raises(CommandError, match="--thema"):
        call_command("indicators", "--thema", "gibt-es-nicht")
