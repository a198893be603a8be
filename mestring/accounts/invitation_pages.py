"""Taking an invitation: the last step, shared by the invitation page (views.py) and by a
single sign-on login that started on it (oidc_views.py)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .models import ORGANISATION_ROLES, Role

# The invitation a visitor opened (views.invitation), so that a single sign-on login can take it.
INVITATION_SESSION_KEY = "pending_invitation"


def landing_url(role: str) -> str:
    """Where a new member starts: «Mitt arbeid», or the front page for analysts."""
    if role in ORGANISATION_ROLES or role == Role.ADMINISTRATOR:
        return settings.LOGIN_REDIRECT_URL
    return "/"


def _welcome_message(request, invitation, created: bool) -> None:
    where = invitation.organisation.name if invitation.organisation_id else _("Mestring")
    role = invitation.get_role_display().lower()
    if created:
        message = _("Velkommen! Du er nå %(role)s for %(where)s.")
    else:
        message = _("Du var allerede %(role)s for %(where)s.")
    messages.success(request, message % {"role": role, "where": where})


def accept(request, invitation, user):
    """Take the invitation as `user` (logged in already, or by single sign-on just now)."""
    try:
        _membership, created = services.accept(invitation, user)
    except services.AccessError as exc:
        return invalid(request, exc)
    return welcome(request, invitation, created)


def invalid(request, problem):
    return render(request, "accounts/invitation_invalid.html", {"problem": problem}, status=410)


def welcome(request, invitation, created: bool):
    """The invitation is taken: say so, and go where the new role starts."""
    request.session.pop(INVITATION_SESSION_KEY, None)
    _welcome_message(request, invitation, created)
    return redirect(landing_url(invitation.role))
