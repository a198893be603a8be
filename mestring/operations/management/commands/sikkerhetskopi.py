"""`mestring sikkerhetskopi lag --out FIL` and `mestring sikkerhetskopi gjenopprett FIL`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.operations import backup


class Command(BaseCommand):
    help = "Lag en sikkerhetskopi av databasen, eller gjenopprett en til en tom database."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="lag|gjenopprett")
        make = actions.add_parser("lag", help="lag en sikkerhetskopi mens nettstedet kjører")
        make.add_argument(
            "--out", required=True, type=Path, help="fila sikkerhetskopien skrives til"
        )
        restore = actions.add_parser("gjenopprett", help="gjenopprett til en tom database")
        restore.add_argument("fil", type=Path, help="sikkerhetskopien")
        counts = actions.add_parser("tell", help="skriv antall rader per tabell som JSON")
        counts.add_argument("--out", type=Path, help="fila tallene skrives til")

    def handle(self, *args, action, **options):
        try:
            if action == "lag":
                kind = backup.make_backup(options["out"])
                self.stdout.write(f"Sikkerhetskopi ({kind}) skrevet til {options['out']}.")
            elif action == "gjenopprett":
                kind = backup.restore_backup(options["fil"])
                self.stdout.write(f"Sikkerhetskopien {options['fil']} er gjenopprettet ({kind}).")
            else:
                text = json.dumps(backup.row_counts(), indent=1, sort_keys=True) + "\n"
                if options["out"]:
                    options["out"].write_text(text, encoding="utf-8")
                else:
                    self.stdout.write(text, ending="")
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
