"""Every user-facing text has an English translation; the page chrome also has nynorsk."""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "mestring" / "locale"
CHROME_TEMPLATES = [
    ROOT / "mestring" / "templates" / "base.html",
    ROOT / "mestring" / "templates" / "includes" / "_language_form.html",
    *sorted((ROOT / "mestring" / "catalogue" / "templates" / "catalogue").glob("*.html")),
    ROOT / "mestring" / "core" / "templates" / "core" / "accessibility.html",
]
SIMPLE_TAG = re.compile(r"""{% translate ["'](.+?)["'] %}""")


def catalogue(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=language)


def translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


def test_english_is_complete():
    missing = [m.id for m in catalogue("en") if m.id and not translated(m)]
    assert missing == []


@pytest.mark.parametrize("language", ["en", "nn"])
def test_compiled_catalogues_are_up_to_date(language):
    expected = {}
    for message in catalogue(language):
        if not message.id or not translated(message):
            continue
        if isinstance(message.id, tuple):
            for index, text in enumerate(message.string):
                expected[(message.id[0], index)] = text
        else:
            expected[message.id] = message.string
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog
    committed.pop("", None)
    assert committed == expected, "run: mestring compilemessages --ignore=.venv"


def test_nynorsk_covers_the_page_chrome():
    nynorsk = {m.id: m for m in catalogue("nn") if m.id}
    used = {text for path in CHROME_TEMPLATES for text in SIMPLE_TAG.findall(path.read_text())}
    assert len(used) > 50
    missing = sorted(text for text in used if text in nynorsk and not translated(nynorsk[text]))
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Find courses and offers for coping with illness"),
        ("nn", "Finn kurs og tilbod for å meistre livet med sjukdom"),
        ("nb", "Finn kurs og tilbud for å mestre livet med sykdom"),
    ],
)
def test_front_page_speaks_the_chosen_language(client, language, text):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert text in response.content.decode()
    assert f'<html lang="{language}">' in response.content.decode()
