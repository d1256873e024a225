from django.urls import path

from . import views

app_name = "languages"

urlpatterns = [
    path("", views.language_index, name="list"),
    path("new/", views.language_create, name="create"),
    path("<str:code>/", views.language_update, name="update"),
    path("<str:code>/retire/", views.language_retire, name="retire"),
]
