"""`mestring import FILE [FILE ...]`: the core dataset's import (§7, §9)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mestring.exchange.importer import ImportFailed, import_files
from mestring.exchange.limits import UNLIMITED, Limits
from mestring.exchange.revisions import import_with_history


class Command(BaseCommand):
    help = (
        "Importer tilbydere, tilbud, gjennomføringer og aktivitet fra en JSON-fil, CSV-filer "
        "(filer, en mappe eller en .zip) eller en XLSX-arbeidsbok. Alt eller ingenting lagres."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FIL")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Kontroller og tell endringene uten å lagre noe."),
        )
        parser.add_argument(
            "--maks-rader",
            type=int,
            metavar="N",
            help=_("Tillat opptil N rader per liste (standard: IMPORT_MAX_ROWS)."),
        )
        parser.add_argument(
            "--uten-grenser",
            action="store_true",
            help=_(
                "Ingen grenser for størrelse, rader, kolonner, celler og nesting. Bare for "
                "filer du stoler på, som nasjonale uttrekk."
            ),
        )

    def handle(self, *args, files, dry_run, verbosity, maks_rader, uten_grenser, **options):
        stream = sys.stderr if verbosity > 1 else None
        limits = UNLIMITED if uten_grenser else Limits.from_settings()
        if maks_rader is not None:
            if maks_rader < 1:
                raise CommandError(_("--maks-rader må være et positivt tall."))
            limits = limits.with_rows(maks_rader)
        try:
            if dry_run:
                result = import_files(files, dry_run=True, stream=stream, limits=limits)
            else:
                result = import_with_history(files, stream=stream, limits=limits)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            self._warn(failure.warnings)
            raise CommandError(str(failure)) from None
        self._warn(result.warnings)
        for line in result.summary():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Prøvekjøring: ingenting ble lagret."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Importen er lagret.")))

    def _warn(self, warnings):
        for warning in warnings:
            self.stderr.write(_("Advarsel: %(warning)s") % {"warning": warning})
