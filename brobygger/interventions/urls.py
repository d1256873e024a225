from django.urls import path

from . import views

app_name = "interventions"

urlpatterns = [
    path("people/<int:person_id>/", views.person_interventions, name="person"),
    path("enrolments/<int:enrolment_id>/", views.enrolment_update, name="enrolment-update"),
]
