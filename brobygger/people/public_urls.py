from django.urls import path

from . import public

app_name = "public"

urlpatterns = [
    path("<str:code>/", public.interest_form, name="campaign"),
]
