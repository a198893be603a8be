import pytest

from mestring.evaluation.models import CODE_LENGTH, Evaluation, Response, new_token

pytestmark = pytest.mark.django_db


def test_response_has_no_identifying_fields():
    names = {f.name for f in Response._meta.get_fields()}
    assert names == {
        "id",
        "evaluation",
        "useful",
        "relevant",
        "coping",
        "recommend",
        "free_text",
        "submitted_on",
    }
    # The date, never the time of day.
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"


def test_tokens_are_short_url_safe_and_varied():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(t) == CODE_LENGTH and t.isalnum() and t.isascii() for t in tokens)


def test_evaluation_open_until_closed(evaluation):
    assert evaluation.is_open
    evaluation.closed_at = evaluation.opened_at
    assert not evaluation.is_open
    assert Evaluation.objects.get().token == evaluation.token
