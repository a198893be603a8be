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


class RunTotals(models.Model):
    """What the reports add up per run, kept exact by database triggers (ADR 0006).

    A row exists exactly for the runs with at least one session or attendance record; a
    run without a row has nothing registered. Never written by Python code: the triggers
    installed by `totals.install_triggers` maintain it in the same statement as every
    write of sessions and attendance, and `mestring statistikk kontroller` checks it.
    `<count>_known` is how many attendance records have an answer for that count, so a
    run whose records all leave it empty reports None, not 0.
    """

    run = models.OneToOneField(
        Run,
        # The triggers bring a deleted run's row to zero and remove it as Django deletes
        # its sessions and attendance, before the run itself.
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="totals",
        verbose_name=_("gjennomføring"),
    )
    sessions = models.IntegerField(_("samlinger"), db_default=0)
    attendance_records = models.IntegerField(_("oppmøteregistreringer"), db_default=0)
    dated_records = models.IntegerField(_("oppmøteregistreringer med dato"), db_default=0)
    records_with_user_representatives = models.IntegerField(
        _("registreringer med brukerrepresentanter"), db_default=0
    )
    patients = models.BigIntegerField(_("pasienter"), db_default=0)
    patients_known = models.IntegerField(db_default=0)
    relatives = models.BigIntegerField(_("pårørende"), db_default=0)
    relatives_known = models.IntegerField(db_default=0)
    child_relatives = models.BigIntegerField(_("barn som pårørende"), db_default=0)
    child_relatives_known = models.IntegerField(db_default=0)
    other_participants = models.BigIntegerField(_("andre deltakere"), db_default=0)
    other_participants_known = models.IntegerField(db_default=0)
    user_representatives = models.BigIntegerField(_("brukerrepresentanter"), db_default=0)
    user_representatives_known = models.IntegerField(db_default=0)
    professionals = models.BigIntegerField(_("fagpersoner"), db_default=0)
    professionals_known = models.IntegerField(db_default=0)

    class Meta:
        verbose_name = _("summer per gjennomføring")
        verbose_name_plural = _("summer per gjennomføring")

    def __str__(self) -> str:
        return str(self.run_id)

    def count(self, field: str) -> int | None:
        """The sum of an attendance count (model field name); None when nobody answered."""
        return getattr(self, field) if getattr(self, f"{field}_known") else None


# The totals a report row copies from `RunTotals` (every report reads these sums).
REPORT_TOTALS = (
    "sessions",
    "attendance_records",
    "records_with_user_representatives",
    *COUNT_FIELDS.values(),
)


class ReportRun(models.Model):
    """One narrow row per run: what the reports filter and group on, with its totals.

    The national reports read a year of runs (some 400 000). Read from `catalogue_run`
    and `RunTotals` that is two wide tables spread over the disk; read from here it is
    one range of the covering index on `start` (ADR 0007). Kept by database triggers on
    `catalogue_run`, `catalogue_offer` and `activity_runtotals` in the same statement as
    every write (`report_rows.py`); never written by Python code; `mestring statistikk
    kontroller` checks it. `year` and `month` are stored so no engine computes them per
    row; `counted` and `responsible` so the reports need not read the offers.
    """

    run = models.OneToOneField(
        Run,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="report_row",
        verbose_name=_("gjennomføring"),
    )
    offer = models.ForeignKey(
        "catalogue.Offer",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The offer's responsible organisation, so the reports group and filter by provider
    # without reading the offers.
    responsible = models.ForeignKey(
        "catalogue.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    start = models.DateField()
    year = models.SmallIntegerField()
    month = models.SmallIntegerField()
    municipality = models.ForeignKey(
        "refdata.Municipality",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    format = models.CharField(max_length=25)
    time_of_day = models.CharField(max_length=12)
    venue = models.CharField(max_length=30)
    with_municipal_staff = models.BooleanField(null=True)
    # Counts in the reports (§6): the run is not cancelled and its offer is published or
    # archived.
    counted = models.BooleanField()
    sessions = models.IntegerField()
    attendance_records = models.IntegerField()
    records_with_user_representatives = models.IntegerField()
    patients = models.BigIntegerField()
    relatives = models.BigIntegerField()
    child_relatives = models.BigIntegerField()
    other_participants = models.BigIntegerField()
    user_representatives = models.BigIntegerField()
    professionals = models.BigIntegerField()

    class Meta:
        verbose_name = _("rapportrad per gjennomføring")
        verbose_name_plural = _("rapportrader per gjennomføring")
        indexes = [
            # Every column as a key: a period is one index range, read without the table.
            models.Index(
                fields=[
                    "start",
                    "counted",
                    "offer",
                    "responsible",
                    "municipality",
                    "year",
                    "month",
                    "format",
                    "time_of_day",
                    "venue",
                    "with_municipal_staff",
                    *REPORT_TOTALS,
                ],
                name="activity_reportrun_cover",
            )
        ]

    def __str__(self) -> str:
        return str(self.run_id)
