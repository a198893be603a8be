"""Full export: stable ids, and a round trip through a small independent reader."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mestring.catalogue.models import Offer, Organisation, Run

from .hsds_helpers import load_demo


def _export(folder, fmt="json") -> None:
    call_command("export_hsds", folder, "--format", fmt, stdout=StringIO())


def _read(folder, kind) -> list[dict]:
    return json.loads((folder / f"{kind}.json").read_text(encoding="utf-8"))


def read_hsds(folder) -> dict:
    """An independent HSDS reader: offers, runs and organisations as plain tuples."""
    orgs = {o["id"]: o for o in _read(folder, "organizations")}
    organisations = set()
    for org in orgs.values():
        numbers = [i["identifier"] for i in org.get("organization_identifiers", [])]
        organisations.add((org["name"], numbers[0] if numbers else ""))
    offers, runs = set(), set()
    for service in _read(folder, "services"):
        offers.add(
            (
                service["alternate_name"],
                service["name"],
                service.get("description", ""),
                orgs[service["organization_id"]]["name"],
            )
        )
        for sal in service.get("service_at_locations", []):
            whole = [s for s in sal["schedules"] if "count" not in s]
            sessions = sorted(
                f"{s['valid_from']}T{s['opens_at']}" for s in sal["schedules"] if "count" in s
            )
            runs.add(
                (
                    sal["description"],
                    service["alternate_name"],
                    whole[0]["valid_from"],
                    whole[0].get("valid_to", ""),
                    tuple(sessions),
                )
            )
    return {"offers": offers, "runs": runs, "organisations": organisations}


def from_database() -> dict:
    published = Offer.objects.filter(status="publisert")
    offers = {(o.external_id, o.title, o.description, o.responsible.name) for o in published}
    runs = {
        (
            r.external_id,
            r.offer.external_id,
            r.start.isoformat(),
            r.end.isoformat() if r.end else "",
            tuple(
                sorted(
                    timezone.localtime(s.start).strftime("%Y-%m-%dT%H:%M") for s in r.sessions.all()
                )
            ),
        )
        for r in Run.objects.filter(offer__in=published)
    }
    orgs = Organisation.objects.filter(offers__in=published) | Organisation.objects.filter(
        co_organised_offers__in=published
    )
    return {
        "offers": offers,
        "runs": runs,
        "organisations": {(o.name, o.orgnr) for o in orgs.distinct()},
    }


@pytest.fixture
def demo(refdata, db):
    load_demo()


def test_round_trip_gives_the_same_offers_runs_and_organisations(demo, tmp_path):
    _export(tmp_path)
    read, expected = read_hsds(tmp_path), from_database()
    assert read["offers"] == expected["offers"]
    assert read["runs"] == expected["runs"]
    assert read["organisations"] == expected["organisations"]
    assert len(read["runs"]) > 10 and any(r[4] for r in read["runs"])


def test_ids_are_stable_between_exports(demo, tmp_path):
    _export(tmp_path / "a")
    Offer.objects.filter(status="publisert").update(updated_at=timezone.now())
    _export(tmp_path / "b")
    for kind in (
        "services",
        "organizations",
        "locations",
        "service_at_locations",
        "taxonomy_terms",
    ):
        a, b = _read(tmp_path / "a", kind), _read(tmp_path / "b", kind)
        assert [i["id"] for i in a] == [i["id"] for i in b], kind


def test_ndjson_export_has_the_same_objects(demo, tmp_path):
    _export(tmp_path / "json")
    _export(tmp_path / "nd", "ndjson")
    for kind in ("services", "taxonomies"):
        lines = (tmp_path / "nd" / f"{kind}.ndjson").read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == _read(tmp_path / "json", kind)
