import pytest

from mestring.statistics.tables import count_table, share


@pytest.mark.parametrize(
    ("count", "n", "expected"),
    [
        (1, 8, 13),  # 12.5 rounds up, not to even
        (1, 40, 3),  # 2.5 → 3
        (3, 8, 38),  # 37.5 → 38
        (81, 189, 43),
        (15, 189, 8),
        (4, 189, 2),
        (0, 10, 0),
        (10, 10, 100),
    ],
)
def test_share_rounds_half_up(count, n, expected):
    assert share(count, n) == expected


def test_share_of_nothing_is_none():
    assert share(0, 0) is None


def test_count_table_keeps_every_code_in_order():
    table = count_table(
        "t", "T", {"b": 3, "c": 1}, [("a", "A"), ("b", "B"), ("c", "C")], "gjennomføringer"
    )
    assert [r.code for r in table.rows] == ["a", "b", "c"]
    assert [r.count for r in table.rows] == [0, 3, 1]
    assert table.n == 4
    assert [r.share for r in table.rows] == [0, 75, 25]
