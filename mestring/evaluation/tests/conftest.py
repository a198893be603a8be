import pytest

from mestring.catalogue.tests.factories import make_offer, make_run

from .factories import make_evaluation


@pytest.fixture
def lms(home):
    return home


@pytest.fixture
def offer(lms):
    return make_offer(external_id="kols", title="KOLS-skole", responsible=lms)


@pytest.fixture
def run(offer):
    return make_run(offer, external_id="kols-host", sessions=4)


@pytest.fixture
def evaluation(run, coordinator):
    return make_evaluation(run, opened_by=coordinator)
