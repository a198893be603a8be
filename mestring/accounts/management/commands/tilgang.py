"""`mestring tilgang gi|fjern|vis|inviter`: roles at providers from the command line."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mestring.accounts import services
from mestring.accounts.models import Membership, Role


class Command(BaseCommand):
    help = _("Gi, fjern, vis eller inviter til roller hos tilbydere.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="gi|fjern|vis|inviter"
        )
        for name, text in (
            ("gi", _("gi en bruker en rolle")),
            ("fjern", _("ta en rolle fra en bruker")),
            ("inviter", _("send en invitasjon på e-post")),
        ):
            action = actions.add_parser(name, help=text)
            action.add_argument("--epost", required=True, help=_("brukerens e-postadresse"))
            action.add_argument(
                "--tilbyder",
                help=_(
                    "tilbyderens id, organisasjonsnummer eller navn "
                    "(ikke for analytiker og administrator)"
                ),
            )
            action.add_argument(
                "--rolle",
                required=True,
                help=_("en av: %(roles)s") % {"roles": ", ".join(Role.values)},
            )
        show = actions.add_parser("vis", help=_("vis rollene til en bruker eller en tilbyder"))
        show.add_argument("--epost", help=_("brukerens e-postadresse"))
        show.add_argument("--tilbyder", help=_("tilbyderens id, organisasjonsnummer eller navn"))

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except services.AccessError as exc:
            raise CommandError(str(exc)) from exc

    def _target(self, epost, tilbyder, rolle):
        organisation = services.find_organisation(tilbyder) if tilbyder else None
        services.check_role(rolle, organisation)
        user = services.find_user(epost)
        return user, organisation

    def _user(self, epost, tilbyder, rolle):
        user, organisation = self._target(epost, tilbyder, rolle)
        if user is None:
            raise CommandError(
                _(
                    "Fant ingen bruker med e-postadressen «%(email)s». Send en invitasjon med "
                    "«mestring tilgang inviter», eller lag brukeren først."
                )
                % {"email": epost}
            )
        return user, organisation

    def _gi(self, epost, tilbyder, rolle, **options):
        user, organisation = self._user(epost, tilbyder, rolle)
        membership, created = services.grant(user, rolle, organisation)
        if created:
            self.stdout.write(_("Ga rollen: %(membership)s") % {"membership": membership})
        else:
            self.stdout.write(
                _("Hadde rollen fra før: %(membership)s") % {"membership": membership}
            )

    def _fjern(self, epost, tilbyder, rolle, **options):
        user, organisation = self._user(epost, tilbyder, rolle)
        services.revoke(user, rolle, organisation)
        self.stdout.write(_("Fjernet rollen."))

    def _inviter(self, epost, tilbyder, rolle, **options):
        organisation = services.find_organisation(tilbyder) if tilbyder else None
        new = services.invite(epost, rolle, organisation)
        services.send_invitation(new)
        self.stdout.write(
            _("Sendte invitasjon til %(email)s, gyldig til %(day)s.")
            % {"email": epost, "day": f"{new.invitation.expires_at:%d.%m.%Y}"}
        )

    def _vis(self, epost=None, tilbyder=None, **options):
        memberships = Membership.objects.select_related("user", "organisation").order_by(
            "organisation__name", "user__email", "role"
        )
        if epost:
            user = services.find_user(epost)
            if user is None:
                raise CommandError(
                    _("Fant ingen bruker med e-postadressen «%(email)s».") % {"email": epost}
                )
            memberships = memberships.filter(user=user)
        if tilbyder:
            memberships = memberships.filter(organisation=services.find_organisation(tilbyder))
        found = list(memberships)
        if not found:
            self.stdout.write(_("Ingen roller."))
        for membership in found:
            where = membership.organisation.name if membership.organisation_id else "–"
            self.stdout.write(
                f"{membership.user.email or membership.user.get_username()}\t"
                f"{membership.role}\t{where}"
            )
