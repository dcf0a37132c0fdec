"""The documents app."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "accord.documents"
    label = "documents"
    verbose_name = "Documents"
