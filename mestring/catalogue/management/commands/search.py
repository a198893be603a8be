"""`mestring search reindex|kontroller|oppdater`: the search index's upkeep."""

from django.core.management.base import BaseCommand, CommandError

from mestring.catalogue.models import Offer
from mestring.catalogue.search import facets, index
from mestring.core.progress import progress


class Command(BaseCommand):
    help = (
        "Søkeindeksen: «reindex» bygger den på nytt, «kontroller» sammenligner den med "
        "katalogen, «oppdater» fornyer tilbud der neste gjennomføring har startet (daglig)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reindex", "kontroller", "oppdater"])

    def handle(self, *args, action, **options):
        if action == "reindex":
            total = Offer.objects.published().count()
            with progress("Søkeindeks", total, self.stderr._out) as bar:
                written = index.rebuild(progress=bar.update)
            facets.warm_facets()
            self.stdout.write(f"Indekserte {written} publiserte tilbud.")
        elif action == "oppdater":
            written = index.refresh_stale()
            self.stdout.write(f"Oppdaterte {written} tilbud.")
        else:
            found = index.drift()
            problems = sum(len(ids) for ids in found.values())
            labels = {
                "mangler": "mangler i indeksen",
                "overflodig": "er i indeksen uten å være publisert",
                "ulik": "er ulik en ny indeksering",
                "ordlister": "står feil i ordlistene (PostgreSQL)",
            }
            for key, ids in found.items():
                if ids:
                    shown = ", ".join(str(pk) for pk in ids[:20])
                    self.stdout.write(f"{len(ids)} tilbud {labels[key]}: {shown}")
            if problems:
                raise CommandError("Søkeindeksen avviker. Kjør «mestring search reindex».")
            self.stdout.write("Søkeindeksen stemmer med katalogen.")
