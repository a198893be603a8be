"""The shared fixtures do what conftest.py says: a fixed day, and one set of personas."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from mestring.accounts.models import Membership
from mestring.catalogue.tests.factories import make_offer, make_run


def test_tests_run_on_the_fixed_day_whatever_the_calendar_says(today):
    assert today == date(2026, 11, 4)
    assert timezone.localdate() == today
    assert date.today() == today


@pytest.mark.django_db
def test_the_factories_count_from_the_fixed_day(refdata, today):
    run = make_run(make_offer())
    assert run.start == today + timedelta(days=14)
    assert run.offer.last_confirmed == today


@pytest.mark.django_db
def test_the_personas_have_one_role_each(personas, home):
    roles = {
        name: list(
            Membership.objects.filter(user=getattr(personas, name)).values_list(
                "role", "organisation__external_id"
            )
        )
        for name in ("coordinator", "reader", "outsider", "analyst", "administrator")
    }
    assert roles == {
        "coordinator": [("redaktor", home.external_id)],
        "reader": [("leser", home.external_id)],
        "outsider": [("redaktor", "annen")],
        "analyst": [("analytiker", None)],
        "administrator": [("administrator", None)],
    }
    assert personas.coordinator is personas.coordinator
    assert personas.coordinator.check_password("pw")
