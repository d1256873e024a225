from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("people/<int:person_id>/attempts/", views.contact_attempt_create, name="attempt-create"),
]
