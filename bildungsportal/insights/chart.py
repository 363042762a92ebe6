"""A goal's line over time as inline SVG (no JavaScript); the page shows the same figures as a
table beside it."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 40


def line_svg(points, *, target=None, title="", display=str):
    """SVG markup for [(date, value)] (None values leave a gap); ``target`` draws a dashed
    line. Returns "" for fewer than one value."""
    values = [v for _d, v in points if v is not None]
    if not values:
        return ""
    low = min([*values, target] if target is not None else values)
    high = max([*values, target] if target is not None else values)
    if high == low:
        high, low = high + 1, max(0, low - 1)
    low = min(low, 0) if low >= 0 else low
    span_x = max(len(points) - 1, 1)

    def x(i):  # coordinates as text: format_html escapes its arguments before formatting
        return f"{LEFT + (WIDTH - LEFT - RIGHT) * (i / span_x if len(points) > 1 else 0.5):.1f}"

    def y(v):
        return f"{TOP + (HEIGHT - TOP - BOTTOM) * (1 - (v - low) / (high - low)):.1f}"

    segments, current = [], []
    for i, (_d, v) in enumerate(points):
        if v is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(f"{x(i)},{y(v)}")
    if current:
        segments.append(current)
    lines = format_html_join("", '<polyline class="goal-line" points="{}" fill="none" '
                             'stroke="currentColor" stroke-width="2"/>',
                             ((" ".join(s),) for s in segments))
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="3.5"><title>{}: {}</title>'
                            "</circle>",
                            ((x(i), y(v), date_format(d, "SHORT_DATE_FORMAT"), display(v))
                             for i, (d, v) in enumerate(points) if v is not None))
    labels = format_html_join("", '<text x="{}" y="{}" text-anchor="middle" '
                              'font-size="12">{}</text>',
                              ((x(i), HEIGHT - 12, date_format(d, "SHORT_DATE_FORMAT"))
                               for i, (d, _v) in enumerate(points)))
    axis = format_html(
        '<text x="{}" y="{}" dy="4" text-anchor="end" font-size="12">{}</text>'
        '<text x="{}" y="{}" dy="4" text-anchor="end" font-size="12">{}</text>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#767676"/>',
        LEFT - 6, y(high), display(high), LEFT - 6, y(low), display(low),
        LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM)
    goal = ""
    if target is not None:
        goal = format_html('<line class="goal-target" x1="{}" y1="{}" x2="{}" y2="{}" '
                           'stroke="#b00020" stroke-dasharray="6 4"><title>{}</title></line>',
                           LEFT, y(target), WIDTH - RIGHT, y(target), display(target))
    return format_html(
        '<svg class="goal-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title>{}{}{}{}{}</svg>',
        WIDTH, HEIGHT, title, axis, goal, lines, dots, labels)
