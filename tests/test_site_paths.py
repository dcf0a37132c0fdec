"""`accord.site_paths` gives every page it knows the path `reverse` gives (the URL configuration
decides the paths; `path_to` only spares a process from loading it)."""

from __future__ import annotations

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from accord.site_paths import PATHS, path_to

# Arguments of each kind the pages take: a case reference, a record's id.
ARGUMENTS = {
    "web:case-detail": [("ACC-2026-00001",), ("ACC-2027-12345",)],
    "web:case-form": [("ACC-2026-00001", 5), ("ACC-2027-12345", 123456)],
    "api:case-detail": [("ACC-2026-00001",)],
}


@pytest.mark.parametrize("name", sorted(PATHS))
@pytest.mark.parametrize("prefix", ["/", "/accord/"])
def test_each_path_is_the_one_reverse_gives(name: str, prefix: str) -> None:
    set_script_prefix(prefix)
    try:
        for args in ARGUMENTS.get(name, [()]):
            assert path_to(name, *args) == reverse(name, args=args)
    finally:
        clear_script_prefix()


def test_every_page_with_arguments_is_tried_with_them() -> None:
    taking = {name for name, pattern in PATHS.items() if "{" in pattern}
    assert taking == set(ARGUMENTS)
