"""Test set-up shared by every app: fast hashing, local e-mail, and reference data on demand."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fast_and_local(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # One test client address for the whole run: the API rate limit is tested on its own.
    settings.API_RATE_PER_MINUTE = 0


@pytest.fixture(autouse=True)
def _no_kept_answers():
    """Each test starts without API answers kept by an earlier one (mestring/api/answers.py)."""
    from django.core.cache import caches

    caches["answers"].clear()


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
