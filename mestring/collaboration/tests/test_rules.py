from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from mestring.collaboration import queries, rules
from mestring.collaboration.models import Agreement
from mestring.refdata.models import HealthTrust

from .factories import make_agreement, make_assessment


def agreement(signed, last_revised=None):
    return SimpleNamespace(signed=signed, last_revised=last_revised)


def scores(*values):
    fields = [c.field for c in rules.CRITERIA]
    return SimpleNamespace(**dict(zip(fields, values, strict=True)))


def test_the_scale_has_four_levels_with_norwegian_names():
    assert [rules.level_label(s) for s in range(4)] == [
        "Ikke omtalt",
        "Nevnt uten konkretisering",
        "Delvis konkret",
        "Konkret og forpliktende",
    ]
    with pytest.raises(ValueError):
        rules.level_label(4)


def test_every_criterion_describes_every_level():
    assert [c.code for c in rules.CRITERIA] == [
        "konkretisering",
        "brukermedvirkning",
        "forpliktelse",
        "tilgjengelighet",
        "vedlikehold",
    ]
    for criterion in rules.CRITERIA:
        assert sorted(criterion.levels) == [0, 1, 2, 3]
        assert all(str(text) for text in criterion.levels.values())


def test_totals():
    assert rules.assessment_total(scores(0, 0, 0, 0, 0)) == 0
    assert rules.assessment_total(scores(3, 2, 1, 0, 2)) == 8
    assert rules.assessment_total(scores(3, 3, 3, 3, 3)) == rules.MAX_TOTAL == 15


def test_due_for_revision_at_exactly_two_years():
    signed = agreement(date(2022, 5, 10))
    assert not rules.is_due_for_revision(signed, date(2024, 5, 9))
    assert rules.is_due_for_revision(signed, date(2024, 5, 10))
    assert rules.is_due_for_revision(signed, date(2025, 1, 1))


def test_a_revision_restarts_the_two_years():
    revised = agreement(date(2015, 1, 1), last_revised=date(2023, 6, 1))
    assert not rules.is_due_for_revision(revised, date(2025, 5, 31))
    assert rules.is_due_for_revision(revised, date(2025, 6, 1))


def test_leap_day_counts_to_28_february():
    leap = agreement(date(2024, 2, 29))
    assert not rules.is_due_for_revision(leap, date(2026, 2, 27))
    assert rules.is_due_for_revision(leap, date(2026, 2, 28))


@pytest.mark.django_db
def test_agreements_due_for_revision(refdata):
    trust, other = HealthTrust.objects.order_by("orgnr")[:2]
    old = make_agreement(trust, signed=date(2020, 1, 1))
    revised = make_agreement(trust, signed=date(2020, 1, 1), last_revised=date(2023, 3, 1))
    exactly = make_agreement(other, signed=date(2023, 2, 28))
    leap = make_agreement(other, signed=date(2022, 2, 28), last_revised=date(2024, 2, 29))
    new = make_agreement(trust, signed=date(2024, 1, 1))
    today = date(2025, 2, 28)
    assert queries.agreements_due_for_revision(today) == [old, exactly]
    later = queries.agreements_due_for_revision(date(2026, 2, 28))
    assert later == [old, exactly, revised, new, leap]
    assert queries.agreements_due_for_revision(today, health_trusts=[trust]) == [old]
    assert leap not in queries.agreements_due_for_revision(date(2026, 2, 27))
    assert leap in queries.agreements_due_for_revision(date(2026, 2, 28))


@pytest.mark.django_db
def test_the_newest_assessment_counts(refdata):
    trust = HealthTrust.objects.first()
    item = make_agreement(trust)
    older = make_assessment(item, scores=(3, 3, 3, 3, 3), assessed_on=date(2024, 1, 1))
    newer = make_assessment(item, scores=(1, 1, 1, 1, 1), assessed_on=date(2025, 1, 1))
    same_day = make_assessment(item, scores=(2, 2, 2, 2, 2), assessed_on=date(2025, 1, 1))
    assert rules.latest_assessment(item.assessments.all()) == same_day
    assert rules.latest_assessment([older, newer]) == newer
    assert rules.assessment_total(same_day) == 10


@pytest.mark.django_db
def test_sub_agreements_and_scores_are_validated(refdata):
    trust = HealthTrust.objects.first()
    bad = Agreement(health_trust=trust, signed=date(2024, 1, 1), sub_agreements=["delavtale_3"])
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "sub_agreements" in error.value.message_dict
    backwards = Agreement(
        health_trust=trust,
        signed=date(2024, 1, 1),
        last_revised=date(2023, 1, 1),
        sub_agreements=["delavtale_10"],
    )
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert "last_revised" in error.value.message_dict
    assessment = make_assessment(make_agreement(trust))
    assessment.commitment = 4
    assessment.maintenance_justification = ""
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert {"commitment", "maintenance_justification"} <= set(error.value.message_dict)
