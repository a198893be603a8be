"""Reading a question the way people ask it.

Words that name who the offer is for ("barn", "mamma", "foreldre"), a language
("arabisk", "samisk"), a format ("digitalt", "nett"), a municipality (Norwegian, Sami or
Kven name: "Kautokeino", "Guovdageaidnu") or a condition of the offer ("gratis", "uten
henvisning", "tolk") become the filter they name, shown to the user as a removable chip.
The other words are concepts the text must match. Pure functions: the municipality names
come in as a mapping.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import language

MAX_CHARACTERS = 200
MAX_CONCEPTS = 8

# Who an offer is for: each audience is a set of target groups and/or age groups, any of
# which qualifies an offer.
AUDIENCES = {
    "barn": (
        _("Barn og foreldre til barn"),
        {"parorende_foresatte", "hele_familien"},
        {"barn"},
    ),
    "ungdom": (_("Ungdom og unge voksne"), set(), {"ungdom", "unge_voksne"}),
    "eldre": (_("Eldre"), set(), {"eldre"}),
    "foreldre": (_("Foreldre og foresatte"), {"parorende_foresatte", "hele_familien"}, set()),
    "barn_som_parorende": (_("Barn som pårørende"), {"parorende_barn"}, set()),
    "mor_far": (
        _("Pårørende til en mor eller far"),
        {"parorende_barn", "parorende_voksne", "hele_familien"},
        set(),
    ),
    "sosken": (_("Søsken"), {"parorende_sosken"}, set()),
    "partner": (
        _("Partner og voksne pårørende"),
        {"parorende_voksne", "pasient_og_parorende"},
        set(),
    ),
    "parorende": (
        _("Pårørende"),
        {
            "parorende_barn",
            "parorende_foresatte",
            "parorende_sosken",
            "parorende_voksne",
            "pasient_og_parorende",
            "hele_familien",
            "nettverk",
        },
        set(),
    ),
}
AUDIENCE_WORDS = {
    "barn som pårørende": "barn_som_parorende",
    "unge pårørende": "barn_som_parorende",
    "bap": "barn_som_parorende",
    "barn": "barn",
    "born": "barn",
    "barnet": "barn",
    "barna": "barn",
    "sønn": "barn",
    "datter": "barn",
    "unge": "ungdom",
    "ungdom": "ungdom",
    "ungdommer": "ungdom",
    "tenåring": "ungdom",
    "tenåringer": "ungdom",
    "unge voksne": "ungdom",
    "eldre": "eldre",
    "pensjonist": "eldre",
    "pensjonister": "eldre",
    "foreldre": "foreldre",
    "forelder": "foreldre",
    "foresatte": "foreldre",
    "mamma": "mor_far",
    "pappa": "mor_far",
    "mor": "mor_far",
    "far": "mor_far",
    "mora": "mor_far",
    "faren": "mor_far",
    "moren": "mor_far",
    "søsken": "sosken",
    "bror": "sosken",
    "søster": "sosken",
    "lillebror": "sosken",
    "storesøster": "sosken",
    "ektefelle": "partner",
    "partner": "partner",
    "samboer": "partner",
    "kone": "partner",
    "kona": "partner",
    "mann": "partner",
    "mannen": "partner",
    "pårørende": "parorende",
    "pårørande": "parorende",
}
LANGUAGE_WORDS = {
    "arabisk": "ar",
    "engelsk": "en",
    "english": "en",
    "polsk": "pl",
    "somali": "so",
    "somalisk": "so",
    "urdu": "ur",
    "tigrinja": "ti",
    "ukrainsk": "uk",
    "russisk": "ru",
    "persisk": "fa",
    "farsi": "fa",
    "dari": "prs",
    "tyrkisk": "tr",
    "nordsamisk": "se",
    "lulesamisk": "smj",
    "sørsamisk": "sma",
    "nynorsk": "nn",
}
FORMAT_WORDS = {
    "digitalt": "digitalt",
    "digital": "digitalt",
    "nett": "nett",
    "nettet": "nett",
    "nettkurs": "nett",
    "online": "nett",
    "webinar": "digitalt",
    "video": "digitalt",
    "videomøte": "digitalt",
    "e-læring": "selvstudium",
    "elæring": "selvstudium",
    "selvstudium": "selvstudium",
    "podkast": "selvstudium",
    "fysisk": "fysisk",
}
FLAG_WORDS = {
    "samisk": "samisk",
    "sámi": "samisk",
    "samiske": "samisk",
    "gratis": "gratis",
    "uten henvisning": "uten_henvisning",
    "tolk": "tolk",
}
# Words that say nothing about which offer fits.
FILLER = frozenset(
    "kurs kurset tilbud tilbudet gruppe grupper hjelp har min mitt mine meg vi oss vår "
    "noe noen nær nærheten hvor hva finnes trenger ønsker".split()
)
# Municipality names that are also ordinary words in a question.
NOT_PLACES = frozenset({"heim", "hole", "sel", "bø", "ås", "hå", "os", "lom", "nes", "vik", "mor"})


@dataclass(frozen=True)
class Chip:
    """A word of the question read as a filter; `param`/`value` as in the URL."""

    words: str
    param: str
    value: str
    label: str


@dataclass
class Reading:
    concepts: list[tuple[str, ...]] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    audience: str | None = None


def read(
    query: str,
    places: Mapping[str, tuple[str, str]],
    *,
    literal: frozenset[str] = frozenset(),
) -> Reading:
    """The question as concepts and chips.

    `places` maps folded municipality names to (number, display name); `literal` holds
    words the user asked to be read as plain text (a removed chip).
    """
    reading = Reading()
    query = query[:MAX_CHARACTERS]
    tokens = language.words(query)
    index = 0
    while index < len(tokens):
        consumed = _chip_at(tokens, index, places, literal, reading)
        if consumed:
            index += consumed
            continue
        index += 1
    text = " ".join(t for t in tokens if t)
    concepts = list(dict.fromkeys(c for c in language.concepts(text) if not set(c) <= FILLER))
    if not concepts and text.strip() and not reading.chips:
        # Only filler words ("kurs"): they are the question. Beside a chip they add nothing.
        concepts = list(dict.fromkeys(language.concepts(text)))
    if len(concepts) > MAX_CONCEPTS:
        reading.ignored = [c[0] for c in concepts[MAX_CONCEPTS : MAX_CONCEPTS + 10]]
        concepts = concepts[:MAX_CONCEPTS]
    reading.concepts = concepts
    return reading


def _chip_at(tokens, index, places, literal, reading) -> int:
    """Read a chip starting at tokens[index]; blank its words and return how many."""
    for size in (3, 2, 1):
        words = tokens[index : index + size]
        if len(words) < size or "" in words:
            continue
        phrase = " ".join(words)
        folded = language.fold(phrase)
        if phrase in literal or folded in literal:
            continue
        chip = _chip_for(phrase, folded, places, reading)
        if chip is None:
            continue
        reading.chips.append(chip)
        for offset in range(size):
            tokens[index + offset] = ""
        return size
    return 0


def _chip_for(phrase, folded, places, reading) -> Chip | None:
    for key in (phrase, folded):
        if key in AUDIENCE_WORDS:
            audience = AUDIENCE_WORDS[key]
            if reading.audience is not None:
                return None
            reading.audience = audience
            return Chip(phrase, "for", audience, str(AUDIENCES[audience][0]))
        if key in LANGUAGE_WORDS:
            code = LANGUAGE_WORDS[key]
            return Chip(phrase, "sprak", code, str(_("Språk: %(name)s") % {"name": phrase}))
        if key in FORMAT_WORDS:
            value = FORMAT_WORDS[key]
            labels = {
                "digitalt": _("Digitalt"),
                "selvstudium": _("Selvstudium"),
                "fysisk": _("Fysisk oppmøte"),
                "nett": _("På nett (direkte eller selvstudium)"),
            }
            return Chip(phrase, "format", value, str(labels[value]))
        if key in FLAG_WORDS:
            flag = FLAG_WORDS[key]
            labels = {
                "samisk": _("Samisk språk eller kultur"),
                "gratis": _("Gratis"),
                "uten_henvisning": _("Uten henvisning"),
                "tolk": _("Tolk kan skaffes"),
            }
            return Chip(phrase, flag, "ja", str(labels[flag]))
    plain_name = language.plain(phrase)
    if plain_name in places and plain_name not in NOT_PLACES and len(plain_name) >= 3:
        number, name = places[plain_name]
        return Chip(phrase, "kommune", number, str(_("Bor i %(name)s") % {"name": name}))
    return None
