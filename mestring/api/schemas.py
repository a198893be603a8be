"""JSON shapes of the public API, with the core dataset's Norwegian field names."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

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


class TilbudListe(Schema):
    antall: int
    side: int
    per_side: int
    resultater: list[TilbudKort]


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
