"""The reports app."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "accord.reports"
    label = "reports"
    verbose_name = "Reports"
