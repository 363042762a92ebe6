"""`add_region`: a new region from the shipped Germany-wide tables, usable at once."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from bildungsportal.places.management.commands.add_region import DATA_DIR
from bildungsportal.places.management.commands.load_reference import load_postcodes
from bildungsportal.places.models import Municipality, PostalCode, Region
from tests import factories

pytestmark = pytest.mark.django_db


def shipped(key):
    with open(DATA_DIR / "germany_municipalities.csv", encoding="utf-8") as file:
        return [row for row in csv.DictReader(file) if row["ags"].startswith(key)]


def add(*args):
    out = StringIO()
    call_command("add_region", *args, stdout=out)
    return out.getvalue()


def test_the_shipped_table_covers_germany():
    with open(DATA_DIR / "germany_municipalities.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) > 10_000
    assert len({row["ags"] for row in rows}) == len(rows)
    bensheim = next(row for row in rows if row["ags"] == "06431002")
    assert (bensheim["name"], bensheim["population"], bensheim["postcodes"]) == (
        "Bensheim", "40993", "64625")  # Zensus 2022, as municipalities.csv has it
    assert all(47 < float(r["latitude"]) < 56 and 5 < float(r["longitude"]) < 16 for r in rows)


def test_add_region_loads_the_towns_of_the_district():
    output = add("06437", "--host", "Odenwald.Example")
    region = Region.objects.get(key="06437")
    expected = shipped("06437")
    assert (region.name, region.host, region.slug, region.is_default) == (
        "Odenwaldkreis", "odenwald.example", "odenwaldkreis", False)
    assert region.towns.count() == len(expected) == 12
    erbach = Municipality.objects.get(ags="06437006")
    assert (erbach.name, erbach.official_name, erbach.slug, erbach.postcodes) == (
        "Erbach", "Erbach, Kreisstadt", "erbach", ["64711"])
    total = sum(int(row["population"]) for row in expected)
    assert f"{total:,}" in output and "12 towns (12 new)" in output
    assert "ALLOWED_HOSTS" in output  # the host is not allowed yet: say so


def test_add_region_is_idempotent_and_keeps_curated_towns():
    factories.town()  # Bensheim of the default region, curated by load_reference
    add("06437", "--host", "odenwald.example")
    add("06437", "--host", "odenwald.example", "--name", "Odenwald")
    assert Region.objects.filter(key="06437").count() == 1
    assert Region.objects.get(key="06437").name == "Odenwald"
    assert Municipality.objects.filter(region__key="06437").count() == 12
    add("06431")  # the default region: its curated Bensheim keeps name and slug
    bensheim = Municipality.objects.get(ags="06431002")
    assert (bensheim.slug, bensheim.official_name) == ("bensheim", "Bensheim, Stadt")
    assert Municipality.objects.filter(region__key="06431").count() == len(shipped("06431"))


def test_a_town_slug_taken_elsewhere_gets_the_regions_name():
    factories.town("Erbach", slug="erbach", ags="08425033", in_district=False)  # Alb-Donau
    add("06437", "--host", "odenwald.example")
    assert Municipality.objects.get(ags="06437006").slug == "erbach-odenwaldkreis"


def test_a_district_free_city_is_a_region_of_one_town():
    add("06411", "--host", "darmstadt.example")
    region = Region.objects.get(key="06411")
    assert region.name == "Darmstadt"
    assert [t.name for t in region.towns.all()] == ["Darmstadt"]


def test_the_postcodes_of_the_new_towns_are_in_the_germany_wide_table():
    load_postcodes()
    output = add("06437", "--host", "odenwald.example")
    codes = {code for row in shipped("06437") for code in row["postcodes"].split(";")}
    known = set(PostalCode.objects.filter(code__in=codes).values_list("code", flat=True))
    # Oberzent's 64760 has only "Großkunden" rows in GeoNames (SOURCE.md): reported, not hidden
    assert codes - known == {"64760"}
    assert "64760" in output


@pytest.mark.parametrize("args, message", [
    (["6437", "--host", "a.example"], "five digits"),
    (["06999", "--host", "a.example"], "no district"),
    (["06437"], "--host"),
    (["06437", "--host", "https://odenwald.example"], "no valid host"),
    (["06437", "--host", "odenwald.example:8000"], "no valid host"),
    (["06437", "--host", "bergstrasse.example"], "belongs to the region"),
])
def test_bad_input_is_refused_and_nothing_is_written(args, message):
    Region.objects.create(key="06411", name="Darmstadt", slug="darmstadt",
                          host="bergstrasse.example")
    before = (Region.objects.count(), Municipality.objects.count())
    with pytest.raises(CommandError, match=message):
        add(*args)
    assert (Region.objects.count(), Municipality.objects.count()) == before


def test_the_command_line_exits_with_an_error(capsys):
    from bildungsportal.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["add_region", "06999", "--host", "x.example"])
    assert exit_.value.code != 0
    assert "no district" in capsys.readouterr().err


@override_settings(ALLOWED_HOSTS=["odenwald.example", "testserver"])
def test_after_add_region_its_host_shows_its_own_towns_and_offerings(client):
    bensheim = factories.town()
    vocab = factories.vocabularies()
    vhs = factories.provider("VHS Bergstraße", municipality=bensheim)
    factories.run(factories.offering(vhs, vocab, "Töpfern"), factories.venue(bensheim))
    add("06437", "--host", "odenwald.example")
    michelstadt = Municipality.objects.get(ags="06437011")
    academy = factories.provider("Odenwald-Akademie", municipality=michelstadt)
    factories.run(factories.offering(academy, vocab, "Imkern"),
                  factories.venue(michelstadt, name="Bienenhaus"))
    odenwald = {"host": "odenwald.example"}
    page = client.get("/", headers=odenwald).content.decode()
    assert "Michelstadt" in page and "Bensheim" not in page
    assert "Bildungsportal Odenwaldkreis" in page
    search = client.get("/angebote/", headers=odenwald).content.decode()
    assert "Imkern" in search and "Töpfern" not in search
    page = client.get("/").content.decode()
    assert "Bensheim" in page and "Michelstadt" not in page
    search = client.get("/angebote/").content.decode()
    assert "Töpfern" in search and "Imkern" not in search
