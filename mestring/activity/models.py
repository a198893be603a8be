"""Attendance as counts per session or per run (core dataset §5). No person is identified."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mestring.catalogue.models import Run

# Core dataset name → model field, in the order forms and exports show them.
COUNT_FIELDS: dict[str, str] = {
    "pasienter": "patients",
    "parorende": "relatives",
    "barn_som_parorende": "child_relatives",
    "andre_deltakere": "other_participants",
    "brukerrepresentanter": "user_representatives",
    "fagpersoner": "professionals",
}


class Attendance(models.Model):
    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("gjennomføring")
    )
    date = models.DateField(
        _("dato"),
        null=True,
        blank=True,
        help_text=_("Samlingens dato. Tom når tallene gjelder hele gjennomføringen."),
    )
    patients = models.PositiveIntegerField(_("pasienter"), null=True, blank=True)
    relatives = models.PositiveIntegerField(_("pårørende"), null=True, blank=True)
    child_relatives = models.PositiveIntegerField(_("barn som pårørende"), null=True, blank=True)
    other_participants = models.PositiveIntegerField(_("andre deltakere"), null=True, blank=True)
    user_representatives = models.PositiveIntegerField(
        _("brukerrepresentanter"), null=True, blank=True
    )
    professionals = models.PositiveIntegerField(_("fagpersoner"), null=True, blank=True)

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")
        ordering = ["run", "date"]
        constraints = [
            models.UniqueConstraint(fields=["run", "date"], name="attendance_one_per_date"),
            models.UniqueConstraint(
                fields=["run"], condition=Q(date__isnull=True), name="attendance_one_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.date or _('hele gjennomføringen')}"
