"""Municipality boundaries for the monitoring map: read, project, simplify, draw as SVG paths.

The boundaries (BKG VG250, shipped under insights/data/geo/) are plain GeoJSON read with
`json`; no GIS library is needed for 28 polygons.

Projection: equirectangular around the district's centre (x = R·Δλ·cos φ₀, y = −R·Δφ), in
kilometres. Over 40 km its distortion is far below a pixel.

Simplification keeps the topology: every ring is cut into arcs at the junctions (points where
the neighbourhood of a boundary point changes, i.e. where three areas meet or a border starts),
each arc is simplified once with Douglas–Peucker and put back into every ring that uses it.
A border shared by two towns is therefore one arc, and both towns draw exactly the same line.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "geo"
TOWNS_FILE = DATA_DIR / "kreis_bergstrasse_gemeinden.geojson"
UNINCORPORATED_FILE = DATA_DIR / "kreis_bergstrasse_gemeindefrei_michelbuch.geojson"
ATTRIBUTION = "© GeoBasis-DE / BKG"
EARTH_RADIUS_KM = 6371.0088
# Douglas–Peucker tolerance: 60 m is well under a pixel at the map's width of about 640 px
# for 50 km and cuts the vertices by about two thirds.
DEFAULT_TOLERANCE_KM = 0.06


@dataclass(frozen=True)
class Area:
    """One drawn area: a town of the district, a neighbour or the unincorporated Michelbuch."""

    ags: str
    name: str
    kind: str  # "town" | "neighbour" | "unincorporated"
    rings: tuple  # tuple of polygons, each a tuple of rings of (x, y) in km, y pointing down
    label_point: tuple  # (x, y) inside the largest polygon

    def path(self, digits=2):
        """The SVG path data ("M x y L … Z" per ring; even-odd holes)."""
        parts = []
        for polygon in self.rings:
            for ring in polygon:
                points = ring[:-1] if ring[0] == ring[-1] else ring
                coords = " ".join(f"{x:.{digits}f} {y:.{digits}f}" for x, y in points)
                parts.append(f"M{coords}Z")
        return "".join(parts)


@dataclass(frozen=True)
class Geometry:
    areas: tuple  # Area, towns first in AGS order, then neighbours, then Michelbuch
    bbox: tuple  # (min_x, min_y, max_x, max_y) of the district's towns plus a margin

    def by_ags(self):
        return {area.ags: area for area in self.areas}


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"unsupported geometry {geometry['type']}")


def _kind(properties):
    if properties["ags"] == "06431200" or not properties["ags"][-3:].isdigit():
        return "unincorporated"
    return "town" if properties.get("in_kreis_bergstrasse") else "neighbour"


def _short_name(name):
    """'Heppenheim (Bergstraße)' → 'Heppenheim', as in places.Municipality.name."""
    return name.split(" (")[0]


def _closed(ring):
    ring = [tuple(point) for point in ring]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


# --- topology: junctions and arcs -------------------------------------------------------


def _junctions(rings):
    """Points where more than two distinct neighbours meet: three-area points and border ends."""
    neighbours = {}
    for ring in rings:
        n = len(ring) - 1  # closed ring: last == first
        for i in range(n):
            point = ring[i]
            around = neighbours.setdefault(point, set())
            around.add(ring[i - 1] if i else ring[n - 1])
            around.add(ring[i + 1])
    return {point for point, around in neighbours.items() if len(around) > 2}


def _split(ring, junctions):
    """Cut a closed ring into arcs that start and end at junctions."""
    points = ring[:-1]
    starts = [i for i, point in enumerate(points) if point in junctions]
    if not starts:
        # A ring that touches nothing (island, or a whole ring shared with a hole): one closed
        # arc, starting at its smallest point so that both users of it start at the same place.
        start = points.index(min(points))
        rotated = points[start:] + points[:start]
        return [rotated + [rotated[0]]]
    rotated = points[starts[0] :] + points[: starts[0]]
    arcs, current = [], [rotated[0]]
    for point in rotated[1:]:
        current.append(point)
        if point in junctions:
            arcs.append(current)
            current = [point]
    current.append(rotated[0])
    arcs.append(current)
    return arcs


def _perpendicular(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / length


def douglas_peucker(points, tolerance):
    """Douglas–Peucker on an open polyline; keeps both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            distance = _perpendicular(points[i], points[first], points[last])
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _simplify_arc(arc, tolerance):
    if arc[0] != arc[-1]:
        return douglas_peucker(arc, tolerance)
    # A closed arc: split at the point farthest from its start so that DP has two real ends.
    far = max(range(len(arc)), key=lambda i: math.dist(arc[0], arc[i]))
    simplified = douglas_peucker(arc[: far + 1], tolerance)[:-1]
    simplified += douglas_peucker(arc[far:], tolerance)
    return simplified if len(simplified) >= 4 else arc


def _ring_area(ring):
    return 0.5 * sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)
    )


def simplify_topology(polygons_by_key, tolerance):
    """Simplify {key: [polygon [ring [(x, y)…]]]} keeping shared borders identical.

    Rings whose simplified form would collapse (fewer than three corners) are kept whole.
    """
    all_rings = [ring for polygons in polygons_by_key.values() for p in polygons for ring in p]
    junctions = _junctions(all_rings)
    simplified_arcs = {}

    def simplified(arc):
        key = tuple(arc)
        if key in simplified_arcs:
            return simplified_arcs[key]
        reverse = key[::-1]
        if reverse in simplified_arcs:
            return simplified_arcs[reverse][::-1]
        result = _simplify_arc(arc, tolerance)
        simplified_arcs[key] = result
        return result

    result = {}
    for key, polygons in polygons_by_key.items():
        out_polygons = []
        for polygon in polygons:
            out_rings = []
            for ring in polygon:
                arcs = _split(ring, junctions)
                points = [arcs[0][0]]
                for arc in arcs:
                    points.extend(simplified(arc)[1:])
                if len(set(points)) < 3:
                    points = ring
                out_rings.append(tuple(points))
            out_polygons.append(tuple(out_rings))
        result[key] = tuple(out_polygons)
    return result


# --- projection and the whole map -------------------------------------------------------


def _projector(lon0, lat0):
    scale = math.cos(math.radians(lat0))
    factor = math.pi / 180 * EARTH_RADIUS_KM

    def project(lon, lat):
        # Not rounded: equal inputs give equal outputs, so shared points stay shared.
        return ((lon - lon0) * factor * scale, -(lat - lat0) * factor)

    return project


def _inside(point, ring):
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _label_point(polygons):
    """A point inside the largest polygon: its centroid, or the middle of the widest row."""
    outer = max((polygon[0] for polygon in polygons), key=lambda r: abs(_ring_area(r)))
    area = _ring_area(outer)
    segments = list(zip(outer, outer[1:], strict=False))
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in segments) / (6 * area)
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in segments) / (6 * area)
    if _inside((cx, cy), outer):
        return (round(cx, 2), round(cy, 2))
    # Concave shape: the midpoint of the longest horizontal chord through the centroid's row.
    crossings = sorted(
        x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in zip(outer, outer[1:], strict=False)
        if (y1 > cy) != (y2 > cy)
    )
    pairs = list(zip(crossings[::2], crossings[1::2], strict=False))
    left, right = max(pairs, key=lambda pair: pair[1] - pair[0])
    return (round((left + right) / 2, 2), round(cy, 2))


@cache
def load_geometry(tolerance=DEFAULT_TOLERANCE_KM):
    """The projected and simplified areas of the map (computed once per process)."""
    features = _read(TOWNS_FILE) + _read(UNINCORPORATED_FILE)
    district = [f for f in features if f["properties"].get("in_kreis_bergstrasse")]
    lons = [pt[0] for f in district for p in _polygons(f["geometry"]) for pt in p[0]]
    lats = [pt[1] for f in district for p in _polygons(f["geometry"]) for pt in p[0]]
    project = _projector((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    projected = {
        f["properties"]["ags"]: [
            [_closed(project(lon, lat) for lon, lat in ring) for ring in polygon]
            for polygon in _polygons(f["geometry"])
        ]
        for f in features
    }
    simplified = simplify_topology(projected, tolerance)
    order = {"town": 0, "neighbour": 1, "unincorporated": 2}
    areas = sorted(
        (
            Area(
                ags=f["properties"]["ags"],
                name=_short_name(f["properties"]["name"]),
                kind=_kind(f["properties"]),
                rings=simplified[f["properties"]["ags"]],
                label_point=_label_point(projected[f["properties"]["ags"]]),
            )
            for f in features
        ),
        key=lambda area: (order[area.kind], area.ags),
    )
    xs = [x for a in areas if a.kind != "neighbour" for p in a.rings for x, _ in p[0]]
    ys = [y for a in areas if a.kind != "neighbour" for p in a.rings for _, y in p[0]]
    margin = 3.0  # km of the neighbours around the district
    bbox = (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)
    return Geometry(areas=tuple(areas), bbox=tuple(round(v, 2) for v in bbox))
