"""Providers enter what the public offer page shows: contact person, what to bring,
patient travel, and how to join a digital run."""

import pytest

from mestring.catalogue.models import Run
from mestring.catalogue.tests.factories import make_offer, make_organisation

from .test_offers import STEP_5, member, step_url
from .test_runs import run_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(refdata):
    return make_offer(external_id="kols", responsible=make_organisation(name="LMS Molde"))


@pytest.fixture
def editor(client, django_user_model, offer):
    user = member(django_user_model, offer.responsible)
    client.force_login(user)
    return user


PRACTICAL = {
    **STEP_5,
    "what_to_bring": "Treningstøy og matpakke",
    "patient_travel": "ja",
    "contact_name": "Kari Kursholder",
    "contact_role": "Kurskoordinator",
    "contact_phone": "71 12 00 00",
    "contact_email": "kurs@example.no",
}


def test_the_practical_step_has_the_new_fields_in_norwegian(client, editor, offer):
    page = client.get(step_url(offer, 5)).content.decode()
    for label in (
        "Ta med",
        "Kan reisen dekkes av Pasientreiser?",
        "Kontaktperson",
        "Kontaktpersonens rolle",
        "Telefon til kontaktperson",
        "E-post til kontaktperson",
    ):
        assert label in page, label
    assert 'id="id_contact_phone_helptext"' in page


def test_the_practical_step_saves_contact_and_travel(client, editor, offer):
    response = client.post(step_url(offer, 5), {**PRACTICAL, "handling": "utkast"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.what_to_bring == "Treningstøy og matpakke"
    assert offer.patient_travel is True
    assert (offer.contact_name, offer.contact_role) == ("Kari Kursholder", "Kurskoordinator")
    assert (offer.contact_phone, offer.contact_email) == ("71 12 00 00", "kurs@example.no")


def test_patient_travel_may_be_left_unanswered(client, editor, offer):
    client.post(step_url(offer, 5), {**PRACTICAL, "patient_travel": "", "handling": "utkast"})
    offer.refresh_from_db()
    assert offer.patient_travel is None


def test_a_bad_contact_email_is_named(client, editor, offer):
    response = client.post(step_url(offer, 5), {**PRACTICAL, "contact_email": "kurs@"})
    assert response.status_code == 200
    assert 'id="id_contact_email_error"' in response.content.decode()


def test_no_national_identity_number_in_what_to_bring(client, editor, offer):
    data = {**PRACTICAL, "what_to_bring": "Kari 01010750160 tar med kaffe"}
    response = client.post(step_url(offer, 5), data)
    assert response.status_code == 200
    assert 'id="id_what_to_bring_error"' in response.content.decode()


def test_a_digital_run_says_how_to_join(client, editor, offer):
    data = run_form_data(
        format="digitalt_direkte",
        municipality="",
        address="",
        join_instructions="Du får lenke til videomøtet på e-post dagen før.",
    )
    page = client.get("/arbeid/tilbud/kols/gjennomforinger/ny/").content.decode()
    assert "Slik deltar du digitalt" in page
    assert client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", data).status_code == 302
    run = Run.objects.get(offer=offer)
    assert run.join_instructions == "Du får lenke til videomøtet på e-post dagen før."
