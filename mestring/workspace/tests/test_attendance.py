from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from mestring.activity.models import Attendance
from mestring.catalogue.tests.factories import make_run

from .test_runs import lms, offer  # noqa: F401

pytestmark = pytest.mark.django_db
COLUMNS = [
    "pasienter",
    "parorende",
    "barn_som_parorende",
    "andre_deltakere",
    "brukerrepresentanter",
    "fagpersoner",
]
URL = "/arbeid/gjennomforinger/kols-v/oppmote/"


class FormFields(HTMLParser):
    """Counts the fields of each table body row and the submit buttons of the form."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[dict]] = []
        self.submits = 0
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("input", "select", "textarea") and self.in_body:
            self.rows[-1].append(attrs)
        if (tag == "button" and attrs.get("type", "submit") == "submit") or (
            tag == "input" and attrs.get("type") == "submit"
        ):
            self.submits += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False


def parse(response) -> FormFields:
    form = response.content.decode().split('<form method="post" class="attendance-form"')[1]
    parser = FormFields()
    parser.feed(form.split("</form>")[0])
    return parser


@pytest.fixture
def run(offer):  # noqa: F811
    return make_run(offer, sessions=6, start=date(2026, 3, 2), external_id="kols-v")


def post_data(days, **values) -> dict:
    data = {f"d{day}-{name}": "" for day in days for name in COLUMNS}
    return {**data, **values}


DAYS = [f"2026-{month:02}-{day:02}" for month, day in [(3, 2), (3, 9), (3, 16), (3, 23), (3, 30)]]
DAYS.append("2026-04-06")


def test_one_compact_form_per_run(client, coordinator, run):  # noqa: F811
    client.force_login(coordinator)
    page = parse(client.get(URL))
    assert len(page.rows) == 6
    assert all(len(fields) <= 7 for fields in page.rows)
    assert page.submits == 1
    first = page.rows[0]
    assert [f["name"] for f in first] == [f"d2026-03-02-{name}" for name in COLUMNS]
    assert {f["inputmode"] for f in first} == {"numeric"}
    assert first[0]["aria-labelledby"] == "rad-d2026-03-02 kol-pasienter"


def test_attendance_for_six_sessions_in_one_post(client, coordinator, run):  # noqa: F811
    client.force_login(coordinator)
    values = {f"d{day}-pasienter": str(10 + i) for i, day in enumerate(DAYS)}
    values |= {f"d{day}-fagpersoner": "2" for day in DAYS}
    response = client.post(URL, post_data(DAYS, **values))
    assert response.status_code == 302
    rows = Attendance.objects.filter(run=run).order_by("date")
    assert [r.patients for r in rows] == [10, 11, 12, 13, 14, 15]
    assert {r.professionals for r in rows} == {2}
    assert {r.relatives for r in rows} == {None}


def test_empty_means_not_given_and_a_row_left_empty_stores_nothing(client, coordinator, run):  # noqa: F811
    client.force_login(coordinator)
    client.post(URL, post_data(DAYS, **{"d2026-03-02-parorende": "0"}))
    record = Attendance.objects.get(run=run)
    assert (record.date, record.relatives, record.patients) == (date(2026, 3, 2), 0, None)
    client.post(URL, post_data(DAYS))
    assert not Attendance.objects.filter(run=run).exists()


def test_invalid_input_saves_nothing(client, coordinator, run):  # noqa: F811
    Attendance.objects.create(run=run, date=date(2026, 3, 2), patients=7)
    client.force_login(coordinator)
    values = {
        "d2026-03-02-pasienter": "8",
        "d2026-03-09-pasienter": "-1",
        "d2026-03-16-parorende": "fem",
        "d2026-03-23-fagpersoner": "20000",
    }
    response = client.post(URL, post_data(DAYS, **values))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tallet kan ikke være negativt." in html
    assert "Skriv et helt tall, for eksempel 5." in html
    assert "Tallet er urimelig høyt" in html
    assert 'id="feiloppsummering"' in html and 'href="#id_d2026-03-09-pasienter"' in html
    assert 'id="id_d2026-03-09-pasienter_error"' in html
    assert list(Attendance.objects.filter(run=run).values_list("patients", flat=True)) == [7]


def test_totals_per_row_and_column(client, coordinator, run):  # noqa: F811
    client.force_login(coordinator)
    values = {
        "d2026-03-02-pasienter": "5",
        "d2026-03-02-parorende": "3",
        "d2026-03-02-fagpersoner": "2",
        "d2026-03-09-pasienter": "4",
    }
    response = client.post(URL, post_data(DAYS, **values), follow=True)
    context = response.context
    assert [row["total"] for row in context["rows"]] == [8, 4, None, None, None, None]
    assert context["column_totals"] == [9, 3, None, None, None, 2]
    assert context["total"] == 12
    assert "Oppmøtet er lagret." in response.content.decode()
    assert 'value="5"' in response.content.decode()


def test_a_run_without_sessions_has_one_row(client, coordinator, offer):  # noqa: F811
    run = make_run(offer, external_id="kols-v", start=date(2026, 3, 2))
    client.force_login(coordinator)
    page = parse(client.get(URL))
    assert len(page.rows) == 1 and page.rows[0][0]["name"] == "hele-pasienter"
    client.post(URL, {f"hele-{name}": "1" for name in COLUMNS})
    assert Attendance.objects.get(run=run).date is None


def test_a_reader_sees_the_numbers_but_cannot_change_them(client, reader, run):  # noqa: F811
    Attendance.objects.create(run=run, date=date(2026, 3, 2), patients=7)
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    page = parse(response)
    assert page.submits == 0 and all(fields == [] for fields in page.rows)
    assert ">7<" in response.content.decode()
    assert client.post(URL, post_data(DAYS, **{"d2026-03-02-pasienter": "1"})).status_code == 403
    assert Attendance.objects.get(run=run).patients == 7


def test_sessions_that_have_not_happened_get_no_inputs(client, coordinator, offer):  # noqa: F811
    today = timezone.localdate()
    run = make_run(offer, sessions=3, start=today - timedelta(weeks=1), external_id="kols-v")
    client.force_login(coordinator)
    response = client.get(URL)
    page = parse(response)
    # Last week's and today's session can be recorded; next week's cannot.
    assert [len(fields) for fields in page.rows] == [6, 6, 0]
    assert "ikke holdt ennå" in response.content.decode()
    later = today + timedelta(weeks=1)
    data = {f"d{later:%Y-%m-%d}-pasienter": "4", f"d{today:%Y-%m-%d}-pasienter": "5"}
    refused = client.post(URL, data)
    assert refused.status_code == 200
    assert "har ikke vært ennå" in refused.content.decode()
    assert not Attendance.objects.filter(run=run).exists()
    client.post(URL, {f"d{today:%Y-%m-%d}-pasienter": "5"})
    assert list(Attendance.objects.filter(run=run).values_list("date", "patients")) == [(today, 5)]


def test_a_run_that_has_not_started_offers_nothing_to_fill_in(client, coordinator, offer):  # noqa: F811
    make_run(offer, sessions=2, external_id="kols-v")  # starts in two weeks
    client.force_login(coordinator)
    response = client.get(URL)
    page = parse(response)
    assert page.submits == 0 and all(fields == [] for fields in page.rows)
    assert "Ingen av samlingene har vært ennå" in response.content.decode()
    whole = make_run(offer, external_id="uten-samlinger")
    refused = client.post(
        "/arbeid/gjennomforinger/uten-samlinger/oppmote/", {"hele-pasienter": "3"}
    )
    assert "har ikke startet ennå" in refused.content.decode()
    assert not Attendance.objects.filter(run=whole).exists()
