"""`mestring open_data`: write the open data dump (run nightly, e.g. from cron)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from mestring.opendata.dump import write_dump


class Command(BaseCommand):
    help = "Skriv åpne data (katalog, statistikk, datapackage.json) til mappen for åpne data."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="", help="Mappe (standard: OPEN_DATA_DIR).")
        parser.add_argument("--ar", type=int, default=None, help="Statistikkår (standard: i fjor).")

    def handle(self, *args, **options):
        folder = Path(options["out"] or settings.OPEN_DATA_DIR)
        package = write_dump(folder, year=options["ar"])
        self.stdout.write(f"Åpne data: {len(package['resources'])} filer i {folder}.")
