from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("login/code/", views.login_code, name="login-code"),
    path("account/", views.account, name="account"),
    path("account/api-tokens/", views.api_token_create, name="api-token-create"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api-token-revoke",
    ),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/off/", views.two_factor_disable, name="two-factor-disable"),
    path(
        "account/two-factor/recovery-codes/",
        views.recovery_codes_renew,
        name="recovery-codes-renew",
    ),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_done, name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/two-factor/", views.two_factor_requirements, name="two-factor-requirements"),
    path("sensitive-notes/", views.sensitive_notes_grants, name="sensitive-notes-grants"),
    path("users/<int:user_id>/", views.user_update, name="user-update"),
    path(
        "users/<int:user_id>/password-link/",
        views.user_send_password_link,
        name="user-send-password-link",
    ),
    path(
        "users/<int:user_id>/two-factor-reset/",
        views.user_two_factor_reset,
        name="user-two-factor-reset",
    ),
]
