"""Routes of the FHIR API; included by mestring/opendata/urls.py."""

from django.urls import path, re_path

from . import openapi, views

urlpatterns = [
    path("fhir/metadata", views.metadata, name="fhir-metadata"),
    path("fhir/openapi.json", openapi.view, name="fhir-openapi"),
    path(
        "fhir/HealthcareService",
        views.healthcare_service_search,
        name="fhir-healthcareservice-search",
    ),
    re_path(
        r"^fhir/(?P<resource_type>[A-Za-z]+)/(?P<resource_id>[^/]+)$",
        views.read,
        name="fhir-read",
    ),
    re_path(r"^fhir/(?P<path>.*)$", views.not_found, name="fhir-not-found"),
]
