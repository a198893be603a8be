"""Delete the personal data of sign-ups to runs that ended long enough ago (run it daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ...services import delete_expired_personal_data, prune_sent_emails


class Command(BaseCommand):
    help = (
        "Slett navn og kontaktinformasjon i påmeldinger til gjennomføringer som sluttet for "
        "mer enn SIGNUP_RETENTION_DAYS dager siden. Bare antall blir igjen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dager",
            type=int,
            default=settings.SIGNUP_RETENTION_DAYS,
            help="dager etter gjennomføringens siste dag (standard: SIGNUP_RETENTION_DAYS)",
        )

    def handle(self, *args, dager: int, **options):
        now = timezone.now()
        deleted = delete_expired_personal_data(timezone.localdate(now), dager, now)
        pruned = prune_sent_emails()
        total = sum(deleted.values())
        self.stdout.write(
            f"Slettet personopplysninger i {total} påmeldinger til {len(deleted)} "
            f"gjennomføringer; {pruned} sendte e-postoppgaver ryddet."
        )
