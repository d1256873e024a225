"""A person's contact (``contact_views``), at the paths under ``/outreach/`` it began at."""

from django.urls import path

from . import contact_views as views

app_name = "contact"

urlpatterns = [
    path("letters/", views.letters_create, name="letters"),
    path("locations/<int:location_id>/", views.location_detail, name="location-detail"),
    path("people/<int:person_id>/attempts/", views.contact_attempt_create, name="attempt-create"),
    path("attempts/<int:attempt_id>/", views.contact_attempt_edit, name="attempt-edit"),
    path("attempts/<int:attempt_id>/remove/", views.contact_attempt_remove, name="attempt-remove"),
]
