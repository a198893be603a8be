from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/", views.report_page, name="report"),
]
