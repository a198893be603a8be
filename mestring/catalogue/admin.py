from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from . import lifecycle, rules
from .admin_forms import OfferForm, OrganisationForm, RunForm
from .models import Offer, Organisation, Run, Session


@admin.register(Organisation)
class OrganisationAdmin(VersionAdmin):
    form = OrganisationForm
    list_display = ["name", "type", "orgnr", "parent", "region", "municipality"]
    list_filter = ["type", "region"]
    search_fields = ["name", "external_id", "orgnr"]
    autocomplete_fields = ["parent", "municipality"]
    list_select_related = ["parent", "region", "municipality"]
    # accounts/admin.py registers this page again with the provider's people and roles.


class RunInline(admin.TabularInline):
    model = Run
    extra = 0
    fields = ["external_id", "start", "end", "format", "municipality", "status"]
    autocomplete_fields = ["municipality"]
    show_change_link = True


class SignupOrNoteFilter(admin.SimpleListFilter):
    title = _("sist bekreftet")
    parameter_name = "bekreftet"

    def lookups(self, request, model_admin):
        return [("aldri", _("Aldri bekreftet"))]

    def queryset(self, request, queryset):
        if self.value() == "aldri":
            return queryset.filter(last_confirmed__isnull=True)
        return queryset


class UnconfirmedFilter(admin.SimpleListFilter):
    """The offers `rules.is_stale` flags on the public page."""

    title = _("bekreftet av tilbyderen")
    parameter_name = "ubekreftet"

    def lookups(self, request, model_admin):
        return [("ja", _("Ikke bekreftet på over 18 måneder"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            cutoff = timezone.localdate() - timedelta(days=rules.STALE_AFTER_DAYS)
            return queryset.filter(Q(last_confirmed__isnull=True) | Q(last_confirmed__lt=cutoff))
        return queryset


@admin.register(Offer)
class OfferAdmin(VersionAdmin):
    list_display = ["title", "responsible", "main_theme", "status", "last_confirmed", "updated_at"]
    list_filter = [
        "status",
        "main_theme",
        "main_target_group",
        "age_group",
        "level",
        SignupOrNoteFilter,
        UnconfirmedFilter,
        "responsible__region",
    ]
    search_fields = ["title", "external_id", "responsible__name"]
    autocomplete_fields = ["responsible", "co_organisers"]
    list_select_related = ["responsible"]
    date_hierarchy = "updated_at"
    inlines = [RunInline]
    form = OfferForm
    actions = ["publish", "archive", "copy"]

    def _each(self, request, queryset, change, done: str) -> None:
        """Apply a lifecycle change to each chosen offer; report what was refused and why."""
        count = 0
        for offer in queryset.select_related("responsible"):
            try:
                change(offer)
            except lifecycle.NotAllowed as refusal:
                details = [f"{p.field}: {p.message}" for p in getattr(refusal, "missing", [])]
                text = " ".join([f"{offer}: {refusal}", *details])
                self.message_user(request, text, messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publiser valgte tilbud"), permissions=["change"])
    def publish(self, request, queryset):
        today = timezone.localdate()
        self._each(
            request,
            queryset,
            lambda offer: lifecycle.publish(offer, today),
            _("Publiserte %(count)d tilbud."),
        )

    @admin.action(description=_("Arkiver valgte tilbud"), permissions=["change"])
    def archive(self, request, queryset):
        today = timezone.localdate()
        self._each(
            request,
            queryset,
            lambda offer: lifecycle.archive(offer, today),
            _("Arkiverte %(count)d tilbud."),
        )

    @admin.action(description=_("Kopier valgte tilbud som utkast"), permissions=["add"])
    def copy(self, request, queryset):
        today = timezone.localdate()
        self._each(
            request,
            queryset,
            lambda offer: lifecycle.copy(offer, today),
            _("Kopierte %(count)d tilbud som utkast."),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_codes()


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Run)
class RunAdmin(VersionAdmin):
    list_display = ["external_id", "offer", "start", "end", "format", "municipality", "status"]
    list_filter = ["status", "format", "time_of_day", "venue", "offer__responsible__region"]
    search_fields = ["external_id", "offer__title", "offer__external_id"]
    autocomplete_fields = ["offer", "municipality"]
    list_select_related = ["offer", "municipality"]
    date_hierarchy = "start"
    inlines = [SessionInline]
    form = RunForm
