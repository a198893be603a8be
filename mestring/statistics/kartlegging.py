"""The survey report `kartlegging`: Tabell 1–9 and the yes/no figures (core dataset §6, §8).

Counts are runs ("rapporterte LMS-tilbud"), mentions (Tabell 4) or LMS (Standard metode);
none is a person count, so nothing here is suppressed. Each table has its own n: the runs
with an answer for that table's field.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from mestring.catalogue import codes
from mestring.catalogue.models import OfferCode, Organisation
from mestring.refdata.models import HealthTrust, Municipality

from .filters import ReportFilter, counted_rows, region_of
from .per_run import compiled, rows_by_session_count
from .tables import Column, Report, Row, Table, count_table

# Tabell 4 reports these diagnosis groups and folds every other code into "annet".
TABLE_4_CODES = ("rus", "demens", "psykose", "depresjon", "angst", "asperger", "tourette", "adhd")
# Tabell 5 leaves out runs with these main themes (footnote 9 of the note).
NOT_IN_TABLE_5 = ("helsepedagogikk", "brukeropplaering")
# Tabell 7 bands, in the note's order (most sessions first).
SESSION_BANDS = (
    ("16+", 16, None),
    ("11-15", 11, 15),
    ("6-10", 6, 10),
    ("2-5", 2, 5),
    ("1", 1, 1),
)
STANDARD_METHOD_THRESHOLD = (4, 5)  # 80 %


def session_band_labels() -> dict[str, str]:
    return {
        "16+": _("16 eller flere samlinger"),
        "11-15": _("11–15 samlinger"),
        "6-10": _("6–10 samlinger"),
        "2-5": _("2–5 samlinger"),
        "1": _("1 samling"),
    }


def session_band(count: int | None) -> str | None:
    """The Tabell 7 band of a run with `count` sessions; None when unknown or zero."""
    if not count:
        return None
    for code, low, high in SESSION_BANDS:
        if count >= low and (high is None or count <= high):
            return code
    return None


def table_4_row(diagnosis: str) -> str:
    return diagnosis if diagnosis in TABLE_4_CODES else "annet"


# The offer-level answers, each a column of `c` (an offer with its counted runs `n`);
# NULL answers are left out of their table.
_ANSWERS = {
    "tabell_3": ("c.theme", ""),
    "tabell_5": ("c.target", f"c.theme NOT IN ({', '.join(repr(t) for t in NOT_IN_TABLE_5)})"),
    "tabell_6": ("c.age", ""),
    "tabell_9": ("c.rep", "c.rep <> 'ingen'"),
    "krav_henvisning": (
        "CASE WHEN c.referral THEN 'ja' WHEN NOT c.referral THEN 'nei' END",
        "",
    ),
    "registreres_som_aktivitet": (
        "CASE WHEN c.registered THEN 'ja' WHEN NOT c.registered THEN 'nei' END",
        "",
    ),
}


def _answers_sql(counted_per_offer: str) -> str:
    """One statement: the runs per answer of every offer-level table, the mentions of
    Tabell 4, and per responsible organisation the runs by Standard metode (1, 0 or NULL
    when unanswered). Rows of (table, answer, standard, runs)."""
    folded = (
        f"CASE WHEN d.code IN ({', '.join(repr(c) for c in TABLE_4_CODES)}) "
        "THEN d.code ELSE 'annet' END"
    )
    branches = [
        f"SELECT '{table}' AS t, CAST({answer} AS varchar(30)) AS a, "  # noqa: S608
        f"CAST(NULL AS integer) AS s, SUM(c.n) AS n "
        f"FROM c {'WHERE ' + condition if condition else ''} GROUP BY {answer}"
        for table, (answer, condition) in _ANSWERS.items()
    ]
    branches.append(
        "SELECT 'tabell_4', f.folded, NULL, SUM(c.n) FROM c JOIN (SELECT DISTINCT "  # noqa: S608
        f"d.offer_id, {folded} AS folded FROM catalogue_offercode AS d "
        f"WHERE d.field = '{OfferCode.List.DIAGNOSES}') AS f ON f.offer_id = c.id "
        f"WHERE c.theme = '{codes.Theme.SPECIFIC_DIAGNOSIS}' GROUP BY f.folded"
    )
    branches.append(
        "SELECT 'ansvarlig', CAST(c.responsible AS varchar(30)), c.standard, SUM(c.n) FROM c "
        "GROUP BY c.responsible, c.standard"
    )
    return (
        "WITH c AS MATERIALIZED (SELECT o.id, o.main_theme AS theme, "  # noqa: S608
        "o.main_target_group AS target, o.age_group AS age, o.user_representative AS rep, "
        "o.requires_referral AS referral, o.registered_as_activity AS registered, "
        "CASE WHEN o.users_in_planning IS NULL OR o.users_in_delivery IS NULL "
        "OR o.users_in_evaluation IS NULL THEN NULL WHEN o.users_in_planning "
        "AND o.users_in_delivery AND o.users_in_evaluation THEN 1 ELSE 0 END AS standard, "
        "o.responsible_id AS responsible, p.n "
        f"FROM ({counted_per_offer}) AS p JOIN catalogue_offer AS o ON o.id = p.offer_id) "
        + " UNION ALL ".join(branches)
    )


@dataclass
class OfferAnswers:
    """Runs per answer of the offer-level tables (table id → answer → runs), and per
    responsible organisation the runs by Standard metode (True, False, None)."""

    tables: dict[str, Counter]
    by_responsible: dict[int, Counter]


def offer_answers(report_filter: ReportFilter) -> OfferAnswers:
    """The offer-level answers added up in the database, in one statement."""
    query = compiled(
        counted_rows(report_filter).order_by().values("offer_id").annotate(n=Count("*"))
    )
    tables: dict[str, Counter] = defaultdict(Counter)
    by_responsible: dict[int, Counter] = defaultdict(Counter)
    if query is None:
        return OfferAnswers(tables, by_responsible)
    inner, params = query
    with connection.cursor() as cursor:
        cursor.execute(_answers_sql(inner), params)
        for table, answer, standard, runs in cursor.fetchall():
            if table == "ansvarlig":
                by_responsible[int(answer)][None if standard is None else bool(standard)] += int(
                    runs
                )
            elif answer:
                tables[table][answer] += int(runs)
    return OfferAnswers(tables, by_responsible)


def _run_facts(report_filter: ReportFilter) -> list[tuple[str | None, str, str, bool | None, int]]:
    """(session band, time of day, venue, with municipal staff, runs) for the counted runs.

    A run's number of sessions is the number of its sessions when it has any, otherwise
    the offer's `antall_samlinger` (§6).
    """
    dims = {"time_of_day": None, "venue": None, "with_municipal_staff": None}
    rows = rows_by_session_count(counted_rows(report_filter), dims)
    return [
        (session_band(sessions), time_of_day, venue, with_staff, n)
        for time_of_day, venue, with_staff, sessions, n in rows
    ]


def _choices(choices) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in choices.choices]


def _yes_no() -> list[tuple[str, str]]:
    return [("ja", _("Ja")), ("nei", _("Nei"))]


def _yes_no_code(answer: bool | None) -> str | None:
    return None if answer is None else ("ja" if answer else "nei")


def _offer_tables(answers: OfferAnswers, regions: dict[int, str | None]) -> dict[str, Table]:
    counters = answers.tables
    by_region: Counter = Counter()
    for responsible, runs in answers.by_responsible.items():
        region = regions.get(responsible)
        if region:
            by_region[region] += sum(runs.values())
    counters["tabell_2"] = by_region
    mentions = counters["tabell_4"]
    unit = _("gjennomføringer")
    diagnoses = _choices(codes.DiagnosisGroup)
    table_4_order = [(c, label) for c, label in diagnoses if c in TABLE_4_CODES]
    table_4_order.append(("annet", _("Annet")))
    return {
        "tabell_2": count_table(
            "tabell_2",
            _("Regionsvis fordeling av rapporterte LMS-tilbud"),
            counters["tabell_2"],
            _choices(codes.RegionCode),
            unit,
        ),
        "tabell_3": count_table(
            "tabell_3",
            _("Hovedtematikk for LMS-tilbudene"),
            counters["tabell_3"],
            _choices(codes.Theme),
            unit,
        ),
        "tabell_4": count_table(
            "tabell_4",
            _("Typer diagnoserettede LMS-tilbud"),
            mentions,
            table_4_order,
            _("omtaler"),
            footnotes=(
                _(
                    "Gjennomføringer med hovedtematikk «Spesifikk diagnose». n er antall "
                    "omtaler: en gjennomføring med flere diagnosegrupper telles i hver rad, "
                    "men bare én gang per rad."
                ),
            ),
        ),
        "tabell_5": count_table(
            "tabell_5",
            _("Hovedmålgrupper for LMS-tilbudene"),
            counters["tabell_5"],
            _choices(codes.TargetGroup),
            unit,
            footnotes=(_("Tilbud innen helsepedagogikk og brukeropplæring er ikke med."),),
        ),
        "tabell_6": count_table(
            "tabell_6",
            _("Aldersgrupper som tilbudene retter seg mot"),
            counters["tabell_6"],
            _choices(codes.AgeGroup),
            unit,
        ),
        "tabell_9": count_table(
            "tabell_9",
            _("Brukerrepresentantenes tilknytning"),
            counters["tabell_9"],
            [c for c in _choices(codes.UserRepresentative) if c[0] != "ingen"],
            unit,
            footnotes=(_("«Ingen brukerrepresentant» regnes som manglende svar."),),
        ),
        "krav_henvisning": count_table(
            "krav_henvisning",
            _("Tilbud som krever henvisning"),
            counters["krav_henvisning"],
            _yes_no(),
            unit,
        ),
        "registreres_som_aktivitet": count_table(
            "registreres_som_aktivitet",
            _("Deltakelse registreres som aktivitet (PAS/EPJ)"),
            counters["registreres_som_aktivitet"],
            _yes_no(),
            unit,
        ),
    }


def _run_tables(report_filter: ReportFilter) -> dict[str, Table]:
    counters: dict[str, Counter] = defaultdict(Counter)
    for band, time_of_day, venue, with_staff, n in _run_facts(report_filter):
        for table_id, answer in (
            ("tabell_7", band),
            ("tabell_8", venue),
            ("tidspunkt", time_of_day),
            ("samarbeid_kommunalt_personell", _yes_no_code(with_staff)),
        ):
            if answer:
                counters[table_id][answer] += n
    runs = _("gjennomføringer")
    bands = session_band_labels()
    return {
        "tabell_7": count_table(
            "tabell_7",
            _("Tilbudenes omfang: antall samlinger per tilbud"),
            counters["tabell_7"],
            [(code, bands[code]) for code, _low, _high in SESSION_BANDS],
            runs,
        ),
        "tabell_8": count_table(
            "tabell_8",
            _("Sted for gjennomføring"),
            counters["tabell_8"],
            _choices(codes.Venue),
            runs,
        ),
        "tidspunkt": count_table(
            "tidspunkt",
            _("Tidspunkt for gjennomføring"),
            counters["tidspunkt"],
            _choices(codes.TimeOfDay),
            runs,
        ),
        "samarbeid_kommunalt_personell": count_table(
            "samarbeid_kommunalt_personell",
            _("Gjennomført i samarbeid med kommunalt personell"),
            counters["samarbeid_kommunalt_personell"],
            _yes_no(),
            runs,
        ),
    }


def _standard_method_tables(
    answers: OfferAnswers, kinds: dict[int, str], registered: dict[int, str | None]
) -> dict[str, Table]:
    answered: Counter = Counter()
    following: Counter = Counter()
    with_runs: set[int] = set()
    for responsible, runs in answers.by_responsible.items():
        if kinds.get(responsible) != codes.ProviderType.LMS:
            continue
        with_runs.add(responsible)
        if runs[True] or runs[False]:
            answered[responsible] += runs[True] + runs[False]
            following[responsible] += runs[True]
    low, high = STANDARD_METHOD_THRESHOLD
    at_least = sum(1 for lms, n in answered.items() if following[lms] * high >= n * low)
    standard = count_table(
        "standard_metode",
        _("LMS som anslår at minst 80 % av tilbudene følger Standard metode"),
        {"minst_80": at_least, "under_80": len(answered) - at_least},
        [("minst_80", _("Minst 80 prosent")), ("under_80", _("Under 80 prosent"))],
        _("LMS"),
        footnotes=(
            _(
                "Andelen regnes per LMS over gjennomføringene i perioden der tilbudet har svar "
                "om brukermedvirkning i planlegging, gjennomføring og evaluering."
            ),
        ),
    )
    by_region: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pk, region in registered.items():
        key = region or ""
        by_region[key][0] += 1
        by_region[key][1] += pk in with_runs
    columns = (
        Column("registrert", _("Registrerte LMS")),
        Column("med_tilbud", _("LMS med tilbud")),
    )
    rows = [
        Row(
            code=code,
            label=label,
            count=by_region[code][1],
            values={"registrert": by_region[code][0], "med_tilbud": by_region[code][1]},
        )
        for code, label in _choices(codes.RegionCode)
    ]
    total = [sum(v[0] for v in by_region.values()), sum(v[1] for v in by_region.values())]
    rows.append(
        Row(
            code="samlet",
            label=_("Samlet"),
            count=total[1],
            values={"registrert": total[0], "med_tilbud": total[1]},
            is_total=True,
        )
    )
    lms_with_offers = Table(
        id="lms_med_tilbud",
        title=_("LMS med tilbud i perioden"),
        n=total[0],
        rows=tuple(rows),
        unit=_("LMS"),
        columns=columns,
    )
    return {"standard_metode": standard, "lms_med_tilbud": lms_with_offers}


def table_1(report_filter: ReportFilter) -> Table:
    """Population, hospital trusts and LMS per region, from reference data (Tabell 1)."""
    regions = _choices(codes.RegionCode)
    if report_filter.region:
        regions = [r for r in regions if r[0] in report_filter.region]
    municipalities = Municipality.objects.filter(valid_to__isnull=True)
    population = dict(
        municipalities.order_by()
        .values("region_id")
        .annotate(p=Sum("population"))
        .values_list("region_id", "p")
    )
    dated = municipalities.order_by("-population_date").values_list("population_date", flat=True)
    trusts = Counter(
        HealthTrust.objects.filter(
            Q(kind=HealthTrust.Kind.HF) | Q(kind=HealthTrust.Kind.PRIVATE, has_catchment=True)
        ).values_list("region_id", flat=True)
    )
    lms = Counter(
        Organisation.objects.filter(
            type__in=(codes.ProviderType.LMS, codes.ProviderType.REGIONAL_LMS)
        )
        .annotate(region_code=region_of())
        .values_list("region_code", flat=True)
    )
    rows = [
        Row(
            code=code,
            label=label,
            count=None,
            values={
                "befolkning": population.get(code, 0),
                "helseforetak": trusts.get(code, 0),
                "lms": lms.get(code, 0),
            },
        )
        for code, label in regions
    ]
    rows.append(
        Row(
            code="samlet",
            label=_("Samlet"),
            count=None,
            values={
                key: sum(r.values[key] or 0 for r in rows)
                for key in ("befolkning", "helseforetak", "lms")
            },
            is_total=True,
        )
    )
    footnotes = [_("Helseforetak omfatter private ideelle sykehus med opptaksområde.")]
    if dated:
        footnotes.insert(
            0, _("Folketall fra SSB per %(date)s.") % {"date": dated[0].strftime("%d.%m.%Y")}
        )
    return Table(
        id="tabell_1",
        title=_(
            "Befolkningsgrunnlag, antall helseforetak og lærings- og mestringssentre "
            "per helseregion"
        ),
        n=None,
        rows=tuple(rows),
        columns=(
            Column("befolkning", _("Befolkning")),
            Column("helseforetak", _("HF/sykehus")),
            Column("lms", _("Regionale LMS og LMS")),
        ),
        footnotes=tuple(footnotes),
    )


TABLE_ORDER = (
    "tabell_1",
    "tabell_2",
    "lms_med_tilbud",
    "standard_metode",
    "tabell_3",
    "tabell_4",
    "tabell_5",
    "tabell_6",
    "tidspunkt",
    "tabell_7",
    "tabell_8",
    "samarbeid_kommunalt_personell",
    "tabell_9",
    "krav_henvisning",
    "registreres_som_aktivitet",
)


def kartlegging(report_filter: ReportFilter) -> Report:
    """The survey report for a period and filter, every table in the note's order."""
    answers = offer_answers(report_filter)
    organisations = {
        pk: (kind, region)
        for pk, kind, region in Organisation.objects.annotate(region_code=region_of()).values_list(
            "pk", "type", "region_code"
        )
    }
    regions = {pk: region for pk, (_kind, region) in organisations.items()}
    kinds = {pk: kind for pk, (kind, _region) in organisations.items()}
    tables = {"tabell_1": table_1(report_filter)}
    tables.update(_offer_tables(answers, regions))
    tables.update(_run_tables(report_filter))
    registered = {pk: regions[pk] for pk, kind in kinds.items() if kind == codes.ProviderType.LMS}
    if report_filter.region:
        registered = {pk: r for pk, r in registered.items() if r in report_filter.region}
    tables.update(_standard_method_tables(answers, kinds, registered))
    return Report(
        id="kartlegging",
        title=_("Kartlegging av lærings- og mestringstilbud"),
        period=(report_filter.fra.isoformat(), report_filter.til.isoformat()),
        filter=report_filter.as_dict(),
        tables=tuple(tables[table_id] for table_id in TABLE_ORDER),
    )
