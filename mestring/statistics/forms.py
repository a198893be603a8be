"""The report page's filter form, built from the one declaration of the parameters."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.catalogue.models import Organisation
from mestring.refdata.models import County, Municipality

from .filters import PARAMETERS, Parameter, ReportFilter, parse_filter
from .participation import norwegian_key

STEP_CHOICES = [("maned", _("Måned")), ("kvartal", _("Kvartal")), ("ar", _("År"))]


def default_period(today: date) -> tuple[date, date]:
    """Last whole calendar year: the period most reports are asked for."""
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


def _by_name(pairs) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda pair: norwegian_key(pair[1]))


def _county_names() -> dict[str, tuple[str, bool]]:
    """Every county: number → (name, current)."""
    return {
        number: (name, valid_to is None)
        for number, name, valid_to in County.objects.values_list("number", "name", "valid_to")
    }


def county_choices(counties: dict[str, tuple[str, bool]] | None = None) -> list[tuple[str, str]]:
    counties = counties if counties is not None else _county_names()
    return _by_name((number, name) for number, (name, current) in counties.items() if current)


def _grouped(
    members: dict[str | None, list[tuple[str, str]]],
    last: str,
    counties: dict[str, tuple[str, bool]] | None = None,
) -> list:
    """Choices in option groups per county (by name), each sorted by name; the members
    without a county go last under `last`."""
    counties = counties if counties is not None else _county_names()
    names = {number: name for number, (name, _current) in counties.items()}
    groups = [
        (names.get(county, county), _by_name(items))
        for county, items in members.items()
        if county is not None
    ]
    groups.sort(key=lambda group: norwegian_key(group[0]))
    if None in members:
        groups.append((last, _by_name(members[None])))
    return groups


def municipality_choices(counties: dict[str, tuple[str, bool]] | None = None) -> list:
    """Current municipalities by name, grouped by county."""
    members: dict[str | None, list[tuple[str, str]]] = {}
    rows = Municipality.objects.filter(valid_to__isnull=True).values_list(
        "number", "unique_name", "county_id"
    )
    for number, name, county in rows:
        members.setdefault(county, []).append((number, name))
    return _grouped(members, str(_("Uten fylke")), counties)


def provider_choices(counties: dict[str, tuple[str, bool]] | None = None) -> list:
    """Providers by name, grouped by the county they are in; those with none (regional
    health authorities, hospital trusts) last."""
    members: dict[str | None, list[tuple[str, str]]] = {}
    rows = Organisation.objects.values_list("external_id", "name", "municipality__county_id")
    for external_id, name, county in rows:
        members.setdefault(county, []).append((external_id, name))
    return _grouped(members, str(_("Helseforetak og andre uten kommune")), counties)


class OpenMultipleChoiceField(forms.MultipleChoiceField):
    """Offers its choices, leaves checking the values to `parse_filter`."""

    def validate(self, value):
        pass


class OpenChoiceField(forms.ChoiceField):
    def validate(self, value):
        pass


# What the form offers beyond the declaration (filters.PARAMETERS): the lists taken from
# reference data, grouped and sorted for a person, and which lists are checkboxes.
FORM_CHOICES = {
    "fylke": county_choices,
    "kommune": municipality_choices,
    "organisasjon": lambda counties: [("", _("Alle tilbydere")), *provider_choices(counties)],
}
CHECKBOXES = ("fagfelt", "region")


def _form_field(parameter: Parameter, counties: dict[str, tuple[str, bool]]) -> forms.Field:
    if parameter.kind == "date":
        return forms.CharField(
            label=parameter.label, widget=forms.DateInput(attrs={"type": "date"})
        )
    # Lists, not callables: Django would evaluate a callable each time it renders.
    if parameter.name in FORM_CHOICES:
        choices = FORM_CHOICES[parameter.name](counties)
    else:
        choices = parameter.codes.choices if parameter.codes else []
    if parameter.kind == "one":
        return OpenChoiceField(
            label=parameter.label,
            required=False,
            choices=choices,
            help_text=_("Tar med enhetene under. Skriv de første bokstavene for å hoppe i listen."),
        )
    if parameter.name in CHECKBOXES:
        return OpenMultipleChoiceField(
            label=parameter.label,
            required=False,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
        )
    return OpenMultipleChoiceField(
        label=parameter.label,
        required=False,
        choices=choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Velg flere med Ctrl eller Cmd. Ingen valgt: alle."),
    )


class ReportForm(forms.Form):
    """The report parameters as a form: fields built from `filters.PARAMETERS`, values
    checked once, by `parse_filter`, whose problems are shown on their fields."""

    def __init__(self, *args, with_step: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        counties = _county_names()
        for parameter in PARAMETERS:
            self.fields[parameter.name] = _form_field(parameter, counties)
        if with_step:
            self.fields["inndeling"] = forms.ChoiceField(
                label=_("Inndeling i tid"), required=False, choices=STEP_CHOICES
            )
        self.report_filter_value: ReportFilter | None = None

    def clean(self):
        report_filter, errors = parse_filter(self.data.getlist)
        for error in errors:
            field = error["felt"] if error["felt"] in self.fields else None
            self.add_error(field, error["melding"])
        self.report_filter_value = report_filter
        return self.cleaned_data

    def report_filter(self) -> ReportFilter | None:
        """The filter when the parameters are valid; otherwise None, with errors shown."""
        return self.report_filter_value if self.is_valid() else None
