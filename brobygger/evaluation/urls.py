from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("partnerships/<int:partnership_id>/", views.extract_page, name="extract"),
    path("partnerships/<int:partnership_id>/extract.xlsx", views.extract_xlsx, name="extract-xlsx"),
    path("partnerships/<int:partnership_id>/extract.zip", views.extract_csv, name="extract-csv"),
]
