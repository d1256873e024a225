"""The public sign-up forms, by municipality code: Danish addresses, as they are printed on
the municipality's website and posters."""

from django.urls import path

from . import views

app_name = "signup_public"

urlpatterns = [
    path("frivillig/<str:code>/", views.volunteer_signup, name="volunteer"),
    path("samarbejde/<str:code>/", views.partner_choice, name="partner"),
    path("samarbejde/<str:code>/forening/", views.association_signup, name="association"),
    path("samarbejde/<str:code>/virksomhed/", views.company_signup, name="company"),
]
