"""The provider workspace under /arbeid/. Each views module brings its own routes."""

from .views import dashboard

app_name = "workspace"

urlpatterns = [
    *dashboard.urlpatterns,
]
