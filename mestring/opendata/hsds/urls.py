from django.urls import include, path

from . import views

app_name = "hsds"
routes = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("profile/", views.profile, name="profile"),
    path("profile/<str:name>", views.profile_file, name="profile-file"),
    *(
        route
        for name, kind in views.OBJECT_TYPES.items()
        for route in (
            path(name, views.list_view(name), name=name),
            path(f"{name}/<str:object_id>", views.detail_view(name), name=kind.singular),
        )
    ),
]
urlpatterns = [path("hsds/", include((routes, app_name)))]
