"""`mestring send_reminders`: ask editors once a year to confirm their published offers."""

from argparse import ArgumentTypeError
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mestring.workspace import work


class Command(BaseCommand):
    help = (
        "Send e-post til redaktørene om publiserte tilbud som ikke er bekreftet på 12 måneder "
        "eller mer, høyst én gang i året per tilbud."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_parse_date, help=_("Dagens dato, ÅÅÅÅ-MM-DD."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Vis hva som ville blitt sendt.")
        )
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help=_("Adressen lenkene i e-posten begynner med, for eksempel https://mestring.no."),
        )

    def handle(self, *args, today, dry_run, base_url, **options):
        today = today or timezone.localdate()
        with translation.override("nb"):
            self._send(today, dry_run, base_url.rstrip("/"))

    def _send(self, today: date, dry_run: bool, base_url: str) -> None:
        offers = list(work.offers_due_reminder(today))
        editors = work.editors_by_offer(offers)
        by_editor: dict[int, tuple] = {}
        for offer in offers:
            if not editors[offer.pk]:
                self.stderr.write(
                    _("Ingen redaktør med e-post for «%(title)s» (%(id)s).")
                    % {"title": offer.title, "id": offer.external_id}
                )
            for user in editors[offer.pk]:
                by_editor.setdefault(user.pk, (user, []))[1].append(offer)
        for user, own in by_editor.values():
            if dry_run:
                self.stdout.write(f"{user.email}: " + ", ".join(o.external_id for o in own))
            else:
                _message(user, own, today, base_url).send()
        reminded = [offer for offer in offers if editors[offer.pk]]
        if not dry_run:
            work.record_reminders(reminded, today)
        summary = (
            _("Ville sendt %(mails)s e-poster om %(offers)s tilbud.")
            if dry_run
            else _("Sendte %(mails)s e-poster om %(offers)s tilbud.")
        )
        self.stdout.write(summary % {"mails": len(by_editor), "offers": len(reminded)})


def _message(user, offers, today: date, base_url: str) -> EmailMultiAlternatives:
    context = {
        "user": user,
        "offers": [
            (offer, base_url + reverse("workspace:run-list", args=[offer.external_id]))
            for offer in offers
        ],
        "dashboard_url": base_url + reverse("workspace:dashboard"),
        "today": today,
    }
    subject = render_to_string("workspace/email/reminder_subject.txt", context).strip()
    text = render_to_string("workspace/email/reminder.txt", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(
        render_to_string("workspace/email/reminder.html", context), "text/html"
    )
    return message


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(
            _("Ugyldig dato «%(value)s»; bruk ÅÅÅÅ-MM-DD.") % {"value": value}
        ) from None
