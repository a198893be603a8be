"""Participants: public, no login, one answer per browser session, nothing identifying kept."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mestring.evaluation.models import Response
from mestring.evaluation.views import ANSWERED_SESSION_KEY

pytestmark = pytest.mark.django_db

ANSWERS = {"useful": "4", "relevant": "5", "coping": "3", "recommend": "5"}


def url(evaluation):
    return f"/e/{evaluation.token}"


def test_answer_page_is_public_and_shows_the_questions(client, evaluation):
    page = client.get(url(evaluation))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hvor nyttig var kurset for deg?" in html
    assert "Etter kurset føler jeg meg bedre rustet til å mestre hverdagen" in html
    assert html.count('type="radio"') == 4 * 5
    assert "KOLS-skole" in html
    assert 'lang="nb"' in html


def test_short_link_is_the_url(evaluation):
    assert reverse("evaluation:answer", args=[evaluation.token]) == f"/e/{evaluation.token}"


def test_answering_stores_answers_and_the_date_only(client, evaluation):
    response = client.post(
        url(evaluation),
        {**ANSWERS, "free_text": "Bra! Ring meg på 98765432", "sprak": "nb"},
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT="Testbrowser/1.0",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/e/{evaluation.token}/takk/?sprak=nb"
    saved = Response.objects.get()
    assert (saved.useful, saved.relevant, saved.coping, saved.recommend) == (4, 5, 3, 5)
    assert saved.submitted_on == timezone.localdate()
    assert saved.free_text == "Bra! Ring meg på [skjult]"
    row = " ".join(str(v) for v in Response.objects.values_list().get())
    assert "10.1.2.3" not in row and "Testbrowser" not in row
    assert client.session.session_key not in row
    assert "Takk for svaret!" in client.get(response["Location"]).content.decode()


def test_one_answer_per_session(client, evaluation):
    client.post(url(evaluation), ANSWERS)
    again = client.post(url(evaluation), ANSWERS)
    assert again.status_code == 200
    assert "Du har allerede svart" in again.content.decode()
    assert "Du har allerede svart" in client.get(url(evaluation)).content.decode()
    assert Response.objects.count() == 1
    assert client.session[ANSWERED_SESSION_KEY] == [evaluation.pk]
    # Another browser may answer.
    from django.test import Client

    assert Client().post(url(evaluation), ANSWERS).status_code == 302
    assert Response.objects.count() == 2


def test_closed_evaluation_refuses_answers(client, evaluation):
    evaluation.closed_at = timezone.now()
    evaluation.save()
    page = client.get(url(evaluation))
    assert "Evalueringen er avsluttet" in page.content.decode()
    assert '<form method="post" class="stacked-form' not in page.content.decode()
    client.post(url(evaluation), ANSWERS)
    assert Response.objects.count() == 0


def test_missing_answers_are_reported(client, evaluation):
    page = client.post(url(evaluation), {"useful": "4", "free_text": "x" * 1001})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Noe må rettes" in html and "Velg et svar." in html
    assert "Skriv høyst 1000 tegn." in html
    assert 'value="4" checked' in html
    assert Response.objects.count() == 0


def test_out_of_scale_is_refused(client, evaluation):
    client.post(url(evaluation), {**ANSWERS, "useful": "6"})
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "question"),
    [("en", "How useful was the course for you?"), ("nn", "Kor nyttig var kurset for deg?")],
)
def test_other_languages(client, evaluation, code, question):
    html = client.get(f"{url(evaluation)}?sprak={code}").content.decode()
    assert question in html
    assert f'<html lang="{code}">' in html


def test_language_choice_lists_only_present_languages(client, evaluation):
    html = client.get(url(evaluation)).content.decode()
    assert 'hreflang="en"' in html and 'hreflang="nn"' in html
    assert 'hreflang="se"' not in html and "?sprak=sma" not in html


def test_unknown_token_is_404(client, db):
    assert client.get("/e/finnesikke").status_code == 404
