"""`mestring statistikk kontroller [--reparer]` and `mestring statistikk bygg`.

The reports read the totals per run (`activity.RunTotals`) that database triggers keep.
`kontroller` recounts every run's sessions and attendance, reports the runs whose stored
totals differ (and missing triggers) and exits with status 1 when anything is wrong;
`--reparer` then rebuilds them. `bygg` rebuilds the totals from scratch and puts the
triggers back, for data written with triggers switched off.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mestring.activity import totals

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
        missing = sorted(totals.expected_triggers() - totals.installed_triggers())
        count, found = totals.drift(limit=SHOWN)
        if missing:
            self.stdout.write(f"Mangler triggere: {', '.join(missing)}.")
        if not count and not missing:
            self.stdout.write("Summene per gjennomføring stemmer.")
            return
        if count:
            self.stdout.write(f"Avvik i summene for {count} gjennomføringer:")
            for drift in found:
                fields = ", ".join(drift.differences()) or "rad mangler"
                self.stdout.write(f"  gjennomføring {drift.run_id}: {fields}")
            if count > len(found):
                self.stdout.write(f"  … og {count - len(found)} til.")
        if options["reparer"]:
            self._rebuild()
            return
        raise CommandError(
            "Summene stemmer ikke. Kjør «mestring statistikk kontroller --reparer».", returncode=1
        )

    def _rebuild(self) -> None:
        with transaction.atomic():
            totals.install_triggers()
            rows = totals.rebuild()
        self.stdout.write(f"Summene er bygd på nytt: {rows} gjennomføringer med registreringer.")
