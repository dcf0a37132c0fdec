"""A case's form records and documents, under `cases/<reference>/` (references only)."""

from django.urls import path

from .views import documents

urlpatterns = [
    path("forms/", documents.case_forms, name="case-forms"),
    path("forms/<int:form_id>/", documents.case_form, name="case-form"),
    path("forms/<int:form_id>/pdf/", documents.case_form_pdf, name="case-form-pdf"),
    path("summary.pdf", documents.case_summary_pdf, name="case-summary-pdf"),
    path("outcome.pdf", documents.case_outcome_pdf, name="case-outcome-pdf"),
]
