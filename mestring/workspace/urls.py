"""The provider workspace under /arbeid/. Each views module brings its own routes."""

from django.urls import include, path

from .views import dashboard, history, imports, offers, people, runs

app_name = "workspace"

urlpatterns = [
    *dashboard.urlpatterns,
    *imports.urlpatterns,
    *history.urlpatterns,
    *offers.urlpatterns,
    *runs.urlpatterns,
    *people.urlpatterns,
    path("samarbeid/", include("mestring.collaboration.workspace_views")),
]
