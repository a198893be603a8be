"""`mestring rapport kartlegging|aktivitet|dekning|npr|kostra …` (core dataset §9)."""

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from mestring.statistics.filters import PARAMETERS, parse_filter
from mestring.statistics.render import FORMATS, render
from mestring.statistics.service import REPORTS, STEPS, build_report

EXTRACTS = ("npr", "kostra")


class Command(BaseCommand):
    help = (
        "Lag en rapport for en periode: kartlegging, aktivitet, dekning, brukermedvirkning, "
        "npr eller kostra."
    )

    def add_arguments(self, parser):
        parser.add_argument("rapport", choices=[*REPORTS, *EXTRACTS])
        # The report parameters, from their one declaration (statistics/filters.py).
        for parameter in PARAMETERS:
            description = str(parameter.description)
            if parameter.kind == "date":
                parser.add_argument(f"--{parameter.name}", required=True, help=description)
            elif parameter.kind == "one":
                parser.add_argument(f"--{parameter.name}", default="", help=description)
            else:
                allowed = f" Koder: {', '.join(parameter.codes.values)}." if parameter.codes else ""
                parser.add_argument(
                    f"--{parameter.name}",
                    default="",
                    help=f"{description} Kommaseparert.{allowed}",
                )
        parser.add_argument("--inndeling", choices=STEPS, default="maned")
        parser.add_argument("--format", choices=list(FORMATS), default="json")
        parser.add_argument("--out", default="", help="Fil å skrive til (ellers standard ut).")
        parser.add_argument(
            "--eksakt",
            action="store_true",
            help="Vis eksakte tall, også under prikkegrensen (bare til intern bruk).",
        )

    def handle(self, *args, **options):
        name = options["rapport"]
        if name in EXTRACTS:
            data = self._extract(name, options)
        else:
            data = self._report(name, options)
        if options["out"]:
            with open(options["out"], "wb") as stream:
                stream.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    def _report(self, name: str, options) -> bytes:
        def get_list(key: str) -> list[str]:
            value = options.get(key) or ""
            return [value] if value else []

        report_filter, errors = parse_filter(get_list)
        if errors or report_filter is None:
            raise CommandError("\n".join(f"{e['felt']}: {e['melding']}" for e in errors))
        report = build_report(
            name, report_filter, exact=options["eksakt"], step=options["inndeling"]
        )
        return render(report, options["format"])

    def _extract(self, name: str, options) -> bytes:
        from mestring.statistics.extracts import extract_csv

        if not options["organisasjon"]:
            raise CommandError("--organisasjon må fylles ut for registeruttrekk.")
        try:
            fra, til = date.fromisoformat(options["fra"]), date.fromisoformat(options["til"])
            return extract_csv(name, options["organisasjon"], fra, til)
        except ValueError as error:
            raise CommandError(f"fra/til: {error}") from error
