from django.urls import path

from . import views

app_name = "lists"

urlpatterns = [
    path("bulk/", views.bulk, name="bulk"),
    path("lists/", views.list_mine, name="mine"),
    path("lists/new/", views.list_create, name="create"),
    path("lists/<int:list_id>/", views.list_detail, name="detail"),
    path("lists/<int:list_id>/open/", views.list_open, name="open"),
    path("lists/<int:list_id>/edit/", views.list_update, name="update"),
    path("lists/<int:list_id>/delete/", views.list_delete, name="delete"),
]
