from django.urls import path

from . import views

app_name = "collaboration"

urlpatterns = [
    path("", views.community_list, name="index"),
    path("<str:orgnr>/", views.trust_detail, name="trust"),
]
