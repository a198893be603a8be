"""Workspace pages (under /arbeid/samarbeid/) for what the collaboration room records per
provider, offer and run: capacity and competence per year, an offer's patient pathways and
its adaptation for immigrants, and interpreter use in a run."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mestring.accounts.access import member_required, offer_for, run_for
from mestring.accounts.permissions import Action, grants
from mestring.catalogue.models import Organisation

from . import ssb
from .models import (
    Capacity,
    ImmigrantPopulation,
    OfferEquity,
    OfferPathway,
    Pathway,
    Phase,
    RunInterpreter,
)

app_name = "collaboration-work"


class CapacityForm(forms.Form):
    """One row per provider and year: saving the same provider and year again replaces it."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Tilbyder"), queryset=Organisation.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=2000, max_value=2100)
    fte = forms.DecimalField(
        label=gettext_lazy("Årsverk"),
        min_value=0,
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=gettext_lazy("Årsverk i tilbudet om læring og mestring, f.eks. 2,5."),
    )
    health_pedagogy = forms.IntegerField(
        label=gettext_lazy("Ansatte med helsepedagogisk utdanning"), min_value=0
    )
    guidance_sessions = forms.IntegerField(
        label=gettext_lazy("Veiledninger til kommuner"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy(
            "Veiledninger og opplæring gitt til kommunene dette året (veiledningsplikten)."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


@member_required
def capacity(request):
    g = grants(request.user)
    organisations = (
        Organisation.objects.all()
        if g.administrator
        else Organisation.objects.filter(pk__in=g.editor_of)
    ).order_by("name")
    if not organisations.exists():
        raise PermissionDenied
    initial = {"year": timezone.localdate().year - 1}
    form = CapacityForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            Capacity.objects.update_or_create(
                organisation=data["organisation"],
                year=data["year"],
                defaults={
                    "fte": data["fte"],
                    "health_pedagogy": data["health_pedagogy"],
                    "guidance_sessions": data["guidance_sessions"],
                },
            )
        messages.success(request, _("Kapasiteten er lagret."))
        return redirect("workspace:collaboration-work:capacity")
    rows = Capacity.objects.filter(organisation__in=organisations).select_related("organisation")
    return render(
        request,
        "collaboration/work_capacity.html",
        {"form": form, "rows": rows.order_by("-year", "organisation__name")},
    )


class OfferPathwayForm(forms.Form):
    pathway = forms.ModelChoiceField(
        label=gettext_lazy("Pasientforløp"), queryset=Pathway.objects.none(), required=False
    )
    phase = forms.ChoiceField(
        label=gettext_lazy("Fase"), choices=[("", "—"), *Phase.choices], required=False
    )
    adapted_for_immigrants = forms.BooleanField(
        label=gettext_lazy("Tilpasset personer med innvandrerbakgrunn"), required=False
    )
    information_languages = forms.CharField(
        label=gettext_lazy("Informasjonsspråk"),
        required=False,
        help_text=gettext_lazy("Språkkoder (ISO 639) skilt med komma, f.eks. «ar, so, uk»."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].queryset = Pathway.objects.order_by("group", "name")

    def clean_information_languages(self):
        codes = [c.strip().lower() for c in self.cleaned_data["information_languages"].split(",")]
        codes = [c for c in codes if c]
        bad = [c for c in codes if not (c.isascii() and c.isalpha() and 2 <= len(c) <= 3)]
        if bad:
            raise forms.ValidationError(
                _("Ukjent språkkode: %(codes)s. Bruk to eller tre bokstaver, f.eks. «ar».")
                % {"codes": ", ".join(bad)}
            )
        return codes

    def clean(self):
        data = super().clean()
        if bool(data.get("pathway")) != bool(data.get("phase")):
            self.add_error("phase", _("Velg både forløp og fase, eller ingen av dem."))
        return data


@member_required
def offer_pathways(request, external_id):
    offer = offer_for(request, external_id, Action.EDIT)
    equity = OfferEquity.objects.filter(offer=offer).first()
    initial = {
        "adapted_for_immigrants": equity.adapted_for_immigrants if equity else False,
        "information_languages": ", ".join(equity.information_languages) if equity else "",
    }
    form = OfferPathwayForm(request.POST or None, initial=initial)
    if request.method == "POST" and "fjern" in request.POST:
        OfferPathway.objects.filter(offer=offer, pk=request.POST["fjern"]).delete()
        messages.success(request, _("Forløpet er fjernet fra tilbudet."))
        return redirect("workspace:collaboration-work:offer", external_id=offer.external_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if data["pathway"]:
                OfferPathway.objects.get_or_create(
                    offer=offer, pathway=data["pathway"], phase=data["phase"]
                )
            OfferEquity.objects.update_or_create(
                offer=offer,
                defaults={
                    "adapted_for_immigrants": data["adapted_for_immigrants"],
                    "information_languages": data["information_languages"],
                },
            )
        messages.success(request, _("Forløp og tilpasning er lagret."))
        return redirect("workspace:collaboration-work:offer", external_id=offer.external_id)
    return render(
        request,
        "collaboration/work_offer.html",
        {
            "offer": offer,
            "form": form,
            "links": OfferPathway.objects.filter(offer=offer).select_related("pathway"),
        },
    )


class InterpreterForm(forms.ModelForm):
    class Meta:
        model = RunInterpreter
        fields = ["sessions", "participants"]
        help_texts = {
            "participants": gettext_lazy(
                "Et antall, aldri hvem. Tall under 5 prikkes i rapportene."
            )
        }


@member_required
def run_interpreter(request, external_id):
    run = run_for(request, external_id, Action.EDIT)
    instance = RunInterpreter.objects.filter(run=run).first() or RunInterpreter(run=run)
    form = InterpreterForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Tolkebruken er lagret."))
        return redirect("workspace:collaboration-work:interpreter", external_id=run.external_id)
    return render(request, "collaboration/work_interpreter.html", {"run": run, "form": form})


class ImmigrantPopulationForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV-fil fra SSBs statistikkbank (tabell 09817)"),
        help_text=gettext_lazy(
            "Velg fylkene, innvandringskategoriene «Innvandrere» og «Norskfødte med "
            "innvandrerforeldre», landbakgrunn «Verden i alt» og året, og last ned som CSV."
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("Kilde"),
        max_length=300,
        help_text=gettext_lazy("Lagres med tallene, f.eks. tabell og nedlastingsdato."),
    )


@member_required
def immigrant_population(request):
    """Administrators load the immigrant population per county from SSB's CSV download;
    single figures are corrected in the admin."""
    if not grants(request.user).administrator:
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"source": f"{ssb.SOURCE}, lastet ned {today:%d.%m.%Y}"}
    form = ImmigrantPopulationForm(request.POST or None, request.FILES or None, initial=initial)
    errors: list[ssb.RowError] = []
    if request.method == "POST" and form.is_valid():
        parsed = ssb.parse(form.cleaned_data["file"].read(ssb.MAX_BYTES + 1))
        errors = parsed.errors
        if not errors:
            written = ssb.store(parsed.counts, form.cleaned_data["source"])
            messages.success(
                request,
                _("Lagret innvandrerbefolkningen for %(count)s fylker og år.") % {"count": written},
            )
            return redirect("workspace:collaboration-work:immigrant-population")
    figures = ImmigrantPopulation.objects.select_related("county").order_by(
        "-year", "county__number"
    )
    return render(
        request,
        "collaboration/work_immigrant_population.html",
        {"form": form, "errors": errors, "figures": figures},
    )


urlpatterns = [
    path("innvandrerbefolkning/", immigrant_population, name="immigrant-population"),
    path("kapasitet/", capacity, name="capacity"),
    path("tilbud/<str:external_id>/", offer_pathways, name="offer"),
    path("gjennomforing/<str:external_id>/tolk/", run_interpreter, name="interpreter"),
]
