"""Totals per run stay exact whichever path writes sessions or attendance (ADR 0006)."""

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mestring.accounts.tests.helpers import login_verified
from mestring.activity import report_rows, totals
from mestring.activity.models import Attendance, RunTotals
from mestring.catalogue.models import Offer, Run, Session
from mestring.catalogue.tests.factories import make_offer, make_run
from mestring.exchange.exporters.core import export_data
from mestring.exchange.importer import import_files
from mestring.workspace import work
from mestring.workspace.tests.test_runs import lms, offer, run_form_data  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def assert_exact() -> None:
    """The totals equal a recount, and the report rows (ADR 0007) equal the runs with
    those totals."""
    count, found = totals.drift(limit=5)
    assert (count, found) == (0, [])
    assert report_rows.drift(limit=5) == (0, [])


def stored(run: Run) -> RunTotals | None:
    return RunTotals.objects.filter(run=run).first()


def test_the_triggers_are_installed():
    assert totals.installed_triggers() == totals.expected_triggers()


def test_sessions_and_attendance_add_up(refdata):
    run = make_run(make_offer(), sessions=3)
    Attendance.objects.create(run=run, date=date(2026, 1, 5), patients=4, relatives=None)
    Attendance.objects.create(run=run, date=None, patients=2, user_representatives=1)
    row = stored(run)
    assert (row.sessions, row.attendance_records, row.dated_records) == (3, 2, 1)
    assert (row.patients, row.count("patients")) == (6, 6)
    assert row.count("relatives") is None
    assert row.records_with_user_representatives == 1
    assert_exact()


def test_a_run_without_anything_has_no_row(refdata):
    run = make_run(make_offer(), sessions=2)
    run.sessions.all().delete()
    assert stored(run) is None
    assert_exact()


def test_workspace_forms_keep_the_totals(client, coordinator, offer):  # noqa: F811
    client.force_login(coordinator)
    response = client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", run_form_data())
    assert response.status_code == 302
    run = Run.objects.get(offer=offer)
    assert stored(run).sessions == 6
    days = [(date(2026, 3, 16) + timedelta(weeks=i)).isoformat() for i in range(6)]
    data = {f"d{day}-{name}": "" for day in days for name in work.COUNT_FIELDS}
    data[f"d{days[0]}-pasienter"] = "7"
    data[f"d{days[1]}-brukerrepresentanter"] = "2"
    url = f"/arbeid/gjennomforinger/{run.external_id}/oppmote/"
    assert client.post(url, data).status_code == 302
    row = stored(run)
    assert (row.attendance_records, row.patients, row.user_representatives) == (2, 7, 2)
    # Changing the session list replaces the sessions.
    edit = run_form_data(
        sessions_mode="liste",
        start="2026-03-16",
        **{
            "samling-TOTAL_FORMS": "2",
            "samling-0-date": "2026-03-16",
            "samling-0-time": "18:00",
            "samling-1-date": "2026-03-23",
            "samling-1-time": "18:00",
        },
    )
    assert client.post(f"/arbeid/gjennomforinger/{run.external_id}/endre/", edit).status_code == 302
    assert stored(run).sessions == 2
    assert_exact()


def test_the_attendance_api_keeps_the_totals(client, coordinator, offer):  # noqa: F811
    run = make_run(offer, sessions=2, start=date(2026, 3, 2), external_id="kols-v")
    client.force_login(coordinator)
    url = "/api/v1/gjennomforinger/kols-v/oppmote"
    body = {"oppmote": [{"dato": "2026-03-02", "pasienter": 5}, {"dato": None, "parorende": 3}]}
    response = client.put(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    row = stored(run)
    assert (row.attendance_records, row.patients, row.relatives) == (2, 5, 3)
    body = {"oppmote": [{"dato": "2026-03-02", "pasienter": None}]}
    client.put(url, json.dumps(body), content_type="application/json")
    assert stored(run).attendance_records == 1
    assert_exact()


def test_the_importer_keeps_the_totals(refdata, tmp_path):
    run = make_run(make_offer(status="publisert"), sessions=4)
    Attendance.objects.create(run=run, date=None, patients=9)
    path = tmp_path / "data.json"
    export_data("json", path)
    data = json.loads(path.read_text())
    data["aktivitet"][0]["pasienter"] = 11
    data["gjennomforinger"][0]["samlinger"] = data["gjennomforinger"][0]["samlinger"][:2]
    path.write_text(json.dumps(data))
    import_files([path])
    row = stored(run)
    assert (row.sessions, row.patients) == (2, 11)
    assert_exact()


def test_the_admin_keeps_the_totals(client, django_user_model, refdata):
    admin_client = client
    login_verified(client, django_user_model.objects.create_superuser("a", "a@example.no", "pw"))
    run = make_run(make_offer(), sessions=1)
    response = admin_client.post(
        "/admin/activity/attendance/add/",
        {"run": run.pk, "date": "", "patients": "8", "relatives": "1"},
    )
    assert response.status_code == 302, response.content
    assert stored(run).patients == 8
    record = Attendance.objects.get(run=run)
    response = admin_client.post(
        "/admin/activity/attendance/",
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert stored(run).attendance_records == 0
    assert_exact()


def test_the_demo_generator_keeps_the_totals(refdata):
    call_command("demo", scale="mini", stdout=io.StringIO())
    assert RunTotals.objects.exists()
    assert_exact()


def test_deleting_runs_and_offers_cascades(refdata):
    made = make_offer()
    first = make_run(made, sessions=3)
    second = make_run(made, sessions=2)
    Attendance.objects.create(run=first, date=None, patients=1)
    first.delete()
    assert not RunTotals.objects.filter(run_id=first.pk).exists()
    assert stored(second).sessions == 2
    made.delete()
    assert not RunTotals.objects.exists()
    assert_exact()


def test_bulk_update_and_raw_sql_keep_the_totals(refdata):
    made = make_offer()
    first, second = make_run(made, sessions=3), make_run(made, sessions=1)
    Attendance.objects.create(run=first, date=None, patients=1)
    Session.objects.filter(run=first).update(run=second)
    Attendance.objects.filter(run=first).update(patients=5, relatives=2)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_session WHERE run_id = %s", [second.pk])
    assert stored(first).patients == 5
    assert stored(second) is None
    assert_exact()


def test_the_check_finds_drift_and_repairs_it(refdata):
    run = make_run(make_offer(), sessions=2)
    RunTotals.objects.filter(run=run).update(sessions=7)
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("statistikk", "kontroller", stdout=out)
    assert error.value.returncode == 1
    assert f"gjennomføring {run.pk}: sessions" in out.getvalue()
    call_command("statistikk", "kontroller", "--reparer", stdout=out)
    assert stored(run).sessions == 2
    out = io.StringIO()
    call_command("statistikk", "kontroller", stdout=out)
    assert "stemmer" in out.getvalue()


def test_rebuild_puts_missing_triggers_back(refdata):
    with connection.cursor() as cursor:
        for statement in totals.drop_statements(connection.vendor):
            cursor.execute(statement)
    run = make_run(make_offer(), sessions=2)
    assert stored(run) is None
    call_command("statistikk", "bygg", stdout=io.StringIO())
    assert totals.installed_triggers() == totals.expected_triggers()
    assert stored(run).sessions == 2


# --- Random sequences of writes through every writer ----------------------------------

COUNT = st.one_of(st.none(), st.integers(min_value=0, max_value=30))
DAY = st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2026, 1, 20)))
RUN = st.integers(min_value=0, max_value=2)
OPERATIONS = st.one_of(
    st.tuples(st.just("session"), RUN, st.integers(1, 3)),
    st.tuples(st.just("delete_sessions"), RUN),
    st.tuples(st.just("move_sessions"), RUN, RUN),
    st.tuples(st.just("replace_attendance"), RUN, st.dictionaries(DAY, COUNT, max_size=3)),
    st.tuples(st.just("attendance"), RUN, DAY, COUNT, COUNT),
    st.tuples(st.just("update_attendance"), RUN, COUNT),
    st.tuples(st.just("delete_attendance"), RUN),
    st.tuples(st.just("raw_insert"), RUN, COUNT),
    st.tuples(st.just("delete_run"), RUN),
    st.tuples(st.just("change_run"), RUN, st.dates(date(2025, 12, 20), date(2026, 1, 10))),
    st.tuples(st.just("cancel_runs")),
    st.tuples(st.just("offer_status"), st.sampled_from(["utkast", "publisert", "arkivert"])),
    st.tuples(st.just("delete_offer")),
)


class Rollback(Exception):
    pass


def _apply(operation, runs: list[Run]) -> None:
    name, *args = operation
    run = runs[args[0]] if args and isinstance(args[0], int) else None
    if run is not None and not Run.objects.filter(pk=run.pk).exists():
        return
    start = datetime(2026, 1, 5, 18, tzinfo=UTC)
    if name == "session":
        Session.objects.bulk_create(Session(run=run, start=start) for _ in range(args[1]))
    elif name == "delete_sessions":
        Session.objects.filter(run=run).delete()
    elif name == "move_sessions":
        target = runs[args[1]]
        if Run.objects.filter(pk=target.pk).exists():
            Session.objects.filter(run=run).update(run=target)
    elif name == "replace_attendance":
        rows = {day: {"pasienter": n, "brukerrepresentanter": n} for day, n in args[1].items()}
        work.replace_attendance(run, rows)
    elif name == "attendance":
        day, patients, reps = args[1:]
        if not Attendance.objects.filter(run=run, date=day).exists():
            Attendance.objects.create(
                run=run, date=day, patients=patients, user_representatives=reps
            )
    elif name == "update_attendance":
        Attendance.objects.filter(run=run).update(relatives=args[1])
    elif name == "delete_attendance":
        record = Attendance.objects.filter(run=run).first()
        if record is not None:
            record.delete()
    elif name == "raw_insert":
        if not Attendance.objects.filter(run=run, date=date(2026, 2, 1)).exists():
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO activity_attendance (run_id, date, professionals) "
                    "VALUES (%s, %s, %s)",
                    [run.pk, date(2026, 2, 1), args[1]],
                )
    elif name == "delete_run":
        run.delete()
    elif name == "change_run":
        run.refresh_from_db()
        run.start, run.format, run.municipality_id = args[1], "hybrid", None
        run.save()
    elif name == "offer_status":
        offer = Offer.objects.filter(runs__pk__in=[r.pk for r in runs]).first()
        if offer is not None:
            offer.status = args[0]
            offer.save()
    elif name == "cancel_runs":
        Run.objects.filter(pk__in=[r.pk for r in runs]).update(status="avlyst")
    elif name == "delete_offer":
        Offer.objects.filter(runs__pk=runs[0].pk).delete()


@pytest.fixture
def three_runs(refdata):
    made = make_offer()
    return [make_run(made, sessions=i) for i in range(3)]


@pytest.mark.fuzz
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(OPERATIONS, max_size=12))
def test_random_writes_keep_the_totals_exact(three_runs, operations):
    try:
        with transaction.atomic():
            for operation in operations:
                with transaction.atomic():
                    try:
                        _apply(operation, three_runs)
                    except work.InvalidAttendance:
                        pass
                assert_exact()
            raise Rollback
    except Rollback:
        pass


def test_the_demo_bulk_load_leaves_exact_totals_and_the_triggers(refdata):
    call_command("demo", scale="mini", stdout=io.StringIO())
    call_command("demo", scale="mini", replace=True, stdout=io.StringIO())
    assert totals.installed_triggers() == totals.expected_triggers()
    assert_exact()
    run = Run.objects.filter(sessions__isnull=False).first()
    Session.objects.filter(run=run).delete()
    assert_exact()


def test_a_failed_bulk_load_keeps_the_triggers(refdata):
    with pytest.raises(RuntimeError), transaction.atomic(), totals.bulk_load():
        raise RuntimeError
    assert totals.installed_triggers() == totals.expected_triggers()


def test_deleting_after_the_totals_are_gone_leaves_nothing_behind(refdata):
    # A flush deletes table by table in any order; the totals may already be empty.
    run = make_run(make_offer(), sessions=2)
    Attendance.objects.create(run=run, date=None, patients=1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM activity_runtotals")
        cursor.execute("DELETE FROM catalogue_session")
        cursor.execute("UPDATE activity_attendance SET patients = 2")
        cursor.execute("DELETE FROM activity_attendance")
    assert not RunTotals.objects.exists()
