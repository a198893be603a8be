from datetime import date, timedelta
from decimal import Decimal

import pytest

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(refdata):
    lms = make_organisation(name="LMS Bodø", external_id="lms-bodo", region_id="helse_nord")
    offer = make_offer(
        external_id="kols-skole",
        title="KOLS-skole",
        responsible=lms,
        main_theme="spesifikk_diagnose",
        codes={"diagnoser": ["lunge"], "sprak": ["nb"]},
        price=Decimal("0"),
    )
    make_run(offer, sessions=2, municipality_id="1804", external_id="kols-h26")
    make_run(offer, start=date.today() - timedelta(days=90), status="gjennomfort")
    return offer


def test_offer_detail_uses_core_dataset_names(client, offer):
    response = client.get("/api/v1/tilbud/kols-skole")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "kols-skole" and body["tittel"] == "KOLS-skole"
    assert body["ansvarlig"] == {"id": "lms-bodo", "navn": "LMS Bodø"}
    assert body["diagnoser"] == ["lunge"]
    assert body["standard_metode"] == {
        "planlegging": True,
        "gjennomforing": True,
        "evaluering": True,
    }
    assert [r["id"] for r in body["kommende_gjennomforinger"]] == ["kols-h26"]
    assert body["kommende_gjennomforinger"][0]["kommune"] == "Bodø"
    assert len(body["kommende_gjennomforinger"][0]["samlinger"]) == 2
    assert body["neste_gjennomforing"]["id"] == "kols-h26"


def test_unknown_and_draft_offers_answer_problem_json(client, refdata):
    draft = make_offer(status="utkast")
    for offer_id in ("finnes-ikke", draft.external_id):
        response = client.get(f"/api/v1/tilbud/{offer_id}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404 and offer_id in response.json()["detail"]


def test_providers_list_and_detail(client, offer):
    listing = client.get("/api/v1/tilbydere", {"type": "lms"}).json()
    assert listing["antall"] == 1 and listing["resultater"][0]["id"] == "lms-bodo"
    detail = client.get("/api/v1/tilbydere/lms-bodo").json()
    assert detail["region"] == "helse_nord" and detail["url"] == "/tilbydere/lms-bodo/"
    assert client.get("/api/v1/tilbydere/nei").status_code == 404


def test_invalid_parameters_answer_400_problem_json(client, refdata):
    response = client.get("/api/v1/tilbydere", {"type": "sykehus"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["feil"][0]["felt"] == "type"


@pytest.mark.parametrize("offers", [2, 6])
def test_search_reads_the_same_queries_however_many_results(
    client, refdata, offers, django_assert_num_queries
):
    lms = make_organisation()
    for number in range(offers):
        offer = make_offer(title=f"Kurs om mestring {number}", responsible=lms)
        make_run(offer, sessions=2)
        make_run(offer, sessions=1)
    from django.core.cache import cache, caches

    client.get("/api/v1/tilbud", {"q": "mestring"})  # the search's vocabulary, once per process
    cache.clear()
    caches["answers"].clear()
    # Pinned: 9 before the result cards chose their run by `rules.next_run` in one query,
    # 8 before the cards were read from the index with the page and its count in one query:
    # now the index state (read once), the page with its count, and the cards.
    with django_assert_num_queries(3):
        response = client.get("/api/v1/tilbud", {"q": "mestring"})
    assert len(response.json()["resultater"]) == offers


def test_search_says_how_the_question_was_read(client, offer):
    body = client.get("/api/v1/tilbud", {"q": "kols gratis"}).json()
    assert [r["id"] for r in body["resultater"]] == ["kols-skole"]
    assert body["delvis_treff"] is False
    assert body["tolkning"] == [
        {"ord": "gratis", "filter": "gratis", "verdi": "ja", "tekst": "Gratis"}
    ]
    assert body["merknader"] == []
    # Read as text, «gratis» is a word no offer has.
    literal = client.get("/api/v1/tilbud", {"q": "gratis", "bokstavelig": "gratis"}).json()
    assert (literal["antall"], literal["tolkning"]) == (0, [])


def test_search_says_when_it_matched_only_part_of_the_question(client, offer):
    body = client.get("/api/v1/tilbud", {"q": "kols sjokoladefabrikk"}).json()
    assert [r["id"] for r in body["resultater"]] == ["kols-skole"]
    assert body["delvis_treff"] is True
    assert body["merknader"] == [
        "Ingen tilbud passer alle ordene. Viser tilbud som passer noen av dem."
    ]
