import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from mestring.accounts.models import Membership, Role
from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.models import Offer
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.workspace.offer_forms import is_unconfirmed

pytestmark = pytest.mark.django_db

LONG_AGO = date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _refdata(refdata):
    """Organisations belong to regions from the reference data."""


@pytest.fixture
def lms():
    return make_organisation(name="LMS Ålesund")


@pytest.fixture
def other():
    return make_organisation(name="LMS Bodø")


def member(django_user_model, organisation, role=Role.EDITOR, username="redaktor"):
    user = django_user_model.objects.create_user(username, password="pw")
    Membership.objects.create(user=user, role=role, organisation=organisation)
    return user


@pytest.fixture
def editor(client, django_user_model, lms):
    user = member(django_user_model, lms)
    client.force_login(user)
    return user


def url(offer, action):
    return f"/arbeid/tilbud/{offer.external_id}/{action}/"


def step_url(offer, number):
    return f"/arbeid/tilbud/{offer.external_id}/steg/{number}/"


def article(html: str) -> str:
    return re.search(r'<article class="offer">.*</article>', html, re.DOTALL).group(0)


def assert_error(html: str, field_id: str, message: str, summary_target: str | None = None):
    """The message is shown next to the field and, with a link to it, in the summary."""
    assert f'<p class="field-error" id="{field_id}_error">{message}</p>' in html
    summary = html.split('id="feiloppsummering"')[1].split("</div>")[0]
    assert f'href="#{summary_target or field_id}"' in summary and message in summary


STEP_1 = {
    "title": "Leve med diabetes – Ålesund",
    "description": "Et kurs om **hverdagen** med diabetes.\n\n* mat\n* aktivitet",
    "main_theme": "spesifikk_diagnose",
    "diagnoser": ["diabetes"],
    "fagfelt": ["somatikk"],
}
STEP_2 = {
    "main_target_group": "pasient_og_parorende",
    "andre_malgrupper": ["helsepersonell"],
    "age_group": "voksne",
    "sprak": ["nb", "se"],
    "andre_sprak": "polsk, Arabisk",
    "interpreter": "ja",
    "sami_adapted": "nei",
}
STEP_3 = {
    "level": "lokal",
    "session_count": "4",
    "requires_referral": "ja",
    "referral_note": "Send henvisningen til LMS.",
    "registered_as_activity": "ja",
    "registreringssted": ["pas_epj", "internt"],
}
STEP_4 = {
    "user_representative": "med_organisasjon",
    "user_organisations": "Diabetesforbundet\nMental Helse",
    "users_in_planning": "ja",
    "users_in_delivery": "ja",
    "users_in_evaluation": "nei",
}
STEP_5 = {
    "price": "250,50",
    "price_note": "Gratis med frikort.",
    "cancellation": "Senest 24 timer før.",
    "signup_url": "https://example.no/pamelding",
    "signup_email": "lms@example.no",
    "signup_phone": "70 00 00 00",
    "signup_text": "",
}


def test_an_offer_is_registered_in_five_steps_with_errors_shown_and_corrected(client, editor, lms):
    partner = make_organisation(name="Ålesund kommune", type="kommune")
    page = client.get("/arbeid/tilbud/nytt/").content.decode()
    assert '<nav aria-label="Steg"' in page and 'aria-current="step"' in page
    assert 'name="diagnoser"' in page  # shown without JavaScript whatever the theme

    step_1 = {**STEP_1, "responsible": lms.pk, "co_organisers": [partner.pk]}
    response = client.post("/arbeid/tilbud/nytt/", {**step_1, "title": ""})
    assert response.status_code == 200 and not Offer.objects.exists()
    assert_error(response.content.decode(), "id_title", "Feltet er påkrevet.")
    response = client.post("/arbeid/tilbud/nytt/", step_1)
    offer = Offer.objects.get()
    assert offer.external_id.startswith("leve-med-diabetes-alesund-")
    assert offer.status == "utkast" and offer.last_confirmed == timezone.localdate()
    assert response.status_code == 302 and response.url == step_url(offer, 2)

    response = client.post(step_url(offer, 2), {**STEP_2, "sprak": [], "andre_sprak": ""})
    assert_error(response.content.decode(), "id_sprak", "Velg minst ett språk.", "id_sprak_0")
    response = client.post(step_url(offer, 2), {**STEP_2, "andre_sprak": "polsk, xx"})
    message = (
        "Kjenner ikke igjen språket «xx». Skriv navnet på norsk, for eksempel polsk, "
        "arabisk eller somali."
    )
    assert_error(response.content.decode(), "id_andre_sprak", message)
    assert client.post(step_url(offer, 2), STEP_2).url == step_url(offer, 3)

    response = client.post(step_url(offer, 3), {**STEP_3, "session_count": "0"})
    assert_error(response.content.decode(), "id_session_count", "Antall samlinger må være minst 1.")
    assert client.post(step_url(offer, 3), STEP_3).url == step_url(offer, 4)

    response = client.post(step_url(offer, 4), {**STEP_4, "users_in_delivery": ""})
    page = response.content.decode()
    assert_error(page, "id_users_in_delivery", "Svar ja eller nei.", "id_users_in_delivery_0")
    assert "Standard metode betyr" in page
    assert client.post(step_url(offer, 4), STEP_4).url == step_url(offer, 5)

    response = client.post(step_url(offer, 5), {**STEP_5, "price": "-5"})
    assert_error(response.content.decode(), "id_price", "Prisen kan ikke være negativ.")
    assert client.post(step_url(offer, 5), STEP_5).url == url(offer, "forhandsvis")

    offer.refresh_from_db()
    assert offer.title == "Leve med diabetes – Ålesund" and offer.status == "utkast"
    assert offer.responsible == lms and list(offer.co_organisers.all()) == [partner]
    assert offer.codes_for("diagnoser") == ["diabetes"]
    assert offer.codes_for("sprak") == ["ar", "nb", "pl", "se"]
    assert offer.codes_for("registreringssted") == ["internt", "pas_epj"]
    assert offer.user_organisations == ["Diabetesforbundet", "Mental Helse"]
    assert offer.interpreter is True and offer.sami_adapted is False
    assert offer.users_in_evaluation is False and offer.follows_standard_method is False
    assert offer.price == Decimal("250.50") and offer.session_count == 4


def test_step_pages_show_what_is_stored_and_go_back_without_losing_anything(client, editor, lms):
    offer = make_offer(responsible=lms, status="utkast", price=Decimal("250.50"))
    page = client.get(step_url(offer, 5)).content.decode()
    assert 'value="250,50"' in page and 'aria-current="step"' in page
    page = client.get(step_url(offer, 3)).content.decode()
    assert re.search(r'<input[^>]*value="nei"[^>]*id="id_requires_referral_1"[^>]*checked', page)
    before = Offer.objects.get(pk=offer.pk).updated_at
    response = client.post(step_url(offer, 3), {"handling": "forrige"})
    assert response.status_code == 200  # changed (emptied) fields are not thrown away silently
    assert Offer.objects.get(pk=offer.pk).updated_at == before
    unchanged = {**STEP_3, "requires_referral": "nei", "registreringssted": [], "referral_note": ""}
    response = client.post(step_url(offer, 3), {**unchanged, "handling": "forrige"})
    assert response.url == step_url(offer, 2)
    assert Offer.objects.get(pk=offer.pk).updated_at == before
    changed = {**unchanged, "session_count": "6", "handling": "forrige"}
    assert client.post(step_url(offer, 3), changed).url == step_url(offer, 2)
    assert Offer.objects.get(pk=offer.pk).session_count == 6


def test_save_draft_keeps_a_published_offer_published_and_confirms_it(client, editor, lms):
    offer = make_offer(responsible=lms, last_confirmed=LONG_AGO)
    response = client.post(step_url(offer, 3), {**STEP_3, "handling": "utkast"})
    assert response.url == "/arbeid/tilbud/"
    offer.refresh_from_db()
    assert offer.status == "publisert" and offer.session_count == 4
    assert offer.last_confirmed == timezone.localdate()


def test_diagnoses_are_required_only_for_a_specific_diagnosis(client, editor, lms):
    data = {**STEP_1, "responsible": lms.pk, "diagnoser": []}
    page = client.post("/arbeid/tilbud/nytt/", data).content.decode()
    message = "Velg minst én diagnosegruppe når hovedtematikken er «Spesifikk diagnose»."
    assert_error(page, "id_diagnoser", message, "id_diagnoser_0")
    assert "sjekkes bare da" in page
    response = client.post("/arbeid/tilbud/nytt/", {**data, "main_theme": "tvers_av_diagnoser"})
    assert response.status_code == 302 and Offer.objects.get().main_theme == "tvers_av_diagnoser"


def test_the_description_is_sanitised_and_every_text_escaped(client, editor, lms):
    data = {
        **STEP_1,
        "responsible": lms.pk,
        "title": "<b>Fet</b> tittel",
        "description": "Hei <script>alert(1)</script>[lenke](javascript:alert(2))",
    }
    client.post("/arbeid/tilbud/nytt/", data)
    offer = Offer.objects.get()
    assert "<script>" not in offer.description and "javascript:" not in offer.description
    page = client.get(url(offer, "forhandsvis")).content.decode()
    assert "<script>alert" not in page and "javascript:alert" not in page
    assert "&lt;b&gt;Fet&lt;/b&gt; tittel" in page and "<b>Fet</b>" not in page


def test_the_preview_is_the_public_page(client, editor, lms):
    partner = make_organisation(name="Pasientforeningen")
    offer = make_offer(
        responsible=lms,
        status="utkast",
        description="Et **godt** kurs.",
        codes={"diagnoser": ["diabetes"], "sprak": ["nb", "se"]},
        co_organisers=[partner],
        user_organisations=["Diabetesforbundet"],
    )
    make_run(offer, sessions=3)
    preview = client.get(url(offer, "forhandsvis")).content.decode()
    assert "Forhåndsvisning – ikke publisert" in preview
    assert f'action="{url(offer, "publiser")}"' in preview
    assert f'href="{step_url(offer, 1)}"' in preview
    assert client.get(f"/tilbud/{offer.external_id}/").status_code == 404

    assert client.post(url(offer, "publiser")).status_code == 302
    public = client.get(f"/tilbud/{offer.external_id}/").content.decode()
    assert article(public) == article(preview)
    assert "<strong>godt</strong>" in article(public)


def test_publishing_is_refused_until_every_step_is_complete(client, editor, lms):
    offer = make_offer(responsible=lms, status="utkast", age_group="", price=None)
    preview = client.get(url(offer, "forhandsvis")).content.decode()
    assert "Dette må fylles ut før tilbudet kan publiseres" in preview
    response = client.post(url(offer, "publiser"))
    page = response.content.decode()
    assert response.status_code == 200 and "Tilbudet kan ikke publiseres ennå" in page
    assert "Steg 2 Målgruppe – Aldersgruppe" in page and "Steg 5 Praktisk – Egenandel" in page
    assert f'href="{step_url(offer, 2)}"' in page
    assert Offer.objects.get(pk=offer.pk).status == "utkast"

    step_page = client.get(step_url(offer, 1)).content.decode()
    assert step_page.count("mangler opplysninger") == 2

    Offer.objects.filter(pk=offer.pk).update(
        age_group="voksne", price=Decimal("0"), last_confirmed=LONG_AGO
    )
    response = client.post(url(offer, "publiser"), {"next": url(offer, "forhandsvis")})
    assert response.status_code == 302 and response.url == url(offer, "forhandsvis")
    offer.refresh_from_db()
    assert offer.status == "publisert" and offer.last_confirmed == timezone.localdate()


def test_a_specific_diagnosis_without_diagnoses_cannot_be_published(client, editor, lms):
    offer = make_offer(responsible=lms, status="utkast", main_theme="spesifikk_diagnose")
    page = client.post(url(offer, "publiser")).content.decode()
    assert "Steg 1 Om tilbudet – Diagnosegrupper" in page
    assert Offer.objects.get(pk=offer.pk).status == "utkast"


def test_archiving_takes_a_published_offer_out_of_the_catalogue(client, editor, lms):
    offer = make_offer(responsible=lms, last_confirmed=LONG_AGO)
    assert client.post(url(offer, "arkiver")).url == "/arbeid/tilbud/"
    offer.refresh_from_db()
    assert offer.status == "arkivert" and offer.last_confirmed == timezone.localdate()
    assert client.get(f"/tilbud/{offer.external_id}/").status_code == 410

    draft = make_offer(responsible=lms, status="utkast")
    client.post(url(draft, "arkiver"))
    assert Offer.objects.get(pk=draft.pk).status == "utkast"


def test_only_drafts_can_be_deleted_after_a_confirmation(client, editor, lms):
    draft = make_offer(responsible=lms, status="utkast", title="Gammelt utkast")
    make_run(draft)
    page = client.get(url(draft, "slett")).content.decode()
    assert "Slette «Gammelt utkast»?" in page and "Også 1 gjennomføring blir slettet." in page
    assert Offer.objects.filter(pk=draft.pk).exists()
    assert client.post(url(draft, "slett")).url == "/arbeid/tilbud/"
    assert not Offer.objects.filter(pk=draft.pk).exists()

    for status in ("publisert", "arkivert"):
        offer = make_offer(responsible=lms, status=status)
        assert "Bare utkast kan slettes" in client.get(url(offer, "slett")).content.decode()
        assert client.post(url(offer, "slett")).status_code == 409
        assert Offer.objects.filter(pk=offer.pk).exists()


def test_copying_makes_a_new_draft_with_everything_but_the_runs(client, editor, lms):
    partner = make_organisation(name="Molde kommune", type="kommune")
    offer = make_offer(
        responsible=lms,
        title="Hjertekurs",
        codes={"diagnoser": ["hjerte_kar"], "fagfelt": ["somatikk", "rus"]},
        co_organisers=[partner],
        user_organisations=["LHL"],
        last_confirmed=LONG_AGO,
    )
    make_run(offer)
    response = client.post(url(offer, "kopier"))
    duplicate = Offer.objects.exclude(pk=offer.pk).get()
    assert response.url == step_url(duplicate, 1)
    assert duplicate.title == "Kopi av Hjertekurs" and duplicate.status == "utkast"
    assert duplicate.external_id.startswith("kopi-av-hjertekurs-")
    assert duplicate.last_confirmed == timezone.localdate()
    assert list(duplicate.co_organisers.all()) == [partner]
    for field in ("diagnoser", "fagfelt", "sprak"):
        assert duplicate.codes_for(field) == offer.codes_for(field)
    assert duplicate.user_organisations == ["LHL"] and duplicate.runs.count() == 0
    assert (duplicate.main_target_group, duplicate.price) == (offer.main_target_group, offer.price)
    assert offer.runs.count() == 1


def test_confirming_sets_the_date_to_today(client, editor, lms):
    offer = make_offer(responsible=lms, last_confirmed=LONG_AGO)
    assert client.get(url(offer, "bekreft")).status_code == 405
    assert Offer.objects.get(pk=offer.pk).last_confirmed == LONG_AGO
    response = client.post(url(offer, "bekreft"), {"next": "https://evil.example/"})
    assert response.url == "/arbeid/tilbud/"
    assert Offer.objects.get(pk=offer.pk).last_confirmed == timezone.localdate()


def test_get_never_changes_anything(client, editor, lms):
    offer = make_offer(responsible=lms, last_confirmed=LONG_AGO)
    draft = make_offer(responsible=lms, status="utkast", last_confirmed=LONG_AGO)
    before = {o.pk: (o.status, o.last_confirmed, o.updated_at) for o in Offer.objects.all()}
    for action in ("publiser", "arkiver", "kopier", "bekreft"):
        assert client.get(url(offer, action)).status_code == 405
        assert client.get(url(draft, action)).status_code == 405
    for path in (url(draft, "slett"), url(draft, "forhandsvis"), step_url(draft, 1)):
        assert client.get(path).status_code == 200
    client.get("/arbeid/tilbud/")
    after = {o.pk: (o.status, o.last_confirmed, o.updated_at) for o in Offer.objects.all()}
    assert after == before


def test_the_list_shows_own_and_co_organised_offers_with_the_allowed_actions(
    client, editor, lms, other
):
    own = make_offer(responsible=lms, title="Eget kurs", last_confirmed=LONG_AGO)
    shared = make_offer(responsible=other, title="Delt kurs", co_organisers=[lms])
    make_offer(responsible=other, title="Andres kurs")
    page = client.get("/arbeid/tilbud/").content.decode()
    assert "Eget kurs" in page and "Delt kurs" in page and "Andres kurs" not in page
    assert 'aria-current="page">Tilbud</a>' in page
    assert "Ikke bekreftet på over 18 måneder" in page
    assert f'href="{step_url(own, 1)}"' in page and f'href="{step_url(shared, 1)}"' not in page
    assert f'action="{url(own, "arkiver")}"' in page
    assert f'action="{url(shared, "arkiver")}"' not in page
    assert f'href="{url(shared, "forhandsvis")}"' in page


def test_administrators_see_and_search_every_offer(client, django_user_model, lms, other):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", "pw")
    login_verified(client, admin)
    make_offer(responsible=lms, title="Diabeteskurs")
    make_offer(responsible=other, title="Kols-skole", status="utkast")
    page = client.get("/arbeid/tilbud/").content.decode()
    assert "Diabeteskurs" in page and "Kols-skole" in page
    page = client.get("/arbeid/tilbud/", {"q": "kols"}).content.decode()
    assert "Kols-skole" in page and "Diabeteskurs" not in page


def test_editors_cannot_change_another_organisations_offers(client, editor, lms, other):
    foreign = make_offer(responsible=other, status="utkast")
    shared = make_offer(responsible=other, status="utkast", co_organisers=[lms])
    for offer in (foreign, shared):
        assert client.get(step_url(offer, 1)).status_code == 403
        assert client.post(step_url(offer, 1), {**STEP_1, "responsible": lms.pk}).status_code == 403
        for action in ("publiser", "kopier", "bekreft", "arkiver", "slett"):
            assert client.post(url(offer, action)).status_code == 403
    assert client.get(url(foreign, "forhandsvis")).status_code == 403
    response = client.get(url(shared, "forhandsvis"))
    assert response.status_code == 200
    assert f'action="{url(shared, "publiser")}"' not in response.content.decode()
    assert Offer.objects.filter(status="utkast").count() == 2


def test_editors_can_only_make_their_own_organisation_responsible(client, editor, lms, other):
    page = client.get("/arbeid/tilbud/nytt/").content.decode()
    assert "LMS Ålesund" in page
    response = client.post("/arbeid/tilbud/nytt/", {**STEP_1, "responsible": other.pk})
    assert response.status_code == 200 and not Offer.objects.exists()
    assert 'id="id_responsible_error"' in response.content.decode()


def test_readers_see_but_cannot_edit(client, django_user_model, lms):
    client.force_login(member(django_user_model, lms, Role.READER, "leser"))
    offer = make_offer(responsible=lms, status="utkast")
    assert client.get("/arbeid/tilbud/nytt/").status_code == 403
    assert client.get(step_url(offer, 1)).status_code == 403
    assert client.post(url(offer, "publiser")).status_code == 403
    assert client.get(url(offer, "forhandsvis")).status_code == 200
    assert f'href="{step_url(offer, 1)}"' not in client.get("/arbeid/tilbud/").content.decode()


def test_anonymous_users_are_sent_to_the_login_page(client, lms):
    offer = make_offer(responsible=lms)
    for path in ("/arbeid/tilbud/", "/arbeid/tilbud/nytt/", step_url(offer, 1)):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith("/konto/logg-inn/")
    response = client.post(url(offer, "arkiver"))
    assert response.status_code == 302 and Offer.objects.get(pk=offer.pk).status == "publisert"


def test_unconfirmed_means_never_or_more_than_18_months_ago():
    today = date(2025, 6, 1)
    assert is_unconfirmed(Offer(last_confirmed=None), today)
    assert is_unconfirmed(Offer(last_confirmed=today - timedelta(days=549)), today)
    assert not is_unconfirmed(Offer(last_confirmed=today - timedelta(days=548)), today)
    assert not is_unconfirmed(Offer(last_confirmed=today), today)


def test_the_public_page_says_when_the_offer_was_confirmed(client):
    fresh = make_offer(last_confirmed=date.today() - timedelta(days=30))
    page = client.get(f"/tilbud/{fresh.external_id}/").content.decode()
    assert "Opplysningene ble sist bekreftet av tilbyderen" in page
    assert "Ikke bekreftet på over 18 måneder" not in page
    stale = make_offer(last_confirmed=date.today() - timedelta(days=600))
    page = client.get(f"/tilbud/{stale.external_id}/").content.decode()
    assert "Opplysningene ble sist bekreftet av tilbyderen" in page
    assert '<strong class="flag">Ikke bekreftet på over 18 måneder</strong>' in page


def test_the_admin_lists_unconfirmed_offers(client, django_user_model):
    login_verified(client, django_user_model.objects.create_superuser("a", "a@example.no", "pw"))
    make_offer(title="Ferskt kurs")
    make_offer(title="Gammelt kurs", last_confirmed=date.today() - timedelta(days=600))
    make_offer(title="Aldri bekreftet kurs", last_confirmed=None)
    page = client.get("/admin/catalogue/offer/", {"ubekreftet": "ja"}).content.decode()
    assert "Gammelt kurs" in page and "Aldri bekreftet kurs" in page
    assert "Ferskt kurs" not in page
