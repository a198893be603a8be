"""Bulk import in the browser: upload, preview, save or cancel; own organisations only."""

import json
import os

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Revision, Version

from mestring.accounts.models import Membership
from mestring.accounts.tests.helpers import login_verified
from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, Organisation, Run, Session
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.exchange.columns import JSON_FORMAT, JSON_VERSION
from mestring.workspace import importing

pytestmark = pytest.mark.django_db

UPLOAD = "/arbeid/import/"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    cache.clear()


@pytest.fixture
def own(refdata):
    return make_organisation(external_id="lms-egen", name="LMS Egen")


@pytest.fixture
def other(refdata):
    return make_organisation(external_id="lms-annen", name="LMS Annen")


@pytest.fixture
def editor(django_user_model, client, own):
    user = django_user_model.objects.create_user("redaktor", password="pw")
    Membership.objects.create(user=user, role="redaktor", organisation=own)
    client.force_login(user)
    return user


def csv_file(name: str, rows: list[dict]) -> SimpleUploadedFile:
    header = list(dict.fromkeys(key for row in rows for key in row))
    lines = [";".join(header), *(";".join(str(row.get(k, "")) for k in header) for row in rows)]
    return SimpleUploadedFile(name, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode(), "text/csv")


def offer_row(key: str, **values) -> dict:
    row = {"id": key, "tittel": f"Kurs {key}", "ansvarlig": "lms-egen"}
    return row | {"hovedtematikk": "tvers_av_diagnoser", "status": "publisert"} | values


def run_row(key: str, offer: str, **values) -> dict:
    return {"id": key, "tilbud": offer, "start": "2026-11-22", "status": "planlagt"} | values


def upload(client, *files):
    return client.post(UPLOAD, {"files": list(files)})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def import_folders(settings) -> list:
    root = settings.VAR_DIR / "imports"
    return sorted(root.glob("*/*")) if root.exists() else []


def test_a_valid_csv_set_is_previewed_counted_and_then_stored(client, editor, own, settings):
    existing = make_offer(external_id="t-1", title="Gammel tittel", responsible=own)
    files = [
        csv_file("tilbydere.csv", [{"id": "lms-egen", "navn": "LMS Egen", "type": "lms"}]),
        csv_file("tilbud.csv", [offer_row("t-1"), offer_row("t-2")]),
        csv_file("gjennomforinger.csv", [run_row("g-1", "t-2")]),
        csv_file("samlinger.csv", [{"gjennomforing": "g-1", "start": "2026-11-22 18:00"}]),
        csv_file("aktivitet.csv", [{"gjennomforing": "g-1", "pasienter": "7"}]),
    ]

    token = token_of(upload(client, *files))
    page = client.get(reverse("workspace:import-preview", args=[token]))

    counts = dict(page.context["counts"])
    assert (counts["Tilbud"]["created"], counts["Tilbud"]["updated"]) == (1, 1)
    assert counts["Tilbydere"]["updated"] == 1  # the region is left out: a missing answer
    assert counts["Gjennomføringer"]["created"] == 1
    assert counts["Aktivitet"]["created"] == 1
    assert "Lagre" in page.content.decode() and not Run.objects.exists()

    response = client.post(reverse("workspace:import-commit", args=[token]))

    assert response.status_code == 302 and response["Location"] == UPLOAD
    existing.refresh_from_db()
    assert existing.title == "Kurs t-1"
    assert Offer.objects.get(external_id="t-2").responsible == own
    assert Session.objects.filter(run__external_id="g-1").count() == 1
    assert Attendance.objects.get(run__external_id="g-1").patients == 7
    assert import_folders(settings) == []
    revision = Revision.objects.get()
    assert revision.user == editor and revision.comment.startswith("Import: ")
    assert "tilbud.csv" in revision.comment
    assert Version.objects.get_for_object(existing).count() == 1


def test_every_error_is_shown_with_row_and_field_and_nothing_is_stored(client, editor):
    files = [
        csv_file(
            "tilbud.csv",
            [offer_row("t-1", hovedtematikk="ukjent"), offer_row("t-2", pris="gratis")],
        ),
        csv_file("gjennomforinger.csv", [run_row("g-1", "t-1", start="31.02.2026")]),
    ]

    token = token_of(upload(client, *files))
    page = client.get(reverse("workspace:import-preview", args=[token]))

    errors = {(e.source, e.row, e.field) for e in page.context["preview"].errors}
    assert {
        ("tilbud.csv", 2, "hovedtematikk"),
        ("tilbud.csv", 3, "pris"),
        ("gjennomforinger.csv", 2, "start"),
    } <= errors
    html = page.content.decode()
    assert '<th scope="col">Rad</th>' in html and "hovedtematikk" in html
    assert "Lagre</button>" not in html

    response = client.post(reverse("workspace:import-commit", args=[token]))

    assert response.status_code == 302
    assert not Offer.objects.exists() and not Run.objects.exists()
    again = client.get(response["Location"])
    assert "Ingenting ble lagret" in again.content.decode()
    assert len(again.context["preview"].errors) == len(errors)


def test_rows_of_another_provider_are_refused_row_by_row(client, editor, own, other):
    foreign = make_offer(external_id="t-fremmed", responsible=other)
    foreign_run = make_run(foreign, external_id="g-fremmed")
    files = [
        csv_file(
            "tilbydere.csv",
            [
                {"id": "lms-annen", "navn": "Endret navn", "type": "lms"},
                {"id": "lms-ny", "navn": "Ny tilbyder", "type": "lms"},
            ],
        ),
        csv_file(
            "tilbud.csv",
            [
                offer_row("t-ok"),
                offer_row("t-deres", ansvarlig="lms-annen"),
                offer_row("t-fremmed"),  # someone else's offer, claimed for ourselves
            ],
        ),
        csv_file("gjennomforinger.csv", [run_row("g-ok", "t-ok"), run_row("g-deres", "t-fremmed")]),
        csv_file("aktivitet.csv", [{"gjennomforing": "g-fremmed", "pasienter": "3"}]),
    ]

    token = token_of(upload(client, *files))
    preview = client.get(reverse("workspace:import-preview", args=[token])).context["preview"]
    client.post(reverse("workspace:import-commit", args=[token]))

    found = {(e.source, e.row, e.field): e.message for e in preview.errors}
    assert set(found) == {
        ("tilbydere.csv", 2, "id"),
        ("tilbydere.csv", 3, "id"),
        ("tilbud.csv", 3, "ansvarlig"),
        ("tilbud.csv", 4, "id"),
        ("gjennomforinger.csv", 3, "tilbud"),
        ("aktivitet.csv", 2, "gjennomforing"),
    }
    assert found[("tilbud.csv", 3, "ansvarlig")] == (
        "Du kan bare importere tilbud der din organisasjon er ansvarlig."
    )
    assert "Bare administratorer" in found[("tilbydere.csv", 3, "id")]
    assert not Offer.objects.filter(external_id__in=["t-ok", "t-deres"]).exists()
    assert Offer.objects.get(external_id="t-fremmed").responsible == other
    assert Organisation.objects.get(external_id="lms-annen").name == "LMS Annen"
    assert not Attendance.objects.filter(run=foreign_run).exists()


def test_administrators_may_import_new_providers_and_any_offer(
    client, django_user_model, refdata, other
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.no", "pw")
    login_verified(client, admin)
    document = {
        "format": JSON_FORMAT,
        "versjon": JSON_VERSION,
        "tilbydere": [{"id": "lms-ny", "navn": "Ny tilbyder", "type": "lms"}],
        "tilbud": [offer_row("t-1", ansvarlig="lms-ny"), offer_row("t-2", ansvarlig="lms-annen")],
    }
    data = json.dumps(document).encode()

    token = token_of(upload(client, SimpleUploadedFile("alt.json", data, "application/json")))
    assert client.get(reverse("workspace:import-preview", args=[token])).status_code == 200
    client.post(reverse("workspace:import-commit", args=[token]))

    assert Offer.objects.get(external_id="t-1").responsible.external_id == "lms-ny"
    assert Offer.objects.filter(external_id="t-2", responsible=other).exists()


def test_cancel_deletes_the_uploaded_files(client, editor, settings):
    token = token_of(upload(client, csv_file("tilbud.csv", [offer_row("t-1")])))
    assert len(import_folders(settings)) == 1

    response = client.post(reverse("workspace:import-cancel", args=[token]))

    assert response.status_code == 302
    assert import_folders(settings) == []
    assert client.get(reverse("workspace:import-preview", args=[token])).status_code == 404
    assert not Offer.objects.exists()


def test_uploads_nobody_saved_or_cancelled_are_removed_after_a_day(client, editor, settings):
    forgotten = settings.VAR_DIR / "imports" / "99" / ("x" * 32)
    (forgotten / "filer").mkdir(parents=True)
    os.utime(forgotten, (0, 0))

    upload(client, csv_file("tilbud.csv", [offer_row("t-1")]))

    assert not forgotten.exists() and len(import_folders(settings)) == 1


def test_another_users_token_is_not_found(client, editor, own, django_user_model, settings):
    token = token_of(upload(client, csv_file("tilbud.csv", [offer_row("t-1")])))
    colleague = django_user_model.objects.create_user("kollega", password="pw")
    Membership.objects.create(user=colleague, role="redaktor", organisation=own)
    client.force_login(colleague)

    assert client.get(reverse("workspace:import-preview", args=[token])).status_code == 404
    assert client.post(reverse("workspace:import-commit", args=[token])).status_code == 404
    assert client.post(reverse("workspace:import-cancel", args=[token])).status_code == 404
    assert client.get("/arbeid/import/..%2F..%2Fetc/").status_code == 404
    assert len(import_folders(settings)) == 1 and not Offer.objects.exists()


def test_previews_are_limited_per_user_and_hour(client, editor, settings):
    settings.IMPORT_RATE_PER_HOUR = 2
    for _ in range(2):
        assert upload(client, csv_file("tilbud.csv", [offer_row("t-1")])).status_code == 302

    response = upload(client, csv_file("tilbud.csv", [offer_row("t-1")]))

    assert response.status_code == 429
    assert "for mange importer den siste timen" in response.content.decode()
    assert len(import_folders(settings)) == 2


def test_files_that_are_too_large_or_of_another_kind_are_refused(client, editor, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 100)
    big = csv_file("tilbud.csv", [offer_row(f"t-{n}") for n in range(10)])

    too_large = upload(client, big).content.decode()
    wrong_kind = upload(client, SimpleUploadedFile("tilbud.pdf", b"%PDF")).content.decode()
    nothing = client.post(UPLOAD, {}).content.decode()

    assert "Filene er for store" in too_large and "grensen er 100\xa0byte" in too_large
    assert "er ikke en JSON-, CSV- eller XLSX-fil" in wrong_kind
    assert "Velg minst én fil." in nothing


def test_the_upload_page_is_for_editors_only(client, django_user_model, own):
    page = client.get(UPLOAD)
    assert page.status_code == 302 and "/konto/" in page["Location"]
    reader = django_user_model.objects.create_user("leser", password="pw")
    Membership.objects.create(user=reader, role="leser", organisation=own)
    client.force_login(reader)
    assert client.get(UPLOAD).status_code == 403


def test_the_upload_page_has_an_accessible_file_field(client, editor):
    html = client.get(UPLOAD).content.decode()

    assert 'type="file"' in html and "multiple" in html
    assert 'accept=".json,.csv,.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html and '<label for="id_files">' in html
