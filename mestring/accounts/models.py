"""Users' roles, each tied to an organisation where the role is about one provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mestring.catalogue.models import Organisation


class Role(models.TextChoices):
    EDITOR = "redaktor", _("Redaktør")
    READER = "leser", _("Leser")
    ANALYST = "analytiker", _("Analytiker")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that belong to one organisation (and the organisations under it).
ORGANISATION_ROLES = frozenset({Role.EDITOR, Role.READER})
# Roles that must log in with a second factor.
TWO_FACTOR_ROLES = frozenset({Role.ANALYST, Role.ADMINISTRATOR})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("bruker"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("tilbyder"),
        help_text=_("Påkrevd for redaktør og leser; tomt for analytiker og administrator."),
    )

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["redaktor", "leser"], organisation__isnull=False)
                    | models.Q(role__in=["analytiker", "administrator"], organisation__isnull=True)
                ),
                name="membership_organisation_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = f" – {self.organisation}" if self.organisation_id else ""
        return f"{self.user} ({self.get_role_display()}{where})"


class IdentityProvider(models.TextChoices):
    HELSEID = "helseid", "HelseID"
    IDPORTEN = "idporten", "ID-porten"


class ExternalIdentity(models.Model):
    """A user's login at an OpenID Connect provider, linked by an administrator (docs/sso.md).

    Only the provider's `sub` is kept: pairwise and pseudonymous, never a fødselsnummer.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("bruker"),
    )
    provider = models.CharField(
        _("innloggingstjeneste"), max_length=20, choices=IdentityProvider.choices
    )
    subject = models.CharField(
        _("identifikator"),
        max_length=255,
        help_text=_(
            "Verdien brukeren får oppgitt når innloggingen ikke er koblet til en bruker "
            "(sub fra innloggingstjenesten). Aldri fødselsnummer."
        ),
    )
    created_at = models.DateTimeField(_("koblet"), auto_now_add=True)

    class Meta:
        verbose_name = _("ekstern identitet")
        verbose_name_plural = _("eksterne identiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="external_identity_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_provider_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        from mestring.core.privacy import contains_national_id_number

        if contains_national_id_number(self.subject):
            raise ValidationError({"subject": _("Identifikatoren kan ikke være et fødselsnummer.")})


class Invitation(models.Model):
    """An invitation by e-mail to take a role at a provider.

    Only a SHA-256 hash of the link's token is stored; the link works once, until it expires.
    """

    email = models.EmailField(_("e-postadresse"))
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("tilbyder"),
        help_text=_("Påkrevd for redaktør og leser; tomt for analytiker og administrator."),
    )
    token_hash = models.CharField(_("sjekksum for lenken"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitert av"),
    )
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gyldig til"))
    accepted_at = models.DateTimeField(_("tatt imot"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tatt imot av"),
    )

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["redaktor", "leser"], organisation__isnull=False)
                    | models.Q(role__in=["analytiker", "administrator"], organisation__isnull=True)
                ),
                name="invitation_organisation_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = f" – {self.organisation}" if self.organisation_id else ""
        return f"{self.email} ({self.get_role_display()}{where})"
