"""Builders for collaboration tests."""

from datetime import date

from mestring.collaboration.models import Agreement, Assessment

JUSTIFICATION = "Se avtalens punkt 4."


def make_agreement(trust, municipalities=("3403",), **values) -> Agreement:
    defaults = {"signed": date(2022, 3, 1), "sub_agreements": ["delavtale_2"]}
    agreement = Agreement.objects.create(health_trust=trust, **{**defaults, **values})
    agreement.municipalities.set(municipalities)
    return agreement


def make_assessment(agreement, scores=(3, 2, 1, 0, 2), **values) -> Assessment:
    fields = ["concreteness", "user_participation", "commitment", "accessibility", "maintenance"]
    data = {}
    for field, score in zip(fields, scores, strict=True):
        data[field] = score
        data[f"{field}_justification"] = JUSTIFICATION
    return Assessment.objects.create(agreement=agreement, **{**data, **values})
