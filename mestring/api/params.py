"""The one parsing layer of /api/v1 query parameters.

The Query schemas of the routers declare every parameter's type, codes, bounds and
description (so the OpenAPI document carries them); this module adds what a schema cannot
say: a parameter that is not a list is given once, and no value holds a NUL character.
Every refusal becomes a 400 problem+json naming the parameter and what it allows.
"""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser
from pydantic import Field, StringConstraints

from mestring.catalogue import codes

# Free text: any characters but NUL, which PostgreSQL cannot store or compare.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]
Municipality = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}$"),
    Field(description="Kommunenummer med fire sifre, med ledende null (f.eks. 0301)."),
]
County = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    Field(json_schema_extra={"format": "date"}),
]
YesNo = Literal["ja", "nei", "true", "false", "1", "0"]


def choices(text_choices) -> type:
    """A Literal of a code list's codes: exactly the values the API returns."""
    return Literal[tuple(text_choices.values)]


DiagnosisCode = choices(codes.DiagnosisGroup)
FieldCode = choices(codes.Field)
TargetGroupCode = choices(codes.TargetGroup)
AgeGroupCode = choices(codes.AgeGroup)
RegionCode = choices(codes.RegionCode)
ProviderTypeCode = choices(codes.ProviderType)
LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    Field(description="Språkkode (BCP 47, f.eks. nb, se, en)."),
]

# A patient pathway's code in the reference list (collaboration.Pathway): checked against
# the list by the search, since pathways are reference data that administrators extend.
PathwayCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9_]{1,60}$"),
    Field(description="Kode for et pasientforløp (f.eks. kreft_bryst)."),
]


class StrictParser(Parser):
    """Query strings for ninja: repeated single parameters and NUL characters are refused."""

    def parse_querydict(self, data, list_fields, request):
        errors, result = [], {}
        for key in data:
            values = data.getlist(key)
            if any("\x00" in v for v in values):
                errors.append(_error(key, "nul_character"))
            elif key in list_fields:
                result[key] = values
            elif len(values) > 1:
                errors.append(_error(key, "repeated"))
            else:
                result[key] = values[0]
        if errors:
            raise ValidationError(errors)
        return result


def _error(key: str, kind: str) -> dict:
    return {"loc": ("query", key), "type": kind, "msg": kind, "ctx": {}}


def allowed(error: dict) -> str:
    """What a parameter allows, in Norwegian, from one pydantic (or parser) error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "repeated":
        return _("Parameteren kan bare gis én gang.")
    if kind == "nul_character":
        return _("Verdien kan ikke inneholde NUL-tegnet.")
    if "expected" in ctx:
        return _("Tillatte verdier: %(values)s.") % {
            "values": ctx["expected"].replace(" or ", ", ")
        }
    if "ge" in ctx:
        return _("Må være minst %(value)s.") % {"value": ctx["ge"]}
    if "le" in ctx:
        return _("Kan være høyst %(value)s.") % {"value": ctx["le"]}
    if kind.startswith("int_"):
        return _("Må være et heltall.")
    if "pattern" in ctx:
        return _("Må passe mønsteret %(pattern)s.") % {"pattern": ctx["pattern"]}
    if kind == "missing":
        return _("Må fylles ut.")
    if kind == "too_long" and "max_length" in ctx:
        return _("Filteret har %(count)s verdier; høyst %(max)s er lov.") % {
            "count": ctx.get("actual_length", "for mange"),
            "max": ctx["max_length"],
        }
    return _("Ugyldig verdi.")
