"""/api/v1/avtaler on hand-made agreements."""

from datetime import date

import pytest

from mestring.activity.models import Attendance
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.collaboration.models import Confirmation, TiedOffer
from mestring.refdata.models import HealthTrust

from .factories import make_agreement, make_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(refdata):
    trust = HealthTrust.objects.get(orgnr="983971709")
    item = make_agreement(
        trust,
        municipalities=["3403", "3405"],
        sub_agreements=["delavtale_2"],
        title="Hamar-avtalen",
    )
    make_agreement(trust, municipalities=["3411"])
    hamar = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    published = make_offer(title="Publisert", responsible=hamar, external_id="t-pub")
    draft = make_offer(title="Utkast", responsible=hamar, external_id="t-utk", status="utkast")
    TiedOffer.objects.create(agreement=item, offer=published, sub_agreement="delavtale_2")
    TiedOffer.objects.create(agreement=item, offer=draft)
    run = make_run(published, start=date(2024, 3, 1), sessions=2, status="gjennomfort")
    Attendance.objects.create(run=run, patients=3)
    Confirmation.objects.create(agreement=item, municipality_id="3403", revision=item.signed)
    make_assessment(item, assessed_on=date(2024, 1, 1))
    return item


def test_the_list_filters_by_municipality(client, agreement):
    body = client.get("/api/v1/avtaler", {"kommune": "3405"}).json()
    assert body["antall"] == 1
    result = body["resultater"][0]
    assert result["id"] == agreement.external_id
    assert result["tittel"] == "Hamar-avtalen"
    assert [(p["id"], p["bekreftet"]) for p in result["parter"]] == [
        ("983971709", False),
        ("3403", True),
        ("3405", False),
    ]
    assert result["tilbud"] == [{"id": "t-pub", "delavtale": "delavtale_2"}]  # no draft
    assert result["vurderinger"][0]["sum"] == 8
    assert client.get("/api/v1/avtaler", {"helseforetak": "983971709"}).json()["antall"] == 2


def test_one_agreement_with_suppressed_activity(client, agreement):
    body = client.get(f"/api/v1/avtaler/{agreement.external_id}").json()
    assert body["aktivitet"] == [
        {
            "aar": "2024",
            "gjennomforinger": 1,
            "samlinger": 2,
            "deltakere": "<5",
            "parter": ["Hamar"],
        },
        {
            "aar": "i_alt",
            "gjennomforinger": 1,
            "samlinger": 2,
            "deltakere": "<5",
            "parter": ["Hamar"],
        },
    ]
    response = client.get("/api/v1/avtaler/finnes-ikke")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_openapi_document_describes_the_agreements(client, refdata):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/avtaler" in paths and "/api/v1/avtaler/{agreement_id}" in paths
