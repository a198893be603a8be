from django.core.management.base import BaseCommand

from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.equity import load_immigrant_population
from mestring.collaboration.pathways import load_pathways


class Command(BaseCommand):
    help = (
        "Laster samarbeidsrommets referansedata: de 19 helsefellesskapene (eksisterende "
        "endres ikke), de nasjonale pasientforløpene og innvandrerbefolkningen per fylke. "
        "Kan kjøres flere ganger."
    )

    def handle(self, *args, **options):
        created = load_health_communities()
        pathways = load_pathways()
        counties = load_immigrant_population()
        if options["verbosity"]:
            self.stdout.write(
                f"Opprettet {created} helsefellesskap; {pathways} pasientforløp nye eller "
                f"endret; innvandrerbefolkning for {counties} fylker."
            )
