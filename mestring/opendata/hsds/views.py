"""HSDS 3 API views: plain Django views, public, published offers only."""

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mestring.api.errors import bad_request, not_found
from mestring.catalogue.models import Run

from . import document, export, mapping, query, taxonomies
from .ids import hsds_id
from .merge_patch import PROFILE_DIR
from .pages import page, page_params
from .params import checked

HSDS_VERSION = "3.1"


def _absolute(name: str) -> str:
    return settings.SITE_URL + reverse(name)


def _bad(error: query.BadParameter) -> JsonResponse:
    return bad_request([{"felt": error.name, "melding": str(error)}])


def _ndjson(items) -> StreamingHttpResponse:
    lines = (json.dumps(i, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n" for i in items)
    return StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")


def _one(items, object_id: str) -> JsonResponse:
    for item in items:
        if item["id"] == object_id:
            return JsonResponse(item, json_dumps_params={"ensure_ascii": False})
    return not_found(_("Fant ikke noe objekt med id «%(id)s».") % {"id": object_id})


def _matches(text: str, *values) -> bool:
    return not text or any(text.lower() in (v or "").lower() for v in values)


@require_GET
def root(request):
    return JsonResponse(
        {
            "version": HSDS_VERSION,
            "profile": _absolute("hsds:profile"),
            "openapi_url": _absolute("hsds:openapi"),
        }
    )


@require_GET
def openapi(request):
    served = copy.deepcopy(document.document())
    # This server answers the paths under /hsds/ (the official file names no server).
    served["servers"] = [{"url": request.build_absolute_uri("/hsds")}]
    served["info"]["contact"]["url"] = request.build_absolute_uri(reverse("opendata:index"))
    return JsonResponse(served, json_dumps_params={"ensure_ascii": False})


# --- the object types: how a list is chosen and how one record is found ---------------------


def _by_id(objects, kind: str, object_id: str):
    """Only the record whose HSDS id matches, without mapping every other one."""
    pks = [
        pk
        for pk, ext in objects.values_list("pk", "external_id")
        if hsds_id(kind, ext) == object_id
    ]
    return objects.filter(pk__in=pks)


def _organisations(params):
    orgs = query.public_organisations()
    text = params.get("search", "")
    if text:
        orgs = [o for o in orgs if _matches(text, o.name, o.orgnr)]
    if params.getlist("taxonomy_term_id") or params.get("taxonomy_id"):
        narrowed = params.copy()
        narrowed["search"] = ""
        ids = {o.responsible_id for o in query.filter_offers(narrowed)}
        orgs = [o for o in orgs if o.pk in ids]
    return orgs


def _taxonomies(params):
    text = params.get("search", "")
    return [t for t in taxonomies.all_taxonomies() if _matches(text, t["name"], t["description"])]


def _taxonomy_terms(params):
    text = params.get("search", "")
    taxonomy_id = params.get("taxonomy_id")
    parent_id = params.get("parent_id")
    return [
        t
        for t in taxonomies.all_terms()
        if _matches(text, t["name"], t["description"], t["code"])
        and (not taxonomy_id or t["taxonomy_id"] == taxonomy_id)
        # Our code lists are flat: no term has a parent.
        and not parent_id
    ]


def _service_at_location(object_id: str):
    runs = _by_id(Run.objects.published(), "service_at_location", object_id)
    return export.service_at_locations(query.published_offers().filter(runs__in=runs).distinct())


def _location(object_id: str):
    runs = Run.objects.published().select_related("offer__responsible", "municipality")
    pks = [r.pk for r in runs if mapping.location_id(r) == object_id]
    return export.locations(query.published_offers().filter(runs__in=pks).distinct())


def _listed(items):
    return items


@dataclass(frozen=True)
class ObjectType:
    """One HSDS object type: `select` chooses the list from the query parameters (may raise
    query.BadParameter); `export` maps it to HSDS records; `convert`, when given, maps one
    selected row, so that a JSON page maps only its own rows; `find` gives the records
    among which the one with a given id is; `singular` names the detail endpoint's URL."""

    singular: str
    select: Callable[[Any], Any]
    export: Callable[[Any], Iterable[dict]]
    find: Callable[[str], Iterable[dict]]
    convert: Callable[[Any], dict] | None = None


OBJECT_TYPES = {
    "services": ObjectType(
        singular="service",
        select=query.filter_offers,
        export=export.services,
        convert=mapping.service,
        find=lambda i: export.services(_by_id(query.published_offers(), "service", i)),
    ),
    "service_at_locations": ObjectType(
        singular="service_at_location",
        select=query.filter_offers,
        export=export.service_at_locations,
        find=_service_at_location,
    ),
    "locations": ObjectType(
        singular="location", select=query.filter_offers, export=export.locations, find=_location
    ),
    "organizations": ObjectType(
        singular="organization",
        select=_organisations,
        export=export.organizations,
        find=lambda i: export.objects("organizations"),
    ),
    "taxonomies": ObjectType(
        singular="taxonomy",
        select=_taxonomies,
        export=_listed,
        find=lambda i: taxonomies.all_taxonomies(),
    ),
    "taxonomy_terms": ObjectType(
        singular="taxonomy_term",
        select=_taxonomy_terms,
        export=_listed,
        find=lambda i: taxonomies.all_terms(),
    ),
}


def list_view(name: str):
    """The list endpoint of one object type: a Page of JSON, or NDJSON with format=ndjson."""
    kind = OBJECT_TYPES[name]

    @require_GET
    @checked(f"/{name}")
    def view(request):
        try:
            selected = kind.select(request.GET)
        except query.BadParameter as error:
            return _bad(error)
        if request.GET.get("format") == "ndjson":
            return _ndjson(kind.export(selected))
        number, size = page_params(request.GET)
        if kind.convert:
            body = page(selected, number, size, kind.convert)
        else:
            body = page(list(kind.export(selected)), number, size)
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})

    view.__name__ = view.__qualname__ = name
    return view


def detail_view(name: str):
    """The endpoint of one record of an object type, by its HSDS id."""
    kind = OBJECT_TYPES[name]

    @require_GET
    @checked(f"/{name}/{{id}}")
    def view(request, object_id: str):
        return _one(kind.find(object_id), object_id)

    view.__name__ = view.__qualname__ = f"{name}_detail"
    return view


@require_GET
def profile(request):
    files = sorted(p.name for p in PROFILE_DIR.glob("*.json"))
    return JsonResponse(
        {
            "name": "Mestring: Norwegian learning-and-coping profile of HSDS 3",
            "hsds_version": HSDS_VERSION,
            "description": (PROFILE_DIR / "README.md").read_text(),
            "patches": {
                name: settings.SITE_URL + reverse("hsds:profile-file", args=[name])
                for name in files
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def profile_file(request, name: str):
    path = PROFILE_DIR / name
    if path.suffix != ".json" or path.name != name or not path.is_file():
        raise Http404
    return JsonResponse(json.loads(path.read_text()), json_dumps_params={"ensure_ascii": False})
