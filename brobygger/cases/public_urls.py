from django.urls import path

from . import link_views

app_name = "referral-link"

urlpatterns = [
    path("<str:token>/", link_views.referral_form, name="form"),
]
