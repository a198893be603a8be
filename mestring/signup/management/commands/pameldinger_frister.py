"""Withdraw offered seats not accepted in time and offer them on (run it every hour)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...services import expire_offers


class Command(BaseCommand):
    help = "Trekk tilbake ledige plasser som ikke ble takket ja til i tide, og spør neste."

    def handle(self, *args, **options):
        expired = expire_offers(timezone.now())
        self.stdout.write(f"{expired} tilbud om plass gikk ut.")
