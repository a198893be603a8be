"""A report's period and selection as Norwegian text: labels and names, never codes."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from mestring.catalogue import codes
from mestring.catalogue.models import Organisation
from mestring.refdata.models import County, Municipality

from ..tables import Report


def norwegian_date(value: date | str) -> str:
    """01.02.2025 for 2025-02-01."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


def period_text(report: Report) -> str:
    start, end = report.period
    return f"{norwegian_date(start)}–{norwegian_date(end)}"


def _field_labels() -> dict[str, str]:
    return {
        "fagfelt": _("Fagfelt"),
        "region": _("Helseregion"),
        "fylke": _("Fylke"),
        "kommune": _("Kommune"),
        "organisasjon": _("Tilbyder"),
        "tilbydertype": _("Type tilbyder"),
        "diagnose": _("Diagnosegruppe"),
        "malgruppe": _("Målgruppe"),
        "inndeling": _("Inndeling i tid"),
    }


def _value_names(name: str, values: list[str]) -> list[str]:
    choices = {
        "fagfelt": codes.Field,
        "region": codes.RegionCode,
        "tilbydertype": codes.ProviderType,
        "diagnose": codes.DiagnosisGroup,
        "malgruppe": codes.TargetGroup,
    }
    if name in choices:
        labels = dict(choices[name].choices)
        return [str(labels.get(v, v)) for v in values]
    if name == "fylke":
        names = dict(County.objects.filter(number__in=values).values_list("number", "name"))
        return [names.get(v, v) for v in values]
    if name == "kommune":
        found = Municipality.objects.filter(number__in=values).values_list("number", "unique_name")
        names = dict(found)
        return [names.get(v, v) for v in values]
    if name == "organisasjon":
        names = dict(
            Organisation.objects.filter(external_id__in=values).values_list("external_id", "name")
        )
        return [_("%(name)s med enhetene under") % {"name": names.get(v, v)} for v in values]
    if name == "inndeling":
        steps = {"maned": _("Måned"), "kvartal": _("Kvartal"), "ar": _("År")}
        return [str(steps.get(v, v)) for v in values]
    return list(values)


def selection_text(report: Report) -> str:
    """«Helseregion: Helse Nord; Fagfelt: Rus, Psykisk helse», or "" for everything."""
    labels = _field_labels()
    parts = []
    for name, value in report.filter.items():
        values = [value] if isinstance(value, str) else list(value)
        if not values:
            continue
        parts.append(f"{labels.get(name, name)}: {', '.join(_value_names(name, values))}")
    return "; ".join(parts)
