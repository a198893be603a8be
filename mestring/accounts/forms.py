from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from mestring.catalogue.models import Organisation

from . import rules, services
from .models import Role


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


class InvitationForm(forms.Form):
    """E-mail, role and provider for an invitation; checked by the same rules as the CLI."""

    email = forms.EmailField(
        label=_("E-postadresse"),
        help_text=_("Invitasjonen sendes hit. Personen logger inn med denne adressen."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=Role.choices,
        initial=Role.EDITOR,
        widget=forms.RadioSelect,
        help_text=_(
            "Redaktører registrerer og endrer tilbud, gjennomføringer og oppmøte. Lesere ser "
            "det samme uten å kunne endre. Analytikere og administratorer gjelder hele landet."
        ),
    )
    organisation = forms.ModelChoiceField(
        label=_("Tilbyder"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Velg tilbyder"),
        help_text=_("Påkrevd for redaktør og leser; tomt for analytiker og administrator."),
    )

    def clean(self):
        cleaned = super().clean()
        role, organisation = cleaned.get("role"), cleaned.get("organisation")
        if role and "organisation" not in self.errors:
            if message := rules.role_problem(role, organisation is not None):
                self.add_error("organisation", message)
        email = cleaned.get("email")
        if email and role and not self.errors:
            try:
                if services.already_member(email, role, organisation):
                    self.add_error(
                        "email", _("%(email)s har allerede denne rollen.") % {"email": email}
                    )
            except services.AccessError as exc:
                self.add_error("email", str(exc))
        return cleaned
