"""Small-cell suppression rule: primary cells below k, and complements in every line."""

import random

import pytest

from bildungsportal.core.suppression import (
    frequency_table,
    recode_rare,
    suppress_grid,
    suppress_line,
)


def test_line_hides_small_cell_and_the_smallest_complement():
    shown, total = suppress_line([10, 3, 20], 33, 5)
    assert shown == [None, None, 20]  # 3 is primary, 10 the complement
    assert total == 33


def test_line_hides_zero_too():
    shown, total = suppress_line([12, 0, 9], 21, 5)
    assert shown[1] is None and shown.count(None) == 2


def test_single_cell_line_hides_the_total():
    shown, total = suppress_line([3], 40, 5)
    assert shown == [None] and total is None


def test_line_with_two_small_cells_needs_no_complement():
    shown, total = suppress_line([2, 3, 40], 45, 5)
    assert shown == [None, None, 40] and total == 45


def test_line_with_total_hidden_elsewhere_hides_a_cell():
    shown, total = suppress_line([20, 30], 50, 5, total_hidden=True)
    assert total is None and shown.count(None) == 1


def test_frequency_table_hides_everything_below_k():
    table = frequency_table("F", [("1", "Ja", 2), ("2", "Nein", 2)], 4, 5)
    assert table.hidden and table.cells == [] and table.base is None


def test_frequency_table_percentages_only_for_shown_cells():
    table = frequency_table("F", [("1", "Ja", 30), ("2", "Nein", 2), ("3", "?", 8)], 40, 5)
    assert [cell.count for cell in table.cells] == [30, None, None]
    assert [cell.percent for cell in table.cells] == [75.0, None, None]


def _lines(n_rows, n_cols):
    lines = [[(i, j) for j in [*range(n_cols), None]] for i in [*range(n_rows), None]]
    lines += [[(i, j) for i in [*range(n_rows), None]] for j in range(n_cols)]
    lines.append([(i, None) for i in [*range(n_rows), None]])
    return lines


@pytest.mark.parametrize("seed", range(40))
def test_grid_no_line_has_exactly_one_hidden_entry(seed):
    rng = random.Random(seed)
    n_rows, n_cols, k = rng.randint(1, 5), rng.randint(1, 5), rng.choice([3, 5, 10])
    cells = [[rng.choice([0, 1, 2, 4, 6, 9, 15, 40]) for _ in range(n_cols)]
             for _ in range(n_rows)]
    row_totals = [sum(row) for row in cells]
    col_totals = [sum(row[j] for row in cells) for j in range(n_cols)]
    hidden = suppress_grid(cells, row_totals, col_totals, sum(row_totals), k)
    for i, row in enumerate(cells):
        for j, count in enumerate(row):
            if count < k:
                assert (i, j) in hidden
    for line in _lines(n_rows, n_cols):
        assert sum(position in hidden for position in line) != 1, (cells, line)


def test_grid_respects_margins_hidden_elsewhere():
    cells = [[10, 10], [10, 10]]
    hidden = suppress_grid(cells, [20, 20], [20, 20], 40, 5, pre_rows=[0])
    assert (0, None) in hidden
    assert sum(1 for j in range(2) if (0, j) in hidden) >= 1


def test_recode_rare_adds_a_complement():
    assert recode_rare({"a": 2, "b": 7, "c": 30}, 5) == {"a", "b"}
    assert recode_rare({"a": 2, "b": 3, "c": 30}, 5) == {"a", "b"}
    assert recode_rare({"a": 20, "b": 30, None: 1}, 5, keep={None}) == set()
