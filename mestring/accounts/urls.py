from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc_views, views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tofaktor/", views.two_factor, name="two-factor"),
    path("invitasjon/<str:token>/", views.invitation, name="invitation"),
    path("sso/<str:provider>/", oidc_views.start, name="sso-start"),
    path("sso/<str:provider>/tilbake/", oidc_views.callback, name="sso-callback"),
    path("glemt-passord/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]
