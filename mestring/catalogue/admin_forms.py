"""Admin forms that validate with the same rules as import and API (catalogue/rules.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mestring.core.text import sanitise_markdown
from mestring.refdata.models import Municipality

from . import codes, rules
from .models import Offer, OfferCode, Organisation, Run


def raise_problems(problems: list[rules.Problem], field_names: dict[str, str]) -> None:
    """Turn rule problems (keyed by core dataset names) into errors on the form's fields."""
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(field_names.get(problem.field, "__all__"), []).append(problem.message)
        raise ValidationError(errors)


def known_municipalities() -> set[str]:
    return set(Municipality.objects.values_list("number", flat=True))


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = "__all__"

    def clean(self):
        data = super().clean()
        values = {
            "id": data.get("external_id"),
            "navn": data.get("name"),
            "type": data.get("type"),
            "orgnr": data.get("orgnr"),
            "region": data["region"].code if data.get("region") else None,
            "kommunenummer": data["municipality"].number if data.get("municipality") else None,
        }
        problems = rules.organisation_problems(values, known_municipalities())
        raise_problems(
            problems, {"navn": "name", "orgnr": "orgnr", "type": "type", "id": "external_id"}
        )
        return data


def _language_choices() -> list[tuple[str, str]]:
    common = ["nb", "nn", "se", "smj", "sma", "en", "pl", "ar", "so", "ur", "ti", "fa", "uk"]
    return [(code, rules.language_name(code)) for code in common]


class OfferForm(forms.ModelForm):
    """Offer with its multi-valued code fields as checkboxes instead of raw code rows."""

    diagnoser = forms.MultipleChoiceField(
        label=_("diagnosegrupper"),
        choices=codes.DiagnosisGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fagfelt = forms.MultipleChoiceField(
        label=_("fagfelt"),
        choices=codes.Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    andre_malgrupper = forms.MultipleChoiceField(
        label=_("andre målgrupper"),
        choices=codes.TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sprak = forms.MultipleChoiceField(
        label=_("språk"),
        choices=_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    registreringssted = forms.MultipleChoiceField(
        label=_("registreringssted"),
        choices=codes.RegistrationPlace.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    CODE_FIELDS = ("diagnoser", "fagfelt", "andre_malgrupper", "sprak", "registreringssted")

    class Meta:
        model = Offer
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for field in self.CODE_FIELDS:
                self.initial[field] = self.instance.codes_for(field)

    def clean(self):
        data = super().clean()
        data["description"] = sanitise_markdown(data.get("description", ""))
        values = {
            "id": data.get("external_id"),
            "tittel": data.get("title"),
            "beskrivelse": data.get("description"),
            "ansvarlig": data["responsible"].external_id if data.get("responsible") else None,
            "hovedtematikk": data.get("main_theme"),
            "status": data.get("status"),
            "antall_samlinger": data.get("session_count"),
            "pris": data.get("price"),
            "pris_merknad": data.get("price_note"),
            "henvisning_merknad": data.get("referral_note"),
            "avbestilling": data.get("cancellation"),
            "pamelding_tekst": data.get("signup_text"),
            **{field: data.get(field) for field in self.CODE_FIELDS},
        }
        raise_problems(
            rules.offer_problems(values),
            {
                "id": "external_id",
                "tittel": "title",
                "beskrivelse": "description",
                "antall_samlinger": "session_count",
                "pris": "price",
                "pris_merknad": "price_note",
                "henvisning_merknad": "referral_note",
                "avbestilling": "cancellation",
                "pamelding_tekst": "signup_text",
                "diagnoser": "diagnoser",
                "sprak": "sprak",
            },
        )
        return data

    def save_codes(self) -> None:
        offer = self.instance
        offer.codes.all().delete()
        OfferCode.objects.bulk_create(
            OfferCode(offer=offer, field=field, code=code)
            for field in self.CODE_FIELDS
            for code in self.cleaned_data.get(field) or []
        )


class RunForm(forms.ModelForm):
    class Meta:
        model = Run
        fields = "__all__"

    def clean(self):
        data = super().clean()
        values = {
            "id": data.get("external_id"),
            "tilbud": data.get("offer") and data["offer"].pk,
            "start": data.get("start"),
            "slutt": data.get("end"),
            "status": data.get("status"),
            "adresse": data.get("address"),
        }
        problems = rules.run_problems(values, known_municipalities())
        raise_problems(problems, {"slutt": "end", "adresse": "address", "start": "start"})
        return data
