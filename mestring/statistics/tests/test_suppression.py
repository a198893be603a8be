"""Suppression against an adversary that subtracts from every published row, column and
total (attacker.py), on hand-made worst cases and on many random small tables."""

import random

import pytest

from mestring.statistics.suppression import grid_lines, list_lines, suppress

from .attacker import recoverable

THRESHOLD = 5


def grid(matrix):
    """Cells of a matrix with its row totals, column totals and grand total added."""
    rows, columns = len(matrix), len(matrix[0])
    values = {(r, c): matrix[r][c] for r in range(rows) for c in range(columns)}
    for r in range(rows):
        values[(r, columns)] = sum(matrix[r])
    for c in range(columns + 1):
        values[(rows, c)] = sum(values[(r, c)] for r in range(rows))
    return values, grid_lines(rows, columns)


def attack(values, lines):
    hidden = suppress(values, lines, THRESHOLD)
    plain = [(line.parts, line.total) for line in lines]
    return hidden, recoverable(values, hidden, plain)


def test_small_counts_are_hidden_and_zeros_are_not():
    values, lines = grid([[0, 3, 12], [7, 9, 20]])
    hidden = suppress(values, lines, THRESHOLD)
    assert hidden[(0, 1)] == "primary"
    assert (0, 0) not in hidden


def test_a_single_hidden_cell_in_a_row_gets_a_partner():
    values, lines = grid([[3, 10, 12], [7, 9, 20]])
    hidden, exposed = attack(values, lines)
    row = [key for key in hidden if key[0] == 0]
    assert len(row) >= 2
    assert exposed == []


@pytest.mark.parametrize(
    "matrix",
    [
        [[1, 1, 30], [20, 30, 40]],  # two ones in a row: 1 + 1 = 2 pins both
        [[4, 4, 30], [20, 30, 40]],  # two fours: 4 + 4 = 8 pins both
        [[1, 5, 30], [20, 30, 40]],  # 1 beside 5: 6 = 1 + 5 only, if 5 were the partner
        [[1, 0, 0], [0, 0, 9]],  # a primary cell among zeros
        [[2, 0], [0, 0]],  # the whole table is one small number
        [[3]],  # one cell: its totals are the same number
        [[1, 2], [3, 4]],  # everything small
        [[6, 1, 9], [8, 12, 2], [3, 15, 40]],  # primaries on a diagonal
        [[0, 2, 0], [0, 0, 0], [7, 0, 0]],
    ],
)
def test_worst_cases_cannot_be_recovered(matrix):
    values, lines = grid(matrix)
    hidden, exposed = attack(values, lines)
    assert all(key in hidden for key, v in values.items() if 0 < v < THRESHOLD)
    assert exposed == []


def test_a_list_with_a_total():
    values = {0: 12, 1: 2, 2: 30, 3: 0, 4: 44}
    lines = list_lines(4)
    hidden, exposed = attack(values, lines)
    assert hidden[1] == "primary"
    assert hidden[0] == "secondary"  # the smallest part above the threshold
    assert exposed == []


def test_random_tables_cannot_be_recovered():
    rng = random.Random(20261125)
    pool = [0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20]
    for _ in range(300):
        rows, columns = rng.randint(1, 3), rng.randint(1, 3)
        matrix = [[rng.choice(pool) for _ in range(columns)] for _ in range(rows)]
        values, lines = grid(matrix)
        hidden, exposed = attack(values, lines)
        assert exposed == [], (matrix, hidden)
