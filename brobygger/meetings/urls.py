from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/edit/", views.session_update, name="update"),
    path("<int:session_id>/cancel/", views.session_cancel, name="cancel"),
    path("<int:session_id>/invite/", views.session_invite, name="invite"),
    path("<int:session_id>/letters/", views.session_letters, name="letters"),
    path("<int:session_id>/people/<int:person_id>/letter/", views.person_letter, name="letter"),
    path("<int:session_id>/people/<int:person_id>/reply/", views.invitation_reply, name="reply"),
    path("<int:session_id>/door/", views.session_door, name="door"),
    path("<int:session_id>/door/<int:person_id>/", views.door_toggle, name="door-toggle"),
    path("<int:session_id>/session.ics", views.session_ics, name="ics"),
    path("wordings/", views.wording_list, name="wordings"),
    path("wordings/<str:language>/", views.wording_edit, name="wording-edit"),
]
