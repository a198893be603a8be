"""The report page's filter form: the same names and rules as the API and the CLI."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.catalogue import codes
from mestring.refdata.models import County, Municipality

from .filters import ReportFilter, parse_filter

STEP_CHOICES = [("maned", _("Måned")), ("kvartal", _("Kvartal")), ("ar", _("År"))]


def default_period(today: date) -> tuple[date, date]:
    """Last whole calendar year: the period most reports are asked for."""
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)


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
    organisasjon = forms.CharField(
        label=_("Tilbyder (id)"),
        required=False,
        help_text=_("Tilbyderens id, for eksempel hf-983974732. Tar med enhetene under."),
    )
    inndeling = forms.ChoiceField(label=_("Inndeling i tid"), required=False, choices=STEP_CHOICES)

    def __init__(self, *args, with_step: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fylke"].choices = [
            (c.number, c.name) for c in County.objects.filter(valid_to__isnull=True)
        ]
        self.fields["kommune"].choices = [
            (m.number, m.unique_name) for m in Municipality.objects.filter(valid_to__isnull=True)
        ]
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
