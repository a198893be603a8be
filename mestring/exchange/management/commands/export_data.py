"""`mestring export --format json|csv|xlsx --out PATH`: everything in the exchange format."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mestring.exchange.exporters.core import FORMATS, export_data
from mestring.exchange.exporters.tabular import ExportError


class _Unterminated:
    """Lets the JSON writer use the command's stdout without extra line endings."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = "Eksporter alle tilbydere, tilbud, gjennomføringer, samlinger og all aktivitet."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
        parser.add_argument(
            "--out",
            required=True,
            help=_("Filen eller mappen det skal skrives til; «-» er standard ut (bare JSON)."),
        )

    def handle(self, *args, fmt, out, **options):
        if out == "-":
            if fmt != "json":
                raise CommandError(_("Bare JSON kan skrives til standard ut."))
            export_data(fmt, _Unterminated(self.stdout))
            return
        try:
            export_data(fmt, out)
        except ExportError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(_("Eksportert til %(path)s.") % {"path": out})
