"""Our code lists as HSDS taxonomies and taxonomy terms."""

from mestring.catalogue import codes

from .ids import hsds_id

URI = "https://mestring.no/hsds/taxonomies/"
VERSION = "1"
# taxonomy code -> (HSDS name, description, choices)
TAXONOMIES = {
    "diagnosegruppe": (
        "Diagnosegrupper",
        "Diagnosegrupper i kjernedatasettet, med veiledende ICD-10-blokker.",
        codes.DiagnosisGroup,
    ),
    "malgruppe": ("Målgrupper", "Målgrupper for lærings- og mestringstilbud.", codes.TargetGroup),
    "aldersgruppe": ("Aldersgrupper", "Aldersgrupper for tilbudene.", codes.AgeGroup),
    "tematikk": ("Hovedtematikk", "Hovedtematikk for tilbudene.", codes.Theme),
    "gjennomforingsstatus": (
        "Status for gjennomføringer",
        "Om en gjennomføring (service_at_location) er planlagt, gjennomført eller avlyst.",
        codes.RunStatus,
    ),
}
# (minimum_age, maximum_age) per age group; None where open.
AGES = {
    "eldre": (63, None),
    "voksne": (18, None),
    "unge_voksne": (18, 25),
    "ungdom": (13, 17),
    "barn": (1, 12),
}


def taxonomy_id(taxonomy: str) -> str:
    return hsds_id("taxonomy", taxonomy)


def term_id(taxonomy: str, code: str) -> str:
    return hsds_id("taxonomy_term", taxonomy, code)


def taxonomy(code: str) -> dict:
    name, description, _choices = TAXONOMIES[code]
    return {
        "id": taxonomy_id(code),
        "name": name,
        "description": description,
        "uri": URI + code,
        "version": VERSION,
    }


def term(taxonomy_code: str, code: str) -> dict:
    choices = TAXONOMIES[taxonomy_code][2]
    label = str(choices(code).label)
    description = label
    if taxonomy_code == "diagnosegruppe" and code in codes.ICD10_BLOCKS:
        description = f"{label} (ICD-10: {codes.ICD10_BLOCKS[code]})"
    return {
        "id": term_id(taxonomy_code, code),
        "code": code,
        "name": label,
        "description": description,
        "taxonomy": taxonomy_code,
        "taxonomy_id": taxonomy_id(taxonomy_code),
        "language": "nb",
        "term_uri": f"{URI}{taxonomy_code}/{code}",
    }


def all_taxonomies() -> list[dict]:
    return [taxonomy(code) for code in TAXONOMIES]


def all_terms() -> list[dict]:
    return [
        term(tax, code) for tax, (_n, _d, choices) in TAXONOMIES.items() for code in choices.values
    ]
