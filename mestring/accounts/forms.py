from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Feil brukernavn eller passord. Etter flere feil forsøk stenges kontoen en stund."
        ),
        "inactive": _("Kontoen er ikke aktiv."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Engangskode"),
        max_length=10,
        help_text=_("Sekssifret kode fra autentiseringsappen din."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
