"""`mestring refdata load`: the reference data (refdata/loader.py), then the regional health
authorities and hospital trusts as providers (catalogue/services.py). It lives with the
catalogue because it writes both rooms' tables; the reference data room knows nothing above it.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mestring.catalogue.services import sync_health_trust_providers
from mestring.core.progress import progress
from mestring.refdata.loader import count_rows, load_refdata


class Command(BaseCommand):
    help = (
        "Laster referansedata (fylker, kommuner, folketall, helseregioner, helseforetak og "
        "opptaksområder) fra filene i repositoriet. Kan kjøres flere ganger; uendrede data "
        "endres ikke, og kommuner som har opphørt beholdes som avsluttet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="Mappe med CSV-filene.")

    def handle(self, *args, **options):
        directory = options["dir"] or Path(settings.REFDATA_DIR)
        if not (directory / "kommuner.csv").exists():
            raise CommandError(f"Fant ikke referansedata i {directory}.")
        if options["verbosity"] == 0:
            report = load_refdata(directory)
        else:
            with progress("Referansedata", count_rows(directory), self.stderr._out) as bar:
                report = load_refdata(directory, progress=bar)
        providers = sync_health_trust_providers()
        if options["verbosity"] == 0:
            return
        if not report.changed and not providers:
            self.stdout.write("Referansedata er allerede oppdatert; ingenting ble endret.")
            return
        for kind, label in (("created", "nye"), ("updated", "endret"), ("ended", "avsluttet")):
            for model, count in sorted(getattr(report, kind).items()):
                self.stdout.write(f"{model}: {count} {label}")
        if providers:
            self.stdout.write(f"tilbydere (RHF/HF): {providers} nye eller endret")
