"""Small builders for catalogue tests: `make_offer(status="utkast")`, with keyword overrides.

Dates count from the clock's day in Oslo, which conftest.py fixes for every test but the
browser tests (`TODAY`): a run starts two weeks from then unless told otherwise."""

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from django.utils import timezone

from mestring.catalogue.models import Offer, OfferCode, Organisation, Run, Session
from mestring.catalogue.search import index

OSLO = ZoneInfo("Europe/Oslo")
_ids = count(1)


def make_organisation(**values) -> Organisation:
    number = next(_ids)
    defaults = {
        "external_id": f"org-{number}",
        "name": f"Lærings- og mestringssenteret {number}",
        "type": "lms",
        "region_id": "helse_sor_ost",
    }
    return Organisation.objects.create(**{**defaults, **values})


def make_offer(*, codes: dict[str, list[str]] | None = None, co_organisers=(), **values) -> Offer:
    number = next(_ids)
    defaults = {
        "external_id": f"tilbud-{number}",
        "title": f"Kurs {number}",
        "description": "Et kurs for pasienter og pårørende.",
        "main_theme": "tvers_av_diagnoser",
        "main_target_group": "pasient",
        "age_group": "voksne",
        "session_count": 4,
        "user_representative": "med_organisasjon",
        "users_in_planning": True,
        "users_in_delivery": True,
        "users_in_evaluation": True,
        "requires_referral": False,
        "registered_as_activity": True,
        "level": "lokal",
        "interpreter": False,
        "sami_adapted": False,
        "price": Decimal("0"),
        "last_confirmed": timezone.localdate(),
        "status": "publisert",
    }
    if "responsible" not in values:
        values["responsible"] = make_organisation()
    offer = Offer.objects.create(**{**defaults, **values})
    for field, values_ in ({"fagfelt": ["somatikk"], "sprak": ["nb"]} | (codes or {})).items():
        OfferCode.objects.bulk_create(OfferCode(offer=offer, field=field, code=c) for c in values_)
    offer.co_organisers.set(co_organisers)
    index.refresh([offer.pk])
    return offer


def make_run(offer: Offer, *, sessions: int = 0, hour: int = 18, **values) -> Run:
    number = next(_ids)
    start = values.pop("start", timezone.localdate() + timedelta(days=14))
    defaults = {
        "external_id": f"gj-{number}",
        "start": start,
        "end": start + timedelta(weeks=max(sessions - 1, 0)),
        "time_of_day": "kveld" if hour >= 17 else "arbeidstid",
        "venue": "spesialisthelsetjenesten",
        "format": "fysisk",
        "municipality_id": "0301",
        "status": "planlagt",
    }
    run = Run.objects.create(offer=offer, **{**defaults, **values})
    Session.objects.bulk_create(
        Session(
            run=run,
            start=datetime.combine(start + timedelta(weeks=i), datetime.min.time(), OSLO).replace(
                hour=hour
            ),
            duration_min=120,
        )
        for i in range(sessions)
    )
    return run
