"""Withdraw offered seats not accepted in time and offer them on, and remind those with a
seat two days before the run starts (run it every hour)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...services import expire_offers, send_reminders


class Command(BaseCommand):
    help = (
        "Trekk tilbake ledige plasser som ikke ble takket ja til i tide, og spør neste; "
        "send påminnelse to dager før gjennomføringen starter."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        expired = expire_offers(now)
        reminded = send_reminders(now)
        self.stdout.write(f"{expired} tilbud om plass gikk ut; {reminded} påminnelser sendt.")
