"""The site's URLs plus one that fails, for the 500 page tests."""

from django.db import OperationalError
from django.urls import path

from mestring.urls import handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("hemmelig detalj fra stakksporet")


def failing_database_view(request):
    raise OperationalError("database utilgjengelig")


urlpatterns = [
    path("api/v1/test-databasefeil", failing_database_view),
    *urlpatterns,
    path("test-feil", failing_view),
    path("test-databasefeil", failing_database_view),
]
