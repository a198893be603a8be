"""The filter panel of the results page: every choice with its label, count and state."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .. import codes

FORMAT_CHOICES = [
    ("fysisk", _("Fysisk oppmøte")),
    ("digitalt", _("Digitalt")),
    ("selvstudium", _("Selvstudium")),
]
LANGUAGE_CHOICES = [
    ("nb", _("Norsk bokmål")),
    ("nn", _("Norsk nynorsk")),
    ("se", _("Nordsamisk")),
    ("smj", _("Lulesamisk")),
    ("sma", _("Sørsamisk")),
    ("en", _("Engelsk")),
    ("pl", _("Polsk")),
    ("ar", _("Arabisk")),
    ("so", _("Somali")),
    ("ur", _("Urdu")),
]
# Children as next of kin first: the reports say they are the most often overlooked.
TARGET_GROUP_ORDER = [
    "parorende_barn",
    "pasient",
    "pasient_og_parorende",
    "parorende_voksne",
    "parorende_foresatte",
    "parorende_sosken",
    "hele_familien",
    "nettverk",
    "alle_interesserte",
    "helsepersonell",
    "brukerrepresentanter",
]
YES_FILTERS = [
    ("gratis", _("Gratis")),
    ("uten_henvisning", _("Uten henvisning")),
    ("tolk", _("Tolk kan skaffes")),
    ("samisk", _("Samisk språk eller kultur")),
]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class Facet:
    param: str
    legend: str
    choices: list[Choice]
    highlight: str = ""


def _choices(param, pairs, counts, selected) -> list[Choice]:
    found = counts.get(param, {})
    return [
        Choice(value, str(label), found.get(value, 0), value in selected)
        for value, label in pairs
        if found.get(value, 0) or value in selected
    ]


def _pathway_choices(counts, selected) -> list[Choice]:
    """The patient pathways that have offers here (or are ticked), with their names: one
    read of the pathway list, and none when no offer belongs to a pathway."""
    wanted = [code for code, n in counts.get("pasientforlop", {}).items() if n]
    wanted += [code for code in selected if code not in wanted]
    if not wanted:
        return []
    from ..search import pathway_names

    return _choices("pasientforlop", pathway_names(wanted).items(), counts, selected)


def build_facets(counts: dict[str, dict[str, int]], query) -> list[Facet]:
    """Facets for the panel; choices that would leave nothing are hidden unless selected."""
    target_labels = dict(codes.TargetGroup.choices)
    facets = [
        Facet(
            "malgruppe",
            str(_("Hvem er tilbudet for?")),
            _choices(
                "malgruppe",
                [(c, target_labels[c]) for c in TARGET_GROUP_ORDER],
                counts,
                query.getlist("malgruppe"),
            ),
            highlight="parorende_barn",
        ),
        Facet(
            "diagnose",
            str(_("Diagnose")),
            _choices("diagnose", codes.DiagnosisGroup.choices, counts, query.getlist("diagnose")),
        ),
        Facet(
            "aldersgruppe",
            str(_("Alder")),
            _choices("aldersgruppe", codes.AgeGroup.choices, counts, query.getlist("aldersgruppe")),
        ),
        Facet(
            "format",
            str(_("Form")),
            _choices("format", FORMAT_CHOICES, counts, query.getlist("format")),
        ),
        Facet(
            "sprak",
            str(_("Språk")),
            _choices("sprak", LANGUAGE_CHOICES, counts, query.getlist("sprak")),
        ),
        Facet(
            "fagfelt",
            str(_("Fagfelt")),
            _choices("fagfelt", codes.Field.choices, counts, query.getlist("fagfelt")),
        ),
    ]
    yes = [
        Choice(param, str(label), counts.get(param, {}).get("ja", 0), query.get(param) == "ja")
        for param, label in YES_FILTERS
    ]
    pathways = _pathway_choices(counts, query.getlist("pasientforlop"))
    if pathways:
        facets.append(Facet("pasientforlop", str(_("Pasientforløp")), pathways))
    facets.append(Facet("", str(_("Annet")), yes))
    return facets
