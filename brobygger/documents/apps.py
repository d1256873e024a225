from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "brobygger.documents"
    label = "documents"

    def ready(self) -> None:
        from brobygger.people.panels import PersonPanel, register

        from . import signals  # noqa: F401  (the files go with their rows)
        from .selectors import person_documents_panel

        register(PersonPanel("documents/person_documents_panel.html", person_documents_panel))
