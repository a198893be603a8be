"""The report page's filter form: the same names and rules as the API and the CLI."""

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.catalogue import codes
from mestring.catalogue.models import Organisation
from mestring.refdata.models import County, Municipality

from .filters import ReportFilter, parse_filter
from .participation import norwegian_key

STEP_CHOICES = [("maned", _("Måned")), ("kvartal", _("Kvartal")), ("ar", _("År"))]


def default_period(today: date) -> tuple[date, date]:
    """Last whole calendar year: the period most reports are asked for."""
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def _by_name(pairs) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: norwegian_key(pair[1]))


def county_choices() -> list[tuple[str, str]]:
    return _by_name(County.objects.filter(valid_to__isnull=True).values_list("number", "name"))


def _grouped(members: dict[str | None, list[tuple[str, str]]], last: str) -> list:
    """Choices in option groups per county (by name), each sorted by name; the members
    without a county go last under `last`."""
    names = dict(County.objects.values_list("number", "name"))
    groups = [
        (names.get(county, county), _by_name(items))
        for county, items in members.items()
        if county is not None
    ]
    groups.sort(key=lambda group: norwegian_key(group[0]))
    if None in members:
        groups.append((last, _by_name(members[None])))
    return groups


def municipality_choices() -> list:
    """Current municipalities by name, grouped by county."""
    members: dict[str | None, list[tuple[str, str]]] = {}
    rows = Municipality.objects.filter(valid_to__isnull=True).values_list(
        "number", "unique_name", "county_id"
    )
    for number, name, county in rows:
        members.setdefault(county, []).append((number, name))
    return _grouped(members, str(_("Uten fylke")))


def provider_choices() -> list:
    """Providers by name, grouped by the county they are in; those with none (regional
    health authorities, hospital trusts) last."""
    members: dict[str | None, list[tuple[str, str]]] = {}
    rows = Organisation.objects.values_list("external_id", "name", "municipality__county_id")
    for external_id, name, county in rows:
        members.setdefault(county, []).append((external_id, name))
    return _grouped(members, str(_("Helseforetak og andre uten kommune")))


class ReportForm(forms.Form):
    fra = forms.DateField(label=_("Fra og med"), widget=forms.DateInput(attrs={"type": "date"}))
    til = forms.DateField(label=_("Til og med"), widget=forms.DateInput(attrs={"type": "date"}))
    fagfelt = forms.MultipleChoiceField(
        label=_("Fagfelt"),
        required=False,
        choices=codes.Field.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.MultipleChoiceField(
        label=_("Helseregion"),
        required=False,
        choices=codes.RegionCode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    fylke = forms.MultipleChoiceField(label=_("Fylke"), required=False, choices=())
    kommune = forms.MultipleChoiceField(label=_("Kommune"), required=False, choices=())
    tilbydertype = forms.MultipleChoiceField(
        label=_("Type tilbyder"), required=False, choices=codes.ProviderType.choices
    )
    diagnose = forms.MultipleChoiceField(
        label=_("Diagnosegruppe"), required=False, choices=codes.DiagnosisGroup.choices
    )
    malgruppe = forms.MultipleChoiceField(
        label=_("Målgruppe"), required=False, choices=codes.TargetGroup.choices
    )
    organisasjon = forms.ChoiceField(
        label=_("Tilbyder"),
        required=False,
        choices=(),
        help_text=_("Tar med enhetene under. Skriv de første bokstavene for å hoppe i listen."),
    )
    inndeling = forms.ChoiceField(label=_("Inndeling i tid"), required=False, choices=STEP_CHOICES)

    def __init__(self, *args, with_step: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("fylke", county_choices()),
            ("kommune", municipality_choices()),
            ("organisasjon", [("", _("Alle tilbydere")), *provider_choices()]),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
        if not with_step:
            del self.fields["inndeling"]
        for name in ("fylke", "kommune", "tilbydertype", "diagnose", "malgruppe"):
            self.fields[name].widget.attrs["size"] = 6
            self.fields[name].help_text = _("Velg flere med Ctrl eller Cmd. Ingen valgt: alle.")

    def report_filter(self, query) -> ReportFilter | None:
        """The filter when the form is valid; otherwise None, with errors on the fields."""
        if not self.is_valid():
            return None
        report_filter, errors = parse_filter(query.getlist)
        for error in errors:
            field = error["felt"] if error["felt"] in self.fields else None
            self.add_error(field, error["melding"])
        return report_filter
