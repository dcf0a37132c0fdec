"""The partnership staff's documents across cases, under `documents/`: the inbox of submitted
form records and the export of the partnership's list of cases."""

from django.urls import path

from .views import document_lists

urlpatterns = [
    path("forms/", document_lists.received_forms, name="received-forms"),
    path(
        "partnership-cases/export/",
        document_lists.partnership_cases_export,
        name="partnership-cases-export",
    ),
]
