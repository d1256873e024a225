"""The partnership pages, under their own namespace ``partnerships`` (``partnerships:list``)."""

from django.urls import path

from . import partnerships as views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list_page, name="list"),
    path("<int:partnership_id>/", views.partnership_detail, name="detail"),
]
