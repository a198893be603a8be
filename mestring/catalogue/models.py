"""Providers (organisations), offers, runs and sessions of the core dataset (§2–§4).

Every field that is not needed to identify a record may be empty: legacy survey data has
gaps, and a missing answer is not a "no" (core dataset §4). The forms require them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mestring.refdata.models import Municipality, Region

from . import codes
from .querysets import OfferQuerySet, OrganisationQuerySet, RunQuerySet


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Organisation(TimeStamped):
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=codes.ProviderType.choices)
    orgnr = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        help_text=_("Ni siffer fra Enhetsregisteret."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("helseregion"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("kommune"),
    )
    website = models.URLField(_("nettside"), max_length=300, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilbyder")
        verbose_name_plural = _("tilbydere")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Offer(TimeStamped):
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    title = models.CharField(_("tittel"), max_length=300)
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        help_text=_("Hva tilbudet er og hvem det er for. Enkel Markdown: avsnitt, lister, lenker."),
    )
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("ansvarlig"),
    )
    co_organisers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_organised_offers",
        verbose_name=_("medarrangører"),
    )
    main_theme = models.CharField(_("hovedtematikk"), max_length=30, choices=codes.Theme.choices)
    main_target_group = models.CharField(
        _("hovedmålgruppe"), max_length=30, choices=codes.TargetGroup.choices, blank=True
    )
    age_group = models.CharField(
        _("aldersgruppe"), max_length=20, choices=codes.AgeGroup.choices, blank=True
    )
    session_count = models.PositiveIntegerField(
        _("antall samlinger"),
        null=True,
        blank=True,
        help_text=_("Hvor mange samlinger en gjennomføring vanligvis har."),
    )
    user_representative = models.CharField(
        _("brukerrepresentant"),
        max_length=20,
        choices=codes.UserRepresentative.choices,
        blank=True,
    )
    user_organisations = models.JSONField(
        _("brukerorganisasjoner"),
        default=list,
        blank=True,
        help_text=_("Navn på pasient- og brukerorganisasjoner, eller id-en til en tilbyder."),
    )
    users_in_planning = models.BooleanField(_("brukere med i planlegging"), null=True, blank=True)
    users_in_delivery = models.BooleanField(_("brukere med i gjennomføring"), null=True, blank=True)
    users_in_evaluation = models.BooleanField(_("brukere med i evaluering"), null=True, blank=True)
    requires_referral = models.BooleanField(_("krever henvisning"), null=True, blank=True)
    registered_as_activity = models.BooleanField(
        _("registreres som aktivitet"),
        null=True,
        blank=True,
        help_text=_("Deltakelsen registreres som aktivitet/tiltak i PAS/EPJ."),
    )
    level = models.CharField(_("nivå"), max_length=10, choices=codes.Level.choices, blank=True)
    interpreter = models.BooleanField(_("tolk kan skaffes"), null=True, blank=True)
    sami_adapted = models.BooleanField(_("samisk tilpasset"), null=True, blank=True)
    price = models.DecimalField(
        _("egenandel (kr)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Deltakerens egenandel i kroner. 0 betyr gratis."),
    )
    price_note = models.CharField(_("merknad om pris"), max_length=500, blank=True)
    referral_note = models.CharField(_("merknad om henvisning"), max_length=500, blank=True)
    cancellation = models.CharField(_("avbestilling"), max_length=500, blank=True)
    last_confirmed = models.DateField(_("sist bekreftet"), null=True, blank=True)
    signup_url = models.URLField(_("påmelding: nettadresse"), max_length=500, blank=True)
    signup_email = models.EmailField(_("påmelding: e-post"), blank=True)
    signup_phone = models.CharField(_("påmelding: telefon"), max_length=30, blank=True)
    signup_text = models.CharField(_("påmelding: tekst"), max_length=500, blank=True)
    contact_name = models.CharField(_("kontakt: navn"), max_length=200, blank=True)
    contact_role = models.CharField(
        _("kontakt: rolle"),
        max_length=200,
        blank=True,
        help_text=_("For eksempel «Kurskoordinator, Lærings- og mestringssenteret»."),
    )
    contact_phone = models.CharField(_("kontakt: telefon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("kontakt: e-post"), blank=True)
    what_to_bring = models.CharField(
        _("ta med"),
        max_length=500,
        blank=True,
        help_text=_("Det deltakerne bør ta med, for eksempel treningstøy eller matpakke."),
    )
    patient_travel = models.BooleanField(
        _("pasientreiser"),
        null=True,
        blank=True,
        help_text=_("Om reisen kan dekkes av Pasientreiser (for pasienter med henvisning)."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=codes.OfferStatus.choices,
        default=codes.OfferStatus.DRAFT,
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "main_theme"])]

    def __str__(self) -> str:
        return self.title

    @property
    def follows_standard_method(self) -> bool | None:
        """Skjema 3: users take part in planning, running and evaluation."""
        answers = (self.users_in_planning, self.users_in_delivery, self.users_in_evaluation)
        if None in answers:
            return None
        return all(answers)

    def codes_for(self, field: str) -> list[str]:
        """The codes of one multi-valued field, in a stable order."""
        return sorted(c.code for c in self.codes.all() if c.field == field)

    def labels_for(self, field: str) -> list[str]:
        """Norwegian labels of one multi-valued field, in the code list's order."""
        from .rules import language_name

        values = set(self.codes_for(field))
        if field == OfferCode.List.LANGUAGES:
            return [language_name(code) for code in sorted(values, key=_language_order)]
        choices = MULTI_CODE_CHOICES[field]
        return [str(label) for code, label in choices.choices if code in values]


class OfferCode(models.Model):
    """One value of a multi-valued code field of an offer (diagnoses, fagfelt, …).

    A row per value, rather than a JSON list, so that both SQLite and PostgreSQL can
    filter and count by code with plain joins.
    """

    class List(models.TextChoices):
        DIAGNOSES = "diagnoser", _("diagnoser")
        FIELDS = "fagfelt", _("fagfelt")
        OTHER_TARGET_GROUPS = "andre_malgrupper", _("andre målgrupper")
        LANGUAGES = "sprak", _("språk")
        REGISTRATION_PLACES = "registreringssted", _("registreringssted")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="codes")
    field = models.CharField(_("felt"), max_length=20, choices=List.choices)
    code = models.CharField(_("kode"), max_length=30)

    class Meta:
        verbose_name = _("kode")
        verbose_name_plural = _("koder")
        constraints = [
            models.UniqueConstraint(fields=["offer", "field", "code"], name="offercode_unique")
        ]
        # With the offer in the index, "offers with this code" is read from the index alone
        # (the search's code filters and facet counts).
        indexes = [
            models.Index(fields=["field", "code", "offer"], name="offercode_field_code_offer")
        ]

    def __str__(self) -> str:
        return f"{self.field}={self.code}"


class Run(TimeStamped):
    external_id = models.CharField(_("id"), max_length=100, unique=True)
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="runs", verbose_name=_("tilbud")
    )
    start = models.DateField(_("start"), db_index=True)
    end = models.DateField(_("slutt"), null=True, blank=True)
    time_of_day = models.CharField(
        _("tidspunkt"), max_length=12, choices=codes.TimeOfDay.choices, blank=True
    )
    venue = models.CharField(_("sted"), max_length=30, choices=codes.Venue.choices, blank=True)
    format = models.CharField(_("format"), max_length=25, choices=codes.Format.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("kommune"),
        help_text=_("Der gjennomføringen holdes. Tomt for rent digitale gjennomføringer."),
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    join_instructions = models.CharField(
        _("slik deltar du digitalt"),
        max_length=500,
        blank=True,
        help_text=_("For digitale gjennomføringer: hvordan deltakerne kobler seg på."),
    )
    with_municipal_staff = models.BooleanField(
        _("samarbeid med kommunalt personell"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(_("kapasitet"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=codes.RunStatus.choices,
        default=codes.RunStatus.PLANNED,
    )

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("gjennomføring")
        verbose_name_plural = _("gjennomføringer")
        ordering = ["start", "external_id"]

    def __str__(self) -> str:
        return f"{self.offer.title} ({self.start:%d.%m.%Y})"


class Session(models.Model):
    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("gjennomføring")
    )
    start = models.DateTimeField(_("start"))
    duration_min = models.PositiveIntegerField(_("varighet (minutter)"), null=True, blank=True)

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")
        ordering = ["run", "start"]

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y %H:%M}"


MULTI_CODE_CHOICES: dict[str, type[models.TextChoices]] = {
    OfferCode.List.DIAGNOSES: codes.DiagnosisGroup,
    OfferCode.List.FIELDS: codes.Field,
    OfferCode.List.OTHER_TARGET_GROUPS: codes.TargetGroup,
    OfferCode.List.REGISTRATION_PLACES: codes.RegistrationPlace,
}
_FIRST_LANGUAGES = ["nb", "nn", "se", "smj", "sma"]


def _language_order(code: str) -> tuple[int, str]:
    return (_FIRST_LANGUAGES.index(code) if code in _FIRST_LANGUAGES else 99, code)


from .search.models import (  # noqa: E402
    SearchCard,
    SearchDocument,
    SearchPathway,
    SearchPlace,
    SearchSlot,
    SearchState,
    SearchText,
    SearchWord,
)

__all__ = [
    "MULTI_CODE_CHOICES",
    "Offer",
    "OfferCode",
    "Organisation",
    "Run",
    "SearchCard",
    "SearchDocument",
    "SearchPathway",
    "SearchPlace",
    "SearchSlot",
    "SearchState",
    "SearchText",
    "SearchWord",
    "Session",
    "TimeStamped",
]
