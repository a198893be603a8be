"""Target groups and audiences as bits: the rule the search filters with."""

from mestring.catalogue import codes
from mestring.catalogue.search import audience
from mestring.catalogue.search.understanding import AUDIENCES


def test_every_code_and_audience_has_its_own_bit_within_a_bigint():
    assert len(set(audience.TARGET_GROUP_BITS.values())) == len(codes.TargetGroup.values)
    assert len(set(audience.AUDIENCE_BITS.values())) == len(AUDIENCES)
    assert max(audience.TARGET_GROUP_BITS.values()) < 2**62
    assert max(audience.AUDIENCE_BITS.values()) < 2**62


def test_a_target_group_mask_holds_the_groups_asked_for():
    mask = audience.target_group_mask(["parorende_barn", "pasient", "ukjent"])
    assert mask & audience.TARGET_GROUP_BITS["parorende_barn"]
    assert mask & audience.TARGET_GROUP_BITS["pasient"]
    assert not mask & audience.TARGET_GROUP_BITS["helsepersonell"]


def test_an_offer_qualifies_for_an_audience_by_target_group_or_age():
    bits = audience.AUDIENCE_BITS
    for_parents = audience.audience_mask({"parorende_foresatte"}, "voksne")
    assert for_parents & bits["foreldre"] and for_parents & bits["barn"]
    assert for_parents & bits["parorende"]
    assert not for_parents & bits["eldre"]

    for_elderly_patients = audience.audience_mask({"pasient"}, "eldre")
    assert for_elderly_patients == bits["eldre"]

    assert audience.audience_mask(set(), "") == 0
