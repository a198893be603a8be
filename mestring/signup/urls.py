from django.urls import path

from . import views

app_name = "signup"

urlpatterns = [
    # /tilbud/<offer>/pamelding/<run>/ (the public form)
    path("tilbud/<str:external_id>/pamelding/<str:run_id>/", views.signup_form, name="form"),
    # /pamelding/<token>/ (a person's own sign-up: see, accept a seat, cancel)
    path("pamelding/<str:token>/", views.private, name="private"),
    path("pamelding/<str:token>/avmeld/", views.cancel, name="cancel"),
    path("pamelding/<str:token>/takk-ja/", views.accept, name="accept"),
    # /arbeid/gjennomforinger/<run>/pameldinger/ (editors at the provider)
    path(
        "arbeid/gjennomforinger/<str:run_id>/pameldinger/",
        views.run_signups,
        name="run-signups",
    ),
    path(
        "arbeid/gjennomforinger/<str:run_id>/pameldinger.csv",
        views.run_signups_csv,
        name="run-signups-csv",
    ),
]
