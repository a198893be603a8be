"""Forms for the parties' editors: register and update an agreement, tie offers and runs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mestring.accounts.permissions import Action, agreement_parties, grants, offers
from mestring.catalogue.models import Run
from mestring.refdata.models import HealthTrust, Municipality

from .models import Agreement, HealthCommunity, SubAgreement
from .services import no_party_message

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(forms.ModelForm):
    sub_agreements = forms.MultipleChoiceField(
        label=_("Delavtaler"),
        choices=SubAgreement.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "community",
            "health_trust",
            "municipalities",
            "sub_agreements",
            "signed",
            "last_revised",
            "url",
            "mentions_learning_and_coping",
            "sami_offers",
            "user_participation_in_making",
        ]
        widgets = {
            "signed": DATE,
            "last_revised": DATE,
            "municipalities": forms.SelectMultiple(attrs={"size": 12}),
        }
        help_texts = {
            "municipalities": _(
                "Kommunene som er part i avtalen. Hold Ctrl (⌘) for å velge flere."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["health_trust"].queryset = HealthTrust.objects.order_by("name")
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            valid_to__isnull=True
        ).order_by("unique_name")
        self.fields["municipalities"].label_from_instance = lambda m: m.unique_name
        self.fields["community"].queryset = HealthCommunity.objects.order_by("name")
        for name in ("signed", "last_revised"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    def clean(self):
        data = super().clean()
        trust, municipalities = data.get("health_trust"), data.get("municipalities")
        if trust is None or municipalities is None or grants(self.user).administrator:
            return data
        mine = agreement_parties(self.user)
        if trust.orgnr not in mine.trusts and not mine.municipalities & {
            m.number for m in municipalities
        }:
            self.add_error("municipalities", no_party_message())
        return data


def own_choices(user) -> tuple[list, list]:
    """The offers and runs the user may tie to an agreement: the first 500 of each."""
    own = offers(user, Action.EDIT).order_by("title", "external_id")
    runs = (
        Run.objects.filter(offer__in=own)
        .select_related("offer")
        .order_by("-start", "external_id")[:500]
    )
    return (
        [(o.external_id, o.title) for o in own.only("external_id", "title")[:500]],
        [(r.external_id, f"{r.offer.title} – {r.start:%d.%m.%Y}") for r in runs],
    )


class TieForm(forms.Form):
    """Tie one of the user's own offers or runs to the agreement, with its sub-agreement."""

    offer = forms.ChoiceField(label=_("Tilbud"), required=False)
    run = forms.ChoiceField(label=_("Gjennomføring"), required=False)
    sub_agreement = forms.ChoiceField(label=_("Delavtale tilbudet gjennomfører"), required=False)

    def __init__(self, *args, user, agreement: Agreement, choices=None, **kwargs):
        """`choices`: the `own_choices` of another TieForm for the same user (a page with
        several agreements reads the user's offers and runs once)."""
        super().__init__(*args, prefix=f"avtale{agreement.pk}", **kwargs)
        self.own_choices = choices if choices is not None else own_choices(user)
        offer_choices, run_choices = self.own_choices
        self.fields["offer"].choices = [("", _("Velg et tilbud")), *offer_choices]
        self.fields["run"].choices = [("", _("Ingen (hele tilbudet)")), *run_choices]
        self.fields["sub_agreement"].choices = [("", _("Ikke oppgitt"))] + [
            (code, label)
            for code, label in SubAgreement.choices
            if code in agreement.sub_agreements
        ]

    def clean(self):
        data = super().clean()
        if not data.get("offer") and not data.get("run"):
            self.add_error("offer", _("Velg et tilbud eller en gjennomføring."))
        return data
