from django.urls import path

from . import link_views, plan_views, views

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
    path(
        "conversations/<int:conversation_id>/edit/",
        views.conversation_edit,
        name="conversation-edit",
    ),
    path("people/<int:person_id>/tasks/new/", views.person_task_create, name="person-task-create"),
    path("tasks/", views.my_tasks, name="my-tasks"),
    path("tasks/municipality/", views.municipality_tasks, name="municipality-tasks"),
    path("tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:task_id>/mark/", views.task_mark, name="task-mark"),
    path("tasks/e-mail/", views.digest_settings, name="digest"),
    path("tasks/from-reply/<int:reply_id>/", views.task_from_reply, name="task-from-reply"),
    path("people/<int:person_id>/plan/", plan_views.person_plan, name="person-plan"),
    path("people/<int:person_id>/plan.pdf", plan_views.person_plan_pdf, name="person-plan-pdf"),
    path("goals/<int:goal_id>/", plan_views.goal_edit, name="goal"),
    path("goals/<int:goal_id>/status/", plan_views.goal_close, name="goal-close"),
    path("goals/<int:goal_id>/steps/new/", plan_views.step_create, name="step-create"),
    path("plan-texts/", plan_views.plan_wording_list, name="plan-wordings"),
    path("plan-texts/<str:language>/", plan_views.plan_wording_edit, name="plan-wording-edit"),
    path("links/", link_views.link_list, name="link-list"),
    path("links/<int:link_id>/", link_views.link_detail, name="link"),
    path("links/<int:link_id>/revoke/", link_views.link_revoke, name="link-revoke"),
]
