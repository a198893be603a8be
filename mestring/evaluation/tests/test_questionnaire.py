from mestring.evaluation import questionnaire
from mestring.evaluation.models import Response


def test_every_language_has_every_text():
    reference = questionnaire.TEXTS["nb"]
    for code, texts in questionnaire.TEXTS.items():
        assert texts.keys() == reference.keys(), code
        assert texts["questions"].keys() == set(questionnaire.QUESTION_KEYS), code
        for key in questionnaire.QUESTION_KEYS:
            assert texts["questions"][key].keys() == {"text", "low", "high"}, (code, key)


def test_standard_questions_in_bokmal():
    assert [questionnaire.question_text(k) for k in questionnaire.QUESTION_KEYS] == [
        "Hvor nyttig var kurset for deg?",
        "Var innholdet relevant for din situasjon?",
        "Etter kurset føler jeg meg bedre rustet til å mestre hverdagen",
        "Vil du anbefale kurset til andre i samme situasjon?",
    ]
    assert questionnaire.TEXTS["nb"]["free_text"] == "Er det noe du vil si til oss?"


def test_no_invented_sami_texts():
    # Sami versions are added only when a real translation is given (docs/evaluation.md).
    assert set(questionnaire.TEXTS) == {"nb", "nn", "en"}


def test_pick_language():
    assert questionnaire.pick_language("en") == "en"
    assert questionnaire.pick_language(None, "nb-no") == "nb"
    assert questionnaire.pick_language("se", "fr") == "nb"


def test_every_question_has_a_column():
    columns = {f.name for f in Response._meta.get_fields()}
    assert set(questionnaire.QUESTION_KEYS) <= columns
