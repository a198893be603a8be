"""Load the reference data files into the database; running it twice changes nothing."""

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import models, transaction

from .models import County, District, HealthTrust, Municipality, Region

REGION_CODES = {
    "Helse Sør-Øst RHF": "helse_sor_ost",
    "Helse Vest RHF": "helse_vest",
    "Helse Midt-Norge RHF": "helse_midt",
    "Helse Nord RHF": "helse_nord",
}
HEALTH_TRUST_KINDS = {"HF": "hf", "privat ideelt sykehus": "privat_ideell"}
SAMI_LANGUAGE_CODES = {"nordsamisk": "sme", "lulesamisk": "smj", "sørsamisk": "sma"}
# The division the files describe; a municipality missing from them ended the day before.
REFERENCE_DATE = date(2024, 1, 1)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    ended: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or any(self.ended.values())

    def count(self, kind: str, model: type[models.Model]) -> None:
        bucket = getattr(self, kind)
        name = model._meta.model_name
        bucket[name] = bucket.get(name, 0) + 1


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def upsert(model: type[models.Model], key: str, values: dict, report: LoadReport) -> models.Model:
    """Create the row, or update only the fields that differ; count what happened."""
    obj = model._default_manager.filter(pk=key).first()
    if obj is None:
        obj = model._default_manager.create(pk=key, **values)
        report.count("created", model)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count("updated", model)
    return obj


def end_missing(model: type[models.Model], keep: set[str], report: LoadReport) -> None:
    """Mark rows no longer in the source as ended instead of deleting them (history)."""
    for obj in model._default_manager.filter(valid_to__isnull=True).exclude(pk__in=keep):
        obj.valid_to = REFERENCE_DATE - timedelta(days=1)
        obj.save(update_fields=["valid_to"])
        report.count("ended", model)


@transaction.atomic
def load_refdata(directory: Path, progress=None) -> LoadReport:
    report = LoadReport()
    trusts = read_csv(directory / "helseforetak.csv")
    counties = read_csv(directory / "fylker.csv")
    municipalities = read_csv(directory / "kommuner.csv")
    catchment = {
        row["kommunenummer"]: row for row in read_csv(directory / "kommune_opptaksomrade.csv")
    }
    districts = read_csv(directory / "bydel_opptaksomrade.csv")

    for row in trusts:
        if row["type"] == "RHF":
            upsert(
                Region,
                REGION_CODES[row["navn"]],
                {"name": row["kortnavn"], "orgnr": row["organisasjonsnummer"]},
                report,
            )
    for row in trusts:
        if row["type"] != "RHF":
            upsert(
                HealthTrust,
                row["organisasjonsnummer"],
                {
                    "name": row["navn"],
                    "short_name": row["kortnavn"],
                    "kind": HEALTH_TRUST_KINDS[row["type"]],
                    "region_id": REGION_CODES[row["rhf"]],
                    "has_catchment": row["har_opptaksomrade"] == "ja",
                    "skde_code": row["skde_bohf"],
                    "note": row["merknad"],
                },
                report,
            )
    if progress:
        progress.update(len(trusts))

    for row in counties:
        upsert(
            County,
            row["fylkesnummer"],
            {
                "name": row["navn"],
                "official_name": row["offisielt_navn"],
                "sami_name": row["samisk_navn"],
                "sami_language": row["samisk_sprak"],
                "kven_name": row["kvensk_navn"],
                "in_sami_area": row["samisk_forvaltningsomrade"] == "ja",
                "population": int(row["folketall"]),
                "population_date": date.fromisoformat(row["folketall_dato"]),
                "valid_to": None,
            },
            report,
        )
    end_missing(County, {row["fylkesnummer"] for row in counties}, report)
    if progress:
        progress.update(len(counties))

    trust_by_name = {t.name: t.orgnr for t in HealthTrust.objects.all()}
    for row in municipalities:
        area = catchment.get(row["kommunenummer"], {})
        upsert(
            Municipality,
            row["kommunenummer"],
            {
                "name": row["navn"],
                "official_name": row["offisielt_navn"],
                "unique_name": row["navn_entydig"],
                "sami_name": row["samisk_navn"],
                "sami_name_language": row["samisk_navn_sprak"],
                "kven_name": row["kvensk_navn"],
                "county_id": row["fylkesnummer"],
                "sami_area_language": row["samisk_forvaltningsomrade"],
                "population": int(row["folketall"]),
                "population_date": date.fromisoformat(row["folketall_dato"]),
                "orgnr": row["organisasjonsnummer"],
                "health_trust_id": area.get("helseforetak_organisasjonsnummer") or None,
                "health_trust_2024_id": trust_by_name.get(area.get("helseforetak_skde_2024", "")),
                "local_hospital_area": area.get("lokalsykehusomrade", ""),
                "region_id": REGION_CODES[area["rhf"]],
                "valid_to": None,
            },
            report,
        )
        if progress:
            progress.update(1)
    end_missing(Municipality, {row["kommunenummer"] for row in municipalities}, report)

    for row in districts:
        upsert(
            District,
            row["bydelsnummer"],
            {
                "name": row["bydelsnavn"],
                "municipality_id": row["kommunenummer"],
                "health_trust_id": row["helseforetak_organisasjonsnummer"],
                "health_trust_2024_id": trust_by_name.get(row["helseforetak_skde_2024"]),
                "local_hospital_area": row["lokalsykehusomrade"],
            },
            report,
        )
    if progress:
        progress.update(len(districts))
    return report


def count_rows(directory: Path) -> int:
    names = ("helseforetak.csv", "fylker.csv", "kommuner.csv", "bydel_opptaksomrade.csv")
    return sum(len(read_csv(directory / name)) for name in names)
