"""Sign-up to a run in Mestring: per-run settings, sign-ups, and the logs the security
norm asks for (who saw which list, what was deleted when).

A sign-up to a course for a diagnosis reveals health information, so a SignUp holds the
least that is needed (name, e-mail or phone, relation, an optional note), only as long as
the run needs it: cancelling deletes it at once, and `mestring slett_pameldinger` deletes
the rest a set number of days after the run ends, leaving status and relation for counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mestring.catalogue.models import Run


class Mode(models.TextChoices):
    EXTERNAL = "ekstern", _("Påmelding hos arrangøren (lenke, e-post eller telefon)")
    INTERNAL = "mestring", _("Påmelding i Mestring, med plasser og venteliste")


class Status(models.TextChoices):
    CONFIRMED = "bekreftet", _("Bekreftet")
    WAITING = "venteliste", _("På venteliste")
    OFFERED = "tilbudt", _("Tilbudt plass")
    CANCELLED = "avmeldt", _("Avmeldt")


class Relation(models.TextChoices):
    """As counted in attendance (activity.COUNT_FIELDS)."""

    PATIENT = "pasient", _("Pasient")
    RELATIVE = "parorende", _("Pårørende")
    CHILD_RELATIVE = "barn_som_parorende", _("Barn som pårørende")


# Statuses that hold a seat.
HOLDS_SEAT = (Status.CONFIRMED, Status.OFFERED)


class RunSignup(models.Model):
    """How people sign up for one run. Without a row, sign-up is external (the offer's link)."""

    run = models.OneToOneField(
        Run,
        on_delete=models.CASCADE,
        related_name="signup_settings",
        verbose_name=_("gjennomføring"),
    )
    mode = models.CharField(
        _("påmelding"), max_length=10, choices=Mode.choices, default=Mode.EXTERNAL
    )
    capacity = models.PositiveIntegerField(_("plasser"), null=True, blank=True)
    opens_at = models.DateTimeField(_("påmeldingen åpner"), null=True, blank=True)
    closes_at = models.DateTimeField(_("påmeldingen stenger"), null=True, blank=True)
    offer_hours = models.PositiveIntegerField(
        _("svarfrist for ledig plass (timer)"),
        default=48,
        help_text=_("Hvor lenge den første på ventelisten har til å takke ja til en ledig plass."),
    )

    class Meta:
        verbose_name = _("påmeldingsinnstilling")
        verbose_name_plural = _("påmeldingsinnstillinger")

    def __str__(self) -> str:
        return f"{self.run} ({self.get_mode_display()})"


class SignUp(models.Model):
    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="signups", verbose_name=_("gjennomføring")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    relation = models.CharField(_("deltar som"), max_length=20, choices=Relation.choices)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    # SHA-256 of the private link's token; the token itself is only in the e-mail.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    created_at = models.DateTimeField(_("meldt på"), auto_now_add=True)
    offered_until = models.DateTimeField(_("svarfrist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("avmeldt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    personal_data_deleted_at = models.DateTimeField(
        _("personopplysninger slettet"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        ordering = ["run", "created_at", "pk"]
        indexes = [models.Index(fields=["run", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "email"],
                condition=~Q(email="") & ~Q(status="avmeldt"),
                name="signup_one_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(email="", phone="") | Q(personal_data_deleted_at__isnull=False),
                name="signup_has_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} #{self.pk} ({self.get_status_display()})"


class AccessLog(models.Model):
    """Who saw or exported which sign-up list, when."""

    class Action(models.TextChoices):
        VIEW = "vist", _("vist")
        EXPORT = "eksportert", _("eksportert")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("bruker")
    )
    run = models.ForeignKey(Run, on_delete=models.CASCADE, verbose_name=_("gjennomføring"))
    action = models.CharField(_("handling"), max_length=12, choices=Action.choices)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("innsyn i påmeldingsliste")
        verbose_name_plural = _("innsyn i påmeldingslister")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.run} {self.at:%Y-%m-%d %H:%M}"


class DeletionLog(models.Model):
    """What personal data was deleted, when and why: counts only."""

    class Reason(models.TextChoices):
        CANCELLED = "avmeldt", _("avmeldt av deltakeren")
        EXPIRED_OFFER = "frist_ute", _("svarfristen for ledig plass gikk ut")
        RETENTION = "lagringstid", _("lagringstiden etter gjennomføringen er ute")

    run_external_id = models.CharField(_("gjennomføring"), max_length=100)
    reason = models.CharField(_("grunn"), max_length=12, choices=Reason.choices)
    count = models.PositiveIntegerField(_("antall påmeldinger"))
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sletting av påmeldinger")
        verbose_name_plural = _("slettinger av påmeldinger")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.run_external_id}: {self.count} ({self.reason})"
