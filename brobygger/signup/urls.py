from django.urls import path

from . import views

app_name = "signup"

urlpatterns = [
    path("review/", views.review_queue, name="review"),
    path(
        "review/partners/<int:pending_organisation_id>/",
        views.organisation_review,
        name="organisation-review",
    ),
    path(
        "review/volunteers/<int:pending_volunteer_id>/",
        views.volunteer_review,
        name="volunteer-review",
    ),
    path(
        "partners/<int:organisation_id>/answers/",
        views.partner_answers,
        name="partner-answers",
    ),
]
