"""Shared set-up for sign-up tests: a published offer with a run that takes sign-ups."""

from datetime import timedelta

from django.utils import timezone

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.signup.models import Mode, RunSignup

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def signup_run(capacity=10, **run_values):
    lms = make_organisation(name="LMS Hamar")
    offer = make_offer(title="Leve med diabetes", responsible=lms, what_to_bring="Matpakke")
    start = run_values.pop("start", timezone.localdate() + timedelta(days=14))
    run = make_run(offer, start=start, sessions=3, address="Skolegata 32", **run_values)
    RunSignup.objects.create(run=run, mode=Mode.INTERNAL, capacity=capacity)
    return run


def form_data(**overrides) -> dict:
    data = {
        "name": "Ola Nordmann",
        "email": "ola@example.no",
        "phone": "",
        "relation": "pasient",
        "note": "",
        "website": "",
    }
    return {**data, **overrides}


def form_url(run) -> str:
    return f"/tilbud/{run.offer.external_id}/pamelding/{run.external_id}/"
