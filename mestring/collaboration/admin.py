from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Agreement,
    Assessment,
    Capacity,
    Confirmation,
    HealthCommunity,
    ImmigrantPopulation,
    OfferEquity,
    OfferPathway,
    Pathway,
    RunInterpreter,
    SubAgreement,
    TiedOffer,
    TiedRun,
)


@admin.register(HealthCommunity)
class HealthCommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "trust_names"]
    search_fields = ["name", "code", "health_trusts__name"]
    filter_horizontal = ["health_trusts", "municipalities"]
    fieldsets = [
        (
            None,
            {
                "fields": ["name", "code", "health_trusts", "municipalities", "source", "note"],
                "description": _(
                    "Helsefellesskapene er lastet fra prosjektets referansedata, skrevet fra "
                    "offentlige kilder (se kilde). Navn og parter er ikke kontrollert mot en "
                    "offisiell liste, så de kan rettes her. En ny lasting endrer ikke et "
                    "helsefellesskap som finnes fra før."
                ),
            },
        )
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("health_trusts")

    @admin.display(description=_("helseforetak"))
    def trust_names(self, obj):
        return ", ".join(trust.short_name for trust in obj.health_trusts.all())


class AgreementForm(forms.ModelForm):
    sub_agreements = forms.MultipleChoiceField(
        label=Agreement._meta.get_field("sub_agreements").verbose_name.capitalize(),
        choices=SubAgreement.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "external_id",
            "community",
            "health_trust",
            "municipalities",
            "sub_agreements",
            "signed",
            "last_revised",
            "url",
            "mentions_learning_and_coping",
            "sami_offers",
            "user_participation_in_making",
        ]


class ConfirmationInline(admin.TabularInline):
    model = Confirmation
    extra = 0


class TiedOfferInline(admin.TabularInline):
    model = TiedOffer
    extra = 0
    raw_id_fields = ["offer"]


class TiedRunInline(admin.TabularInline):
    model = TiedRun
    extra = 0
    raw_id_fields = ["run"]


class AssessmentInline(admin.StackedInline):
    model = Assessment
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assessed_by":
            kwargs["initial"] = request.user.pk
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    form = AgreementForm
    inlines = [AssessmentInline, ConfirmationInline, TiedOfferInline, TiedRunInline]
    list_display = ["__str__", "health_trust", "signed", "last_revised"]
    list_filter = ["health_trust__region", "health_trust"]
    list_select_related = ["health_trust"]
    date_hierarchy = "signed"

    def save_formset(self, request, form, formset, change):
        if formset.model is not Assessment:
            return super().save_formset(request, form, formset, change)
        for assessment in formset.save(commit=False):
            if assessment.assessed_by_id is None:
                assessment.assessed_by = request.user
            assessment.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "responsible"]
    list_filter = ["group"]
    search_fields = ["name", "code"]


@admin.register(OfferPathway)
class OfferPathwayAdmin(admin.ModelAdmin):
    list_display = ["offer", "pathway", "phase"]
    list_filter = ["phase", "pathway__group"]
    raw_id_fields = ["offer"]


@admin.register(OfferEquity)
class OfferEquityAdmin(admin.ModelAdmin):
    list_display = ["offer", "adapted_for_immigrants", "information_languages"]
    raw_id_fields = ["offer"]


@admin.register(RunInterpreter)
class RunInterpreterAdmin(admin.ModelAdmin):
    list_display = ["run", "sessions", "participants"]
    raw_id_fields = ["run"]


@admin.register(ImmigrantPopulation)
class ImmigrantPopulationAdmin(admin.ModelAdmin):
    list_display = ["county", "year", "count", "source"]
    list_filter = ["year"]


@admin.register(Capacity)
class CapacityAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year", "fte", "health_pedagogy", "guidance_sessions"]
    list_filter = ["year", "organisation__region"]
    raw_id_fields = ["organisation"]
