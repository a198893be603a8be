from django.urls import path

from .views import public

app_name = "catalogue"

urlpatterns = [
    # /
    path("", public.front_page, name="front-page"),
    # /tilbud/
    path("tilbud/", public.offer_list, name="offer-list"),
    path("tilbud/<str:external_id>/", public.offer_detail, name="offer-detail"),
    path(
        "tilbud/<str:external_id>/kalender/<str:run_id>.ics",
        public.run_ics,
        name="run-ics",
    ),
    # /tilbydere/
    path("tilbydere/<str:external_id>/", public.organisation_detail, name="organisation-detail"),
]
