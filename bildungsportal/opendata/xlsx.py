"""A streaming XLSX writer for one table: each row goes straight into the zip (constant memory).

Why not openpyxl or XlsxWriter: measured on the dump's 29 columns they take 565 and 316 µs a
row, more than the dump's whole budget (1,000,000 offerings in 5 minutes, all three files;
docs/benchmarks.md). This writes what openpyxl's write-only mode wrote — inline strings,
numbers as "%.16g", dates and datetimes as serial numbers (openpyxl's `to_excel`) with the
same number formats — so any reader sees the same cells. More rows than Excel's 1,048,576 a
sheet continue on "<title> 2", "<title> 3" …, each with the header row.
"""

import re
import zipfile
from datetime import date, datetime

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

MAX_ROWS = 1_048_576  # Excel's rows per sheet, header included
# Above this many rows the sheet may pass 2 GiB: the zip entry needs ZIP64 headers.
ZIP64_ROWS = 200_000
DATE_STYLE, DATETIME_STYLE = 1, 2  # indexes into STYLES' cellXfs
MAX_CELL = 32_767  # characters Excel keeps in a cell
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML at all
# Any of these in a text: the slow path (remove, escape); most texts have none.
SPECIAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f&<>\r]")
EPOCH = date(1899, 12, 30)  # openpyxl's WINDOWS_EPOCH: serial 1 is 1900-01-01

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}"><numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>'
)
ROOT_RELS = (
    f'{HEAD}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def _text(value):
    """XML text: control characters removed (XML forbids them), escaped."""
    return _escape(ILLEGAL.sub("", value))


def _escape(value):
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")  # a raw CR would be read back as LF
    return value


class SheetWriter:
    """`append(values)` row by row, then `close()`; values: str, int, float, date, datetime or
    None (an empty cell). Strings are always text cells, never formulas, without the control
    characters XML forbids and cut at Excel's 32,767 characters."""

    def __init__(self, path, title, header, max_rows=None, compresslevel=1, zip64=False):
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.title, self.header, self.zip64 = title, list(header), zip64
        self.max_rows = max_rows or MAX_ROWS
        self.columns = [get_column_letter(i) for i in range(1, len(self.header) + 1)]
        self.sheets, self.stream, self.row_number = [], None, 0

    def _open_sheet(self):
        if self.stream:
            self._close_sheet()
        number = len(self.sheets) + 1
        self.sheets.append(self.title if number == 1 else f"{self.title} {number}")
        self.stream = self.zip.open(f"xl/worksheets/sheet{number}.xml", "w",
                                    force_zip64=self.zip64)
        self.stream.write(f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>'.encode())
        self.row_number = 0
        self._write(self.header)

    def _close_sheet(self):
        self.stream.write(b"</sheetData></worksheet>")
        self.stream.close()
        self.stream = None

    def append(self, values):
        if self.stream is None or self.row_number >= self.max_rows:
            self._open_sheet()
        self._write(values)

    def _write(self, values):
        self.row_number += 1
        number = self.row_number
        parts = [f'<row r="{number}">']
        for column, value in zip(self.columns, values, strict=True):
            if value is None:
                continue
            if type(value) is str or isinstance(value, str):
                special = SPECIAL.search(value)
                if special:
                    value = ILLEGAL.sub("", value)
                if len(value) > MAX_CELL:
                    value = value[:MAX_CELL]
                if value == "":
                    continue
                stripped = value.strip()
                space = ' xml:space="preserve"' if stripped and stripped != value else ""
                parts.append(f'<c r="{column}{number}" t="inlineStr"><is><t{space}>'
                             f"{_escape(value) if special else value}</t></is></c>")
            elif isinstance(value, datetime):
                parts.append(f'<c r="{column}{number}" s="{DATETIME_STYLE}" t="n"><v>'
                             f"{to_excel(value):.16g}</v></c>")
            elif isinstance(value, date):
                days = (value - EPOCH).days
                if 0 < days <= 60:
                    days -= 1  # as to_excel: Excel's 29 February 1900 that never was
                parts.append(f'<c r="{column}{number}" s="{DATE_STYLE}" t="n"><v>'
                             f"{days}</v></c>")
            else:
                parts.append(f'<c r="{column}{number}" t="n"><v>{value:.16g}</v></c>')
        parts.append("</row>")
        self.stream.write("".join(parts).encode())

    def close(self):
        if self.stream is None:
            self._open_sheet()  # an empty catalog still gets its header row
        self._close_sheet()
        count = len(self.sheets)
        sheets = "".join(f'<sheet name="{_text(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(self.sheets, 1))
        self.zip.writestr("xl/workbook.xml", f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                          f"<sheets>{sheets}</sheets></workbook>")
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1))
        relations += f'<Relationship Id="rId{count + 1}" Type="{REL}/styles" Target="styles.xml"/>'
        self.zip.writestr("xl/_rels/workbook.xml.rels",
                          f'{HEAD}<Relationships xmlns="{PKG_REL}">{relations}</Relationships>')
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.writestr("_rels/.rels", ROOT_RELS)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            f'ContentType="{CT}.spreadsheetml.worksheet+xml"/>' for i in range(1, count + 1))
        self.zip.writestr("[Content_Types].xml", (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            f'ContentType="{CT}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"))
        self.zip.close()
