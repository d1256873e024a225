"""OpenID Connect login. Always routed; both views answer 404 unless OIDC is configured."""

from django.urls import path

from .oidc import OidcAuthenticateView, OidcCallbackView

app_name = "oidc"

urlpatterns = [
    path("authenticate/", OidcAuthenticateView.as_view(), name="authenticate"),
    path("callback/", OidcCallbackView.as_view(), name="callback"),
]
