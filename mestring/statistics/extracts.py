"""Registry extracts for one organisation and period: NPR/KPR per run, KOSTRA aggregated.

Both extracts cover the runs of the organisation and every organisation under it (by the
offer's responsible organisation) that count under core dataset §6: start in [fra, til],
offer published or archived, run not cancelled. They are a provider's own exact numbers
for reporting to the registries, so nothing is suppressed here; the caller checks that the
user may see the organisation.

Participant counts are sums of attendance records (§5), not distinct persons: nobody is
identified anywhere. A run without any attendance record has empty counts, never zeros.
Two queries are made whatever the size: the runs with their stored totals of sessions and
attendance (`activity.RunTotals`), and the offers' codes.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import F, IntegerField
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from mestring.activity.models import COUNT_FIELDS
from mestring.catalogue import codes
from mestring.catalogue.models import OfferCode, Organisation
from mestring.exchange.exporters.tabular import csv_value

from .filters import RUN_MUNICIPALITY, ReportFilter, counted_runs

# The six attendance counts by their core dataset names, in the order of §5.
COUNT_COLUMNS: list[str] = list(COUNT_FIELDS)
# Participants; user representatives and professionals run the course, they do not attend it.
PARTICIPANT_COLUMNS: tuple[str, ...] = (
    "pasienter",
    "parorende",
    "barn_som_parorende",
    "andre_deltakere",
)

NPR_COLUMNS: list[str] = [
    "organisasjon_id",
    "organisasjon_navn",
    "orgnr",
    "tilbud_id",
    "tilbud_tittel",
    "hovedtematikk",
    "diagnosegrupper",
    "icd10_blokker",
    "fagfelt",
    "gjennomforing_id",
    "start",
    "slutt",
    "kommunenummer",
    "format",
    "antall_samlinger",
    "samlinger_med_oppmote",
    *COUNT_COLUMNS,
    "deltakere_totalt",
]

KOSTRA_COLUMNS: list[str] = [
    "kommunenummer",
    "kommunenavn",
    "ar",
    "hovedtematikk",
    "tilbud",
    "gjennomforinger",
    "samlinger",
    *COUNT_COLUMNS,
    "deltakere_totalt",
]

# What the extracts read of a run's stored totals: each count and how many answered it.
TOTALS_COLUMNS = [f"totals__{f}{part}" for f in COUNT_FIELDS.values() for part in ("", "_known")]

# Code order inside a `|`-joined cell: the code list's own order (Tabell 4 for diagnoses).
_CODE_ORDER: dict[str, list[str]] = {
    OfferCode.List.DIAGNOSES: list(codes.DiagnosisGroup.values),
    OfferCode.List.FIELDS: list(codes.Field.values),
}


@dataclass(frozen=True)
class _RunFacts:
    """What the extracts need to know about one counted run."""

    run_id: str
    start: date
    end: date | None
    format: str
    municipality: str  # the run's own municipality, "" for a purely digital run
    place: str  # the run's municipality, else the responsible organisation's, else ""
    place_name: str
    offer_pk: int
    offer_id: str
    offer_title: str
    theme: str
    organisation_id: str
    organisation_name: str
    orgnr: str
    diagnoses: tuple[str, ...]
    fields: tuple[str, ...]
    sessions: int | None  # Session rows when there are any, else the offer's session_count
    dated_records: int
    counts: dict[str, int | None]  # empty values when the run has no attendance at all

    @property
    def participants(self) -> int | None:
        return _sum_known(self.counts[name] for name in PARTICIPANT_COLUMNS)


def _sum_known(values) -> int | None:
    """The sum of the values that are known; None when none is."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def _ordered(field: str, values: set[str]) -> tuple[str, ...]:
    order = _CODE_ORDER[field]
    listed = [code for code in order if code in values]
    return tuple(listed + sorted(values.difference(order)))


def icd10_blocks(diagnoses) -> list[str]:
    """The indicative ICD-10 blocks of diagnosis groups; groups without one give none."""
    return [codes.ICD10_BLOCKS[code] for code in diagnoses if code in codes.ICD10_BLOCKS]


def _check_period(fra: date, til: date) -> None:
    if til < fra:
        raise ValueError(_("til kan ikke være før fra."))


def _run_facts(organisation_external_id: str, fra: date, til: date) -> list[_RunFacts]:
    """The counted runs of the organisation and everything under it, by start and run id."""
    _check_period(fra, til)
    try:
        runs = counted_runs(ReportFilter(fra=fra, til=til, organisasjon=organisation_external_id))
    except Organisation.DoesNotExist:
        raise ValueError(
            _("Ukjent organisasjon: finner ingen tilbyder med id «%(value)s».")
            % {"value": organisation_external_id}
        ) from None

    rows = list(
        runs.order_by("start", "external_id")
        .annotate(
            n_sessions=Coalesce(
                NullIf(F("totals__sessions"), 0),
                F("offer__session_count"),
                output_field=IntegerField(),
            ),
            place=RUN_MUNICIPALITY,
            place_name=Coalesce(
                "municipality__unique_name", "offer__responsible__municipality__unique_name"
            ),
        )
        .values(
            "pk",
            "external_id",
            "start",
            "end",
            "format",
            "municipality_id",
            "place",
            "place_name",
            "n_sessions",
            "offer_id",
            "offer__external_id",
            "offer__title",
            "offer__main_theme",
            "offer__responsible__external_id",
            "offer__responsible__name",
            "offer__responsible__orgnr",
            "totals__attendance_records",
            "totals__dated_records",
            *TOTALS_COLUMNS,
        )
    )
    if not rows:
        return []

    offer_codes: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for offer_pk, field, code in OfferCode.objects.filter(
        offer_id__in=runs.order_by().values("offer_id"), field__in=list(_CODE_ORDER)
    ).values_list("offer_id", "field", "code"):
        offer_codes[offer_pk][field].add(code)

    facts = []
    for row in rows:
        recorded = bool(row["totals__attendance_records"])
        offer = offer_codes.get(row["offer_id"], {})
        facts.append(
            _RunFacts(
                run_id=row["external_id"],
                start=row["start"],
                end=row["end"],
                format=row["format"],
                municipality=row["municipality_id"] or "",
                place=row["place"] or "",
                place_name=row["place_name"] or "",
                offer_pk=row["offer_id"],
                offer_id=row["offer__external_id"],
                offer_title=row["offer__title"],
                theme=row["offer__main_theme"],
                organisation_id=row["offer__responsible__external_id"],
                organisation_name=row["offer__responsible__name"],
                orgnr=row["offer__responsible__orgnr"],
                diagnoses=_ordered(OfferCode.List.DIAGNOSES, offer.get("diagnoser", set())),
                fields=_ordered(OfferCode.List.FIELDS, offer.get("fagfelt", set())),
                sessions=row["n_sessions"],
                dated_records=row["totals__dated_records"] or 0,
                counts={
                    name: row[f"totals__{field}"] if row[f"totals__{field}_known"] else None
                    for name, field in COUNT_FIELDS.items()
                }
                if recorded
                else dict.fromkeys(COUNT_COLUMNS),
            )
        )
    return facts


def npr_rows(organisation_external_id: str, fra: date, til: date) -> list[dict]:
    """One row per counted run, for NPR (specialist care) and KPR (municipal services).

    Keys are `NPR_COLUMNS`; codes are joined with `|`, dates are ISO text, a missing
    answer is None.
    """
    rows = []
    for run in _run_facts(organisation_external_id, fra, til):
        rows.append(
            {
                "organisasjon_id": run.organisation_id,
                "organisasjon_navn": run.organisation_name,
                "orgnr": run.orgnr,
                "tilbud_id": run.offer_id,
                "tilbud_tittel": run.offer_title,
                "hovedtematikk": run.theme,
                "diagnosegrupper": "|".join(run.diagnoses),
                "icd10_blokker": "|".join(icd10_blocks(run.diagnoses)),
                "fagfelt": "|".join(run.fields),
                "gjennomforing_id": run.run_id,
                "start": run.start.isoformat(),
                "slutt": run.end.isoformat() if run.end else None,
                "kommunenummer": run.municipality,
                "format": run.format,
                "antall_samlinger": run.sessions,
                "samlinger_med_oppmote": run.dated_records,
                **run.counts,
                "deltakere_totalt": run.participants,
            }
        )
    return rows


def kostra_rows(organisation_external_id: str, fra: date, til: date) -> list[dict]:
    """Counted runs aggregated per (municipality, year of start, main theme), for KOSTRA.

    The municipality is the run's own, or the responsible organisation's when the run has
    none (a digital run counts where its organiser is); runs with neither come last with
    an empty `kommunenummer`. Keys are `KOSTRA_COLUMNS`; a sum with no known value is None.
    """
    groups: dict[tuple[str, int, str], list[_RunFacts]] = defaultdict(list)
    for run in _run_facts(organisation_external_id, fra, til):
        groups[(run.place, run.start.year, run.theme)].append(run)

    rows = []
    for key in sorted(groups, key=lambda k: (k[0] == "", k)):
        place, year, theme = key
        runs = groups[key]
        rows.append(
            {
                "kommunenummer": place,
                "kommunenavn": runs[0].place_name,
                "ar": year,
                "hovedtematikk": theme,
                "tilbud": len({run.offer_pk for run in runs}),
                "gjennomforinger": len(runs),
                "samlinger": _sum_known(run.sessions for run in runs),
                **{name: _sum_known(run.counts[name] for run in runs) for name in COUNT_COLUMNS},
                "deltakere_totalt": _sum_known(run.participants for run in runs),
            }
        )
    return rows


def write_csv(rows: list[dict], columns: list[str], stream) -> None:
    """CSV in the exchange export's dialect: `;`, CRLF, empty cell for a missing answer.

    The caller opens the file with `encoding="utf-8-sig", newline=""` for the BOM that
    Norwegian Excel needs.
    """
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value(row[name]) for name in columns])


def extract_csv(name: str, organisation_external_id: str, fra: date, til: date) -> bytes:
    """The extract `name` ("npr" or "kostra") as CSV bytes with a BOM, for Norwegian Excel.

    Raises ValueError with a Norwegian message for an unknown organisation or period."""
    build, columns = {"npr": (npr_rows, NPR_COLUMNS), "kostra": (kostra_rows, KOSTRA_COLUMNS)}[name]
    stream = io.StringIO()
    write_csv(build(organisation_external_id, fra, til), columns, stream)
    return stream.getvalue().encode("utf-8-sig")
