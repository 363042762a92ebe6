"""The monitoring map: boundaries, topology-preserving simplification, classes and the SVG."""

import json
import re
from types import SimpleNamespace

import pytest

from bildungsportal.insights import geo
from bildungsportal.insights.choropleth import (
    NO_VALUE_FILL,
    PALETTE,
    build_map,
    class_of,
    palette_for,
    quantile_breaks,
)

DISTRICT_AGS = [f"064310{n:02d}" for n in range(1, 23)]
NEIGHBOUR_AGS = {"06411000", "07319000", "08221000", "08222000", "08226096"}


def _edges(area):
    """Undirected segments of an area's simplified rings."""
    edges = set()
    for polygon in area.rings:
        for ring in polygon:
            closed = list(ring) if ring[0] == ring[-1] else [*ring, ring[0]]
            edges |= {frozenset(pair) for pair in zip(closed, closed[1:], strict=False)}
    return edges


def _original_points():
    """Every projected vertex of every area before simplification, by AGS."""
    raw = geo.load_geometry(0.0)
    return {
        area.ags: {pt for polygon in area.rings for ring in polygon for pt in ring}
        for area in raw.areas
    }


def test_all_towns_neighbours_and_michelbuch_are_present():
    areas = geo.load_geometry().by_ags()
    assert [a for a in DISTRICT_AGS if areas[a].kind == "town"] == DISTRICT_AGS
    assert {a.ags for a in areas.values() if a.kind == "neighbour"} == NEIGHBOUR_AGS
    assert areas["06431200"].kind == "unincorporated"
    assert areas["06431200"].name == "Michelbuch"
    assert areas["06431011"].name == "Heppenheim"  # short name as in places


def test_ags_match_the_municipality_reference_data():
    import csv
    from pathlib import Path

    import bildungsportal.places

    path = Path(bildungsportal.places.__file__).parent / "data" / "municipalities.csv"
    with open(path, encoding="utf-8") as handle:
        rows = {row["ags"]: row for row in csv.DictReader(handle)}
    areas = geo.load_geometry().by_ags()
    assert set(rows) == set(areas) - {"06431200"}
    for ags, row in rows.items():
        assert areas[ags].name == row["name"]
        assert (areas[ags].kind == "town") == (row["in_district"] == "1")


def test_simplification_drops_points_but_keeps_every_polygon_a_polygon():
    simplified = geo.load_geometry()
    raw = geo.load_geometry(0.0)
    count = lambda g: sum(len(r) for a in g.areas for p in a.rings for r in p)  # noqa: E731
    assert count(simplified) < count(raw) * 0.6
    for area in simplified.areas:
        for polygon in area.rings:
            for ring in polygon:
                assert len(set(ring)) >= 3, area.name


def test_shared_borders_stay_identical_in_both_towns():
    """Every segment of A that runs along B's original border is also a segment of B."""
    simplified = geo.load_geometry().by_ags()
    originals = _original_points()
    pairs_checked = 0
    for a in simplified.values():
        for b in simplified.values():
            if a.ags >= b.ags:
                continue
            shared = originals[a.ags] & originals[b.ags]
            if len(shared) < 2:
                continue
            along_a = {e for e in _edges(a) if e <= shared}
            along_b = {e for e in _edges(b) if e <= shared}
            assert along_a == along_b, (a.name, b.name)
            if along_a:
                pairs_checked += 1
    # Bensheim–Heppenheim, Lorsch–Lampertheim, Hirschhorn–Neckarsteinach, … and the neighbours
    assert pairs_checked >= 40


def test_simplified_vertices_lie_on_the_original_boundary():
    simplified = geo.load_geometry().by_ags()
    originals = _original_points()
    for ags, area in simplified.items():
        points = {pt for polygon in area.rings for ring in polygon for pt in ring}
        assert points <= originals[ags], area.name


def test_douglas_peucker_keeps_ends_and_far_points():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert geo.douglas_peucker(line, 0.1) == [(0, 0), (2, 0), (3, 5), (4, 0)]
    assert geo.douglas_peucker(line, 10) == [(0, 0), (4, 0)]


def test_simplify_topology_on_two_squares_sharing_a_wiggly_edge():
    wiggle = [(1, y / 10) for y in range(11)]
    for i in range(1, 10, 2):
        wiggle[i] = (1.001, wiggle[i][1])
    left = [(0, 0), *wiggle, (0, 1), (0, 0)]
    right = [*wiggle, (2, 1), (2, 0), (1, 0)]
    result = geo.simplify_topology({"L": [[left]], "R": [[right]]}, 0.01)
    left_points = set(result["L"][0][0])
    right_points = set(result["R"][0][0])
    assert left_points & right_points == {(1, 0), (1, 1.0)}


def test_path_data_is_valid_svg():
    path = geo.load_geometry().by_ags()["06431011"].path()
    assert path.count("M") == 4  # Heppenheim: main part, exclaves and a hole
    assert re.fullmatch(r"(M-?\d+\.\d\d -?\d+\.\d\d( -?\d+\.\d\d -?\d+\.\d\d)+Z)+", path)


def test_shipped_geojson_carries_the_attribution():
    with open(geo.TOWNS_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    assert "GeoBasis-DE / BKG" in data["attribution"]
    assert (geo.DATA_DIR / "SOURCE.md").read_text().count("dl-de/by-2-0") >= 1


# --- classes and palette --------------------------------------------------------------------


def test_quantile_breaks_give_five_classes_with_about_equal_counts():
    values = [float(v) for v in range(22)]
    bounds = quantile_breaks(values)
    assert len(bounds) == 6
    assert bounds[0] == 0 and bounds[-1] == 21
    counts = [0] * 5
    for v in values:
        counts[class_of(v, bounds)] += 1
    assert all(4 <= c <= 5 for c in counts), counts


def test_equal_values_collapse_classes():
    assert quantile_breaks([2.0] * 22) == [2.0, 2.0]
    assert len(quantile_breaks([0, 0, 0, 0, 0, 0, 1, 2])) < 6


def test_palette_is_sequential_from_light_to_dark():
    def luminance(hex_colour):
        r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    lums = [luminance(c) for c in PALETTE]
    assert lums == sorted(lums, reverse=True)
    assert palette_for(3) == (PALETTE[0], PALETTE[2], PALETTE[4])


def _towns(values):
    areas = [a for a in geo.load_geometry().areas if a.kind == "town"]
    towns = []
    for area, value in zip(areas, values, strict=True):
        suppressed = value == "k"
        number = None if value in ("k", None) else value
        display = (
            "zu wenige Antworten" if suppressed
            else "keine Daten" if number is None
            else f"{number:.1f}".replace(".", ",")
        )
        towns.append(SimpleNamespace(slug=area.name.lower(), ags=area.ags, name=area.name,
                                     value=number, display=display, suppressed=suppressed))
    return towns


@pytest.fixture
def towns():
    values = [i / 10 for i in range(22)]
    values[14] = "k"  # Lindenfels: fewer than k answers
    values[21] = None  # Zwingenberg: no data
    return _towns(values)


@pytest.mark.django_db
def test_map_svg_has_a_focusable_named_link_per_town(towns):
    chart = build_map(towns, title="Angebote je 1.000 Einwohner", unit="je 1.000 Einw.",
                      url_for=lambda town: f"/bildungsmonitoring/orte/{town.slug}/")
    svg = str(chart.svg())
    links = re.findall(
        r'<a class="town[^"]*" href="([^"]+)" aria-label="([^"]+)"><title>([^<]+)', svg
    )
    assert len(links) == 22
    labels = {label for _, label, _ in links}
    assert "Bensheim: 0,1 je 1.000 Einw." in labels
    assert "Lindenfels: zu wenige Antworten" in labels
    assert "Zwingenberg: keine Daten" in labels
    assert all(label == title for _, label, title in links)
    assert "/bildungsmonitoring/orte/lindenfels/" in {href for href, _, _ in links}
    assert 'role="group"' in svg and 'aria-labelledby="karte-titel"' in svg
    assert "style=" not in svg  # the CSP forbids inline styles
    # Neighbours are context, labelled but not links
    assert ">Mannheim</text>" in svg
    assert 'href="/bildungsmonitoring/orte/mannheim/' not in svg


@pytest.mark.django_db
def test_suppressed_and_missing_towns_get_no_class_and_the_hatch(towns):
    chart = build_map(towns, title="t")
    assert chart.classes["lindenfels"] is None and chart.classes["zwingenberg"] is None
    by_slug = {town.slug: town for town in chart.towns}
    assert by_slug["lindenfels"].fill == NO_VALUE_FILL
    assert 'url(#karte-keine-zahl)' in str(chart.svg())
    assert any("zu wenige Antworten" in item.text for item in chart.legend)
    # the legend's class bounds are text, German decimals
    assert chart.legend[0].text.startswith("0,0 – ")
    assert chart.classes["bensheim"] == 0 and chart.classes["wald-michelbach"] == 4


@pytest.mark.django_db
def test_map_fill_matches_class_of_each_value(towns):
    chart = build_map(towns, title="t")
    colours = {town.slug: town.fill for town in chart.towns}
    for town in towns:
        if town.value is not None:
            assert colours[town.slug] == PALETTE[chart.classes[town.slug]]
