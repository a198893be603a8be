"""Every output renders the same report: JSON (§8), CSV, XLSX, HTML, PDF, CLI, API, page."""

import csv
import io
import json
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from openpyxl import load_workbook

from mestring.accounts.models import Membership
from mestring.accounts.tests.helpers import login_verified
from mestring.statistics.filters import ReportFilter
from mestring.statistics.kartlegging import kartlegging
from mestring.statistics.render import render

from .test_activity import activity_data  # noqa: F401
from .test_kartlegging import survey  # noqa: F401

pytestmark = pytest.mark.django_db
PERIOD = {"fra": "2025-01-01", "til": "2025-12-31"}


def test_json_follows_the_core_dataset(survey):  # noqa: F811
    report = kartlegging(
        ReportFilter(fra=date(2025, 1, 1), til=date(2025, 12, 31), fagfelt=("psykisk_helse", "rus"))
    )
    data = json.loads(render(report, "json"))
    assert data["rapport"] == "kartlegging"
    assert (data["fra"], data["til"]) == ("2025-01-01", "2025-12-31")
    assert data["filter"] == {"fagfelt": ["psykisk_helse", "rus"]}
    table_3 = next(t for t in data["tabeller"] if t["id"] == "tabell_3")
    assert table_3["tittel"] == "Hovedtematikk for LMS-tilbudene"
    assert table_3["n"] == 6
    assert table_3["rader"][0] == {
        "kode": "spesifikk_diagnose",
        "etikett": "Spesifikk diagnose",
        "antall": 4,
        "andel": 67,
    }


def test_csv_and_xlsx_carry_the_same_numbers(survey):  # noqa: F811
    report = kartlegging(ReportFilter(fra=date(2025, 1, 1), til=date(2025, 12, 31)))
    text = render(report, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    row = next(r for r in rows if r["tabell"] == "tabell_2" and r["kode"] == "helse_vest")
    assert (row["n"], row["antall"], row["andel"]) == ("8", "3", "38")
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["tabell_2"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert ["helse_vest", "Helse Vest", 3, 38] in values


def test_html_and_pdf(survey):  # noqa: F811
    report = kartlegging(ReportFilter(fra=date(2025, 1, 1), til=date(2025, 12, 31)))
    html = render(report, "html").decode()
    assert "Hovedtematikk for LMS-tilbudene" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "<script" not in html
    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 10_000


def test_cli_writes_every_format(survey, tmp_path, capsys):  # noqa: F811
    call_command(
        "rapport",
        "kartlegging",
        "--fra",
        "2025-01-01",
        "--til",
        "2025-12-31",
        "--fagfelt",
        "psykisk_helse,rus",
    )
    data = json.loads(capsys.readouterr().out)
    assert data["filter"] == {"fagfelt": ["psykisk_helse", "rus"]}
    for fmt in ("csv", "xlsx", "html", "pdf"):
        out = tmp_path / f"rapport.{fmt}"
        call_command(
            "rapport",
            "kartlegging",
            "--fra",
            "2025-01-01",
            "--til",
            "2025-12-31",
            "--format",
            fmt,
            "--out",
            str(out),
        )
        assert out.stat().st_size > 500


def test_cli_names_the_bad_field(survey):  # noqa: F811
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="fagfelt: Ukjent verdi «kirurgi»"):
        call_command(
            "rapport",
            "kartlegging",
            "--fra",
            "2025-01-01",
            "--til",
            "2025-12-31",
            "--fagfelt",
            "kirurgi",
        )


def test_api_kartlegging(client, survey):  # noqa: F811
    response = client.get(
        "/api/v1/rapporter/kartlegging", {**PERIOD, "fagfelt": ["psykisk_helse", "rus"]}
    )
    assert response.status_code == 200
    data = response.json()
    assert next(t for t in data["tabeller"] if t["id"] == "tabell_3")["n"] == 6


def test_api_reports_bad_input_as_problem(client, survey):  # noqa: F811
    response = client.get(
        "/api/v1/rapporter/kartlegging", {"fra": "2025-02-30", "til": "2025-12-31"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["feil"][0]["felt"] == "fra"


def category(data, code):
    table = next(t for t in data["tabeller"] if t["id"] == "deltakere_kategori")
    return next(r for r in table["rader"] if r["kode"] == code)


def test_public_api_hides_small_counts_analysts_see_them(client, activity_data):  # noqa: F811
    data = client.get("/api/v1/rapporter/aktivitet", PERIOD).json()
    assert category(data, "barn_som_parorende") == {
        "kode": "barn_som_parorende",
        "etikett": "Barn som pårørende",
        "antall": None,
        "andel": None,
        "skjult": "<5",
        "verdier": None,
        "skjulte_verdier": None,
        "sum": None,
    }
    assert data["prikket"] is True
    analyst = User.objects.create_user("analytiker", password="x")  # noqa: S106
    Membership.objects.create(user=analyst, role="analytiker")
    login_verified(client, analyst)
    data = client.get("/api/v1/rapporter/aktivitet", PERIOD).json()
    assert category(data, "barn_som_parorende")["antall"] == 2


def test_report_page_and_downloads(client, survey):  # noqa: F811
    response = client.get("/statistikk/kartlegging/", PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hovedtematikk for LMS-tilbudene" in page
    for fmt in ("PDF", "XLSX", "CSV", "JSON"):
        assert f">{fmt}</a>" in page
    download = client.get("/statistikk/kartlegging/", {**PERIOD, "format": "xlsx"})
    assert (
        download["Content-Disposition"]
        == 'attachment; filename="kartlegging_2025-01-01_2025-12-31.xlsx"'
    )


def test_report_page_shows_errors_next_to_the_field(client, survey):  # noqa: F811
    response = client.get("/statistikk/kartlegging/", {"fra": "2025-12-31", "til": "2025-01-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "til kan ikke være før fra." in page


def test_unknown_report_is_404(client, refdata):
    assert client.get("/statistikk/ukjent/").status_code == 404


def test_providers_see_their_own_figures_exactly(client, activity_data):  # noqa: F811
    from mestring.catalogue.models import Organisation

    editor = User.objects.create_user("redaktor", password="x")  # noqa: S106
    Membership.objects.create(
        user=editor, role="redaktor", organisation=Organisation.objects.get(external_id="lms-sor")
    )
    client.force_login(editor)
    everyone = client.get("/api/v1/rapporter/aktivitet", PERIOD).json()
    assert category(everyone, "barn_som_parorende")["antall"] is None
    own = client.get("/api/v1/rapporter/aktivitet", {**PERIOD, "organisasjon": "lms-sor"}).json()
    assert category(own, "barn_som_parorende")["antall"] == 2
    other = client.get("/api/v1/rapporter/aktivitet", {**PERIOD, "organisasjon": "lms-nord"}).json()
    assert category(other, "pasienter")["antall"] is None  # 3 patients in the north


def test_registry_extracts_through_the_api_for_the_provider_only(client, activity_data):  # noqa: F811
    from mestring.catalogue.models import Organisation

    query = {**PERIOD, "organisasjon": "lms-sor"}
    assert client.get("/api/v1/rapporter/npr", query).status_code == 401
    editor = User.objects.create_user("redaktor", password="x")  # noqa: S106
    Membership.objects.create(
        user=editor, role="redaktor", organisation=Organisation.objects.get(external_id="lms-sor")
    )
    client.force_login(editor)
    response = client.get("/api/v1/rapporter/npr", query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["pasienter"] for row in rows] == ["19"]  # 10 + 9, the cancelled run left out
    kostra = client.get("/api/v1/rapporter/kostra", query)
    assert kostra.status_code == 200
    other = client.get("/api/v1/rapporter/npr", {**PERIOD, "organisasjon": "lms-nord"})
    assert other.status_code == 403
    assert other["Content-Type"] == "application/problem+json"
    unknown = client.get("/api/v1/rapporter/npr", {**PERIOD, "organisasjon": "finnes-ikke"})
    assert unknown.status_code == 404


def test_report_text_names_the_selection_in_norwegian(client, survey):  # noqa: F811
    report = kartlegging(
        ReportFilter(
            fra=date(2025, 1, 1),
            til=date(2025, 12, 31),
            region=("helse_nord",),
            fagfelt=("psykisk_helse", "rus"),
            kommune=("5501",),
        )
    )
    html = render(report, "html").decode()
    assert "Periode: 01.01.2025–31.12.2025" in html
    assert "Utvalg: Fagfelt: Psykisk helse, Rus; Helseregion: Helse Nord; Kommune: Tromsø" in html
    assert "helse_nord" not in html.split("<main>")[0]
    sheet = load_workbook(io.BytesIO(render(report, "xlsx")))["tabell_2"]
    values = [[c.value for c in r] for r in sheet.iter_rows(max_row=4)]
    assert ["Periode", "01.01.2025–31.12.2025", None, None] in values
    page = client.get("/statistikk/kartlegging/", {**PERIOD, "region": "helse_nord"})
    assert "Utvalg: Helseregion: Helse Nord." in page.content.decode()
    assert "region = helse_nord" not in page.content.decode()


def test_the_small_count_mark_follows_the_threshold(client, activity_data, settings):  # noqa: F811
    settings.SUPPRESSION_THRESHOLD = 3
    data = client.get("/api/v1/rapporter/aktivitet", PERIOD).json()
    assert category(data, "barn_som_parorende")["skjult"] == "<3"
    page = client.get("/statistikk/aktivitet/", PERIOD).content.decode()
    assert "&lt;3" in page and "&lt;5" not in page
