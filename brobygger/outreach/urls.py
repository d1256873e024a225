from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:activity_id>/", views.activity_update, name="activity-update"),
    path("activities/<int:activity_id>/done/", views.activity_done, name="activity-done"),
    path(
        "activities/<int:activity_id>/campaign/",
        views.activity_campaign,
        name="activity-campaign",
    ),
    path("activities/<int:activity_id>/qr.<str:kind>", views.activity_qr, name="activity-qr"),
    path("activities/<int:activity_id>/poster/", views.activity_poster, name="activity-poster"),
    path("activities/<int:activity_id>/posters/", views.activity_posters, name="activity-posters"),
    path("locations/", views.location_list, name="location-list"),
    path("locations/new/", views.location_create, name="location-create"),
    path("methods/", views.method_list, name="method-list"),
    path("methods/new/", views.method_edit, name="method-create"),
    path("methods/<int:method_id>/", views.method_edit, name="method-update"),
    path("form-texts/", views.form_texts, name="form-texts"),
    path("form-texts/<str:language>/", views.form_text_edit, name="form-text-edit"),
    path("form-texts/<str:language>/approve/", views.form_text_approve, name="form-text-approve"),
    path("form-texts/<str:language>/letters/new/", views.letter_edit, name="letter-create"),
    path(
        "form-texts/<str:language>/letters/<int:letter_id>/", views.letter_edit, name="letter-edit"
    ),
    path(
        "form-texts/<str:language>/letters/<int:letter_id>/approve/",
        views.letter_approve,
        name="letter-approve",
    ),
    path("profiles/", views.profiles, name="profiles"),
    path("profiles/<str:scope>/", views.profile_edit, name="profile-edit"),
]
