"""Reference data (towns, postcodes, vocabularies) and turning typed places into coordinates."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from bildungsportal.catalog.models import (
    DqrLevel,
    Format,
    FundingOption,
    Language,
    LifePhase,
    QualitySeal,
    TargetGroup,
    Topic,
)
from bildungsportal.places.geo import haversine_km
from bildungsportal.places.management.commands.load_reference import DATA_DIR
from bildungsportal.places.models import Municipality, PostalCode
from bildungsportal.places.selectors import municipality_for_postcode, place_slug, resolve_place

REFERENCE_MODELS = (
    Municipality, PostalCode, LifePhase, Topic, TargetGroup, Format, FundingOption,
    QualitySeal, Language, DqrLevel,
)


@pytest.fixture
def reference():
    call_command("load_reference", stdout=StringIO())


def snapshot():
    return {model: list(model.objects.order_by("pk").values()) for model in REFERENCE_MODELS}


def test_place_slug_folds_umlauts():
    assert place_slug("Groß-Rohrheim") == "gross-rohrheim"
    assert place_slug("Fürth") == "fuerth"
    assert place_slug("MÖRLENBACH") == "moerlenbach"
    assert place_slug("Bürstadt") == "buerstadt"


def test_municipality_file_has_clean_names_and_slugs():
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 27
    for row in rows:
        assert "," not in row["name"] and "(" not in row["name"]
        assert row["slug"] == place_slug(row["name"])


@pytest.mark.django_db
def test_reference_loads_towns_neighbours_and_vocabularies(reference):
    district = Municipality.objects.in_district()
    assert district.count() == 22
    assert set(Municipality.objects.filter(region__isnull=True).values_list("name", flat=True)) == {
        "Darmstadt", "Worms", "Mannheim", "Heidelberg", "Weinheim",
    }
    assert sum(district.values_list("population", flat=True)) == 271_617  # Zensus 2022
    fuerth = Municipality.objects.get(slug="fuerth")
    assert (fuerth.name, fuerth.ags, fuerth.postcodes) == ("Fürth", "06431007", ["64658"])
    assert Municipality.objects.get(slug="heppenheim").official_name.startswith("Heppenheim")
    assert PostalCode.objects.count() > 8000

    assert list(LifePhase.objects.values_list("slug", flat=True)) == [
        "fruehkindliche-bildung", "schule", "uebergang-schule-beruf", "ausbildung-studium",
        "weiterbildung-beruf", "bildung-im-alter",
    ]
    assert all(LifePhase.objects.values_list("description", flat=True))
    roots = Topic.objects.filter(parent=None)
    assert roots.count() == 12
    assert all(root.children.exists() for root in roots)
    assert Topic.objects.get(slug="englisch").parent.slug == "sprachen"
    assert set(Format.objects.values_list("slug", flat=True)) == {
        "praesenz", "online", "hybrid", "selbstlernen",
    }
    assert {"bildungsgutschein", "bildungsurlaub-hessen", "aufstiegs-bafoeg"} <= set(
        FundingOption.objects.values_list("slug", flat=True)
    )
    assert all(len(slug) == 2 for slug in Language.objects.values_list("slug", flat=True))
    assert list(DqrLevel.objects.values_list("level", flat=True)) == list(range(1, 9))
    assert DqrLevel.objects.get(level=1).description.startswith("Kompetenzen zur Erfüllung")


@pytest.mark.django_db
def test_load_reference_is_idempotent(reference):
    before = snapshot()
    call_command("load_reference", stdout=StringIO())
    assert snapshot() == before


@pytest.mark.django_db
def test_bensheim_heppenheim_distance(reference):
    bensheim = Municipality.objects.get(slug="bensheim")
    heppenheim = Municipality.objects.get(slug="heppenheim")
    distance = haversine_km(
        bensheim.latitude, bensheim.longitude, heppenheim.latitude, heppenheim.longitude
    )
    assert 4 < distance < 7
    assert bensheim.distance_km(heppenheim.latitude, heppenheim.longitude) == distance


@pytest.mark.django_db
def test_resolve_place_accepts_names_slugs_and_postcodes(reference):
    bensheim = resolve_place("Bensheim")
    assert bensheim[0] == "Bensheim"
    assert bensheim == resolve_place("bensheim") == resolve_place("  BENSHEIM ")
    assert resolve_place("Fürth")[0] == resolve_place("fuerth")[0] == "Fürth"
    assert resolve_place("gross-rohrheim")[0] == "Groß-Rohrheim"
    assert resolve_place("Heppenheim (Bergstraße)")[0] == "Heppenheim"
    assert resolve_place("Heidelberg")[0] == "Heidelberg"

    label, latitude, longitude = resolve_place("64625")
    assert label == "64625 Bensheim"
    assert haversine_km(latitude, longitude, bensheim[1], bensheim[2]) < 3
    assert resolve_place("64625 Bensheim")[0] == "64625 Bensheim"

    label, latitude, longitude = resolve_place("10115")  # Germany-wide
    assert label == "10115 Berlin"
    assert 52 < latitude < 53 and 13 < longitude < 14
    assert resolve_place("Berlin")[0] == "Berlin"


HOSTILE = [
    "", "   ", "00000", "99999", "1234", "123456", "Atlantis",
    "'; DROP TABLE places_postalcode; --", "\" OR 1=1 --", "%", "_", "\\", "x" * 10_000,
    "\x00", "\x1b[31m", "\ud800", "🙂", "<script>alert(1)</script>", None, 64625, ["Bensheim"],
]


@pytest.mark.django_db
def test_resolve_place_never_raises(reference):
    for text in HOSTILE:
        assert resolve_place(text) is None, text
    assert PostalCode.objects.count() > 8000  # nothing was dropped
    # Control characters are dropped, not fatal.
    assert resolve_place("Bens\x00heim") is None
    assert resolve_place("Bensheim\x00\n") == resolve_place("Bensheim")


@pytest.mark.django_db
def test_municipality_for_postcode(reference):
    assert municipality_for_postcode("64625").name == "Bensheim"
    assert municipality_for_postcode("69434").name == "Hirschhorn"
    assert municipality_for_postcode("68159").name == "Mannheim"
    assert municipality_for_postcode("10115") is None
    for hostile in ("", "6462", "64625 ", "abcde", None, 64625):
        assert municipality_for_postcode(hostile) is None
