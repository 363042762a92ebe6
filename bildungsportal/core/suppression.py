"""Small-cell suppression: no shown number lets anyone single out fewer than k respondents.

The rule (documented for users in docs/survey-results.md):

1. **Primary**: every count below k (``survey.min_cell_size``) is suppressed, including 0:
   a shown 0 would say "nobody in this group", which is as telling as a 1.
2. **Secondary (complements)**: a table is seen as lines — each row with its row total, each
   column with its column total, and the row of column totals with the grand total. A line in
   which exactly one entry is suppressed would give it away by subtraction, so one more entry
   of that line is suppressed: the smallest shown cell, else the line's total. This repeats
   until no line has exactly one suppressed entry. One-way tables (frequencies) are one line.
3. **Whole tables**: a table whose base (respondents who answered) is below k shows nothing but
   "weniger als k Antworten".

Suppressed entries are ``None`` in the data handed to templates, charts, the API and exports,
so the hidden number never leaves this module; they display as "< k".
"""

from dataclasses import dataclass, field


def primary(counts, k):
    """The positions of ``counts`` that are below k."""
    return {index for index, count in enumerate(counts) if count < k}


def suppress_grid(cells, row_totals, col_totals, grand_total, k, *, pre_rows=(), pre_cols=()):
    """Primary and secondary suppression of a two-way table with margins.

    ``cells`` is a list of rows (lists of ints). ``pre_rows``/``pre_cols`` are indexes of row or
    column totals that are already suppressed elsewhere (a margin shown on another page must be
    hidden here too). Returns a set of suppressed positions: (i, j) for cells, (i, None) for row
    totals, (None, j) for column totals and (None, None) for the grand total.
    """
    n_rows = len(cells)
    n_cols = len(col_totals)
    value = {}
    for i, row in enumerate(cells):
        for j, count in enumerate(row):
            value[(i, j)] = count
        value[(i, None)] = row_totals[i]
    for j, count in enumerate(col_totals):
        value[(None, j)] = count
    value[(None, None)] = grand_total
    hidden = {position for position, count in value.items() if count < k}
    hidden |= {(i, None) for i in pre_rows} | {(None, j) for j in pre_cols}

    lines = [[(i, j) for j in [*range(n_cols), None]] for i in [*range(n_rows), None]]
    lines += [[(i, j) for i in [*range(n_rows), None]] for j in range(n_cols)]
    lines.append([(i, None) for i in [*range(n_rows), None]])
    changed = True
    while changed:
        changed = False
        for line in lines:
            suppressed = [position for position in line if position in hidden]
            if len(suppressed) != 1:
                continue
            shown = [position for position in line if position not in hidden]
            if not shown:
                continue
            # The smallest inner cell first (it loses the least information), totals last.
            inner = [position for position in shown if None not in position]
            pool = inner or shown
            hidden.add(min(pool, key=lambda position: (value[position], str(position))))
            changed = True
    return hidden


def suppress_line(counts, total, k, *, total_hidden=False):
    """One-way table: (shown counts with None for suppressed ones, shown total or None)."""
    hidden = primary(counts, k)
    total_off = total_hidden or total < k
    if len(hidden) + total_off == 1:
        shown = [j for j in range(len(counts)) if j not in hidden]
        if shown:  # the smallest cell: it loses the least information
            hidden.add(min(shown, key=lambda j: (counts[j], j)))
        else:
            total_off = True
    return [None if j in hidden else count for j, count in enumerate(counts)], (
        None if total_off else total
    )


@dataclass
class Cell:
    """One entry of a result table as shown: ``count`` and ``percent`` are None when hidden."""

    label: str
    count: int | None
    percent: float | None = None
    code: str = ""

    @property
    def suppressed(self):
        return self.count is None


@dataclass
class Table:
    """A one-way frequency table after suppression."""

    title: str
    cells: list = field(default_factory=list)
    base: int | None = None  # respondents who answered (None: suppressed)
    k: int = 5
    hidden: bool = False  # the whole table: fewer than k answers
    note: str = ""
    percent_of: str = "respondents"

    @property
    def any_suppressed(self):
        return any(cell.suppressed for cell in self.cells)


def frequency_table(title, items, base, k, *, base_hidden=False, note=""):
    """A Table from ``items`` [(code, label, count)] and the base n, suppressed.

    Percentages are of the base (respondents who answered); a suppressed count has none.
    """
    if base < k:
        return Table(title=title, base=None, k=k, hidden=True, note=note)
    counts = [count for _, _, count in items]
    shown, shown_base = suppress_line(counts, base, k, total_hidden=base_hidden)
    cells = []
    for (code, label, _), count in zip(items, shown, strict=True):
        percent = None
        if count is not None and shown_base:
            percent = round(100 * count / shown_base, 1)
        cells.append(Cell(label=label, count=count, percent=percent, code=code))
    return Table(title=title, cells=cells, base=shown_base, k=k, note=note)


def recode_rare(values, k, keep=None):
    """Band values held by fewer than k respondents, plus complements: the set to recode.

    ``values`` maps each value to its number of respondents. When exactly one value would be
    recoded, the next smallest is recoded too, so "zusammengefasst" never stands for a single
    known value. ``keep`` values (missing answers) are never recoded.
    """
    keep = set(keep or ())
    counts = {value: count for value, count in values.items() if value not in keep}
    rare = {value for value, count in counts.items() if count < k}
    if len(rare) == 1 and len(counts) > 1:
        rest = sorted((count, str(value), value) for value, count in counts.items()
                      if value not in rare)
        rare.add(rest[0][2])
    return rare
