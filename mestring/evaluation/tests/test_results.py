import pytest

from mestring.catalogue.tests.factories import make_run
from mestring.evaluation import results
from mestring.evaluation.results import MIN_ANSWERS, for_offer, for_run

from .factories import answer, make_evaluation

pytestmark = pytest.mark.django_db


def test_threshold_is_five():
    assert MIN_ANSWERS == 5


def test_four_answers_show_nothing_but_the_count(evaluation, run):
    answer(evaluation, 4, free_text="Veldig bra kurs")
    summary = for_run(run)
    assert (summary.count, summary.enough, summary.missing) == (4, False, 1)
    assert summary.questions == [] and summary.free_texts == []


def test_five_answers_show_means_distribution_and_screened_text(evaluation, run):
    answer(evaluation, 3, useful=5)
    answer(evaluation, 1, useful=2, free_text="Takk til Kari Nordmann!")
    answer(evaluation, 1, useful=1, free_text="  ")
    summary = for_run(run)
    assert summary.enough and summary.count == 5 and summary.missing == 0
    useful = summary.questions[0]
    assert useful.key == "useful" and useful.text == "Hvor nyttig var kurset for deg?"
    assert useful.mean == 3.6
    assert useful.distribution == [(1, 1, 20), (2, 1, 20), (3, 0, 0), (4, 0, 0), (5, 3, 60)]
    assert summary.free_texts == ["Takk til [skjult]!"]


def test_offer_summary_adds_up_its_runs(evaluation, run, offer):
    answer(evaluation, 3)
    other = make_evaluation(make_run(offer))
    answer(other, 2, coping=5)
    assert not for_run(run).enough
    summary = for_offer(offer)
    assert summary.count == 5 and summary.enough
    coping = next(q for q in summary.questions if q.key == "coping")
    assert coping.mean == pytest.approx(3.8)


def test_summarise_empty():
    assert results.summarise([]).missing == MIN_ANSWERS
