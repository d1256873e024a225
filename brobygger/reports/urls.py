from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("partnerships/<int:partnership_id>/", views.report_list, name="list"),
    path(
        "partnerships/<int:partnership_id>/<str:quarter>/<str:scope>/",
        views.report_detail,
        name="detail",
    ),
    path(
        "partnerships/<int:partnership_id>/<str:quarter>/<str:scope>/sections/<str:key>/",
        views.section_edit,
        name="section",
    ),
    path(
        "partnerships/<int:partnership_id>/<str:quarter>/<str:scope>/report.<str:fmt>",
        views.report_export,
        name="export",
    ),
]
