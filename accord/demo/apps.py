"""The demo app: only the `seed_demo` command."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "accord.demo"
    label = "demo"
    verbose_name = "Demonstration data"
