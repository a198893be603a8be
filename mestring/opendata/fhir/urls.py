"""Routes of the FHIR API; included by mestring/opendata/urls.py."""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("fhir/metadata", views.metadata, name="fhir-metadata"),
    path(
        "fhir/HealthcareService",
        views.healthcare_service_search,
        name="fhir-healthcareservice-search",
    ),
    path(
        "fhir/HealthcareService/<str:resource_id>",
        views.healthcare_service_read,
        name="fhir-healthcareservice-read",
    ),
    path(
        "fhir/Organization/<str:resource_id>",
        views.organization_read,
        name="fhir-organization-read",
    ),
    re_path(r"^fhir/(?P<path>.*)$", views.not_found, name="fhir-not-found"),
]
