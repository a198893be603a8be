"""The HSDS API: meta information, Page objects, NDJSON, filters, synchronisation."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from mestring.catalogue.models import Offer
from mestring.opendata.hsds.ids import hsds_id
from mestring.opendata.hsds.pages import page
from mestring.opendata.hsds.taxonomies import term_id

from .hsds_helpers import load_demo

PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def demo(refdata, db):
    load_demo()


def _names(response) -> set[str]:
    return {s["name"] for s in response.json()["contents"]}


def test_page_object():
    assert page([1, 2, 3], 2, 2) == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
        "contents": [3],
    }
    assert page([], 1, 10)["empty"] and page([], 1, 10)["total_pages"] == 1


def test_root_declares_version_profile_and_openapi(client, db):
    body = client.get("/hsds/").json()
    assert body["version"] == "3.1"
    assert body["profile"].endswith("/hsds/profile/")
    assert body["openapi_url"].endswith("/hsds/openapi.json")
    spec = client.get("/hsds/openapi.json").json()
    assert spec["info"]["version"] == "1.1.0" and "/services" in spec["paths"]


def test_profile_is_published(client, db):
    body = client.get("/hsds/profile/").json()
    assert "service.json" in body["patches"]
    patch = client.get("/hsds/profile/service.json").json()
    assert "organization_id" in patch["required"]
    assert client.get("/hsds/profile/README.md").status_code == 404


def test_services_pages_and_detail(client, demo):
    published = Offer.objects.filter(status="publisert").count()
    first = client.get("/hsds/services", {"per_page": 10}).json()
    assert set(first) == PAGE_FIELDS
    assert (first["total_items"], first["size"], first["page_number"]) == (published, 10, 1)
    assert first["first_page"] and not first["last_page"] and len(first["contents"]) == 10
    last = client.get("/hsds/services", {"per_page": 10, "page": first["total_pages"]}).json()
    assert last["last_page"] and not last["first_page"]
    one = first["contents"][0]
    assert client.get(f"/hsds/services/{one['id']}").json() == one
    assert client.get(f"/hsds/services/{hsds_id('service', 'nope')}").status_code == 404


def test_only_published_offers(client, demo):
    draft = Offer.objects.exclude(status="publisert").first()
    assert draft is not None
    assert client.get(f"/hsds/services/{hsds_id('service', draft.external_id)}").status_code == 404
    assert draft.title not in _names(client.get("/hsds/services", {"per_page": 500}))


def test_ndjson_streams_everything(client, demo):
    response = client.get("/hsds/services", {"format": "ndjson", "per_page": 2})
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) == Offer.objects.filter(status="publisert").count()
    assert all(i["status"] == "active" for i in items)


def test_modified_after(client, demo):
    later = timezone.now() + timedelta(days=1)
    assert (
        client.get("/hsds/services", {"modified_after": later.isoformat()}).json()["total_items"]
        == 0
    )
    offer = Offer.objects.filter(status="publisert").first()
    Offer.objects.filter(pk=offer.pk).update(updated_at=later + timedelta(hours=1))
    body = client.get("/hsds/services", {"modified_after": later.isoformat()}).json()
    assert [s["alternate_name"] for s in body["contents"]] == [offer.external_id]
    assert client.get("/hsds/services", {"modified_after": "yesterday"}).status_code == 400


def test_filters_are_cumulative(client, demo):
    theme = Offer.objects.filter(status="publisert").values_list("main_theme", flat=True).first()
    by_term = _names(
        client.get(
            "/hsds/services", {"taxonomy_term_id": term_id("tematikk", theme), "per_page": 500}
        )
    )
    assert by_term == set(
        Offer.objects.filter(status="publisert", main_theme=theme).values_list("title", flat=True)
    )
    word = sorted(by_term)[0].split()[0]
    by_text = _names(client.get("/hsds/services", {"search": word, "per_page": 500}))
    both = _names(
        client.get(
            "/hsds/services",
            {"search": word, "taxonomy_term_id": term_id("tematikk", theme), "per_page": 500},
        )
    )
    assert both == by_term & by_text and both
    # A well-formed id of no term matches nothing.
    unknown = client.get("/hsds/services", {"taxonomy_term_id": hsds_id("x")})
    assert unknown.status_code == 200 and unknown.json()["total_items"] == 0


def test_other_lists_and_details(client, demo):
    for path in (
        "organizations",
        "locations",
        "service_at_locations",
        "taxonomies",
        "taxonomy_terms",
    ):
        body = client.get(f"/hsds/{path}").json()
        assert set(body) == PAGE_FIELDS and body["contents"], path
        first = body["contents"][0]
        assert client.get(f"/hsds/{path}/{first['id']}").json() == first, path
    diagnoses = client.get(
        "/hsds/taxonomy_terms", {"taxonomy_id": hsds_id("taxonomy", "diagnosegruppe")}
    ).json()
    kreft = next(t for t in diagnoses["contents"] if t["code"] == "kreft")
    assert "C00–C97" in kreft["description"]
    assert diagnoses["total_items"] == 22


def test_ids_are_uuid5_of_our_ids_and_never_change():
    assert hsds_id("service", "demo-tilbud-000001") == "6403c30f-308c-5226-b762-6fd67f4c3427"
    assert hsds_id("service", "a") != hsds_id("organization", "a")


def test_organization_search_and_filter(client, demo):
    offer = Offer.objects.filter(status="publisert").select_related("responsible").first()
    org = offer.responsible
    found = client.get("/hsds/organizations", {"search": org.name}).json()["contents"]
    assert hsds_id("organization", org.external_id) in {o["id"] for o in found}
    services = client.get(
        "/hsds/services",
        {"organization_id": hsds_id("organization", org.external_id), "per_page": 500},
    ).json()["contents"]
    assert {s["alternate_name"] for s in services} == set(
        Offer.objects.filter(status="publisert", responsible=org).values_list(
            "external_id", flat=True
        )
    )


@pytest.mark.parametrize(
    ("path", "queries"),
    [("/hsds/services", 7), ("/hsds/locations", 6), ("/hsds/organizations", 1)],
)
def test_list_endpoints_read_a_fixed_number_of_queries(
    client, demo, path, queries, django_assert_num_queries
):
    """Pinned at what the endpoints read before they were built from one table."""
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_every_object_type_has_a_list_and_a_detail_endpoint(client, demo):
    from django.urls import reverse

    from mestring.opendata.hsds.views import OBJECT_TYPES

    for name, kind in OBJECT_TYPES.items():
        assert reverse(f"hsds:{kind.singular}", args=["x"]) == f"/hsds/{name}/x"
        listed = client.get(f"/hsds/{name}").json()
        assert listed["total_items"] > 0, name
        first = listed["contents"][0]
        assert client.get(f"/hsds/{name}/{first['id']}").json() == first, name
        assert client.get(f"/hsds/{name}/finnes-ikke").status_code == 404, name
        bad = client.get(f"/hsds/{name}", {"per_page": "0"})
        assert bad.status_code == 400, name
