from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImprovementEntry
from .questionnaire import FREE_TEXT_MAX, QUESTION_KEYS, SCALE, texts
from .screening import screen


class AnswerForm(forms.Form):
    """The questionnaire in one language; the template draws the fields itself."""

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        words = texts(language)
        messages = {"required": words["required"], "invalid_choice": words["required"]}
        for key in QUESTION_KEYS:
            self.fields[key] = forms.TypedChoiceField(
                label=words["questions"][key]["text"],
                choices=[(v, str(v)) for v in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages=messages,
            )
        self.fields["free_text"] = forms.CharField(
            label=words["free_text"],
            required=False,
            max_length=FREE_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={"max_length": words["too_long"]},
        )

    def answers(self) -> dict:
        data = {key: self.cleaned_data[key] for key in QUESTION_KEYS}
        # Stored screened: personal data in free text should not reach the database.
        data["free_text"] = screen(self.cleaned_data["free_text"].strip())
        return data


class ImprovementEntryForm(forms.ModelForm):
    class Meta:
        model = ImprovementEntry
        fields = ["date", "evaluated", "learned", "change_next_time"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evaluated": forms.Textarea(attrs={"rows": 3}),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "change_next_time": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"date": _("Dato")}
        help_texts = {
            "evaluated": _("For eksempel deltakernes svar fra høstens kurs."),
            "change_next_time": _(
                "Hva prøver dere ut neste gang, og hvordan ser dere om det virket?"
            ),
        }
