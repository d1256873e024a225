from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_register, name="register"),
    path("caseload/", views.person_caseload, name="caseload"),
    path("cpr/", views.person_cpr_lookup, name="cpr-lookup"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_update, name="update"),
    path("<int:person_id>/cpr/", views.person_cpr_reveal, name="cpr-reveal"),
    path("<int:person_id>/take/", views.person_take, name="take"),
    path("<int:person_id>/status/", views.person_status_change, name="status-change"),
]
