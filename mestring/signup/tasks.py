"""E-mails about a sign-up, sent by the task queue (django-tasks) so a slow mail server
never slows a page. The task gets the sign-up's id and the private link's token, never
the person's name or address: the worker reads those from the sign-up, and does nothing
if they have been deleted in the meantime."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from mestring.catalogue.ics import run_calendar

from .models import SignUp, Status

SUBJECTS = {
    Status.CONFIRMED: _("Du er påmeldt: %(title)s"),
    Status.WAITING: _("Du står på venteliste: %(title)s"),
    Status.OFFERED: _("Ledig plass til deg: %(title)s"),
    "allerede": _("Du er allerede påmeldt: %(title)s"),
    "paminnelse": _("Påminnelse: %(title)s"),
}


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@task()
def send_signup_email(signup_id: int, token: str, kind: str) -> bool:
    signup = (
        SignUp.objects.select_related("run__offer__responsible", "run__municipality")
        .filter(pk=signup_id, personal_data_deleted_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if signup is None:
        return False
    with translation.override("nb"):
        message = build_message(signup, token, kind)
    message.send()
    return True


def build_message(signup: SignUp, token: str, kind: str) -> EmailMultiAlternatives:
    run, offer = signup.run, signup.run.offer
    offer_url = site_url(reverse("catalogue:offer-detail", args=[offer.external_id]))
    context = {
        "signup": signup,
        "run": run,
        "offer": offer,
        "kind": kind,
        "private_url": site_url(reverse("signup:private", args=[token])) if token else "",
        "offer_url": offer_url,
        "sessions": list(run.sessions.order_by("start")),
    }
    body = render_to_string("signup/email/signup.txt", context)
    subject = str(SUBJECTS[kind]) % {"title": offer.title}
    message = EmailMultiAlternatives(subject, body, to=[signup.email])
    if kind == Status.CONFIRMED:
        calendar = run_calendar(
            offer,
            run,
            context["sessions"],
            offer_url,
            uid_domain=settings.SITE_URL.split("//")[-1].split(":")[0].split("/")[0],
            stamp=timezone.now(),
        )
        message.attach("kalender.ics", calendar, "text/calendar")
    return message
