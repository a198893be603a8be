"""Domain rules for collaboration agreements: the assessment scale, totals and revision.

The five criteria are the ones the Directorate of Health used when it reviewed the
statutory agreements (delavtale 2, 5, 6 and 10) in 2021. Each is scored 0–3.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

# An agreement neither revised nor signed this long ago is due for revision.
REVISION_YEARS = 2

LEVELS: dict[int, str] = {
    0: _("Ikke omtalt"),
    1: _("Nevnt uten konkretisering"),
    2: _("Delvis konkret"),
    3: _("Konkret og forpliktende"),
}
SCORE_CHOICES = [(score, f"{score} – {label}") for score, label in LEVELS.items()]


@dataclass(frozen=True)
class Criterion:
    code: str
    field: str  # the score field of Assessment; its justification is `<field>_justification`
    label: str
    question: str
    levels: dict[int, str]


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "konkretisering",
        "concreteness",
        _("Konkretisering"),
        _(
            "Sier avtalen konkret hvilke lærings- og mestringstilbud partene skal gi, "
            "og hvem som gjør hva?"
        ),
        {
            0: _("Avtalen nevner ikke lærings- og mestringstilbud."),
            1: _("Læring og mestring er nevnt, men uten tilbud, målgrupper eller ansvar."),
            2: _("Noen tilbud eller målgrupper er beskrevet, men ansvarsdelingen er uklar."),
            3: _(
                "Tilbud, målgrupper og ansvarsdeling mellom kommune og helseforetak er beskrevet."
            ),
        },
    ),
    Criterion(
        "brukermedvirkning",
        "user_participation",
        _("Brukermedvirkning"),
        _(
            "Sier avtalen hvordan brukere og pårørende tar del i å planlegge, gi og "
            "evaluere tilbudene?"
        ),
        {
            0: _("Brukermedvirkning er ikke omtalt."),
            1: _("Brukermedvirkning er nevnt som prinsipp."),
            2: _("Avtalen sier hvor brukerne skal medvirke, men ikke hvordan."),
            3: _("Avtalen sier hvordan og når brukere og brukerorganisasjoner medvirker."),
        },
    ),
    Criterion(
        "forpliktelse",
        "commitment",
        _("Forpliktelse"),
        _("Forplikter avtalen partene til tiltak, ressurser og frister?"),
        {
            0: _("Avtalen forplikter ikke partene til noe om læring og mestring."),
            1: _("Avtalen har hensiktserklæringer («bør», «kan»), men ingen plikter."),
            2: _("Noen plikter er avtalt, men uten ressurser, frister eller ansvarlig."),
            3: _("Plikter, ressurser, frister og ansvarlig er avtalt."),
        },
    ),
    Criterion(
        "tilgjengelighet",
        "accessibility",
        _("Tilgjengelighet"),
        _("Er avtalen og oversikten over tilbudene lett å finne og forstå for ansatte og brukere?"),
        {
            0: _("Avtalen er ikke publisert."),
            1: _("Avtalen er publisert, men er vanskelig å finne eller forstå."),
            2: _("Avtalen er publisert og lett å finne, men viser ikke til oversikt over tilbud."),
            3: _(
                "Avtalen er lett å finne, i klart språk, og viser til en oversikt over tilbudene."
            ),
        },
    ),
    Criterion(
        "vedlikehold",
        "maintenance",
        _("Vedlikehold"),
        _("Sier avtalen hvordan og når den følges opp, evalueres og revideres?"),
        {
            0: _("Oppfølging og revisjon er ikke omtalt."),
            1: _("Avtalen sier at den skal revideres, men ikke når eller av hvem."),
            2: _("Avtalen har en frist for revisjon, men ingen plan for oppfølging."),
            3: _("Avtalen har faste frister, ansvarlig og en plan for oppfølging og evaluering."),
        },
    ),
)
MAX_TOTAL = 3 * len(CRITERIA)


def level_label(score: int) -> str:
    """The scale's name for a score, e.g. 2 → «Delvis konkret»."""
    if score not in LEVELS:
        raise ValueError(f"Score must be 0–3, not {score!r}.")
    return str(LEVELS[score])


def assessment_total(assessment) -> int:
    """The sum of the five criterion scores (0–15)."""
    return sum(getattr(assessment, criterion.field) for criterion in CRITERIA)


def criterion_rows(assessment) -> list[dict]:
    """Per criterion: label, score, level label, what that level means, and the justification."""
    rows = []
    for criterion in CRITERIA:
        score = getattr(assessment, criterion.field)
        rows.append(
            {
                "criterion": criterion,
                "score": score,
                "level": level_label(score),
                "meaning": criterion.levels[score],
                "justification": getattr(assessment, f"{criterion.field}_justification"),
            }
        )
    return rows


def add_years(day: date, years: int) -> date:
    """The same date `years` later; 29 February becomes 28 February (domstolloven § 148)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def revision_reference(agreement) -> date:
    """The date revision is counted from: the last revision, or the signing if never revised."""
    return agreement.last_revised or agreement.signed


def is_due_for_revision(agreement, today: date) -> bool:
    """Not revised (or signed, if never revised) for two years or more."""
    return add_years(revision_reference(agreement), REVISION_YEARS) <= today


@dataclass(frozen=True)
class PartyStatus:
    """One party of an agreement and whether it has confirmed the agreement as it stands."""

    kind: str  # "helseforetak" or "kommune"
    key: str  # orgnr or municipality number
    name: str
    confirmed_on: date | None  # the confirmation of the current version, if any
    outdated_on: date | None  # a confirmation of an earlier version, if that is all there is

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None


def party_statuses(agreement, confirmations) -> list[PartyStatus]:
    """The trust first, then the municipalities by number: confirmed for the current
    version (last revision or signing), confirmed only an earlier one, or not at all."""
    current = revision_reference(agreement)
    by_party = {}
    for confirmation in confirmations:
        if confirmation.health_trust_id:
            by_party[("helseforetak", confirmation.health_trust_id)] = confirmation
        else:
            by_party[("kommune", confirmation.municipality_id)] = confirmation
    parties = [("helseforetak", agreement.health_trust_id, agreement.health_trust.name)]
    parties += [
        ("kommune", m.number, m.unique_name)
        for m in sorted(agreement.municipalities.all(), key=lambda m: m.number)
    ]
    statuses = []
    for kind, key, name in parties:
        found = by_party.get((kind, key))
        fresh = found is not None and found.revision == current
        statuses.append(
            PartyStatus(
                kind,
                key,
                name,
                found.confirmed_on if fresh else None,
                found.confirmed_on if found is not None and not fresh else None,
            )
        )
    return statuses


def sub_agreement_problem(agreement, code: str) -> str | None:
    """A tie may name one of the agreement's own sub-agreements, or none."""
    if code and code not in agreement.sub_agreements:
        return str(_("Avtalen har ikke denne delavtalen."))
    return None


def latest_assessment(assessments):
    """The assessment that counts: the newest by date, then the last registered."""
    return max(assessments, key=lambda a: (a.assessed_on, a.pk), default=None)
