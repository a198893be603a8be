"""The 19 health communities from the project's reference data (data/SOURCES.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from mestring.refdata.models import HealthTrust, Municipality

from .models import HealthCommunity

DATA = Path(__file__).resolve().parent / "data"
SOURCE = (
    "Meld. St. 7 (2019–2020) Nasjonal helse- og sykehusplan 2020–2023 og avtalen mellom "
    "regjeringen og KS om helsefellesskap (2019); kommunene etter SKDEs opptaksområder "
    "(april 2026). Se mestring/collaboration/data/SOURCES.md."
)


@dataclass(frozen=True)
class CommunityRow:
    code: str
    name: str
    region: str
    trusts: tuple[str, ...]
    municipalities: tuple[str, ...]
    note: str


def read_reference(folder: Path = DATA) -> list[CommunityRow]:
    """The communities as the reference files describe them, in file order."""
    members: dict[str, list[str]] = {}
    with (folder / "helsefellesskap_kommuner.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            members.setdefault(row["helsefellesskap"], []).append(row["kommunenummer"])
    with (folder / "helsefellesskap.csv").open(encoding="utf-8", newline="") as f:
        return [
            CommunityRow(
                code=row["kode"],
                name=row["navn"],
                region=row["rhf"],
                trusts=tuple(row["helseforetak"].split("|")),
                municipalities=tuple(members.get(row["kode"], ())),
                note=row["merknad"],
            )
            for row in csv.DictReader(f)
        ]


def catchment(trust: HealthTrust) -> list[Municipality]:
    """Municipalities in the trust's catchment area, those split by district included."""
    return list(
        Municipality.objects.filter(valid_to__isnull=True)
        .filter(Q(health_trust=trust) | Q(districts__health_trust=trust))
        .distinct()
        .order_by("number")
    )


def default_name(trust: HealthTrust) -> str:
    """The name the first loader gave a trust's community (one per trust)."""
    return f"Helsefellesskapet {trust.short_name}"


@transaction.atomic
def load_health_communities(folder: Path = DATA) -> int:
    """Create the reference data's communities that do not exist yet; returns how many.

    A community that exists (same code) is left as it is: administrators may have changed
    its name or parties since. Communities the first loader made (one per trust, with the
    generated name, no code) are replaced by the reference data's when a reference community
    has that trust as a party.
    """
    rows = read_reference(folder)
    known_trusts = set(HealthTrust.objects.values_list("orgnr", flat=True))
    known_municipalities = set(Municipality.objects.values_list("number", flat=True))
    existing = set(HealthCommunity.objects.exclude(code="").values_list("code", flat=True))
    created = 0
    for row in rows:
        if row.code in existing:
            continue
        trusts = [orgnr for orgnr in row.trusts if orgnr in known_trusts]
        if not trusts:
            continue
        _drop_generated(trusts)
        community = HealthCommunity.objects.create(
            code=row.code, name=row.name, source=SOURCE, note=row.note
        )
        community.health_trusts.set(trusts)
        community.municipalities.set(
            [number for number in row.municipalities if number in known_municipalities]
        )
        created += 1
    return created


def _drop_generated(trust_ids: list[str]) -> None:
    for community in HealthCommunity.objects.filter(
        code="", health_trusts__in=trust_ids
    ).prefetch_related("health_trusts"):
        trusts = list(community.health_trusts.all())
        if len(trusts) == 1 and community.name == default_name(trusts[0]):
            community.delete()


def community_of(municipality: Municipality) -> HealthCommunity | None:
    """The municipality's health community (the first by code if it is in several)."""
    return (
        municipality.health_communities.prefetch_related("health_trusts")
        .order_by("code", "pk")
        .first()
    )
