from django.urls import path

from . import partner_views, target_groups, views

app_name = "measures"

urlpatterns = [
    path(
        "partnerships/<int:partnership_id>/criteria/",
        views.criteria_dashboard,
        name="criteria",
    ),
    path(
        "partnerships/<int:partnership_id>/methods/",
        views.method_effectiveness,
        name="methods",
    ),
    path(
        "partnerships/<int:partnership_id>/targets/",
        views.targets_edit,
        name="targets",
    ),
    path(
        "partnerships/<int:partnership_id>/target-groups/",
        target_groups.target_group_list,
        name="target-groups",
    ),
    path(
        "partnerships/<int:partnership_id>/target-groups/new/",
        target_groups.target_group_new,
        name="target-group-new",
    ),
    path(
        "partnerships/<int:partnership_id>/target-groups/<int:definition_id>/screen/",
        target_groups.target_group_screen,
        name="target-group-screen",
    ),
    path(
        "partnerships/<int:partnership_id>/partners/",
        partner_views.partner_table,
        name="partner-table",
    ),
    path(
        "partners/<int:organisation_id>/results/",
        partner_views.partner_results,
        name="partner-results",
    ),
    path("criteria/<str:key>/people/", views.criteria_people, name="criteria-people"),
    path("data-quality/", views.data_quality, name="data-quality"),
    path("data-quality/<str:key>/", views.data_quality_people, name="data-quality-people"),
]
