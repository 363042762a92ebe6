"""The tables of the monitoring pages, built once and shown as HTML, CSV and XLSX.

One function per table turns the data layer's results (already suppressed: a hidden figure is
None with the display text "zu wenige Antworten") into a `Table`; the page, the report and the
downloads all render that same object, so they can't disagree.
"""

import csv
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .choropleth import format_number

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Cell:
    text: str  # what the page shows: "1,9", "31 %", "zu wenige Antworten"
    value: object = None  # the number for spreadsheets (None for text and hidden figures)
    numeric: bool = False
    suppressed: bool = False
    url: str = ""
    anchor: str = ""  # id suffix of a row header, for links from the map


@dataclass
class Table:
    key: str  # file name stem: "angebote-je-1000"
    title: str
    columns: list
    rows: list  # lists of Cell; the first cell is the row header
    notes: list = field(default_factory=list)
    caption: str = ""

    def filename(self, ext):
        return f"{slugify(self.key) or 'tabelle'}.{ext}"


def text(value, url=""):
    return Cell(str(value), url=url)


def number(value, digits=1, suffix=""):
    if value is None:
        return Cell(_("keine Daten"), numeric=True)
    shown = format_number(value, digits)
    return Cell(f"{shown}{suffix}", value=round(value, digits + 2), numeric=True)


def count(value):
    if value is None:
        return Cell("–", numeric=True)
    return Cell(number_format(value, 0, force_grouping=True), value=value, numeric=True)


def town_cell(town, scale=1):
    """A TownValue as a cell: its display text, its number unless hidden (shares × 100)."""
    return Cell(
        town.display,
        value=None if town.value is None else round(town.value * scale, 4),
        numeric=True,
        suppressed=bool(town.suppressed),
    )


def sample_cell(town):
    """The sample size of a survey figure; a hidden one stays hidden."""
    if getattr(town, "suppressed", False) or town.n is None:
        return Cell("–", numeric=True, suppressed=bool(town.suppressed))
    return count(town.n)


def indicator_table(table, *, url_for=None):
    """The town table of one indicator (22 towns + the district), as shown beside the map."""
    indicator = table.indicator
    survey = indicator.source == "survey"
    percent = getattr(indicator, "percent", False)
    columns = [_("Gemeinde"), str(indicator.label)]
    if survey:
        columns.append(_("Befragte (n)"))
    rows = []
    for town in [*table.towns, table.district]:
        url = url_for(town) if url_for and town.slug != "kreis" else ""
        row = [Cell(town.name, url=url, anchor=town.slug), town_cell(town, 100 if percent else 1)]
        if survey:
            row.append(sample_cell(town))
        rows.append(row)
    return Table(
        key=indicator.key,
        title=str(indicator.label),
        columns=columns,
        rows=rows,
        notes=list(table.notes),
        caption=str(indicator.description),
    )


def percent(value):
    return number(None if value is None else value * 100, 0, " %")


def gap_table(gaps, *, url_for=None):
    columns = [
        _("Rang"), _("Ort"), _("Thema"), _("Wunsch im Ort"), _("95-%-Intervall"),
        _("Befragte (n)"), _("Wunsch im Kreis"), _("Angebot je 1.000 Einw. (Ort)"),
        _("Angebot je 1.000 Einw. (Kreis)"),
    ]
    rows = []
    for rank, gap in enumerate(gaps, 1):
        rows.append([
            count(rank),
            Cell(gap.town_name, url=url_for(gap) if url_for else ""),
            text(gap.topic_name),
            percent(gap.wish_share),
            Cell(
                f"{format_number(gap.ci_low * 100, 0)}–{format_number(gap.ci_high * 100, 0)} %",
                numeric=True,
            ),
            count(gap.n),
            percent(gap.district_wish_share),
            number(gap.supply_per_1000, 2),
            number(gap.district_supply_per_1000, 2),
        ])
    return Table(key="luecken", title=_("Angebotslücken"), columns=columns, rows=rows)


# --- downloads ----------------------------------------------------------------------------------


def _guard(value):
    """Spreadsheet formula injection: a text starting with = + - @ is prefixed with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(table):
    """Semicolon-separated, UTF-8 with BOM (Excel opens it with umlauts intact), German numbers."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_guard(str(column)) for column in table.columns])
    for row in table.rows:
        writer.writerow([_guard(cell.text) if cell.text != "–" else "" for cell in row])
    for note in table.notes:
        writer.writerow([_guard(str(note))])
    return out.getvalue().encode("utf-8")


def to_xlsx(table):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(table.title)[:31].translate(str.maketrans("", "", "[]:*?/\\")) or "Tabelle"
    sheet.append([str(column) for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        values = []
        for cell in row:
            if cell.numeric and cell.value is not None and not cell.suppressed:
                values.append(cell.value)
            elif cell.text == "–":
                values.append(None)
            else:
                values.append(_guard(cell.text))
        sheet.append(values)
    if table.notes:
        sheet.append([])
        for note in table.notes:
            sheet.append([_guard(str(note))])
    sheet.column_dimensions["A"].width = 28
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(table, fmt):
    """An HttpResponse with the table as CSV or XLSX."""
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type=CSV_TYPE)
    else:
        response = HttpResponse(to_xlsx(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.filename(fmt)}"'
    return response
