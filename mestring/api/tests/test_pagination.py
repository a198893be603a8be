from types import SimpleNamespace

from mestring.api.pagination import Page


def test_a_page_slices_and_answers_in_one_shape():
    page = Page.of(SimpleNamespace(side=3, per_side=4))
    assert (page.start, page.stop) == (8, 12)
    rows = list(range(10))[page.start : page.stop]
    assert page.body(10, rows, str) == {
        "antall": 10,
        "side": 3,
        "per_side": 4,
        "resultater": ["8", "9"],
    }


def test_a_page_past_the_end_is_empty_but_keeps_the_count():
    class Rows(list):
        def count(self):  # a queryset's count, on a list
            return len(self)

    page = Page(number=5, size=10)
    assert page.of_queryset(Rows(range(12)), str) == {
        "antall": 12,
        "side": 5,
        "per_side": 10,
        "resultater": [],
    }
