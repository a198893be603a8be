"""HSDS 3 API views: plain Django views, public, published offers only."""

import copy
import json

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


def _respond(request, items) -> StreamingHttpResponse | JsonResponse:
    if request.GET.get("format") == "ndjson":
        return _ndjson(items)
    number, size = page_params(request.GET)
    return JsonResponse(page(list(items), number, size), json_dumps_params={"ensure_ascii": False})


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


@require_GET
@checked("/services")
def services(request):
    try:
        offers = query.filter_offers(request.GET)
    except query.BadParameter as error:
        return _bad(error)
    if request.GET.get("format") == "ndjson":
        return _ndjson(export.services(offers))
    number, size = page_params(request.GET)
    body = page(offers, number, size, mapping.service)
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _by_id(objects, kind: str, object_id: str):
    """Only the record whose HSDS id matches, without mapping every other one."""
    pks = [
        pk
        for pk, ext in objects.values_list("pk", "external_id")
        if hsds_id(kind, ext) == object_id
    ]
    return objects.filter(pk__in=pks)


@require_GET
@checked("/services/{id}")
def service(request, object_id: str):
    return _one(export.services(_by_id(query.published_offers(), "service", object_id)), object_id)


@require_GET
@checked("/service_at_locations")
def service_at_locations(request):
    try:
        offers = query.filter_offers(request.GET)
    except query.BadParameter as error:
        return _bad(error)
    return _respond(request, export.service_at_locations(offers))


@require_GET
@checked("/service_at_locations/{id}")
def service_at_location(request, object_id: str):
    runs = _by_id(Run.objects.published(), "service_at_location", object_id)
    offers = query.published_offers().filter(runs__in=runs).distinct()
    return _one(export.service_at_locations(offers), object_id)


@require_GET
@checked("/locations")
def locations(request):
    try:
        offers = query.filter_offers(request.GET)
    except query.BadParameter as error:
        return _bad(error)
    return _respond(request, export.locations(offers))


@require_GET
@checked("/locations/{id}")
def location(request, object_id: str):
    runs = Run.objects.published().select_related("offer__responsible", "municipality")
    pks = [r.pk for r in runs if mapping.location_id(r) == object_id]
    offers = query.published_offers().filter(runs__in=pks).distinct()
    return _one(export.locations(offers), object_id)


@require_GET
@checked("/organizations")
def organizations(request):
    orgs = query.public_organisations()
    text = request.GET.get("search", "")
    if text:
        orgs = [o for o in orgs if _matches(text, o.name, o.orgnr)]
    if request.GET.getlist("taxonomy_term_id") or request.GET.get("taxonomy_id"):
        try:
            params = request.GET.copy()
            params["search"] = ""
            offers = query.filter_offers(params)
        except query.BadParameter as error:
            return _bad(error)
        ids = {o.responsible_id for o in offers}
        orgs = [o for o in orgs if o.pk in ids]
    return _respond(request, export.organizations(orgs))


@require_GET
@checked("/organizations/{id}")
def organization(request, object_id: str):
    return _one(export.objects("organizations"), object_id)


@require_GET
@checked("/taxonomies")
def taxonomy_list(request):
    text = request.GET.get("search", "")
    items = [t for t in taxonomies.all_taxonomies() if _matches(text, t["name"], t["description"])]
    return _respond(request, items)


@require_GET
@checked("/taxonomies/{id}")
def taxonomy(request, object_id: str):
    return _one(taxonomies.all_taxonomies(), object_id)


@require_GET
@checked("/taxonomy_terms")
def taxonomy_terms(request):
    text = request.GET.get("search", "")
    taxonomy_id = request.GET.get("taxonomy_id")
    parent_id = request.GET.get("parent_id")
    items = [
        t
        for t in taxonomies.all_terms()
        if _matches(text, t["name"], t["description"], t["code"])
        and (not taxonomy_id or t["taxonomy_id"] == taxonomy_id)
        # Our code lists are flat: no term has a parent.
        and not parent_id
    ]
    return _respond(request, items)


@require_GET
@checked("/taxonomy_terms/{id}")
def taxonomy_term(request, object_id: str):
    return _one(taxonomies.all_terms(), object_id)


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
