"""Template filters for long offer lists: show the first few, count the rest."""

from django import template

register = template.Library()


@register.filter
def head(items, size):
    """The first `size` items (all of them when no size is given)."""
    return list(items) if size in (None, "") else list(items)[: int(size)]


@register.filter
def rest(items, size):
    """How many items there are beyond the first `size` (none when no size is given)."""
    if size in (None, ""):
        return 0
    total = getattr(items, "total", None)  # overview.Cell: the first few of a longer list
    return max((len(items) if total is None else total) - int(size), 0)
