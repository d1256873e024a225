from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("partnerships/<int:partnership_id>/", views.extract_page, name="extract"),
    path(
        "partnerships/<int:partnership_id>/extracts/<int:extract_id>/",
        views.extract_run,
        name="extract-run",
    ),
    path(
        "partnerships/<int:partnership_id>/extracts/<int:extract_id>/download",
        views.extract_download,
        name="extract-download",
    ),
]
