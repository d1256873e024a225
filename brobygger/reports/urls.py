from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("partnerships/<int:partnership_id>/", views.report_list, name="list"),
    path(
        "partnerships/<int:partnership_id>/<str:quarter>/approved/",
        views.report_approved,
        name="approved",
    ),
    path(
        "partnerships/<int:partnership_id>/<str:quarter>/approved/report.json",
        views.report_approved_json,
        name="approved-json",
    ),
    path(
        "partnerships/<int:partnership_id>/<str:quarter>/<str:scope>/submit/",
        views.report_submit,
        name="submit",
    ),
    path(
        "partnerships/<int:partnership_id>/<str:quarter>/<str:scope>/decide/",
        views.report_decide,
        name="decide",
    ),
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
