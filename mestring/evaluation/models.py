"""Participant evaluations of a run, and the offer's improvement log (PDSA).

A `Response` holds the answers and nothing that could tell who gave them: no user, IP
address, user agent, session or time of day — only the date. The test suite asserts its
field names, so adding one is a deliberate act.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mestring.catalogue.models import Offer, Run

from .questionnaire import FREE_TEXT_MAX, SCALE

# No 0/O, 1/l/I: the short link is sometimes typed from paper.
CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_token() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Evaluation(models.Model):
    run = models.OneToOneField(
        Run, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("gjennomføring")
    )
    token = models.CharField(_("kode"), max_length=20, unique=True, editable=False)
    opened_at = models.DateTimeField(_("åpnet"), default=timezone.now)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("åpnet av"),
    )

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")

    def __str__(self) -> str:
        return f"{self.run} ({self.token})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def _scale_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[-1])]
    )


class Response(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="responses", verbose_name=_("evaluering")
    )
    # One column per key in questionnaire.QUESTION_KEYS.
    useful = _scale_field(_("nyttig"))
    relevant = _scale_field(_("relevant"))
    coping = _scale_field(_("bedre rustet til å mestre hverdagen"))
    recommend = _scale_field(_("vil anbefale"))
    free_text = models.TextField(_("fritekst"), max_length=FREE_TEXT_MAX, blank=True)
    submitted_on = models.DateField(_("svart dato"), default=timezone.localdate)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")

    def __str__(self) -> str:
        return f"{self.evaluation} {self.submitted_on:%d.%m.%Y}"


class ImprovementEntry(models.Model):
    """One turn of the improvement cycle (plan–do–study–act) for an offer."""

    offer = models.ForeignKey(
        Offer,
        on_delete=models.CASCADE,
        related_name="improvement_entries",
        verbose_name=_("tilbud"),
    )
    date = models.DateField(_("dato"), default=timezone.localdate)
    evaluated = models.TextField(_("Hva ble evaluert?"), max_length=4000)
    learned = models.TextField(_("Hva lærte vi?"), max_length=4000)
    change_next_time = models.TextField(_("Hva endrer vi til neste gang?"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skrevet av"),
    )

    class Meta:
        verbose_name = _("forbedringsnotat")
        verbose_name_plural = _("forbedringslogg")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.offer} {self.date:%d.%m.%Y}"
