"""Does an offer read true, and can a person act on it? Plain checks over exchange records.

The records are the exchange format's flat records (exchange/columns.py), keyed by the core
dataset's names, as `exchange.records` reads them from the database and the importer parses
them from files: an offer (`tittel`, `pris`, `krav_henvisning`, `sprak`, …), its runs
(`start`, `slutt`, `tidspunkt`, `format`, `adresse`, `digital_deltakelse`, …) and each run's
sessions as (aware start, minutes). Every check returns `Finding`s with a Norwegian message
that tells the provider what to fix; none of them touches the database.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from mestring.catalogue.querysets import is_published
from mestring.catalogue.rules import is_digital, is_upcoming

from .holidays import holiday_name

OSLO = ZoneInfo("Europe/Oslo")

Session = tuple[datetime, int | None]


@dataclass(frozen=True)
class RunData:
    record: Mapping
    sessions: Sequence[Session] = ()


@dataclass(frozen=True)
class OfferData:
    record: Mapping
    runs: Sequence[RunData] = field(default_factory=tuple)


@dataclass(frozen=True)
class Finding:
    offer: str
    field: str
    message: str
    run: str | None = None


# Free-text fields of an offer whose words must agree with its structured fields.
TEXT_FIELDS = (
    "tittel",
    "beskrivelse",
    "pris_merknad",
    "henvisning_merknad",
    "avbestilling",
    "pamelding_tekst",
    "ta_med",
)
NORWEGIAN = frozenset({"nb", "nn", "no"})
SAMI = frozenset({"se", "smj", "sma"})

FREE = re.compile(r"\bgratis\b|\bkostnadsfri|\bkoster ingenting\b|\bingen egenandel\b", re.I)
AMOUNT = re.compile(r"\b\d[\d  .]*(?:,\d+|,-)?\s*(?:kr\b|kroner\b|NOK\b)|\bkr\.?\s*\d", re.I)
NO_REFERRAL = re.compile(
    r"\b(?:ingen|uten)\s+(?:krav\s+om\s+)?henvisning"
    r"|\bikke\s+(?:behov\s+for\s+|krav\s+om\s+)?henvisning"
    r"|\btrenger\s+(?:du\s+)?ikke\s+(?:en\s+|å\s+bli\s+)?henvis\w*"
    r"|\bbare\s+møt\s+opp\b",
    re.I,
)
NEEDS_REFERRAL = re.compile(
    r"\bhenvisning\s+fra\b|\bkrever\s+henvisning|\bkrav\s+om\s+henvisning"
    r"|\bmå\s+(?:ha\s+|være\s+)?henvis\w*|\bsender\s+(?:en\s+)?henvisning"
    r"|\bgjennom\s+henvisning|\bmed\s+henvisning\b",
    re.I,
)
MINORITY = re.compile(
    r"minoritetsspråklig\w*|flerspråklig\w*|\btolk(?:es|et)?\b|\boversett\w*", re.I
)
SAMI_TEXT = re.compile(r"\bsamisk\w*|\bsamer\b", re.I)
DIGITAL_TITLE = re.compile(r"\bdigital\w*|\bnettkurs\w*|\bpå\s+nett\b|\bwebinar|\bvideokurs", re.I)
EVENING_TEXT = re.compile(r"\bkveldskurs|\btemakveld|\bkveldsmøte|\ben\s+(?:åpen\s+)?kveld\b", re.I)
DAYTIME_TEXT = re.compile(r"\bdagkurs\b|\bdagsamling", re.I)


def _texts(offer: Mapping) -> Iterable[tuple[str, str]]:
    for name in TEXT_FIELDS:
        if text := offer.get(name):
            yield name, str(text)


def _first(pattern: re.Pattern, offer: Mapping, names: Iterable[str] | None = None):
    """(field, matched words) of the first text field where `pattern` matches, or None."""
    for name, text in _texts(offer):
        if names is not None and name not in names:
            continue
        if match := pattern.search(text):
            return name, match.group(0)
    return None


def _kroner(value) -> str:
    amount = Decimal(value)
    whole = amount == amount.to_integral_value()
    return f"{int(amount)} kr" if whole else f"{amount:.2f} kr".replace(".", ",")


# --- the offer's own texts ---------------------------------------------------------------


def price_findings(offer: Mapping) -> list[Finding]:
    """A price above 0 is never called free; a free offer names no amount."""
    price, key = offer.get("pris"), offer.get("id") or ""
    if price is None:
        return []
    if Decimal(price) > 0 and (hit := _first(FREE, offer)):
        message = _("Prisen er %(price)s, men teksten sier «%(words)s».") % {
            "price": _kroner(price),
            "words": hit[1],
        }
        return [Finding(key, hit[0], message)]
    if Decimal(price) == 0 and (hit := _first(AMOUNT, offer)):
        message = _("Tilbudet er gratis (pris 0), men teksten nevner et beløp: «%(words)s».") % {
            "words": hit[1].strip()
        }
        return [Finding(key, hit[0], message)]
    return []


def referral_findings(offer: Mapping) -> list[Finding]:
    """The texts agree with «krav om henvisning», and say where a referral goes."""
    needed, key = offer.get("krav_henvisning"), offer.get("id") or ""
    findings = []
    if needed is True:
        if hit := _first(NO_REFERRAL, offer):
            message = _("Tilbudet krever henvisning, men teksten sier «%(words)s».") % {
                "words": hit[1]
            }
            findings.append(Finding(key, hit[0], message))
        if not offer.get("henvisning_merknad"):
            message = _(
                "Tilbudet krever henvisning. Skriv hvem som henviser og hvor henvisningen "
                "skal sendes."
            )
            findings.append(Finding(key, "henvisning_merknad", message))
    elif needed is False:
        for name, text in _texts(offer):
            if match := NEEDS_REFERRAL.search(NO_REFERRAL.sub(" ", text)):
                message = _("Tilbudet krever ikke henvisning, men teksten sier «%(words)s».") % {
                    "words": match.group(0)
                }
                findings.append(Finding(key, name, message))
                break
    if offer.get("pasientreiser") and needed is False:
        message = _(
            "Pasientreiser dekker reiser til behandling med henvisning, men tilbudet krever "
            "ikke henvisning."
        )
        findings.append(Finding(key, "pasientreiser", message))
    return findings


def language_findings(offer: Mapping) -> list[Finding]:
    """Texts speak of minority languages or Sami only when the languages or «tolk» say so."""
    languages = set(offer.get("sprak") or [])
    key, findings = offer.get("id") or "", []
    others = languages - NORWEGIAN - SAMI
    if not others and offer.get("tolk") is not True and (hit := _first(MINORITY, offer)):
        message = _(
            "Teksten sier «%(words)s», men tilbudet har bare norsk eller samisk som språk og "
            "ingen tolk. Legg til språket eller tolk, eller endre teksten."
        ) % {"words": hit[1]}
        findings.append(Finding(key, "sprak", message))
    if not languages & SAMI and offer.get("samisk_tilpasset") is not True:
        if hit := _first(SAMI_TEXT, offer):
            message = _(
                "Teksten sier «%(words)s», men tilbudet er verken på samisk eller samisk tilpasset."
            ) % {"words": hit[1]}
            findings.append(Finding(key, "sprak", message))
    return findings


# --- the offer against its runs and sessions ---------------------------------------------


def format_findings(offer: Mapping, runs: Sequence[RunData]) -> list[Finding]:
    """A title that says «digitalt» has no run that is physical only."""
    match = DIGITAL_TITLE.search(offer.get("tittel") or "")
    if not match:
        return []
    key = offer.get("id") or ""
    message = _(
        "Tittelen sier «%(words)s», men gjennomføringen er bare fysisk. Endre formatet eller "
        "tittelen."
    ) % {"words": match.group(0)}
    return [
        Finding(key, "format", message, run.record.get("id"))
        for run in runs
        if run.record.get("format") == "fysisk"
    ]


def title_time_findings(offer: Mapping, runs: Sequence[RunData]) -> list[Finding]:
    """«Kveldskurs» and «temakveld» are held in the evening, «dagkurs» in the daytime."""
    key, findings = offer.get("id") or "", []
    evening = _first(EVENING_TEXT, offer, ("tittel", "beskrivelse"))
    daytime = _first(DAYTIME_TEXT, offer, ("tittel", "beskrivelse"))
    for run in runs:
        when = run.record.get("tidspunkt")
        if evening and when == "arbeidstid":
            message = _("Teksten sier «%(words)s», men tidspunktet er arbeidstid.") % {
                "words": evening[1]
            }
            findings.append(Finding(key, "tidspunkt", message, run.record.get("id")))
        elif daytime and when == "kveld":
            message = _("Teksten sier «%(words)s», men tidspunktet er kveld.") % {
                "words": daytime[1]
            }
            findings.append(Finding(key, "tidspunkt", message, run.record.get("id")))
    return findings


def _local(moment: datetime) -> datetime:
    return moment.astimezone(OSLO) if moment.tzinfo else moment


def _shown(moment: datetime) -> str:
    return _local(moment).strftime("%d.%m.%Y kl. %H:%M")


def fits_time_of_day(time_of_day: str | None, start: datetime, minutes: int | None) -> bool:
    """Whether a session's clock time agrees with the run's «tidspunkt».

    Arbeidstid: a weekday between 08:00 and 16:00; kveld: starts at 16:00 or later and ends
    by 23:00; helg: Saturday or Sunday. An unknown time of day fits anything.
    """
    local = _local(start)
    end = local + timedelta(minutes=minutes or 0)
    if time_of_day == "arbeidstid":
        return (
            local.weekday() < 5
            and local.hour >= 8
            and end.date() == local.date()
            and (end.hour, end.minute) <= (16, 0)
        )
    if time_of_day == "kveld":
        return local.hour >= 16 and end.date() == local.date() and end.hour < 23
    if time_of_day == "helg":
        return local.weekday() >= 5
    return True


def session_findings(offer_id: str, run: RunData) -> list[Finding]:
    """Sessions fall inside the run's period, on no public holiday, at its time of day."""
    record, findings = run.record, []
    run_id = record.get("id")
    start, end = record.get("start"), record.get("slutt")
    outside = [
        moment
        for moment, _minutes in run.sessions
        if (start and _local(moment).date() < start) or (end and _local(moment).date() > end)
    ]
    if outside:
        message = _(
            "%(count)s samling(er) ligger utenfor gjennomføringens periode "
            "%(start)s–%(end)s (første: %(first)s)."
        ) % {
            "count": len(outside),
            "start": start.strftime("%d.%m.%Y") if start else "?",
            "end": end.strftime("%d.%m.%Y") if end else "?",
            "first": _shown(outside[0]),
        }
        findings.append(Finding(offer_id, "samlinger", message, run_id))
    holidays = [
        (moment, name)
        for moment, _minutes in run.sessions
        if (name := holiday_name(_local(moment).date()))
    ]
    if holidays:
        days = ", ".join(f"{_shown(moment)} ({name})" for moment, name in holidays)
        message = _("Samling på helligdag: %(days)s.") % {"days": days}
        findings.append(Finding(offer_id, "samlinger", message, run_id))
    when = record.get("tidspunkt")
    wrong = [
        moment for moment, minutes in run.sessions if not fits_time_of_day(when, moment, minutes)
    ]
    if wrong:
        message = _(
            "%(count)s samling(er) passer ikke med tidspunktet «%(when)s» (første: %(first)s)."
        ) % {"count": len(wrong), "when": when, "first": _shown(wrong[0])}
        findings.append(Finding(offer_id, "tidspunkt", message, run_id))
    return findings


# --- can a person act on it? -------------------------------------------------------------

SIGNUP_FIELDS = ("pamelding_url", "pamelding_epost", "pamelding_telefon")
CONTACT_FIELDS = ("kontakt_telefon", "kontakt_epost")


def actionable_findings(offer: Mapping, runs: Sequence[RunData], today: date) -> list[Finding]:
    """A published offer says how to sign up or whom to contact, and each upcoming run says
    where (an address, or how to join digitally) and when (sessions with clock times)."""
    if not is_published(offer.get("status")):
        return []
    key, findings = offer.get("id") or "", []
    if not any(offer.get(name) for name in SIGNUP_FIELDS + CONTACT_FIELDS):
        message = _(
            "Tilbudet er publisert uten påmelding eller kontakt. Legg inn en nettadresse, "
            "e-post eller telefon for påmelding, eller en kontaktperson med telefon eller e-post."
        )
        findings.append(Finding(key, "pamelding", message))
    for run in runs:
        record = run.record
        start = record.get("start")
        if not start or not is_upcoming(record.get("status"), start, record.get("slutt"), today):
            continue
        run_id, fmt = record.get("id"), record.get("format")
        needs_address = fmt in ("fysisk", "hybrid")
        needs_join = is_digital(fmt) or fmt == "hybrid"
        if not fmt and not (record.get("adresse") or record.get("digital_deltakelse")):
            message = _("Gjennomføringen sier verken hvor den holdes eller hvordan man deltar.")
            findings.append(Finding(key, "adresse", message, run_id))
        if needs_address and not record.get("adresse"):
            message = _("Gjennomføringen har oppmøte, men ingen adresse.")
            findings.append(Finding(key, "adresse", message, run_id))
        if needs_join and not record.get("digital_deltakelse"):
            message = _("Gjennomføringen er digital, men sier ikke hvordan man kobler seg på.")
            findings.append(Finding(key, "digital_deltakelse", message, run_id))
        if not run.sessions:
            message = _(
                "Gjennomføringen har ingen samlinger med dato og klokkeslett. Legg inn samlingene."
            )
            findings.append(Finding(key, "samlinger", message, run_id))
    return findings


def offer_findings(data: OfferData, today: date) -> list[Finding]:
    """Every check of one offer with its runs and sessions (duplicates are checked apart)."""
    offer, key = data.record, data.record.get("id") or ""
    findings = price_findings(offer) + referral_findings(offer) + language_findings(offer)
    findings += format_findings(offer, data.runs) + title_time_findings(offer, data.runs)
    for run in data.runs:
        findings += session_findings(key, run)
    return findings + actionable_findings(offer, data.runs, today)


# --- duplicates --------------------------------------------------------------------------


def title_key(title: str | None) -> str:
    """A title compared without case, punctuation or extra spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", (title or "").casefold()).split())


class Duplicates:
    """Offers from the same provider with the same title in the same municipality.

    Fed one offer at a time, so a national data set need not be held in memory. Archived
    offers are left out: an old version of a course is not a duplicate of its successor.
    Offers without a physical run count as one place («digitalt eller uten sted»).
    """

    def __init__(self):
        self.seen: dict[tuple, str] = {}

    def add(self, data: OfferData) -> list[Finding]:
        offer = data.record
        if offer.get("status") == "arkivert":
            return []
        places = {run.record.get("kommunenummer") for run in data.runs} - {None, ""}
        key, findings = offer.get("id") or "", []
        for place in sorted(places) or [None]:
            group = (offer.get("ansvarlig"), title_key(offer.get("tittel")), place)
            first = self.seen.setdefault(group, key)
            if first != key:
                message = _(
                    "Samme tittel som tilbudet «%(other)s» fra samme tilbyder%(place)s. Gjør dem "
                    "til gjennomføringer av ett tilbud, eller gi dem titler som skiller dem."
                ) % {
                    "other": first,
                    "place": _(" i kommune %(number)s") % {"number": place} if place else "",
                }
                findings.append(Finding(key, "tittel", message))
                break
        return findings


def check_all(offers: Iterable[OfferData], today: date) -> Iterable[Finding]:
    """Every finding for a stream of offers, in their order."""
    duplicates = Duplicates()
    for data in offers:
        yield from offer_findings(data, today)
        yield from duplicates.add(data)
