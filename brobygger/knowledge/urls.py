from django.urls import path

from . import survey_views, views

app_name = "knowledge"

LIBRARY = "partnerships/<int:partnership_id>/methods/"

urlpatterns = [
    path("", views.home, name="home"),
    path(LIBRARY, views.library, name="library"),
    path(f"{LIBRARY}new/", views.entry_create, name="entry-create"),
    path(f"{LIBRARY}<int:entry_id>/", views.entry_detail, name="entry-detail"),
    path(f"{LIBRARY}<int:entry_id>/edit/", views.entry_update, name="entry-update"),
    path(f"{LIBRARY}<int:entry_id>/adapt/", views.entry_adapt, name="entry-adapt"),
    path("stories/", views.story_list, name="story-list"),
    path("stories/new/", views.story_create, name="story-create"),
    path("stories/<int:story_id>/", views.story_detail, name="story-detail"),
    path("stories/<int:story_id>/edit/", views.story_update, name="story-update"),
    path("surveys/", survey_views.survey_list, name="survey-list"),
    path("surveys/new/", survey_views.survey_create, name="survey-create"),
    path("surveys/<int:survey_id>/", survey_views.survey_detail, name="survey-detail"),
    path("surveys/<int:survey_id>/edit/", survey_views.survey_update, name="survey-update"),
    path("surveys/<int:survey_id>/answer/", survey_views.survey_answer, name="survey-answer"),
]
