from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_edit, name="create"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_edit, name="update"),
    path("<int:event_id>/participants/", views.participants, name="participants"),
    path(
        "<int:event_id>/participants/<int:participant_id>/",
        views.participant_detail,
        name="participant",
    ),
    path(
        "<int:event_id>/participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant-remove",
    ),
    path("<int:event_id>/wishes/", views.wishes, name="wishes"),
    path("<int:event_id>/schedule/", views.schedule, name="schedule"),
    path("<int:event_id>/schedule.pdf", views.schedule_pdf, name="schedule-pdf"),
    path("<int:event_id>/held/", views.event_held, name="held"),
    path("<int:event_id>/follow-up/", views.follow_ups, name="follow-ups"),
    path("<int:event_id>/follow-up/<int:scheduled_meeting_id>/", views.follow_up, name="follow-up"),
]
