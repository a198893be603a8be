"""The standard participant questionnaire, as data: four questions on a 1–5 scale and one
optional free text.

Everything a participant reads on the answer pages is here, one dict per language, so a
translation is reviewed as a whole. Only languages present in `TEXTS` are offered.

To add a Sami language, copy the "nb" entry under its code ("se" nordsamisk, "smj"
lulesamisk, "sma" sørsamisk) and translate every value. Do not add a language without a
proper translation: no Sami texts have been given to this project yet.
"""

from __future__ import annotations

SCALE = (1, 2, 3, 4, 5)
QUESTION_KEYS = ("useful", "relevant", "coping", "recommend")
FREE_TEXT_MAX = 1000
DEFAULT_LANGUAGE = "nb"

TEXTS: dict[str, dict] = {
    "nb": {
        "language_name": "Norsk bokmål",
        "title": "Hva syntes du om kurset?",
        "intro": (
            "Svarene dine er anonyme. Vi lagrer ikke navn, IP-adresse eller klokkeslett, "
            "bare datoen du svarte."
        ),
        "questions": {
            "useful": {
                "text": "Hvor nyttig var kurset for deg?",
                "low": "Ikke nyttig",
                "high": "Svært nyttig",
            },
            "relevant": {
                "text": "Var innholdet relevant for din situasjon?",
                "low": "Ikke relevant",
                "high": "Svært relevant",
            },
            "coping": {
                "text": "Etter kurset føler jeg meg bedre rustet til å mestre hverdagen",
                "low": "Helt uenig",
                "high": "Helt enig",
            },
            "recommend": {
                "text": "Vil du anbefale kurset til andre i samme situasjon?",
                "low": "Absolutt ikke",
                "high": "Absolutt",
            },
        },
        "scale_help": "Velg et tall fra 1 til 5.",
        "free_text": "Er det noe du vil si til oss?",
        "optional": "valgfritt",
        "free_text_help": (
            "Høyst 1000 tegn. Ikke skriv navn, telefonnummer eller annet som viser hvem du "
            "eller andre er."
        ),
        "submit": "Send svarene",
        "language_choice": "Svar på et annet språk",
        "errors_title": "Noe må rettes",
        "required": "Velg et svar.",
        "too_long": "Skriv høyst 1000 tegn.",
        "thanks_title": "Takk for svaret!",
        "thanks_text": "Svarene dine hjelper oss å gjøre kurset bedre.",
        "answered_title": "Du har allerede svart",
        "answered_text": "Takk! Du kan bare svare én gang.",
        "closed_title": "Evalueringen er avsluttet",
        "closed_text": "Det går ikke lenger an å svare. Takk for at du ville hjelpe oss.",
    },
    "nn": {
        "language_name": "Norsk nynorsk",
        "title": "Kva syntest du om kurset?",
        "intro": (
            "Svara dine er anonyme. Vi lagrar ikkje namn, IP-adresse eller klokkeslett, "
            "berre datoen du svarte."
        ),
        "questions": {
            "useful": {
                "text": "Kor nyttig var kurset for deg?",
                "low": "Ikkje nyttig",
                "high": "Svært nyttig",
            },
            "relevant": {
                "text": "Var innhaldet relevant for situasjonen din?",
                "low": "Ikkje relevant",
                "high": "Svært relevant",
            },
            "coping": {
                "text": "Etter kurset kjenner eg meg betre rusta til å meistre kvardagen",
                "low": "Heilt usamd",
                "high": "Heilt samd",
            },
            "recommend": {
                "text": "Vil du tilrå kurset til andre i same situasjon?",
                "low": "Absolutt ikkje",
                "high": "Absolutt",
            },
        },
        "scale_help": "Vel eit tal frå 1 til 5.",
        "free_text": "Er det noko du vil seie til oss?",
        "optional": "valfritt",
        "free_text_help": (
            "Høgst 1000 teikn. Ikkje skriv namn, telefonnummer eller anna som viser kven du "
            "eller andre er."
        ),
        "submit": "Send svara",
        "language_choice": "Svar på eit anna språk",
        "errors_title": "Noko må rettast",
        "required": "Vel eit svar.",
        "too_long": "Skriv høgst 1000 teikn.",
        "thanks_title": "Takk for svaret!",
        "thanks_text": "Svara dine hjelper oss å gjere kurset betre.",
        "answered_title": "Du har alt svart",
        "answered_text": "Takk! Du kan berre svare éin gong.",
        "closed_title": "Evalueringa er avslutta",
        "closed_text": "Det går ikkje lenger an å svare. Takk for at du ville hjelpe oss.",
    },
    "en": {
        "language_name": "English",
        "title": "What did you think of the course?",
        "intro": (
            "Your answers are anonymous. We do not store names, IP addresses or the time of "
            "day, only the date you answered."
        ),
        "questions": {
            "useful": {
                "text": "How useful was the course for you?",
                "low": "Not useful",
                "high": "Very useful",
            },
            "relevant": {
                "text": "Was the content relevant to your situation?",
                "low": "Not relevant",
                "high": "Very relevant",
            },
            "coping": {
                "text": "After the course I feel better equipped to manage everyday life",
                "low": "Strongly disagree",
                "high": "Strongly agree",
            },
            "recommend": {
                "text": "Would you recommend the course to others in the same situation?",
                "low": "Definitely not",
                "high": "Definitely",
            },
        },
        "scale_help": "Choose a number from 1 to 5.",
        "free_text": "Is there anything you would like to tell us?",
        "optional": "optional",
        "free_text_help": (
            "At most 1000 characters. Do not write names, phone numbers or anything else that "
            "shows who you or others are."
        ),
        "submit": "Send your answers",
        "language_choice": "Answer in another language",
        "errors_title": "Something needs correcting",
        "required": "Choose an answer.",
        "too_long": "Write at most 1000 characters.",
        "thanks_title": "Thank you for answering!",
        "thanks_text": "Your answers help us make the course better.",
        "answered_title": "You have already answered",
        "answered_text": "Thank you! You can only answer once.",
        "closed_title": "The evaluation is closed",
        "closed_text": "It is no longer possible to answer. Thank you for wanting to help us.",
    },
    # "se": {...},   nordsamisk – add when a translation is given
    # "smj": {...},  lulesamisk – add when a translation is given
    # "sma": {...},  sørsamisk – add when a translation is given
}


def languages() -> list[tuple[str, str]]:
    """(code, name in its own language) for every language the questionnaire exists in."""
    return [(code, texts["language_name"]) for code, texts in TEXTS.items()]


def pick_language(*candidates: str | None) -> str:
    """The first candidate the questionnaire exists in ("nb-no" counts as "nb")."""
    for candidate in candidates:
        if not candidate:
            continue
        code = candidate.lower()
        for option in (code, code.split("-")[0]):
            if option in TEXTS:
                return option
    return DEFAULT_LANGUAGE


def texts(language: str) -> dict:
    return TEXTS.get(language) or TEXTS[DEFAULT_LANGUAGE]


def question_text(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    return texts(language)["questions"][key]["text"]
