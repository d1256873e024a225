from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<int:person_id>/", views.person_requests, name="person"),
    path("register/", views.register, name="register"),
    path("register.<str:fmt>", views.register_export, name="register-export"),
    path("retention/", views.retention, name="retention"),
    path("retention/<str:code>/", views.retention_edit, name="retention-edit"),
    path("purges/", views.purges, name="purges"),
    # Public: the privacy notice a campaign's form links to.
    path("notice/<str:code>/", views.notice, name="notice"),
]
