"""Test set-up shared by every app: fast hashing, local e-mail, reference data on demand, a
fixed day to run on, and the people tests act as."""

from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from mestring.accounts.tests.helpers import make_member

# The moment every test starts at, whatever the calendar says: a Wednesday well inside a
# year, away from the changes to and from summer time, so that "in two weeks" and "for
# four weeks" stay in one year and one offset. The clock ticks on from here, so that
# durations and timeouts still pass. Browser tests keep the real clock (Chromium does).
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _fixed_clock(request):
    if request.node.get_closest_marker("e2e"):
        yield
        return
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def today():
    """The day tests run on (`TODAY`)."""
    return TODAY


@pytest.fixture(autouse=True)
def _fast_and_local(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # One test client address for the whole run: the API rate limit is tested on its own.
    settings.API_RATE_PER_MINUTE = 0


@pytest.fixture(autouse=True)
def _no_kept_answers():
    """Each test starts without API answers kept by an earlier one (operations/answers.py)."""
    from django.core.cache import caches

    caches["answers"].clear()


@pytest.fixture(autouse=True)
def _fresh_reference_data():
    """Municipality names and places kept per process are read anew for every test."""
    from mestring.catalogue import search

    search.forget_reference_data()


@pytest.fixture(scope="session")
def _refdata_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_refdata", verbosity=0)


@pytest.fixture
def refdata(_refdata_once, django_db_blocker):
    """The real reference data (municipalities, trusts, …), loaded once per test database.

    Browser tests run on a live server and flush the database afterwards; later tests then
    load the data again inside their own transaction.
    """
    from mestring.refdata.models import Municipality

    with django_db_blocker.unblock():
        if not Municipality.objects.exists():
            call_command("load_refdata", verbosity=0)


class Personas:
    """The people tests act as, each made on first use: an editor (`redaktor`) of the home
    provider, a reader (`leser`) of it, an editor of another provider, an analyst and an
    administrator."""

    def __init__(self, home):
        self.home = home

    @cached_property
    def coordinator(self):
        return make_member(self.home, "redaktor")

    @cached_property
    def reader(self):
        return make_member(self.home, "leser")

    @cached_property
    def outsider(self):
        from mestring.catalogue.tests.factories import make_organisation

        return make_member(make_organisation(external_id="annen"), "redaktor")

    @cached_property
    def analyst(self):
        return make_member(None, "analytiker")

    @cached_property
    def administrator(self):
        return make_member(None, "administrator")


@pytest.fixture
def home(refdata):
    """The provider the personas work for; a test module may give its own."""
    from mestring.catalogue.tests.factories import make_organisation

    return make_organisation(name="LMS Oslo", external_id="lms-oslo")


@pytest.fixture
def personas(home):
    return Personas(home)


@pytest.fixture
def coordinator(personas):
    return personas.coordinator


@pytest.fixture
def reader(personas):
    return personas.reader


@pytest.fixture
def outsider(personas):
    return personas.outsider
