from django.urls import path

from . import link_views, views

app_name = "cases"

urlpatterns = [
    path("people/<int:person_id>/notes/", views.person_notes, name="person-notes"),
    path("notes/<int:note_id>/", views.note_detail, name="note"),
    path(
        "people/<int:person_id>/conversations/",
        views.person_conversations,
        name="person-conversations",
    ),
    path(
        "people/<int:person_id>/conversations/new/",
        views.conversation_create,
        name="conversation-create",
    ),
    path(
        "conversations/<int:conversation_id>/",
        views.conversation_detail,
        name="conversation",
    ),
    path("people/<int:person_id>/tasks/new/", views.person_task_create, name="person-task-create"),
    path("tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/municipality/", views.municipality_tasks, name="municipality-tasks"),
    path("tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:task_id>/mark/", views.task_mark, name="task-mark"),
    path("tasks/e-mail/", views.digest_settings, name="digest"),
    path("links/", link_views.link_list, name="link-list"),
    path("links/<int:link_id>/", link_views.link_detail, name="link"),
    path("links/<int:link_id>/revoke/", link_views.link_revoke, name="link-revoke"),
]
