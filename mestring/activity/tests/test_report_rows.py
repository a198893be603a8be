"""The report row per run stays exact whichever path writes runs, sessions or attendance
(ADR 0007). The writers of sessions and attendance are those of test_totals.py; each of
its tests ends in `assert_exact`, which checks the report rows as well."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from mestring.activity import report_rows
from mestring.activity.models import Attendance, ReportRun
from mestring.catalogue.models import Offer, Run
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db


def assert_rows_exact() -> None:
    assert report_rows.drift(limit=5) == (0, [])


def test_the_triggers_are_installed():
    assert report_rows.installed_triggers() == report_rows.expected_triggers()


def test_a_run_has_its_row_with_its_totals(refdata):
    run = make_run(make_offer(), sessions=3, start=date(2025, 11, 3))
    Attendance.objects.create(run=run, date=None, patients=4, user_representatives=2)
    row = ReportRun.objects.get(run=run)
    assert (row.start, row.year, row.month) == (date(2025, 11, 3), 2025, 11)
    assert (row.offer_id, row.municipality_id, row.counted) == (
        run.offer_id,
        run.municipality_id,
        True,
    )
    assert row.responsible_id == run.offer.responsible_id
    assert (row.sessions, row.attendance_records, row.patients) == (3, 1, 4)
    assert (row.records_with_user_representatives, row.user_representatives) == (1, 2)
    assert_rows_exact()


def test_a_run_without_anything_registered_has_zeros(refdata):
    run = make_run(make_offer(), sessions=2)
    run.sessions.all().delete()
    row = ReportRun.objects.get(run=run)
    assert (row.sessions, row.attendance_records, row.patients) == (0, 0, 0)
    assert_rows_exact()


def test_changing_a_run_changes_its_row(refdata):
    run = make_run(make_offer(), sessions=1, start=date(2025, 1, 31))
    other = make_offer(external_id="annet")
    Run.objects.filter(pk=run.pk).update(
        start=date(2026, 2, 1), status="avlyst", offer=other, municipality_id="4601"
    )
    row = ReportRun.objects.get(run=run)
    assert (row.year, row.month, row.counted, row.offer_id) == (2026, 2, False, other.pk)
    assert (row.municipality_id, row.sessions) == ("4601", 1)
    run.refresh_from_db()
    run.status = "gjennomfort"
    run.save()
    assert ReportRun.objects.get(run=run).counted is True
    assert_rows_exact()


def test_the_offers_status_and_provider_follow_to_its_runs(refdata):
    offer = make_offer()
    first, second = make_run(offer, sessions=1), make_run(offer, status="avlyst")
    untouched = make_run(make_offer(), sessions=1)
    other_provider = make_organisation(external_id="lms-annet")
    Offer.objects.filter(pk=offer.pk).update(status="utkast")
    assert set(ReportRun.objects.filter(counted=True).values_list("run_id", flat=True)) == {
        untouched.pk
    }
    offer.refresh_from_db()
    offer.status, offer.responsible = "arkivert", other_provider
    offer.save()
    rows = {r.run_id: r for r in ReportRun.objects.all()}
    assert (rows[first.pk].counted, rows[second.pk].counted) == (True, False)
    assert rows[first.pk].responsible_id == rows[second.pk].responsible_id == other_provider.pk
    assert rows[untouched.pk].responsible_id == untouched.offer.responsible_id
    Offer.objects.filter(pk=offer.pk).update(title="Bare tittelen")
    assert_rows_exact()


def test_deleting_runs_and_offers_removes_their_rows(refdata):
    offer = make_offer()
    first, second = make_run(offer, sessions=2), make_run(offer, sessions=1)
    Attendance.objects.create(run=first, date=None, patients=1)
    first.delete()
    assert list(ReportRun.objects.values_list("run_id", flat=True)) == [second.pk]
    offer.delete()
    assert not ReportRun.objects.exists()
    assert_rows_exact()


def test_a_raw_insert_of_a_run_gets_its_row(refdata):
    offer = make_offer()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalogue_run (external_id, offer_id, start, time_of_day, venue, "
            "format, address, join_instructions, status, created_at, updated_at) "
            "VALUES ('raw', %s, %s, '', '', 'fysisk', '', '', 'planlagt', %s, %s)",
            [offer.pk, date(2025, 6, 1), date(2025, 6, 1), date(2025, 6, 1)],
        )
    assert ReportRun.objects.get(run__external_id="raw").month == 6
    assert_rows_exact()


def test_runs_written_before_their_offer_get_rows_when_it_comes(refdata):
    offer = make_offer()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalogue_run (external_id, offer_id, start, time_of_day, venue, "
            "format, address, join_instructions, status, created_at, updated_at) "
            "VALUES ('forst', %s, %s, '', '', 'fysisk', '', '', 'planlagt', %s, %s)",
            [offer.pk + 1000, date(2025, 6, 1), date(2025, 6, 1), date(2025, 6, 1)],
        )
        assert not ReportRun.objects.exists()
        values = {
            k: v for k, v in Offer.objects.filter(pk=offer.pk).values()[0].items() if k != "id"
        }
        values["external_id"] = "kommer-etter"
        Offer.objects.create(id=offer.pk + 1000, **values)
        row = ReportRun.objects.get(run__external_id="forst")
        assert (row.offer_id, row.counted) == (offer.pk + 1000, True)
        assert_rows_exact()


def test_the_check_finds_drift_in_report_rows_and_repairs_it(refdata):
    run = make_run(make_offer(), sessions=2)
    ReportRun.objects.filter(run=run).update(sessions=9, month=1)
    other = make_run(make_offer(external_id="annet"), sessions=1)
    ReportRun.objects.filter(run=other).delete()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("statistikk", "kontroller", stdout=out)
    text = out.getvalue()
    assert f"gjennomføring {run.pk}: month, sessions" in text
    assert f"gjennomføring {other.pk}: rad mangler" in text
    call_command("statistikk", "kontroller", "--reparer", stdout=io.StringIO())
    assert_rows_exact()


def test_rebuild_puts_missing_report_row_triggers_back(refdata):
    with connection.cursor() as cursor:
        for statement in report_rows.drop_statements(connection.vendor):
            cursor.execute(statement)
    run = make_run(make_offer(), sessions=2)
    assert not ReportRun.objects.filter(run=run).exists()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("statistikk", "kontroller", stdout=out)
    assert "Mangler triggere" in out.getvalue()
    call_command("statistikk", "bygg", stdout=io.StringIO())
    assert report_rows.installed_triggers() == report_rows.expected_triggers()
    assert ReportRun.objects.get(run=run).sessions == 2
