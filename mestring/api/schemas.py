"""JSON shapes of the public API, with the core dataset's Norwegian field names."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from .params import Text  # noqa: F401 - the routers' text input


class Feil(Schema):
    felt: str
    melding: str


class Problem(Schema):
    """RFC 9457 problem details, with every field error listed in `feil`."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    feil: list[Feil] = []


class TilbyderRef(Schema):
    id: str
    navn: str


class Samling(Schema):
    start: datetime
    varighet_min: int | None


class Gjennomforing(Schema):
    id: str
    start: date
    slutt: date | None
    tidspunkt: str | None
    sted: str | None
    format: str | None
    kommunenummer: str | None
    kommune: str | None
    adresse: str | None
    kapasitet: int | None
    status: str
    samlinger: list[Samling]


class NesteGjennomforing(Schema):
    id: str
    start: date
    slutt: date | None
    format: str | None
    kommunenummer: str | None
    kommune: str | None


class TilbudKort(Schema):
    id: str
    tittel: str
    url: str
    ansvarlig: TilbyderRef
    hovedtematikk: str
    diagnoser: list[str]
    fagfelt: list[str]
    hovedmalgruppe: str | None
    aldersgruppe: str | None
    sprak: list[str]
    pris: Decimal | None
    krav_henvisning: bool | None
    neste_gjennomforing: NesteGjennomforing | None


class Tolkning(Schema):
    """A word of the question read as a filter, as the results page shows it (a chip)."""

    ord: str = Field(description="Ordet eller ordene i spørsmålet.")
    filter: str = Field(
        description="Filteret ordet ble lest som: for (hvem tilbudet er for), kommune, "
        "sprak, format, gratis, tolk, samisk eller uten_henvisning."
    )
    verdi: str = Field(description="Filterets verdi (en kode, et kommunenummer eller ja).")
    tekst: str = Field(description="Slik sidene viser det, på svarets språk.")


class TilbudListe(Schema):
    antall: int
    side: int
    per_side: int
    resultater: list[TilbudKort]
    delvis_treff: bool = Field(
        False,
        description="true når ingen tilbud passet alle ordene i spørsmålet, og svaret "
        "viser tilbud som passer noen av dem.",
    )
    tolkning: list[Tolkning] = Field(
        [],
        description="Ord i spørsmålet som ble lest som filtre. Send ordet i «bokstavelig» "
        "for å lese det som tekst i stedet.",
    )
    merknader: list[str] = Field(
        [], description="Merknader om hvordan spørsmålet ble lest, slik sidene viser dem."
    )


class StandardMetode(Schema):
    planlegging: bool | None
    gjennomforing: bool | None
    evaluering: bool | None


class Pamelding(Schema):
    url: str | None
    epost: str | None
    telefon: str | None
    tekst: str | None


class TilbudDetalj(TilbudKort):
    beskrivelse: str
    medarrangorer: list[TilbyderRef]
    andre_malgrupper: list[str]
    antall_samlinger: int | None
    brukerrepresentant: str | None
    brukerorganisasjoner: list[str]
    standard_metode: StandardMetode
    folger_standard_metode: bool | None
    nivaa: str | None
    tolk: bool | None
    samisk_tilpasset: bool | None
    pris_merknad: str | None
    henvisning_merknad: str | None
    avbestilling: str | None
    sist_bekreftet: date | None
    pamelding: Pamelding
    kommende_gjennomforinger: list[Gjennomforing]


class Tilbyder(Schema):
    id: str
    navn: str
    type: str
    orgnr: str | None
    overordnet: str | None
    region: str | None
    kommunenummer: str | None
    nettside: str | None
    epost: str | None
    telefon: str | None
    url: str


class TilbyderListe(Schema):
    antall: int
    side: int
    per_side: int
    resultater: list[Tilbyder]
