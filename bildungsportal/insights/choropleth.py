"""The choropleth: one indicator for the 22 towns as inline SVG, drawn on the server.

Input is a list of town values (anything with slug, ags, name, value, display, suppressed —
`indicators.TownValue`); a town whose value is None (no data, or suppressed because fewer
than k people answered) is drawn hatched and never gets a class. Colours are SVG presentation
attributes (not inline styles, so the site's CSP allows them, and WeasyPrint draws them in the
PDF); the stylesheet insights/static/insights/insights.css only adds hover and focus.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .geo import ATTRIBUTION, load_geometry

# ColorBrewer "YlGnBu" (5 classes): sequential, safe for the common colour-vision deficiencies
# and in greyscale print; light = low, dark = high.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_VALUE_FILL = "hatch"  # the template draws it as a hatch pattern
NEIGHBOUR_FILL = "#ececec"
UNINCORPORATED_FILL = "#c8c8c8"
BORDER = "#4d4d4d"  # 3:1 or more against every palette colour except the darkest (white there)
N_CLASSES = 5


def format_number(value, digits):
    return number_format(round(value, digits), decimal_pos=digits, use_l10n=True)


def digits_for(values):
    """One decimal below 100, none above: '0,4' and '12,5' but '310' rather than '310,0'."""
    largest = max((abs(v) for v in values), default=0)
    return 1 if largest < 100 else 0


def quantile_breaks(values, n_classes=N_CLASSES):
    """Class bounds [lower, b1, …, upper] by quantiles, duplicates merged (fewer classes then)."""
    values = sorted(values)
    if not values:
        return []
    bounds = [values[0]]
    for k in range(1, n_classes):
        position = k * (len(values) - 1) / n_classes
        low = int(position)
        high = min(low + 1, len(values) - 1)
        bound = values[low] + (values[high] - values[low]) * (position - low)
        if bound > bounds[-1]:
            bounds.append(bound)
    if values[-1] > bounds[-1] or len(bounds) == 1:
        bounds.append(values[-1])
    return bounds


def class_of(value, bounds):
    """Index of the class of `value`: class i holds (bounds[i], bounds[i+1]], the first [lo, b1]."""
    for i in range(1, len(bounds) - 1):
        if value <= bounds[i]:
            return i - 1
    return len(bounds) - 2


def palette_for(n_classes):
    """Spread the five colours over fewer classes so that the ends stay light and dark."""
    if n_classes >= len(PALETTE):
        return PALETTE
    if n_classes == 1:
        return (PALETTE[2],)
    step = (len(PALETTE) - 1) / (n_classes - 1)
    return tuple(PALETTE[round(i * step)] for i in range(n_classes))


@dataclass(frozen=True)
class LegendItem:
    fill: str
    text: str


@dataclass(frozen=True)
class MapTown:
    slug: str
    name: str
    path: str
    fill: str
    label: str  # "Lindenfels: 0,4 je 1.000 Einw."
    url: str
    css_class: str
    highlight: bool = False
    label_x: str = "0"
    label_y: str = "0"


@dataclass(frozen=True)
class Choropleth:
    """Everything the map template needs; also the table's class per town."""

    towns: list
    others: list  # (name, path, fill, label_x, label_y, kind)
    legend: list
    view_box: str
    width: int
    height: int
    title: str
    attribution: str
    classes: dict  # slug → class index or None

    @property
    def highlighted(self):
        return [town for town in self.towns if town.highlight]

    def svg(self, map_id="karte"):
        return render_to_string("insights/includes/map_svg.html", {"map": self, "map_id": map_id})


def _neighbour_label(area, town_points, frame):
    """Where a neighbour's name goes: the middle of its visible part, away from the district's
    border, and anchored at the frame's edge when it is near one (so it isn't cut off)."""
    min_x, min_y, max_x, max_y = frame
    visible = [
        (x, y) for polygon in area.rings for ring in polygon for x, y in ring
        if min_x < x < max_x and min_y < y < max_y and (x, y) not in town_points
    ]
    x, y = area.label_point
    if visible:
        x = sum(p[0] for p in visible) / len(visible)
        y = sum(p[1] for p in visible) / len(visible)
    y = min(max(y, min_y + 1.5), max_y - 1.0)
    anchor = "middle"
    if x - min_x < 6:
        x, anchor = min_x + 0.4, "start"
    elif max_x - x < 6:
        x, anchor = max_x - 0.4, "end"
    return round(x, 2), round(y, 2), anchor


def town_label(town, unit):
    if town.value is None or (unit and town.display.endswith(unit)):  # "31 %" has its unit
        return f"{town.name}: {town.display}"
    return f"{town.name}: {town.display} {unit}".rstrip()


def build_map(towns, *, title, unit="", url_for=lambda town: "#", percent=False, highlight=None):
    """Classify the towns and pair them with their boundaries.

    `towns`: TownValue-like objects of the district's towns; `url_for(town)` → its link;
    `percent`: values are shares 0…1 (the legend shows 0–100 %); `highlight`: a town slug drawn
    with a heavy outline (the town page, the town report).
    """
    geometry = load_geometry()
    by_ags = geometry.by_ags()
    values = [t.value for t in towns if t.value is not None]
    bounds = quantile_breaks(values)
    colours = palette_for(len(bounds) - 1) if len(bounds) > 1 else ()
    scale = 100 if percent else 1
    digits = 0 if percent else digits_for(values)
    if percent:
        unit = "%"

    classes, map_towns = {}, []
    for town in towns:
        area = by_ags.get(town.ags)
        if town.value is None or not colours:
            classes[town.slug] = None
            fill = NO_VALUE_FILL
        else:
            classes[town.slug] = class_of(town.value, bounds)
            fill = colours[classes[town.slug]]
        if area is None:
            continue
        dark = fill in PALETTE[3:]
        map_towns.append(
            MapTown(
                slug=town.slug,
                name=town.name,
                path=area.path(),
                fill=fill,
                label=town_label(town, unit),
                url=url_for(town),
                css_class="town town--dark" if dark else "town",
                highlight=town.slug == highlight,
                label_x=f"{area.label_point[0]:.2f}",
                label_y=f"{area.label_point[1]:.2f}",
            )
        )

    legend = []
    for i, colour in enumerate(colours):
        low, high = bounds[i] * scale, bounds[i + 1] * scale
        text = f"{format_number(low, digits)} – {format_number(high, digits)}"
        legend.append(LegendItem(colour, f"{text} {unit}".rstrip()))
    if any(t.value is None for t in towns) or not colours:
        text = _("keine Zahl (keine Daten, zu wenige Antworten oder zum Schutz kleiner "
                 "Zahlen nicht ausgewiesen)")
        legend.append(LegendItem(NO_VALUE_FILL, text))
    legend.append(LegendItem(UNINCORPORATED_FILL, _("gemeindefreies Gebiet Michelbuch")))
    legend.append(LegendItem(NEIGHBOUR_FILL, _("Nachbargemeinden außerhalb des Kreises")))

    min_x, min_y, max_x, max_y = geometry.bbox
    town_points = {pt for a in geometry.areas if a.kind == "town"
                   for p in a.rings for r in p for pt in r}
    others = []
    for area in geometry.areas:
        if area.kind == "town":
            continue
        fill = UNINCORPORATED_FILL if area.kind == "unincorporated" else NEIGHBOUR_FILL
        x, y, anchor = _neighbour_label(area, town_points, (min_x, min_y, max_x, max_y))
        others.append((area.name, area.path(), fill, x, y, area.kind, anchor))

    return Choropleth(
        towns=map_towns,
        others=others,
        legend=legend,
        view_box=f"{min_x} {min_y} {max_x - min_x:.2f} {max_y - min_y:.2f}",
        width=640,
        height=round(640 * (max_y - min_y) / (max_x - min_x)),
        title=title,
        attribution=ATTRIBUTION,
        classes=classes,
    )
