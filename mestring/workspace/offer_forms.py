"""Registering an offer in five steps, validated with the core dataset's rules (catalogue/rules.py).

Every field the core dataset gives cardinality 1 is required here, although the model
accepts gaps (legacy data). Each step form knows which core dataset fields it covers, so a
rule problem is shown next to the field that caused it.
"""

import copy
import functools
import re
from datetime import date

from babel import Locale
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mestring.accounts.permissions import grants
from mestring.catalogue import codes, lifecycle, rules
from mestring.catalogue.admin_forms import raise_problems
from mestring.catalogue.models import Offer, OfferCode, Organisation
from mestring.catalogue.search import index
from mestring.core import model_choices
from mestring.core.text import sanitise_markdown

COMMON_LANGUAGES = ("nb", "nn", "se", "smj", "sma", "en")


def language_code(name: str) -> str | None:
    """The ISO 639 code for a language written by its Norwegian name (or as a code)."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    if rules.language_problem(wanted) is None:
        return wanted
    return _LANGUAGE_CODES().get(wanted)


@functools.cache
def _LANGUAGE_CODES() -> dict[str, str]:  # noqa: N802 (a constant, built on first use)
    names: dict[str, str] = {}
    for code, name in sorted(Locale("nb").languages.items(), key=lambda item: -len(item[0])):
        # Shorter codes last, so that a name means the language rather than a regional variant.
        names[name.casefold()] = code
    for code in COMMON_LANGUAGES:
        names[rules.language_name(code).casefold()] = code
    names.update({"bokmål": "nb", "nynorsk": "nn", "norsk": "nb"})
    return names


def is_unconfirmed(offer: Offer, today: date) -> bool:
    """Not confirmed by the provider for 18 months, or never (the public page flags these)."""
    return rules.is_stale(offer.last_confirmed, today)


class RadioSelect(forms.RadioSelect):
    def id_for_label(self, id_, index=None):
        # The error summary links to the field's label id: let that be the first choice.
        return super().id_for_label(id_, "0" if index is None else index)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class YesNoField(forms.TypedChoiceField):
    """A required Ja/Nei answer as radio buttons: "not answered" cannot be submitted."""

    widget = RadioSelect

    def __init__(self, **kwargs):
        super().__init__(
            choices=[("ja", _("Ja")), ("nei", _("Nei"))],
            coerce=lambda value: value is True or value == "ja",
            empty_value=None,
            error_messages={"required": _("Svar ja eller nei.")},
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "ja", False: "nei"}.get(value, value)


class LinesField(forms.CharField):
    """A list of short texts, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _checkboxes(label, choices, help_text, required=False):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        required=required,
        widget=CheckboxSelectMultiple,
    )


class StepForm(forms.ModelForm):
    """One step: its model fields, its multi-valued code fields and the rules that apply."""

    # Not `title` etc.: templates look up form fields by name first.
    step_number = 0
    step_title = ""
    step_intro = ""
    code_fields: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ()
    radio_fields: tuple[str, ...] = ()
    # Core dataset name → form field, for the rules' problems that belong to this step.
    core_fields: dict[str, str] = {}

    def __init__(self, *args, user, **kwargs):
        # Every step takes the user so that views can build any step alike; step 1 uses it.
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.code_fields:
                self.initial.setdefault(name, self.instance.codes_for(name))
        for name in self.required_fields:
            self.fields[name].required = True
        for name in self.radio_fields:
            field = self.fields[name]
            field.widget = RadioSelect()
            field.choices = [choice for choice in field.choices if choice[0]]
        self._describe()

    def _describe(self):
        """Point inputs at their help text and errors as rendered by includes/_field.html."""
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
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

    def core_values(self, data) -> dict:
        values = {}
        for core, name in self.core_fields.items():
            value = data.get(name)
            if isinstance(value, Organisation):
                value = value.external_id
            elif hasattr(value, "values_list"):
                value = list(value.values_list("external_id", flat=True))
            values[core] = value
        return values

    def clean(self):
        data = super().clean()
        problems = [
            problem
            for problem in rules.offer_problems(self.core_values(data))
            if problem.field in self.core_fields
            and self.core_fields[problem.field] not in self.errors
        ]
        raise_problems(problems, self.core_fields)
        return data

    @transaction.atomic
    def save(self, today: date) -> Offer:
        offer = super().save(commit=False)
        if not offer.pk:
            offer.external_id = lifecycle.new_external_id(offer.title)
            offer.status = codes.OfferStatus.DRAFT
        offer.last_confirmed = today
        with index.deferred() as touched:
            offer.save()
            self.save_m2m()
            for name in self.code_fields:
                offer.codes.filter(field=name).delete()
                OfferCode.objects.bulk_create(
                    OfferCode(offer=offer, field=name, code=code)
                    for code in self.codes_to_save(name)
                )
            touched.add(offer.pk)
        return offer

    def codes_to_save(self, name: str) -> list[str]:
        return self.cleaned_data.get(name) or []


class AboutForm(StepForm):
    step_number = 1
    step_title = _("Om tilbudet")
    code_fields = ("diagnoser", "fagfelt")
    required_fields = ("description",)
    radio_fields = ("main_theme",)
    field_order = [
        "title",
        "description",
        "main_theme",
        "diagnoser",
        "fagfelt",
        "responsible",
        "co_organisers",
    ]
    core_fields = {
        "tittel": "title",
        "beskrivelse": "description",
        "ansvarlig": "responsible",
        "medarrangorer": "co_organisers",
        "hovedtematikk": "main_theme",
        "diagnoser": "diagnoser",
        "fagfelt": "fagfelt",
    }

    diagnoser = _checkboxes(
        _("Diagnosegrupper"),
        codes.DiagnosisGroup.choices,
        _(
            "Må fylles ut når hovedtematikken er «Spesifikk diagnose», og sjekkes bare da. "
            "Velg alle diagnosegruppene tilbudet er laget for."
        ),
    )
    fagfelt = _checkboxes(
        _("Fagfelt"),
        codes.Field.choices,
        _("Velg ett eller flere fagfelt tilbudet hører til."),
        required=True,
    )

    class Meta:
        model = Offer
        fields = ["title", "description", "main_theme", "responsible", "co_organisers"]
        formfield_callback = model_choices.formfield
        labels = {
            "title": _("Tittel"),
            "description": _("Beskrivelse"),
            "main_theme": _("Hovedtematikk"),
            "responsible": _("Ansvarlig tilbyder"),
            "co_organisers": _("Medarrangører"),
        }
        help_texts = {
            "title": _(
                "Navnet på tilbudet slik deltakerne skal se det, for eksempel «Leve med "
                "diabetes type 2»."
            ),
            "description": _(
                "Hva tilbudet er, hvem det er for og hva deltakerne får ut av det. Du kan bruke "
                "enkel Markdown: tom linje mellom avsnitt, * eller - foran punkter i en liste, "
                "1. foran nummererte punkter, **fet**, *kursiv* og lenker som "
                "[tekst](https://eksempel.no). Bilder og HTML blir fjernet."
            ),
            "main_theme": _("Det viktigste temaet i tilbudet. Velg ett."),
            "responsible": _(
                "Tilbyderen som har ansvaret for tilbudet. Du kan velge tilbydere du er "
                "redaktør for."
            ),
            "co_organisers": _(
                "Andre som arrangerer tilbudet sammen med dere, for eksempel en kommune eller en "
                "pasientorganisasjon. Hold Ctrl-tasten (Cmd på Mac) nede for å velge flere. "
                "La feltet stå tomt hvis dere arrangerer alene."
            ),
        }
        widgets = {"co_organisers": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        g = grants(user)
        own = Organisation.objects.all()
        if not g.administrator:
            own = own.filter(pk__in=g.editor_of)
        self.fields["responsible"].queryset = own.order_by("name")
        self.fields["responsible"].empty_label = _("Velg tilbyder")
        if not self.initial.get("responsible") and len(g.editor_of) == 1:
            self.initial["responsible"] = next(iter(g.editor_of))
        self.fields["co_organisers"].queryset = Organisation.objects.order_by("name")

    def clean_description(self):
        text = sanitise_markdown(self.cleaned_data.get("description", ""))
        if not text:
            raise forms.ValidationError(self.fields["description"].error_messages["required"])
        return text


class TargetGroupForm(StepForm):
    step_number = 2
    step_title = _("Målgruppe")
    code_fields = ("andre_malgrupper", "sprak")
    required_fields = ("main_target_group", "age_group")
    radio_fields = ("main_target_group", "age_group")
    field_order = [
        "main_target_group",
        "andre_malgrupper",
        "age_group",
        "sprak",
        "andre_sprak",
        "interpreter",
        "sami_adapted",
    ]
    core_fields = {
        "hovedmalgruppe": "main_target_group",
        "andre_malgrupper": "andre_malgrupper",
        "aldersgruppe": "age_group",
        "sprak": "andre_sprak",
    }

    andre_malgrupper = _checkboxes(
        _("Andre målgrupper"),
        codes.TargetGroup.choices,
        _(
            "Andre som også kan delta. La feltet stå tomt hvis tilbudet bare er for "
            "hovedmålgruppen."
        ),
    )
    sprak = _checkboxes(
        _("Språk"),
        [(code, rules.language_name(code).capitalize()) for code in COMMON_LANGUAGES],
        _("Språkene tilbudet holdes på. Velg minst ett her eller skriv det under."),
    )
    andre_sprak = forms.CharField(
        label=_("Andre språk"),
        required=False,
        help_text=_(
            "Språk som ikke står i listen over, skrevet på norsk og skilt med komma, "
            "for eksempel polsk, arabisk, somali."
        ),
    )
    interpreter = YesNoField(
        label=_("Kan dere skaffe tolk?"),
        help_text=_("Svar ja hvis deltakere kan få tolk når de ber om det."),
    )
    sami_adapted = YesNoField(
        label=_("Er tilbudet tilpasset samisk språk og kultur?"),
        help_text=_("Svar ja hvis innholdet eller formen er tilpasset samiske deltakere."),
    )

    class Meta:
        model = Offer
        fields = ["main_target_group", "age_group", "interpreter", "sami_adapted"]
        labels = {"main_target_group": _("Hovedmålgruppe"), "age_group": _("Aldersgruppe")}
        help_texts = {
            "main_target_group": _("Hvem tilbudet først og fremst er laget for. Velg én."),
            "age_group": _("Alderen til dem tilbudet er laget for. Velg én."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            stored = self.instance.codes_for("sprak")
            self.initial["sprak"] = [code for code in stored if code in COMMON_LANGUAGES]
            others = [code for code in stored if code not in COMMON_LANGUAGES]
            self.initial.setdefault(
                "andre_sprak", ", ".join(rules.language_name(code) for code in others)
            )

    def clean_andre_sprak(self):
        """Language names (or, for those who know them, ISO 639 codes) → codes."""
        text = self.cleaned_data.get("andre_sprak", "")
        codes_found, unknown = [], []
        for name in (part.strip() for part in re.split(r"[,;\n]+", text)):
            if not name:
                continue
            code = language_code(name)
            if code is None:
                unknown.append(name)
            else:
                codes_found.append(code)
        if unknown:
            raise forms.ValidationError(
                _(
                    "Kjenner ikke igjen språket %(names)s. Skriv navnet på norsk, for eksempel "
                    "polsk, arabisk eller somali."
                )
                % {"names": ", ".join(f"«{name}»" for name in unknown)}
            )
        return codes_found

    def core_values(self, data) -> dict:
        values = super().core_values(data)
        values["sprak"] = data.get("andre_sprak") or []
        return values

    def clean(self):
        data = super().clean()
        if not (data.get("sprak") or data.get("andre_sprak")) and "andre_sprak" not in self.errors:
            self.add_error("sprak", _("Velg minst ett språk."))
        return data

    def codes_to_save(self, name: str) -> list[str]:
        if name == "sprak":
            chosen = self.cleaned_data.get("sprak") or []
            return list(dict.fromkeys([*chosen, *(self.cleaned_data.get("andre_sprak") or [])]))
        return super().codes_to_save(name)


class DeliveryForm(StepForm):
    step_number = 3
    step_title = _("Gjennomføring")
    code_fields = ("registreringssted",)
    required_fields = ("level", "session_count")
    radio_fields = ("level",)
    core_fields = {
        "nivaa": "level",
        "antall_samlinger": "session_count",
        "henvisning_merknad": "referral_note",
        "registreringssted": "registreringssted",
    }

    requires_referral = YesNoField(
        label=_("Må deltakerne ha henvisning fra lege?"),
        help_text=_("Svar ja hvis deltakerne trenger henvisning, for eksempel fra fastlegen."),
    )
    registered_as_activity = YesNoField(
        label=_("Registreres deltakelsen som aktivitet?"),
        help_text=_("Svar ja hvis deltakelsen registreres som aktivitet eller tiltak i PAS/EPJ."),
    )
    registreringssted = _checkboxes(
        _("Hvor registreres deltakelsen?"),
        codes.RegistrationPlace.choices,
        _("Velg alle stedene der dere registrerer hvem som har deltatt. Kan stå tomt."),
    )

    class Meta:
        model = Offer
        fields = [
            "level",
            "session_count",
            "requires_referral",
            "referral_note",
            "registered_as_activity",
        ]
        labels = {
            "level": _("Nivå"),
            "session_count": _("Antall samlinger"),
            "referral_note": _("Om henvisningen"),
        }
        help_texts = {
            "level": _("Om tilbudet er for hele landet, en helseregion eller et lokalt område."),
            "session_count": _(
                "Hvor mange ganger deltakerne møtes i en vanlig gjennomføring. Minst 1."
            ),
            "referral_note": _(
                "Frivillig. For eksempel hvem henvisningen skal sendes til, og hva den må "
                "inneholde."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["session_count"].widget.attrs["min"] = 1


class UserInvolvementForm(StepForm):
    step_number = 4
    step_title = _("Brukermedvirkning")
    step_intro = _(
        "Standard metode betyr at tilbudet er laget og holdes sammen med brukere: personer "
        "som selv har erfaring som pasient eller pårørende, er med når tilbudet planlegges, "
        "når det holdes, og når det evalueres. Svarer du ja på alle tre spørsmålene under, "
        "følger tilbudet Standard metode."
    )
    required_fields = ("user_representative",)
    radio_fields = ("user_representative",)
    core_fields = {"brukerrepresentant": "user_representative"}

    user_organisations = LinesField(
        label=_("Brukerorganisasjoner"),
        required=False,
        help_text=_(
            "Pasient- og brukerorganisasjoner som er med, én per linje, for eksempel Mental "
            "Helse eller ADHD Norge. Kan stå tomt."
        ),
    )
    users_in_planning = YesNoField(
        label=_("Er brukere med og planlegger tilbudet?"),
        help_text=_("For eksempel når innholdet bestemmes og kurset settes opp."),
    )
    users_in_delivery = YesNoField(
        label=_("Er brukere med når tilbudet holdes?"),
        help_text=_("For eksempel som medundervisere som forteller om egne erfaringer."),
    )
    users_in_evaluation = YesNoField(
        label=_("Er brukere med og evaluerer tilbudet?"),
        help_text=_("For eksempel når dere går gjennom tilbakemeldinger og bestemmer endringer."),
    )

    class Meta:
        model = Offer
        fields = [
            "user_representative",
            "user_organisations",
            "users_in_planning",
            "users_in_delivery",
            "users_in_evaluation",
        ]
        labels = {"user_representative": _("Brukerrepresentant")}
        help_texts = {
            "user_representative": _(
                "Hvem som er med i tilbudet med erfaring som pasient eller pårørende."
            )
        }

    def clean_user_organisations(self):
        names = self.cleaned_data.get("user_organisations") or []
        for name in names:
            if message := rules.free_text_problem(name):
                raise forms.ValidationError(message)
        return names


class PracticalForm(StepForm):
    step_number = 5
    step_title = _("Praktisk")
    required_fields = ("price",)
    field_order = [
        "price",
        "price_note",
        "cancellation",
        "what_to_bring",
        "patient_travel",
        "signup_url",
        "signup_email",
        "signup_phone",
        "signup_text",
        "contact_name",
        "contact_role",
        "contact_phone",
        "contact_email",
    ]
    core_fields = {
        "pris": "price",
        "pris_merknad": "price_note",
        "avbestilling": "cancellation",
        "pamelding_tekst": "signup_text",
        "kontakt_navn": "contact_name",
        "kontakt_rolle": "contact_role",
        "ta_med": "what_to_bring",
    }

    patient_travel = YesNoField(
        label=_("Kan reisen dekkes av Pasientreiser?"),
        required=False,
        help_text=_(
            "Svar ja hvis deltakere med henvisning kan få dekket reisen gjennom Pasientreiser. "
            "Da får tilbudssiden en kort forklaring og en lenke til pasientreiser.no. Kan stå "
            "tomt."
        ),
    )

    class Meta:
        model = Offer
        fields = [
            "price",
            "price_note",
            "cancellation",
            "what_to_bring",
            "patient_travel",
            "signup_url",
            "signup_email",
            "signup_phone",
            "signup_text",
            "contact_name",
            "contact_role",
            "contact_phone",
            "contact_email",
        ]
        labels = {
            "price": _("Egenandel (kroner)"),
            "price_note": _("Merknad om pris"),
            "cancellation": _("Avbestilling"),
            "what_to_bring": _("Ta med"),
            "signup_url": _("Påmelding på nett"),
            "signup_email": _("Påmelding på e-post"),
            "signup_phone": _("Påmelding på telefon"),
            "signup_text": _("Annen informasjon om påmelding"),
            "contact_name": _("Kontaktperson"),
            "contact_role": _("Kontaktpersonens rolle"),
            "contact_phone": _("Telefon til kontaktperson"),
            "contact_email": _("E-post til kontaktperson"),
        }
        help_texts = {
            "price": _("Det deltakeren betaler selv, i kroner. Skriv 0 hvis tilbudet er gratis."),
            "price_note": _(
                "Frivillig. For eksempel «Gratis med frikort. Pårørende betaler ikke.»"
            ),
            "cancellation": _("Frivillig. For eksempel «Gi beskjed senest 24 timer før.»"),
            "what_to_bring": _(
                "Frivillig. Det deltakerne bør ta med, for eksempel «Treningstøy, innesko og "
                "matpakke»."
            ),
            "signup_url": _(
                "Frivillig. Hele nettadressen til påmeldingsskjemaet, med https://. Finnes den, "
                "blir «Meld deg på» den store knappen på tilbudssiden."
            ),
            "signup_email": _("Frivillig. E-postadressen deltakerne kan melde seg på til."),
            "signup_phone": _(
                "Frivillig. Telefonnummeret deltakerne kan ringe for å melde seg på."
            ),
            "signup_text": _("Frivillig. For eksempel «Ingen påmelding, bare møt opp.»"),
            "contact_name": _(
                "Frivillig. Den deltakerne kan spørre om tilbudet. Navnet vises på den åpne "
                "tilbudssiden."
            ),
            "contact_role": _(
                "Frivillig. For eksempel «Kurskoordinator, Lærings- og mestringssenteret»."
            ),
            "contact_phone": _(
                "Frivillig. Gjerne et nummer som blir besvart i arbeidstiden, for eksempel "
                "sentralbordet eller en fast kurstelefon."
            ),
            "contact_email": _("Frivillig. Gjerne en felles postkasse, ikke en personlig."),
        }
        localized_fields = ["price"]
        widgets = {
            "price": forms.TextInput(attrs={"inputmode": "decimal"}),
            "signup_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }


STEPS: tuple[type[StepForm], ...] = (
    AboutForm,
    TargetGroupForm,
    DeliveryForm,
    UserInvolvementForm,
    PracticalForm,
)


def step_form(number: int) -> type[StepForm]:
    return STEPS[number - 1]


def missing(offer: Offer, user) -> list[tuple[StepForm, str, str]]:
    """What the five steps demand before `offer` is published: (step, field label,
    message) per problem (the check the workspace gives `catalogue.lifecycle.publish`).

    Each step's form is filled with the stored values and validated as if submitted.
    """
    found = []
    for step in STEPS:
        stored = step(instance=copy.copy(offer), user=user)
        data = {name: stored[name].value() for name in stored.fields}
        form = step(data=data, instance=copy.copy(offer), user=user)
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                found.extend((form, label, message) for message in errors)
    return found
