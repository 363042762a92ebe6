"""Respondent-level exports: CSV (German Excel), XLSX, SPSS .sav, and a codebook.

One row per complete response; one column per single-choice question, one 0/1 column per
option of a multiple-choice question, one per matrix row, one rank per ranking item, one per
number and text. Variable names come from the question codes, made SPSS-safe.

Suppression in microdata (see docs/survey-results.md): the exports hold no counts, but the
band columns (is_band questions, channel, source, month) are what could single someone out.
So (1) a band value held by fewer than k respondents is recoded to "zusammengefasst" (SPSS code
-2), together with the next rarest value when it would be the only one; (2) respondents whose
combination of band values is still shared by fewer than k get every band column recoded.
Free texts are exported (the office reads them anyway); the exports are never filtered to a
group, so no text is exported for a group below k.
"""

import csv
import io
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from bildungsportal.core.suppression import recode_rare

from .models import Question, Response
from .results import NONE, OTHER, TEXT_KINDS, Dataset

FORMATS = {
    "csv": "CSV (Excel, Semikolon)",
    "xlsx": "Excel (XLSX)",
    "sav": "SPSS (.sav) mit Wertelabels",
    "codebuch": "Codebuch (CSV)",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "codebuch": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
}
MERGED = -2  # SPSS code of a recoded ("zusammengefasst") band value
SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO",
                 "WITH"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spss_name(raw, used):
    """A unique SPSS variable name: letters, digits, _; starts with a letter; ≤ 64 chars."""
    text = str(raw).replace("ß", "ss")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"),
                          ("Ü", "Ue")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9_]", "_", text).strip("_") or "v"
    if not name[0].isalpha():
        name = "v" + name
    name = name[:60]
    if name.upper() in SPSS_RESERVED:
        name += "_v"
    candidate, number = name, 2
    while candidate.lower() in used:
        candidate = f"{name}_{number}"
        number += 1
    used.add(candidate.lower())
    return candidate


def guard(value):
    """Formula-injection guard: text that a spreadsheet would run starts with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def codes_for(choices):
    """{choice code: numeric value}: the codes themselves when all are integers, else 1..n."""
    try:
        numeric = {code: int(code) for code, _label in choices}
    except ValueError:
        numeric = None
    if numeric is not None and len(set(numeric.values())) == len(numeric):
        return numeric
    return {code: index for index, (code, _label) in enumerate(choices, start=1)}


@dataclass
class Column:
    name: str
    label: str
    kind: str  # the question kind (or "meta")
    numeric: bool = True
    value_labels: dict = field(default_factory=dict)  # {numeric code: label}
    is_band: bool = False


@dataclass
class Export:
    columns: list
    rows: list  # [{name: value}] — numeric codes; None = missing
    k: int


def build(survey):
    """The export table with band suppression applied."""
    data = Dataset(survey)
    k = data.k
    used = set()
    columns = []
    values = {rid: {} for rid in data.rids}

    def add(column):
        columns.append(column)
        return column.name

    # -- meta columns --------------------------------------------------------------------------
    name = add(Column(spss_name("lfdnr", used), _("laufende Nummer"), "meta"))
    for number, rid in enumerate(data.rids, start=1):
        values[rid][name] = number
    meta = Response.objects.filter(id__in=data.rids).values_list("id", "source", "version__number")
    sources = {code: index for index, code in enumerate(Response.Source.values, start=1)}
    source_name = add(Column(spss_name("quelle", used), _("Quelle"), "meta",
                             value_labels={sources[c]: str(label) for c, label in
                                           Response.Source.choices}, is_band=True))
    version_name = add(Column(spss_name("fassung", used), _("Fassung der Umfrage"), "meta"))
    for rid, source, version in meta:
        values[rid][source_name] = sources[source]
        values[rid][version_name] = version
    channel_names = sorted(set(data.channel_names.values()))
    channel_codes = {channel: index for index, channel in enumerate(channel_names, start=1)}
    channel_name = add(Column(spss_name("kanal", used), _("Verteilkanal"), "meta",
                              value_labels={code: label for label, code in
                                            channel_codes.items()}, is_band=True))
    months = sorted({day.strftime("%Y%m") for day in data.day.values()})
    month_codes = {month: int(month) for month in months}
    month_name = add(Column(spss_name("monat", used), _("Monat der Abgabe (JJJJMM)"), "meta",
                            value_labels={code: f"{month[:4]}-{month[4:]}"
                                          for month, code in month_codes.items()},
                            is_band=True))
    for rid in data.rids:
        channel = data.channel_names.get(data.channel[rid])
        values[rid][channel_name] = channel_codes.get(channel)
        values[rid][month_name] = month_codes[data.day[rid].strftime("%Y%m")]

    # -- questions ---------------------------------------------------------------------------
    for q in data.questions:
        answers = data.answers.get(q.code, {})
        kind = q.kind
        if kind in TEXT_KINDS:
            name = add(Column(spss_name(q.code, used), q.text, kind, numeric=False))
            for rid, items in answers.items():
                text = "\n".join((a[4] or "").strip() for a in items if (a[4] or "").strip())
                values[rid][name] = text or None
            continue
        if kind == Question.Kind.NUMBER:
            name = add(Column(spss_name(q.code, used), q.text, kind))
            for rid, items in answers.items():
                numbers = [a[3] for a in items if a[3] is not None]
                if numbers:
                    values[rid][name] = numbers[0]
            continue
        if kind == Question.Kind.RANKING:
            for code, label in q.choices:
                name = add(Column(spss_name(f"{q.code}_{code}", used),
                                  f"{q.text} – {label} ({_('Rang')})", kind))
                for rid, items in answers.items():
                    rank = next((a[5] for a in items if a[0] == code and a[5]), None)
                    if rank is not None:
                        values[rid][name] = rank
            continue
        variable = data.variables(q)
        if kind == Question.Kind.CATALOG:
            categories = variable[0].categories
            if q.multiple and not q.is_band:
                for code, label in categories:
                    name = add(Column(spss_name(f"{q.code}_{code}", used),
                                      f"{q.text} – {label}", kind, value_labels={
                                          0: _("nicht genannt"), 1: _("genannt")}))
                    for rid, given in variable[0].values.items():
                        values[rid][name] = int(code in given)
                continue
            codes = {code: index for index, (code, _label) in enumerate(categories, start=1)}
            name = add(Column(spss_name(q.code, used), q.text, kind, value_labels={
                codes[c]: label for c, label in categories}, is_band=q.is_band))
            for rid, given in variable[0].values.items():
                first = next((c for c, _label in categories if c in given), None)
                values[rid][name] = codes.get(first)
            continue
        codes = codes_for(q.choices)
        labels = {codes[c]: label for c, label in q.choices}
        if q.rows and kind in (Question.Kind.MATRIX, Question.Kind.LIKERT):
            for (row_code, row_label), row_variable in zip(q.rows, variable, strict=True):
                name = add(Column(spss_name(f"{q.code}_{row_code}", used),
                                  f"{q.text} – {row_label}", kind, value_labels=labels))
                for rid, given in row_variable.values.items():
                    first = next((c for c, _label in q.choices if c in given), None)
                    values[rid][name] = codes.get(first)
            continue
        given_by = variable[0].values
        if kind == Question.Kind.MULTIPLE:
            for code, label in q.choices:
                name = add(Column(spss_name(f"{q.code}_{code}", used), f"{q.text} – {label}",
                                  kind, value_labels={0: _("nicht gewählt"), 1: _("gewählt")}))
                for rid, given in given_by.items():
                    values[rid][name] = int(code in given)
        else:
            name = add(Column(spss_name(q.code, used), q.text, kind, value_labels=labels,
                              is_band=q.is_band))
            for rid, given in given_by.items():
                first = next((c for c, _label in q.choices if c in given), None)
                values[rid][name] = codes.get(first)
        if q.allow_other or any(OTHER in given for given in given_by.values()):
            name = add(Column(spss_name(f"{q.code}_sonstiges", used),
                              f"{q.text} – {_('Sonstiges (Text)')}", kind, numeric=False))
            for rid, items in answers.items():
                texts = [(a[4] or "").strip() for a in items if not a[0] and (a[4] or "").strip()]
                if texts:
                    values[rid][name] = "\n".join(texts)

    rows = [values[rid] for rid in data.rids]
    suppress_bands(columns, rows, k)
    return Export(columns, rows, k)


def suppress_bands(columns, rows, k):
    """Recode rare band values, then rows whose band combination is shared by fewer than k."""
    bands = [column for column in columns if column.is_band]
    merged = _("zusammengefasst (weniger als %(k)s)") % {"k": k}
    for column in bands:
        counts = Counter(row.get(column.name) for row in rows)
        rare = recode_rare(counts, k, keep={None})
        if rare:
            column.value_labels[MERGED] = merged
            for row in rows:
                if row.get(column.name) in rare:
                    row[column.name] = MERGED
    combos = Counter(tuple(row.get(column.name) for column in bands) for row in rows)
    for row in rows:
        if combos[tuple(row.get(column.name) for column in bands)] < k:
            for column in bands:
                if row.get(column.name) is not None:
                    row[column.name] = MERGED
                    column.value_labels[MERGED] = merged


# -- writers -------------------------------------------------------------------------------------
def _display(column, value):
    """CSV/XLSX cell: labels for coded columns, German decimal comma for numbers in CSV."""
    if value is None:
        return ""
    zero_one = set(column.value_labels) <= {0, 1}  # 0/1 columns stay 0/1
    if column.value_labels and value in column.value_labels and not zero_one:
        return column.value_labels[value]
    return value


def _csv_number(value):
    if isinstance(value, Decimal | float):
        return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",") if value % 1 else str(
            int(value))
    return value


def to_csv(export):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([guard(column.name) for column in export.columns])
    for row in export.rows:
        writer.writerow([guard(_csv_number(_display(column, row.get(column.name))))
                         for column in export.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def codebook_rows(export):
    header = [_("Variable"), _("Frage"), _("Typ"), _("Werte")]
    rows = []
    for column in export.columns:
        values = " | ".join(f"{code} = {label}" for code, label in
                            sorted(column.value_labels.items()))
        kind = str(Question.Kind(column.kind).label) if column.kind in Question.Kind.values \
            else _("Angabe zur Antwort")
        rows.append([column.name, column.label, kind, values])
    return header, rows


def to_codebook_csv(export):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header, rows = codebook_rows(export)
    writer.writerow(header)
    for row in rows:
        writer.writerow([guard(str(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(export):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Daten")
    sheet.append([guard(column.name) for column in export.columns])
    for row in export.rows:
        cells = []
        for column in export.columns:
            value = _display(column, row.get(column.name))
            cells.append(float(value) if isinstance(value, Decimal) else guard(value))
        sheet.append(cells)
    codebook = book.create_sheet(_("Codebuch"))
    header, rows = codebook_rows(export)
    codebook.append(header)
    for row in rows:
        codebook.append([guard(str(value)) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_sav(export):
    import pandas as pd
    import pyreadstat

    frame = {}
    for column in export.columns:
        raw = [row.get(column.name) for row in export.rows]
        if column.numeric:
            frame[column.name] = pd.Series(
                [float(value) if value is not None else None for value in raw], dtype="float64")
        else:
            frame[column.name] = pd.Series([value or "" for value in raw], dtype="object")
    df = pd.DataFrame(frame, columns=[column.name for column in export.columns])
    labels = {column.name: column.label[:250] for column in export.columns}
    value_labels = {column.name: {float(code): str(label)[:120] for code, label in
                                  column.value_labels.items()}
                    for column in export.columns if column.numeric and column.value_labels}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sav"
        pyreadstat.write_sav(df, str(path), column_labels=labels,
                             variable_value_labels=value_labels)
        return path.read_bytes()


def export(survey, fmt):
    """(bytes, content type, file name) of one export format."""
    data = build(survey)
    writers = {"csv": to_csv, "xlsx": to_xlsx, "sav": to_sav, "codebuch": to_codebook_csv}
    content = writers[fmt](data)
    extension = {"codebuch": "csv"}.get(fmt, fmt)
    suffix = "-codebuch" if fmt == "codebuch" else ""
    return content, CONTENT_TYPES[fmt], f"{survey.slug}{suffix}.{extension}"


__all__ = ["FORMATS", "MERGED", "NONE", "build", "export", "guard", "spss_name"]
