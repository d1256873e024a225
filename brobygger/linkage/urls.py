from django.urls import path

from . import views

app_name = "linkage"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("new/", views.upload, name="upload"),
    path("imports/<int:batch_id>/", views.detail, name="detail"),
    path("imports/<int:batch_id>/columns/", views.map_columns, name="map"),
    path("imports/<int:batch_id>/preview/", views.preview, name="preview"),
    path("imports/<int:batch_id>/cancel/", views.cancel, name="cancel"),
    path("imports/<int:batch_id>/restart/", views.restart, name="restart"),
    path("imports/<int:batch_id>/model/", views.model, name="model"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:candidate_id>/", views.review_pair, name="review-pair"),
]
