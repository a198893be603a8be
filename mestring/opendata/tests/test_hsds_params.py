"""The HSDS parsing layer and the served description: 400 problem+json for every bad value,
`modified_after` inclusive, `Page.size` the number of items, only what we serve documented."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mestring.catalogue.models import Offer

from .hsds_helpers import load_demo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "name", "allowed"),
    [
        ("modified_after=2024-02-30", "modified_after", "ISO 8601"),
        ("modified_after=2023-02-29T10:00:00", "modified_after", "ISO 8601"),
        ("modified_after=2024-13-01T25:00:00Z", "modified_after", "ISO 8601"),
        ("modified_after=", "modified_after", "ISO 8601"),
        ("page=0", "page", "fra 1 til 100000"),
        ("page=-1", "page", "fra 1 til 100000"),
        ("page=99999999999999999999999999", "page", "fra 1 til 100000"),
        ("per_page=501", "per_page", "fra 1 til 500"),
        ("per_page=", "per_page", "heltall"),
        ("page=1&page=2", "page", "én gang"),
        ("search=a%00b", "search", "NUL"),
        ("format=xml", "format", "json, ndjson"),
        ("taxonomy_term_id=", "taxonomy_term_id", "fylles ut"),
    ],
)
def test_bad_values_are_400_problems_naming_the_parameter(client, query, name, allowed):
    response = client.get(f"/hsds/services?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["feil"]
    assert [e["felt"] for e in errors] == [name]
    assert allowed in errors[0]["melding"]


@pytest.mark.parametrize("path", ["/hsds/locations?page=0", "/hsds/taxonomy_terms?per_page=0"])
def test_every_list_has_the_same_layer(client, path):
    assert client.get(path).status_code == 400


def test_modified_after_is_inclusive(client, refdata):
    load_demo()
    moment = timezone.now().replace(microsecond=0) + timedelta(days=2)
    offer = Offer.objects.filter(status="publisert").first()
    Offer.objects.filter(pk=offer.pk).update(updated_at=moment)
    body = client.get("/hsds/services", {"modified_after": moment.isoformat()}).json()
    assert [s["alternate_name"] for s in body["contents"]] == [offer.external_id]


def test_page_size_is_the_number_of_items_on_the_page(client, refdata):
    load_demo()
    total = client.get("/hsds/services").json()["total_items"]
    last = client.get("/hsds/services", {"per_page": 7, "page": -(-total // 7)}).json()
    assert last["size"] == len(last["contents"]) == total - 7 * (last["page_number"] - 1)
    beyond = client.get("/hsds/services", {"per_page": 7, "page": 1000}).json()
    assert beyond["size"] == 0 and beyond["empty"]


def test_served_description_is_local_filled_in_and_get_only(client):
    spec = client.get("/hsds/openapi.json").json()
    text = str(spec)
    assert "githubusercontent" not in text and "HERE" not in text and "REQUIRED" not in text
    assert spec["info"]["license"]["url"] == "https://data.norge.no/nlod/no/2.0"
    assert spec["info"]["contact"]["url"].endswith("/apne-data/")
    for path, item in spec["paths"].items():
        assert set(item) <= {"get", "parameters", "summary"}, path
    refs = {r for r in _refs(spec) if r.startswith("#/components/schemas/")}
    assert refs <= {"#/components/schemas/" + n for n in spec["components"]["schemas"]}
    assert all(r.startswith("#/") for r in _refs(spec))
    # The profile is applied: a service must carry our offer id.
    assert "alternate_name" in spec["components"]["schemas"]["service"]["required"]
    assert "/locations" in spec["paths"]


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_post_is_not_served(client):
    assert client.post("/hsds/services").status_code in (403, 405)


def test_locations_are_one_per_real_place(client, refdata):
    from mestring.catalogue.models import Run
    from mestring.opendata.hsds import mapping

    load_demo()
    runs = list(
        Run.objects.filter(offer__status="publisert").select_related(
            "offer__responsible", "municipality"
        )
    )
    places = {mapping.place_key(r) for r in runs}
    assert len(places) < len(runs), "the demo data holds runs at the same place"
    body = client.get("/hsds/locations", {"per_page": 500}).json()
    found = [x["id"] for x in body["contents"]]
    assert len(found) == len(set(found)) == len(places) == body["total_items"]
    one = body["contents"][0]
    assert client.get(f"/hsds/locations/{one['id']}").json() == one
    sals = client.get("/hsds/service_at_locations", {"per_page": 500}).json()["contents"]
    assert {s["location_id"] for s in sals} == set(found)


def test_cancelled_runs_are_marked_with_a_coded_attribute(client, refdata):
    from mestring.catalogue.models import Run
    from mestring.opendata.hsds.ids import hsds_id
    from mestring.opendata.hsds.taxonomies import term_id

    load_demo()
    run = Run.objects.filter(offer__status="publisert").first()
    Run.objects.filter(pk=run.pk).update(status="avlyst")
    sal = client.get(
        f"/hsds/service_at_locations/{hsds_id('service_at_location', run.external_id)}"
    )
    attributes = sal.json()["attributes"]
    assert [(a["taxonomy_term_id"], a["value"]) for a in attributes] == [
        (term_id("gjennomforingsstatus", "avlyst"), "avlyst")
    ]
    terms = client.get("/hsds/taxonomy_terms", {"per_page": 500}).json()["contents"]
    assert term_id("gjennomforingsstatus", "avlyst") in {t["id"] for t in terms}
    cancelled = client.get(
        "/hsds/services", {"taxonomy_term_id": term_id("gjennomforingsstatus", "avlyst")}
    ).json()
    with_cancelled = Run.objects.filter(status="avlyst", offer__status="publisert")
    expected = set(with_cancelled.values_list("offer__external_id", flat=True))
    assert {s["alternate_name"] for s in cancelled["contents"]} == expected
    assert run.offer.external_id in expected


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+13:00", "9999-12-31T23:59:59-13:00"])
def test_modified_after_at_the_ends_of_the_calendar(client, value):
    response = client.get("/hsds/services", {"modified_after": value})
    assert response.status_code == 200
