from django.contrib import admin
from django.urls import path

from mestring.core import views as core_views

admin.site.site_header = "Mestring – administrasjon"
admin.site.site_title = "Mestring"
admin.site.index_title = "Administrasjon"

urlpatterns = [
    # /helse
    path("helse", core_views.health, name="health"),
    # /admin/
    path("admin/", admin.site.urls),
]
