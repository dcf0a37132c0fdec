"""The paths of the few pages that messages link to, without loading the URL configuration.

`reverse` loads the whole URL configuration the first time it is asked, and with it every view,
the PDF and spreadsheet libraries and the API's schema: a second or more in a process that has
not served a page, such as the one-shot `accord tick` that records a sweep's notifications
(issue 17). The sweep, the webhooks and the e-mails ask `path_to` for the pages they link to:
each one's path as `reverse` gives it (the same script prefix and quoting), from the patterns
here. tests/test_site_paths.py checks every one against `reverse`, so the URL configuration stays
the one place a page's path is decided.
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import get_script_prefix

# By URL name, the path after the script prefix, the arguments in the order `reverse` takes
# them.
PATHS = {
    "web:case-detail": "cases/{0}/",
    "web:case-form": "cases/{0}/forms/{1}/",
    "web:manage-sweep": "manage/sweep/",
    "web:notifications": "notifications/",
    "web:sign-in": "sign-in/",
    "api:case-detail": "api/v1/cases/{0}/",
}

_SAFE = "!$&'()*+,;=/~:@"  # what `reverse` leaves unquoted (RFC 3986's sub-delimiters, /~:@)


def path_to(name: str, *args: object) -> str:
    """The path of the page `name` (a URL name in `PATHS`) with `args`, as `reverse(name,
    args=args)` gives it."""
    return get_script_prefix() + quote(PATHS[name].format(*args), safe=_SAFE)
