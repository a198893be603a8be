from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mestring.catalogue.models import Run
from mestring.catalogue.tests.factories import make_offer, make_run
from mestring.workspace.work import weekly_sessions

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
UTC = ZoneInfo("UTC")


@pytest.fixture
def lms(home):
    return home


@pytest.fixture
def offer(lms):
    return make_offer(external_id="kols", title="KOLS-skole", responsible=lms, session_count=6)


def run_form_data(**overrides) -> dict:
    data = {
        "start": "",
        "end": "",
        "time_of_day": "kveld",
        "venue": "spesialisthelsetjenesten",
        "format": "fysisk",
        "municipality": "0301",
        "address": "Sykehusveien 1",
        "with_municipal_staff": "False",
        "capacity": "12",
        "sessions_mode": "ukentlig",
        "first_date": "2026-03-16",
        "first_time": "18:00",
        "session_count": "6",
        "duration_min": "120",
        "samling-TOTAL_FORMS": "3",
        "samling-INITIAL_FORMS": "0",
        "samling-MIN_NUM_FORMS": "0",
        "samling-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_weekly_sessions_keep_the_time_of_day_across_daylight_saving():
    sessions = weekly_sessions(datetime(2026, 3, 16, 18, 0), 3, 90)
    assert [s.astimezone(OSLO).strftime("%d.%m %H:%M") for s, _ in sessions] == [
        "16.03 18:00",
        "23.03 18:00",
        "30.03 18:00",
    ]
    # Summer time starts 29 March: the same wall clock is an hour earlier in UTC.
    assert [s.astimezone(UTC).hour for s, _ in sessions] == [17, 17, 16]
    assert {duration for _, duration in sessions} == {90}


def test_weekly_sessions_back_to_winter_time():
    first = datetime(2026, 10, 19, 10, 30, tzinfo=OSLO)
    sessions = weekly_sessions(first, 2, 60)
    assert [s.astimezone(UTC).hour for s, _ in sessions] == [8, 9]
    assert sessions[1][0].astimezone(OSLO).strftime("%H:%M") == "10:30"


def test_run_list_shows_the_runs(client, coordinator, offer):
    make_run(offer, sessions=2, external_id="kols-var")
    client.force_login(coordinator)
    response = client.get("/arbeid/tilbud/kols/gjennomforinger/")
    assert response.status_code == 200
    assert "kols-var" in response.content.decode()
    assert "Legg til gjennomføring" in response.content.decode()


def test_add_a_run_with_six_weekly_sessions(client, coordinator, offer):
    client.force_login(coordinator)
    response = client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", run_form_data())
    assert response.status_code == 302
    run = Run.objects.get(offer=offer)
    assert run.external_id == "kols-2026-03-16"
    assert (run.start, run.end) == (date(2026, 3, 16), date(2026, 4, 20))
    assert run.status == "planlagt" and run.capacity == 12 and run.with_municipal_staff is False
    starts = [s.start.astimezone(OSLO) for s in run.sessions.order_by("start")]
    assert len(starts) == 6 and {s.strftime("%A %H:%M") for s in starts} == {"Monday 18:00"}


def test_a_second_run_on_the_same_day_gets_a_suffix(client, coordinator, offer):
    client.force_login(coordinator)
    client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", run_form_data())
    client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", run_form_data())
    assert sorted(offer.runs.values_list("external_id", flat=True)) == [
        "kols-2026-03-16",
        "kols-2026-03-16-2",
    ]


def test_edit_the_session_list(client, coordinator, offer):
    run = make_run(offer, sessions=3, start=date(2026, 9, 1), external_id="kols-h")
    client.force_login(coordinator)
    form = client.get("/arbeid/gjennomforinger/kols-h/endre/").context["form"]
    assert form["sessions_mode"].value() == "liste"
    data = run_form_data(
        sessions_mode="liste",
        start="2026-09-01",
        **{
            "samling-TOTAL_FORMS": "2",
            "samling-INITIAL_FORMS": "0",
            "samling-0-date": "2026-09-01",
            "samling-0-time": "09:00",
            "samling-0-duration_min": "180",
            "samling-1-date": "2026-09-10",
            "samling-1-time": "09:00",
        },
    )
    response = client.post("/arbeid/gjennomforinger/kols-h/endre/", data)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.end == date(2026, 9, 10)
    assert [s.duration_min for s in run.sessions.order_by("start")] == [180, None]


def test_a_run_without_sessions_needs_its_dates(client, coordinator, offer):
    client.force_login(coordinator)
    data = run_form_data(sessions_mode="liste")
    response = client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", data)
    assert response.status_code == 200
    assert "Fyll ut datoen, eller legg inn samlinger." in response.content.decode()
    data = run_form_data(sessions_mode="liste", start="2026-05-02", end="2026-05-01")
    response = client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", data)
    assert "kan ikke være før start" in response.content.decode()
    assert not offer.runs.exists()


def test_physical_runs_need_a_municipality(client, coordinator, offer):
    client.force_login(coordinator)
    response = client.post(
        "/arbeid/tilbud/kols/gjennomforinger/ny/", run_form_data(municipality="")
    )
    assert "Velg kommune, eller velg et digitalt format." in response.content.decode()
    data = run_form_data(municipality="", format="digitalt_direkte", venue="digitalt")
    assert client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", data).status_code == 302


def test_weekly_sessions_need_every_field(client, coordinator, offer):
    client.force_login(coordinator)
    response = client.post("/arbeid/tilbud/kols/gjennomforinger/ny/", run_form_data(first_time=""))
    assert "Feltet må fylles ut for å lage ukentlige samlinger." in response.content.decode()
    assert not offer.runs.exists()


def test_cancel_asks_before_it_cancels(client, coordinator, offer):
    make_run(offer, external_id="kols-v")
    client.force_login(coordinator)
    page = client.get("/arbeid/gjennomforinger/kols-v/avlys/")
    assert "Ja, avlys gjennomføringen" in page.content.decode()
    assert Run.objects.get(external_id="kols-v").status == "planlagt"
    assert client.post("/arbeid/gjennomforinger/kols-v/avlys/").status_code == 302
    assert Run.objects.get(external_id="kols-v").status == "avlyst"


def test_mark_as_held(client, coordinator, offer):
    make_run(offer, external_id="kols-v", start=date.today() - timedelta(days=30))
    client.force_login(coordinator)
    assert client.get("/arbeid/gjennomforinger/kols-v/gjennomfort/").status_code == 405
    client.post("/arbeid/gjennomforinger/kols-v/gjennomfort/")
    assert Run.objects.get(external_id="kols-v").status == "gjennomfort"


def test_a_reader_sees_runs_but_cannot_change_them(client, reader, offer):
    make_run(offer, external_id="kols-v")
    client.force_login(reader)
    page = client.get("/arbeid/tilbud/kols/gjennomforinger/")
    assert page.status_code == 200 and "kols-v" in page.content.decode()
    assert "Legg til gjennomføring" not in page.content.decode()
    assert client.get("/arbeid/tilbud/kols/gjennomforinger/ny/").status_code == 403
    assert client.post("/arbeid/gjennomforinger/kols-v/avlys/").status_code == 403
    assert Run.objects.get(external_id="kols-v").status == "planlagt"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/arbeid/tilbud/kols/gjennomforinger/"),
        ("get", "/arbeid/tilbud/kols/gjennomforinger/ny/"),
        ("post", "/arbeid/tilbud/kols/gjennomforinger/ny/"),
        ("get", "/arbeid/gjennomforinger/kols-v/endre/"),
        ("post", "/arbeid/gjennomforinger/kols-v/endre/"),
        ("get", "/arbeid/gjennomforinger/kols-v/avlys/"),
        ("post", "/arbeid/gjennomforinger/kols-v/avlys/"),
        ("post", "/arbeid/gjennomforinger/kols-v/gjennomfort/"),
        ("get", "/arbeid/gjennomforinger/kols-v/oppmote/"),
        ("post", "/arbeid/gjennomforinger/kols-v/oppmote/"),
    ],
)
def test_an_editor_of_another_organisation_is_refused(client, outsider, offer, method, url):
    make_run(offer, external_id="kols-v")
    client.force_login(outsider)
    assert getattr(client, method)(url).status_code == 403
    assert Run.objects.get(external_id="kols-v").status == "planlagt"


def test_unknown_runs_are_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/arbeid/gjennomforinger/finnes-ikke/oppmote/").status_code == 404
    assert client.get("/arbeid/tilbud/finnes-ikke/gjennomforinger/").status_code == 404
