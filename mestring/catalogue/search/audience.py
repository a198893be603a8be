"""Who an offer is for, as bits: the search tests a target group or an audience with one
integer operation per document instead of comparing codes and reading the offer's codes.

A document holds the bits of its main and other target groups (`target_groups`) and of
the audiences of the question reading it qualifies for (`audiences`, see
`understanding.AUDIENCES`). The bit of a code is its place in the code list: changing the
order of either list changes the meaning of stored bits, so it needs
`mestring search reindex` (the drift check reports every document until then).
"""

from collections.abc import Iterable

from .. import codes
from .understanding import AUDIENCES

TARGET_GROUP_BITS = {code: 1 << place for place, code in enumerate(codes.TargetGroup.values)}
AUDIENCE_BITS = {key: 1 << place for place, key in enumerate(AUDIENCES)}


def target_group_mask(groups: Iterable[str]) -> int:
    """The bits of these target groups (unknown codes have none)."""
    mask = 0
    for group in groups:
        mask |= TARGET_GROUP_BITS.get(group, 0)
    return mask


def audience_mask(target_groups: set[str], age_group: str) -> int:
    """The audiences an offer for these target groups and this age group qualifies for."""
    mask = 0
    for key, (_label, groups, ages) in AUDIENCES.items():
        if target_groups & groups or age_group in ages:
            mask |= AUDIENCE_BITS[key]
    return mask
