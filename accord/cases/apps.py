"""The cases app."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "accord.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        import accord.any_of  # noqa: F401 - registers the `any_of` lookup the batches read with
