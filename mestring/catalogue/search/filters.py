"""The filters of the public search, read from URL parameters with a Norwegian message
for every value not understood; the same for the results page, the API and the open data."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from .. import codes
from . import language, places

MULTI = {
    "diagnose": ("diagnoser", codes.DiagnosisGroup.values),
    "fagfelt": ("fagfelt", codes.Field.values),
    "sprak": ("sprak", None),
}
# Filter value → the document field holding the next start of such a run. The exchange
# format's codes are accepted beside the short ones of the public form.
FORMATS = {
    "fysisk": "next_physical",
    "digitalt": "next_live",
    "selvstudium": "next_self_study",
}
FORMAT_ALIASES = {"digitalt_direkte": "digitalt", "digitalt_selvstudium": "selvstudium"}
# Hybrid runs count as physical and as live; asked for alone, only they are meant.
HYBRID = "hybrid"
FLAGS = {
    "tolk": Q(interpreter=True),
    "samisk": Q(**{"sami": True}),
    "gratis": Q(**{"free": True}),
    "uten_henvisning": Q(**{"without_referral": True}),
}
SORTS = ("beste", "snarest", "naermest")
YES = {"ja", "true", "1", "on"}
NO = {"nei", "false", "0", "off"}
MAX_VALUES_PER_FILTER = 30


@dataclass(frozen=True)
class OfferFilters:
    diagnose: tuple[str, ...] = ()
    malgruppe: tuple[str, ...] = ()
    aldersgruppe: tuple[str, ...] = ()
    fagfelt: tuple[str, ...] = ()
    sprak: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    # Patient pathways (collaboration.Pathway codes): offers in any of them, any phase.
    pasientforlop: tuple[str, ...] = ()
    kommune: str | None = None
    tolk: bool = False
    samisk: bool = False
    gratis: bool = False
    uten_henvisning: bool = False
    fra: date | None = None
    til: date | None = None
    tilbyder: str | None = None
    # Who the offer is for, read from the question (`understanding.AUDIENCES`).
    audience: str | None = None
    sortering: str = "beste"
    # Words of the question to read as plain text, not as a filter (a removed chip).
    bokstavelig: frozenset[str] = frozenset()

    @classmethod
    def from_query(cls, query) -> tuple["OfferFilters", list[dict]]:
        """Filters from URL parameters, and a Norwegian message for every value not understood."""
        errors: list[dict] = []
        values: dict = {}

        def bad(name: str, value: str) -> None:
            errors.append(
                {
                    "felt": name,
                    "melding": _("Ukjent verdi «%(value)s» for %(name)s.")
                    % {"value": value[:100], "name": name},
                }
            )

        choices = {
            "diagnose": codes.DiagnosisGroup.values,
            "fagfelt": codes.Field.values,
            "malgruppe": codes.TargetGroup.values,
            "aldersgruppe": codes.AgeGroup.values,
            "format": [*FORMATS, *FORMAT_ALIASES, HYBRID],
        }
        for name, allowed in choices.items():
            picked = [v for v in query.getlist(name) if v][:MAX_VALUES_PER_FILTER]
            for value in picked:
                if value not in allowed:
                    bad(name, value)
            kept = [FORMAT_ALIASES.get(v, v) for v in picked if v in allowed]
            values[name] = tuple(dict.fromkeys(kept))
        values["sprak"] = tuple(dict.fromkeys(v[:10] for v in query.getlist("sprak") if v))[
            :MAX_VALUES_PER_FILTER
        ]
        pathways = list(dict.fromkeys(v for v in query.getlist("pasientforlop") if v))[
            :MAX_VALUES_PER_FILTER
        ]
        known = places.pathway_names(pathways) if pathways else {}
        for value in pathways:
            if value not in known:
                bad("pasientforlop", value)
        values["pasientforlop"] = tuple(v for v in pathways if v in known)
        for name in ("tolk", "samisk", "gratis", "uten_henvisning"):
            raw = (query.get(name) or "").lower()
            if raw and raw not in YES | NO:
                bad(name, raw)
            values[name] = raw in YES
        kommune = query.get("kommune") or None
        if kommune and not places.known_municipality(kommune[:4]):
            bad("kommune", kommune)
            kommune = None
        values["kommune"] = kommune
        for name in ("fra", "til"):
            raw = query.get(name) or ""
            try:
                values[name] = date.fromisoformat(raw) if raw else None
            except ValueError:
                errors.append(
                    {
                        "felt": name,
                        "melding": _("%(name)s må være en dato som 2026-11-22, ikke «%(value)s».")
                        % {"name": name, "value": raw[:100]},
                    }
                )
                values[name] = None
        values["tilbyder"] = (query.get("tilbyder") or None) and query.get("tilbyder")[:100]
        sort = query.get("sortering") or "beste"
        if sort not in SORTS:
            bad("sortering", sort)
            sort = "beste"
        values["sortering"] = sort
        values["bokstavelig"] = frozenset(
            language.fold(w) for w in query.getlist("bokstavelig")[:MAX_VALUES_PER_FILTER] if w
        )
        return cls(**values), errors
