"""`mestring statistikk kontroller [--reparer]` and `mestring statistikk bygg`.

The reports read one report row per run (`activity.ReportRun`, ADR 0007) holding the
totals per run (`activity.RunTotals`, ADR 0006); database triggers keep both.
`kontroller` recounts every run's sessions and attendance, compares every report row with
its run and totals, reports the runs that differ (and missing triggers) and exits with
status 1 when anything is wrong; `--reparer` then rebuilds them. `bygg` rebuilds both
from scratch and puts the triggers back, for data written with triggers switched off.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from mestring.activity import report_rows, totals

SHOWN = 20


class Command(BaseCommand):
    help = "Kontroller eller bygg summene per gjennomføring som rapportene leser."

    def add_arguments(self, parser):
        parser.add_argument("handling", choices=["kontroller", "bygg"])
        parser.add_argument(
            "--reparer",
            action="store_true",
            help="Bygg summene på nytt når kontrollen finner avvik.",
        )

    def handle(self, *args, **options):
        if options["handling"] == "bygg":
            self._rebuild()
            return
        missing = sorted(
            (totals.expected_triggers() - totals.installed_triggers())
            | (report_rows.expected_triggers() - report_rows.installed_triggers())
        )
        count, found = totals.drift(limit=SHOWN)
        rows_count, rows_found = report_rows.drift(limit=SHOWN)
        if missing:
            self.stdout.write(f"Mangler triggere: {', '.join(missing)}.")
        if not count and not rows_count and not missing:
            self.stdout.write("Summene og rapportradene per gjennomføring stemmer.")
            return
        if count:
            self.stdout.write(f"Avvik i summene for {count} gjennomføringer:")
            for drift in found:
                fields = ", ".join(drift.differences()) or "rad mangler"
                self.stdout.write(f"  gjennomføring {drift.run_id}: {fields}")
            if count > len(found):
                self.stdout.write(f"  … og {count - len(found)} til.")
        if rows_count:
            self.stdout.write(f"Avvik i rapportradene for {rows_count} gjennomføringer:")
            for row in rows_found:
                fields = (
                    "rad mangler" if row.differences == ("rad",) else ", ".join(row.differences)
                )
                self.stdout.write(f"  gjennomføring {row.run_id}: {fields}")
            if rows_count > len(rows_found):
                self.stdout.write(f"  … og {rows_count - len(rows_found)} til.")
        if options["reparer"]:
            self._rebuild()
            return
        raise CommandError(
            "Summene stemmer ikke. Kjør «mestring statistikk kontroller --reparer».", returncode=1
        )

    def _rebuild(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            # The report rows are rebuilt after the totals: no need to copy each total.
            for statement in report_rows.drop_statements(connection.vendor):
                cursor.execute(statement)
            totals.install_triggers()
            rows = totals.rebuild()
            report_rows.rebuild()
            report_rows.install_triggers()
        self.stdout.write(f"Summene er bygd på nytt: {rows} gjennomføringer med registreringer.")
