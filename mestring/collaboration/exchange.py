"""Health communities, agreements, confirmations, ties and assessments in the exchange
format: JSON, CSV (a directory or .zip, `;`, UTF-8 with BOM, ja/nei, lists joined with `|`)
and XLSX, as the core dataset's export writes them.

The JSON is canonical (keys in the order below, lists sorted by key) and export → import →
export gives the same bytes for JSON and CSV, and the same cells for XLSX. An import
validates every row first and stores everything in one transaction or nothing; an
agreement in the file replaces that agreement's parties, confirmations, ties and
assessments.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from mestring.catalogue.models import Offer, Organisation, Run
from mestring.exchange.exporters.tabular import csv_value, xlsx_value
from mestring.refdata.models import County, HealthTrust, Municipality

from . import rules
from .models import (
    Agreement,
    Assessment,
    Capacity,
    Confirmation,
    HealthCommunity,
    ImmigrantPopulation,
    OfferEquity,
    OfferPathway,
    Pathway,
    Phase,
    RunInterpreter,
    SubAgreement,
    TiedOffer,
    TiedRun,
    validate_languages,
)

FORMAT, VERSION = "mestring-samarbeid", 1
FORMATS = ("json", "csv", "xlsx")
TEXT, DATE, BOOL, LIST, INT = "tekst", "dato", "ja/nei", "liste", "heltall"
SCORE, DECIMAL = "niva", "desimaltall"
SCORES = [(c.code, c.field) for c in rules.CRITERIA]

LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "helsefellesskap": (
        ("kode", TEXT),
        ("navn", TEXT),
        ("helseforetak", LIST),
        ("kommuner", LIST),
        ("kilde", TEXT),
        ("merknad", TEXT),
    ),
    "avtaler": (
        ("id", TEXT),
        ("tittel", TEXT),
        ("helsefellesskap", TEXT),
        ("helseforetak", TEXT),
        ("kommuner", LIST),
        ("delavtaler", LIST),
        ("inngatt", DATE),
        ("sist_revidert", DATE),
        ("url", TEXT),
        ("omtaler_lm", BOOL),
        ("omtaler_samiske_tilbud", BOOL),
        ("brukere_medvirket", BOOL),
    ),
    "avtale_bekreftelser": (
        ("avtale", TEXT),
        ("part", TEXT),
        ("gjelder_versjon", DATE),
        ("bekreftet_dato", DATE),
        ("bekreftet_av", TEXT),
    ),
    "avtale_tilbud": (("avtale", TEXT), ("tilbud", TEXT), ("delavtale", TEXT)),
    "avtale_gjennomforinger": (("avtale", TEXT), ("gjennomforing", TEXT), ("delavtale", TEXT)),
    "vurderinger": (
        ("avtale", TEXT),
        ("vurdert_dato", DATE),
        *(
            column
            for code, _field in SCORES
            for column in ((code, SCORE), (f"{code}_begrunnelse", TEXT))
        ),
        ("vurdert_av", TEXT),
    ),
    "pasientforlop": (
        ("kode", TEXT),
        ("navn", TEXT),
        ("gruppe", TEXT),
        ("ansvarlig", TEXT),
        ("kilde", TEXT),
    ),
    "tilbud_forlop": (("tilbud", TEXT), ("forlop", TEXT), ("fase", TEXT)),
    "tilbud_innvandrere": (
        ("tilbud", TEXT),
        ("tilpasset_innvandrere", BOOL),
        ("informasjonssprak", LIST),
    ),
    "tolkebruk": (
        ("gjennomforing", TEXT),
        ("samlinger_med_tolk", INT),
        ("deltakere_med_tolk", INT),
    ),
    "innvandrerbefolkning": (
        ("fylkesnummer", TEXT),
        ("aar", INT),
        ("antall", INT),
        ("kilde", TEXT),
    ),
    "kapasitet": (
        ("tilbyder", TEXT),
        ("aar", INT),
        ("arsverk", DECIMAL),
        ("helsepedagogisk_utdanning", INT),
        ("veiledninger_kommuner", INT),
    ),
}
# Lists whose rows come once per key (the key is the first column).
KEYED = {"helsefellesskap", "avtaler", "pasientforlop", "tilbud_innvandrere", "tolkebruk"}


@dataclass(frozen=True)
class Issue:
    list_name: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.list_name
        if self.row is not None:
            where += f", rad {self.row}"
        if self.field:
            where += f", felt «{self.field}»"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, issues: list[Issue]):
        super().__init__("\n".join(str(i) for i in issues))
        self.issues = issues


# --- Export -------------------------------------------------------------------------------


def community_key(community: HealthCommunity) -> str:
    return community.code or f"helsefellesskap-{community.pk}"


def records() -> dict[str, list[dict]]:
    """Every list as records keyed by column name, in canonical order."""
    users = dict(get_user_model().objects.values_list("pk", "username"))
    communities = []
    for c in HealthCommunity.objects.prefetch_related("health_trusts", "municipalities"):
        communities.append(
            {
                "kode": community_key(c),
                "navn": c.name,
                "helseforetak": sorted(t.orgnr for t in c.health_trusts.all()),
                "kommuner": sorted(m.number for m in c.municipalities.all()),
                "kilde": c.source,
                "merknad": c.note,
            }
        )
    agreements = []
    for a in Agreement.objects.select_related("community").prefetch_related("municipalities"):
        agreements.append(
            {
                "id": a.external_id,
                "tittel": a.title,
                "helsefellesskap": community_key(a.community) if a.community else "",
                "helseforetak": a.health_trust_id,
                "kommuner": sorted(m.number for m in a.municipalities.all()),
                "delavtaler": [code for code in SubAgreement.values if code in a.sub_agreements],
                "inngatt": a.signed,
                "sist_revidert": a.last_revised,
                "url": a.url,
                "omtaler_lm": a.mentions_learning_and_coping,
                "omtaler_samiske_tilbud": a.sami_offers,
                "brukere_medvirket": a.user_participation_in_making,
            }
        )
    confirmations = [
        {
            "avtale": c.agreement.external_id,
            "part": c.health_trust_id or c.municipality_id,
            "gjelder_versjon": c.revision,
            "bekreftet_dato": c.confirmed_on,
            "bekreftet_av": users.get(c.confirmed_by_id, ""),
        }
        for c in Confirmation.objects.select_related("agreement")
    ]
    offers = [
        {
            "avtale": t.agreement.external_id,
            "tilbud": t.offer.external_id,
            "delavtale": t.sub_agreement,
        }
        for t in TiedOffer.objects.select_related("agreement", "offer")
    ]
    runs = [
        {
            "avtale": t.agreement.external_id,
            "gjennomforing": t.run.external_id,
            "delavtale": t.sub_agreement,
        }
        for t in TiedRun.objects.select_related("agreement", "run")
    ]
    assessments = []
    for a in Assessment.objects.select_related("agreement").order_by("pk"):
        record = {"avtale": a.agreement.external_id, "vurdert_dato": a.assessed_on}
        for code, field in SCORES:
            record[code] = getattr(a, field)
            record[f"{code}_begrunnelse"] = getattr(a, f"{field}_justification")
        record["vurdert_av"] = users.get(a.assessed_by_id, "")
        assessments.append((a.pk, record))
    pathways = [
        {
            "kode": p.code,
            "navn": p.name,
            "gruppe": p.group,
            "ansvarlig": p.responsible,
            "kilde": p.source,
        }
        for p in Pathway.objects.all()
    ]
    offer_pathways = [
        {"tilbud": link.offer.external_id, "forlop": link.pathway_id, "fase": link.phase}
        for link in OfferPathway.objects.select_related("offer")
    ]
    equity = [
        {
            "tilbud": e.offer.external_id,
            "tilpasset_innvandrere": e.adapted_for_immigrants,
            "informasjonssprak": list(e.information_languages),
        }
        for e in OfferEquity.objects.select_related("offer")
    ]
    interpreters = [
        {
            "gjennomforing": i.run.external_id,
            "samlinger_med_tolk": i.sessions,
            "deltakere_med_tolk": i.participants,
        }
        for i in RunInterpreter.objects.select_related("run")
    ]
    population = [
        {"fylkesnummer": p.county_id, "aar": p.year, "antall": p.count, "kilde": p.source}
        for p in ImmigrantPopulation.objects.all()
    ]
    capacity = [
        {
            "tilbyder": c.organisation.external_id,
            "aar": c.year,
            "arsverk": c.fte,
            "helsepedagogisk_utdanning": c.health_pedagogy,
            "veiledninger_kommuner": c.guidance_sessions,
        }
        for c in Capacity.objects.select_related("organisation")
    ]
    return {
        "helsefellesskap": sorted(communities, key=lambda r: r["kode"]),
        "avtaler": sorted(agreements, key=lambda r: r["id"]),
        "avtale_bekreftelser": sorted(confirmations, key=lambda r: (r["avtale"], r["part"])),
        "avtale_tilbud": sorted(offers, key=lambda r: (r["avtale"], r["tilbud"])),
        "avtale_gjennomforinger": sorted(runs, key=lambda r: (r["avtale"], r["gjennomforing"])),
        # Assessments keep their registration order within a date (the newest counts).
        "vurderinger": [
            r
            for _pk, r in sorted(
                assessments, key=lambda p: (p[1]["avtale"], p[1]["vurdert_dato"], p[0])
            )
        ],
        "pasientforlop": sorted(pathways, key=lambda r: r["kode"]),
        "tilbud_forlop": sorted(
            offer_pathways, key=lambda r: (r["tilbud"], r["forlop"], r["fase"])
        ),
        "tilbud_innvandrere": sorted(equity, key=lambda r: r["tilbud"]),
        "tolkebruk": sorted(interpreters, key=lambda r: r["gjennomforing"]),
        "innvandrerbefolkning": sorted(population, key=lambda r: (r["fylkesnummer"], r["aar"])),
        "kapasitet": sorted(capacity, key=lambda r: (r["tilbyder"], r["aar"])),
    }


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def to_json() -> str:
    data = {"format": FORMAT, "versjon": VERSION}
    for name, rows in records().items():
        data[name] = [{k: _json_value(v) for k, v in row.items()} for row in rows]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _csv_text(name: str, rows: list[dict]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    columns = [column for column, _kind in LISTS[name]]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value(row[column]) for column in columns])
    return stream.getvalue()


def export(fmt: str, path: Path) -> None:
    """JSON to a file; CSV to a directory, or a .zip when the path ends with .zip; XLSX."""
    path = Path(path)
    if fmt == "json":
        path.write_text(to_json(), encoding="utf-8", newline="\n")
    elif fmt == "csv":
        data = records()
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name in LISTS:
                    info = zipfile.ZipInfo(f"{name}.csv", date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    text = _csv_text(name, data[name])
                    archive.writestr(info, text.encode("utf-8-sig"))
        else:
            path.mkdir(parents=True, exist_ok=True)
            for name in LISTS:
                (path / f"{name}.csv").write_bytes(_csv_text(name, data[name]).encode("utf-8-sig"))
    elif fmt == "xlsx":
        _write_xlsx(path)
    else:
        raise ValueError(fmt)


def _write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    data = records()
    for name, columns in LISTS.items():
        sheet = book.create_sheet(name)
        sheet.append([column for column, _kind in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in data[name]:
            values = []
            for column, kind in columns:
                value = row[column]
                values.append(value if kind in (DATE, INT, SCORE) else xlsx_value(value))
            sheet.append(values)
            for cell, (_column, kind) in zip(sheet[sheet.max_row], columns, strict=True):
                if kind == DATE:
                    cell.number_format = "yyyy-mm-dd"
                elif kind == TEXT:
                    cell.number_format = "@"
    book.save(path)


# --- Import -------------------------------------------------------------------------------


def read(path: Path) -> dict[str, list[dict]]:
    """Raw rows per list from a JSON file, a CSV directory or .zip, or an XLSX workbook."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ImportFailed([Issue(path.name, None, "format", _("Ikke en samarbeidsfil."))])
        return {name: list(data.get(name) or []) for name in LISTS}
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        tables = {}
        for name in LISTS:
            if name not in book.sheetnames:
                tables[name] = []
                continue
            rows = list(book[name].iter_rows(values_only=True))
            header = [str(h) for h in rows[0]] if rows else []
            tables[name] = [
                dict(zip(header, row, strict=False))
                for row in rows[1:]
                if any(v not in (None, "") for v in row)
            ]
        book.close()
        return tables
    texts = {}
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in LISTS:
                if f"{name}.csv" in archive.namelist():
                    texts[name] = archive.read(f"{name}.csv").decode("utf-8-sig")
    else:
        for name in LISTS:
            if (path / f"{name}.csv").exists():
                texts[name] = (path / f"{name}.csv").read_bytes().decode("utf-8-sig")
    return {
        name: list(csv.DictReader(io.StringIO(texts.get(name, "")), delimiter=";"))
        for name in LISTS
    }


def _parse(value, kind: str, list_name: str, row: int, column: str, issues: list[Issue]):
    if kind == BOOL:
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if text in ("ja", "yes", "true", "1"):
            return True
        if text in ("nei", "no", "false", "0"):
            return False
        issues.append(Issue(list_name, row, column, _("Skriv «ja» eller «nei».")))
        return None
    if kind == LIST:
        if isinstance(value, list):
            return [str(v) for v in value]
        text = str(value or "").strip()
        return text.split("|") if text else []
    if kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            issues.append(Issue(list_name, row, column, _("Ugyldig dato; skriv ÅÅÅÅ-MM-DD.")))
            return None
    if kind in (INT, SCORE):
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            issues.append(Issue(list_name, row, column, _("Skriv et helt tall.")))
            return None
        if kind == SCORE and not 0 <= number <= 3:
            issues.append(Issue(list_name, row, column, _("Nivået må være fra 0 til 3.")))
        elif number < 0:
            issues.append(Issue(list_name, row, column, _("Tallet kan ikke være negativt.")))
        return number
    if kind == DECIMAL:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except (InvalidOperation, TypeError):
            issues.append(Issue(list_name, row, column, _("Skriv et tall, f.eks. 2,5.")))
            return None
        if number < 0 or number != number.quantize(Decimal("0.01")):
            issues.append(
                Issue(list_name, row, column, _("Skriv et tall fra 0 med høyst to desimaler."))
            )
        return number
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _typed(
    tables: dict[str, list[dict]], issues: list[Issue], first_row: int
) -> dict[str, list[tuple]]:
    """Rows parsed by column kind; rows are numbered as a reader finds them (the Excel row
    for CSV and XLSX, the position for JSON)."""
    typed = {}
    for name, columns in LISTS.items():
        out = []
        names = [column for column, _kind in columns]
        for index, raw in enumerate(tables.get(name, []), start=first_row):
            unknown = [k for k in raw if k not in names and k not in (None, "")]
            for column in unknown:
                issues.append(Issue(name, index, column, _("Ukjent kolonne.")))
            row = {
                column: _parse(raw.get(column), kind, name, index, column, issues)
                for column, kind in columns
            }
            out.append((index, row))
        typed[name] = out
    return typed


def _check(typed: dict[str, list[tuple]], issues: list[Issue]) -> None:
    """References and required fields, every problem named by list, row and field."""

    def need(name, index, row, column):
        if row[column] in (None, ""):
            issues.append(Issue(name, index, column, _("Feltet må fylles ut.")))
            return False
        return True

    trusts = set(HealthTrust.objects.values_list("orgnr", flat=True))
    municipalities = set(Municipality.objects.values_list("number", flat=True))
    users = set(get_user_model().objects.values_list("username", flat=True))
    community_keys = {community_key(c) for c in HealthCommunity.objects.all()}
    seen = {}
    for name in KEYED:
        key = LISTS[name][0][0]
        seen[name] = set()
        for index, row in typed[name]:
            if need(name, index, row, key):
                if row[key] in seen[name]:
                    issues.append(Issue(name, index, key, _("Samme nøkkel står to ganger.")))
                seen[name].add(row[key])
    community_keys |= seen["helsefellesskap"]
    for index, row in typed["helsefellesskap"]:
        need("helsefellesskap", index, row, "navn")
        for orgnr in row["helseforetak"]:
            if orgnr not in trusts:
                issues.append(
                    Issue(
                        "helsefellesskap",
                        index,
                        "helseforetak",
                        _("Ukjent helseforetak «%(v)s».") % {"v": orgnr},
                    )
                )
        for number in row["kommuner"]:
            if number not in municipalities:
                issues.append(
                    Issue(
                        "helsefellesskap",
                        index,
                        "kommuner",
                        _("Ukjent kommunenummer «%(v)s».") % {"v": number},
                    )
                )
    parties = {}
    for index, row in typed["avtaler"]:
        if need("avtaler", index, row, "helseforetak") and row["helseforetak"] not in trusts:
            issues.append(Issue("avtaler", index, "helseforetak", _("Ukjent helseforetak.")))
        need("avtaler", index, row, "inngatt")
        if not row["kommuner"]:
            issues.append(Issue("avtaler", index, "kommuner", _("Avtalen må ha minst én kommune.")))
        for number in row["kommuner"]:
            if number not in municipalities:
                issues.append(
                    Issue(
                        "avtaler",
                        index,
                        "kommuner",
                        _("Ukjent kommunenummer «%(v)s».") % {"v": number},
                    )
                )
        for code in row["delavtaler"]:
            if code not in SubAgreement.values:
                issues.append(
                    Issue(
                        "avtaler", index, "delavtaler", _("Ukjent delavtale «%(v)s».") % {"v": code}
                    )
                )
        if row["helsefellesskap"] and row["helsefellesskap"] not in community_keys:
            issues.append(Issue("avtaler", index, "helsefellesskap", _("Ukjent helsefellesskap.")))
        if row["inngatt"] and row["sist_revidert"] and row["sist_revidert"] < row["inngatt"]:
            issues.append(
                Issue(
                    "avtaler",
                    index,
                    "sist_revidert",
                    _("Avtalen kan ikke være revidert før den ble inngått."),
                )
            )
        parties[row["id"]] = (row["helseforetak"], set(row["kommuner"]), set(row["delavtaler"]))
    known = seen["avtaler"] | set(Agreement.objects.values_list("external_id", flat=True))
    offers = set(Offer.objects.values_list("external_id", flat=True))
    runs = set(Run.objects.values_list("external_id", flat=True))
    pairs = set()
    for name, column, existing in (
        ("avtale_tilbud", "tilbud", offers),
        ("avtale_gjennomforinger", "gjennomforing", runs),
    ):
        for index, row in typed[name]:
            if need(name, index, row, "avtale") and row["avtale"] not in known:
                issues.append(Issue(name, index, "avtale", _("Ukjent avtale.")))
            if need(name, index, row, column) and row[column] not in existing:
                issues.append(Issue(name, index, column, _("Finnes ikke.")))
            if (name, row["avtale"], row[column]) in pairs:
                issues.append(Issue(name, index, column, _("Samme kobling står to ganger.")))
            pairs.add((name, row["avtale"], row[column]))
            subs = parties.get(row["avtale"], (None, None, None))[2]
            if row["delavtale"] and subs is not None and row["delavtale"] not in subs:
                issues.append(
                    Issue(name, index, "delavtale", _("Avtalen har ikke denne delavtalen."))
                )
    for index, row in typed["avtale_bekreftelser"]:
        if need("avtale_bekreftelser", index, row, "avtale") and row["avtale"] not in known:
            issues.append(Issue("avtale_bekreftelser", index, "avtale", _("Ukjent avtale.")))
        trust, numbers, _subs = parties.get(row["avtale"], (None, None, None))
        if trust is not None and row["part"] != trust and row["part"] not in numbers:
            issues.append(
                Issue("avtale_bekreftelser", index, "part", _("Parten er ikke part i avtalen."))
            )
        need("avtale_bekreftelser", index, row, "gjelder_versjon")
        need("avtale_bekreftelser", index, row, "bekreftet_dato")
        if row["bekreftet_av"] and row["bekreftet_av"] not in users:
            issues.append(Issue("avtale_bekreftelser", index, "bekreftet_av", _("Ukjent bruker.")))
    for index, row in typed["vurderinger"]:
        if need("vurderinger", index, row, "avtale") and row["avtale"] not in known:
            issues.append(Issue("vurderinger", index, "avtale", _("Ukjent avtale.")))
        need("vurderinger", index, row, "vurdert_dato")
        for code, _field in SCORES:
            need("vurderinger", index, row, f"{code}_begrunnelse")
        if row["vurdert_av"] and row["vurdert_av"] not in users:
            issues.append(Issue("vurderinger", index, "vurdert_av", _("Ukjent bruker.")))
    _check_more(typed, issues, need, offers, runs)


def _check_more(typed, issues, need, offers, runs) -> None:
    """The lists of pathways, equity and capacity."""
    from django.core.exceptions import ValidationError

    pathway_codes = set(Pathway.objects.values_list("code", flat=True))
    pathway_codes |= {row["kode"] for _i, row in typed["pasientforlop"] if row["kode"]}
    for index, row in typed["pasientforlop"]:
        for column in ("navn", "gruppe", "ansvarlig"):
            need("pasientforlop", index, row, column)
    seen = set()
    for index, row in typed["tilbud_forlop"]:
        if need("tilbud_forlop", index, row, "tilbud") and row["tilbud"] not in offers:
            issues.append(Issue("tilbud_forlop", index, "tilbud", _("Finnes ikke.")))
        if need("tilbud_forlop", index, row, "forlop") and row["forlop"] not in pathway_codes:
            issues.append(Issue("tilbud_forlop", index, "forlop", _("Ukjent pasientforløp.")))
        if need("tilbud_forlop", index, row, "fase") and row["fase"] not in Phase.values:
            issues.append(Issue("tilbud_forlop", index, "fase", _("Ukjent fase.")))
        key = (row["tilbud"], row["forlop"], row["fase"])
        if key in seen:
            issues.append(Issue("tilbud_forlop", index, "fase", _("Samme kobling står to ganger.")))
        seen.add(key)
    for index, row in typed["tilbud_innvandrere"]:
        if row["tilbud"] and row["tilbud"] not in offers:
            issues.append(Issue("tilbud_innvandrere", index, "tilbud", _("Finnes ikke.")))
        try:
            validate_languages(row["informasjonssprak"])
        except ValidationError as error:
            issues.append(
                Issue("tilbud_innvandrere", index, "informasjonssprak", error.messages[0])
            )
    for index, row in typed["tolkebruk"]:
        if row["gjennomforing"] and row["gjennomforing"] not in runs:
            issues.append(Issue("tolkebruk", index, "gjennomforing", _("Finnes ikke.")))
    counties = set(County.objects.values_list("number", flat=True))
    seen = set()
    for index, row in typed["innvandrerbefolkning"]:
        if (
            need("innvandrerbefolkning", index, row, "fylkesnummer")
            and row["fylkesnummer"] not in counties
        ):
            issues.append(
                Issue("innvandrerbefolkning", index, "fylkesnummer", _("Ukjent fylkesnummer."))
            )
        need("innvandrerbefolkning", index, row, "aar")
        need("innvandrerbefolkning", index, row, "antall")
        if (row["fylkesnummer"], row["aar"]) in seen:
            issues.append(
                Issue("innvandrerbefolkning", index, "aar", _("Samme nøkkel står to ganger."))
            )
        seen.add((row["fylkesnummer"], row["aar"]))
    providers = set(Organisation.objects.values_list("external_id", flat=True))
    seen = set()
    for index, row in typed["kapasitet"]:
        if need("kapasitet", index, row, "tilbyder") and row["tilbyder"] not in providers:
            issues.append(Issue("kapasitet", index, "tilbyder", _("Ukjent tilbyder.")))
        for column in ("aar", "arsverk", "helsepedagogisk_utdanning", "veiledninger_kommuner"):
            need("kapasitet", index, row, column)
        if (row["tilbyder"], row["aar"]) in seen:
            issues.append(Issue("kapasitet", index, "aar", _("Samme nøkkel står to ganger.")))
        seen.add((row["tilbyder"], row["aar"]))


def import_file(path: Path) -> dict[str, int]:
    """Validate everything, then store everything (or raise ImportFailed with every issue)."""
    issues: list[Issue] = []
    first_row = 1 if Path(path).suffix.lower() == ".json" else 2
    typed = _typed(read(path), issues, first_row)
    _check(typed, issues)
    if issues:
        raise ImportFailed(issues)
    with transaction.atomic():
        return _store(typed)


def _store(typed) -> dict[str, int]:
    users = dict(get_user_model().objects.values_list("username", "pk"))
    communities = {community_key(c): c for c in HealthCommunity.objects.all()}
    for _index, row in typed["helsefellesskap"]:
        community = communities.get(row["kode"]) or HealthCommunity()
        community.code, community.name = row["kode"], row["navn"]
        community.source, community.note = row["kilde"], row["merknad"]
        community.save()
        community.health_trusts.set(row["helseforetak"])
        community.municipalities.set(row["kommuner"])
        communities[row["kode"]] = community
    agreements = {a.external_id: a for a in Agreement.objects.all()}
    for _index, row in typed["avtaler"]:
        agreement = agreements.get(row["id"]) or Agreement(external_id=row["id"])
        agreement.title = row["tittel"]
        agreement.community = communities.get(row["helsefellesskap"])
        agreement.health_trust_id = row["helseforetak"]
        agreement.sub_agreements = row["delavtaler"]
        agreement.signed, agreement.last_revised = row["inngatt"], row["sist_revidert"]
        agreement.url = row["url"]
        agreement.mentions_learning_and_coping = row["omtaler_lm"]
        agreement.sami_offers = row["omtaler_samiske_tilbud"]
        agreement.user_participation_in_making = row["brukere_medvirket"]
        agreement.save()
        agreement.municipalities.set(row["kommuner"])
        agreements[row["id"]] = agreement
        # The file holds the whole agreement: its dependent rows are replaced.
        agreement.confirmations.all().delete()
        agreement.tied_offers.all().delete()
        agreement.tied_runs.all().delete()
        agreement.assessments.all().delete()
    offers = dict(Offer.objects.values_list("external_id", "pk"))
    runs = dict(Run.objects.values_list("external_id", "pk"))
    for _index, row in typed["avtale_bekreftelser"]:
        agreement = agreements[row["avtale"]]
        party = (
            {"health_trust_id": row["part"]}
            if row["part"] == agreement.health_trust_id
            else {"municipality_id": row["part"]}
        )
        Confirmation.objects.update_or_create(
            agreement=agreement,
            **party,
            defaults={
                "revision": row["gjelder_versjon"],
                "confirmed_on": row["bekreftet_dato"],
                "confirmed_by_id": users.get(row["bekreftet_av"]),
            },
        )
    for _index, row in typed["avtale_tilbud"]:
        TiedOffer.objects.update_or_create(
            agreement=agreements[row["avtale"]],
            offer_id=offers[row["tilbud"]],
            defaults={"sub_agreement": row["delavtale"]},
        )
    for _index, row in typed["avtale_gjennomforinger"]:
        TiedRun.objects.update_or_create(
            agreement=agreements[row["avtale"]],
            run_id=runs[row["gjennomforing"]],
            defaults={"sub_agreement": row["delavtale"]},
        )
    for _index, row in typed["vurderinger"]:
        values = {
            "assessed_on": row["vurdert_dato"],
            "assessed_by_id": users.get(row["vurdert_av"]),
        }
        for code, field in SCORES:
            values[field] = row[code]
            values[f"{field}_justification"] = row[f"{code}_begrunnelse"]
        Assessment.objects.create(agreement=agreements[row["avtale"]], **values)
    _store_more(typed, offers, runs)
    return {name: len(rows) for name, rows in typed.items()}


def _store_more(typed, offers: dict, runs: dict) -> None:
    for _index, row in typed["pasientforlop"]:
        Pathway.objects.update_or_create(
            code=row["kode"],
            defaults={
                "name": row["navn"],
                "group": row["gruppe"],
                "responsible": row["ansvarlig"],
                "source": row["kilde"],
            },
        )
    # An offer in the file has exactly the pathways the file gives it.
    listed = {offers[row["tilbud"]] for _index, row in typed["tilbud_forlop"]}
    OfferPathway.objects.filter(offer_id__in=listed).delete()
    for _index, row in typed["tilbud_forlop"]:
        OfferPathway.objects.create(
            offer_id=offers[row["tilbud"]], pathway_id=row["forlop"], phase=row["fase"]
        )
    for _index, row in typed["tilbud_innvandrere"]:
        OfferEquity.objects.update_or_create(
            offer_id=offers[row["tilbud"]],
            defaults={
                "adapted_for_immigrants": row["tilpasset_innvandrere"],
                "information_languages": row["informasjonssprak"],
            },
        )
    for _index, row in typed["tolkebruk"]:
        RunInterpreter.objects.update_or_create(
            run_id=runs[row["gjennomforing"]],
            defaults={
                "sessions": row["samlinger_med_tolk"],
                "participants": row["deltakere_med_tolk"],
            },
        )
    for _index, row in typed["innvandrerbefolkning"]:
        ImmigrantPopulation.objects.update_or_create(
            county_id=row["fylkesnummer"],
            year=row["aar"],
            defaults={"count": row["antall"], "source": row["kilde"]},
        )
    providers = dict(Organisation.objects.values_list("external_id", "pk"))
    for _index, row in typed["kapasitet"]:
        Capacity.objects.update_or_create(
            organisation_id=providers[row["tilbyder"]],
            year=row["aar"],
            defaults={
                "fte": row["arsverk"],
                "health_pedagogy": row["helsepedagogisk_utdanning"],
                "guidance_sessions": row["veiledninger_kommuner"],
            },
        )
