"""Deterministic, realistic demo records: plain data, no database.

Every offer gets its own random generator seeded from (seed, offer number), so a chunk of
offers can be generated on its own and the same seed and day always give the same data.
"""

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from mestring.activity.models import COUNT_FIELDS as ATTENDANCE_COUNTS
from mestring.quality.holidays import holiday_name
from mestring.quality.rules import title_key

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
    # Municipality number → name, for every venue and the home municipality.
    place_names: tuple[tuple[str, str], ...] = ()

    def place(self, number: str) -> str:
        return dict(self.place_names).get(number, "")

    @property
    def email(self) -> str:
        """A clearly fictitious address: example.no is never a real provider's domain."""
        return f"{self.external_id}@example.no"


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
    names = {m["number"]: m["name"] for m in municipalities}
    numbers = {m["name"]: m["number"] for m in municipalities}
    for trust in trusts:
        parent = f"hf-{trust['orgnr']}"
        catchment = tuple(trust["catchment"]) or ("0301",)
        home = numbers.get(vocab.HOSPITAL_TOWNS.get(trust["orgnr"], ""), catchment[0])
        venues = (home, *(m for m in catchment if m != home))
        places = tuple((number, names.get(number, "")) for number in venues)
        providers.append(
            Provider(
                f"lms-{trust['orgnr']}",
                f"Lærings- og mestringssenteret, {trust['name'].removesuffix(' HF')}",
                "lms",
                "specialist",
                parent,
                trust["region_id"],
                home,
                venues,
                place_names=places,
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
                    home,
                    venues,
                    place_names=places,
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
                ((m["number"], m["name"]),),
            )
        )
    for ext_id, name in vocab.USER_ORGANISATIONS:
        providers.append(
            Provider(
                ext_id,
                name,
                "brukerorganisasjon",
                "user",
                venues=("0301",),
                place_names=(("0301", names.get("0301", "Oslo")),),
            )
        )
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
        return ["nb", rng.choice(MINORITY_LANGUAGES)]
    if roll < 0.08:
        return ["nn"]
    return ["nb"]


MINORITY_LANGUAGES = ("en", "pl", "ar", "so", "ur")
DURATIONS = (90, 120, 150, 180, 240, 360)
# Clock hours a session may start at, and the hour it must end by, per time of day.
CLOCK = {"arbeidstid": ((9, 10, 12), 15), "kveld": ((17, 18), 21), "helg": ((10,), 16)}


@dataclass(frozen=True)
class Title:
    """An offer's title, the course template it comes from and the qualifier it carries."""

    template: int  # index into vocab.TEMPLATES
    text: str
    qualifier: str = ""


@cache
def _allowed_templates(kind: str, provider_type: str, provider_id: str = "") -> list[int]:
    indexes = [i for i, t in enumerate(vocab.TEMPLATES) if t.level in (kind, "both")]
    if kind == "user":  # a patient or user organisation holds courses on what it works for
        topics = vocab.user_organisation_topics(provider_id)
        indexes = [
            i
            for i, t in enumerate(vocab.TEMPLATES)
            if t.theme != "helsepedagogikk" and topics & set(t.diagnoses or t.fields)
        ]
    if provider_type == "klinikk":  # the clinics planned here are for mental health and rus
        indexes = [i for i in indexes if {"psykisk_helse", "rus"} & set(vocab.TEMPLATES[i].fields)]
    return indexes


def _qualifier_fits(qualifier: str, template: vocab.CourseTemplate) -> bool:
    if qualifier in ("kveldskurs", "dagkurs"):
        return not template.evening
    if qualifier == "for nydiagnostiserte":
        return template.theme == "spesifikk_diagnose" and template.target_groups[0] in (
            "pasient",
            "pasient_og_parorende",
        )
    if qualifier == "fire samlinger":
        return template.sessions[0] <= 4 <= template.sessions[1]
    return True


@cache
def _qualifiers(index: int) -> list[str]:
    return [q for q in vocab.QUALIFIERS if _qualifier_fits(q, vocab.TEMPLATES[index])]


def _draw_title(rng: random.Random, provider: Provider) -> Title:
    user = provider.external_id if provider.kind == "user" else ""
    index = rng.choice(_allowed_templates(provider.kind, provider.type, user))
    template = vocab.TEMPLATES[index]
    text = rng.choice(template.titles)
    qualifier = ""
    if rng.random() >= vocab.PLAIN_TITLES:
        qualifier = rng.choice(_qualifiers(index))
        text += (", " if " – " in text else " – ") + qualifier
    if provider.kind == "municipal":
        text += f" ({provider.place(provider.municipality_id)})"
    return Title(index, text, qualifier)


def plan_titles(seed: int, owners: list[Provider]) -> list[Title]:
    """A title for each offer, never the same twice from one provider.

    Drawn in order with one generator per offer, like the offers themselves; a provider with
    more offers than there are titles to draw gets numbered groups («…, gruppe 2»).
    """
    used: dict[str, set[str]] = {}
    titles = []
    for number, provider in enumerate(owners, start=1):
        rng = random.Random(f"{seed}-{number}-title")
        seen = used.setdefault(provider.external_id, set())
        for _attempt in range(10):
            title = _draw_title(rng, provider)
            if title_key(title.text) not in seen:
                break
        else:
            group = 2
            while title_key(f"{title.text}, gruppe {group}") in seen:
                group += 1
            title = Title(title.template, f"{title.text}, gruppe {group}", title.qualifier)
        seen.add(title_key(title.text))
        titles.append(title)
    return titles


def _description(
    rng: random.Random, template: vocab.CourseTemplate, target: str, user_org: str | None
) -> str:
    topics = rng.sample(template.topics, k=min(len(template.topics), rng.randint(3, 5)))
    intro = template.intro
    if sentence := vocab.TARGET_SENTENCES.get(target):
        intro += " " + sentence
    lines = [intro, "", "På kurset snakker vi om:", ""]
    lines += [f"- {topic}" for topic in topics]
    if user_org:
        lines += ["", f"Kurset er laget og holdes sammen med brukerrepresentanter fra {user_org}."]
    return "\n".join(lines)


def _price_note(rng: random.Random, price: Decimal | None) -> str:
    """Said from the price itself: free is «gratis», a price names its amount."""
    if price is None:
        return ""
    if price > 0:
        return vocab.PAID_NOTE.format(amount=int(price))
    return rng.choice(vocab.FREE_NOTES) if rng.random() < 0.6 else ""


def _referral_note(referral: bool | None, provider: Provider) -> str:
    if referral is True:
        return vocab.REFERRAL_NOTE.format(provider=provider.name)
    return vocab.NO_REFERRAL_NOTE if referral is False else ""


def _signup(
    rng: random.Random, provider: Provider, template, referral: bool | None, offer_id: str
) -> dict:
    """How to sign up: by referral, a form on the web (example.no), a talk first, or just
    come. Every offer also has a contact by role and a fictitious e-mail address."""
    url = f"https://example.no/{provider.external_id}/{offer_id}"
    if referral is True:
        text, signup_url = vocab.SIGNUP_REFERRAL, ""
    elif referral is False and template.sessions == (1, 1) and rng.random() < 0.5:
        text, signup_url = vocab.SIGNUP_OPEN, ""
    elif provider.type == "frisklivssentral" and rng.random() < 0.3:
        text, signup_url = vocab.SIGNUP_HEALTHY_LIFE, ""
    else:
        text, signup_url = vocab.SIGNUP_FORM, url
    return {
        "signup_url": signup_url,
        "signup_email": provider.email if signup_url else "",
        "signup_phone": "",  # no number range is reserved for fiction in Norway
        "signup_text": text,
        "contact_name": "",  # a role, never a made-up person
        "contact_role": vocab.CONTACT_ROLES.get(provider.type, "Kurskontakt"),
        "contact_phone": "",
        "contact_email": provider.email,
    }


def generate_offer(
    seed: int,
    number: int,
    provider: Provider,
    partners: list[Provider],
    scale: Scale,
    today: date,
    user_org_names: dict[str, str],
    title: Title,
) -> OfferBundle:
    rng = random.Random(f"{seed}-{number}")
    template = vocab.TEMPLATES[title.template]
    external_id = f"demo-tilbud-{number:06d}"
    diagnoses = list(template.diagnoses)
    if template.theme == "spesifikk_diagnose" and len(diagnoses) > 1:
        diagnoses = rng.sample(diagnoses, k=rng.randint(1, len(diagnoses)))
    topic = diagnoses[0] if diagnoses else template.fields[0]
    user_orgs = list(vocab.USER_ORGANISATIONS_BY_TOPIC.get(topic, ()))[: rng.randint(0, 2)]
    follows = rng.random() < 0.72
    status_roll = rng.random()
    status = "publisert" if status_roll < 0.88 else ("utkast" if status_roll < 0.94 else "arkivert")
    main_target = weighted(rng, template.target_groups)
    if title.qualifier == "for nydiagnostiserte":
        main_target = template.target_groups[0]
    requires_referral = rng.random() < template.referral
    referral = maybe(rng, requires_referral)
    price = maybe(
        rng, Decimal("0") if not requires_referral or rng.random() < 0.5 else Decimal("375")
    )
    confirmed_days = rng.randint(0, 365) if rng.random() < 0.75 else rng.randint(366, 900)
    languages = _languages(rng, provider)
    interpreter = maybe(rng, rng.random() < 0.3)
    if title.qualifier == "for minoritetsspråklige":
        if not set(languages) - {"nb", "nn", "se", "smj", "sma"}:
            languages.append(rng.choice(MINORITY_LANGUAGES))
        interpreter = True
    sessions = 4 if title.qualifier == "fire samlinger" else rng.randint(*template.sessions)
    user_representative = (
        maybe(
            rng,
            weighted(rng, ("med_organisasjon", "uten_organisasjon", "lms_ansatt", "ingen"), 0.8),
        )
        or ""
    )
    with_users = user_orgs and user_representative == "med_organisasjon"
    target = maybe(rng, main_target) or ""
    cancellation = ""
    if rng.random() < 0.5:
        notes = vocab.CANCELLATION_NOTES + ((vocab.PAID_CANCELLATION_NOTE,) if price else ())
        cancellation = rng.choice(notes)
    offer = {
        "external_id": external_id,
        "title": title.text,
        "description": _description(
            rng, template, target, user_org_names.get(user_orgs[0]) if with_users else None
        ),
        "main_theme": template.theme,
        "main_target_group": target,
        "age_group": maybe(rng, rng.choice(template.age_groups)) or "",
        "session_count": maybe(rng, sessions),
        "user_representative": user_representative,
        "user_organisations": user_orgs,
        "users_in_planning": maybe(rng, follows or rng.random() < 0.6),
        "users_in_delivery": maybe(rng, follows or rng.random() < 0.7),
        "users_in_evaluation": maybe(rng, follows or rng.random() < 0.4),
        "requires_referral": referral,
        "registered_as_activity": maybe(rng, rng.random() < 0.68),
        "level": maybe(
            rng,
            "lokal"
            if provider.kind == "municipal"
            else weighted(rng, ("lokal", "regional", "nasjonal"), 0.8),
        )
        or "",
        "interpreter": interpreter,
        "sami_adapted": maybe(rng, bool(provider.sami_language) and rng.random() < 0.7),
        "price": price,
        "price_note": _price_note(rng, price),
        "referral_note": _referral_note(referral, provider),
        "cancellation": cancellation,
        "last_confirmed": None if rng.random() < 0.05 else today - timedelta(days=confirmed_days),
        **_signup(rng, provider, template, referral, external_id),
        "what_to_bring": vocab.BRING.get(template.titles[0], ""),
        # Pasientreiser covers travel to specialist care with a referral, nothing else.
        "patient_travel": True if provider.kind == "specialist" and referral is True else None,
        "status": status,
    }
    codes = [("diagnoser", d) for d in diagnoses]
    codes += [("fagfelt", f) for f in template.fields]
    others = [g for g in template.target_groups if g != main_target]
    codes += [("andre_malgrupper", g) for g in others[: rng.randint(0, len(others))]]
    codes += [("sprak", lang) for lang in languages]
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
    _add_runs(rng, bundle, template, provider, scale, today, number, sessions, title.qualifier)
    return bundle


def session_days(first: date, time_of_day: str, count: int) -> list[date]:
    """`count` weekly days from `first`, moved to a weekday (or a Saturday for «helg»), that
    skip public holidays and Christmas Eve and New Year's Eve."""
    if time_of_day == "helg":
        first += timedelta(days=(5 - first.weekday()) % 7)
    elif first.weekday() >= 5:
        first += timedelta(days=7 - first.weekday())
    days, day = [], first
    while len(days) < count:
        if not holiday_name(day) and (day.month, day.day) not in ((12, 24), (12, 31)):
            days.append(day)
        day += timedelta(weeks=1)
    return days


def _time_of_day(rng: random.Random, template, qualifier: str) -> str:
    if template.evening or qualifier == "kveldskurs":
        return "kveld"
    if qualifier == "dagkurs":
        return "arbeidstid"
    if template.target_groups[0].startswith("parorende") and rng.random() < 0.6:
        return "kveld"
    return weighted(rng, ("arbeidstid", "kveld", "helg"), 0.75)


def _format(rng: random.Random, qualifier: str) -> str:
    if qualifier == "digitalt":
        return weighted(rng, ("digitalt_direkte", "hybrid"), 0.75)
    return weighted(rng, ("fysisk", "digitalt_direkte", "hybrid", "digitalt_selvstudium"), 0.8)


def _venue(rng: random.Random, provider: Provider) -> str:
    if provider.kind == "municipal":
        return "kommunale_lokaler"
    if provider.kind == "user":
        return "andre_lokaler"
    return weighted(rng, ("spesialisthelsetjenesten", "kommunale_lokaler", "andre_lokaler"), 0.6)


def _address(provider: Provider, venue: str, municipality: str) -> str:
    """A venue and its town: no street numbers are made up."""
    place = provider.place(municipality)
    if venue == "spesialisthelsetjenesten" or (
        provider.kind == "municipal" and venue == "kommunale_lokaler"
    ):
        return f"{provider.name}, {place}" if place not in provider.name else provider.name
    if venue == "kommunale_lokaler":
        return f"Rådhuset, {place}"
    return f"Folkebiblioteket, {place}"


def _add_runs(rng, bundle, template, provider, scale, today, number, sessions, qualifier) -> None:
    count = max(1, round(rng.gauss(scale.runs_per_offer, scale.runs_per_offer / 3)))
    last_day = (
        today - timedelta(days=30)
        if bundle.offer["status"] == "arkivert"
        else today + timedelta(days=FUTURE_DAYS)
    )
    first_day = today - timedelta(days=HISTORY_DAYS)
    span = (last_day - first_day).days
    starts = sorted(first_day + timedelta(days=rng.randrange(span)) for _ in range(count))
    for index, first in enumerate(starts):
        fmt = _format(rng, qualifier)
        digital = fmt in ("digitalt_direkte", "digitalt_selvstudium")
        tod = _time_of_day(rng, template, qualifier)
        hours, latest = CLOCK[tod]
        hour = rng.choice(hours)
        duration = rng.choice([d for d in DURATIONS if hour * 60 + d <= latest * 60])
        days = session_days(first, tod, sessions)
        start, end = days[0], days[-1]
        over = end < today
        cancelled = rng.random() < (0.03 if over else 0.02)
        venue = "digitalt" if digital else _venue(rng, provider)
        municipality = None
        if not digital:
            home = venue == "spesialisthelsetjenesten" or provider.kind != "specialist"
            municipality = provider.municipality_id if home else rng.choice(provider.venues)
            municipality = municipality or provider.venues[0]
        bundle.runs.append(
            {
                "external_id": f"demo-gj-{number:06d}-{index:02d}",
                "start": start,
                "end": end,
                "time_of_day": maybe(rng, tod) or "",
                "venue": maybe(rng, venue) or "",
                "format": fmt,
                "municipality_id": municipality,
                "address": _address(provider, venue, municipality) if municipality else "",
                "join_instructions": vocab.JOIN_INSTRUCTIONS.get(fmt, ""),
                "with_municipal_staff": maybe(
                    rng, provider.kind == "municipal" or rng.random() < 0.48
                ),
                "capacity": maybe(rng, rng.choice((8, 10, 12, 15, 20, 25, 30)), 0.2),
                "status": "avlyst" if cancelled else ("gjennomfort" if over else "planlagt"),
            }
        )
        # Some past runs were documented without their sessions: Tabell 7 falls back to
        # the offer. Upcoming runs always list them, so people know when to come.
        sessions_days = [] if over and rng.random() < 0.05 else days
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
    seed: int,
    scale: Scale,
    providers: list[Provider],
    today: date,
    owners: list[Provider],
    numbers: Iterable[int] | None = None,
) -> Iterator[OfferBundle]:
    """All offers of the data set, in order; offer n belongs to `owners[n - 1]`.

    With `numbers`, only those offers (1-based), each the same as in the whole set.
    """
    user_org_names = dict(vocab.USER_ORGANISATIONS)
    partners = [p for p in providers if p.kind in ("municipal", "user")]
    titles = plan_titles(seed, owners)
    for number in numbers or range(1, len(owners) + 1):
        yield generate_offer(
            seed,
            number,
            owners[number - 1],
            partners,
            scale,
            today,
            user_org_names,
            titles[number - 1],
        )
