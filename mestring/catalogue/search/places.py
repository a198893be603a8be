"""Reference data each process keeps: municipality names (Norwegian, Sami and Kven) for
reading places in a question, and the municipalities as the "where I live" rule needs them.
Both are read at most every ten minutes per process; `forget_reference_data` reads them
anew (after loading reference data, and in tests)."""

import time
from functools import lru_cache

from mestring.refdata.models import Municipality

from .. import reach
from . import language

# Sami names in use besides those in the municipality register (Kartverket, Sentralt
# stedsnavnregister).
EXTRA_PLACE_NAMES = {
    "romsa": "5501",
    "áltá": "5601",
    "bådåddjo": "1804",
    "áhkkánjárga": "1806",
    "čáhcesuolu": "5607",
}


@lru_cache(maxsize=1)
def _place_names_cached(_version: int) -> dict[str, tuple[str, str]]:
    names: dict[str, set[tuple[str, str]]] = {}
    rows = Municipality.objects.filter(valid_to__isnull=True).values_list(
        "number", "name", "unique_name", "sami_name", "kven_name"
    )
    display = {}
    for number, name, unique, sami, kven in rows:
        display[number] = unique
        for value in (name, unique, sami, kven):
            if value:
                names.setdefault(language.plain(value), set()).add((number, unique))
    for name, number in EXTRA_PLACE_NAMES.items():
        if number in display:
            names.setdefault(language.plain(name), set()).add((number, display[number]))
    # A name two municipalities share ("Våler") says nothing about which one is meant.
    return {name: next(iter(found)) for name, found in names.items() if len(found) == 1}


def place_names() -> dict[str, tuple[str, str]]:
    """Municipality names, read at most every ten minutes per process (they rarely change)."""
    return _place_names_cached(int(time.monotonic() // 600))


@lru_cache(maxsize=1)
def _current_places(_version: int) -> dict[str, reach.Place]:
    return reach.places()


def reference_place(number: str) -> reach.Place | None:
    """A municipality as the reach rule needs it; the current ones are read at most every
    ten minutes per process, like their names."""
    found = _current_places(int(time.monotonic() // 600)).get(number)
    return found if found is not None else reach.place(number)


def current_places() -> dict[str, reach.Place]:
    """The current municipalities by number, as `reach` describes them."""
    return _current_places(int(time.monotonic() // 600))


def known_municipality(number: str) -> bool:
    if number in current_places():
        return True
    return Municipality.objects.filter(number=number).exists()


def forget_reference_data() -> None:
    """Read municipality names and places anew (after loading reference data; tests)."""
    _place_names_cached.cache_clear()
    _current_places.cache_clear()


def pathway_names(codes_wanted=None) -> dict[str, str]:
    """Patient pathway code → name (collaboration.Pathway), all or only those asked for."""
    from django.apps import apps

    pathways = apps.get_model("collaboration", "Pathway").objects.all()
    if codes_wanted is not None:
        pathways = pathways.filter(code__in=[c[:60] for c in codes_wanted])
    return dict(pathways.order_by("group", "name").values_list("code", "name"))
