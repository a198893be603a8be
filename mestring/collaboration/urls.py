from django.urls import path

from . import report_views, views

app_name = "collaboration"

urlpatterns = [
    path("", views.community_list, name="index"),
    path("kommune/", views.municipality_choice, name="municipality-choice"),
    path("kommune/<str:number>/", views.municipality_detail, name="municipality"),
    path("avtaler/ny/", views.agreement_form, name="agreement-new"),
    path("avtaler/<str:external_id>/", views.agreement_detail, name="agreement"),
    path("avtaler/<str:external_id>/endre/", views.agreement_form, name="agreement-edit"),
    path("avtaler/<str:external_id>/bekreft/", views.agreement_confirm, name="agreement-confirm"),
    path("avtaler/<str:external_id>/knytt/", views.agreement_tie, name="agreement-tie"),
    path("avtaler/<str:external_id>/fjern/", views.agreement_untie, name="agreement-untie"),
    path("forlop/", report_views.pathway_coverage, name="pathways"),
    path("likeverd/", report_views.equity_coverage, name="equity"),
    path("kapasitet/", report_views.capacity_per_region, name="capacity"),
    path(
        "brukerorganisasjon/<str:external_id>/",
        report_views.user_organisation,
        name="user-organisation",
    ),
    path("<str:orgnr>/", views.trust_detail, name="trust"),
]
