"""Forms for a run (with its sessions) and for a run's attendance."""

from datetime import date, datetime

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mestring.activity.models import COUNT_FIELDS, Attendance
from mestring.catalogue.models import Run
from mestring.catalogue.rules import is_digital, run_problems
from mestring.core import model_choices
from mestring.refdata.models import Municipality

from .work import (
    OSLO,
    count_problems,
    replace_attendance,
    session_day,
    session_held,
    weekly_sessions,
)

WEEKLY, LISTED = "ukentlig", "liste"
# Core dataset name of a run field → the form field it is reported on.
RUN_FIELDS = {
    "start": "start",
    "slutt": "end",
    "tidspunkt": "time_of_day",
    "sted": "venue",
    "format": "format",
    "kommunenummer": "municipality",
    "adresse": "address",
    "digital_deltakelse": "join_instructions",
    "kapasitet": "capacity",
}
DATE = {"type": "date"}


class MunicipalityChoice(model_choices.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.unique_name} ({obj.number})"


class SessionForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Dato"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=gettext_lazy("Klokkeslett"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_min = forms.IntegerField(
        label=gettext_lazy("Varighet (minutter)"), required=False, min_value=1, max_value=1440
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and not cleaned.get("time") and "time" not in self.errors:
            self.add_error(
                "time", _("Fyll ut klokkeslett, eller tøm datoen for å fjerne samlingen.")
            )
        if cleaned.get("time") and not cleaned.get("date") and "date" not in self.errors:
            self.add_error("date", _("Fyll ut datoen."))
        return cleaned

    def session(self) -> tuple[datetime, int | None] | None:
        day, clock = self.cleaned_data.get("date"), self.cleaned_data.get("time")
        if not (day and clock):
            return None
        return datetime.combine(day, clock, OSLO), self.cleaned_data.get("duration_min")


SessionFormSet = forms.formset_factory(SessionForm, extra=3)


def session_formset(data, run: Run | None) -> forms.BaseFormSet:
    initial = []
    if run is not None and run.pk:
        for session in run.sessions.order_by("start"):
            local = timezone.localtime(session.start, OSLO)
            initial.append(
                {"date": local.date(), "time": local.time(), "duration_min": session.duration_min}
            )
    return SessionFormSet(data, initial=initial, prefix="samling")


class RunForm(forms.ModelForm):
    with_municipal_staff = forms.TypedChoiceField(
        label=gettext_lazy("Samarbeid med kommunalt personell"),
        help_text=gettext_lazy("For eksempel psykisk helsetjeneste, NAV eller fastlegekontor."),
        choices=[(True, gettext_lazy("Ja")), (False, gettext_lazy("Nei"))],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    sessions_mode = forms.ChoiceField(
        label=gettext_lazy("Hvordan vil du legge inn samlingene?"),
        choices=[
            (WEEKLY, gettext_lazy("Lag ukentlige samlinger ut fra den første")),
            (LISTED, gettext_lazy("Bruk listen over samlinger (tom liste: ingen samlinger)")),
        ],
        widget=forms.RadioSelect,
    )
    first_date = forms.DateField(
        label=gettext_lazy("Dato for første samling"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    first_time = forms.TimeField(
        label=gettext_lazy("Klokkeslett"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    session_count = forms.IntegerField(
        label=gettext_lazy("Antall samlinger"), required=False, min_value=1, max_value=100
    )
    duration_min = forms.IntegerField(
        label=gettext_lazy("Varighet per samling (minutter)"),
        required=False,
        min_value=1,
        max_value=1440,
    )

    class Meta:
        model = Run
        fields = [
            "start",
            "end",
            "time_of_day",
            "venue",
            "format",
            "municipality",
            "address",
            "join_instructions",
            "with_municipal_staff",
            "capacity",
        ]
        labels = {
            "address": gettext_lazy("Adresse"),
            "join_instructions": gettext_lazy("Slik deltar du digitalt"),
            "capacity": gettext_lazy("Antall plasser"),
        }
        help_texts = {
            "start": gettext_lazy("Tomt: datoen for første samling."),
            "end": gettext_lazy("Tomt: datoen for siste samling."),
            "address": gettext_lazy(
                "Gateadresse og gjerne bygg og rom, for eksempel «Skolegata 32, inngang B, "
                "2. etasje». Tilbudssiden lenker adressen til et kart."
            ),
            "join_instructions": gettext_lazy(
                "For digitale og hybride gjennomføringer: hvordan deltakerne kobler seg på, "
                "for eksempel «Du får lenke til videomøtet på e-post dagen før». Skriv ikke "
                "selve møtelenken her hvis den skal holdes for de påmeldte."
            ),
            "capacity": gettext_lazy(
                "Hvor mange som kan delta. Vises som «Plasser» på tilbudssiden. Kan stå tomt."
            ),
        }
        widgets = {
            "start": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "join_instructions": forms.Textarea(attrs={"rows": 3}),
        }

    WEEKLY_FIELDS = ("first_date", "first_time", "session_count", "duration_min")

    def __init__(self, *args, offer, session_forms, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer, self.session_forms, self.sessions = offer, session_forms, []
        for name in ("time_of_day", "venue", "format"):
            field = self.fields[name]
            field.required = True
            field.choices = [choice for choice in field.choices if choice[0]]
            field.widget = forms.RadioSelect(choices=field.choices)
        current = self.instance.municipality_id
        self.fields["municipality"] = MunicipalityChoice(
            label=_("Kommune"),
            help_text=_("Der gjennomføringen holdes. Tomt for rent digitale gjennomføringer."),
            required=False,
            empty_label=_("Velg kommune"),
            queryset=Municipality.objects.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gt=timezone.localdate()) | Q(pk=current)
            ).order_by("unique_name"),
        )
        self.fields["with_municipal_staff"].required = True
        self.fields["start"].required = False  # the first session's date when left empty
        self.fields["sessions_mode"].initial = LISTED if self.instance.pk else WEEKLY
        if not self.instance.pk and offer.session_count:
            self.fields["session_count"].initial = offer.session_count

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sessions_mode") == WEEKLY:
            self._clean_weekly(cleaned)
        elif not self.session_forms.is_valid():
            self.add_error(None, _("Rett feilene i listen over samlinger."))
        else:
            found = (form.session() for form in self.session_forms)
            self.sessions = sorted((s for s in found if s), key=lambda session: session[0])
        self._clean_period(cleaned)
        if not cleaned.get("municipality") and "format" in cleaned:
            if not is_digital(cleaned["format"]):
                self.add_error("municipality", _("Velg kommune, eller velg et digitalt format."))
        known = set(Municipality.objects.values_list("number", flat=True))
        for problem in run_problems(self._core_values(cleaned), known):
            field = RUN_FIELDS.get(problem.field)
            if field is None or field not in self.errors:
                self.add_error(field, problem.message)
        return cleaned

    def _clean_weekly(self, cleaned) -> None:
        values = [cleaned.get(name) for name in self.WEEKLY_FIELDS]
        for name, value in zip(self.WEEKLY_FIELDS, values, strict=True):
            if value is None and name not in self.errors:
                self.add_error(name, _("Feltet må fylles ut for å lage ukentlige samlinger."))
        if None not in values:
            first_date, first_time, count, duration = values
            first = datetime.combine(first_date, first_time)
            self.sessions = weekly_sessions(first, count, duration)

    def _clean_period(self, cleaned) -> None:
        if self.sessions:
            first, last = session_day(self.sessions[0][0]), session_day(self.sessions[-1][0])
            cleaned["start"] = cleaned.get("start") or first
            cleaned["end"] = cleaned.get("end") or last
            if cleaned["start"] > first and "start" not in self.errors:
                message = _("Start kan ikke være etter første samling (%(day)s).")
                self.add_error("start", message % {"day": f"{first:%d.%m.%Y}"})
            if cleaned["end"] < last and "end" not in self.errors:
                message = _("Slutt kan ikke være før siste samling (%(day)s).")
                self.add_error("end", message % {"day": f"{last:%d.%m.%Y}"})
        for name in ("start", "end"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, _("Fyll ut datoen, eller legg inn samlinger."))

    def _core_values(self, cleaned) -> dict:
        municipality = cleaned.get("municipality")
        return {
            "id": self.instance.external_id or "ny",
            "tilbud": self.offer.external_id,
            "status": self.instance.status,
            "start": cleaned.get("start"),
            "slutt": cleaned.get("end"),
            "kommunenummer": municipality.pk if municipality else None,
            "adresse": cleaned.get("address"),
            "digital_deltakelse": cleaned.get("join_instructions"),
            "kapasitet": cleaned.get("capacity"),
        }


def row_key(day: date | None) -> str:
    return f"d{day:%Y-%m-%d}" if day else "hele"


def row_label(day: date | None) -> str:
    if day is None:
        return _("Hele gjennomføringen")
    return formats.date_format(day, "l j. F Y")


def column_labels() -> dict[str, str]:
    return {
        name: str(Attendance._meta.get_field(field).verbose_name).capitalize()
        for name, field in COUNT_FIELDS.items()
    }


def upcoming_message(day: date | None) -> str:
    if day is None:
        return _("Gjennomføringen har ikke startet ennå. Oppmøte kan registreres fra første dag.")
    return _("Samlingen %(day)s har ikke vært ennå. Oppmøte kan registreres fra samme dag.") % {
        "day": formats.date_format(day, "j. F Y")
    }


class AttendanceForm(forms.Form):
    """Six counts per session row, named `<row key>-<core dataset name>`; nothing else."""

    def __init__(self, *args, run: Run, dates: list[date | None], today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        # Sessions that have not happened yet get no inputs, and are never saved.
        self.dates = [day for day in dates if session_held(day, run, today)]
        self.upcoming = [day for day in dates if day not in self.dates]
        columns = column_labels()
        for day in self.dates:
            key = row_key(day)
            for name, label in columns.items():
                self.fields[f"{key}-{name}"] = forms.IntegerField(
                    label=f"{row_label(day)}, {label.lower()}",
                    required=False,
                    error_messages={"invalid": _("Skriv et helt tall, for eksempel 5.")},
                    widget=forms.TextInput(
                        attrs={
                            "inputmode": "numeric",
                            "pattern": "[0-9]*",
                            "autocomplete": "off",
                            "size": 4,
                            "class": "count-input",
                            "aria-labelledby": f"rad-{key} kol-{name}",
                        }
                    ),
                )

    def row_fields(self, day: date | None) -> list[forms.BoundField] | None:
        """The row's inputs, or None for a session that has not happened yet."""
        if day not in self.dates:
            return None
        return [self[f"{row_key(day)}-{name}"] for name in COUNT_FIELDS]

    def counts(self) -> dict[date | None, dict[str, int | None]]:
        return {
            day: {name: self.cleaned_data.get(f"{row_key(day)}-{name}") for name in COUNT_FIELDS}
            for day in self.dates
        }

    def clean(self):
        cleaned = super().clean()
        for day in self.upcoming:
            key = row_key(day)
            if any(str(self.data.get(f"{key}-{name}", "")).strip() for name in COUNT_FIELDS):
                self.add_error(None, upcoming_message(day))
        # Every row through the activity rules, so that one answer shows every problem.
        for day, counts in self.counts().items():
            for problem in count_problems(self.run, counts):
                self.add_error(f"{row_key(day)}-{problem.field}", problem.message)
        return cleaned

    def save(self) -> None:
        replace_attendance(self.run, self.counts())
