from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mestring.demo import generator, writer


class Command(BaseCommand):
    help = (
        "Lager et realistisk og reproduserbart demodatasett: LMS under de ekte helseforetakene, "
        "frisklivssentraler i ekte kommuner, brukerorganisasjoner, tilbud, gjennomføringer de "
        "siste tre årene og de neste seks månedene, samlinger og oppmøte. Samme --seed og "
        "--today gir samme data. Finnes det tilbud fra før, stopper kommandoen, med mindre "
        "--replace (slett først) eller --if-empty (gjør ingenting) er gitt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(generator.SCALES),
            default="demo",
            help="mini ≈ 30 tilbud (tester), demo ≈ 900 tilbud (standard), "
            "national ≥ 50 000 tilbud og 5 millioner oppmøteregistreringer (ytelsesmålinger).",
        )
        parser.add_argument("--seed", type=int, default=2012, help="Frø for tilfeldighetene.")
        parser.add_argument("--today", help="Dagen dataene regnes fra (ÅÅÅÅ-MM-DD); i dag ellers.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Slett tilbud, gjennomføringer, oppmøte og tilbydere først "
            "(ikke helseforetakene fra referansedataene).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Gjør ingenting når det allerede finnes tilbud."
        )

    def handle(self, *args, **options):
        today = self._today(options["today"])
        if writer.has_catalogue_data():
            if options["if_empty"]:
                self.stdout.write("Det finnes allerede tilbud; demodata ble ikke laget.")
                return
            if not options["replace"]:
                raise CommandError(
                    "Databasen har allerede tilbud. Bruk --replace for å slette dem og lage "
                    "demodata på nytt, eller --if-empty for å la dem stå."
                )
            writer.wipe_catalogue()
        totals = writer.write_demo(options["seed"], options["scale"], today, self.stderr._out)
        writer.vacuum()
        self.stdout.write(
            f"Demodata ({options['scale']}): {totals['providers']} tilbydere, "
            f"{totals['offers']} tilbud, {totals['runs']} gjennomføringer, "
            f"{totals['sessions']} samlinger, {totals['attendance']} oppmøteregistreringer."
        )

    @staticmethod
    def _today(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--today må være en dato som 2026-11-22, ikke «{value}».") from exc
