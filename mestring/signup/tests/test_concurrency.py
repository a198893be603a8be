"""Capacity is never exceeded when many sign up at the same moment (PostgreSQL)."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from mestring.signup.models import SignUp

from .helpers import IMMEDIATE, form_data, form_url, signup_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL (SQLite has one writer)",
    ),
]
PEOPLE, SEATS = 50, 10


def test_fifty_parallel_sign_ups_for_ten_seats(refdata, settings):
    settings.TASKS = IMMEDIATE
    settings.SIGNUP_RATE_LIMIT = 1000
    cache.clear()
    run = signup_run(capacity=SEATS)
    url = form_url(run)
    start = threading.Barrier(PEOPLE)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def sign_up(number: int) -> None:
        try:
            client = Client()
            start.wait()
            response = client.post(
                url, form_data(name=f"Person {number}", email=f"p{number}@example.no")
            )
            statuses.append(response.status_code)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and statuses == [200] * PEOPLE
    by_status = {
        s: SignUp.objects.filter(run=run, status=s).count() for s in ("bekreftet", "venteliste")
    }
    assert by_status == {"bekreftet": SEATS, "venteliste": PEOPLE - SEATS}
    # The first ten to get the lock have the seats; the waiting list keeps arrival order.
    confirmed = SignUp.objects.filter(run=run, status="bekreftet").order_by("created_at")
    waiting = SignUp.objects.filter(run=run, status="venteliste").order_by("created_at")
    assert confirmed.last().created_at <= waiting.first().created_at
