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
    path("types/", views.type_list, name="type-list"),
    path("types/new/", views.type_edit, name="type-create"),
    path("types/<int:type_id>/", views.type_edit, name="type-update"),
    path("dimensions/", views.dimension_list, name="dimension-list"),
    path("dimensions/new/", views.dimension_edit, name="dimension-create"),
    path("dimensions/<int:dimension_id>/", views.dimension_edit, name="dimension-update"),
]
