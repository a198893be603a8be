"""Deterministic, realistic demo records: plain data, no database.

Every offer gets its own random generator seeded from (seed, offer number), so a chunk of
offers can be generated on its own and the same seed and day always give the same data.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from mestring.activity.models import COUNT_FIELDS as ATTENDANCE_COUNTS

from . import vocabulary as vocab

OSLO = ZoneInfo("Europe/Oslo")
HISTORY_DAYS = 3 * 365
FUTURE_DAYS = 183
COUNT_FIELDS = tuple(ATTENDANCE_COUNTS.values())


@dataclass(frozen=True)
class Scale:
    offers: int
    runs_per_offer: float
    municipal_share: float  # share of municipalities with a healthy-life centre


SCALES = {
    "mini": Scale(offers=30, runs_per_offer=3, municipal_share=0.02),
    "demo": Scale(offers=900, runs_per_offer=4, municipal_share=0.25),
    "national": Scale(offers=52_000, runs_per_offer=27, municipal_share=0.6),
}


@dataclass(frozen=True)
class Provider:
    external_id: str
    name: str
    type: str
    kind: str  # "specialist", "municipal" or "user"
    parent_external_id: str | None = None
    region_id: str | None = None
    municipality_id: str | None = None
    venues: tuple[str, ...] = ()  # municipalities where it holds courses
    sami_language: str = ""  # set for providers in the Sami language area


@dataclass
class OfferBundle:
    """One offer with everything that hangs on it, as column dictionaries."""

    offer: dict
    codes: list[tuple[str, str]]
    co_organisers: list[str]
    runs: list[dict] = field(default_factory=list)
    sessions: list[dict] = field(default_factory=list)  # each with "run" = index into runs
    attendance: list[dict] = field(default_factory=list)  # each with "run" = index into runs


def weighted(rng: random.Random, options: tuple, first_weight: float = 0.6):
    """The first option with `first_weight`, the others evenly otherwise."""
    if len(options) == 1 or rng.random() < first_weight:
        return options[0]
    return rng.choice(options[1:])


def maybe(rng: random.Random, value, missing: float = 0.03):
    """A legacy gap: the value, or None for a missing answer."""
    return None if rng.random() < missing else value


def plan_providers(
    rng: random.Random, trusts: list[dict], municipalities: list[dict], scale: Scale
) -> list[Provider]:
    """LMS and clinics under the real hospital trusts, municipal services, user organisations.

    `trusts`: dicts with orgnr, name, short_name, region_id, has_catchment and the numbers of
    the municipalities in its catchment (`catchment`). `municipalities`: dicts with number,
    name, region_id and sami_area_language.
    """
    providers: list[Provider] = []
    for trust in trusts:
        parent = f"hf-{trust['orgnr']}"
        venues = tuple(trust["catchment"]) or ("0301",)
        providers.append(
            Provider(
                f"lms-{trust['orgnr']}",
                f"Lærings- og mestringssenteret, {trust['name'].removesuffix(' HF')}",
                "lms",
                "specialist",
                parent,
                trust["region_id"],
                venues[0],
                venues,
            )
        )
        if trust["has_catchment"] and rng.random() < 0.5:
            providers.append(
                Provider(
                    f"klinikk-psyk-{trust['orgnr']}",
                    f"Klinikk psykisk helse og rus, {trust['short_name']}",
                    "klinikk",
                    "specialist",
                    parent,
                    trust["region_id"],
                    venues[0],
                    venues,
                )
            )
    ordered = sorted(municipalities, key=lambda m: -m["population"])
    chosen = [m for i, m in enumerate(ordered) if i < 3 or rng.random() < scale.municipal_share]
    for m in chosen:
        sami = m["sami_area_language"]
        kind_type = (
            "kommunal_lm" if m["population"] > 60_000 and rng.random() < 0.5 else "frisklivssentral"
        )
        name = (
            f"Frisklivssentralen i {m['name']}"
            if kind_type == "frisklivssentral"
            else f"Lærings- og mestringstjenesten i {m['name']} kommune"
        )
        providers.append(
            Provider(
                f"{kind_type}-{m['number']}",
                name,
                kind_type,
                "municipal",
                None,
                None,
                m["number"],
                (m["number"],),
                sami,
            )
        )
    for ext_id, name in vocab.USER_ORGANISATIONS:
        providers.append(Provider(ext_id, name, "brukerorganisasjon", "user", venues=("0301",)))
    return providers


def _languages(rng: random.Random, provider: Provider) -> list[str]:
    if provider.sami_language:
        return [
            "nb",
            {"nordsamisk": "se", "lulesamisk": "smj", "sørsamisk": "sma"}[provider.sami_language],
        ]
    if provider.region_id == "helse_nord" and rng.random() < 0.05:
        return ["nb", "se"]
    roll = rng.random()
    if roll < 0.04:
        return ["nb", rng.choice(["en", "pl", "ar", "so", "ur"])]
    if roll < 0.08:
        return ["nn"]
    return ["nb"]


def _description(rng: random.Random, template: vocab.CourseTemplate, user_org: str | None) -> str:
    topics = rng.sample(template.topics, k=min(len(template.topics), rng.randint(3, 5)))
    lines = [template.intro, "", "På kurset snakker vi om:", ""]
    lines += [f"- {topic}" for topic in topics]
    if user_org:
        lines += ["", f"Kurset er laget og holdes sammen med brukerrepresentanter fra {user_org}."]
    return "\n".join(lines)


def _pick_template(rng: random.Random, provider: Provider) -> vocab.CourseTemplate:
    allowed = [t for t in vocab.TEMPLATES if t.level in (provider.kind, "both")]
    if provider.kind == "user":
        allowed = [t for t in vocab.TEMPLATES if t.theme != "helsepedagogikk"]
    if (
        provider.type == "klinikk"
    ):  # the clinics planned here are for mental health and substance use
        allowed = [t for t in allowed if {"psykisk_helse", "rus"} & set(t.fields)]
    return rng.choice(allowed)


def generate_offer(
    seed: int,
    number: int,
    provider: Provider,
    partners: list[Provider],
    scale: Scale,
    today: date,
    user_org_names: dict[str, str],
) -> OfferBundle:
    rng = random.Random(f"{seed}-{number}")
    template = _pick_template(rng, provider)
    title = rng.choice(template.titles) + rng.choice(vocab.AUDIENCE_SUFFIXES)
    if provider.kind == "municipal":
        title += f" – {provider.name.split(' i ')[-1].removesuffix(' kommune')}"
    diagnoses = list(template.diagnoses)
    if template.theme == "spesifikk_diagnose" and len(diagnoses) > 1:
        diagnoses = rng.sample(diagnoses, k=rng.randint(1, len(diagnoses)))
    topic = diagnoses[0] if diagnoses else template.fields[0]
    user_orgs = list(vocab.USER_ORGANISATIONS_BY_TOPIC.get(topic, ()))[: rng.randint(0, 2)]
    follows = rng.random() < 0.72
    status_roll = rng.random()
    status = "publisert" if status_roll < 0.88 else ("utkast" if status_roll < 0.94 else "arkivert")
    main_target = weighted(rng, template.target_groups)
    requires_referral = rng.random() < template.referral
    price = Decimal("0") if not requires_referral or rng.random() < 0.5 else Decimal("375")
    confirmed_days = rng.randint(0, 365) if rng.random() < 0.75 else rng.randint(366, 900)
    offer = {
        "external_id": f"demo-tilbud-{number:06d}",
        "title": title,
        "description": _description(
            rng, template, user_org_names.get(user_orgs[0]) if user_orgs else None
        ),
        "main_theme": template.theme,
        "main_target_group": maybe(rng, main_target) or "",
        "age_group": maybe(rng, rng.choice(template.age_groups)) or "",
        "session_count": maybe(rng, rng.randint(*template.sessions)),
        "user_representative": maybe(
            rng,
            weighted(rng, ("med_organisasjon", "uten_organisasjon", "lms_ansatt", "ingen"), 0.8),
        )
        or "",
        "user_organisations": user_orgs,
        "users_in_planning": maybe(rng, follows or rng.random() < 0.6),
        "users_in_delivery": maybe(rng, follows or rng.random() < 0.7),
        "users_in_evaluation": maybe(rng, follows or rng.random() < 0.4),
        "requires_referral": maybe(rng, requires_referral),
        "registered_as_activity": maybe(rng, rng.random() < 0.68),
        "level": maybe(
            rng,
            "lokal"
            if provider.kind == "municipal"
            else weighted(rng, ("lokal", "regional", "nasjonal"), 0.8),
        )
        or "",
        "interpreter": maybe(rng, rng.random() < 0.3),
        "sami_adapted": maybe(rng, bool(provider.sami_language) and rng.random() < 0.7),
        "price": maybe(rng, price),
        "price_note": rng.choice(vocab.PRICE_NOTES) if rng.random() < 0.6 else "",
        "referral_note": vocab.REFERRAL_NOTE if requires_referral else "",
        "cancellation": rng.choice(vocab.CANCELLATION_NOTES) if rng.random() < 0.5 else "",
        "last_confirmed": None if rng.random() < 0.05 else today - timedelta(days=confirmed_days),
        "signup_url": "",
        "signup_email": "",
        "signup_phone": "",
        "signup_text": rng.choice(vocab.SIGNUP_TEXTS),
        "contact_name": "",
        "contact_role": "",
        "contact_phone": "",
        "contact_email": "",
        "what_to_bring": "",
        "patient_travel": None,
        "status": status,
    }
    codes = [("diagnoser", d) for d in diagnoses]
    codes += [("fagfelt", f) for f in template.fields]
    others = [g for g in template.target_groups if g != main_target]
    codes += [("andre_malgrupper", g) for g in others[: rng.randint(0, len(others))]]
    codes += [("sprak", lang) for lang in _languages(rng, provider)]
    codes += [
        ("registreringssted", weighted(rng, ("internt", "pas_epj", "arsrapport", "kursdatabase")))
    ]
    co = (
        [
            p.external_id
            for p in rng.sample(partners, k=min(len(partners), rng.randint(0, 2)))
            if p.external_id != provider.external_id
        ]
        if rng.random() < 0.3
        else []
    )
    bundle = OfferBundle(offer, sorted(set(codes)), sorted(set(co)))
    _add_runs(rng, bundle, template, provider, scale, today, number)
    return bundle


def _add_runs(rng, bundle, template, provider, scale, today, number) -> None:
    count = max(1, round(rng.gauss(scale.runs_per_offer, scale.runs_per_offer / 3)))
    last_day = (
        today - timedelta(days=30)
        if bundle.offer["status"] == "arkivert"
        else today + timedelta(days=FUTURE_DAYS)
    )
    first_day = today - timedelta(days=HISTORY_DAYS)
    span = (last_day - first_day).days
    starts = sorted(first_day + timedelta(days=rng.randrange(span)) for _ in range(count))
    for index, start in enumerate(starts):
        n_sessions = rng.randint(*template.sessions)
        fmt = weighted(rng, ("fysisk", "digitalt_direkte", "hybrid", "digitalt_selvstudium"), 0.8)
        digital = fmt in ("digitalt_direkte", "digitalt_selvstudium")
        tod = (
            "kveld"
            if (template.target_groups[0].startswith("parorende") and rng.random() < 0.6)
            else weighted(rng, ("arbeidstid", "kveld", "helg"), 0.75)
        )
        hour = {"arbeidstid": rng.choice((9, 10, 12)), "kveld": 18, "helg": 10}[tod]
        end = start + timedelta(weeks=n_sessions - 1)
        over = end < today
        cancelled = rng.random() < (0.03 if over else 0.02)
        venue = (
            "digitalt"
            if digital
            else (
                "kommunale_lokaler"
                if provider.kind == "municipal"
                else weighted(
                    rng, ("spesialisthelsetjenesten", "kommunale_lokaler", "andre_lokaler"), 0.6
                )
            )
        )
        bundle.runs.append(
            {
                "external_id": f"demo-gj-{number:06d}-{index:02d}",
                "start": start,
                "end": end,
                "time_of_day": maybe(rng, tod) or "",
                "venue": maybe(rng, venue) or "",
                "format": fmt,
                "municipality_id": None if digital else rng.choice(provider.venues),
                "address": "",
                "join_instructions": "",
                "with_municipal_staff": maybe(
                    rng, provider.kind == "municipal" or rng.random() < 0.48
                ),
                "capacity": maybe(rng, rng.choice((8, 10, 12, 15, 20, 25, 30)), 0.2),
                "status": "avlyst" if cancelled else ("gjennomfort" if over else "planlagt"),
            }
        )
        if rng.random() < 0.05:
            sessions_days = []  # sessions not listed: Tabell 7 falls back to the offer
        else:
            sessions_days = [start + timedelta(weeks=i) for i in range(n_sessions)]
        duration = rng.choice((90, 120, 150, 180, 240, 360))
        for day in sessions_days:
            bundle.sessions.append(
                {
                    "run": index,
                    "start": datetime.combine(day, time(hour, 0), OSLO),
                    "duration_min": duration,
                }
            )
        if cancelled:
            continue
        if not sessions_days and over and rng.random() < 0.9:
            bundle.attendance.append(_attendance(rng, index, None, template))
        for day in sessions_days:
            if day < today and rng.random() < 0.92:
                bundle.attendance.append(_attendance(rng, index, day, template))


def _attendance(rng, run_index: int, day: date | None, template) -> dict:
    main = template.target_groups[0]
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    if main == "parorende_barn":
        counts["child_relatives"] = rng.randint(2, 9)
    elif main.startswith("parorende") or main == "nettverk":
        counts["relatives"] = rng.randint(3, 18)
    elif main in ("helsepersonell", "brukerrepresentanter"):
        counts["other_participants"] = rng.randint(4, 20)
    else:
        counts["patients"] = rng.randint(2, 16)
        counts["relatives"] = rng.randint(0, 6) if rng.random() < 0.5 else 0
    if main == "hele_familien":
        counts["child_relatives"] = rng.randint(0, 5)
    counts["user_representatives"] = rng.randint(0, 2)
    counts["professionals"] = rng.randint(1, 3)
    if rng.random() < 0.02:
        counts["relatives"] = None  # a gap in the documentation
    return {"run": run_index, "date": day, **counts}


def owners(seed: int, scale: Scale, providers: list[Provider]) -> list[Provider]:
    """The responsible provider of each offer, spread over providers like real activity."""
    rng = random.Random(f"{seed}-owners")
    offering = [p for p in providers if p.type != "regional_lms"]
    weights = [{"specialist": 6.0, "municipal": 1.5, "user": 0.4}[p.kind] for p in offering]
    return rng.choices(offering, weights=weights, k=scale.offers)


def offers(
    seed: int, scale: Scale, providers: list[Provider], today: date, owners: list[Provider]
) -> Iterator[OfferBundle]:
    """All offers of the data set, in order; offer n belongs to `owners[n - 1]`."""
    user_org_names = dict(vocab.USER_ORGANISATIONS)
    partners = [p for p in providers if p.kind in ("municipal", "user")]
    for number, provider in enumerate(owners, start=1):
        yield generate_offer(seed, number, provider, partners, scale, today, user_org_names)
