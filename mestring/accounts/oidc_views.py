"""Single sign-on: send the browser to the provider, and log the user in when it returns."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import oidc, rules, services
from .invitation_pages import INVITATION_SESSION_KEY, accept
from .middleware import SSO_MULTI_FACTOR_SESSION_KEY
from .models import ExternalIdentity, Invitation

# What the callback needs to check the provider's answer: state, nonce, PKCE verifier, next.
PENDING_SESSION_KEY = "sso_pending"
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"

logger = logging.getLogger(__name__)


def login_buttons(next_url: str) -> list[dict]:
    """One button per configured provider, for the login page."""
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return [
        {
            "url": reverse("accounts:sso-start", args=[provider.name]) + query,
            "label": _("Logg inn med %(provider)s") % {"provider": provider.display_name},
        }
        for provider in oidc.configured()
    ]


@require_GET
@never_cache
def start(request, provider):
    provider = _provider_or_404(provider)
    redirect_uri = request.build_absolute_uri(
        reverse("accounts:sso-callback", args=[provider.name])
    )
    try:
        url, pending = oidc.authorization_request(provider, redirect_uri)
    except oidc.LoginError as exc:
        return _refuse(request, provider, exc)
    pending["next"] = _safe_next(request, request.GET.get("next", ""))
    request.session[PENDING_SESSION_KEY] = pending
    return redirect(url)


@require_GET
@never_cache
def callback(request, provider):
    provider = _provider_or_404(provider)
    # Single use: a second callback with the same state finds nothing to match.
    pending = request.session.pop(PENDING_SESSION_KEY, None)
    try:
        claims = oidc.complete(provider, pending, request.GET)
    except oidc.LoginError as exc:
        return _refuse(request, provider, exc)
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider.name, subject=claims["sub"])
        .first()
    )
    invitation = _pending_invitation(request)
    if invitation is not None and identity is None:
        identity = _link_invited(invitation, provider, claims["sub"])
    if identity is None or not identity.user.is_active:
        logger.info("SSO login through %s: identity not linked to an active user", provider.name)
        messages.error(
            request,
            _(
                "Du er logget inn hos %(provider)s, men identiteten din er ikke koblet til en "
                "bruker i Mestring. Be en administrator om å koble den til brukeren din, og "
                "oppgi identifikatoren %(subject)s."
            )
            % {"provider": provider.display_name, "subject": claims["sub"]},
        )
        return redirect("accounts:login")
    user = identity.user
    # login() gives the session a new key, and empties it if another user was logged in.
    login(request, user, backend=AUTH_BACKEND)
    if oidc.is_multi_factor(provider, claims):
        request.session[SSO_MULTI_FACTOR_SESSION_KEY] = str(user.pk)
    logger.info("SSO login through %s: user %s", provider.name, user.pk)
    if invitation is not None:
        return accept(request, invitation, user)
    return redirect(_safe_next(request, pending["next"]) or settings.LOGIN_REDIRECT_URL)


def _pending_invitation(request):
    """The still usable invitation this browser opened before going to the provider."""
    pk = request.session.get(INVITATION_SESSION_KEY)
    invitation = Invitation.objects.filter(pk=pk).select_related("organisation").first()
    if invitation is None or rules.invitation_problem(
        expires_at=invitation.expires_at, accepted_at=invitation.accepted_at, now=timezone.now()
    ):
        return None
    return invitation


@transaction.atomic
def _link_invited(invitation, provider: oidc.Provider, subject: str):
    """Someone who opened an invitation link signs in with a provider for the first time:
    the login is linked to the invited address's user (made now if there is none)."""
    try:
        user = services.find_user(invitation.email)
    except services.AccessError:
        return None
    if user is None:
        user = services.create_invited_user(invitation, password=None)
    logger.info("SSO login through %s linked to user %s by invitation", provider.name, user.pk)
    return ExternalIdentity.objects.create(user=user, provider=provider.name, subject=subject)


def _provider_or_404(name: str) -> oidc.Provider:
    provider = oidc.get(name)
    if provider is None:
        raise Http404
    return provider


def _refuse(request, provider: oidc.Provider, exc: oidc.LoginError):
    logger.warning("SSO login through %s refused: %s", provider.name, exc)
    messages.error(request, exc.user_message)
    return redirect("accounts:login")


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""
