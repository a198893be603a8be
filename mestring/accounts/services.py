"""Giving and taking roles, and invitations by e-mail: each write in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mestring.catalogue.models import Organisation

from . import rules
from .models import Invitation, Membership


class AccessError(Exception):
    """A request about roles that cannot be carried out; the message is for the user."""


def find_user(email: str):
    """The one user with this e-mail address (or this address as user name), or None."""
    email = email.strip()
    users = get_user_model().objects.filter(email__iexact=email)
    found = list(users[:2]) or list(get_user_model().objects.filter(username__iexact=email)[:2])
    if len(found) > 1:
        raise AccessError(
            _("Flere brukere har e-postadressen «%(email)s». Gi rollen i administrasjonen.")
            % {"email": email}
        )
    return found[0] if found else None


def find_organisation(key: str) -> Organisation:
    """A provider by its id, organisation number or exact name."""
    key = key.strip()
    for lookup in ({"external_id": key}, {"orgnr": key}, {"name__iexact": key}):
        found = list(Organisation.objects.filter(**lookup)[:2]) if key else []
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise AccessError(
                _("Flere tilbydere heter «%(key)s». Bruk tilbyderens id eller organisasjonsnummer.")
                % {"key": key}
            )
    raise AccessError(
        _("Fant ingen tilbyder «%(key)s». Bruk tilbyderens id, organisasjonsnummer eller navn.")
        % {"key": key}
    )


def check_role(role: str, organisation: Organisation | None) -> None:
    if message := rules.role_problem(role, organisation is not None):
        raise AccessError(message)


@transaction.atomic
def grant(user, role: str, organisation: Organisation | None) -> tuple[Membership, bool]:
    """Give `user` the role; (membership, False) when the user already had it."""
    check_role(role, organisation)
    return Membership.objects.get_or_create(user=user, role=role, organisation=organisation)


@transaction.atomic
def revoke(user, role: str, organisation: Organisation | None) -> None:
    check_role(role, organisation)
    membership = Membership.objects.filter(user=user, role=role, organisation=organisation).first()
    if membership is None:
        raise AccessError(_("Brukeren har ikke denne rollen."))
    membership.delete()  # one by one, so the admin signal closes the admin again


# Invitations.


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # only ever in the e-mail; the database keeps its hash

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + reverse("accounts:invitation", args=[self.token])


def already_member(email: str, role: str, organisation: Organisation | None) -> bool:
    user = find_user(email)
    return (
        user is not None
        and Membership.objects.filter(user=user, role=role, organisation=organisation).exists()
    )


@transaction.atomic
def invite(email: str, role: str, organisation: Organisation | None, invited_by=None):
    email = email.strip()
    check_role(role, organisation)
    if already_member(email, role, organisation):
        raise AccessError(
            _("%(email)s har allerede denne rollen. Det trengs ingen invitasjon.")
            % {"email": email}
        )
    token = rules.new_token()
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        organisation=organisation,
        token_hash=rules.hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + rules.INVITATION_VALID_FOR,
    )
    return NewInvitation(invitation, token)


def send_invitation(new: NewInvitation, base_url: str | None = None) -> None:
    invitation = new.invitation
    context = {
        "invitation": invitation,
        "url": new.url(base_url or settings.SITE_URL),
        "role": invitation.get_role_display(),
        "organisation": invitation.organisation,
        "inviter": invitation.invited_by,
        "expires": timezone.localtime(invitation.expires_at),
    }
    with translation.override("nb"):
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def find_invitation(token: str) -> Invitation:
    """The usable invitation for a token from a link; AccessError says why not."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=rules.hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise AccessError(
            _("Invitasjonslenken er ugyldig. Sjekk at du har med hele lenken fra e-posten.")
        )
    problem = rules.invitation_problem(
        expires_at=invitation.expires_at, accepted_at=invitation.accepted_at, now=timezone.now()
    )
    if problem:
        raise AccessError(problem)
    return invitation


@transaction.atomic
def accept(invitation: Invitation, user) -> tuple[Membership, bool]:
    """Give `user` the invited role and use the invitation up (a second call fails)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = rules.invitation_problem(
        expires_at=locked.expires_at, accepted_at=locked.accepted_at, now=timezone.now()
    )
    if problem:
        raise AccessError(problem)
    locked.accepted_at, locked.accepted_by = timezone.now(), user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user
    return grant(user, locked.role, locked.organisation)


@transaction.atomic
def create_invited_user(invitation: Invitation, password: str | None):
    """A new user for the invited address (the address is the user name). Without a
    password the user can only sign in with single sign-on or reset it."""
    User = get_user_model()
    user = User(username=invitation.email.lower(), email=invitation.email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user
