"""The provider workspace under /arbeid/. Each views module brings its own routes."""

from .views import dashboard, history, imports, offers, people, runs

app_name = "workspace"

urlpatterns = [
    *dashboard.urlpatterns,
    *imports.urlpatterns,
    *history.urlpatterns,
    *offers.urlpatterns,
    *runs.urlpatterns,
    *people.urlpatterns,
]
