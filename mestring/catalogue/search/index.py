"""Keeping the search index equal to the catalogue.

Every writer ends up in `refresh(offer_ids)`: model signals call it for single saves
(forms, admin, API), bulk writers (import, demo, copies) call it themselves, and
`deferred()` lets a bulk writer collect the offers and index them once, still inside its
transaction. `rebuild()` indexes everything anew; `drift()` compares the index with a fresh
build without writing.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from itertools import islice

from django.apps import apps
from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone, translation

from mestring.refdata.models import Municipality

from .. import codes, reach, rules
from ..models import Offer, OfferCode, Organisation, Run
from . import audience, cards, language, postings
from .models import (
    SearchCard,
    SearchDocument,
    SearchPathway,
    SearchPlace,
    SearchSlot,
    SearchState,
    SearchText,
    SearchWord,
)

CHUNK = 1000
_PHYSICAL = {codes.Format.PHYSICAL, codes.Format.HYBRID, ""}
_LIVE = {codes.Format.LIVE_ONLINE, codes.Format.HYBRID}
_SELF_STUDY = {codes.Format.SELF_STUDY}
_LABELS = {
    OfferCode.List.DIAGNOSES: codes.DiagnosisGroup,
    OfferCode.List.FIELDS: codes.Field,
    OfferCode.List.OTHER_TARGET_GROUPS: codes.TargetGroup,
}
SAMI_LANGUAGES = frozenset({"se", "smj", "sma"})
_deferred: list[set[int]] = []


@contextmanager
def deferred() -> Iterator[set[int]]:
    """Collect the offers that signals would index, and index them once at the end."""
    pending: set[int] = set()
    _deferred.append(pending)
    try:
        yield pending
    finally:
        _deferred.pop()
    refresh(pending)


def changed(offer_ids: Iterable[int]) -> None:
    """Called by the signals: index now, or later when inside `deferred()`."""
    ids = {pk for pk in offer_ids if pk is not None}
    if not ids:
        return
    if _deferred:
        _deferred[-1].update(ids)
    else:
        refresh(ids)


def refresh(offer_ids: Iterable[int], *, today: date | None = None) -> int:
    """Make the index right for these offers (published ones in, the rest out)."""
    ids = sorted(set(offer_ids))
    if not ids:
        return 0
    today = today or timezone.localdate()
    written = 0
    with transaction.atomic():
        _one_writer_at_a_time()
        for chunk in _chunks(ids, CHUNK):
            documents, slots, places, pathways, words = build(chunk, today)
            SearchDocument.objects.filter(offer_id__in=chunk).delete()
            SearchDocument.objects.bulk_create(documents)
            SearchText.objects.bulk_create(_texts(documents))
            SearchCard.objects.bulk_create(_cards(documents))
            SearchSlot.objects.bulk_create(slots)
            SearchPlace.objects.bulk_create(places)
            SearchPathway.objects.bulk_create(pathways)
            _add_words(words)
            written += len(documents)
        bump()
    return written


def rebuild(*, today: date | None = None, progress=None) -> int:
    """Index every published offer anew; returns the number of documents."""
    today = today or timezone.localdate()
    with transaction.atomic():
        _one_writer_at_a_time()
        if postings.in_use():
            postings.pause()
        SearchSlot.objects.all().delete()
        SearchPlace.objects.all().delete()
        SearchPathway.objects.all().delete()
        SearchText.objects.all().delete()
        SearchCard.objects.all().delete()
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        ids = list(Offer.objects.published().order_by("pk").values_list("pk", flat=True))
        written = 0
        for chunk in _chunks(ids, CHUNK):
            documents, slots, places, pathways, words = build(chunk, today)
            SearchDocument.objects.bulk_create(documents)
            SearchText.objects.bulk_create(_texts(documents), batch_size=2000)
            SearchCard.objects.bulk_create(_cards(documents), batch_size=2000)
            SearchSlot.objects.bulk_create(slots, batch_size=5000)
            SearchPlace.objects.bulk_create(places, batch_size=5000)
            SearchPathway.objects.bulk_create(pathways, batch_size=5000)
            _add_words(words)
            written += len(documents)
            if progress:
                progress(len(chunk))
        if postings.in_use():
            postings.rebuild()
        bump()
    return written


def refresh_stale(*, today: date | None = None) -> int:
    """Re-index offers whose next run has started since they were indexed (run it daily)."""
    today = today or timezone.localdate()
    stale = SearchDocument.objects.filter(next_start__lt=today).values_list("offer_id", flat=True)
    ids = list(stale)
    SearchSlot.objects.filter(start__lt=today).delete()
    return refresh(ids, today=today)


def drift(*, today: date | None = None) -> dict[str, list[int]]:
    """Offers whose document is missing, extra or different from a fresh build."""
    today = today or timezone.localdate()
    published = set(Offer.objects.published().values_list("pk", flat=True))
    indexed = set(SearchDocument.objects.values_list("offer_id", flat=True))
    different = []
    for chunk in _chunks(sorted(published & indexed), CHUNK):
        documents, slots, places, pathways, _words = build(chunk, today)
        fresh = {d.offer_id: (d.fingerprint, d.words, d.card_facts) for d in documents}
        stored_cards = dict(
            SearchCard.objects.filter(document_id__in=chunk).values_list("document_id", "card")
        )
        texts = {
            pk: (title, tags, text)
            for pk, title, tags, text in SearchText.objects.filter(
                document_id__in=chunk
            ).values_list("document_id", "title", "tags", "text")
        }
        fresh_slots: defaultdict[int, list[tuple]] = defaultdict(list)
        for slot in slots:
            fresh_slots[slot.offer_id].append((slot.start, slot.municipality, slot.format))
        for place in places:
            fresh_slots[place.offer_id].append((None, place.municipality, None))
        for link in pathways:
            fresh_slots[link.offer_id].append((None, None, link.pathway))
        stored_slots: defaultdict[int, list[tuple]] = defaultdict(list)
        for row in SearchSlot.objects.filter(offer_id__in=chunk).values_list(
            "offer_id", "start", "municipality", "format"
        ):
            stored_slots[row[0]].append(row[1:])
        for offer_id, municipality in SearchPlace.objects.filter(offer_id__in=chunk).values_list(
            "offer_id", "municipality"
        ):
            stored_slots[offer_id].append((None, municipality, None))
        for offer_id, pathway in SearchPathway.objects.filter(offer_id__in=chunk).values_list(
            "offer_id", "pathway"
        ):
            stored_slots[offer_id].append((None, None, pathway))
        for document in SearchDocument.objects.filter(offer_id__in=chunk):
            pk = document.offer_id
            stored = (document.fingerprint, texts.get(pk), stored_cards.get(pk))
            if fresh.get(pk) != stored or sorted(fresh_slots[pk], key=repr) != sorted(
                stored_slots[pk], key=repr
            ):
                different.append(pk)
    return {
        "mangler": sorted(published - indexed),
        "overflodig": sorted(indexed - published),
        "ulik": sorted(different),
        "ordlister": postings.drift() if postings.in_use() else [],
    }


def _cards(documents: list[SearchDocument]) -> list[SearchCard]:
    return [SearchCard(document_id=d.offer_id, card=d.card_facts) for d in documents]


def _texts(documents: list[SearchDocument]) -> list[SearchText]:
    return [
        SearchText(document_id=d.offer_id, title=d.words[0], tags=d.words[1], text=d.words[2])
        for d in documents
    ]


# The state read once for a whole read-only request (see `pinned`), else None.
_pinned: ContextVar[tuple[int, object] | None] = ContextVar("search_state", default=None)


@contextmanager
def pinned() -> Iterator[tuple[int, object]]:
    """Read the index state once and answer `state()` and `changed_at()` from it.

    For read-only requests only: a write inside would not be seen.
    """
    held = state()
    token = _pinned.set(held)
    try:
        yield held
    finally:
        _pinned.reset(token)


def state() -> tuple[int, object]:
    """The index version and when it last changed, in one indexed read.

    The pair names one state of the catalogue: after a restore from a backup the version may
    repeat, but not together with the time it was reached.
    """
    if (held := _pinned.get()) is not None:
        return held
    found = SearchState.objects.filter(pk=1).values_list("version", "changed_at").first()
    return found or (0, None)


def _one_writer_at_a_time() -> None:
    """Wait for any other transaction writing the index (it holds the state row until it
    commits, see `bump`). Taken first, so that writers never wait for each other in
    opposite orders over the rows they share (the posting lists)."""
    SearchState.objects.select_for_update().filter(pk=1).values_list("pk").first()


def bump() -> None:
    now = timezone.now()
    if not SearchState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        SearchState.objects.create(pk=1, version=1, changed_at=now)


def changed_at():
    """When the index last changed (None before the first write)."""
    if (held := _pinned.get()) is not None:
        return held[1]
    return SearchState.objects.filter(pk=1).values_list("changed_at", flat=True).first()


def _chunks(items: list, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _add_words(words: set[str]) -> None:
    if not words:
        return
    known: set[str] = set()
    for chunk in _chunks(sorted(words), 2000):
        known.update(SearchWord.objects.filter(word__in=chunk).values_list("word", flat=True))
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in sorted(words - known)], batch_size=2000
    )


def build(offer_ids: list[int], today: date) -> tuple[list, list, list, list, set[str]]:
    """The documents, slots, places and pathways of these offers as the catalogue says now
    (no writes)."""
    offers = list(
        Offer.objects.published()
        .filter(pk__in=offer_ids)
        .values(
            "pk",
            "external_id",
            "title",
            "description",
            "main_theme",
            "main_target_group",
            "age_group",
            "level",
            "price",
            "requires_referral",
            "interpreter",
            "sami_adapted",
            "responsible_id",
        )
    )
    if not offers:
        return [], [], [], [], set()
    pks = [o["pk"] for o in offers]
    offer_codes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for offer_id, field, code in (
        OfferCode.objects.filter(offer_id__in=pks)
        .order_by("offer_id", "field", "code")
        .values_list("offer_id", "field", "code")
    ):
        offer_codes[offer_id].append((field, code))
    partners: dict[int, list[int]] = defaultdict(list)
    through = Offer.co_organisers.through
    for offer_id, org_id in through.objects.filter(offer_id__in=pks).values_list(
        "offer_id", "organisation_id"
    ):
        partners[offer_id].append(org_id)
    runs: dict[int, list[tuple]] = defaultdict(list)
    card_runs: dict[int, list[tuple]] = defaultdict(list)
    for offer_id, external_id, start, end, municipality, run_format, name, first, last in (
        Run.objects.filter(offer_id__in=pks, status=codes.RunStatus.PLANNED, start__gte=today)
        .annotate(first=Min("sessions__start"), last=Max("sessions__start"))
        .order_by("start", "pk")
        .values_list(
            "offer_id",
            "external_id",
            "start",
            "end",
            "municipality_id",
            "format",
            "municipality__name",
            "first",
            "last",
        )
    ):
        runs[offer_id].append((start, municipality, run_format))
        card_runs[offer_id].append(
            (external_id, start, end, run_format, municipality, name, first, last)
        )
    held: dict[int, set[str]] = defaultdict(set)
    for offer_id, municipality in (
        Run.objects.filter(offer_id__in=pks, municipality__isnull=False)
        .exclude(status=codes.RunStatus.CANCELLED)
        .values_list("offer_id", "municipality_id")
        .distinct()
    ):
        held[offer_id].add(municipality)
    organisations = _organisations()
    responsible = {
        pk: (external_id, name)
        for pk, external_id, name in Organisation.objects.filter(
            pk__in={o["responsible_id"] for o in offers}
        ).values_list("pk", "external_id", "name")
    }
    reaches = reach.organisation_reach()
    for offer in offers:
        home = organisations.get(offer["responsible_id"], (None, None, None))[2]
        if home and offer["level"] in (codes.Level.LOCAL, ""):
            held[offer["pk"]].add(home)
    homes = {organisations.get(o["responsible_id"], (None, None, None))[2] for o in offers}
    places = _place_names({m for ms in held.values() for m in ms} | {h for h in homes if h})
    documents, slots, held_in = [], [], []
    words: set[str] = set()
    with translation.override("nb"):
        for offer in offers:
            document, offer_slots = _document(
                offer,
                offer_codes[offer["pk"]],
                partners[offer["pk"]],
                runs[offer["pk"]],
                held[offer["pk"]],
                organisations,
                reaches,
                places,
                today,
            )
            document.card_facts = cards.card(
                offer,
                responsible.get(offer["responsible_id"]),
                offer_codes[offer["pk"]],
                card_runs[offer["pk"]],
            )
            documents.append(document)
            slots += offer_slots
            held_in += [
                SearchPlace(offer_id=offer["pk"], municipality=m) for m in sorted(held[offer["pk"]])
            ]
            words.update(
                w for w in document.words[2].split() if 3 <= len(w) <= 60 and not w.isdigit()
            )
    return documents, slots, held_in, _pathways(pks), words


def _pathways(offer_ids: list[int]) -> list[SearchPathway]:
    """The patient pathways of these offers (collaboration.OfferPathway), any phase."""
    links = apps.get_model("collaboration", "OfferPathway").objects.filter(offer_id__in=offer_ids)
    return [
        SearchPathway(offer_id=offer_id, pathway=pathway)
        for offer_id, pathway in links.values_list("offer_id", "pathway_id")
        .order_by("offer_id", "pathway_id")
        .distinct()
    ]


def _organisations() -> dict[int, tuple[str, int | None, str | None]]:
    return {
        pk: (name, parent, municipality)
        for pk, name, parent, municipality in Organisation.objects.values_list(
            "pk", "name", "parent_id", "municipality_id"
        )
    }


def _place_names(numbers: set[str]) -> dict[str, str]:
    names = {}
    for number, name, sami, kven in Municipality.objects.filter(number__in=numbers).values_list(
        "number", "name", "sami_name", "kven_name"
    ):
        names[number] = " ".join(n for n in (name, sami, kven) if n)
    return names


def _document(offer, offer_codes, partners, runs, held, organisations, reaches, places, today):
    languages = {code for field, code in offer_codes if field == OfferCode.List.LANGUAGES}
    groups = {code for field, code in offer_codes if field == OfferCode.List.OTHER_TARGET_GROUPS}
    if offer["main_target_group"]:
        groups.add(offer["main_target_group"])
    labels = [
        str(_LABELS[field](code).label)
        for field, code in offer_codes
        if field in _LABELS and code in _LABELS[field].values
    ]
    labels += [rules.language_name(code) for code in sorted(languages)]
    for choices, value in (
        (codes.TargetGroup, offer["main_target_group"]),
        (codes.AgeGroup, offer["age_group"]),
        (codes.Theme, offer["main_theme"]),
    ):
        if value in choices.values:
            labels.append(_tag(choices(value)))
    names = []
    responsible = organisations.get(offer["responsible_id"])
    if responsible:
        names.append(responsible[0])
        if responsible[1] in organisations:
            names.append(organisations[responsible[1]][0])
        if responsible[2] in places:
            names.append(places[responsible[2]])
    names += sorted(organisations[pk][0] for pk in partners if pk in organisations)
    names += [places[m] for m in sorted(held) if m in places]
    title = _folded(offer["title"])
    tags = _folded(" ".join(labels + names))
    body = _folded(offer["description"])
    regional = reaches.get(offer["responsible_id"], reach.RegionalReach())
    starts = {
        kind: min((s for s, _m, f in runs if f in formats), default=None)
        for kind, formats in (("physical", _PHYSICAL), ("live", _LIVE), ("self", _SELF_STUDY))
    }
    document = SearchDocument(
        offer_id=offer["pk"],
        title_sort=offer["title"].casefold()[:300],
        level=offer["level"] or "",
        main_target_group=offer["main_target_group"] or "",
        age_group=offer["age_group"] or "",
        target_groups=audience.target_group_mask(groups),
        audiences=audience.audience_mask(groups, offer["age_group"] or ""),
        free=offer["price"] is not None and offer["price"] == 0,
        without_referral=offer["requires_referral"] is False,
        interpreter=bool(offer["interpreter"]),
        sami=bool(offer["sami_adapted"]) or bool(languages & SAMI_LANGUAGES),
        reach_trust=regional.trust or "",
        reach_region=regional.region or "",
        reach_county=regional.county or "",
        next_start=min((s for s, _m, _f in runs), default=None),
        next_physical=starts["physical"],
        next_live=starts["live"],
        next_self_study=starts["self"],
        indexed_on=today,
    )
    document.words = (title, tags, f"{title} {tags} {body}")
    slots = [
        SearchSlot(offer_id=offer["pk"], start=start, municipality=m or "", format=f or "")
        for start, m, f in runs
    ]
    return document, slots


def _tag(choice) -> str:
    """A code's label as a tag. An age group's years are left out: «eldre» in «Voksne (18 år
    eller eldre)» would make every adults' course one for the elderly."""
    label = str(choice.label)
    if isinstance(choice, codes.AgeGroup):
        return label.split(" (", 1)[0]
    return label


def _folded(text: str) -> str:
    return " ".join(language.words(text or ""))
