"""JSON Merge Patch (RFC 7386), used to apply our profile to the official HSDS files."""

import copy
from pathlib import Path

PROFILE_DIR = Path(__file__).parent / "profile"


def merge_patch(target, patch):
    """Return `target` with `patch` applied; neither argument is changed."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
