"""Included at the site root: /e/<token> for participants, /arbeid/evaluering/ for providers."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("e/<str:token>", views.answer, name="answer"),
    path("e/<str:token>/takk/", views.thanks, name="thanks"),
    path("arbeid/evaluering/gjennomforing/<str:run_id>/", views.run_evaluation, name="run"),
    path(
        "arbeid/evaluering/gjennomforing/<str:run_id>/apne/",
        views.open_evaluation,
        name="open",
    ),
    path(
        "arbeid/evaluering/gjennomforing/<str:run_id>/lukk/",
        views.close_evaluation,
        name="close",
    ),
    path(
        "arbeid/evaluering/gjennomforing/<str:run_id>/resultater/",
        views.run_results,
        name="run-results",
    ),
    path(
        "arbeid/evaluering/tilbud/<str:offer_id>/resultater/",
        views.offer_results,
        name="offer-results",
    ),
    path(
        "arbeid/evaluering/tilbud/<str:offer_id>/forbedringslogg/",
        views.improvement_log,
        name="improvement-log",
    ),
]
