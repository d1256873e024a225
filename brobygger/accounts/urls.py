from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
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
    path("users/<int:user_id>/", views.user_update, name="user-update"),
    path(
        "users/<int:user_id>/password-link/",
        views.user_send_password_link,
        name="user-send-password-link",
    ),
]
