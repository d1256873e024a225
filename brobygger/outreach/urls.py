from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:activity_id>/", views.activity_update, name="activity-update"),
    path("activities/<int:activity_id>/done/", views.activity_done, name="activity-done"),
    path("people/<int:person_id>/attempts/", views.contact_attempt_create, name="attempt-create"),
]
