"""Model → API dictionaries. The Norwegian names of the core dataset, mapped once here."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from mestring.catalogue import rules
from mestring.catalogue.models import Offer, Organisation, Run
from mestring.catalogue.search import cards


def _blank_to_none(value: str) -> str | None:
    return value or None


def organisation_ref(org: Organisation) -> dict:
    return {"id": org.external_id, "navn": org.name}


def organisation(org: Organisation) -> dict:
    return {
        "id": org.external_id,
        "navn": org.name,
        "type": org.type,
        "orgnr": _blank_to_none(org.orgnr),
        "overordnet": org.parent.external_id if org.parent_id else None,
        "region": org.region_id,
        "kommunenummer": org.municipality_id,
        "nettside": _blank_to_none(org.website),
        "epost": _blank_to_none(org.email),
        "telefon": _blank_to_none(org.phone),
        "url": reverse("catalogue:organisation-detail", args=[org.external_id]),
    }


def next_run(offer: Offer, now: datetime) -> Run | None:
    """The first run that has not started (a run in progress is not "next")."""
    return rules.next_run(offer.runs.all(), now)


def _run_summary(run: Run | None) -> dict | None:
    if run is None:
        return None
    return {
        "id": run.external_id,
        "start": run.start,
        "slutt": run.end,
        "format": _blank_to_none(run.format),
        "kommunenummer": run.municipality_id,
        "kommune": run.municipality.name if run.municipality_id else None,
    }


def run(run: Run) -> dict:
    return {
        **_run_summary(run),
        "tidspunkt": _blank_to_none(run.time_of_day),
        "sted": _blank_to_none(run.venue),
        "adresse": _blank_to_none(run.address),
        "kapasitet": run.capacity,
        "status": run.status,
        "samlinger": [
            {"start": timezone.localtime(s.start), "varighet_min": s.duration_min}
            for s in run.sessions.all()
        ],
    }


def offer_card(offer: Offer, now: datetime) -> dict:
    return {
        "id": offer.external_id,
        "tittel": offer.title,
        "url": reverse("catalogue:offer-detail", args=[offer.external_id]),
        "ansvarlig": organisation_ref(offer.responsible),
        "hovedtematikk": offer.main_theme,
        "diagnoser": offer.codes_for("diagnoser"),
        "fagfelt": offer.codes_for("fagfelt"),
        "hovedmalgruppe": _blank_to_none(offer.main_target_group),
        "aldersgruppe": _blank_to_none(offer.age_group),
        "sprak": offer.codes_for("sprak"),
        "pris": offer.price,
        "krav_henvisning": offer.requires_referral,
        "neste_gjennomforing": _run_summary(next_run(offer, now)),
    }


def offer_card_from_index(kept: dict, now: datetime) -> dict:
    """The same card as `offer_card`, from what the search index keeps (`search.cards`)."""
    facts = cards.shown(kept, now)
    return {
        "id": facts["id"],
        "tittel": facts["tittel"],
        "url": reverse("catalogue:offer-detail", args=[facts["id"]]),
        **{key: value for key, value in facts.items() if key not in ("id", "tittel")},
    }


def offer_detail(offer: Offer, now: datetime) -> dict:
    upcoming = sorted(
        (r for r in offer.runs.all() if rules.is_open(r, now)),
        key=lambda r: (r.start, r.external_id),
    )
    return {
        **offer_card(offer, now),
        "beskrivelse": offer.description,
        "medarrangorer": [organisation_ref(o) for o in offer.co_organisers.all()],
        "andre_malgrupper": offer.codes_for("andre_malgrupper"),
        "antall_samlinger": offer.session_count,
        "brukerrepresentant": _blank_to_none(offer.user_representative),
        "brukerorganisasjoner": list(offer.user_organisations),
        "standard_metode": {
            "planlegging": offer.users_in_planning,
            "gjennomforing": offer.users_in_delivery,
            "evaluering": offer.users_in_evaluation,
        },
        "folger_standard_metode": offer.follows_standard_method,
        "nivaa": _blank_to_none(offer.level),
        "tolk": offer.interpreter,
        "samisk_tilpasset": offer.sami_adapted,
        "pris_merknad": _blank_to_none(offer.price_note),
        "henvisning_merknad": _blank_to_none(offer.referral_note),
        "avbestilling": _blank_to_none(offer.cancellation),
        "sist_bekreftet": offer.last_confirmed,
        "pamelding": {
            "url": _blank_to_none(offer.signup_url),
            "epost": _blank_to_none(offer.signup_email),
            "telefon": _blank_to_none(offer.signup_phone),
            "tekst": _blank_to_none(offer.signup_text),
        },
        "kommende_gjennomforinger": [run(r) for r in upcoming],
    }
