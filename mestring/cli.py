"""The `mestring` command: the core dataset's CLI (§9) on top of Django's management commands.

`mestring import|export|refdata load|demo` map onto this project's commands; anything else
(`migrate`, `runserver`, `createsuperuser`, …) is passed to Django as `manage.py` would.
"""

import os
import sys

ALIASES = {
    "import": ["import_data"],
    "export": ["export_data"],
    "demo": ["demo"],
}
USAGE = """Bruk: mestring KOMMANDO [valg]

Kommandoer:
  import FIL [FIL ...]                     importer JSON, CSV-filer eller en XLSX-arbeidsbok
  export --format json|csv|xlsx --out STI  eksporter alle data i utvekslingsformatet
  refdata load                             last referansedata (kommuner, fylker, helseforetak)
  demo [--scale mini|demo|national]        lag demodata
  kvalitet [FIL ...]                       kontroller at tilbudene henger sammen (databasen
                                           eller filer) og list hva hver tilbyder bør rette
  rapport kartlegging|aktivitet|dekning|brukermedvirkning --fra DATO --til DATO [--fagfelt a,b]
          [--region r] [--format json|csv|xlsx|html|pdf] [--out STI]
                                           lag en rapport (personer under 5 prikkes)
  rapport npr|kostra --organisasjon ID --fra DATO --til DATO --out STI
                                           registeruttrekk for en tilbyder
  tilgang gi|fjern|inviter --epost E [--tilbyder T] --rolle ROLLE
                                           gi eller fjern en rolle, eller inviter på e-post
                                           (redaktor, leser, analytiker, administrator)
  tilgang vis [--epost E] [--tilbyder T]   vis rollene til en bruker eller tilbyder
  search reindex|kontroller|oppdater       bygg søkeindeksen på nytt, sjekk den mot katalogen,
                                           eller forny neste datoer (daglig)
  sikkerhetskopi lag --out FIL | gjenopprett FIL
                                           sikkerhetskopi av databasen, mens den er i bruk
  planlagt JOBB | --liste | --cron         kjør en planlagt jobb (aldri to samtidig)
  statistikk kontroller [--reparer] | bygg kontroller eller bygg summene per gjennomføring
  migrate, runserver, createsuperuser …    Djangos egne kommandoer

Skriv «mestring KOMMANDO --help» for valgene til en kommando.
"""


def translate(argv: list[str]) -> list[str]:
    """Map the core dataset's command names onto management command names."""
    if not argv:
        return argv
    command, rest = argv[0], argv[1:]
    if command == "refdata":
        if rest[:1] == ["load"]:
            return ["load_refdata", *rest[1:]]
        return ["load_refdata", "--help"] if not rest else argv
    if command in ALIASES:
        return [*ALIASES[command], *rest]
    return argv


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mestring", *translate(argv)])


if __name__ == "__main__":
    main()
