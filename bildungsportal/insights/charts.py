"""A horizontal bar chart of one indicator per town, as SVG for the pages and the PDF.

Drawn only from the data layer's already suppressed values: a hidden figure has no bar and
shows its text ("zu wenige Antworten"). Colours are SVG attributes (no inline styles).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 150
ROW_HEIGHT = 22
BAR_COLOUR = "#2c7fb8"
DISTRICT_COLOUR = "#253494"


def bar_chart(table, *, chart_id, title, highlight=None):
    """`table`: an IndicatorTable-like object (towns, district with value and display).

    In a right-to-left language (Arabic) the chart is mirrored: names on the right, bars
    growing to the left; the SVG's `direction` makes text-anchor follow.
    """
    rtl = get_language_bidi()

    def at(x, width=0):  # the x of a point (or of a box's left edge), mirrored for RTL
        return WIDTH - x - width if rtl else x

    rows = [*table.towns, table.district]
    values = [row.value for row in rows if row.value is not None]
    top = max(values, default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW_HEIGHT * len(rows) + 8
    parts = [
        f'<svg class="bar-chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-titel" '
        f'direction="{"rtl" if rtl else "ltr"}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-titel">{escape(title)}</title>',
    ]
    for i, row in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        strong = row.slug == "kreis" or row.slug == highlight
        weight = ' font-weight="bold"' if strong else ""
        parts.append(
            f'<text x="{at(LABEL_WIDTH - 8)}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="#1b1b1b"{weight}>{escape(row.name)}</text>'
        )
        if row.value is not None:
            width = max(1.0, bar_space * row.value / top) if row.value > 0 else 0
            colour = DISTRICT_COLOUR if strong else BAR_COLOUR
            parts.append(
                f'<rect x="{at(LABEL_WIDTH, width):.1f}" y="{y + 3}" width="{width:.1f}" '
                f'height="{ROW_HEIGHT - 7}"'
                f' fill="{colour}"/>'
            )
            x = LABEL_WIDTH + width + 6
        else:
            x = LABEL_WIDTH + 6
        italic = ' font-style="italic"' if row.value is None else ""
        parts.append(
            f'<text x="{at(x):.1f}" y="{y + 15}" font-size="13" fill="#1b1b1b"{italic}{weight}>'
            f"{escape(row.display)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
