"""The providers' tree: an organisation and every organisation under it."""

from .models import Organisation


def subtree(roots: set[int]) -> frozenset[int]:
    """The organisations `roots` and every organisation under them."""
    if not roots:
        return frozenset()
    children: dict[int | None, list[int]] = {}
    for pk, parent in Organisation.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, frontier = set(roots), list(roots)
    while frontier:
        frontier = [c for pk in frontier for c in children.get(pk, []) if c not in found]
        found.update(frontier)
    return frozenset(found)
