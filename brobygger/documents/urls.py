from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("people/<int:person_id>/", views.person_documents, name="person"),
    path("<int:document_id>/download/", views.person_document_download, name="person-download"),
    path("<int:document_id>/delete/", views.person_document_delete, name="person-delete"),
    path("partners/<int:organisation_id>/", views.organisation_documents, name="organisation"),
    path("agreements/<int:agreement_id>/", views.agreement_documents, name="agreement"),
    path(
        "partner-files/<int:partner_document_id>/download/",
        views.partner_document_download,
        name="partner-download",
    ),
    path(
        "partner-files/<int:partner_document_id>/delete/",
        views.partner_document_delete,
        name="partner-delete",
    ),
]
