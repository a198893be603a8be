"""How many values one filter of the public search may have (/tilbud/, /api/v1/tilbud).

Ticking every box of every facet needs a few dozen values; thousands only cost time. The
results page keeps the first values and says so; the API answers 400.
"""

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

# The filters that take several values, as URL parameters.
MULTI_VALUE_FILTERS = (
    "diagnose",
    "malgruppe",
    "aldersgruppe",
    "fagfelt",
    "sprak",
    "format",
    "pasientforlop",
)


def too_many_values(query: QueryDict) -> list[dict]:
    """One Norwegian message, keyed like the search's own (felt, melding), per filter with
    more values than SEARCH_MAX_FILTER_VALUES."""
    limit = settings.SEARCH_MAX_FILTER_VALUES
    return [
        {
            "felt": name,
            "melding": _("Filteret «%(name)s» har %(count)s verdier; høyst %(limit)s er lov.")
            % {"name": name, "count": len(query.getlist(name)), "limit": limit},
        }
        for name in MULTI_VALUE_FILTERS
        if limit and len(query.getlist(name)) > limit
    ]


def within_bounds(query: QueryDict) -> tuple[QueryDict, list[dict]]:
    """`query` with every filter cut to its first SEARCH_MAX_FILTER_VALUES values and NUL
    characters removed (PostgreSQL cannot compare text with them), and a message for each
    filter cut."""
    if any("\x00" in value for values in query.lists() for value in values[1]):
        cleaned = QueryDict(mutable=True)
        for name, values in query.lists():
            cleaned.setlist(name, [value.replace("\x00", "") for value in values])
        query = cleaned
    notices = too_many_values(query)
    if not notices:
        return query, []
    limit = settings.SEARCH_MAX_FILTER_VALUES
    trimmed = query.copy()
    for notice in notices:
        name = notice["felt"]
        trimmed.setlist(name, query.getlist(name)[:limit])
        notice["melding"] = _(
            "Filteret «%(name)s» hadde for mange verdier; bare de %(limit)s første er brukt."
        ) % {"name": name, "limit": limit}
    return trimmed, notices
