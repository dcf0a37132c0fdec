"""A browser-like HTTP client that talks to gunicorn as the TLS proxy would
(`X-Forwarded-Proto: https`, production.py's proxy header), and the first administrator's way in.

Nothing here weakens production's settings: the cookies stay `Secure` and `__Host-`, HTTPS is
still required; the client is simply on the proxy's side of the connection.
"""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from tests.notifications.conftest import SmtpServer
from tests.signing_in import totp_code

from .installation import HOST, Installation, wait_for

ADMIN = "ada.admin@partnership.example"
PASSWORD = "correct horse battery staple 19"


@dataclass
class Response:
    status: int
    location: str  # the path of a redirect, or ""
    text: str


@dataclass
class Browser:
    """What a browser sends through the TLS proxy to gunicorn: Host, the proxy's headers, its
    cookies, and for a form the Origin and the CSRF token."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.7",
            "User-Agent": "accord-deploy-test",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("__Host-accord-csrf", ""), **form}
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            text = reply.read().decode("utf-8", "replace")
            for header in reply.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            location = reply.headers.get("Location", "")
        finally:
            connection.close()
        parts = urlsplit(location)
        assert not parts.netloc or parts.netloc == HOST, location
        path_only = parts._replace(scheme="", netloc="").geturl()
        return Response(reply.status, path_only, text)

    def _keep(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)  # deleted (Django leaves Secure off a deletion)
            else:
                assert morsel["secure"], f"{name} is not a Secure cookie"
                self.cookies[name] = morsel.value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self.request("POST", path, form)

    def follow(self, response: Response, limit: int = 10) -> tuple[str, Response]:
        """Follow redirects with GETs: the final path and its response."""
        path = ""
        while response.status in {301, 302, 303} and limit:
            path, limit = response.location, limit - 1
            response = self.get(path)
        return path, response


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(message.get_content_charset() or "utf-8")


def form_ok(response: Response, what: str) -> None:
    assert response.status == 302, f"{what}: {response.status}\n{response.text[:3000]}"


def first_administrator_signs_in(site: Installation, smtp: SmtpServer) -> Browser:
    """`accord partnership create` on the server; the invitation arrives by e-mail (through the
    worker); the administrator chooses a password, signs in and sets up an authenticator app:
    the browser returned is on a signed-in page."""
    out = site.run(
        "accord partnership create north-tyneside --name 'North Tyneside Partnership' "
        f"--jurisdiction ENG --short-name NTSCP --admin-email {ADMIN} --admin-name 'Ada Admin'"
    )
    assert "has been e-mailed a link to choose a password" in out
    invitation = wait_for(
        "the invitation e-mail",
        lambda: next((m for m in smtp.messages if m["To"] == ADMIN), None),
        timeout=90,  # the worker's start, on a busy machine
    )
    link = re.search(r"https://accord\.test(/\S+)", body_of(invitation))
    assert link is not None, body_of(invitation)

    browser = Browser(site.web_port)
    path, page = browser.follow(browser.get(link.group(1)))
    assert "password1" in page.text, page.text[:2000]
    form_ok(browser.post(path, {"password1": PASSWORD, "password2": PASSWORD}), "password")

    signed = browser.post("/sign-in/", {"login": ADMIN, "password": PASSWORD})
    form_ok(signed, "signing in")
    path, page = browser.follow(signed)
    assert path == "/two-factor/set-up/", path  # everyone sets up an authenticator app
    secret = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', page.text)
    assert secret is not None, page.text[:2000]
    activated = browser.post(path, {"code": totp_code(secret.group(1))})
    form_ok(activated, "setting up the authenticator")
    assert activated.location == "/two-factor/recovery-codes/"
    page = browser.get("/cases/")
    assert page.status == 200, page.text[:2000]
    assert "Sign out" in page.text
    return browser
