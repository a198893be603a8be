from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import County, District, HealthTrust, Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "orgnr"]
    search_fields = ["code", "name", "orgnr"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "sami_name", "population", "in_sami_area", "valid_to"]
    list_filter = ["in_sami_area"]
    search_fields = ["number", "name", "sami_name"]


@admin.register(HealthTrust)
class HealthTrustAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "orgnr", "kind", "region", "has_catchment"]
    list_filter = ["region", "kind", "has_catchment"]
    search_fields = ["name", "short_name", "orgnr"]


class ActiveFilter(admin.SimpleListFilter):
    title = _("gyldighet")
    parameter_name = "gyldig"

    def lookups(self, request, model_admin):
        return [("ja", _("Gjeldende")), ("nei", _("Opphørt"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "nei":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "unique_name",
        "sami_name",
        "county",
        "population",
        "health_trust",
        "sami_area_language",
        "valid_to",
    ]
    list_filter = [ActiveFilter, "county", "region", "sami_area_language", "health_trust"]
    search_fields = ["number", "name", "official_name", "sami_name", "orgnr"]
    list_select_related = ["county", "health_trust"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "municipality", "health_trust", "local_hospital_area"]
    list_filter = ["municipality", "health_trust"]
    search_fields = ["number", "name"]
    list_select_related = ["municipality", "health_trust"]
