from django.core.management.base import BaseCommand

from mestring.collaboration.communities import load_health_communities


class Command(BaseCommand):
    help = (
        "Oppretter ett helsefellesskap per helseforetak med opptaksområde, med kommunene i "
        "opptaksområdet. Kan kjøres flere ganger; eksisterende helsefellesskap endres ikke."
    )

    def handle(self, *args, **options):
        created = load_health_communities()
        if options["verbosity"]:
            self.stdout.write(f"Opprettet {created} helsefellesskap.")
