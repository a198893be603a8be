from django.contrib import admin

from .models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Administrators link a user's HelseID or ID-porten login here (docs/sso.md)."""

    list_display = ["user", "provider", "subject", "created_at"]
    list_filter = ["provider"]
    search_fields = ["user__username", "user__email", "subject"]
    autocomplete_fields = ["user"]
