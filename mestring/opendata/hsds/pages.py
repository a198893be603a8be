"""The HSDS `Page` object for list endpoints."""

import math

from django.db.models import QuerySet

DEFAULT_SIZE = 50
MAX_SIZE = 500


def page_params(query) -> tuple[int, int]:
    """(page, per_page) from the query, clamped to sane values."""
    return _positive(query.get("page"), 1), min(
        _positive(query.get("per_page"), DEFAULT_SIZE), MAX_SIZE
    )


def _positive(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def page(items, page_number: int, size: int, convert=None) -> dict:
    """A Page of a list or a queryset; `convert` maps only the items on the page."""
    total = items.count() if isinstance(items, QuerySet) else len(items)
    total_pages = max(1, math.ceil(total / size))
    contents = list(items[(page_number - 1) * size : page_number * size])
    if convert:
        contents = [convert(item) for item in contents]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": size,
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
