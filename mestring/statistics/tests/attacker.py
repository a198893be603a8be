"""An adversary for suppressed tables: what can be worked out from what is published?

It knows every published number, every published sum, and what the marks say: `<5`
is 1–4, `x` is 0 or at least 5. It finds every value each hidden cell can take in a
solution consistent with all of that, by exhaustive search with propagation. Written
independently of suppression.py so that a flaw there is not repeated here.
"""

from collections.abc import Hashable, Mapping, Sequence

THRESHOLD = 5


def _allowed(kind: str, value: int) -> bool:
    if value < 0:
        return False
    if kind == "primary":
        return 1 <= value < THRESHOLD
    return value == 0 or value >= THRESHOLD


def possible_values(
    values: Mapping[Hashable, int],
    hidden: Mapping[Hashable, str],
    lines: Sequence[tuple[Sequence[Hashable], Hashable]],
    enough: int = 2,
) -> dict[Hashable, set[int]]:
    """Every value each hidden cell can take; stops early once each has `enough`."""
    upper = sum(v for k, v in values.items()) or 1
    seen: dict[Hashable, set[int]] = {key: set() for key in hidden}
    known = {k: v for k, v in values.items() if k not in hidden}

    def consistent(assigned: dict) -> bool:
        for parts, total in lines:
            cells = [*parts, total]
            if all(c in assigned for c in cells):
                if sum(assigned[p] for p in parts) != assigned[total]:
                    return False
            elif total in assigned and sum(assigned.get(p, 0) for p in parts) > assigned[total]:
                return False
        return True

    def propagate(assigned: dict) -> dict | None:
        assigned = dict(assigned)
        changed = True
        while changed:
            changed = False
            for parts, total in lines:
                missing = [c for c in (*parts, total) if c not in assigned]
                if len(missing) != 1:
                    continue
                cell = missing[0]
                if cell == total:
                    value = sum(assigned[p] for p in parts)
                else:
                    value = assigned[total] - sum(assigned[p] for p in parts if p != cell)
                if not _allowed(hidden[cell], value):
                    return None
                assigned[cell] = value
                changed = True
        return assigned if consistent(assigned) else None

    def done() -> bool:
        return all(len(s) >= enough for s in seen.values())

    def search(assigned: dict) -> None:
        assigned = propagate(assigned)
        if assigned is None or done():
            return
        open_cells = [k for k in hidden if k not in assigned]
        if not open_cells:
            for key in hidden:
                seen[key].add(assigned[key])
            return
        cell = open_cells[0]
        for value in range(upper + 1):
            if _allowed(hidden[cell], value):
                search({**assigned, cell: value})
                if done():
                    return

    search(known)
    return seen


def recoverable(values, hidden, lines) -> list:
    """Hidden cells that have only one possible value."""
    found = possible_values(values, hidden, lines)
    return [key for key, options in found.items() if len(options) < 2]
