"""Logging in and out, two-factor authentication and password reset."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from . import oidc_views, services, twofactor
from .forms import LoginForm, TokenForm
from .invitation_pages import INVITATION_SESSION_KEY, accept, invalid, welcome
from .middleware import needs_second_factor


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = oidc_views.login_buttons(self.get_redirect_url())
        return context

    def get_success_url(self):
        url = super().get_success_url()
        if needs_second_factor(self.request.user):
            return f"{reverse_lazy('accounts:two-factor')}?next={url}"
        return url


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def two_factor(request):
    """Set up an authenticator app on first login, then ask for a code every login."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    confirming = not twofactor.has_device(user)
    device = twofactor.pending_device(user) if confirming else None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = twofactor.verify(user, form.cleaned_data["token"], confirming=confirming)
        if verified:
            otp_login(request, verified)
            if confirming:
                messages.success(request, _("Tofaktorinnlogging er satt opp."))
            return redirect(_next(request))
        form.add_error("token", _("Koden stemmer ikke. Prøv den neste koden appen viser."))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "confirming": confirming,
            "qr": mark_safe(twofactor.qr_svg(device)) if device else None,  # noqa: S308
            "secret": twofactor.display_key(device) if device else "",
            "next": _next(request),
        },
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


# Invitations.

AUTH_BACKEND = oidc_views.AUTH_BACKEND


@never_cache
def invitation(request, token: str):
    """Take an invitation: set a password (new users), log in, or use single sign-on."""
    try:
        invitation = services.find_invitation(token)
        existing = services.find_user(invitation.email)
    except services.AccessError as exc:
        return invalid(request, exc)
    here = reverse("accounts:invitation", args=[token])
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            return accept(request, invitation, request.user)
    elif existing is None:
        new_user = get_user_model()(username=invitation.email.lower(), email=invitation.email)
        form = SetPasswordForm(new_user, request.POST or None)
        # Plain text: the form's own help is a list, which cannot sit in the help paragraph.
        form.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():  # no user without the role, nor the other way
                    user = form.save()
                    _membership, created = services.accept(invitation, user)
            except services.AccessError as exc:
                return invalid(request, exc)
            login(request, user, backend=AUTH_BACKEND)
            return welcome(request, invitation, created)
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "existing": existing,
            "login_url": f"{reverse('accounts:login')}?next={here}",
            "sso_providers": oidc_views.login_buttons(here),
        },
    )
