"""Hostile input through every public and workspace entry point: huge, deep and wide
files, NUL bytes, invalid UTF-8, formula injection, overlong strings, huge integers and
negative page numbers. Every answer is a 4xx or a clear message, never a 5xx, and a
refused request stores nothing."""

import io
import json
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import Workbook, load_workbook

from mestring.accounts.models import Membership
from mestring.accounts.tests.helpers import login_verified
from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, Organisation, Run, Session
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.core.spreadsheet import FORMULA_STARTS, escape_formula, unescape_formula
from mestring.evaluation.models import Evaluation, ImprovementEntry, Response
from mestring.evaluation.tests.factories import make_evaluation
from mestring.exchange.columns import JSON_FORMAT, JSON_VERSION

pytestmark = pytest.mark.django_db

NUL = "kurs\x00navn"
LONG = "x" * 20_000
HUGE_INT = "9" * 5000
HOSTILE_VALUES = {
    "nul": NUL,
    "long": LONG,
    "huge-int": HUGE_INT,
    "huge-exponent": "1e999999999",
    "negative": "-99999999999999999999",
    "formula": '=HYPERLINK("http://x","klikk")',
    "brackets": "[" * 2000,
}
# Every parameter name the public pages and APIs read; unknown ones are ignored.
PARAMETERS = (
    "q side per_side diagnose malgruppe aldersgruppe fagfelt kommune sprak tolk samisk "
    "format gratis uten_henvisning fra til tilbyder region organisasjon page per_page "
    "search taxonomy_term_id taxonomy_id organization_id service_id modified_after "
    "full_service minimal_response _count _id name identifier fylke helseforetak type"
).split()
# Parts of the URL space not meant for these tests: the admin, Django's own views, the
# single sign-on round trip (needs a provider) and log-out.
SKIPPED = ("admin/", "i18n/", "konto/sso/", "konto/logg-ut/", "konto/nytt-passord/")


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.OPEN_DATA_DIR = tmp_path / "apne-data"
    cache.clear()


@pytest.fixture
def world(refdata):
    own = make_organisation(external_id="lms-egen", name="LMS Egen")
    offer = make_offer(external_id="t-1", title="Kurs om mestring", responsible=own)
    run = make_run(offer, external_id="g-1", sessions=2)
    evaluation = make_evaluation(run)
    return {"own": own, "offer": offer, "run": run, "evaluation": evaluation}


@pytest.fixture
def editor(django_user_model, client, world):
    user = django_user_model.objects.create_user("redaktor", password="pw")
    Membership.objects.create(user=user, role="redaktor", organisation=world["own"])
    login_verified(client, user)
    return user


def _counts() -> dict[str, int]:
    models = (Organisation, Offer, Run, Session, Attendance, Evaluation, Response)
    return {model.__name__: model.objects.count() for model in (*models, ImprovementEntry)}


def _urls(world) -> list[str]:
    """Every URL of the site with its parameters filled from the fixture world."""
    values = {
        "external_id": world["offer"].external_id,
        "offer_id": world["offer"].external_id,
        "run_id": world["run"].external_id,
        "provider_id": world["own"].external_id,
        "token": world["evaluation"].token,
        "object_id": "00000000-0000-0000-0000-000000000000",
        "resource_id": "t-1",
        "orgnr": "983974724",
        "name": "kartlegging",
        "model": "tilbud",
        "number": "1",
        "path": "datapackage.json",
        "provider": "helseid",
    }

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    urls = []
    for route in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED) or route.startswith("^"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values.get(match[1], "x"), route).replace(
            "^", ""
        )
        urls.append("/" + path)
    return sorted(set(urls))


def _assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


# Query strings and path parameters on every page and API (GET).


@pytest.mark.parametrize("kind", sorted(HOSTILE_VALUES))
def test_every_get_entry_point_answers_hostile_parameters_without_a_server_error(
    client, editor, world, kind
):
    before = _counts()
    value = HOSTILE_VALUES[kind]
    if kind == "long":
        value = "x" * 2000  # every parameter at once: keep the URL a realistic size
    data = {name: value for name in PARAMETERS if name != "q"}
    client.raise_request_exception = False
    failed = [url for url in _urls(world) if client.get(url, data).status_code >= 500]
    assert failed == []
    assert _counts() == before


def test_path_parameters_with_hostile_values_are_not_found_not_errors(client, editor, world):
    client.raise_request_exception = False
    hostile_ids = ["%00", "%FF%FE", "x" * 5000, HUGE_INT, "-1", "..%2F..%2Fetc%2Fpasswd"]
    urls = [url for url in _urls(world) if "t-1" in url or "g-1" in url or "lms-egen" in url]
    failed = []
    for url in urls:
        for hostile in hostile_ids:
            bad = url.replace("t-1", hostile).replace("g-1", hostile).replace("lms-egen", hostile)
            if client.get(bad).status_code >= 500:
                failed.append(bad[:120])
    assert failed == []


def test_an_address_with_a_nul_is_a_400_before_any_lookup(client, world):
    for path in ("/tilbud/%00/", "/hsds/services/a%00b", "/arbeid/%00"):
        response = client.get(path)
        assert response.status_code == 400
        assert "NUL-tegn" in response.content.decode()


def test_invalid_utf8_and_nul_in_query_strings(client, editor, world):
    client.raise_request_exception = False
    failed = []
    for url in _urls(world):
        for query in ("q=%FF%FE%FD", "side=%C0%AF", "q=%00&fra=%00", "diagnose=%ED%A0%80"):
            if client.get(f"{url}?{query}").status_code >= 500:
                failed.append(f"{url}?{query}")
    assert failed == []


def test_negative_and_huge_page_numbers(client, world):
    for url in ("/tilbud/", "/api/v1/tilbud", "/api/v1/tilbydere", "/hsds/services"):
        for page in ("-1", "0", "-99999999999999999999", HUGE_INT, "1e9", "NaN"):
            for name in ("side", "page", "per_side", "per_page"):
                response = client.get(url, {name: page})
                _assert_no_server_error(response, f"GET {url}?{name}={page[:20]}")


# The search question: cut to 200 characters and eight concepts by the search itself.


@pytest.mark.parametrize("url", ["/tilbud/", "/api/v1/tilbud", "/hsds/services"])
@pytest.mark.parametrize(
    "question",
    [
        pytest.param("ab " * 400, id="400-words"),
        pytest.param("x" * 50_000, id="one-long-word"),
        pytest.param("(" * 500 + "a" + ")" * 500, id="parentheses"),
        pytest.param('"' * 1001 + " OR " * 300 + "-" * 300, id="operators"),
    ],
)
def test_long_search_questions_never_give_a_server_error(client, world, url, question):
    name = "search" if url.startswith("/hsds/") else "q"
    client.raise_request_exception = False
    response = client.get(url, {name: question})
    _assert_no_server_error(response, f"GET {url} with a long question")


# Filter counts.


def test_too_many_filter_values_are_cut_with_a_notice_on_the_page(client, world):
    response = client.get("/tilbud/", {"fagfelt": ["somatikk"] * 500, "diagnose": "x"})
    assert response.status_code == 200
    assert "bare de 20 første er brukt" in response.content.decode()


def test_too_many_filter_values_are_a_400_in_the_api(client, world):
    response = client.get("/api/v1/tilbud", {"fagfelt": ["somatikk"] * 21})
    assert response.status_code == 400
    assert "høyst 20 er lov" in response.content.decode()
    assert client.get("/api/v1/tilbud", {"fagfelt": ["somatikk"] * 20}).status_code == 200


# Forms in the workspace, on the public evaluation page and for logging in (POST).


class _Forms(HTMLParser):
    """The post forms of a page: their action and field names, with default values."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action") or "", {}))
        elif tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            self.forms[-1][1].setdefault(attrs["name"], attrs.get("value") or "")


def _forms(client, url: str) -> list[tuple[str, dict[str, str]]]:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    return [(action or url, fields) for action, fields in parser.forms]


def _stored_text_has_nul() -> bool:
    texts = [
        *Offer.objects.values_list("title", "description", "price_note"),
        *Organisation.objects.values_list("name", "phone"),
        *Response.objects.values_list("free_text"),
        *ImprovementEntry.objects.values_list("evaluated", "learned", "change_next_time"),
    ]
    return any("\x00" in (text or "") for row in texts for text in row)


@pytest.mark.parametrize("kind", sorted(HOSTILE_VALUES))
def test_every_form_refuses_or_stores_hostile_values_without_a_server_error(
    client, editor, world, kind
):
    value = HOSTILE_VALUES[kind]
    pages = [url for url in _urls(world) if url.startswith(("/arbeid/", "/e/", "/konto/"))]
    posted = 0
    for page in pages:
        for action, fields in _forms(client, page):
            if "logg-ut" in action:
                continue
            data = {name: value for name in fields if name != "csrfmiddlewaretoken"}
            response = client.post(action, data)
            _assert_no_server_error(response, f"POST {action} ({kind})")
            posted += 1
    assert posted > 10  # the forms were found
    assert not _stored_text_has_nul()


def test_invalid_utf8_in_form_bodies(client, editor, world):
    body = b"tittel=%FF%FE&beskrivelse=%C0%AF&navn=\xff\xfe"
    for page in ("/arbeid/tilbud/nytt/", f"/e/{world['evaluation'].token}", "/konto/logg-inn/"):
        response = client.generic(
            "POST", page, body, content_type="application/x-www-form-urlencoded"
        )
        _assert_no_server_error(response, f"POST {page} with invalid UTF-8")


def test_evaluation_answers_with_hostile_values_store_nothing(client, world):
    token = world["evaluation"].token
    for value in HOSTILE_VALUES.values():
        data = dict.fromkeys(("q1", "q2", "q3", "q4", "q5", "fritekst", "sprak"), value)
        _assert_no_server_error(client.post(f"/e/{token}", data), "POST evaluation")
    assert Response.objects.count() == 0
    assert not _stored_text_has_nul()


def test_api_bodies_deep_huge_and_invalid(client, editor, world):
    url = f"/api/v1/gjennomforinger/{world['run'].external_id}/oppmote"
    bodies = [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"oppmote": [' + b'{"dato": null, "pasienter": ' + HUGE_INT.encode() + b"}]}",
        b'{"oppmote": [{"dato": null, "pasienter": 1e999999}]}',
        b'{"oppmote": [{"dato": null, "pasienter": -99999999999999999999}]}',
        b'{"oppmote": "\xff\xfe"}',
        b'{"oppmote": [{"dato": "\\u0000"}]}',
        b"\x00" * 1000,
    ]
    before = _counts()
    for body in bodies:
        for method in ("PUT", "POST"):
            response = client.generic(method, url, body, content_type="application/json")
            _assert_no_server_error(response, f"{method} {url} {body[:30]!r}")
    assert _counts() == before


# Files through the import: the workspace upload and `mestring import`.


def _csv(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")


def _json_document(**lists) -> bytes:
    return json.dumps({"format": JSON_FORMAT, "versjon": JSON_VERSION, **lists}).encode()


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def _xlsx(fill) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "tilbud"
    sheet.append(["id", "tittel", "ansvarlig", "hovedtematikk", "status"])
    fill(sheet)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _with_dimension(data: bytes, ref: str) -> bytes:
    """The workbook with the first sheet's stated size replaced by `ref` (a lie)."""
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            content = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), content
                )
            new.writestr(info, content)
    return target.getvalue()


HEADER = "id;tittel;ansvarlig;hovedtematikk;status\r\n"
ROW = "t-9;Kurs;lms-egen;tvers_av_diagnoser;publisert\r\n"
HOSTILE_FILES = {
    "huge-cell": (
        "tilbud.csv",
        (HEADER + "t-9;" + "x" * 140_000 + ";lms-egen;a;b\r\n").encode(),
        "Cellen er for stor",
    ),
    "too-wide": ("tilbud.csv", (HEADER.strip() + ";" * 5000 + "\r\n" + ROW).encode(), "kolonner"),
    "wide-row": (
        "tilbud.csv",
        (HEADER + "t-9" + ";" * 400_000 + "\r\n").encode(),
        "Raden er for lang",
    ),
    "nul": (
        "tilbud.csv",
        (HEADER + "t-9;Kurs\x00;lms-egen;tvers_av_diagnoser;publisert\r\n").encode(),
        "NUL-tegn",
    ),
    "invalid-utf8": (
        "tilbud.csv",
        HEADER.encode() + b"t-9;Kurs \xff\xfe;lms-egen;a;b\r\n",
        "UTF-8",
    ),
    "huge-int": (
        "tilbud.csv",
        (HEADER.strip() + ";antall_samlinger\r\n" + ROW.strip() + ";" + HUGE_INT + "\r\n").encode(),
        "altfor stort tall",
    ),
    "deep-json": (
        "data.json",
        b'{"format": "lm-kjernedatasett", "tilbud": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        "nivåer",
    ),
    "json-huge-int": (
        "data.json",
        _json_document(tilbud=[{"id": "t-9", "antall_samlinger": 10**40}]),
        "altfor stort tall",
    ),
    "json-nul": (
        "data.json",
        _json_document(tilbud=[{"id": "t-9", "tittel": "a\x00b"}]),
        "NUL-tegn",
    ),
    "json-huge-string": (
        "data.json",
        _json_document(tilbud=[{"id": "t-9", "tittel": "x" * 200_000}]),
        "Cellen er for stor",
    ),
    "csv-zip-bomb": (
        "filer.zip",
        _zip({"tilbud.csv": HEADER.encode() + b" " * 30_000_000}),
        "zip-bombe",
    ),
    "xlsx-bomb": ("bok.xlsx", _zip({"[Content_Types].xml": b" " * 30_000_000}), "zip-bombe"),
    "xlsx-wide": (
        "bok.xlsx",
        _xlsx(lambda sheet: sheet.cell(row=2, column=5000, value="x")),
        "kolonner",
    ),
    "xlsx-long": (
        "bok.xlsx",
        _xlsx(lambda sheet: sheet.cell(row=900_000, column=1, value="x")),
        "rader",
    ),
    "xlsx-lying-wide": (
        "bok.xlsx",
        _with_dimension(_xlsx(lambda sheet: sheet.cell(row=2, column=201, value="x")), "A1:E2"),
        "kolonner",
    ),
}


def _place(name: str) -> tuple[str, ...]:
    """How a message names where the problem is: the file, or for a JSON document the
    list ("JSON: tilbud") and for a workbook the sheet ("tilbud")."""
    if name.endswith(".json"):
        return (name, "JSON: tilbud")
    if name.endswith(".xlsx"):
        return (name, "tilbud")
    return (name,)


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_hostile_uploads_get_a_norwegian_message_and_store_nothing(client, editor, world, kind):
    name, data, expected = HOSTILE_FILES[kind]
    before = _counts()
    response = client.post("/arbeid/import/", {"files": [SimpleUploadedFile(name, data)]})
    _assert_no_server_error(response, f"upload {kind}")
    if name.endswith(".zip"):
        # The browser import takes JSON, CSV and XLSX files only; the command takes .zip.
        assert response.status_code == 200
        assert "er ikke en JSON-, CSV- eller XLSX-fil" in response.content.decode()
        return
    assert response.status_code == 302, response.content.decode()[:500]
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    text = preview.content.decode()
    assert expected in text, text[:3000]
    assert any(place in text for place in _place(name))
    commit = client.post(response["Location"] + "lagre/")
    _assert_no_server_error(commit, f"commit {kind}")
    assert _counts() == before


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_hostile_files_through_the_command_line(tmp_path, world, kind):
    name, data, expected = HOSTILE_FILES[kind]
    path = tmp_path / name
    path.write_bytes(data)
    before = _counts()
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", str(path), stderr=errors)
    assert expected in errors.getvalue()
    assert any(place in errors.getvalue() for place in _place(name))
    assert _counts() == before


def test_an_upload_body_over_the_bound_is_refused_before_it_is_read(client, editor):
    response = client.post(
        "/arbeid/import/", {"files": [_csv("tilbud.csv", HEADER)]}, CONTENT_LENGTH=str(10**12)
    )
    assert response.status_code == 413
    assert "Filene er for store" in response.content.decode()


def test_a_long_file_name_is_refused_and_a_nul_is_dropped(client, editor, settings):
    before = _counts()
    response = client.post("/arbeid/import/", {"files": [_csv("x" * 300 + ".csv", HEADER)]})
    assert response.status_code == 200
    assert "Filnavnet er for langt" in response.content.decode()
    # Django's upload parser removes the NUL; the file is then an ordinary tilbud.csv.
    response = client.post("/arbeid/import/", {"files": [_csv("til\x00bud.csv", HEADER)]})
    assert response.status_code == 302
    assert [p.name for p in settings.VAR_DIR.glob("imports/*/*/filer/*")] == ["tilbud.csv"]
    assert _counts() == before


# Formula injection: neutralised in every export, and the import takes it off again.


FORMULAS = [
    '=HYPERLINK("http://x","klikk")',
    "+47 22 00 00 00",
    "-2+3",
    "@SUM(A1:A2)",
    "'allerede en apostrof",
    "'=allerede nøytralisert",
    "''to apostrofer",
]


def test_escape_and_unescape_are_inverse_and_cover_every_formula_start():
    for text in [*FORMULAS, "\tTab", "\rCR", "vanlig", "", "'", "''", "a=b"]:
        escaped = escape_formula(text)
        assert not escaped.startswith(FORMULA_STARTS)
        assert unescape_formula(escaped) == text
    assert escape_formula("=1+1") == "'=1+1"
    assert unescape_formula("'vanlig") == "'vanlig"  # typed by a person: kept


def test_formula_titles_are_neutralised_in_csv_and_xlsx_and_come_back_unchanged(tmp_path, world):
    for number, title in enumerate(FORMULAS):
        make_offer(external_id=f"f-{number}", title=title, responsible=world["own"])
    stored = dict(Offer.objects.values_list("external_id", "title"))
    call_command("export_data", "--format", "csv", "--out", str(tmp_path / "csv"))
    text = (tmp_path / "csv" / "tilbud.csv").read_text(encoding="utf-8-sig")
    for line in text.splitlines()[1:]:
        cells = line.split(";")
        assert not cells[1].lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r")), line
    call_command("export_data", "--format", "xlsx", "--out", str(tmp_path / "bok.xlsx"))
    sheet = load_workbook(tmp_path / "bok.xlsx")["tilbud"]
    for row in sheet.iter_rows(min_row=2):
        assert row[1].data_type == "s"
        assert not str(row[1].value).startswith(("=", "+", "-", "@", "\t"))

    for export in (tmp_path / "csv", tmp_path / "bok.xlsx"):
        Offer.objects.update(title="endret")
        call_command("import_data", str(export), stdout=io.StringIO())
        assert dict(Offer.objects.values_list("external_id", "title")) == stored
