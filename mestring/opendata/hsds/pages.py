"""The HSDS `Page` object for list endpoints."""

import math

from django.db.models import QuerySet

DEFAULT_SIZE = 50
MAX_SIZE = 500


def page_params(query) -> tuple[int, int]:
    """(page, per_page) from a query that params.py has checked against their bounds."""
    return int(query.get("page") or 1), int(query.get("per_page") or DEFAULT_SIZE)


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
        # HSDS: "The number of entities in the current page" (not the requested size).
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
