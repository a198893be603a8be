from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from mestring.catalogue.admin import OrganisationAdmin
from mestring.catalogue.models import Organisation

from .models import ExternalIdentity, Invitation, Membership


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Administrators link a user's HelseID or ID-porten login here (docs/sso.md)."""

    list_display = ["user", "provider", "subject", "created_at"]
    list_filter = ["provider"]
    search_fields = ["user__username", "user__email", "subject"]
    autocomplete_fields = ["user"]


class MembershipInline(admin.TabularInline):
    """A user's roles, on the user's page and on the provider's."""

    model = Membership
    extra = 1
    fields = ["user", "role", "organisation"]
    autocomplete_fields = ["user", "organisation"]


class UserMembershipInline(MembershipInline):
    fields = ["role", "organisation"]
    autocomplete_fields = ["organisation"]


class OrganisationMembershipInline(MembershipInline):
    fields = ["user", "role"]
    autocomplete_fields = ["user"]


class OrganisationWithPeopleAdmin(OrganisationAdmin):
    """The catalogue's provider page, with the provider's people and their roles: the roles
    live here, above the catalogue, so this room adds them to the catalogue's page."""

    inlines = [*OrganisationAdmin.inlines, OrganisationMembershipInline]


admin.site.unregister(Organisation)
admin.site.register(Organisation, OrganisationWithPeopleAdmin)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class MestringUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, UserMembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from «Tilgang» in the workspace (/arbeid/tilgang/) or with
    `mestring tilgang inviter`; here they can be looked up and withdrawn (deleted)."""

    list_display = ["email", "role", "organisation", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = [
        "email",
        "role",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
