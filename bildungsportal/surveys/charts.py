"""Server-side SVG charts: horizontal bars, drawn from already suppressed tables.

A chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(``aria-labelledby``); the page puts the same numbers in a ``<table>`` beside it. A suppressed
cell gets no bar and the text "< k" — the chart only ever sees the suppressed table, so it can't
draw what it doesn't know. No inline styles (the site's CSP forbids them): colours come from
classes in static/surveys/results.css.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from bildungsportal.core.formatting import decimal

WIDTH = 640
LABEL_WIDTH = 250
BAR_WIDTH = 300
ROW_HEIGHT = 28
TOP = 8
MAX_LABEL = 38


def cell_text(cell, k):
    if cell.count is None:
        return f"< {k}"
    if cell.percent is None:
        return str(cell.count)
    return f"{cell.count} ({decimal(cell.percent)} %)"


def _short(label):
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(table, chart_id):
    """The SVG for a suppressed ``Table`` (empty string when the table is hidden)."""
    if table.hidden or not table.cells:
        return ""
    height = TOP * 2 + ROW_HEIGHT * len(table.cells)
    title = escape(table.title)
    summary = "; ".join(f"{cell.label}: {cell_text(cell, table.k)}" for cell in table.cells)
    desc = escape(
        _("Balkendiagramm, Anteile an %(base)s Antworten. %(summary)s")
        % {"base": table.base if table.base is not None else f"< {table.k}", "summary": summary}
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{title}</title>',
        f'<desc id="{chart_id}-desc">{desc}</desc>',
    ]
    for index, cell in enumerate(table.cells):
        y = TOP + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT // 2 + 5
        parts.append(
            f'<text class="bar-label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end">{escape(_short(cell.label))}</text>'
        )
        if cell.count is None:
            parts.append(
                f'<text class="bar-value suppressed" x="{LABEL_WIDTH + 4}" y="{middle}">'
                f"{escape(cell_text(cell, table.k))}</text>"
            )
            continue
        share = (cell.percent or 0) / 100
        length = max(1, round(BAR_WIDTH * share)) if cell.count else 0
        if length:
            parts.append(
                f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 4}" width="{length}" '
                f'height="{ROW_HEIGHT - 8}"/>'
            )
        parts.append(
            f'<text class="bar-value" x="{LABEL_WIDTH + length + 6}" y="{middle}">'
            f"{escape(cell_text(cell, table.k))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
