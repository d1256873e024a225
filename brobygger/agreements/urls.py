from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("<int:agreement_id>/edit/", views.agreement_update, name="update"),
    path("<int:agreement_id>/status/", views.agreement_status, name="status"),
    path("<int:agreement_id>/pdf/", views.agreement_pdf, name="pdf"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("calendar/", views.calendar_subscribe, name="calendar"),
    # No login: the secret token is the key (see views.calendar_feed).
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
