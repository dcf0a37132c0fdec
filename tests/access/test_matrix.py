"""The access matrix: every URL of the application by every kind of person, GET and POST.

The URLs come from the URL configuration itself (`get_resolver().url_patterns`, walked
recursively), so a new page cannot be forgotten: a URL this file (or `rules/`) does not classify
fails `test_every_url_is_classified`. The classes (`rule_kinds.py`):

- CASE pages (`/cases/<reference>/...`): the kinds that may see the case (or, for its access
  log, its partnerships' oversight staff) get the page; everyone else a 404, exactly as for a
  case that does not exist.
- CASE_ACTION pages (`/cases/<reference>/respond/`, ...): the kinds that may take the action get
  the page; the others who see the case get a 403 saying why; everyone else a 404.
- ADMIN pages (`/manage/...`): administrators (of the object's partnership, for one object;
  the person's partnership's oversight staff for a person's access log) get the page; everyone
  else a 403.
- SIGNED_IN pages (the case list, notifications): every signed-in person.
- OWN_ACCOUNT pages (two factors, confirming it's you, the session): every signed-in person
  alike, about their own account; no kind of person is treated differently from another.
- The home page only redirects to the case list.
- PUBLIC: the only allow-list: signing in, the health check, password reset, organisation
  sign-in, and static files.
- The Django admin: staff only; everyone in the matrix is sent to its sign-in.

Anonymous requests to anything but PUBLIC are sent to sign in. Each request runs in a
transaction rolled back afterwards, so a POST (with no data: a forgery as far as the page can
tell) changes nothing for the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PersonFactory

from .helpers import World, build_world, signed_in
from .rule_kinds import (
    ANY_ADMINISTRATOR,
    CASE_OVERSIGHT,
    HOME_ADMINISTRATOR,
    HOME_OVERSIGHT,
    KINDS,
    OWN_ACCOUNT,
    PUBLIC,
    SEES_CASE,
    SIGNED_IN,
    Rule,
    admin,
    case,
)
from .rules import MORE_RULES
from .rules.api import values as api_values
from .rules.case_ending import values as case_ending_values
from .rules.documents import values as documents_values
from .rules.policies import values as policies_values
from .rules.retention import values as retention_values
from .rules.setup import values as setup_values
from .rules.subject_access import values as subject_access_values
from .rules.webhooks import values as webhooks_values

pytestmark = pytest.mark.django_db

RULES: dict[str, Rule] = {
    **MORE_RULES,
    "web:case-detail": case(SEES_CASE),
    "web:case-access-log": case(CASE_OVERSIGHT),
    "web:home": Rule("redirect"),  # to the case list, which asks for sign-in
    "web:case-list": SIGNED_IN,
    "web:notifications": SIGNED_IN,
    "web:notifications-read": SIGNED_IN,
    "web:notification-preferences": SIGNED_IN,
    **dict.fromkeys(
        [
            "web:manage",
            "web:manage-agencies",
            "web:manage-agency-add",
            "web:manage-people",
            "web:manage-person-add",
            "web:manage-import",
            "web:manage-import-confirm",
            "web:manage-staff",
            "web:manage-staff-add",
            "web:manage-changes",
            "web:manage-sweep",
        ],
        admin(ANY_ADMINISTRATOR),
    ),
    **dict.fromkeys(
        [
            "web:manage-agency",
            "web:manage-person",
            "web:manage-person-deactivate",
            "web:manage-person-reactivate",
            "web:manage-staff-remove",
        ],
        admin(HOME_ADMINISTRATOR),
    ),
    "web:manage-person-access-log": admin(HOME_OVERSIGHT),
    **dict.fromkeys(
        [
            "mfa_index",
            "mfa_authenticate",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
            "mfa_reauthenticate",
            "account_reauthenticate",
            "web:session-keep-alive",
            "web:sign-out",
            "account_logout",
        ],
        OWN_ACCOUNT,
    ),
    # The allow-list: the only pages anyone may open without signing in.
    **dict.fromkeys(
        [
            "web:sign-in",
            "account_login",
            "web:healthz",
            "web:healthz-ready",
            "web:metrics",  # a 404 without the scraper's token
            "account_signup",
            "account_inactive",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key",
            "account_reset_password_from_key_done",
            "web:sign-in-organisation",
            "socialaccount_login_cancelled",
            "socialaccount_login_error",
            "openid_connect_login",
            "openid_connect_callback",
            "web:session-ended",
            "web:language",  # choosing English or Cymraeg (a visitor's cookie)
        ],
        PUBLIC,
    ),
}
NO_POST = {"web:sign-out", "account_logout"}  # a POST ends the matrix's session


@dataclass(frozen=True)
class Route:
    name: str | None
    pattern: str
    kwargs: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")


def _kwargs_of(pattern: URLPattern | URLResolver) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    return tuple(pattern.pattern.regex.groupindex)


def walk(
    patterns: list[URLPattern | URLResolver] | None = None,
    prefix: str = "",
    namespace: str = "",
    kwargs: tuple[str, ...] = (),
) -> Iterator[Route]:
    """Every URL pattern of the site, with its full name and the arguments it needs."""
    for item in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from walk(
                item.url_patterns, prefix + str(item.pattern), inner, kwargs + _kwargs_of(item)
            )
        else:
            name = item.name and (f"{namespace}:{item.name}" if namespace else item.name)
            yield Route(name, prefix + str(item.pattern), kwargs + _kwargs_of(item))


def values(world: World) -> dict[str, object]:
    """A real value for each kind of URL argument."""
    return {
        "reference": world.case.reference,
        "agency_id": world.case.raising_agency_id,
        "person_id": world["raiser"].pk,
        "role_id": world.roles["panel_member"].pk,
        "provider_id": "no-such-provider",
        "uidb36": "0",
        "key": "not-a-key",
        "app_label": "cases",
        "object_id": "1",
        "id": "1",
        "content_type_id": "1",
        "url": "no-such-page/",
        **case_ending_values(world),  # side, task_id, meeting_id
        **documents_values(world),  # form_id
        **setup_values(world),  # partnership_id, closure_id, assignment_id
        **policies_values(world),  # version_id
        **subject_access_values(world),  # request_id, kind
        **retention_values(world),  # hold_id
        **webhooks_values(world),  # endpoint_id, delivery_id
        **api_values(world),  # token_id, rest
    }


def url_of(route: Route, world: World) -> str:
    given = values(world)
    missing = [k for k in route.kwargs if k not in given]
    assert not missing, f"teach the matrix a value for {missing} ({route.pattern})"
    if route.name:
        return reverse(route.name, kwargs={k: given[k] for k in route.kwargs})
    path = route.pattern.replace("<path:object_id>", "1").replace("(?P<url>.*)$", "no-such/")
    return "/" + path


def request(client: Client, method: str, url: str) -> tuple[int, str]:
    status, location, _ = answer(client, method, url)
    return status, location


def answer(client: Client, method: str, url: str) -> tuple[int, str, str]:
    """The status, where it redirects to, and its Cache-Control."""
    with transaction.atomic():
        response = client.post(url) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return (
        response.status_code,
        response.headers.get("Location", ""),
        response.headers.get("Cache-Control", ""),
    )


def kept_from_caches(cache_control: str) -> bool:
    directives = {part.strip() for part in cache_control.split(",")}
    return {"no-store", "private"} <= directives


def sent_to_sign_in(status: int, location: str) -> bool:
    return status == 302 and location.startswith(("/sign-in/", "/admin/login/"))


def verdict(rule: Rule, kind: str, status: int, location: str) -> str | None:
    """What is wrong with the answer, or None."""
    if status >= 500 and not (rule.kind == "public" and status == 503):
        return "a server error"  # (a health check's 503 is its answer: nothing is wrong here)
    anonymous = kind == "anonymous"
    if rule.kind == "api":  # a session is no credential for the API: only a token is
        return None if status == 401 else f"answered {status}, not 401"
    if rule.kind == "api_missing":
        return None if status == 404 else f"answered {status}, not 404"
    if rule.kind == "public":
        # (allauth answers its "sign-in failed" page with 401: that is its content, not a refusal)
        refused = status == 403 or sent_to_sign_in(status, location)
        return "refused a public page" if refused else None
    if rule.kind == "redirect":
        return None if status == 302 and location == reverse("web:case-list") else "no redirect"
    if anonymous:
        if rule.kind == "own_account" and status == 401:  # the session's JSON endpoint
            return None
        return None if sent_to_sign_in(status, location) else "not sent to sign in"
    if sent_to_sign_in(status, location):
        return "sent to sign in again"
    if location.startswith(("/two-factor/", "/confirm-its-you/")) and rule.kind != "own_account":
        return "sent to two-factor authentication: the matrix's sign-in is not complete"
    if rule.kind in {"signed_in", "own_account"}:
        return None if status not in {401, 403} else "refused"
    if rule.kind == "case_action":
        if kind in rule.allowed:
            return None if status not in {401, 403, 404} else f"refused ({status})"
        refusal = 403 if kind in SEES_CASE else 404
        return None if status == refusal else f"answered {status}, not {refusal}"
    refusal = 404 if rule.kind == "case" else 403
    if kind in rule.allowed:
        return None if status not in {401, 403, 404} else f"refused ({status})"
    return None if status == refusal else f"answered {status}, not {refusal}"


def test_every_url_is_classified() -> None:
    unnamed = [r.pattern for r in walk() if r.name is None and not r.is_admin]
    assert not unnamed, f"give these URLs a name: {unnamed}"
    unknown = sorted({r.name for r in walk() if r.name and not r.is_admin} - set(RULES))
    assert not unknown, f"add these URLs to the access matrix's RULES: {unknown}"
    gone = sorted(set(RULES) - {r.name for r in walk() if r.name})
    assert not gone, f"these URLs are no longer in the configuration: {gone}"


def _client_for(kind: str, world: World) -> Client:
    return Client() if kind == "anonymous" else signed_in(world[kind])


@pytest.mark.parametrize("kind", [*KINDS, "anonymous"])
def test_the_matrix(kind: str) -> None:
    world = build_world()
    client = _client_for(kind, world)
    wrong = []
    checked = 0
    for route in walk():
        if route.is_admin:
            continue
        rule = RULES[route.name or ""]
        url = url_of(route, world)
        for method in ("GET", "POST"):
            if method == "POST" and (route.name in NO_POST or rule.kind == "public"):
                continue
            status, location, cache_control = answer(client, method, url)
            checked += 1
            problem = verdict(rule, kind, status, location)
            if not problem and not kept_from_caches(cache_control):
                problem = f"may be cached (Cache-Control: {cache_control!r})"
            if problem:
                wrong.append(f"{method} {url} [{route.name}] {status} {location}: {problem}")
    assert checked > 40
    assert not wrong, f"{kind}:\n" + "\n".join(wrong)


# The admin checks one thing for every page (is the person staff?): every admin URL is asked
# by the application's most trusted non-staff people and by anonymous; its index by everyone.
ADMIN_EVERY_URL = ["anonymous", "administrator", "business_manager", "raiser"]


@pytest.mark.parametrize("kind", ADMIN_EVERY_URL)
def test_the_django_admin_is_for_staff_only(kind: str) -> None:
    world = build_world()
    client = _client_for(kind, world)
    wrong = []
    for route in walk():
        if not route.is_admin:
            continue
        url = url_of(route, world)
        status, location = request(client, "GET", url)
        if status == 200 or status >= 500:
            wrong.append(f"GET {url} [{route.name}] answered {status}")
        elif status == 302 and not location.startswith(("/admin/", "/sign-in/")):
            wrong.append(f"GET {url} [{route.name}] went to {location}")
    assert not wrong, f"{kind}:\n" + "\n".join(wrong)


def test_nobody_in_the_matrix_reaches_the_django_admin() -> None:
    world = build_world()
    for kind in [*KINDS, "anonymous"]:
        status, location = request(_client_for(kind, world), "GET", "/admin/")
        assert sent_to_sign_in(status, location), kind


def test_staff_reach_the_django_admin() -> None:
    staff = PersonFactory(agency=None, is_staff=True, is_superuser=True)
    assert signed_in(staff).get("/admin/").status_code == 200


def test_static_files_are_public() -> None:
    response = Client().get("/static/accord/css/accord.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")  # only pages are kept out
