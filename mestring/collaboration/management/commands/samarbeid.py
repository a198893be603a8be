from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mestring.collaboration import exchange


class Command(BaseCommand):
    help = (
        "Eksporter eller importer helsefellesskap, samarbeidsavtaler, bekreftelser, "
        "koblinger til tilbud og gjennomføringer, og vurderinger i utvekslingsformatet."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("export", help="eksporter (JSON, CSV eller XLSX)")
        out.add_argument("--format", choices=exchange.FORMATS, required=True)
        out.add_argument("--out", required=True, help="fil, mappe eller .zip (CSV)")
        into = sub.add_parser("import", help="importer en fil, mappe eller .zip")
        into.add_argument("path")

    def handle(self, *args, **options):
        if options["action"] == "export":
            exchange.export(options["format"], Path(options["out"]))
            return
        try:
            counts = exchange.import_file(Path(options["path"]))
        except exchange.ImportFailed as failed:
            raise CommandError(
                "Ingenting er lagret. Rett dette:\n" + "\n".join(str(i) for i in failed.issues)
            ) from failed
        if options["verbosity"]:
            for name, count in counts.items():
                self.stdout.write(f"{name}: {count}")
