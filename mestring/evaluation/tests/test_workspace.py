"""Providers: opening and closing, the QR code, results behind the threshold, permissions."""

import pytest

from mestring.evaluation.models import Evaluation, ImprovementEntry

from .factories import answer

pytestmark = pytest.mark.django_db


def page_url(run, suffix=""):
    return f"/arbeid/evaluering/gjennomforing/{run.external_id}/{suffix}"


def test_editor_opens_an_evaluation(client, run, coordinator):
    client.force_login(coordinator)
    page = client.get(page_url(run))
    assert page.status_code == 200 and "Åpne evaluering" in page.content.decode()
    assert client.post(page_url(run, "apne/")).status_code == 302
    evaluation = Evaluation.objects.get(run=run)
    assert evaluation.opened_by == coordinator and evaluation.is_open
    html = client.get(page_url(run)).content.decode()
    assert f"http://testserver/e/{evaluation.token}" in html
    assert "<svg" in html and "<path" in html
    # Opening twice keeps the same evaluation and link.
    client.post(page_url(run, "apne/"))
    assert Evaluation.objects.get(run=run).token == evaluation.token


def test_editor_closes_and_reopens(client, evaluation, run, coordinator):
    client.force_login(coordinator)
    client.post(page_url(run, "lukk/"))
    evaluation.refresh_from_db()
    assert evaluation.closed_at is not None
    assert "Åpne evalueringen igjen" in client.get(page_url(run)).content.decode()
    client.post(page_url(run, "apne/"))
    evaluation.refresh_from_db()
    assert evaluation.is_open


def test_open_and_close_need_post(client, run, coordinator):
    client.force_login(coordinator)
    assert client.get(page_url(run, "apne/")).status_code == 405
    assert not Evaluation.objects.exists()


def test_reader_sees_but_cannot_open_or_close(client, evaluation, run, reader):
    client.force_login(reader)
    html = client.get(page_url(run)).content.decode()
    assert evaluation.token in html and "Lukk evalueringen" not in html
    assert client.post(page_url(run, "lukk/")).status_code == 403
    assert client.post(page_url(run, "apne/")).status_code == 403
    assert client.get(page_url(run, "resultater/")).status_code == 200


@pytest.mark.parametrize("suffix", ["", "resultater/"], ids=["evaluation", "results"])
def test_other_provider_is_refused(client, evaluation, run, outsider, suffix):
    client.force_login(outsider)
    assert client.get(page_url(run, suffix)).status_code == 403
    assert client.post(page_url(run, "lukk/")).status_code == 403
    assert (
        client.get(f"/arbeid/evaluering/tilbud/{run.offer.external_id}/resultater/").status_code
        == 403
    )
    assert (
        client.get(
            f"/arbeid/evaluering/tilbud/{run.offer.external_id}/forbedringslogg/"
        ).status_code
        == 403
    )


def test_anonymous_is_sent_to_login(client, evaluation, run):
    for path in (page_url(run), page_url(run, "resultater/")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/konto/logg-inn/")
    assert client.post(page_url(run, "lukk/")).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.is_open


def test_results_hidden_at_four_answers(client, evaluation, run, coordinator):
    answer(evaluation, 4, free_text="Hemmelig kommentar")
    client.force_login(coordinator)
    html = client.get(page_url(run, "resultater/")).content.decode()
    assert "4 har svart så langt" in html and "trengs 1 svar til" in html
    assert "Gjennomsnitt" not in html and "Hemmelig kommentar" not in html


def test_results_shown_at_five_answers(client, evaluation, run, coordinator):
    answer(evaluation, 5, free_text="Takk til Kari Nordmann")
    client.force_login(coordinator)
    html = client.get(page_url(run, "resultater/")).content.decode()
    assert "5 har svart." in html and "Gjennomsnitt 4,0 av 5" in html
    assert "Takk til [skjult]" in html and "Nordmann" not in html


def test_offer_results(client, evaluation, offer, coordinator):
    answer(evaluation, 5)
    client.force_login(coordinator)
    html = client.get(f"/arbeid/evaluering/tilbud/{offer.external_id}/resultater/").content.decode()
    assert "alle gjennomføringer" in html and "5 har svart." in html


def test_free_text_never_public(client, evaluation, offer):
    answer(evaluation, 5, free_text="Hemmelig kommentar")
    for path in (f"/e/{evaluation.token}", f"/tilbud/{offer.external_id}/", "/api/v1/offers"):
        assert "Hemmelig kommentar" not in client.get(path).content.decode()


def test_run_list_links_to_the_evaluation(client, run, coordinator):
    client.force_login(coordinator)
    html = client.get(f"/arbeid/tilbud/{run.offer.external_id}/gjennomforinger/").content.decode()
    assert page_url(run) in html


def log_url(offer):
    return f"/arbeid/evaluering/tilbud/{offer.external_id}/forbedringslogg/"


ENTRY = {
    "date": "2026-03-01",
    "evaluated": "Deltakernes svar fra høstens kurs",
    "learned": "Kveld tre var for lang",
    "change_next_time": "Kortere økter og flere pauser",
}


def test_editor_adds_improvement_entry(client, offer, coordinator):
    client.force_login(coordinator)
    assert client.post(log_url(offer), ENTRY).status_code == 302
    entry = ImprovementEntry.objects.get()
    assert (entry.offer, entry.author, str(entry.date)) == (offer, coordinator, "2026-03-01")
    html = client.get(log_url(offer)).content.decode()
    assert "Kortere økter og flere pauser" in html and "01.03.2026" in html


def test_improvement_entry_needs_every_field(client, offer, coordinator):
    client.force_login(coordinator)
    page = client.post(log_url(offer), {**ENTRY, "learned": ""})
    assert page.status_code == 200 and "Noe må rettes" in page.content.decode()
    assert not ImprovementEntry.objects.exists()


def test_reader_reads_but_cannot_write_the_log(client, offer, reader, coordinator):
    ImprovementEntry.objects.create(offer=offer, author=coordinator, **ENTRY)
    client.force_login(reader)
    html = client.get(log_url(offer)).content.decode()
    assert "Kveld tre var for lang" in html and "Legg til i loggen" not in html
    assert client.post(log_url(offer), ENTRY).status_code == 403
    assert ImprovementEntry.objects.count() == 1


def test_entries_newest_first(offer, coordinator):
    ImprovementEntry.objects.create(offer=offer, **{**ENTRY, "date": "2025-01-01"})
    ImprovementEntry.objects.create(offer=offer, **ENTRY)
    assert [str(e.date) for e in offer.improvement_entries.all()] == ["2026-03-01", "2025-01-01"]
