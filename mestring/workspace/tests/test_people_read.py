"""What people read in the workspace: titles, dates and language names, never ids or codes;
after publishing, the next step is the first run."""

import re
from datetime import date

import pytest

from mestring.catalogue.tests.factories import make_offer, make_run
from mestring.workspace.offer_forms import language_code

from .test_runs import lms, offer, run_form_data  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written, code",
    [("polsk", "pl"), ("Arabisk", "ar"), (" tigrinja ", "ti"), ("so", "so"), ("nordsamisk", "se")],
)
def test_languages_are_found_by_their_norwegian_name(written, code):
    assert language_code(written) == code


def test_an_unknown_language_is_none():
    assert language_code("klingon-ish") is None


def test_languages_are_chosen_and_shown_by_name(client, coordinator, lms):  # noqa: F811
    chosen = make_offer(responsible=lms, codes={"sprak": ["nb", "pl", "ar"]})
    client.force_login(coordinator)
    page = client.get(f"/arbeid/tilbud/{chosen.external_id}/steg/2/").content.decode()
    labels = re.findall(r'<label for="id_sprak_\d+">([^<]+)</label>', page)
    assert labels[:5] == ["Norsk bokmål", "Norsk nynorsk", "Nordsamisk", "Lulesamisk", "Sørsamisk"]
    assert 'value="arabisk, polsk"' in page
    assert "ISO 639" not in page


def test_after_publishing_the_next_step_is_the_first_run(client, coordinator, offer):  # noqa: F811
    client.force_login(coordinator)
    preview = f"/arbeid/tilbud/{offer.external_id}/forhandsvis/"
    response = client.post(
        f"/arbeid/tilbud/{offer.external_id}/publiser/", {"next": preview}, follow=True
    )
    page = response.content.decode()
    assert "er publisert" in page
    assert "Neste steg: den første gjennomføringen" in page
    assert f'href="/arbeid/tilbud/{offer.external_id}/gjennomforinger/ny/"' in page
    make_run(offer, start=date(2026, 3, 2))
    again = client.get(preview).content.decode()
    assert "Neste steg" not in again and "Se gjennomføringen (1)" in again


def test_publishing_from_the_list_also_leads_to_the_first_run(client, coordinator, offer):  # noqa: F811
    client.force_login(coordinator)
    response = client.post(
        f"/arbeid/tilbud/{offer.external_id}/publiser/", {"next": "/arbeid/tilbud/"}
    )
    assert response["Location"] == f"/arbeid/tilbud/{offer.external_id}/forhandsvis/"
    make_run(offer, start=date(2026, 3, 2))
    offer.status = "utkast"
    offer.save()
    again = client.post(
        f"/arbeid/tilbud/{offer.external_id}/publiser/", {"next": "/arbeid/tilbud/"}
    )
    assert again["Location"] == "/arbeid/tilbud/"


def test_runs_are_named_by_dates_not_ids(client, coordinator, offer):  # noqa: F811
    run = make_run(offer, sessions=2, start=date(2026, 3, 2), external_id="kols-2026-03-02-x")
    client.force_login(coordinator)
    for url in (
        f"/arbeid/tilbud/{offer.external_id}/gjennomforinger/",
        f"/arbeid/gjennomforinger/{run.external_id}/oppmote/",
        f"/arbeid/gjennomforinger/{run.external_id}/endre/",
        f"/arbeid/gjennomforinger/{run.external_id}/avlys/",
        f"/arbeid/historikk/gjennomforing/{run.external_id}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = re.sub(r'(href|action|id|value)="[^"]*"', "", response.content.decode())
        assert run.external_id not in text, url
    saved = client.post(
        f"/arbeid/gjennomforinger/{run.external_id}/endre/",
        run_form_data(sessions_mode="ukentlig", first_date="2026-03-02", session_count="2"),
        follow=True,
    )
    assert "Gjennomføringen 02.03.2026–09.03.2026 er lagret." in saved.content.decode()
