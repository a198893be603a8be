from django.contrib import admin
from reversion.admin import VersionAdmin

from .models import Attendance


@admin.register(Attendance)
class AttendanceAdmin(VersionAdmin):
    list_display = [
        "run",
        "date",
        "patients",
        "relatives",
        "child_relatives",
        "other_participants",
        "user_representatives",
        "professionals",
    ]
    list_filter = ["run__status", "run__offer__responsible__region"]
    search_fields = ["run__external_id", "run__offer__title"]
    autocomplete_fields = ["run"]
    list_select_related = ["run__offer"]
    date_hierarchy = "date"
