"""The one place that decides who may do what (views, API, exports and statistics ask here).

- `redaktor` of an organisation: sees, edits, publishes, archives and deletes the offers,
  runs and attendance of that organisation and every organisation under it.
- `leser`: sees the same (drafts and exact figures included) but changes nothing.
- A co-organiser's members see a shared offer but cannot change it.
- `analytiker`: reads everything published and all statistics with exact figures.
- `administrator`: everything, including organisations, users and reference data.
- Everyone else: published offers only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from mestring.catalogue import codes
from mestring.catalogue.models import Offer, Organisation, Run
from mestring.catalogue.querysets import is_published, published_q

from .models import Membership, Role


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    PUBLISH = "publish"
    DELETE = "delete"
    EXPORT = "export"


@dataclass(frozen=True)
class Grants:
    """What one user may reach, worked out once per request."""

    authenticated: bool = False
    administrator: bool = False
    analyst: bool = False
    editor_of: frozenset[int] = frozenset()
    reader_of: frozenset[int] = frozenset()

    @property
    def is_provider(self) -> bool:
        return bool(self.reader_of)


ANONYMOUS = Grants()


def grants(user) -> Grants:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_mestring_grants", None)
    if cached is not None:
        return cached
    roles = list(Membership.objects.filter(user=user).values_list("role", "organisation_id"))
    subtree = Organisation.objects.subtree_ids
    editor = subtree({org for role, org in roles if role == Role.EDITOR})
    reader = subtree({org for role, org in roles if role in (Role.EDITOR, Role.READER)})
    result = Grants(
        authenticated=True,
        administrator=user.is_superuser or any(r == Role.ADMINISTRATOR for r, _ in roles),
        analyst=any(r == Role.ANALYST for r, _ in roles),
        editor_of=editor,
        reader_of=reader,
    )
    user._mestring_grants = result
    return result


def _co_organised_by(offer: Offer, organisations: frozenset[int]) -> bool:
    return any(pk in organisations for pk in offer.co_organisers.values_list("pk", flat=True))


def can_offer(user, action: Action, offer: Offer) -> bool:
    g = grants(user)
    if g.administrator:
        return True
    own = offer.responsible_id in g.editor_of
    if action in (Action.EDIT, Action.PUBLISH, Action.DELETE):
        return own
    public = is_published(offer.status)
    member = offer.responsible_id in g.reader_of or _co_organised_by(offer, g.reader_of)
    if action == Action.VIEW:
        return public or member or (g.analyst and offer.status != codes.OfferStatus.DRAFT)
    if action == Action.EXPORT:
        return offer.responsible_id in g.reader_of or g.analyst
    return False


def can_run(user, action: Action, run: Run) -> bool:
    """Runs and their attendance follow their offer."""
    return can_offer(user, action, run.offer)


def can_organisation(user, action: Action, organisation: Organisation) -> bool:
    g = grants(user)
    if g.administrator:
        return True
    if action == Action.VIEW:
        return True
    if action == Action.EXPORT:
        return organisation.pk in g.reader_of or g.analyst
    return False


def offers(user, action: Action = Action.VIEW) -> QuerySet[Offer]:
    """The offers `user` may do `action` to, as a query (lists, API and exports use it)."""
    g = grants(user)
    everything = Offer.objects.all()
    if g.administrator:
        return everything
    if action in (Action.EDIT, Action.PUBLISH, Action.DELETE):
        return everything.filter(responsible_id__in=g.editor_of)
    if action == Action.EXPORT:
        return everything if g.analyst else everything.filter(responsible_id__in=g.reader_of)
    visible = published_q()
    if g.analyst:
        visible |= Q(status=codes.OfferStatus.ARCHIVED)
    if g.reader_of:
        visible |= Q(responsible_id__in=g.reader_of) | Q(co_organisers__in=g.reader_of)
    return everything.filter(visible).distinct()


def sees_exact_figures(user, organisation_ids: frozenset[int] | None = None) -> bool:
    """Analysts and administrators always; providers when every organisation asked
    about is their own (`organisation_ids` = the report's organisations)."""
    g = grants(user)
    if g.administrator or g.analyst:
        return True
    if not organisation_ids:
        return False
    return organisation_ids <= g.reader_of


# Collaboration agreements: the parties (a hospital trust, municipalities) act through the
# editors of their providers — `hf-<orgnr>` for a trust, an organisation of type `kommune`
# in the municipality for a municipality.
TRUST_TYPES = frozenset({codes.ProviderType.HF, codes.ProviderType.PRIVATE_NONPROFIT})


@dataclass(frozen=True)
class Parties:
    """The hospital trusts (orgnr) and municipalities (number) a user is an editor for."""

    trusts: frozenset[str] = frozenset()
    municipalities: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.trusts or self.municipalities)


def agreement_parties(user) -> Parties:
    g = grants(user)
    if not g.editor_of:
        return Parties()
    # Read once per user object and grants, like the grants themselves: a page listing many
    # agreements asks for every one of them.
    cached = getattr(user, "_mestring_parties", None)
    if cached is not None and cached[0] is g:
        return cached[1]
    rows = Organisation.objects.filter(
        pk__in=g.editor_of, type__in=[*TRUST_TYPES, codes.ProviderType.MUNICIPALITY]
    ).values_list("type", "orgnr", "municipality_id")
    parties = Parties(
        trusts=frozenset(orgnr for kind, orgnr, _ in rows if kind in TRUST_TYPES and orgnr),
        municipalities=frozenset(
            number for kind, _, number in rows if kind == codes.ProviderType.MUNICIPALITY and number
        ),
    )
    user._mestring_parties = (g, parties)
    return parties


def parties_represented(user, agreement) -> Parties:
    """The agreement's parties `user` may act for (all of them for administrators)."""
    # `.all()` uses the municipalities when a page prefetched them.
    numbers = frozenset(m.number for m in agreement.municipalities.all())
    if grants(user).administrator:
        return Parties(frozenset({agreement.health_trust_id}), numbers)
    mine = agreement_parties(user)
    return Parties(mine.trusts & {agreement.health_trust_id}, mine.municipalities & numbers)


def can_agreement(user, action: Action, agreement) -> bool:
    """Agreements are public; the editors of every party (and administrators) register,
    update and confirm them and tie their offers and runs to them."""
    if action == Action.VIEW or action == Action.EXPORT:
        return True
    if action == Action.EDIT:
        return bool(parties_represented(user, agreement))
    return grants(user).administrator
