"""Test set-up shared by every app: fast hashing, local e-mail, and reference data on demand."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fast_and_local(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def refdata(django_db_setup, django_db_blocker):
    """Load the real reference data once per test session (municipalities, trusts, …)."""
    with django_db_blocker.unblock():
        call_command("load_refdata", verbosity=0)
