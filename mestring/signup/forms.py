"""The public sign-up form and the provider's sign-up settings for a run."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Relation, RunSignup

FORM_FIELDS = {"navn": "name", "epost": "email", "telefon": "phone", "merknad": "note"}


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        error_messages={"required": _("Skriv navnet ditt.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        help_text=_("Du får bekreftelsen og lenken til påmeldingen din på e-post."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        help_text=_("Har du ikke e-post, skriver du telefonnummeret ditt."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    relation = forms.ChoiceField(
        label=_("Jeg deltar som"),
        choices=Relation.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Merknad til arrangøren"),
        max_length=500,
        required=False,
        help_text=_(
            "Frivillig. For eksempel om du trenger tolk eller tilrettelegging. Skriv ikke "
            "om diagnose eller helse."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A honeypot: hidden from people (and from screen readers), filled in by robots.
    website = forms.CharField(label=_("La dette feltet stå tomt"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self._describe()

    def _describe(self):
        """Point inputs at their help text and errors as rendered by includes/_field.html."""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            if name in (self._errors or {}):
                ids.append(f"{auto_id}_error")
            field.widget.attrs.pop("aria-describedby", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self._describe()

    def clean(self):
        data = super().clean()
        values = {core: data.get(name) for core, name in FORM_FIELDS.items()}
        for problem in rules.signup_problems(values):
            name = FORM_FIELDS[problem.field]
            if name not in self.errors:
                self.add_error(name, problem.message)
        return data

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


DATETIME = {"type": "datetime-local"}


class RunSignupForm(forms.ModelForm):
    class Meta:
        model = RunSignup
        fields = ["mode", "capacity", "opens_at", "closes_at", "offer_hours"]
        labels = {
            "mode": _("Hvordan melder deltakerne seg på?"),
            "capacity": _("Antall plasser"),
            "opens_at": _("Påmeldingen åpner"),
            "closes_at": _("Påmeldingen stenger"),
            "offer_hours": _("Svarfrist for ledig plass (timer)"),
        }
        help_texts = {
            "capacity": _(
                "Når plassene er tatt, kommer nye påmeldte på venteliste. Tomt: ingen grense."
            ),
            "opens_at": _("Tomt: påmeldingen er åpen fra nå."),
            "closes_at": _("Tomt: påmeldingen er åpen til gjennomføringen starter."),
            "offer_hours": _(
                "Blir en plass ledig, får den første på ventelisten en e-post og så mange "
                "timer på å takke ja før neste blir spurt."
            ),
        }
        widgets = {
            "mode": forms.RadioSelect,
            "opens_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Påmeldingen må stenge etter at den åpner."))
        return data
