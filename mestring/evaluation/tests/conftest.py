import pytest

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

from .factories import make_evaluation, member


@pytest.fixture
def lms(refdata):
    return make_organisation(name="LMS Oslo", external_id="lms-oslo")


@pytest.fixture
def offer(lms):
    return make_offer(external_id="kols", title="KOLS-skole", responsible=lms)


@pytest.fixture
def run(offer):
    return make_run(offer, external_id="kols-host", sessions=4)


@pytest.fixture
def evaluation(run, coordinator):
    return make_evaluation(run, opened_by=coordinator)


@pytest.fixture
def coordinator(django_user_model, lms):
    return member(django_user_model, lms, "redaktor")


@pytest.fixture
def reader(django_user_model, lms):
    return member(django_user_model, lms, "leser")


@pytest.fixture
def outsider(django_user_model, refdata):
    return member(django_user_model, make_organisation(external_id="annen"), "redaktor")
