from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("people/<int:person_id>/", views.person_interventions, name="person"),
    path("enrolments/<int:enrolment_id>/", views.enrolment_detail, name="enrolment"),
    path("enrolments/<int:enrolment_id>/edit/", views.enrolment_update, name="enrolment-update"),
    path(
        "enrolments/<int:enrolment_id>/progression.pdf",
        views.progression_pdf,
        name="progression-pdf",
    ),
    path(
        "partnerships/<int:partnership_id>/criteria/",
        views.criteria_dashboard,
        name="criteria",
    ),
    path("criteria/<str:key>/people/", views.criteria_people, name="criteria-people"),
]
