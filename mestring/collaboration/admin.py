from django import forms
from django.contrib import admin

from .models import Agreement, Assessment, HealthCommunity, SubAgreement


@admin.register(HealthCommunity)
class HealthCommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "health_trust"]
    list_select_related = ["health_trust"]
    search_fields = ["name", "health_trust__name"]
    filter_horizontal = ["municipalities"]


class AgreementForm(forms.ModelForm):
    sub_agreements = forms.MultipleChoiceField(
        label=Agreement._meta.get_field("sub_agreements").verbose_name.capitalize(),
        choices=SubAgreement.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agreement
        fields = [
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
    inlines = [AssessmentInline]
    list_display = ["__str__", "health_trust", "signed", "last_revised"]
    list_filter = ["health_trust__region", "health_trust"]
    list_select_related = ["health_trust"]
    date_hierarchy = "signed"

    def save_formset(self, request, form, formset, change):
        for assessment in formset.save(commit=False):
            if assessment.assessed_by_id is None:
                assessment.assessed_by = request.user
            assessment.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
