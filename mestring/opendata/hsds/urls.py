from django.urls import include, path

from . import views

app_name = "hsds"
routes = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("profile/", views.profile, name="profile"),
    path("profile/<str:name>", views.profile_file, name="profile-file"),
    path("services", views.services, name="services"),
    path("services/<str:object_id>", views.service, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:object_id>", views.organization, name="organization"),
    path("locations", views.locations, name="locations"),
    path("locations/<str:object_id>", views.location, name="location"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:object_id>",
        views.service_at_location,
        name="service_at_location",
    ),
    path("taxonomies", views.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:object_id>", views.taxonomy, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:object_id>", views.taxonomy_term, name="taxonomy_term"),
]
urlpatterns = [path("hsds/", include((routes, app_name)))]
