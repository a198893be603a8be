from django.urls import path

from . import views

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
    path("<str:orgnr>/", views.trust_detail, name="trust"),
]
