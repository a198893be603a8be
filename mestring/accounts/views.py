"""Logging in and out, two-factor authentication and password reset."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from . import oidc_views, twofactor
from .forms import LoginForm, TokenForm
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
            "secret": device.key if device else "",
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
