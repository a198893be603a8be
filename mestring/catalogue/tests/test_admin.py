import pytest
from django.contrib import admin
from django.urls import reverse

from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.models import Offer, OfferCode, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(django_user_model, client, refdata):
    user = django_user_model.objects.create_superuser("admin", "admin@example.no", "pw")
    login_verified(client, user)
    return user


@pytest.fixture
def lms(refdata):
    return Organisation.objects.create(
        external_id="lms-test", name="LMS Test", type="lms", region_id="helse_nord"
    )


def test_every_model_has_a_norwegian_changelist_with_search(client, administrator, lms):
    for model in admin.site._registry:
        if model._meta.app_label not in {"refdata", "catalogue", "activity"}:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, {"q": "test"})
        assert response.status_code == 200, url
        assert "Søk" in response.content.decode() or "Filter" in response.content.decode()


def test_admin_index_is_norwegian(client, administrator):
    page = client.get("/admin/").content.decode()
    assert "Tilbudskatalog" in page and "Referansedata" in page and "Kommuner" in page


def test_admin_refuses_a_bad_organisation_number(client, administrator):
    response = client.post(
        reverse("admin:catalogue_organisation_add"),
        {
            "external_id": "x1",
            "name": "Frisklivssentralen",
            "type": "frisklivssentral",
            "orgnr": "983974881",
        },
    )
    assert response.status_code == 200
    assert "feil kontrollsiffer" in response.content.decode()
    assert not Organisation.objects.filter(external_id="x1").exists()


def test_admin_saves_offer_codes_and_requires_diagnoses(client, administrator, lms):
    data = {
        "external_id": "t1",
        "title": "Diabeteskurs",
        "responsible": lms.pk,
        "main_theme": "spesifikk_diagnose",
        "status": "utkast",
        "user_organisations": "[]",
        "description": "Kurs <script>alert(1)</script>",
        "fagfelt": ["somatikk"],
        "runs-TOTAL_FORMS": "0",
        "runs-INITIAL_FORMS": "0",
    }
    url = reverse("admin:catalogue_offer_add")
    response = client.post(url, data)
    assert "Velg minst én diagnosegruppe" in response.content.decode()
    assert not Offer.objects.exists()
    response = client.post(url, {**data, "diagnoser": ["diabetes"], "sprak": ["nb", "se"]})
    assert response.status_code == 302
    offer = Offer.objects.get(external_id="t1")
    assert offer.codes_for("sprak") == ["nb", "se"]
    assert OfferCode.objects.filter(offer=offer).count() == 4
    assert "<script" not in offer.description


def test_admin_actions_go_through_the_lifecycle(client, administrator, lms):
    from .factories import make_offer

    ready = make_offer(responsible=lms, status="utkast")
    unready = make_offer(responsible=lms, status="utkast", main_theme="spesifikk_diagnose")
    url = reverse("admin:catalogue_offer_changelist")
    chosen = {"action": "publish", "_selected_action": [ready.pk, unready.pk]}
    page = client.post(url, chosen, follow=True).content.decode()
    assert Offer.objects.get(pk=ready.pk).status == "publisert"
    assert Offer.objects.get(pk=unready.pk).status == "utkast"
    assert "Publiserte 1 tilbud." in page and "diagnoser:" in page
    client.post(url, {"action": "archive", "_selected_action": [ready.pk, unready.pk]})
    assert Offer.objects.get(pk=ready.pk).status == "arkivert"
    assert Offer.objects.get(pk=unready.pk).status == "utkast"
    client.post(url, {"action": "copy", "_selected_action": [ready.pk]})
    assert Offer.objects.filter(title=f"Kopi av {ready.title}", status="utkast").count() == 1
