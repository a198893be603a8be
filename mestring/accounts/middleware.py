"""Administrators and analysts must finish two-factor login before they reach anything."""

from django.shortcuts import redirect
from django.urls import reverse

from .models import TWO_FACTOR_ROLES

# Paths a half-logged-in user may still reach: the two-factor pages, logging out, static
# files, the health check and the language switch.
OPEN_PREFIXES = ("/konto/", "/static/", "/helse", "/i18n/")
# Set to the user's id by a single sign-on login whose provider already asked for more than
# one factor (HelseID; ID-porten on level substantial or high), see oidc_views.py.
SSO_MULTI_FACTOR_SESSION_KEY = "sso_multi_factor_user"


def needs_second_factor(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(role__in=TWO_FACTOR_ROLES).exists()


def second_factor_done(request) -> bool:
    user = request.user
    return user.is_verified() or request.session.get(SSO_MULTI_FACTOR_SESSION_KEY) == str(user.pk)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(OPEN_PREFIXES)
            and needs_second_factor(user)
            and not second_factor_done(request)
        ):
            return redirect(f"{reverse('accounts:two-factor')}?next={request.get_full_path()}")
        return self.get_response(request)
