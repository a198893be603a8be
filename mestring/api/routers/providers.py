"""/api/v1/tilbydere: providers (LMS, hospital trusts, municipalities, healthy-life centres)."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from mestring.catalogue.models import Organisation

from .. import serialise
from ..errors import not_found
from ..pagination import Page, page_field, size_field
from ..params import Municipality, ProviderTypeCode, Text
from ..schemas import Problem, Tilbyder, TilbyderListe

router = Router(tags=["tilbydere"])


class ProviderQuery(Schema):
    type: ProviderTypeCode | None = Field(None, description="Tilbydertype.")
    kommune: Municipality | None = Field(
        None, description="Kommunenummer med fire sifre: tilbydere i kommunen."
    )
    side: int = page_field()
    per_side: int = size_field(50, "Tilbydere per side.")


@router.get(
    "",
    response={200: TilbyderListe, 400: Problem},
    operation_id="list_providers",
    summary="Tilbydere",
    url_name="provider-list",
)
def list_providers(request, query: Query[ProviderQuery]):
    """Alle tilbydere, sortert etter navn, med filter på type og kommune."""
    organisations = Organisation.objects.select_related("parent").order_by("name", "external_id")
    if query.type:
        organisations = organisations.filter(type=query.type)
    if query.kommune:
        organisations = organisations.filter(municipality_id=query.kommune)
    return Page.of(query).of_queryset(organisations, serialise.organisation)


@router.get(
    "/{provider_id}",
    response={200: Tilbyder, 404: Problem},
    operation_id="get_provider",
    summary="Én tilbyder",
    url_name="provider-detail",
)
def get_provider(request, provider_id: Text):
    org = Organisation.objects.select_related("parent").filter(external_id=provider_id).first()
    if org is None:
        return not_found(_("Fant ingen tilbyder med id «%(id)s».") % {"id": provider_id})
    return serialise.organisation(org)
