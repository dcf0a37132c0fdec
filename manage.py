#!/usr/bin/env python
"""Django's manage.py, for habit: the same as `accord manage ...` (local settings by default)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
