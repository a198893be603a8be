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
    name = models.CharField(_("navn"), max_length=200)
    health_trust = models.ForeignKey(
        HealthTrust,
        on_delete=models.PROTECT,
        related_name="health_communities",
        verbose_name=_("helseforetak"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="health_communities", verbose_name=_("kommuner")
    )

    class Meta:
        verbose_name = _("helsefellesskap")
        verbose_name_plural = _("helsefellesskap")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def validate_sub_agreements(value) -> None:
    allowed = set(SubAgreement.values)
    if not isinstance(value, list) or not all(code in allowed for code in value):
        raise ValidationError(_("Ukjent delavtale."), code="invalid")


class Agreement(models.Model):
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

    class Meta:
        verbose_name = _("samarbeidsavtale")
        verbose_name_plural = _("samarbeidsavtaler")
        ordering = ["health_trust__name", "-signed"]

    def __str__(self) -> str:
        return f"{self.health_trust.short_name} ({self.signed:%d.%m.%Y})"

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
