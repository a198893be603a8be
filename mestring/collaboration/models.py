"""Health communities (helsefellesskap) and statutory collaboration agreements.

See docs/collaboration.md. The assessment criteria and their scale live in `rules.py`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.refdata.models import HealthTrust, Municipality

from .rules import SCORE_CHOICES


class SubAgreement(models.TextChoices):
    """The sub-agreements (delavtaler) of helse- og omsorgstjenesteloven § 6-2 that concern LM."""

    DELAVTALE_2 = (
        "delavtale_2",
        _("Delavtale 2: koordinerte tjenester, habilitering, rehabilitering og læring og mestring"),
    )
    DELAVTALE_5 = "delavtale_5", _("Delavtale 5: utskrivningsklare pasienter")
    DELAVTALE_6 = (
        "delavtale_6",
        _("Delavtale 6: kunnskapsoverføring, informasjonsutveksling og faglige nettverk"),
    )
    DELAVTALE_10 = "delavtale_10", _("Delavtale 10: forebygging")
    OTHER = "annen", _("Annen avtale")


class HealthCommunity(models.Model):
    """A health community: one or more hospital trusts and their municipalities as equal
    partners (helse- og omsorgstjenesteloven § 6-1 and the Government–KS agreement of 2019)."""

    code = models.CharField(
        _("kode"),
        max_length=40,
        blank=True,
        help_text=_(
            "Kode fra referansedataene, f.eks. «oslo». Tom for helsefellesskap lagt inn for hånd."
        ),
    )
    name = models.CharField(_("navn"), max_length=200)
    health_trusts = models.ManyToManyField(
        HealthTrust, related_name="health_communities", verbose_name=_("helseforetak")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="health_communities", verbose_name=_("kommuner")
    )
    source = models.TextField(_("kilde"), blank=True)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        verbose_name = _("helsefellesskap")
        verbose_name_plural = _("helsefellesskap")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="health_community_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


def validate_sub_agreements(value) -> None:
    allowed = set(SubAgreement.values)
    if not isinstance(value, list) or not all(code in allowed for code in value):
        raise ValidationError(_("Ukjent delavtale."), code="invalid")


class Agreement(models.Model):
    """A collaboration agreement; its parties are the hospital trust and the municipalities."""

    external_id = models.CharField(
        _("id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Fast id i utvekslingsformatet og API-et; settes til «avtale-<nr>» om tom."),
    )
    title = models.CharField(_("tittel"), max_length=300, blank=True)
    community = models.ForeignKey(
        HealthCommunity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("helsefellesskap"),
    )
    health_trust = models.ForeignKey(
        HealthTrust,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("helseforetak"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="agreements", verbose_name=_("kommuner")
    )
    sub_agreements = models.JSONField(
        _("delavtaler"), default=list, validators=[validate_sub_agreements]
    )
    signed = models.DateField(_("inngått"))
    last_revised = models.DateField(_("sist revidert"), null=True, blank=True)
    url = models.URLField(_("publisert på"), max_length=500, blank=True)
    mentions_learning_and_coping = models.BooleanField(
        _("omtaler lærings- og mestringstilbud"), default=False
    )
    sami_offers = models.BooleanField(
        _("omtaler tilbud til den samiske befolkningen"), default=False
    )
    user_participation_in_making = models.BooleanField(
        _("brukere medvirket i utarbeidelsen"), default=False
    )
    offers = models.ManyToManyField(
        "catalogue.Offer",
        through="TiedOffer",
        related_name="agreements",
        blank=True,
        verbose_name=_("tilbud"),
    )
    runs = models.ManyToManyField(
        "catalogue.Run",
        through="TiedRun",
        related_name="agreements",
        blank=True,
        verbose_name=_("gjennomføringer"),
    )

    class Meta:
        verbose_name = _("samarbeidsavtale")
        verbose_name_plural = _("samarbeidsavtaler")
        ordering = ["health_trust__name", "-signed"]

    def __str__(self) -> str:
        if self.title:
            return self.title
        return f"{self.health_trust.short_name} ({self.signed:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.external_id:
            self.external_id = f"avtale-{self.pk}"
            Agreement.objects.filter(pk=self.pk).update(external_id=self.external_id)

    def clean(self):
        super().clean()
        if self.last_revised and self.signed and self.last_revised < self.signed:
            raise ValidationError(
                {"last_revised": _("Avtalen kan ikke være revidert før den ble inngått.")}
            )

    def sub_agreement_labels(self) -> list[str]:
        return [label for code, label in SubAgreement.choices if code in self.sub_agreements]


SCORE_FIELD = {"choices": SCORE_CHOICES, "validators": [MaxValueValidator(3)]}


class Assessment(models.Model):
    """One reading of an agreement against the Directorate's five criteria; the newest counts."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("avtale")
    )
    concreteness = models.PositiveSmallIntegerField(_("konkretisering"), **SCORE_FIELD)
    concreteness_justification = models.TextField(_("begrunnelse for konkretisering"))
    user_participation = models.PositiveSmallIntegerField(_("brukermedvirkning"), **SCORE_FIELD)
    user_participation_justification = models.TextField(_("begrunnelse for brukermedvirkning"))
    commitment = models.PositiveSmallIntegerField(_("forpliktelse"), **SCORE_FIELD)
    commitment_justification = models.TextField(_("begrunnelse for forpliktelse"))
    accessibility = models.PositiveSmallIntegerField(_("tilgjengelighet"), **SCORE_FIELD)
    accessibility_justification = models.TextField(_("begrunnelse for tilgjengelighet"))
    maintenance = models.PositiveSmallIntegerField(_("vedlikehold"), **SCORE_FIELD)
    maintenance_justification = models.TextField(_("begrunnelse for vedlikehold"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vurdert av"),
    )
    assessed_on = models.DateField(_("vurdert dato"), default=timezone.localdate)

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.assessed_on:%d.%m.%Y}"


class Confirmation(models.Model):
    """A party's confirmation that the agreement as registered is the one in force.

    It holds for the revision it was given for (`revision`: the agreement's last revision, or
    its signing); when the agreement is revised, each party confirms again.
    """

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="confirmations",
        verbose_name=_("avtale"),
    )
    health_trust = models.ForeignKey(
        HealthTrust,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("helseforetak"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    revision = models.DateField(_("gjelder versjon av"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekreftet av"),
    )
    confirmed_on = models.DateField(_("bekreftet dato"), default=timezone.localdate)

    class Meta:
        verbose_name = _("bekreftelse")
        verbose_name_plural = _("bekreftelser")
        ordering = ["agreement", "health_trust", "municipality"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(health_trust__isnull=False, municipality__isnull=True)
                    | models.Q(health_trust__isnull=True, municipality__isnull=False)
                ),
                name="confirmation_one_party",
            ),
            models.UniqueConstraint(
                fields=["agreement", "health_trust"],
                condition=models.Q(health_trust__isnull=False),
                name="confirmation_one_per_trust",
            ),
            models.UniqueConstraint(
                fields=["agreement", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="confirmation_one_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.health_trust or self.municipality}"


class TiedOffer(models.Model):
    """An offer that implements an agreement (a sub-agreement of it, when given)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="tied_offers", verbose_name=_("avtale")
    )
    offer = models.ForeignKey(
        "catalogue.Offer",
        on_delete=models.CASCADE,
        related_name="agreement_links",
        verbose_name=_("tilbud"),
    )
    sub_agreement = models.CharField(
        _("delavtale"), max_length=20, choices=SubAgreement.choices, blank=True
    )

    class Meta:
        verbose_name = _("tilbud knyttet til avtale")
        verbose_name_plural = _("tilbud knyttet til avtaler")
        ordering = ["agreement", "offer__external_id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "offer"], name="tied_offer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.offer_id}"


class TiedRun(models.Model):
    """A run that implements an agreement (a sub-agreement of it, when given)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="tied_runs", verbose_name=_("avtale")
    )
    run = models.ForeignKey(
        "catalogue.Run",
        on_delete=models.CASCADE,
        related_name="agreement_links",
        verbose_name=_("gjennomføring"),
    )
    sub_agreement = models.CharField(
        _("delavtale"), max_length=20, choices=SubAgreement.choices, blank=True
    )

    class Meta:
        verbose_name = _("gjennomføring knyttet til avtale")
        verbose_name_plural = _("gjennomføringer knyttet til avtaler")
        ordering = ["agreement", "run__external_id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "run"], name="tied_run_unique")]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.run_id}"


# --- Patient pathways ---------------------------------------------------------------------


class Pathway(models.Model):
    """A national patient pathway (pakkeforløp or pasientforløp); see data/SOURCES.md."""

    code = models.CharField(_("kode"), max_length=60, primary_key=True)
    name = models.CharField(_("navn"), max_length=200)
    group = models.CharField(_("gruppe"), max_length=60)
    responsible = models.CharField(_("ansvarlig"), max_length=200)
    source = models.TextField(_("kilde"), blank=True)

    class Meta:
        verbose_name = _("pasientforløp")
        verbose_name_plural = _("pasientforløp")
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    BEFORE = "for_behandling", _("Før behandling")
    DURING = "under_behandling", _("Under behandling")
    AFTER = "etter_behandling", _("Etter behandling")
    TRANSITION = "overgang", _("Overgang sykehus–kommune")


class OfferPathway(models.Model):
    """An offer's place in a patient pathway: which pathway and which phase."""

    offer = models.ForeignKey(
        "catalogue.Offer",
        on_delete=models.CASCADE,
        related_name="pathway_links",
        verbose_name=_("tilbud"),
    )
    pathway = models.ForeignKey(
        Pathway, on_delete=models.PROTECT, related_name="offer_links", verbose_name=_("forløp")
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)

    class Meta:
        verbose_name = _("tilbud i pasientforløp")
        verbose_name_plural = _("tilbud i pasientforløp")
        ordering = ["offer", "pathway", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "pathway", "phase"], name="offer_pathway_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} – {self.pathway_id} ({self.phase})"


# --- Equity -------------------------------------------------------------------------------


def validate_languages(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(code, str) and code.isascii() and code.isalpha() and 2 <= len(code) <= 3
        for code in value
    ):
        raise ValidationError(
            _("Skriv språkkoder med to eller tre bokstaver (ISO 639), f.eks. «ar» eller «so»."),
            code="invalid",
        )


class OfferEquity(models.Model):
    """Whether an offer is adapted for people with immigrant background, and in which
    languages its information is given."""

    offer = models.OneToOneField(
        "catalogue.Offer",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="equity",
        verbose_name=_("tilbud"),
    )
    adapted_for_immigrants = models.BooleanField(_("tilpasset innvandrere"), default=False)
    information_languages = models.JSONField(
        _("informasjonsspråk"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("Språkkoder (ISO 639), f.eks. «ar», «so», «uk»."),
    )

    class Meta:
        verbose_name = _("tilpasning for innvandrere")
        verbose_name_plural = _("tilpasninger for innvandrere")

    def __str__(self) -> str:
        return str(self.offer_id)


class RunInterpreter(models.Model):
    """Interpreter use in one run, as counts: never who."""

    run = models.OneToOneField(
        "catalogue.Run",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="interpreter_use",
        verbose_name=_("gjennomføring"),
    )
    sessions = models.PositiveIntegerField(_("samlinger med tolk"), default=0)
    participants = models.PositiveIntegerField(_("deltakere som brukte tolk"), default=0)

    class Meta:
        verbose_name = _("tolkebruk")
        verbose_name_plural = _("tolkebruk")

    def __str__(self) -> str:
        return str(self.run_id)


class ImmigrantPopulation(models.Model):
    """Immigrants and Norwegian-born to immigrant parents per county (SSB table 09817)."""

    county = models.ForeignKey(
        "refdata.County", on_delete=models.CASCADE, related_name="+", verbose_name=_("fylke")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    count = models.PositiveIntegerField(_("innvandrere og norskfødte med innvandrerforeldre"))
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("innvandrerbefolkning")
        verbose_name_plural = _("innvandrerbefolkning")
        ordering = ["year", "county"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="immigrant_population_unique")
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.year}"


# --- Capacity and competence --------------------------------------------------------------


class Capacity(models.Model):
    """A provider's staffing and competence in a year, and the guidance it gave municipalities
    (veiledningsplikt)."""

    organisation = models.ForeignKey(
        "catalogue.Organisation",
        on_delete=models.CASCADE,
        related_name="capacity",
        verbose_name=_("tilbyder"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    fte = models.DecimalField(_("årsverk"), max_digits=7, decimal_places=2)
    health_pedagogy = models.PositiveIntegerField(_("ansatte med helsepedagogisk utdanning"))
    guidance_sessions = models.PositiveIntegerField(_("veiledninger til kommuner"), default=0)

    class Meta:
        verbose_name = _("kapasitet og kompetanse")
        verbose_name_plural = _("kapasitet og kompetanse")
        ordering = ["organisation", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="capacity_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}"
