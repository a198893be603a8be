"""The activity report on a hand-made data set, exact and as the public sees it."""

from datetime import date

import pytest

from mestring.activity.models import Attendance
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.statistics.activity import activity, per_100k, period_label
from mestring.statistics.filters import ReportFilter
from mestring.statistics.suppression import protect_report

from .attacker import recoverable

pytestmark = pytest.mark.django_db


def attend(run, day, **counts):
    fields = {
        "pasienter": "patients",
        "parorende": "relatives",
        "barn_som_parorende": "child_relatives",
        "andre_deltakere": "other_participants",
        "brukerrepresentanter": "user_representatives",
        "fagpersoner": "professionals",
    }
    Attendance.objects.create(run=run, date=day, **{fields[k]: v for k, v in counts.items()})


@pytest.fixture
def activity_data(refdata):
    south = make_organisation(external_id="lms-sor", region_id="helse_sor_ost")
    north = make_organisation(external_id="lms-nord", region_id="helse_nord")
    oslo = make_run(make_offer(responsible=south), start=date(2025, 1, 10), sessions=2)
    attend(oslo, date(2025, 1, 10), pasienter=10, parorende=6, barn_som_parorende=2, fagpersoner=2)
    attend(oslo, date(2025, 1, 17), pasienter=9, parorende=5, brukerrepresentanter=1)
    tromso = make_run(
        make_offer(responsible=north), start=date(2025, 4, 2), sessions=1, municipality_id="5501"
    )
    attend(tromso, None, pasienter=3, andre_deltakere=12)
    # Cancelled, and outside the period: not counted.
    cancelled = make_run(make_offer(responsible=south), start=date(2025, 2, 1), status="avlyst")
    attend(cancelled, None, pasienter=50)
    late = make_run(make_offer(responsible=south), start=date(2026, 1, 5))
    attend(late, None, pasienter=50)


def run_report(**kwargs):
    return activity(ReportFilter(fra=date(2025, 1, 1), til=date(2025, 12, 31)), **kwargs)


def test_participants_by_category(activity_data):
    table = run_report().table("deltakere_kategori")
    assert [(r.code, r.count) for r in table.rows] == [
        ("pasienter", 22),  # 10 + 9 + 3
        ("parorende", 11),
        ("barn_som_parorende", 2),
        ("andre_deltakere", 12),
        ("deltakere", 47),
    ]


def test_by_month_and_quarter(activity_data):
    table = run_report().table("aktivitet_periode")
    rows = {r.label: r.values for r in table.rows}
    assert rows["2025-01"]["gjennomforinger"] == 1
    assert rows["2025-01"]["samlinger"] == 2
    assert rows["2025-01"]["deltakere"] == 32  # 10+6+2 + 9+5
    assert rows["2025-01"]["brukerrepresentanter"] == 1
    assert rows["2025-04"]["deltakere"] == 15
    assert rows["Samlet"]["deltakere"] == 47
    quarters = {r.label for r in run_report(step="kvartal").table("aktivitet_periode").rows}
    assert quarters == {"2025 K1", "2025 K2", "Samlet"}


def test_by_region_per_100000(activity_data):
    from mestring.refdata.models import Municipality

    table = run_report().table("aktivitet_region")
    north = table.row("helse_nord").values
    population = sum(
        Municipality.objects.filter(region_id="helse_nord", valid_to__isnull=True).values_list(
            "population", flat=True
        )
    )
    assert north["deltakere"] == 15
    assert north["per_100000"] == per_100k(15, population)
    assert table.row("helse_vest").values["deltakere"] == 0


def test_per_100k_rounds_half_up():
    assert per_100k(1, 80_000) == 1.3  # 1.25
    assert per_100k(0, 1000) == 0.0
    assert per_100k(5, 0) is None


def test_period_labels():
    assert period_label(date(2025, 7, 1), "kvartal") == "2025 K3"
    assert period_label(date(2025, 7, 1), "maned") == "2025-07"
    assert period_label(date(2025, 1, 1), "ar") == "2025"


def test_public_report_hides_small_counts_and_cannot_be_undone(activity_data):
    public = protect_report(run_report(), threshold=5)
    assert public.suppressed
    category = public.table("deltakere_kategori")
    assert category.row("barn_som_parorende").count is None
    assert category.row("barn_som_parorende").suppressed == "primary"
    for table in public.tables:
        if not table.is_wide:
            continue
        exact = run_report().table(table.id)
        keys = ["pasienter", "parorende", "barn_som_parorende", "andre_deltakere", "deltakere"]
        values, hidden = {}, {}
        for i, (row, shown) in enumerate(zip(exact.rows, table.rows, strict=True)):
            for key in keys:
                values[(i, key)] = row.values[key]
                if key in shown.hidden:
                    hidden[(i, key)] = shown.hidden[key]
                    assert shown.values[key] is None
        body = [i for i, row in enumerate(exact.rows) if not row.is_total]
        total = len(exact.rows) - 1
        lines = [([(i, k) for k in keys[:4]], (i, "deltakere")) for i in range(len(exact.rows))]
        lines += [([(i, k) for i in body], (total, k)) for k in keys]
        if hidden and len(hidden) < 40:
            assert recoverable(values, hidden, lines) == [], table.id
        # The rate is hidden with the count it comes from.
        for row in table.rows:
            if "deltakere" in row.hidden and "per_100000" in row.values:
                assert row.values["per_100000"] is None
