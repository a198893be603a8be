"""The open data dump: the public catalogue and the public statistics in every open form,
described by a Frictionless `datapackage.json` (NLOD 2.0).

Nothing here is a person count below the suppression threshold: the catalogue holds no
attendance, and the statistics are the protected, public versions.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.utils import timezone

from mestring.exchange.columns import LISTS
from mestring.exchange.exporters.core import export_data
from mestring.statistics.filters import ReportFilter
from mestring.statistics.render import render
from mestring.statistics.service import REPORTS, build_report

LICENCE = {
    "name": "NLOD-2.0",
    "title": "Norsk lisens for offentlige data (NLOD) 2.0",
    "path": "https://data.norge.no/nlod/no/2.0",
}
CATALOGUE_LISTS = ("tilbydere", "tilbud", "gjennomforinger", "samlinger")
FIELD_TYPES = {
    "bool": "boolean",
    "date": "date",
    "datetime": "datetime",
    "int": "integer",
    "amount": "number",
}
MEDIA_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv",
    ".ndjson": "application/x-ndjson",
}
PATTERNS = {"municipality": "^[0-9]{4}$", "orgnr": "^[0-9]{9}$"}
# Columns every row has a value in: ids, references to the record above and the start.
# (The exchange format's `required` only means the forms ask for it: older data has gaps.)
ALWAYS_PRESENT = {
    "tilbydere": {"id", "navn", "type"},
    "tilbud": {"id", "tittel", "ansvarlig", "hovedtematikk", "status"},
    "gjennomforinger": {"id", "tilbud", "start", "status"},
    "samlinger": {"gjennomforing", "start"},
}
DATETIME_NOTE = (
    "Lokal tid (Europe/Oslo) som ÅÅÅÅ-MM-DD tt:mm; ISO 8601 med tidssone der lokal tid "
    "alene ikke sier hvilket øyeblikk det er (når klokken stilles tilbake)."
)


def table_schema(list_name: str) -> dict:
    """A Frictionless Table Schema for one CSV list of the exchange format."""
    fields = []
    for column in LISTS[list_name].columns:
        kind = "string" if column.multi else FIELD_TYPES.get(column.kind, "string")
        field = {"name": column.name, "type": kind}
        if kind == "boolean":
            field.update(trueValues=["ja"], falseValues=["nei"])
        if kind == "number":
            field["decimalChar"] = ","
        if kind == "datetime":
            field.update(format="any", description=DATETIME_NOTE)
        if column.multi:
            field["description"] = "Flere verdier skilt med |."
        constraints = {}
        if not column.multi and column.kind in PATTERNS:
            constraints["pattern"] = PATTERNS[column.kind]
        if column.name in ALWAYS_PRESENT[list_name]:
            constraints["required"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    if "id" in LISTS[list_name].names:
        schema["primaryKey"] = ["id"]
    return schema


def statistics_schema() -> dict:
    """The long CSV of a report (statistics/render/tabular.py): one number per row."""
    fields = [
        ("tabell", "string", "Tabellens id.", True),
        ("tittel", "string", "Tabellens tittel.", True),
        ("n", "integer", "Antall svar tabellen bygger på, der det gjelder.", False),
        ("kode", "string", "Radens kode (kommunenummer med fire sifre, region, kode …).", False),
        ("etikett", "string", "Radens navn.", False),
        ("kolonne", "string", "Kolonnens kode i brede tabeller.", False),
        ("antall", "number", "Tallet; tomt når det er skjult.", False),
        ("andel", "number", "Andel i prosent.", False),
        ("skjult", "string", "Hvorfor tallet er skjult (prikket).", False),
    ]
    return {
        "fields": [
            {"name": name, "type": kind, "description": text}
            | ({"constraints": {"required": True}} if required else {})
            for name, kind, text, required in fields
        ],
        "missingValues": [""],
    }


def _resource(folder: Path, path: Path, description: str, **extra) -> dict:
    data = path.read_bytes()
    relative = path.relative_to(folder).as_posix()
    return {
        "name": relative.replace("/", "-").replace(".", "-").replace("_", "-").lower(),
        "path": relative,
        "format": path.suffix.lstrip("."),
        "mediatype": MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
        "encoding": "utf-8-sig" if path.suffix == ".csv" else "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "description": description,
        "licenses": [LICENCE],
    } | extra


def _catalogue(folder: Path) -> list[dict]:
    resources = []
    json_path = folder / "katalog" / "katalog.json"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    export_data("json", json_path, public=True)
    resources.append(
        _resource(
            folder,
            json_path,
            "Alle publiserte tilbud med gjennomføringer og samlinger, og alle tilbydere, "
            "i utvekslingsformatet (kjernedatasettet for LM-tilbud, JSON).",
        )
    )
    csv_folder = folder / "katalog" / "csv"
    export_data("csv", csv_folder, public=True)
    (csv_folder / "aktivitet.csv").unlink(missing_ok=True)  # no person counts here
    for list_name in CATALOGUE_LISTS:
        resources.append(
            _resource(
                folder,
                csv_folder / f"{list_name}.csv",
                f"Listen «{list_name}» i utvekslingsformatet (CSV, semikolon).",
                schema=table_schema(list_name),
                dialect={"delimiter": ";"},
            )
        )
    return resources


def _statistics(folder: Path, year: int) -> list[dict]:
    resources = []
    report_filter = ReportFilter(fra=date(year, 1, 1), til=date(year, 12, 31))
    target = folder / "statistikk"
    target.mkdir(parents=True, exist_ok=True)
    for name in REPORTS:
        report = build_report(name, report_filter, exact=False)
        for fmt in ("json", "csv"):
            path = target / f"{name}-{year}.{fmt}"
            path.write_bytes(render(report, fmt))
            extra = {}
            if fmt == "csv":
                extra = {"schema": statistics_schema(), "dialect": {"delimiter": ";"}}
            resources.append(
                _resource(
                    folder,
                    path,
                    f"Rapporten «{report.title}» for {year}; personer under 5 er prikket.",
                    **extra,
                )
            )
    return resources


def _hsds(folder: Path) -> list[dict]:
    from django.core.serializers.json import DjangoJSONEncoder

    from .hsds import export

    target = folder / "hsds"
    target.mkdir(parents=True, exist_ok=True)
    resources = []
    for kind in export.KINDS:
        path = target / f"{kind}.json"
        items = list(export.objects(kind))
        path.write_text(
            json.dumps(items, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder) + "\n",
            encoding="utf-8",
        )
        resources.append(
            _resource(
                folder,
                path,
                f"Open Referral HSDS 3.1: {kind} (med den norske LM-profilen, se /hsds/profile/).",
            )
        )
    return resources


def _fhir(folder: Path) -> list[dict]:
    from django.conf import settings

    from .fhir.bundle import catalogue_bundle

    path = folder / "fhir" / "katalog-bundle.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    base = settings.FHIR_BASE_URL
    path.write_text(
        json.dumps(catalogue_bundle(base), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return [
        _resource(
            folder,
            path,
            "HL7 FHIR R4 Bundle (collection): HealthcareService, PlanDefinition, "
            "Organization, OrganizationAffiliation, Location, Schedule og Slot.",
            mediatype="application/fhir+json",
        )
    ]


# The open forms besides our own: (name, writer(folder) -> [resources]).
EXTRA_FORMS: list[tuple[str, Callable[[Path], list[dict]]]] = [("hsds", _hsds), ("fhir", _fhir)]


def write_dump(folder: Path, *, year: int | None = None) -> dict:
    """Write the whole dump into `folder` (replacing it) and return its datapackage."""
    year = year or timezone.localdate().year - 1
    staging = folder.with_name(folder.name + ".ny")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    resources = _catalogue(staging) + _statistics(staging, year)
    for _name, writer in EXTRA_FORMS:
        resources += writer(staging)
    package = {
        "profile": "data-package",
        "name": "mestring-apne-data",
        "title": "Lærings- og mestringstilbud i Norge – åpne data",
        "description": (
            "Den nasjonale oversikten over lærings- og mestringstilbud: alle publiserte "
            "tilbud og tilbydere, og nasjonal statistikk der små tall er prikket."
        ),
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [LICENCE],
        "resources": resources,
    }
    (staging / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    # Swap in the new dump whole, so a reader never sees half of one.
    old = folder.with_name(folder.name + ".gammel")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return package
