"""/api/v1/tilbud: search the public catalogue and read one offer."""

from typing import Literal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from mestring.catalogue import search
from mestring.catalogue.filter_bounds import too_many_values
from mestring.catalogue.models import Offer, Run, SearchCard, Session
from mestring.catalogue.search import cards

from .. import serialise
from ..errors import bad_request, not_found
from ..pagination import Page, page_field, size_field
from ..params import (
    AgeGroupCode,
    DiagnosisCode,
    FieldCode,
    IsoDate,
    LanguageCode,
    Municipality,
    PathwayCode,
    TargetGroupCode,
    Text,
    YesNo,
)
from ..schemas import Problem, TilbudDetalj, TilbudListe

router = Router(tags=["tilbud"])


def runs_prefetch() -> Prefetch:
    return Prefetch(
        "runs",
        queryset=Run.objects.select_related("municipality").prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("start"))
        ),
    )


# The exchange format's run formats, and the search's older names kept as aliases.
FormatCode = Literal[
    "fysisk", "digitalt_direkte", "hybrid", "digitalt_selvstudium", "digitalt", "selvstudium"
]
# As many values per filter as the search takes (catalogue.filter_bounds).
MAX_VALUES = settings.SEARCH_MAX_FILTER_VALUES
MULTI = "Gjenta parameteren for flere verdier; ett treff på én av dem er nok."


class OfferQuery(Schema):
    """The public search's parameters; the same names as on /tilbud/."""

    q: Text = Field(
        "",
        description="Spørsmålet, slik folk spør: ord som navngir hvem tilbudet er for, et "
        "sted, et språk eller et format leses som filtre (se «tolkning» i svaret); de andre "
        "ordene må finnes i tittel, beskrivelse eller kodene, med synonymer og "
        "skrivefeil. Passer ingen tilbud alle ordene, vises de som passer flest "
        "(«delvis_treff»). Tom verdi gir alle tilbud.",
    )
    diagnose: list[DiagnosisCode] = Field(
        [], max_length=MAX_VALUES, description=f"Diagnosegruppe. {MULTI}"
    )
    malgruppe: list[TargetGroupCode] = Field(
        [],
        max_length=MAX_VALUES,
        description=f"Målgruppe (hovedmålgruppe eller andre målgrupper). {MULTI}",
    )
    aldersgruppe: list[AgeGroupCode] = Field(
        [], max_length=MAX_VALUES, description=f"Aldersgruppe. {MULTI}"
    )
    fagfelt: list[FieldCode] = Field([], max_length=MAX_VALUES, description=f"Fagfelt. {MULTI}")
    kommune: Municipality | None = Field(
        None,
        description="Tilbud for innbyggerne i kommunen: gjennomføringer der, regionale og "
        "nasjonale tilbud og digitale gjennomføringer. Kommunenummer med fire sifre.",
    )
    sprak: list[LanguageCode] = Field(
        [], max_length=MAX_VALUES, description=f"Språk (BCP 47-kode). {MULTI}"
    )
    tolk: YesNo | None = Field(None, description="ja: bare tilbud med tolk.")
    samisk: YesNo | None = Field(None, description="ja: bare samisk tilpassede tilbud.")
    format: list[FormatCode] = Field(
        [],
        max_length=MAX_VALUES,
        description="Gjennomføringsformat for en kommende, planlagt gjennomføring: "
        "fysisk (fysisk eller hybrid), digitalt_direkte (digitalt direkte eller hybrid), "
        "hybrid, digitalt_selvstudium. Kodene er de samme som i svarene; de eldre navnene "
        f"digitalt (= digitalt_direkte) og selvstudium (= digitalt_selvstudium) virker også. "
        f"{MULTI}",
    )
    pasientforlop: list[PathwayCode] = Field(
        [],
        max_length=MAX_VALUES,
        description="Pasientforløp eller pakkeforløp tilbudet hører til, i hvilken som helst "
        "fase: koden fra referanselisten (samme kode som i utvekslingsformatets liste "
        f"«pasientforlop», f.eks. kreft_bryst). {MULTI}",
    )
    gratis: YesNo | None = Field(None, description="ja: bare gratis tilbud.")
    uten_henvisning: YesNo | None = Field(
        None, description="ja: bare tilbud som ikke krever henvisning."
    )
    fra: IsoDate | None = Field(
        None,
        description="Bare tilbud med en planlagt gjennomføring som starter denne "
        "datoen eller senere (ÅÅÅÅ-MM-DD).",
    )
    til: IsoDate | None = Field(
        None,
        description="Bare tilbud med en planlagt gjennomføring som starter senest "
        "denne datoen (ÅÅÅÅ-MM-DD).",
    )
    tilbyder: Text | None = Field(
        None, description="Id til en tilbyder: tilbudene dens og enhetene under den."
    )
    bokstavelig: list[Text] = Field(
        [],
        max_length=MAX_VALUES,
        description="Ord i q som skal leses som tekst, ikke som filter (se «tolkning» i "
        f"svaret). {MULTI}",
    )
    side: int = page_field()
    per_side: int = size_field(20, "Treff per side.")


@router.get(
    "",
    response={200: TilbudListe, 400: Problem},
    operation_id="search_offers",
    summary="Søk i tilbudene",
    url_name="offer-list",
)
def search_offers(request, query: Query[OfferQuery]):
    """Publiserte tilbud som passer søket og filtrene, beste treff først."""
    if errors := too_many_values(request.GET):
        return bad_request(errors)
    filters, errors = search.OfferFilters.from_query(request.GET)
    if errors:
        return bad_request(errors)
    page = Page.of(query)
    found = search.run(query.q, filters)
    ids, total = found.cached_page(page.start, page.stop)
    now = timezone.localtime()
    kept = dict(SearchCard.objects.filter(document_id__in=ids).values_list("document_id", "card"))
    shown = [kept[pk] for pk in ids if pk in kept]
    # A card's next run turns into one in progress when its first session begins: a kept
    # whole answer (operations/answers.py) must not outlive that moment.
    request.fresh_until = cards.next_change(shown, now)
    body = page.body(total, shown, lambda card: serialise.offer_card_from_index(card, now))
    return {
        **body,
        "delvis_treff": found.partial,
        "tolkning": [
            {"ord": chip.words, "filter": chip.param, "verdi": chip.value, "tekst": chip.label}
            for chip in found.reading.chips
        ],
        "merknader": found.notices,
    }


@router.get(
    "/{offer_id}",
    response={200: TilbudDetalj, 404: Problem},
    operation_id="get_offer",
    summary="Ett tilbud",
    url_name="offer-detail",
)
def get_offer(request, offer_id: Text):
    offer = (
        Offer.objects.published()
        .filter(external_id=offer_id)
        .select_related("responsible")
        .prefetch_related("codes", "co_organisers", runs_prefetch())
        .first()
    )
    if offer is None:
        return not_found(_("Fant ikke noe publisert tilbud med id «%(id)s».") % {"id": offer_id})
    return serialise.offer_detail(offer, timezone.localtime())
