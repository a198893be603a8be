"""The parsing layer of /api/v1: every bad parameter is a 400 problem+json that names it
and says what it allows; the filter codes are the codes the API returns."""

import pytest
from django.core.management import call_command

from mestring.catalogue.models import Run
from mestring.catalogue.tests.factories import make_offer, make_run

pytestmark = pytest.mark.django_db


def problem(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["feil"]


@pytest.mark.parametrize(
    ("url", "name", "allowed"),
    [
        ("/api/v1/tilbud?side=0", "side", "minst 1"),
        ("/api/v1/tilbud?side=-3", "side", "minst 1"),
        ("/api/v1/tilbud?side=99999999999999999999999", "side", "høyst 100000"),
        ("/api/v1/tilbud?per_side=1000", "per_side", "høyst 100"),
        ("/api/v1/tilbud?side=", "side", "heltall"),
        ("/api/v1/tilbud?side=1&side=2", "side", "én gang"),
        ("/api/v1/tilbud?q=a%00b", "q", "NUL"),
        ("/api/v1/tilbud?format=", "format", "digitalt_direkte"),
        ("/api/v1/tilbud?format=teleport", "format", "digitalt_selvstudium"),
        ("/api/v1/tilbud?diagnose=x", "diagnose", "diabetes"),
        ("/api/v1/tilbud?tolk=kanskje", "tolk", "'ja'"),
        ("/api/v1/tilbud?kommune=301", "kommune", "[0-9]{4}"),
        ("/api/v1/tilbydere?type=x", "type", "lms"),
        (
            "/api/v1/rapporter/aktivitet?fra=2024-01-01&til=2024-12-31&inndeling=uke",
            "inndeling",
            "kvartal",
        ),
        (
            "/api/v1/rapporter/dekning?fra=2024-01-01&til=2024-12-31&fagfelt=rus,x",
            "fagfelt",
            "somatikk",
        ),
    ],
)
def test_bad_parameters_are_named_with_what_they_allow(client, url, name, allowed):
    errors = problem(client, url)
    assert [e["felt"] for e in errors] == [name]
    assert allowed in errors[0]["melding"]


@pytest.mark.parametrize("day", ["2024-02-30", "2023-13-01", "0000-00-00"])
def test_impossible_dates_are_400(client, refdata, day):
    assert problem(client, f"/api/v1/tilbud?fra={day}")[0]["felt"] == "fra"
    url = f"/api/v1/rapporter/kartlegging?fra={day}&til=2024-12-31"
    assert problem(client, url)[0]["felt"] == "fra"


def test_comma_separated_report_codes_still_work(client, refdata):
    url = "/api/v1/rapporter/kartlegging?fra=2024-01-01&til=2024-12-31&fagfelt=rus,somatikk"
    assert client.get(url).status_code == 200


@pytest.fixture
def catalogue(refdata):
    call_command("demo", "--scale", "mini", "--seed", "7", verbosity=0)
    # An upcoming run in every format, whatever the generator happens to draw.
    for run_format in ("fysisk", "digitalt_direkte", "hybrid", "digitalt_selvstudium"):
        offer = make_offer(title=f"Kurs ({run_format})")
        make_run(
            offer,
            format=run_format,
            municipality_id=None if run_format.startswith("digitalt") else "0301",
        )


def ids(client, query: str) -> set[str]:
    response = client.get(f"/api/v1/tilbud?per_side=100&{query}")
    assert response.status_code == 200, response.content[:300]
    return {r["id"] for r in response.json()["resultater"]}


def offers_with_upcoming(formats) -> set[str]:
    from django.utils import timezone

    runs = Run.objects.filter(
        format__in=formats,
        status="planlagt",
        start__gte=timezone.localdate(),
        offer__status="publisert",
    )
    return set(runs.values_list("offer__external_id", flat=True))


@pytest.mark.parametrize(
    ("code", "alias", "formats"),
    [
        ("digitalt_direkte", "digitalt", ("digitalt_direkte", "hybrid")),
        ("digitalt_selvstudium", "selvstudium", ("digitalt_selvstudium",)),
        ("fysisk", "fysisk", ("fysisk", "hybrid")),
    ],
)
def test_format_filter_takes_the_codes_it_returns_and_the_old_aliases(
    client, catalogue, code, alias, formats
):
    expected = offers_with_upcoming(formats)
    assert expected, "the demo data has upcoming runs in every format"
    assert ids(client, f"format={code}") == ids(client, f"format={alias}") == expected


def test_hybrid_alone_and_with_self_study(client, catalogue):
    assert ids(client, "format=hybrid") == offers_with_upcoming(("hybrid",))
    both = ids(client, "format=hybrid&format=digitalt_selvstudium")
    assert both == offers_with_upcoming(("hybrid", "digitalt_selvstudium"))


def test_returned_formats_are_accepted_filter_values(client, catalogue):
    cards = client.get("/api/v1/tilbud?per_side=100").json()["resultater"]
    returned = {c["neste_gjennomforing"]["format"] for c in cards if c["neste_gjennomforing"]}
    returned.discard(None)
    assert returned
    for code in returned:
        assert client.get(f"/api/v1/tilbud?format={code}").status_code == 200
